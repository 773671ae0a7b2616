import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Author } from '@confab/protocol';
import { hashToken } from '../secrets.js';
import { TRICKY_TEXTS } from '../test-support/texts.js';
import { MIGRATIONS, migrate } from './migrations.js';
import type { AppendResult } from './store.js';
import { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'confab-store-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function openStore(dataDir = tempDir(), options: Omit<SqliteStoreOptions, 'dataDir'> = {}): SqliteStore {
  const store = SqliteStore.open({ dataDir, ...options });
  cleanups.push(() => store.close());
  return store;
}

const VISITOR: Author = { role: 'visitor' };
const AGENT: Author = { role: 'agent', name: 'Mei' };
let clientIds = 0;
const nextId = () => `client-id-${String(++clientIds).padStart(6, '0')}`;

async function newConversation(store: SqliteStore, id = `conversation-${++clientIds}`, now = 1000) {
  return store.createConversation({ conversationId: id, tokenHash: hashToken(`token-of-${id}`), context: {}, now });
}

async function append(store: SqliteStore, conversationId: string, text: string, author: Author = VISITOR, clientId = nextId(), now = 2000) {
  return store.appendMessage({ conversationId, clientId, author, text, createdAt: now }, author.role === 'visitor' ? 'reopen' : 'reject');
}

describe('SqliteStore migrations', () => {
  it('numbers migrations 1, 2, 3… without gaps', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(MIGRATIONS.map((_, index) => index + 1));
    for (const migration of MIGRATIONS) expect(migration.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('applies each migration once, recorded in schema_migrations, and nothing on the next open', async () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const first = SqliteStore.open({ dataDir });
    expect(first.migrations).toEqual({ applied: MIGRATIONS.map((m) => m.version), version: MIGRATIONS.length });
    await first.close();
    const second = openStore(dataDir);
    expect(second.migrations).toEqual({ applied: [], version: MIGRATIONS.length });
    const db = new Database(second.path, { readonly: true });
    cleanups.push(() => void db.close());
    const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(rows).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
  });

  it('rolls back a failing migration as a whole and refuses a schema newer than it knows', () => {
    const db = new Database(':memory:');
    cleanups.push(() => void db.close());
    const broken = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); SELECT * FROM missing_table;' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(migrate(db).version).toBe(MIGRATIONS.length);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(99, 'from-the-future', 0);
    expect(() => migrate(db)).toThrow(/schema version 99, newer than this relay knows/);
  });

  it('opens in WAL mode with synchronous=FULL', () => {
    expect(openStore().durability()).toEqual({ journalMode: 'wal', synchronous: 'full' });
  });

  it('reports a data directory it cannot use as CONFAB_STORE_FAILED naming it', () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'not a directory');
    expect(() => SqliteStore.open({ dataDir: join(file, 'data') })).toThrow(
      expect.objectContaining({ code: 'CONFAB_STORE_FAILED', message: expect.stringContaining(`dataDir ${join(file, 'data')}`) }),
    );
  });
});

