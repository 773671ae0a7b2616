import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createId, type Attachment } from '@confab/protocol';
import { hashToken } from '../secrets.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { LocalDiskStorage } from './local-disk-storage.js';
import { S3Storage } from './s3-storage.js';
import { startFakeS3Server, type FakeS3Server } from './test-support/fake-s3-server.js';
import { text } from './test-support/sample-files.js';
import { UnsentUploadSweeper, sweepIntervalMs, type SweepLog } from './unsent-upload-sweeper.js';
import { DEFAULT_UPLOAD_TYPES, UploadService } from './upload-service.js';
import type { StoredUploadEntry, StoredUploadMeta, UploadStorage } from './upload-storage.js';

const RETENTION_MINUTES = 60;
const RETENTION_MS = RETENTION_MINUTES * 60_000;
const credentials = { accessKeyId: 'AKIDTESTCONFAB', secretAccessKey: 'test-secret-key-not-real', region: 'eu-central-1' };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** A log that keeps what it is told, so a test stays silent and can check the warnings. */
function collectingLog(): SweepLog & { warnings: { details: object; message: string }[] } {
  const warnings: { details: object; message: string }[] = [];
  return { warnings, info: () => {}, warn: (details, message) => warnings.push({ details, message }) };
}

interface Fixture {
  store: SqliteStore;
  service: UploadService;
  conversationId: string;
  log: ReturnType<typeof collectingLog>;
  /** The injected relay clock the sweep reads. */
  clock: { now: number };
  upload(name: string): Promise<Attachment>;
  /** Stores a visitor message carrying these attachments. */
  send(...attachments: Attachment[]): Promise<void>;
  sweeper(options?: { maxRemovalsPerSweep?: number }): UnsentUploadSweeper;
}

/** A real SQLite store with one conversation, and an upload service on `storage` with an injected clock. */
async function fixture(storage: UploadStorage): Promise<Fixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'confab-sweeper-'));
  const store = SqliteStore.open({ dataDir });
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  cleanups.push(() => store.close());
  const clock = { now: Date.now() };
  const conversationId = createId();
  await store.createConversation({ conversationId, tokenHash: hashToken(createId()), context: {}, now: clock.now });
  const service = new UploadService({ storage, maxBytes: 1024, types: DEFAULT_UPLOAD_TYPES, unsentRetentionMinutes: RETENTION_MINUTES, now: () => clock.now });
  const log = collectingLog();
  let messages = 0;
  return {
    store,
    service,
    conversationId,
    log,
    clock,
    upload: (name) => service.save({ conversationId, name, bytes: text(`content of ${name}`) }),
    async send(...attachments) {
      const result = await store.appendMessage(
        { conversationId, clientId: `message-${++messages}-${createId()}`, author: { role: 'visitor' }, text: '', createdAt: clock.now, attachments },
        'reopen',
      );
      expect(result.kind).toBe('stored');
    },
    sweeper: (options = {}) =>
      new UnsentUploadSweeper({ storage, sent: store, retentionMs: RETENTION_MS, log, now: () => clock.now, ...options }),
  };
}

function localDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'confab-sweeper-uploads-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Backdates a file, as if it had been written `ms` before `now`. */
function backdate(path: string, now: number, ms: number): void {
  const seconds = (now - ms) / 1000;
  utimesSync(path, seconds, seconds);
}

async function fakeS3(): Promise<{ server: FakeS3Server; storage: S3Storage }> {
  const server = await startFakeS3Server(credentials);
  cleanups.push(() => server.close());
  const storage = new S3Storage({ endpoint: server.endpoint, bucket: 'shop-uploads', forcePathStyle: true, prefix: 'confab/', ...credentials });
  return { server, storage };
}

