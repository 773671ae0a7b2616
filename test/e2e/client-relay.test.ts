import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient, memoryStorage, type ChatClient, type TranscriptMessage } from '@confab/client';
import type { ChatMessage, TranscriptPage } from '@confab/protocol';
import { eventually, startRelay, type RunningRelay } from './support/relay.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(): Promise<{ relay: RunningRelay; proxy: TcpProxy; client: ChatClient; seen: Map<string, number> }> {
  const relay = await startRelay();
  cleanups.push(() => relay.remove());
  const proxy = await startTcpProxy(relay.port);
  cleanups.push(() => proxy.close());
  const client = createClient({
    url: `http://127.0.0.1:${proxy.port}`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    storage: memoryStorage(),
    backoff: { baseMs: 10, maxMs: 200 },
  });
  cleanups.push(() => client.close());
  const seen = new Map<string, number>();
  client.on('message', (message) => seen.set(message.id, (seen.get(message.id) ?? 0) + 1));
  await eventually('the first session', () => client.conversationId);
  return { relay, proxy, client, seen };
}

function textsBy(messages: readonly (TranscriptMessage | ChatMessage)[], role: string): string[] {
  return messages.filter((m) => m.author.role === role).map((m) => m.text);
}

describe('client SDK against the real relay', () => {
  it('delivers every message exactly once and in order while the socket is cut in both directions', async () => {
    const { relay, proxy, client, seen } = await setup();
    const conversationId = client.conversationId!;
    const rounds = 30;
    const sends: Promise<TranscriptMessage>[] = [];
    for (let i = 0; i < rounds; i++) {
      sends.push(client.send(`visitor ${i} 你好`));
      await relay.api('POST', `/v1/agent/conversations/${conversationId}/messages`, { text: `agent ${i} 您好` });
      // Cut the connection every few rounds, sometimes right after a send (ack in flight),
      // sometimes right after an agent reply (message in flight).
      if (i % 4 === 1 || i % 7 === 3) proxy.cutAll();
    }
    await Promise.all(sends);

    await eventually('all messages on the client', () => client.messages.length === rounds * 2);
    const messages = client.messages;
    expect(textsBy(messages, 'visitor')).toEqual(Array.from({ length: rounds }, (_, i) => `visitor ${i} 你好`));
    expect(textsBy(messages, 'agent')).toEqual(Array.from({ length: rounds }, (_, i) => `agent ${i} 您好`));
    expect(messages.map((m) => m.seq)).toEqual(Array.from({ length: rounds * 2 }, (_, i) => i + 1));
    expect(messages.every((m) => m.status === 'sent' || m.status === 'read')).toBe(true);
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
    expect(seen.size).toBe(rounds * 2);

    // The relay's own record agrees: one order, nothing doubled.
    const page = await relay.api<TranscriptPage>('GET', `/v1/agent/conversations/${conversationId}/messages?limit=100`);
    expect(page.messages.map((m) => [m.seq, m.id, m.text])).toEqual(messages.map((m) => [m.seq, m.id, m.text]));
  });

  it('sends messages written while offline once, when the network is back', async () => {
    const { relay, proxy, client, seen } = await setup();
    const conversationId = client.conversationId!;
    proxy.setBlocked(true);
    proxy.cutAll();
    await eventually('the client to notice the drop', () => client.state !== 'open');

    const pending = [client.send('written offline 1'), client.send('written offline 2')];
    expect(client.messages.map((m) => [m.text, m.status])).toEqual([
      ['written offline 1', 'pending'],
      ['written offline 2', 'pending'],
    ]);

    proxy.setBlocked(false);
    const acked = await Promise.all(pending);
    expect(acked.map((m) => m.seq)).toEqual([1, 2]);
    expect(client.conversationId).toBe(conversationId);
    expect(client.messages.map((m) => [m.text, m.status])).toEqual([
      ['written offline 1', 'sent'],
      ['written offline 2', 'sent'],
    ]);
    expect([...seen.values()]).toEqual([1, 1]);
    const page = await relay.api<TranscriptPage>('GET', `/v1/agent/conversations/${conversationId}/messages`);
    expect(page.messages.map((m) => m.text)).toEqual(['written offline 1', 'written offline 2']);
  });

  it('resumes the same conversation with the whole history after a reload (new client, same storage)', async () => {
    const relay = await startRelay();
    cleanups.push(() => relay.remove());
    const storage = memoryStorage();
    const open = () =>
      createClient({ url: relay.baseUrl, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket, storage });
    const first = open();
    await eventually('session', () => first.conversationId);
    await first.send('before reload');
    await relay.api('POST', `/v1/agent/conversations/${first.conversationId}/messages`, { text: 'reply while away' });
    await eventually('agent reply', () => first.messages.length === 2);
    first.close();

    const second = open();
    cleanups.push(() => second.close());
    await eventually('history after reload', () => second.messages.length === 2);
    expect(second.conversationId).toBe(first.conversationId);
    expect(second.messages.map((m) => [m.seq, m.author.role, m.text, m.isOwn])).toEqual([
      [1, 'visitor', 'before reload', true],
      [2, 'agent', 'reply while away', false],
    ]);
  });
});
