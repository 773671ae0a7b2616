import { buffer } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import { S3Storage, type S3StorageOptions } from './s3-storage.js';
import { startFakeS3Server, type FakeS3Options, type FakeS3Server } from './test-support/fake-s3-server.js';
import type { StoredUploadMeta } from './upload-storage.js';

const credentials = { accessKeyId: 'AKIDTESTCONFAB', secretAccessKey: 'test-secret-key-not-real', region: 'eu-central-1' };
const meta: StoredUploadMeta = { conversationId: 'conv_abcdefgh', name: 'Rechnung März.pdf', type: 'application/pdf', size: 5, createdAt: 1_763_800_000_000 };
const id = 'V1StGXR8_Z5jdHi6B-myT';

let server: FakeS3Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function storageOnFakeS3(overrides: Partial<S3StorageOptions> = {}, serverOptions: FakeS3Options = {}): Promise<{ storage: S3Storage; server: FakeS3Server }> {
  server = await startFakeS3Server(credentials, serverOptions);
  const storage = new S3Storage({ endpoint: server.endpoint, bucket: 'shop-uploads', forcePathStyle: true, prefix: 'confab/', ...credentials, ...overrides });
  return { storage, server };
}

describe('S3Storage', () => {
  it('puts, gets and removes an object with its metadata, signed so the service accepts it', async () => {
    const { storage, server } = await storageOnFakeS3();
    await storage.put(id, Buffer.from('%PDF-'), meta);
    const object = server.objects.get(`shop-uploads/confab/${id}`);
    expect(object?.body.toString()).toBe('%PDF-');
    expect(object?.headers).toMatchObject({ 'content-type': 'application/pdf', 'x-amz-meta-conversation-id': 'conv_abcdefgh', 'x-amz-meta-size': '5' });
    const stored = await storage.get(id);
    expect(stored?.meta).toEqual(meta);
    expect((await buffer(stored!.body)).toString()).toBe('%PDF-');
    await storage.remove(id);
    expect(server.objects.size).toBe(0);
    expect(await storage.get(id)).toBeUndefined();
    expect(server.refusals()).toBe(0);
  });

  it('keeps image sizes and answers undefined for a missing object', async () => {
    const { storage } = await storageOnFakeS3();
    await storage.put(id, new Uint8Array([1, 2, 3]), { ...meta, type: 'image/png', width: 640, height: 480 });
    expect((await storage.get(id))?.meta).toMatchObject({ width: 640, height: 480 });
    expect(await storage.get('missingmissing12345678')).toBeUndefined();
  });

  it('asks the service for a range and streams the 206 it answers', async () => {
    const { storage, server } = await storageOnFakeS3();
    await storage.put(id, Buffer.from('%PDF-1.7 0123456789'), { ...meta, size: 19 });
    const stored = await storage.get(id, { start: 9, end: 12 });
    expect(stored?.meta).toEqual({ ...meta, size: 19 });
    expect((await buffer(stored!.body)).toString()).toBe('0123');
    expect(server.ranges).toEqual(['bytes=9-12']);
  });

  it('cuts the range out itself when the service ignores Range and answers 200 with the whole object', async () => {
    const { storage, server } = await storageOnFakeS3({}, { honoursRange: false });
    // Bigger than one network chunk, so ranges start, span and end inside chunks.
    const bytes = Buffer.alloc(512 * 1024);
    for (let index = 0; index < bytes.length; index++) bytes[index] = index % 251;
    await storage.put(id, bytes, { ...meta, size: bytes.length });
    for (const range of [{ start: 0, end: 0 }, { start: 1000, end: 300_000 }, { start: bytes.length - 10, end: bytes.length - 1 }, { start: 0, end: bytes.length - 1 }]) {
      const stored = await storage.get(id, range);
      expect((await buffer(stored!.body)).equals(bytes.subarray(range.start, range.end + 1)), `${range.start}-${range.end}`).toBe(true);
    }
    expect(server.ranges).toHaveLength(4);
  });

  it('refuses a 206 for other bytes than asked, and an object without Confab metadata', async () => {
    const { storage, server } = await storageOnFakeS3();
    await storage.put(id, Buffer.from('%PDF-1.7'), { ...meta, size: 8 });
    // A range past the end was never checked against the size: the service's 416 is a store failure, not bytes.
    await expect(storage.get(id, { start: 50, end: 60 })).rejects.toMatchObject({ code: 'CONFAB_STORE_FAILED', message: expect.stringContaining('416') });
    const object = server.objects.get(`shop-uploads/confab/${id}`)!;
    object.headers = { 'content-type': 'application/pdf' };
    await expect(storage.get(id)).rejects.toMatchObject({ code: 'CONFAB_STORE_FAILED', message: expect.stringContaining('no Confab upload metadata') });
  });

  it('lets a slow download run past timeoutMs: the timeout covers the wait for the answer only', async () => {
    const { storage } = await storageOnFakeS3({ timeoutMs: 300 });
    const bytes = Buffer.alloc(2 * 1024 * 1024, 5);
    await storage.put(id, bytes, { ...meta, size: bytes.length });
    const { body } = (await storage.get(id))!;
    // Nothing is read for twice the timeout, as when the client downloading the file is slow.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await buffer(body)).length).toBe(bytes.length);
  });

  it('reports CONFAB_STORE_FAILED when the service refuses the signature', async () => {
    const { storage, server } = await storageOnFakeS3({ secretAccessKey: 'the-wrong-secret' });
    await expect(storage.put(id, Buffer.from('x'), meta)).rejects.toMatchObject({ code: 'CONFAB_STORE_FAILED', message: expect.stringContaining('403') });
    await expect(storage.get(id)).rejects.toMatchObject({ code: 'CONFAB_STORE_FAILED' });
    expect(server.refusals()).toBe(2);
    expect(server.objects.size).toBe(0);
  });

  it('reports CONFAB_STORE_FAILED when the service cannot be reached', async () => {
    const { storage, server } = await storageOnFakeS3();
    await server.close();
    await expect(storage.put(id, Buffer.from('x'), meta)).rejects.toMatchObject({ code: 'CONFAB_STORE_FAILED', message: expect.stringContaining('could not be reached') });
  });

  it('builds virtual-host and path-style object URLs', () => {
    const aws = new S3Storage({ endpoint: 'https://s3.eu-central-1.amazonaws.com', bucket: 'shop', ...credentials, prefix: 'up/' });
    expect(aws.objectUrl(id).href).toBe(`https://shop.s3.eu-central-1.amazonaws.com/up/${id}`);
    const minio = new S3Storage({ endpoint: 'http://127.0.0.1:9000/', bucket: 'shop', ...credentials, forcePathStyle: true });
    expect(minio.objectUrl(id).href).toBe(`http://127.0.0.1:9000/shop/${id}`);
  });
});
