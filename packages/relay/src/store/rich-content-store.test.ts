import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Attachment } from '@confab/protocol';
import { hashToken } from '../secrets.js';
import { MIGRATIONS, migrate } from './migrations.js';
import { SqliteStore } from './sqlite-store.js';
import type { Audience, Delivery } from './store.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'confab-rich-store-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function openStore(dataDir = tempDir()): SqliteStore {
  const store = SqliteStore.open({ dataDir });
  cleanups.push(() => store.close());
  return store;
}

const AUDIENCE: Audience = { observers: ['desk'], chain: [] };
const PHOTO: Attachment = { id: 'upload-photo-0001', name: 'kettle.png', type: 'image/png', size: 2048, url: '/v1/uploads/upload-photo-0001/kettle.png', width: 64, height: 48 };
const PRODUCT = { name: 'Kettle', sku: 'K-1', price: '49.00', currency: 'EUR', url: 'https://shop.example/kettle', image: 'https://shop.example/kettle.png' };
const BUTTON = { label: 'Track my order', url: 'https://shop.example/orders/42' };

async function conversationIn(store: SqliteStore, id = 'conversation-rich-1') {
  return store.createConversation({ conversationId: id, tokenHash: hashToken(`token-${id}`), context: {}, now: 1000 });
}

describe('SqliteStore rich messages', () => {
  it('stores attachments, product cards and link buttons and reads them back after a reopen', async () => {
    const dataDir = tempDir();
    const store = SqliteStore.open({ dataDir });
    await conversationIn(store);
    const visitor = await store.appendMessage(
      { conversationId: 'conversation-rich-1', clientId: 'message-visitor-1', author: { role: 'visitor' }, text: '', createdAt: 2000, attachments: [PHOTO] },
      'reopen',
    );
    expect(visitor).toMatchObject({ kind: 'stored', message: { text: '', attachments: [PHOTO] } });
    const agent = await store.appendMessage(
      {
        conversationId: 'conversation-rich-1',
        clientId: 'message-agent-01',
        author: { role: 'bot', name: 'Shop assistant' },
        text: 'This one?',
        createdAt: 3000,
        products: [PRODUCT],
        buttons: [BUTTON],
        quickReplies: ['Yes', 'No'],
      },
      'reject',
    );
    expect(agent).toMatchObject({ kind: 'stored', message: { products: [PRODUCT], buttons: [BUTTON], quickReplies: ['Yes', 'No'] } });
    // A resend of the same id is the first message, with its attachments, stored once.
    const again = await store.appendMessage(
      { conversationId: 'conversation-rich-1', clientId: 'message-visitor-1', author: { role: 'visitor' }, text: '', createdAt: 4000, attachments: [PHOTO] },
      'reopen',
    );
    expect(again).toMatchObject({ kind: 'duplicate', message: { seq: 1, attachments: [PHOTO] } });
    await store.close();

    const reopened = openStore(dataDir);
    const page = await reopened.listMessages('conversation-rich-1', { limit: 10 });
    expect(page.messages).toEqual([
      { id: 'message-visitor-1', seq: 1, author: { role: 'visitor' }, text: '', createdAt: 2000, attachments: [PHOTO] },
      {
        id: 'message-agent-01',
        seq: 2,
        author: { role: 'bot', name: 'Shop assistant' },
        text: 'This one?',
        createdAt: 3000,
        quickReplies: ['Yes', 'No'],
        products: [PRODUCT],
        buttons: [BUTTON],
      },
    ]);
    expect((await reopened.getConversation('conversation-rich-1'))?.lastMessage).toEqual(page.messages[1]);
  });

  it('puts the new fields in the message delivery of the outbox', async () => {
    const store = openStore();
    await conversationIn(store);
    await store.appendMessage(
      { conversationId: 'conversation-rich-1', clientId: 'message-visitor-1', author: { role: 'visitor' }, text: 'photo', createdAt: 2000, attachments: [PHOTO], audience: AUDIENCE },
      'reopen',
    );
    const deliveries = await store.dueDeliveries('desk', 10_000, 10);
    expect(deliveries.map((delivery: Delivery) => delivery.event.type)).toEqual(['conversation-started']);
    await store.settleDelivery(deliveries[0]!.deliveryId, { kind: 'delivered' });
    const [message] = await store.dueDeliveries('desk', 10_000, 10);
    expect(message?.event).toMatchObject({ type: 'message', message: { text: 'photo', attachments: [PHOTO] } });
  });
});

