import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createId } from '@confab/protocol';
import { SqliteStore } from '../store/sqlite-store.js';
import type { Delivery, NewDelivery } from '../store/store.js';
import { OutboxDispatcher, type DeliveryTarget } from './outbox-dispatcher.js';
import type { AttemptOutcome } from './retry-policy.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** Retries `check` until its expectations hold, for at most 10 s. */
const eventually = (check: () => void | Promise<void>) => vi.waitFor(check, { timeout: 10_000, interval: 20 });

const FAST = { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 4 };
const quietLog = { warn: () => {}, error: () => {} };

function openStore(dataDir = mkdtempSync(join(tmpdir(), 'confab-outbox-'))): { store: SqliteStore; dataDir: string } {
  const store = SqliteStore.open({ dataDir });
  cleanups.push(() => store.close());
  return { store, dataDir };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'confab-outbox-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A backend that records every attempt and answers with `decide`. */
function recordingTarget(decide: (delivery: Delivery, attempt: number) => AttemptOutcome | Promise<AttemptOutcome>) {
  const attempts: { key: string; at: number; attempt: number }[] = [];
  const delivered: string[] = [];
  const target: DeliveryTarget = {
    name: 'test',
    async attempt(delivery) {
      const key = `${delivery.conversationId}:${String(delivery.event['n'])}`;
      attempts.push({ key, at: Date.now(), attempt: delivery.attempts + 1 });
      const outcome = await decide(delivery, delivery.attempts + 1);
      if (outcome.kind === 'delivered') delivered.push(key);
      return outcome;
    },
  };
  return { target, attempts, delivered };
}

function events(conversationId: string, count: number, adapter = 'test'): NewDelivery[] {
  return Array.from({ length: count }, (_, n) => ({ adapter, conversationId, event: { type: 'message', n } }));
}

function start(dispatcher: OutboxDispatcher): OutboxDispatcher {
  dispatcher.start();
  cleanups.push(() => dispatcher.stop());
  return dispatcher;
}

describe('OutboxDispatcher', () => {
  it('delivers each delivery once, in order within a conversation, without a failing conversation holding up the others', async () => {
    const { store } = openStore(tempDir());
    await store.enqueueDeliveries([...events('a', 5), ...events('b', 5), ...events('c', 5)], Date.now());
    const { target, attempts, delivered } = recordingTarget((delivery, attempt) =>
      delivery.conversationId === 'a' && delivery.event['n'] === 1 && attempt < 3 ? { kind: 'retry', reason: 'HTTP 503' } : { kind: 'delivered' },
    );
    // Longest jitter: a's retries wait about 100 and 200 ms, far longer than b and c need.
    start(new OutboxDispatcher({ store, target, log: quietLog, policy: { ...FAST, baseDelayMs: 100 }, random: () => 0.999 }));
    await eventually(() => expect(delivered).toHaveLength(15));
    for (const conversation of ['a', 'b', 'c']) {
      expect(delivered.filter((key) => key.startsWith(`${conversation}:`))).toEqual([0, 1, 2, 3, 4].map((n) => `${conversation}:${n}`));
    }
    // a:1 was tried three times; nothing after it in "a" was tried before it went through.
    expect(attempts.filter((entry) => entry.key === 'a:1').map((entry) => entry.attempt)).toEqual([1, 2, 3]);
    const lastTryOfA1 = attempts.findLastIndex((entry) => entry.key === 'a:1');
    expect(attempts.findIndex((entry) => entry.key === 'a:2')).toBeGreaterThan(lastTryOfA1);
    // b and c were done while a waited for its retries.
    expect(delivered.indexOf('c:4')).toBeLessThan(delivered.indexOf('a:2'));
    // The last outcome is written just after the target returned it.
    await eventually(async () => expect(await store.nextDeliveryAt('test')).toBeUndefined());
  });

  it("waits as long as the backend's Retry-After asks", async () => {
    const { store } = openStore(tempDir());
    await store.enqueueDeliveries(events('a', 1), Date.now());
    const { target, attempts, delivered } = recordingTarget((_, attempt) =>
      attempt === 1 ? { kind: 'retry', reason: 'HTTP 429', retryAfterMs: 400 } : { kind: 'delivered' },
    );
    start(new OutboxDispatcher({ store, target, log: quietLog, policy: { ...FAST, maxDelayMs: 5000 } }));
    await eventually(() => expect(delivered).toEqual(['a:0']));
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(390);
  });

  it('dead-letters after the retry budget or a refusal, lets the conversation go on, and delivers a replayed one', async () => {
    const { store } = openStore(tempDir());
    await store.enqueueDeliveries([...events('a', 3), ...events('b', 1)], Date.now());
    let isDown = true;
    const { target, attempts, delivered } = recordingTarget((delivery) => {
      if (delivery.conversationId === 'b') return { kind: 'rejected', reason: 'HTTP 400' };
      return delivery.event['n'] === 0 && isDown ? { kind: 'retry', reason: 'HTTP 502' } : { kind: 'delivered' };
    });
    const dispatcher = start(new OutboxDispatcher({ store, target, log: quietLog, policy: FAST }));
    await eventually(() => expect(delivered).toEqual(['a:1', 'a:2']));
    expect(attempts.filter((entry) => entry.key === 'a:0')).toHaveLength(FAST.maxAttempts);
    const dead = await store.listDeliveries({ state: 'dead', limit: 10 });
    expect(dead.map((delivery) => [delivery.conversationId, delivery.event['n'], delivery.attempts, delivery.lastError])).toEqual([
      ['a', 0, 4, 'HTTP 502; gave up after 4 attempts'],
      ['b', 0, 1, 'HTTP 400'],
    ]);
    isDown = false;
    const replayed = await store.replayDelivery(dead[0]!.deliveryId, Date.now());
    expect(replayed).toMatchObject({ state: 'pending', attempts: 0 });
    expect(await store.replayDelivery(dead[0]!.deliveryId, Date.now())).toBeUndefined();
    dispatcher.wake();
    await eventually(() => expect(delivered).toEqual(['a:1', 'a:2', 'a:0']));
    expect(await store.listDeliveries({ state: 'dead', limit: 10 })).toHaveLength(1);
  });

  it('delivers what an earlier run left in the outbox after a restart, each once and in order', async () => {
    const dataDir = tempDir();
    const first = SqliteStore.open({ dataDir });
    await first.enqueueDeliveries([...events('a', 10), ...events('b', 10)], Date.now());
    const down = recordingTarget(() => ({ kind: 'retry', reason: 'connect ECONNREFUSED' }));
    const before = new OutboxDispatcher({ store: first, target: down.target, log: quietLog, policy: { ...FAST, maxAttempts: 100 } });
    before.start();
    await eventually(() => expect(down.attempts.length).toBeGreaterThanOrEqual(4));
    await before.stop();
    await first.close();

    const { store } = openStore(dataDir);
    const up = recordingTarget(() => ({ kind: 'delivered' }));
    start(new OutboxDispatcher({ store, target: up.target, log: quietLog, policy: FAST }));
    await eventually(() => expect(up.delivered).toHaveLength(20));
    for (const conversation of ['a', 'b']) {
      expect(up.delivered.filter((key) => key.startsWith(`${conversation}:`))).toEqual(Array.from({ length: 10 }, (_, n) => `${conversation}:${n}`));
    }
    expect(new Set(up.delivered).size).toBe(20);
  });

  it('aborts a slow attempt when stopped, without recording it, so it is made again later', async () => {
    const { store } = openStore(tempDir());
    await store.enqueueDeliveries(events('a', 1), Date.now());
    let started = false;
    const target: DeliveryTarget = {
      name: 'test',
      attempt: (_delivery, signal) =>
        new Promise((resolve) => {
          started = true;
          // A backend that never answers: only the abort ends the attempt.
          signal.addEventListener('abort', () => resolve({ kind: 'retry', reason: 'aborted' }));
        }),
    };
    const dispatcher = new OutboxDispatcher({ store, target, log: quietLog, policy: FAST });
    dispatcher.start();
    await eventually(() => expect(started).toBe(true));
    const stoppedAt = Date.now();
    await dispatcher.stop();
    expect(Date.now() - stoppedAt).toBeLessThan(1000);
    expect(await store.listDeliveries({ state: 'pending', limit: 10 })).toEqual([expect.objectContaining({ attempts: 0, lastError: undefined })]);
  });

  it('counts a thrown attempt as a retryable failure and keeps another adapter apart', async () => {
    const { store } = openStore(tempDir());
    await store.enqueueDeliveries([...events('a', 1), ...events('a', 1, 'other')], Date.now());
    const { target, delivered } = recordingTarget((_, attempt) => {
      if (attempt === 1) throw new Error('socket hang up');
      return { kind: 'delivered' };
    });
    start(new OutboxDispatcher({ store, target, log: quietLog, policy: FAST }));
    await eventually(() => expect(delivered).toEqual(['a:0']));
    expect((await store.listDeliveries({ state: 'pending', limit: 10 })).map((delivery) => delivery.adapter)).toEqual(['other']);
  });
});

describe('the outbox in the store', () => {
  it("writes a message's deliveries in the message's transaction: both or neither, and none for a resend", async () => {
    const { store, dataDir } = openStore(tempDir());
    const context = { url: 'https://shop.example/p/linen-shirt', title: 'Linen shirt', locale: 'zh-CN' };
    const conversation = await store.createConversation({ conversationId: createId(), tokenHash: createId(), context, now: Date.now() });
    const append = (clientId: string, text: string) =>
      store.appendMessage(
        { conversationId: conversation.id, clientId, author: { role: 'visitor' }, text, createdAt: Date.now(), audience: { observers: ['webhook', 'console'], chain: [] } },
        'reopen',
      );
    const id = createId();
    const stored = await append(id, 'Is it in stock?');
    expect(stored.kind).toBe('stored');
    expect((await append(id, 'Is it in stock?')).kind).toBe('duplicate');
    const pending = await store.listDeliveries({ state: 'pending', limit: 10 });
    const started = { type: 'conversation-started', conversationId: conversation.id, context };
    const message = { type: 'message', conversationId: conversation.id, message: stored.kind === 'stored' ? stored.message : undefined, context };
    // The first message of a conversation is announced by a conversation-started event before it.
    expect(pending.map((delivery) => [delivery.adapter, delivery.event])).toEqual([
      ['webhook', started],
      ['webhook', message],
      ['console', started],
      ['console', message],
    ]);
    expect(new Set(pending.map((delivery) => delivery.deliveryId)).size).toBe(4);

    // A failing batch stores neither the message nor its deliveries.
    const db = new Database(join(dataDir, 'confab.sqlite'));
    db.exec(`CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox WHEN NEW.event LIKE '%doomed%' BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END`);
    db.close();
    await expect(append(createId(), 'doomed')).rejects.toMatchObject({ code: 'CONFAB_STORE_FAILED' });
    expect((await store.listMessages(conversation.id, { limit: 10 })).messages.map((message) => message.text)).toEqual(['Is it in stock?']);
    expect(await store.listDeliveries({ state: 'pending', limit: 10 })).toHaveLength(4);
  });
});
