import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { attachmentSchema } from '@confab/protocol';
import { LocalDiskStorage } from './local-disk-storage.js';
import { isTypeAccepted } from '@confab/protocol';
import { DEFAULT_UPLOAD_TYPES, UploadService, sanitizeFileName } from './upload-service.js';
import { gif, jpeg, png, text } from './test-support/sample-files.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function serviceWith(options: { maxBytes?: number; types?: readonly string[] } = {}): { service: UploadService; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'confab-upload-service-'));
  dirs.push(dir);
  const service = new UploadService({ storage: new LocalDiskStorage(dir), maxBytes: options.maxBytes ?? 1024, types: options.types ?? DEFAULT_UPLOAD_TYPES, now: () => 1_763_800_000_000 });
  return { service, dir };
}

describe('UploadService', () => {
  it('stores an image and returns a valid attachment with its sniffed type and size', async () => {
    const { service } = serviceWith();
    const attachment = await service.save({ conversationId: 'conv_abcdefgh', name: 'C:\\Users\\me\\Urlaub 2026.png', bytes: png(800, 600) });
    expect(() => attachmentSchema.parse(attachment, 'attachment')).not.toThrow();
    expect(attachment).toMatchObject({ name: 'Urlaub 2026.png', type: 'image/png', size: png(800, 600).length, width: 800, height: 600 });
    expect(attachment.url).toBe(`/v1/uploads/${attachment.id}/Urlaub%202026.png`);
    expect((await service.open(attachment.id))?.meta.conversationId).toBe('conv_abcdefgh');
  });

  it('refuses empty, too large and unaccepted files, storing nothing', async () => {
    const { service, dir } = serviceWith({ maxBytes: 100 });
    await expect(service.save({ conversationId: 'conv_abcdefgh', name: 'a.txt', bytes: new Uint8Array() })).rejects.toMatchObject({ code: 'CONFAB_REQUEST_INVALID' });
    await expect(service.save({ conversationId: 'conv_abcdefgh', name: 'a.txt', bytes: text('x'.repeat(101)) })).rejects.toMatchObject({
      code: 'CONFAB_UPLOAD_TOO_LARGE',
      message: expect.stringContaining('100 bytes'),
    });
    await expect(service.save({ conversationId: 'conv_abcdefgh', name: 'cat.png', bytes: text('<html><script>alert(1)</script></html>') })).rejects.toMatchObject({
      code: 'CONFAB_UPLOAD_TYPE_REFUSED',
      message: expect.stringContaining('text/html'),
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('accepts wildcard types', async () => {
    const { service } = serviceWith({ types: ['image/*'] });
    expect((await service.save({ conversationId: 'conv_abcdefgh', name: 'a.gif', bytes: gif(1, 1) })).type).toBe('image/gif');
    await expect(service.save({ conversationId: 'conv_abcdefgh', name: 'a.txt', bytes: text('hello') })).rejects.toMatchObject({ code: 'CONFAB_UPLOAD_TYPE_REFUSED' });
    expect(isTypeAccepted('image/svg+xml', ['image/png'])).toBe(false);
    expect(isTypeAccepted('imagex/png', ['image/*'])).toBe(false);
  });

  it('resolves attachment ids in order, only within their own conversation', async () => {
    const { service } = serviceWith();
    const first = await service.save({ conversationId: 'conv_abcdefgh', name: 'a.jpg', bytes: jpeg(4, 4) });
    const second = await service.save({ conversationId: 'conv_abcdefgh', name: 'b.txt', bytes: text('note') });
    const foreign = await service.save({ conversationId: 'conv_otherone', name: 'c.txt', bytes: text('secret') });
    expect(await service.attachmentsFor('conv_abcdefgh', [second.id, first.id])).toEqual([second, first]);
    await expect(service.attachmentsFor('conv_abcdefgh', [first.id, foreign.id])).rejects.toMatchObject({ code: 'CONFAB_REQUEST_INVALID', message: expect.stringContaining(foreign.id) });
    await expect(service.attachmentsFor('conv_abcdefgh', ['nosuchidnosuchid12345'])).rejects.toMatchObject({ code: 'CONFAB_REQUEST_INVALID', message: expect.stringContaining('nosuchidnosuchid12345') });
    await expect(service.attachmentsFor('conv_abcdefgh', ['../../x'])).rejects.toMatchObject({ code: 'CONFAB_REQUEST_INVALID' });
  });

  it('resolves attachment ids from their metadata, never reading the bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'confab-upload-service-'));
    dirs.push(dir);
    const storage = new LocalDiskStorage(dir);
    const service = new UploadService({ storage, maxBytes: 1024, types: DEFAULT_UPLOAD_TYPES });
    const attachment = await service.save({ conversationId: 'conv_abcdefgh', name: 'a.jpg', bytes: jpeg(4, 4) });
    const get = vi.spyOn(storage, 'get');
    const readMeta = vi.spyOn(storage, 'readMeta');
    expect(await service.attachmentsFor('conv_abcdefgh', [attachment.id])).toEqual([attachment]);
    expect(get).not.toHaveBeenCalled();
    expect(readMeta).toHaveBeenCalledWith(attachment.id);
  });

  it('opens an upload whole or by range, and reads its metadata alone', async () => {
    const { service } = serviceWith();
    const attachment = await service.save({ conversationId: 'conv_abcdefgh', name: 'n.txt', bytes: text('0123456789') });
    expect(await service.readMeta(attachment.id)).toMatchObject({ conversationId: 'conv_abcdefgh', size: 10, type: 'text/plain' });
    expect((await buffer((await service.open(attachment.id))!.body)).toString()).toBe('0123456789');
    expect((await buffer((await service.open(attachment.id, { start: 3, end: 4 }))!.body)).toString()).toBe('34');
    expect(await service.open('../../etc/passwd')).toBeUndefined();
    expect(await service.readMeta('../../etc/passwd')).toBeUndefined();
  });
});

describe('sanitizeFileName', () => {
  it('keeps the last path part without controls or bidi overrides', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(sanitizeFileName('a\r\nb\u0000c.txt')).toBe('abc.txt');
    expect(sanitizeFileName('  ')).toBe('file');
    expect(sanitizeFileName('..')).toBe('file');
  });

  it('shortens long names to 255 characters, keeping the extension', () => {
    const name = sanitizeFileName(`${'ü'.repeat(300)}.jpeg`);
    expect(name).toHaveLength(255);
    expect(name.endsWith('ü.jpeg')).toBe(true);
    expect(sanitizeFileName('😀'.repeat(200))).toHaveLength(254);
  });
});
