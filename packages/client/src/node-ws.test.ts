import { ConfabError, DEFAULT_LIMITS, createId, decodeClientMessage, type ChatMessage } from '@confab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createClient, type ChatClient } from './chat-client.js';
import { memoryStorage } from './storage.js';

/** A minimal relay on a real port: handshake, resume, idempotent store, ack, broadcast. */
async function startMiniRelay() {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', path: '/v1/ws' });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const token = createId();
  const conversationId = createId();
  const log: ChatMessage[] = [];
  const live = new Set<WebSocket>();
  const closeCodes: number[] = [];
  const send = (socket: WebSocket, frame: object) => socket.send(JSON.stringify(frame));
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      const frame = decodeClientMessage(data.toString());
      if (frame.type === 'hello') {
        const resumed = frame.token === token;
        send(socket, { type: 'welcome', version: 1, token, conversationId, resumed, lastSeq: log.length, status: 'open', limits: DEFAULT_LIMITS, heartbeatMs: 25_000 });
        for (const message of log) if (message.seq > (resumed ? (frame.lastSeq ?? 0) : 0)) send(socket, { type: 'message', message });
        live.add(socket);
      } else if (frame.type === 'message') {
        let message = log.find((stored) => stored.id === frame.id);
        if (!message) {
          message = { id: frame.id, seq: log.length + 1, author: { role: 'visitor' }, text: frame.text, createdAt: Date.now() };
          log.push(message);
        }
        send(socket, { type: 'ack', id: message.id, seq: message.seq, createdAt: message.createdAt });
      }
    });
    socket.on('close', (code) => {
      live.delete(socket);
      closeCodes.push(code);
    });
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    closeCodes,
    agentSays(text: string) {
      const message: ChatMessage = { id: createId(), seq: log.length + 1, author: { role: 'agent' }, text, createdAt: Date.now() };
      log.push(message);
      for (const socket of live) send(socket, { type: 'message', message });
    },
    cutAll() {
      for (const socket of live) socket.terminate();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Resolves once `check` holds for the client, re-checking on every event. */
function until(client: ChatClient, check: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('condition not met within 5 s')), 5_000);
    const offs = (['state', 'message', 'delivery'] as const).map((event) =>
      client.on(event, () => {
        if (!check()) return;
        clearTimeout(timer);
        for (const off of offs) off();
        resolve();
      }),
    );
  });
}

describe('ChatClient on Node with the ws package', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('chats, survives a cut connection and resumes without gaps or duplicates', async () => {
    const relay = await startMiniRelay();
    cleanups.push(relay.close);
    const client = createClient({ url: relay.url, WebSocket, storage: memoryStorage(), backoff: { baseMs: 20, maxMs: 100 } });
    cleanups.push(() => client.close());
    const seen: string[] = [];
    client.on('message', (message) => seen.push(message.text));
    await until(client, () => client.state === 'open');

    expect(await client.send('Is the kettle in stock?')).toMatchObject({ seq: 1, status: 'sent' });
    relay.agentSays('Yes, ships tomorrow.');
    await until(client, () => client.messages.length === 2);

    relay.cutAll();
    relay.agentSays('Anything else?');
    const offline = client.send('Great, thanks!');
    await until(client, () => client.messages.length === 4 && client.messages.every((message) => message.status === 'sent'));
    await offline;

    expect(relay.log.map((message) => message.text)).toEqual(['Is the kettle in stock?', 'Yes, ships tomorrow.', 'Anything else?', 'Great, thanks!']);
    expect(client.messages.map((message) => message.seq)).toEqual([1, 2, 3, 4]);
    // Each message announced once; the offline one when it was written, before the reply it missed.
    expect(seen).toEqual(['Is the kettle in stock?', 'Yes, ships tomorrow.', 'Great, thanks!', 'Anything else?']);
  });

  it('closes with 1000 and rejects later calls', async () => {
    const relay = await startMiniRelay();
    cleanups.push(relay.close);
    const client = createClient({ url: relay.url, WebSocket, storage: memoryStorage() });
    await until(client, () => client.state === 'open');
    client.close();
    await expect(client.send('late')).rejects.toThrow(ConfabError);
    expect(client.state).toBe('closed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(relay.closeCodes).toEqual([1000]);
  });
});
