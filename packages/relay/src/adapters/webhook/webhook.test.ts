import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createId, type ChatMessage } from '@confab/protocol';
import { createRelay } from '../../app.js';
import { relayProcesses } from '../../test-support/relay-process.js';
import { eventually, startTestRelay, type TestRelay } from '../../test-support/relay.js';
import { sendMessage } from '../../test-support/socket.js';
import { signWebhook, verifyWebhook } from '../standard-webhooks.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const HELPDESK_SECRET = 'whsec_bm90LWEtcmVhbC1zZWNyZXQtYnV0LWxvbmctZW5vdWdo';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});
const processes = relayProcesses();

interface Hit {
  headers: IncomingMessage['headers'];
  body: string;
}

function typeOf(hit: Hit): string {
  return (JSON.parse(hit.body) as { type: string }).type;
}

/**
 * The helpdesk's webhook endpoint on a real port: answers each message POST with the next status
 * of `statuses` (then 200), and other events with 200. `hits` holds the message POSTs, `others` the rest.
 */
async function helpdesk(statuses: number[] = []) {
  const hits: Hit[] = [];
  const others: Hit[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const hit = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      if (typeOf(hit) !== 'message') {
        others.push(hit);
        return response.writeHead(200).end();
      }
      hits.push(hit);
      response.writeHead(statuses[hits.length - 1] ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/confab`, hits, others };
}

function adapterConfig(url: string) {
  return [{ type: 'webhook' as const, url, secrets: [SECRET], inboundSecrets: [HELPDESK_SECRET], timeoutMs: 2000 }];
}

/** A relay whose webhook adapter points at a fresh helpdesk, and one visitor connected to it. */
async function relayWithHelpdesk(statuses: number[] = []) {
  const desk = await helpdesk(statuses);
  const relay = await startTestRelay({ adapters: adapterConfig(desk.url) });
  cleanups.push(() => relay.close());
  return { desk, relay, visitor: await relay.visitor() };
}

function messageEvents(hits: Hit[]): { id: string; text: string; conversationId: string }[] {
  return hits.map((hit) => {
    const payload = JSON.parse(hit.body) as { type: string; data: { conversationId: string; message: ChatMessage } };
    expect(payload.type).toBe('message');
    return { id: String(hit.headers['webhook-id']), text: payload.data.message.text, conversationId: payload.data.conversationId };
  });
}

/** POSTs a callback the way the helpdesk does: signed with its secret (or `secret`), at `timestamp`. */
function postReply(relay: TestRelay, body: object, options: { id?: string; secret?: string; timestamp?: number; path?: string } = {}) {
  const text = JSON.stringify(body);
  const headers = signWebhook({
    id: options.id ?? `msg_${createId()}`,
    timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
    body: text,
    secrets: [options.secret ?? HELPDESK_SECRET],
  });
  return fetch(`${relay.baseUrl}/v1/adapters/webhook/${options.path ?? 'messages'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: text,
  });
}

describe('webhook adapter in the relay', () => {
  it("forwards each visitor message to the helpdesk, signed, and keeps retrying it until it is taken", async () => {
    const { desk, relay, visitor } = await relayWithHelpdesk([503, 502]);
    await sendMessage(visitor, createId(), 'Do you ship to Taipei? 寄台北吗？');
    await eventually('three attempts at the helpdesk', () => desk.hits.length >= 3);
    const events = messageEvents(desk.hits);
    expect(events.map((event) => event.text)).toEqual(Array(3).fill('Do you ship to Taipei? 寄台北吗？'));
    // One delivery: the same webhook-id on every attempt, so the helpdesk can drop repeats.
    expect(new Set(events.map((event) => event.id)).size).toBe(1);
    expect(events[0]!.conversationId).toBe(visitor.welcome.conversationId);
    for (const hit of desk.hits) expect(verifyWebhook({ headers: hit.headers, body: hit.body, secrets: [SECRET] }).id).toBe(events[0]!.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(desk.hits).toHaveLength(3);
    // The conversation's first message was announced once, before it.
    expect(desk.others.map((hit) => JSON.parse(hit.body))).toEqual([
      expect.objectContaining({ type: 'conversation-started', data: expect.objectContaining({ conversationId: visitor.welcome.conversationId }) }),
    ]);
  });

  it("shows the helpdesk's signed replies to the shopper once, and refuses unsigned, forged and stale ones", async () => {
    const { desk, relay, visitor } = await relayWithHelpdesk();
    const { conversationId } = visitor.welcome;
    const reply = { conversationId, text: 'Yes, we ship to Taipei in 3 days.', authorName: 'Mei' };
    const first = await postReply(relay, reply, { id: 'msg_helpdesk_0001' });
    expect(first.status).toBe(201);
    const stored = (await first.json()) as ChatMessage;
    expect(stored).toMatchObject({ seq: 1, text: reply.text, author: { role: 'agent', name: 'Mei' } });
    // The helpdesk retries the same delivery: the same message, not a second one.
    const again = await postReply(relay, reply, { id: 'msg_helpdesk_0001' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(stored);
    const shown = await visitor.socket.waitFor('message', (frame) => frame.message.text === reply.text);
    expect(shown.message.seq).toBe(1);

    const forged = await postReply(relay, { conversationId, text: 'Click this link' }, { secret: SECRET });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ code: 'CONFAB_SIGNATURE_INVALID' });
    const stale = await postReply(relay, { conversationId, text: 'Old news' }, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(stale.status).toBe(401);
    const unsigned = await fetch(`${relay.baseUrl}/v1/adapters/webhook/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId, text: 'Hi' }),
    });
    expect(unsigned.status).toBe(401);
    const unknown = await postReply(relay, { conversationId: 'no-such-conversation', text: 'Hi' });
    expect(unknown.status).toBe(404);
    const invalid = await postReply(relay, { conversationId, text: 42 });
    expect(await invalid.json()).toMatchObject({ statusCode: 400, code: 'CONFAB_REQUEST_INVALID' });

    const transcript = await relay.api<{ messages: ChatMessage[] }>('GET', `/v1/agent/conversations/${conversationId}/messages`);
    expect(transcript.body.messages.map((message) => message.text)).toEqual([reply.text]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(visitor.socket.received.filter((frame) => frame.type === 'message')).toHaveLength(1);
  });

  it("shows the helpdesk agent typing and closes the conversation on the helpdesk's signed callbacks", async () => {
    const { desk, relay, visitor } = await relayWithHelpdesk();
    const { conversationId } = visitor.welcome;
    expect((await postReply(relay, { conversationId, isTyping: true, authorName: 'Mei' }, { path: 'typing' })).status).toBe(204);
    expect(await visitor.socket.waitFor('typing')).toMatchObject({ isTyping: true, author: { role: 'agent', name: 'Mei' } });
    expect((await postReply(relay, { conversationId, isTyping: 'yes' }, { path: 'typing' })).status).toBe(400);
    expect((await postReply(relay, { conversationId, isTyping: true }, { path: 'typing', secret: SECRET })).status).toBe(401);

    const closed = await postReply(relay, { conversationId }, { path: 'close' });
    expect(closed.status).toBe(200);
    expect(await closed.json()).toMatchObject({ id: conversationId, status: 'closed' });
    expect(await visitor.socket.waitFor('status')).toMatchObject({ status: 'closed' });
    expect((await postReply(relay, { conversationId, isTyping: true }, { path: 'typing' })).status).toBe(409);
    expect((await postReply(relay, { conversationId, text: 'Anything else?' })).status).toBe(409);
    expect((await postReply(relay, { conversationId: 'no-such-conversation' }, { path: 'close' })).status).toBe(404);
    // The helpdesk asked for the close, so it is not told about it again (no echo)…
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(desk.others).toEqual([]);
    // …while a close by an agent on the relay's own API is delivered to it.
    const other = await relay.visitor();
    expect((await relay.api('POST', `/v1/agent/conversations/${other.welcome.conversationId}/close`)).status).toBe(200);
    await eventually('the close at the helpdesk', () => desk.others.length === 1);
    expect(JSON.parse(desk.others[0]!.body)).toMatchObject({ type: 'status', data: { conversationId: other.welcome.conversationId, status: 'closed' } });
  });

  it('dead-letters a delivery the helpdesk refuses, lists it on the agent API, and delivers it when replayed', async () => {
    const { desk, relay, visitor } = await relayWithHelpdesk([400]);
    await sendMessage(visitor, createId(), 'Where is my order #1042?');
    type Listed = { deliveries: { deliveryId: string; adapter: string; state: string; attempts: number; lastError: string }[] };
    const dead = await eventually('a dead delivery', async () => {
      const listed = (await relay.api<Listed>('GET', '/v1/agent/deliveries?state=dead')).body;
      return listed.deliveries.length > 0 ? listed : undefined;
    });
    expect(dead.deliveries).toEqual([expect.objectContaining({ adapter: 'webhook', state: 'dead', attempts: 1, lastError: 'HTTP 400' })]);
    expect((await relay.api<Listed>('GET', '/v1/agent/deliveries?state=pending')).body.deliveries).toEqual([]);
    expect((await relay.api('GET', '/healthz', { token: null })).body).toMatchObject({ status: 'ok', outbox: { pending: 0, dead: 1 } });
    expect((await relay.api('GET', '/v1/agent/deliveries?state=lost')).status).toBe(400);
    expect((await relay.api('GET', '/v1/agent/deliveries', { token: null })).status).toBe(401);

    const { deliveryId } = dead.deliveries[0]!;
    const replayed = await relay.api('POST', `/v1/agent/deliveries/${deliveryId}/replay`);
    expect(replayed).toMatchObject({ status: 200, body: { deliveryId, state: 'pending', attempts: 0 } });
    await eventually('the replayed delivery at the helpdesk', () => desk.hits.length === 2);
    expect(messageEvents(desk.hits).map((event) => event.id)).toEqual([deliveryId, deliveryId]);
    expect((await relay.api('POST', `/v1/agent/deliveries/${deliveryId}/replay`)).status).toBe(404);
    expect((await relay.api<Listed>('GET', '/v1/agent/deliveries?state=dead')).body.deliveries).toEqual([]);
    expect((await relay.api('GET', '/healthz', { token: null })).body).toMatchObject({ outbox: { pending: 0, dead: 0 } });
  });

  it('refuses bad adapter options at start-up, naming the option and never the secret', async () => {
    const attempts = [
      { config: [{ type: 'webhook', url: 'ftp://desk.example', secrets: [SECRET] }], says: 'adapters[0].url "ftp://desk.example" is not an http(s) URL' },
      { config: [{ type: 'webhook', url: 'https://desk.example', secrets: ['whsec_short'] }], says: 'adapters[0].secrets[0] is unusable' },
      { config: [{ type: 'zendesk' }], says: 'adapters[0].type "zendesk" is not an adapter type (known: webhook' },
      { config: [{ type: 'webhook', url: 'https://desk.example', secrets: [SECRET], retries: 3 }], says: 'adapters[0] has an unknown option "retries"' },
    ];
    for (const attempt of attempts) {
      const error = await createRelay({ logLevel: 'silent', adapters: attempt.config as never }).then(
        () => undefined,
        (failure: unknown) => failure as Error & { code: string },
      );
      expect(error?.code).toBe('CONFAB_CONFIG_INVALID');
      expect(error?.message).toContain(attempt.says);
      expect(error?.message).not.toContain('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    }
  });

  it('delivers what the outbox held when the relay was killed, once each, after the restart', async () => {
    let isUp = false;
    const hits: Hit[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const hit = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
        if (isUp && typeOf(hit) === 'message') hits.push(hit);
        response.writeHead(isUp ? 204 : 503).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/confab`;
    const adapters = JSON.stringify(adapterConfig(url));

    const dataDir = processes.tempDir();
    const first = await processes.start(dataDir, ['--adapters', adapters]);
    const socket = new WebSocket(`${first.wsUrl}/v1/ws`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.send(JSON.stringify({ type: 'hello', versions: [1] }));
    const texts = Array.from({ length: 10 }, (_, i) => `message ${i} while the helpdesk is down`);
    const acks: string[] = [];
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; id?: string };
      if (frame.type === 'welcome') for (const text of texts) socket.send(JSON.stringify({ type: 'message', id: createId(), text }));
      if (frame.type === 'ack') acks.push(frame.id!);
    });
    await eventually('every message acknowledged', () => acks.length === texts.length);
    first.process.child.kill('SIGKILL');
    expect((await first.process.exited).signal).toBe('SIGKILL');
    socket.terminate();

    isUp = true;
    await processes.start(dataDir, ['--adapters', adapters]);
    await eventually('every message at the helpdesk', () => hits.length >= texts.length, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const delivered = messageEvents(hits);
    expect(delivered.map((event) => event.text)).toEqual(texts);
    expect(new Set(delivered.map((event) => event.id)).size).toBe(texts.length);
  }, 60_000);
});