describe('UnsentUploadSweeper on the local disk', () => {
  it('removes an unsent upload older than the retention, bytes and metadata, and keeps sent and young ones', async () => {
    const dir = localDir();
    const { clock, upload, send, sweeper } = await fixture(new LocalDiskStorage(dir));
    const sent = await upload('sent.txt');
    const unsent = await upload('removed-from-the-tray.txt');
    const young = await upload('still-typing.txt');
    await send(sent);
    for (const { id } of [sent, unsent]) {
      backdate(join(dir, id), clock.now, RETENTION_MS + 60_000);
      backdate(join(dir, `${id}.json`), clock.now, RETENTION_MS + 60_000);
    }
    backdate(join(dir, `${young.id}.json`), clock.now, RETENTION_MS - 60_000);

    const report = await sweeper().sweep();

    expect(report).toMatchObject({ checked: 2, removed: 1, failed: 0, isComplete: true });
    expect(readdirSync(dir).sort()).toEqual([sent.id, `${sent.id}.json`, young.id, `${young.id}.json`].sort());
  });

  it('removes temporary files and bytes without metadata that interrupted uploads left, once older than the retention', async () => {
    const dir = localDir();
    const storage = new LocalDiskStorage(dir);
    const { clock, sweeper } = await fixture(storage);
    const oldTemp = join(dir, '.tmp-0123456789abcdef-V1StGXR8_Z5jdHi6B-myT');
    const youngTemp = join(dir, '.tmp-fedcba9876543210-V1StGXR8_Z5jdHi6B-myT');
    const orphanBytes = join(dir, 'orphanbytes_0123456789');
    for (const path of [oldTemp, youngTemp, orphanBytes]) writeFileSync(path, 'half written');
    backdate(oldTemp, clock.now, RETENTION_MS + 1000);
    backdate(orphanBytes, clock.now, RETENTION_MS + 1000);

    expect(await sweeper().sweep()).toMatchObject({ abandonedRemoved: 2, removed: 0 });
    expect(readdirSync(dir)).toEqual([youngTemp.slice(dir.length + 1)]);
  });

  it('sweeps in bounded batches: the uploads over the limit wait for the next sweep', async () => {
    const dir = localDir();
    const { clock, upload, sweeper } = await fixture(new LocalDiskStorage(dir));
    const uploads = [await upload('a.txt'), await upload('b.txt'), await upload('c.txt')];
    clock.now += RETENTION_MS + 60_000;
    const limited = sweeper({ maxRemovalsPerSweep: 2 });

    expect(await limited.sweep()).toMatchObject({ removed: 2, isComplete: false });
    expect(await limited.sweep()).toMatchObject({ removed: 1, isComplete: true });
    for (const { id } of uploads) expect(existsSync(join(dir, `${id}.json`))).toBe(false);
  });
});

