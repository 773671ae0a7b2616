import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { buffer } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalDiskStorage } from './local-disk-storage.js';
import type { StoredUploadMeta } from './upload-storage.js';

const meta: StoredUploadMeta = { conversationId: 'conv_abcdefgh', name: 'photo.png', type: 'image/png', size: 4, createdAt: 1_763_800_000_000, width: 2, height: 3 };
const id = 'V1StGXR8_Z5jdHi6B-myT';
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'confab-uploads-test-'));
  dirs.push(dir);
  return dir;
}

describe('LocalDiskStorage', () => {
  it('creates its directory and stores bytes and metadata side by side', async () => {
    const dir = join(tempDir(), 'nested', 'uploads');
    const storage = new LocalDiskStorage(dir);
    await storage.put(id, Buffer.from([1, 2, 3, 4]), meta);
    expect(readdirSync(dir).sort()).toEqual([id, `${id}.json`]);
    const stored = await storage.get(id);
    expect(stored?.meta).toEqual(meta);
    expect([...(await buffer(stored!.body))]).toEqual([1, 2, 3, 4]);
    await storage.remove(id);
    expect(readdirSync(dir)).toEqual([]);
    expect(await storage.get(id)).toBeUndefined();
    await expect(storage.remove(id)).resolves.toBeUndefined();
  });

  it('leaves nothing behind when the bytes cannot be put in place', async () => {
    const dir = tempDir();
    const storage = new LocalDiskStorage(dir);
    mkdirSync(join(dir, id, 'blocker'), { recursive: true });
    await expect(storage.put(id, Buffer.from('data'), meta)).rejects.toMatchObject({ code: 'CONFAB_STORE_FAILED' });
    expect(readdirSync(dir)).toEqual([id]);
    expect(readdirSync(join(dir, id))).toEqual(['blocker']);
  });

  it('removes the bytes again when the metadata cannot be written, so no half upload is visible', async () => {
    const dir = tempDir();
    const storage = new LocalDiskStorage(dir);
    mkdirSync(join(dir, `${id}.json`, 'blocker'), { recursive: true });
    await expect(storage.put(id, Buffer.from('data'), meta)).rejects.toMatchObject({ code: 'CONFAB_STORE_FAILED' });
    expect(readdirSync(dir)).toEqual([`${id}.json`]);
    rmSync(join(dir, `${id}.json`), { recursive: true });
    expect(await storage.get(id)).toBeUndefined();
  });

  it('shows bytes without metadata (a crash between the two renames) as no upload, and clears temp files on start', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, id), 'orphan bytes');
    writeFileSync(join(dir, '.tmp-0123456789abcdef-other'), 'half written');
    const storage = new LocalDiskStorage(dir);
    expect(readdirSync(dir)).toEqual([id]);
    expect(await storage.get(id)).toBeUndefined();
  });

  it('never sees a partial file while uploads are being written', async () => {
    const dir = tempDir();
    const storage = new LocalDiskStorage(dir);
    const big = Buffer.alloc(2 * 1024 * 1024, 7);
    const ids = ['aaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbb', 'ccccccccccccccccccccc'];
    const writes = Promise.all(ids.map((each) => storage.put(each, big, { ...meta, size: big.length })));
    let isDone = false;
    void writes.then(() => (isDone = true));
    while (!isDone) {
      for (const each of ids) {
        const stored = await storage.get(each);
        if (stored !== undefined) expect((await buffer(stored.body)).length).toBe(big.length);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    await writes;
    expect(readdirSync(dir).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('streams the bytes a chunk at a time instead of reading the whole file', async () => {
    const storage = new LocalDiskStorage(tempDir());
    const big = Buffer.alloc(1024 * 1024, 7);
    await storage.put(id, big, { ...meta, size: big.length });
    const { body } = (await storage.get(id))!;
    await once(body, 'readable');
    const first = body.read() as Buffer;
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(big.length);
    body.destroy();
    await once(body, 'close');
  });

  it('reads only the bytes of a range, both ends included', async () => {
    const storage = new LocalDiskStorage(tempDir());
    const bytes = Buffer.from('0123456789');
    await storage.put(id, bytes, { ...meta, size: bytes.length });
    expect((await buffer((await storage.get(id, { start: 2, end: 5 }))!.body)).toString()).toBe('2345');
    expect((await buffer((await storage.get(id, { start: 9, end: 9 }))!.body)).toString()).toBe('9');
    expect((await buffer((await storage.get(id, { start: 0, end: 9 }))!.body)).toString()).toBe('0123456789');
  });

  it('answers undefined when the bytes are gone, and CONFAB_STORE_FAILED before any byte when they cannot be read', async () => {
    const dir = tempDir();
    const storage = new LocalDiskStorage(dir);
    await storage.put(id, Buffer.from([1, 2, 3, 4]), meta);
    rmSync(join(dir, id));
    expect(await storage.get(id)).toBeUndefined();
    // A directory opens without error on Linux and fails only when read: get() must notice first.
    mkdirSync(join(dir, id));
    await expect(storage.get(id)).rejects.toMatchObject({ code: 'CONFAB_STORE_FAILED', message: expect.stringContaining('not a regular file') });
    rmSync(join(dir, id), { recursive: true });
    writeFileSync(join(dir, id), 'longer than the metadata says');
    await expect(storage.get(id)).rejects.toMatchObject({ code: 'CONFAB_STORE_FAILED', message: expect.stringContaining('metadata says 4') });
  });

  it('refuses ids that could leave the directory, and reports an unusable directory', async () => {
    const dir = tempDir();
    const storage = new LocalDiskStorage(dir);
    await expect(storage.put('../../etc/passwd', Buffer.from('x'), meta)).rejects.toMatchObject({ code: 'CONFAB_REQUEST_INVALID' });
    expect(await storage.get('../../etc/passwd')).toBeUndefined();
    writeFileSync(join(dir, 'a-file'), '');
    expect(() => new LocalDiskStorage(join(dir, 'a-file', 'uploads'))).toThrow(expect.objectContaining({ code: 'CONFAB_STORE_FAILED' }));
  });
});
