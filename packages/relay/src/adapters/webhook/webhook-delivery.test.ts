import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxDispatcher } from '../../outbox/outbox-dispatcher.js';
import { SqliteStore } from '../../store/sqlite-store.js';
import { eventually } from '../../test-support/relay.js';
import type { Delivery } from '../../store/store.js';
import { verifyWebhook } from '../standard-webhooks.js';
import { webhookDelivery, webhookPayload } from './webhook-delivery.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
/** A signal that never aborts: the relay keeps running. */
const LIVE = new AbortController().signal;
const NEXT_SECRET = 'whsec_bm90LWEtcmVhbC1zZWNyZXQtYnV0LWxvbmctZW5vdWdo';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A receiver on a real loopback port that answers each POST with `answer` and keeps what it got. */
async function receiver(answer: (request: Received, index: number) => { status: number; headers?: Record<string, string>; delayMs?: number }) {
  const received: Received[] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      const { status, headers = {}, delayMs = 0 } = answer(entry, received.length - 1);
      setTimeout(() => {
        if (!response.destroyed) response.writeHead(status, headers).end('{"ok":true}');
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  server.closeIdleConnections();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/confab`;
  return { url, received, server };
}

function delivery(overrides: Partial<Delivery> = {}): Delivery {
  return {
    deliveryId: 'msg_2Lh9Q3w7X5oYj1p0',
    adapter: 'webhook',
    conversationId: 'conv-1',
    event: { type: 'message', conversationId: 'conv-1', message: { id: 'm1', seq: 1, author: { role: 'visitor' }, text: '有货吗？ Is it in stock? 👍', createdAt: 1 } },
    state: 'pending',
    attempts: 0,
    nextAttemptAt: 0,
    lastError: undefined,
    createdAt: Date.UTC(2026, 11, 6, 12, 0, 0),
    ...overrides,
  };
}

describe('webhookDelivery', () => {
  it('POSTs the event as a Standard Webhooks payload, signed with every secret', async () => {
    const hook = await receiver(() => ({ status: 204 }));
    const target = webhookDelivery({ name: 'webhook', url: hook.url, secrets: [SECRET, NEXT_SECRET], timeoutMs: 2000 });
    expect(await target.attempt(delivery(), { signal: LIVE })).toEqual({ kind: 'delivered' });
    const [request] = hook.received;
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['webhook-id']).toBe('msg_2Lh9Q3w7X5oYj1p0');
    expect(JSON.parse(request!.body)).toEqual(webhookPayload(delivery()));
    expect(JSON.parse(request!.body)).toMatchObject({ type: 'message', timestamp: '2026-12-06T12:00:00.000Z', data: { conversationId: 'conv-1' } });
    // A receiver that knows only one of the secrets accepts it: rotation without downtime.
    expect(verifyWebhook({ headers: request!.headers, body: request!.body, secrets: [SECRET] })).toMatchObject({ id: 'msg_2Lh9Q3w7X5oYj1p0' });
    expect(verifyWebhook({ headers: request!.headers, body: request!.body, secrets: [NEXT_SECRET] })).toMatchObject({ id: 'msg_2Lh9Q3w7X5oYj1p0' });
    expect(() => verifyWebhook({ headers: request!.headers, body: request!.body.replace('stock', 'stack'), secrets: [SECRET] })).toThrow(
      expect.objectContaining({ code: 'CONFAB_SIGNATURE_INVALID' }),
    );
  });

  it('retries 5xx, 408 and 429 (with Retry-After), and refuses other statuses for good', async () => {
    const statuses = [503, 429, 408, 400, 410, 302];
    const hook = await receiver((_, index) => ({ status: statuses[index]!, ...(statuses[index] === 429 ? { headers: { 'retry-after': '7' } } : {}) }));
    const target = webhookDelivery({ name: 'webhook', url: hook.url, secrets: [SECRET], timeoutMs: 2000 });
    const outcomes = [];
    for (let i = 0; i < statuses.length; i++) outcomes.push(await target.attempt(delivery(), { signal: LIVE }));
    expect(outcomes).toEqual([
      { kind: 'retry', reason: 'HTTP 503' },
      { kind: 'retry', reason: 'HTTP 429', retryAfterMs: 7000 },
      { kind: 'retry', reason: 'HTTP 408' },
      { kind: 'rejected', reason: 'HTTP 400' },
      { kind: 'rejected', reason: 'HTTP 410' },
      { kind: 'rejected', reason: 'HTTP 302' },
    ]);
  });

  it('abandons an attempt slower than its timeout, and retries when the receiver is unreachable', async () => {
    const slow = await receiver(() => ({ status: 200, delayMs: 1500 }));
    const target = webhookDelivery({ name: 'webhook', url: slow.url, secrets: [SECRET], timeoutMs: 200 });
    const started = Date.now();
    expect(await target.attempt(delivery(), { signal: LIVE })).toEqual({ kind: 'retry', reason: 'no answer within 200 ms' });
    expect(Date.now() - started).toBeLessThan(1400);

    // Stopping the relay aborts an attempt at once instead of waiting out the timeout.
    const stopping = new AbortController();
    const patient = webhookDelivery({ name: 'webhook', url: slow.url, secrets: [SECRET], timeoutMs: 10_000 });
    setTimeout(() => stopping.abort(), 100);
    const abortedAt = Date.now();
    expect(await patient.attempt(delivery(), { signal: stopping.signal })).toEqual({ kind: 'retry', reason: 'stopped: the relay is shutting down' });
    expect(Date.now() - abortedAt).toBeLessThan(1000);

    const gone = await receiver(() => ({ status: 200 }));
    await new Promise<void>((resolve) => gone.server.close(() => resolve()));
    const unreachable = webhookDelivery({ name: 'webhook', url: gone.url, secrets: [SECRET], timeoutMs: 2000 });
    const outcome = await unreachable.attempt(delivery(), { signal: LIVE });
    expect(outcome).toMatchObject({ kind: 'retry' });
    expect(outcome.kind === 'retry' && outcome.reason).toMatch(/^could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/);
  });

  it('through the outbox: a receiver that fails, then answers, gets each event once per webhook-id, in order', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'confab-webhook-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const store = SqliteStore.open({ dataDir });
    cleanups.push(() => store.close());
    const hook = await receiver((_, index) => ({ status: index < 2 ? 502 : 200 }));
    await store.enqueueDeliveries(
      [0, 1, 2].map((n) => ({ adapter: 'webhook', conversationId: 'conv-1', event: { type: 'message', n } })),
      Date.now(),
    );
    const sender = webhookDelivery({ name: 'webhook', url: hook.url, secrets: [SECRET], timeoutMs: 2000 });
    const dispatcher = new OutboxDispatcher({
      store,
      target: { name: sender.name, attempt: (delivery, signal) => sender.attempt(delivery, { signal }) },
      log: { warn: () => {}, error: () => {} },
      policy: { baseDelayMs: 20, maxDelayMs: 100, maxAttempts: 10 },
    });
    dispatcher.start();
    cleanups.push(() => dispatcher.stop());
    await eventually('the outbox to empty', async () => (await store.nextDeliveryAt('webhook')) === undefined);
    expect(await store.nextDeliveryAt('webhook')).toBeUndefined();
    const ids = hook.received.map((request) => request.headers['webhook-id']);
    const ns = hook.received.map((request) => (JSON.parse(request.body) as { data: { n: number } }).data.n);
    // Two failed attempts at the first event (the same webhook-id each time), then one of each.
    expect(ns).toEqual([0, 0, 0, 1, 2]);
    expect(new Set(ids.slice(0, 3)).size).toBe(1);
    expect(new Set(ids).size).toBe(3);
    for (const request of hook.received) expect(() => verifyWebhook({ headers: request.headers, body: request.body, secrets: [SECRET] })).not.toThrow();
  });
});