describe('UnsentUploadSweeper on an S3 bucket', () => {
  it('deletes an unsent object older than the retention and keeps sent, young and foreign ones', async () => {
    const { server, storage } = await fakeS3();
    const { clock, upload, send, sweeper } = await fixture(storage);
    const sent = await upload('sent.txt');
    const unsent = await upload('unsent.txt');
    const young = await upload('young.txt');
    await send(sent);
    // Another application's object under the same prefix, named like an upload id but without our metadata.
    server.objects.set('shop-uploads/confab/backgrounds', { body: Buffer.from('x'), headers: { 'content-type': 'image/png' }, lastModified: 0 });
    for (const { id } of [sent, unsent]) server.objects.get(`shop-uploads/confab/${id}`)!.lastModified = clock.now - RETENTION_MS - 60_000;

    const report = await sweeper().sweep();

    expect(report).toMatchObject({ checked: 3, removed: 1, failed: 0, isComplete: true });
    expect([...server.objects.keys()].sort()).toEqual([`shop-uploads/confab/${sent.id}`, `shop-uploads/confab/${young.id}`, 'shop-uploads/confab/backgrounds'].sort());
    expect(server.requests).toContain(`DELETE /shop-uploads/confab/${unsent.id}`);
    expect(server.refusals()).toBe(0);
  });

  it('follows the listing past its first page of 1000 keys', async () => {
    const { server, storage } = await fakeS3();
    const { clock, sweeper } = await fixture(storage);
    const meta: StoredUploadMeta = { conversationId: 'conv_abcdefgh', name: 'a.txt', type: 'text/plain', size: 1, createdAt: clock.now };
    for (let index = 0; index < 1005; index++) {
      server.objects.set(`shop-uploads/confab/young-${String(index).padStart(6, '0')}`, { body: Buffer.from('x'), headers: {}, lastModified: clock.now });
    }
    // Sorted last, so on the second page.
    await storage.put('zz-old-unsent-upload', Buffer.from('x'), meta);
    server.objects.get('shop-uploads/confab/zz-old-unsent-upload')!.lastModified = clock.now - RETENTION_MS - 1;

    expect(await sweeper().sweep()).toMatchObject({ checked: 1, removed: 1, isComplete: true });
    expect(server.requests.filter((request) => request.startsWith('GET /shop-uploads?'))).toHaveLength(2);
    expect(server.objects.has('shop-uploads/confab/zz-old-unsent-upload')).toBe(false);
  });

  it('logs a delete that fails, goes on with the others, and removes it on the next sweep', async () => {
    const { server, storage } = await fakeS3();
    const { clock, upload, log, sweeper } = await fixture(storage);
    const stuck = await upload('stuck.txt');
    await upload('other-1.txt');
    await upload('other-2.txt');
    server.failingDeletes.add(`shop-uploads/confab/${stuck.id}`);
    clock.now += RETENTION_MS + 60_000;
    const sweep = sweeper();

    expect(await sweep.sweep()).toMatchObject({ removed: 2, failed: 1, isComplete: true });
    expect([...server.objects.keys()]).toEqual([`shop-uploads/confab/${stuck.id}`]);
    expect(log.warnings).toEqual([{ details: expect.objectContaining({ uploadId: stuck.id }), message: expect.stringContaining('next sweep') }]);

    server.failingDeletes.clear();
    expect(await sweep.sweep()).toMatchObject({ removed: 1, failed: 0 });
    expect(server.objects.size).toBe(0);
  });

  it('survives a bucket it cannot list, logging why', async () => {
    const { server, storage } = await fakeS3();
    const { log, sweeper } = await fixture(storage);
    await server.close();

    expect(await sweeper().sweep()).toMatchObject({ removed: 0, isComplete: false });
    expect(log.warnings).toEqual([{ details: { err: expect.objectContaining({ code: 'CONFAB_STORE_FAILED' }) }, message: expect.stringContaining('stopped early') }]);
  });
});

/** An in-memory storage that counts listings, for the timer tests (no real I/O under fake timers). */
function countingStorage(): UploadStorage & { listings: number } {
  const storage = {
    listings: 0,
    put: async () => {},
    get: async () => undefined,
    readMeta: async () => undefined,
    remove: async () => {},
    async *list(): AsyncIterable<StoredUploadEntry> {
      storage.listings++;
    },
  };
  return storage;
}

describe('UnsentUploadSweeper timer', () => {
  it('sweeps within a minute of start, then every quarter of the retention (at most hourly), until stopped', async () => {
    vi.useFakeTimers();
    const storage = countingStorage();
    const sweeper = new UnsentUploadSweeper({ storage, sent: { findSentUploads: async () => new Set() }, retentionMs: 20 * 60_000, log: collectingLog() });
    sweeper.start();
    await vi.advanceTimersByTimeAsync(59_999);
    expect(storage.listings).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(storage.listings).toBe(1);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(storage.listings).toBe(2);
    await sweeper.stop();
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(storage.listings).toBe(2);
  });

  it('sets the interval to a quarter of the retention, at most an hour', () => {
    expect(sweepIntervalMs(20 * 60_000)).toBe(5 * 60_000);
    expect(sweepIntervalMs(24 * 60 * 60_000)).toBe(60 * 60_000);
  });
});