describe('SqliteStore identity and profile', () => {
  it('stores an identity with an identity delivery, once per change', async () => {
    const store = openStore();
    await conversationIn(store);
    const identity = { userId: 'user-42', name: 'Ana', email: 'ana@example.com', isVerified: true };
    expect((await store.setIdentity('conversation-rich-1', identity, 2000, AUDIENCE))?.identity).toEqual(identity);
    expect((await store.setIdentity('conversation-rich-1', identity, 2100, AUDIENCE))?.identity).toEqual(identity);
    expect((await store.getConversation('conversation-rich-1'))?.identity).toEqual(identity);
    const deliveries = await store.dueDeliveries('desk', 10_000, 10);
    expect(deliveries.map((delivery) => delivery.event)).toEqual([{ type: 'identity', conversationId: 'conversation-rich-1', identity }]);
    expect(await store.setIdentity('no-such-conversation', identity, 2000, AUDIENCE)).toBeUndefined();
  });

  it('stores a profile and its email, with profile and contact deliveries', async () => {
    const store = openStore();
    await conversationIn(store);
    const profile = { name: 'Ana', email: 'ana@example.com', order: 'A-1001' };
    const record = await store.setProfile('conversation-rich-1', profile, 'ana@example.com', 2000, AUDIENCE);
    expect(record).toMatchObject({ profile, email: 'ana@example.com' });
    expect(await store.getConversation('conversation-rich-1')).toMatchObject({ profile, email: 'ana@example.com' });
    const events = [];
    for (;;) {
      const [next] = await store.dueDeliveries('desk', 10_000, 1);
      if (!next) break;
      events.push(next.event);
      await store.settleDelivery(next.deliveryId, { kind: 'delivered' });
    }
    expect(events).toEqual([
      { type: 'profile', conversationId: 'conversation-rich-1', profile },
      { type: 'contact', conversationId: 'conversation-rich-1', email: 'ana@example.com' },
    ]);
  });
});

describe('migration 5', () => {
  it('adds the columns to a database of schema 4 and keeps its messages', async () => {
    const dataDir = tempDir();
    const db = new Database(join(dataDir, 'confab.sqlite'));
    migrate(db, MIGRATIONS.filter((migration) => migration.version <= 4));
    db.prepare(`INSERT INTO conversations (id, status, created_at, updated_at, last_seq) VALUES ('old-conversation', 'open', 1, 1, 1)`).run();
    db.prepare(
      `INSERT INTO messages (conversation_id, seq, client_id, author_role, text, created_at) VALUES ('old-conversation', 1, 'old-message-1', 'visitor', 'hello', 1)`,
    ).run();
    db.close();
    const store = openStore(dataDir);
    expect(store.migrations.applied).toEqual([5, 6]);
    expect(store.schemaVersion()).toBe(6);
    expect((await store.listMessages('old-conversation', { limit: 10 })).messages).toEqual([
      { id: 'old-message-1', seq: 1, author: { role: 'visitor' }, text: 'hello', createdAt: 1 },
    ]);
    const conversation = await store.getConversation('old-conversation');
    expect(conversation?.identity).toBeUndefined();
    expect(conversation?.profile).toBeUndefined();
  });
});

describe('SqliteStore sent uploads', () => {
  it('tells which upload ids stored messages carry, after a reopen too', async () => {
    const dataDir = tempDir();
    const store = SqliteStore.open({ dataDir });
    await conversationIn(store);
    const NOTE: Attachment = { ...PHOTO, id: 'upload-note-00002', name: 'note.txt', type: 'text/plain', url: '/v1/uploads/upload-note-00002/note.txt' };
    await store.appendMessage({ conversationId: 'conversation-rich-1', clientId: 'message-visitor-1', author: { role: 'visitor' }, text: '', createdAt: 2000, attachments: [PHOTO] }, 'reopen');
    // Asked before the next append has committed: the lookup waits for it.
    const appending = store.appendMessage({ conversationId: 'conversation-rich-1', clientId: 'message-agent-01', author: { role: 'agent' }, text: 'x', createdAt: 3000, attachments: [NOTE] }, 'reject');
    const sent = store.findSentUploads([PHOTO.id, NOTE.id, 'upload-never-sent']);
    await appending;
    expect(await sent).toEqual(new Set([PHOTO.id, NOTE.id]));
    expect(await store.findSentUploads([])).toEqual(new Set());
    await store.close();
    const reopened = openStore(dataDir);
    expect(await reopened.findSentUploads(['upload-never-sent', NOTE.id])).toEqual(new Set([NOTE.id]));
  });
});

describe('migration 6', () => {
  it('records the uploads that messages of a schema 5 database carry', async () => {
    const dataDir = tempDir();
    const db = new Database(join(dataDir, 'confab.sqlite'));
    migrate(db, MIGRATIONS.filter((migration) => migration.version <= 5));
    db.prepare(`INSERT INTO conversations (id, status, created_at, updated_at, last_seq) VALUES ('old-conversation', 'open', 1, 1, 2)`).run();
    const insert = db.prepare(`INSERT INTO messages (conversation_id, seq, client_id, author_role, text, created_at, attachments) VALUES ('old-conversation', ?, ?, 'visitor', '', 1, ?)`);
    insert.run(1, 'old-message-1', JSON.stringify([PHOTO, { ...PHOTO, id: 'upload-second-01' }]));
    insert.run(2, 'old-message-2', null);
    db.close();
    const store = openStore(dataDir);
    expect(store.migrations.applied).toEqual([6]);
    expect(await store.findSentUploads([PHOTO.id, 'upload-second-01', 'upload-other-001'])).toEqual(new Set([PHOTO.id, 'upload-second-01']));
  });
});