describe('SqliteStore conversations and messages', () => {
  it('keeps only the hash of a session token', async () => {
    const store = openStore();
    const token = 'V1StGXR8_Z5jdHi6B-myT';
    await store.createConversation({ conversationId: 'conv-0001', tokenHash: hashToken(token), context: { title: 'Kettle' }, now: 1 });
    expect((await store.findConversationBySession(hashToken(token)))?.id).toBe('conv-0001');
    expect(await store.findConversationBySession(hashToken('another-token-entirely'))).toBeUndefined();
    await store.close();
    expect(readFileSync(store.path).includes(Buffer.from(token))).toBe(false);
    expect(readFileSync(store.path).includes(Buffer.from(hashToken(token)))).toBe(true);
  });

  it('assigns seq 1, 2, 3… per conversation and is idempotent on the client id', async () => {
    const store = openStore();
    const a = await newConversation(store);
    const b = await newConversation(store);
    const first = await append(store, a.id, 'one', VISITOR, 'same-id-0001');
    expect(first).toMatchObject({ kind: 'stored', message: { seq: 1, id: 'same-id-0001' }, reopened: false });
    expect(await append(store, b.id, 'other conversation')).toMatchObject({ kind: 'stored', message: { seq: 1 } });
    const again = await append(store, a.id, 'different text', VISITOR, 'same-id-0001', 9999);
    expect(again).toMatchObject({ kind: 'duplicate', message: { seq: 1, text: 'one', createdAt: 2000 } });
    expect(await append(store, a.id, 'two', AGENT)).toMatchObject({ kind: 'stored', message: { seq: 2, author: AGENT } });
    const page = await store.listMessages(a.id, { limit: 10 });
    expect(page.messages.map((m) => [m.seq, m.text])).toEqual([
      [1, 'one'],
      [2, 'two'],
    ]);
    expect(await store.getConversation(a.id)).toMatchObject({ lastSeq: 2, unreadCount: 1, lastMessage: { seq: 2, text: 'two' } });
    expect(await append(store, 'no-such-conversation', 'x')).toEqual({ kind: 'missing' });
  });

  it('stores text exactly as given: CJK, emoji sequences, RTL with bidi marks, combining marks, astral characters, newlines', async () => {
    const store = openStore();
    const { id } = await newConversation(store);
    const texts = [...TRICKY_TEXTS, '\u200d\u2060'];
    for (const text of texts) await append(store, id, text);
    expect((await store.listMessages(id, { limit: 100 })).messages.map((m) => m.text)).toEqual(texts);
  });

  it('rejects agent messages to a closed conversation and lets a visitor message reopen it', async () => {
    const store = openStore();
    const { id } = await newConversation(store);
    await append(store, id, 'hi');
    expect(await store.setStatus(id, 'closed', 3000)).toMatchObject({ changed: true, conversation: { status: 'closed', updatedAt: 3000 } });
    expect(await store.setStatus(id, 'closed', 4000)).toMatchObject({ changed: false, conversation: { updatedAt: 3000 } });
    expect(await append(store, id, 'agent', AGENT)).toMatchObject({ kind: 'closed' });
    expect(await append(store, id, 'visitor again')).toMatchObject({ kind: 'stored', reopened: true, conversation: { status: 'open', lastSeq: 2 } });
  });

  it('pages messages after, before and newest', async () => {
    const store = openStore();
    const { id } = await newConversation(store);
    for (let i = 1; i <= 7; i++) await append(store, id, `m${i}`);
    const seqs = async (query: Parameters<SqliteStore['listMessages']>[1]) => {
      const page = await store.listMessages(id, query);
      return [page.messages.map((m) => m.seq), page.hasMore];
    };
    expect(await seqs({ limit: 3 })).toEqual([[5, 6, 7], true]);
    expect(await seqs({ before: 5, limit: 3 })).toEqual([[2, 3, 4], true]);
    expect(await seqs({ before: 2, limit: 3 })).toEqual([[1], false]);
    expect(await seqs({ after: 0, limit: 3 })).toEqual([[1, 2, 3], true]);
    expect(await seqs({ after: 5, limit: 3 })).toEqual([[6, 7], false]);
    expect(await seqs({ after: 2, before: 6, limit: 10 })).toEqual([[3, 4, 5], false]);
  });

  it('moves read positions forward only and never past the last message', async () => {
    const store = openStore();
    const { id } = await newConversation(store);
    await append(store, id, 'a');
    await append(store, id, 'b');
    expect(await store.markRead(id, 'agent', 50)).toMatchObject({ changed: true, conversation: { agentLastReadSeq: 2, unreadCount: 0 } });
    expect(await store.markRead(id, 'agent', 1)).toMatchObject({ changed: false, conversation: { agentLastReadSeq: 2 } });
    expect(await store.markRead(id, 'visitor', 1)).toMatchObject({ changed: true, conversation: { visitorLastReadSeq: 1 } });
    expect(await store.markRead('missing', 'visitor', 1)).toBeUndefined();
  });

  it('lists conversations with messages, newest activity first, without losing ties between pages', async () => {
    const store = openStore();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { id } = await newConversation(store, `conv-${i}`);
      ids.push(id);
      // conv-1, conv-2 and conv-3 share one activity time.
      await append(store, id, 'hello', VISITOR, nextId(), [1000, 2000, 2000, 2000, 3000][i]);
    }
    await newConversation(store, 'conv-empty');
    const first = await store.listConversations({ status: 'all', limit: 2 });
    expect(first.conversations.map((c) => c.id)).toEqual(['conv-4', 'conv-3', 'conv-2', 'conv-1']);
    expect(first.hasMore).toBe(true);
    const second = await store.listConversations({ status: 'all', limit: 2, before: first.conversations.at(-1)!.updatedAt });
    expect(second).toMatchObject({ conversations: [{ id: 'conv-0' }], hasMore: false });
    await store.setStatus('conv-0', 'closed', 500);
    expect((await store.listConversations({ status: 'closed', limit: 10 })).conversations.map((c) => c.id)).toEqual(['conv-0']);
    expect((await store.listConversations({ status: 'open', limit: 10 })).conversations).toHaveLength(4);
  });

  it('replaces the visitor context', async () => {
    const store = openStore();
    const { id } = await newConversation(store);
    const context = { url: 'https://shop.example/p/1', product: { name: 'Aster', price: '129.00' }, custom: { tier: 'gold' } };
    expect((await store.setContext(id, context))?.context).toEqual(context);
    expect(await store.setContext('missing', context)).toBeUndefined();
  });

  it('fails with CONFAB_STORE_FAILED once closed', async () => {
    const store = openStore();
    await store.close();
    await expect(store.getConversation('x')).rejects.toMatchObject({ code: 'CONFAB_STORE_FAILED' });
    await store.close();
  });
});

