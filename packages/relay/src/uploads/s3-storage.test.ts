import { afterEach, describe, expect, it } from 'vitest';
import { S3Storage, type S3StorageOptions } from './s3-storage.js';
import { startFakeS3Server, type FakeS3Server } from './test-support/fake-s3-server.js';
import type { StoredUploadMeta } from './upload-storage.js';

const credentials = { accessKeyId: 'AKIDTESTCONFAB', secretAccessKey: 'test-secret-key-not-real', region: 'eu-central-1' };
const meta: StoredUploadMeta = { conversationId: 'conv_abcdefgh', name: 'Rechnung März.pdf', type: 'application/pdf', size: 5, createdAt: 1_763_800_000_000 };
const id = 'V1StGXR8_Z5jdHi6B-myT';

let server: FakeS3Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function storageOnFakeS3(overrides: Partial<S3StorageOptions> = {}): Promise<{ storage: S3Storage; server: FakeS3Server }> {
  server = await startFakeS3Server(credentials);
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
    expect(stored?.body.toString()).toBe('%PDF-');
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