describe('SqliteStore group commit', () => {
  /** The seq of a stored or duplicate append. */
  const seqOf = (result: AppendResult) => (result.kind === 'stored' || result.kind === 'duplicate' ? result.message.seq : undefined);

  it('commits the writes called in one turn in one transaction, in call order, with gap-free seqs', async () => {
    const store = openStore();
    const a = await newConversation(store);
    const b = await newConversation(store);
    const before = store.writeStats();
    const writes = Array.from({ length: 40 }, (_, i) => append(store, i % 3 === 0 ? b.id : a.id, `m${i}`, i % 2 === 0 ? VISITOR : AGENT));
    const settled: number[] = [];
    writes.forEach((write, index) => void write.then(() => settled.push(index)));
    const results = await Promise.all(writes);
    expect(store.writeStats()).toEqual({ commits: before.commits + 1, writes: before.writes + 40, failedBatches: 0 });
    // Promises settle in call order, so acknowledgements and broadcasts follow seq order.
    expect(settled).toEqual(writes.map((_, index) => index));
    const seqsIn = (id: string) => results.filter((_, i) => (i % 3 === 0 ? b.id : a.id) === id).map(seqOf);
    expect(seqsIn(a.id)).toEqual(seqsIn(a.id).map((_, index) => index + 1));
    expect(seqsIn(b.id)).toEqual(seqsIn(b.id).map((_, index) => index + 1));
    expect((await store.listMessages(a.id, { limit: 100 })).messages.map((m) => m.text)).toEqual(
      results.flatMap((result, i) => ((i % 3 === 0 ? b.id : a.id) === a.id ? [`m${i}`] : [])),
    );
    expect(await store.getConversation(a.id)).toMatchObject({ lastSeq: 26, unreadCount: 13 });
  });

  it('splits a burst larger than maxBatchWrites over several commits, keeping call order', async () => {
    const store = openStore(tempDir(), { maxBatchWrites: 2 });
    const { id } = await newConversation(store);
    const before = store.writeStats();
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => append(store, id, `m${i}`)));
    expect(results.map(seqOf)).toEqual([1, 2, 3, 4, 5]);
    expect(store.writeStats()).toMatchObject({ commits: before.commits + 3, writes: before.writes + 5 });
    expect(() => SqliteStore.open({ dataDir: tempDir(), maxBatchWrites: 0 })).toThrow(expect.objectContaining({ code: 'CONFAB_CONFIG_INVALID' }));
  });

  it('stores a client id sent twice in one batch once', async () => {
    const store = openStore();
    const { id } = await newConversation(store);
    const [first, other, again] = await Promise.all([
      append(store, id, 'first text', VISITOR, 'twice-id-01'),
      append(store, id, 'another', VISITOR),
      append(store, id, 'second text', VISITOR, 'twice-id-01'),
    ]);
    expect(first).toMatchObject({ kind: 'stored', message: { seq: 1, text: 'first text' } });
    expect(other).toMatchObject({ kind: 'stored', message: { seq: 2 } });
    expect(again).toMatchObject({ kind: 'duplicate', message: { seq: 1, text: 'first text' } });
    expect((await store.listMessages(id, { limit: 10 })).messages.map((m) => m.id)).toEqual(['twice-id-01', other.kind === 'stored' ? other.message.id : '']);
  });

  it('fails every write of a failing batch with CONFAB_STORE_FAILED and stores none of them', async () => {
    const store = openStore();
    const { id } = await newConversation(store);
    await append(store, id, 'before');
    // A second connection adds a trigger that makes one insert fail half-way through a batch.
    const other = new Database(store.path);
    other.exec(`CREATE TRIGGER refuse_boom BEFORE INSERT ON messages WHEN NEW.text = 'boom' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    other.close();
    const batch = [append(store, id, 'one'), store.markRead(id, 'visitor', 1), append(store, id, 'boom'), append(store, id, 'three')];
    const outcomes = await Promise.allSettled(batch);
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({ status: 'rejected', reason: { code: 'CONFAB_STORE_FAILED' } });
    }
    expect((outcomes[0] as PromiseRejectedResult).reason.message).toMatch(/could not store a message \(.*injected failure.*\); none of the 4 write\(s\) in its batch was stored/);
    expect(store.writeStats().failedBatches).toBe(1);
    expect(await store.getConversation(id)).toMatchObject({ lastSeq: 1, visitorLastReadSeq: 0, unreadCount: 1 });
    expect((await store.listMessages(id, { limit: 10 })).messages.map((m) => m.text)).toEqual(['before']);
    // The next batch is independent of the failed one.
    expect(await append(store, id, 'after')).toMatchObject({ kind: 'stored', message: { seq: 2 } });
  });

  it('fails the batch when another process holds the write lock, then recovers', async () => {
    const store = openStore(tempDir(), { busyTimeoutMs: 20 });
    const { id } = await newConversation(store);
    const other = new Database(store.path);
    cleanups.push(() => void other.close());
    other.exec('BEGIN IMMEDIATE');
    const outcomes = await Promise.allSettled([append(store, id, 'a'), append(store, id, 'b')]);
    expect(outcomes.map((outcome) => outcome.status === 'rejected' && (outcome.reason as { code: string }).code)).toEqual([
      'CONFAB_STORE_FAILED',
      'CONFAB_STORE_FAILED',
    ]);
    other.exec('ROLLBACK');
    expect(seqOf(await append(store, id, 'a'))).toBe(1);
  });

  it('rolls back a write refused for its own reason alone, keeping the rest of its batch', async () => {
    const store = openStore();
    const { id } = await newConversation(store);
    await store.createQuickReply({ id: 'qr-000001', shortcut: 'hello', text: 'Hi', now: 1 });
    const [message, taken, created] = await Promise.allSettled([
      append(store, id, 'kept'),
      store.createQuickReply({ id: 'qr-000002', shortcut: 'HELLO', text: 'x', now: 2 }),
      store.createQuickReply({ id: 'qr-000003', shortcut: 'bye', text: 'Bye', now: 3 }),
    ]);
    expect(message).toMatchObject({ status: 'fulfilled', value: { kind: 'stored' } });
    expect(taken).toMatchObject({ status: 'rejected', reason: { code: 'CONFAB_REQUEST_INVALID' } });
    expect(created).toMatchObject({ status: 'fulfilled' });
    expect((await store.listQuickReplies()).map((q) => q.id)).toEqual(['qr-000003', 'qr-000001']);
  });

  it('commits queued writes when closed before their batch ran, and refuses writes afterwards', async () => {
    const dataDir = tempDir();
    const store = SqliteStore.open({ dataDir });
    const { id } = await newConversation(store);
    const pending = Array.from({ length: 5 }, (_, i) => append(store, id, `queued ${i}`));
    await store.close();
    expect((await Promise.all(pending)).map(seqOf)).toEqual([1, 2, 3, 4, 5]);
    await expect(append(store, id, 'too late')).rejects.toMatchObject({ code: 'CONFAB_STORE_FAILED' });
    const reopened = openStore(dataDir);
    expect((await reopened.listMessages(id, { limit: 10 })).messages).toHaveLength(5);
  });

  it('keeps a stored unread count that matches counting the messages (migration 2 fills it in)', async () => {
    const dataDir = tempDir();
    const db = new Database(join(dataDir, 'confab.sqlite'));
    migrate(db, MIGRATIONS.slice(0, 1));
    db.prepare(`INSERT INTO conversations (id, status, created_at, updated_at, last_seq, agent_last_read_seq) VALUES ('conv-old', 'open', 1, 1, 3, 1)`).run();
    const insert = db.prepare('INSERT INTO messages (conversation_id, seq, client_id, author_role, text, created_at) VALUES (?, ?, ?, ?, ?, 1)');
    insert.run('conv-old', 1, 'old-id-0001', 'visitor', 'a');
    insert.run('conv-old', 2, 'old-id-0002', 'visitor', 'b');
    insert.run('conv-old', 3, 'old-id-0003', 'agent', 'c');
    db.close();
    const store = openStore(dataDir);
    expect(store.migrations.applied).toEqual([2, 3, 4, 5, 6]);
    expect(await store.getConversation('conv-old')).toMatchObject({ unreadCount: 1 });
    await append(store, 'conv-old', 'd');
    await append(store, 'conv-old', 'e', AGENT);
    expect(await store.getConversation('conv-old')).toMatchObject({ lastSeq: 5, unreadCount: 2 });
    expect(await store.markRead('conv-old', 'agent', 4)).toMatchObject({ conversation: { unreadCount: 0 } });
    expect(await store.markRead('conv-old', 'visitor', 5)).toMatchObject({ conversation: { unreadCount: 0 } });
  });
});

describe('SqliteStore quick replies', () => {
  it('creates, lists by shortcut, updates and deletes; shortcuts are unique regardless of case', async () => {
    const store = openStore();
    await store.createQuickReply({ id: 'qr-000001', shortcut: 'shipping', text: 'Ships today', now: 1 });
    await store.createQuickReply({ id: 'qr-000002', shortcut: 'Hello', text: 'Hi!', now: 2 });
    expect((await store.listQuickReplies()).map((q) => q.shortcut)).toEqual(['Hello', 'shipping']);
    await expect(store.createQuickReply({ id: 'qr-000003', shortcut: 'SHIPPING', text: 'x', now: 3 })).rejects.toMatchObject({
      code: 'CONFAB_REQUEST_INVALID',
    });
    await expect(store.updateQuickReply('qr-000002', { shortcut: 'shipping', text: 'x', now: 4 })).rejects.toMatchObject({
      code: 'CONFAB_REQUEST_INVALID',
    });
    expect(await store.updateQuickReply('qr-000002', { shortcut: 'hi', text: '你好', now: 5 })).toEqual({
      id: 'qr-000002',
      shortcut: 'hi',
      text: '你好',
      updatedAt: 5,
    });
    expect(await store.updateQuickReply('qr-missing', { shortcut: 'x', text: 'y', now: 6 })).toBeUndefined();
    expect(await store.deleteQuickReply('qr-000001')).toBe(true);
    expect(await store.deleteQuickReply('qr-000001')).toBe(false);
    expect(await store.listQuickReplies()).toEqual([{ id: 'qr-000002', shortcut: 'hi', text: '你好', updatedAt: 5 }]);
  });
});
