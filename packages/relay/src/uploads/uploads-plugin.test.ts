import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { attachmentSchema, createId, type Attachment, type HttpErrorBody } from '@confab/protocol';
import { hashToken } from '../secrets.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { LocalDiskStorage } from './local-disk-storage.js';
import { DEFAULT_UPLOAD_TYPES, UploadService } from './upload-service.js';
import { UnsentUploadSweeper } from './unsent-upload-sweeper.js';
import type { UploadStorage } from './upload-storage.js';
import { uploadsPlugin } from './uploads-plugin.js';
import { S3Storage } from './s3-storage.js';
import { startFakeS3Server } from './test-support/fake-s3-server.js';
import { heldStorage } from './test-support/held-storage.js';
import { jpeg, png, text } from './test-support/sample-files.js';

const AGENT_TOKEN = 'test-agent-token-0123456789';
const SHOP = 'https://shop.example';
const MAX_BYTES = 64 * 1024;

interface UploadRelay {
  baseUrl: string;
  uploadDir: string;
  /** A visitor session token and the conversation it opens. */
  visitor: { token: string; conversationId: string };
  service: UploadService;
  app: FastifyInstance;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A Fastify app on a real port with just the uploads plugin, SQLite sessions and a disk store in a
 * temp dir, or the storage `storageFor` makes (given that dir).
 */
async function startUploadRelay(options: { storageFor?: (uploadDir: string) => UploadStorage } = {}): Promise<UploadRelay> {
  const dataDir = mkdtempSync(join(tmpdir(), 'confab-uploads-plugin-'));
  const store = SqliteStore.open({ dataDir });
  const token = createId();
  const conversation = await store.createConversation({ conversationId: createId(), tokenHash: hashToken(token), context: {}, now: Date.now() });
  const uploadDir = join(dataDir, 'uploads');
  const storage = options.storageFor?.(uploadDir) ?? new LocalDiskStorage(uploadDir);
  const service = new UploadService({ storage, maxBytes: MAX_BYTES, types: DEFAULT_UPLOAD_TYPES });
  const app: FastifyInstance = Fastify({ logger: false });
  await app.register(uploadsPlugin, {
    service,
    agentToken: AGENT_TOKEN,
    allowedOrigins: new Set([SHOP]),
    authenticateVisitor: async (presented) => (await store.findConversationBySession(hashToken(presented)))?.id,
    records: store,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  cleanups.push(async () => {
    await app.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return { baseUrl: `http://127.0.0.1:${address.port}`, uploadDir, visitor: { token, conversationId: conversation.id }, service, app };
}

function upload(relay: UploadRelay, body: Uint8Array, options: { name?: string; token?: string | null; headers?: Record<string, string>; query?: string } = {}): Promise<Response> {
  const query = options.query ?? `name=${encodeURIComponent(options.name ?? 'file.bin')}`;
  const token = options.token === undefined ? relay.visitor.token : options.token;
  return fetch(`${relay.baseUrl}/v1/uploads?${query}`, {
    method: 'POST',
    // A browser sends whatever type the file's name suggests; the relay must not care.
    headers: { 'content-type': 'image/png', ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...options.headers },
    body: body as Uint8Array<ArrayBuffer>,
  });
}

async function expectError(response: Response, status: number, code: string): Promise<HttpErrorBody> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as HttpErrorBody;
  expect(body).toMatchObject({ statusCode: status, code });
  return body;
}

function storedFiles(relay: UploadRelay): string[] {
  return readdirSync(relay.uploadDir);
}

describe('uploadsPlugin', () => {
  it('takes a visitor upload and answers 201 with the attachment, tied to the visitor conversation', async () => {
    const relay = await startUploadRelay();
    const response = await upload(relay, png(120, 80), { name: 'Ümlaut photo.png' });
    expect(response.status).toBe(201);
    const attachment = (await response.json()) as Attachment;
    expect(() => attachmentSchema.parse(attachment, 'attachment')).not.toThrow();
    expect(attachment).toMatchObject({ name: 'Ümlaut photo.png', type: 'image/png', width: 120, height: 80 });
    expect(await relay.service.attachmentsFor(relay.visitor.conversationId, [attachment.id])).toEqual([attachment]);
  });

  it('takes the name from X-Confab-Filename and any content type, even none', async () => {
    const relay = await startUploadRelay();
    const response = await upload(relay, text('my order never came'), { query: '', headers: { 'x-confab-filename': encodeURIComponent('Bestellung €.txt'), 'content-type': 'application/x-whatever' } });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ name: 'Bestellung €.txt', type: 'text/plain' });
    const bare = await fetch(`${relay.baseUrl}/v1/uploads?name=a.jpg`, { method: 'POST', headers: { authorization: `Bearer ${relay.visitor.token}` }, body: Buffer.from(jpeg(2, 2)) });
    expect(bare.status).toBe(201);
  });

  it('takes an agent upload for a named conversation', async () => {
    const relay = await startUploadRelay();
    const { conversationId } = relay.visitor;
    const response = await upload(relay, text('label'), { token: AGENT_TOKEN, query: `name=label.txt&conversationId=${conversationId}` });
    expect(response.status).toBe(201);
    const attachment = (await response.json()) as Attachment;
    expect(await relay.service.attachmentsFor(conversationId, [attachment.id])).toHaveLength(1);
    await expectError(await upload(relay, text('label'), { token: AGENT_TOKEN }), 400, 'CONFAB_REQUEST_INVALID');
  });

  it('answers 404 for an agent upload to a conversation that does not exist, storing nothing', async () => {
    const relay = await startUploadRelay();
    const unknown = createId();
    const refused = await expectError(await upload(relay, text('label'), { token: AGENT_TOKEN, query: `name=label.txt&conversationId=${unknown}` }), 404, 'CONFAB_NOT_FOUND');
    expect(refused.message).toContain(unknown);
    expect(storedFiles(relay)).toEqual([]);
  });

  it('starts the sweep of unsent uploads when the relay is ready and stops it when it closes', async () => {
    const start = vi.spyOn(UnsentUploadSweeper.prototype, 'start');
    const stop = vi.spyOn(UnsentUploadSweeper.prototype, 'stop');
    try {
      await startUploadRelay();
      expect(start).toHaveBeenCalledTimes(1);
      expect(stop).not.toHaveBeenCalled();
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
      expect(stop).toHaveBeenCalledTimes(1);
    } finally {
      start.mockRestore();
      stop.mockRestore();
    }
  });

  it('answers 413 for a file over the limit and stores nothing', async () => {
    const relay = await startUploadRelay();
    const justOver = new Uint8Array(MAX_BYTES + 1).fill(0x61);
    await expectError(await upload(relay, justOver, { name: 'a.txt' }), 413, 'CONFAB_UPLOAD_TOO_LARGE');
    // Far over: refused from Content-Length without being read.
    const huge = new Uint8Array(MAX_BYTES * 20).fill(0x61);
    await expectError(await upload(relay, huge, { name: 'a.txt' }), 413, 'CONFAB_UPLOAD_TOO_LARGE');
    expect(storedFiles(relay)).toEqual([]);
  });

  it('stops reading a streamed (chunked) body once it passes the limit', async () => {
    const relay = await startUploadRelay();
    let sentBytes = 0;
    const chunk = new Uint8Array(16 * 1024).fill(0x61);
    // 64 MiB if read to the end; the relay must answer long before that.
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sentBytes >= 64 * 1024 * 1024) return controller.close();
        sentBytes += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${relay.baseUrl}/v1/uploads?name=a.txt`, {
      method: 'POST',
      headers: { authorization: `Bearer ${relay.visitor.token}` },
      body: endless,
      duplex: 'half',
    } as RequestInit);
    await expectError(response, 413, 'CONFAB_UPLOAD_TOO_LARGE');
    expect(sentBytes).toBeLessThan(8 * 1024 * 1024);
    expect(storedFiles(relay)).toEqual([]);
  });

  it('answers 415 for an HTML page named cat.png and for an SVG, storing nothing', async () => {
    const relay = await startUploadRelay();
    const html = await expectError(await upload(relay, text('<!doctype html><script>alert(1)</script>'), { name: 'cat.png' }), 415, 'CONFAB_UPLOAD_TYPE_REFUSED');
    expect(html.message).toContain('text/html');
    await expectError(await upload(relay, text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), { name: 'logo.svg' }), 415, 'CONFAB_UPLOAD_TYPE_REFUSED');
    expect(storedFiles(relay)).toEqual([]);
  });

  it('answers 400 for an empty body', async () => {
    const relay = await startUploadRelay();
    await expectError(await upload(relay, new Uint8Array(), { name: 'a.txt' }), 400, 'CONFAB_REQUEST_INVALID');
  });

  it('answers 401 without a token or with one the relay never issued', async () => {
    const relay = await startUploadRelay();
    const none = await upload(relay, png(1, 1), { token: null });
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await expectError(none, 401, 'CONFAB_AUTH_REJECTED');
    await expectError(await upload(relay, png(1, 1), { token: createId() }), 401, 'CONFAB_AUTH_REJECTED');
    await expectError(await upload(relay, png(1, 1), { token: null, headers: { authorization: `Basic ${relay.visitor.token}` } }), 401, 'CONFAB_AUTH_REJECTED');
    expect(storedFiles(relay)).toEqual([]);
  });

  it('answers the CORS preflight for allowed shop origins only', async () => {
    const relay = await startUploadRelay();
    const preflight = (origin: string) =>
      fetch(`${relay.baseUrl}/v1/uploads`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, x-confab-filename' },
      });
    const allowed = await preflight(SHOP);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase().split(/,\s*/)).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-confab-filename']));
    expect(allowed.headers.get('vary')).toContain('Origin');
    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    await expectError(refused, 403, 'CONFAB_ORIGIN_REJECTED');
    // The relay's own origin may always upload.
    expect((await preflight(relay.baseUrl)).headers.get('access-control-allow-origin')).toBe(relay.baseUrl);
  });

  it('lets an allowed page read the answer, error answers included, and refuses uploads from other origins', async () => {
    const relay = await startUploadRelay();
    const ok = await upload(relay, png(1, 1), { headers: { origin: SHOP } });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SHOP);
    const refusedType = await upload(relay, text('<html>'), { headers: { origin: SHOP } });
    expect(refusedType.headers.get('access-control-allow-origin')).toBe(SHOP);
    await expectError(refusedType, 415, 'CONFAB_UPLOAD_TYPE_REFUSED');
    await expectError(await upload(relay, png(1, 1), { headers: { origin: 'https://evil.example' } }), 403, 'CONFAB_ORIGIN_REJECTED');
    expect(storedFiles(relay)).toHaveLength(2);
  });

  it('serves a PNG inline with the protective headers', async () => {
    const relay = await startUploadRelay();
    const image = png(3, 3);
    const attachment = (await (await upload(relay, image, { name: 'Ümlaut "x".png' })).json()) as Attachment;
    const response = await fetch(new URL(attachment.url, relay.baseUrl));
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from(image));
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-disposition')).toBe(`inline; filename="_mlaut _x_.png"; filename*=UTF-8''%C3%9Cmlaut%20%22x%22.png`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(response.headers.get('vary')).toBe('Origin');
    const head = await fetch(new URL(attachment.url, relay.baseUrl), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(image.length));
  });

  it('serves SVG and HTML as downloads of application/octet-stream, whatever name the URL carries', async () => {
    const relay = await startUploadRelay();
    const service = new UploadService({ storage: new LocalDiskStorage(relay.uploadDir), maxBytes: MAX_BYTES, types: ['*/*'] });
    const svg = await service.save({ conversationId: relay.visitor.conversationId, name: 'logo.svg', bytes: text('<svg onload="alert(1)"></svg>') });
    const html = await service.save({ conversationId: relay.visitor.conversationId, name: 'page.html', bytes: text('<html><script>alert(1)</script></html>') });
    expect([svg.type, html.type]).toEqual(['image/svg+xml', 'text/html']);
    for (const attachment of [svg, html]) {
      const response = await fetch(`${relay.baseUrl}/v1/uploads/${attachment.id}/innocent.png`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/octet-stream');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; /);
      expect(response.headers.get('content-disposition')).toContain(encodeURIComponent(attachment.name));
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    }
  });

  it('serves plain text as a UTF-8 download', async () => {
    const relay = await startUploadRelay();
    const attachment = (await (await upload(relay, text('Grüße'), { name: 'note.txt' })).json()) as Attachment;
    const response = await fetch(new URL(attachment.url, relay.baseUrl));
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(await response.text()).toBe('Grüße');
  });

  it('answers 404 for an unknown or malformed id', async () => {
    const relay = await startUploadRelay();
    await expectError(await fetch(`${relay.baseUrl}/v1/uploads/${createId()}/a.png`), 404, 'CONFAB_NOT_FOUND');
    await expectError(await fetch(`${relay.baseUrl}/v1/uploads/..%2F..%2Fetc/passwd`), 404, 'CONFAB_NOT_FOUND');
  });
});

const credentials = { accessKeyId: 'AKIDTESTCONFAB', secretAccessKey: 'test-secret-key-not-real', region: 'eu-central-1' };
const DIGITS = '0123456789abcdefghij';

/** Uploads {@link DIGITS} as a visitor: 20 bytes whose every range is easy to read. */
async function uploadDigits(relay: UploadRelay): Promise<Attachment> {
  const response = await upload(relay, text(DIGITS), { name: 'digits.txt' });
  expect(response.status).toBe(201);
  return (await response.json()) as Attachment;
}

function download(relay: UploadRelay, attachment: Attachment, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> {
  return fetch(new URL(attachment.url, relay.baseUrl), { method, headers });
}

/** Puts `bytes` straight into a storage (past the relay's upload limit) and returns its id. */
async function storeDirectly(storage: UploadStorage, conversationId: string, bytes: Uint8Array): Promise<string> {
  const id = createId();
  await storage.put(id, bytes, { conversationId, name: 'manual.pdf', type: 'application/pdf', size: bytes.length, createdAt: Date.now() });
  return id;
}

/** Bytes that differ from one position to the next, so a misplaced range shows. */
function patterned(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let index = 0; index < size; index++) bytes[index] = index % 251;
  return bytes;
}

/** A relay whose uploads live in a fake S3 bucket. */
async function startS3UploadRelay(honoursRange: boolean): Promise<{ relay: UploadRelay; ranges: string[] }> {
  const server = await startFakeS3Server(credentials, { honoursRange });
  cleanups.push(() => server.close());
  const relay = await startUploadRelay({
    storageFor: () => new S3Storage({ endpoint: server.endpoint, bucket: 'shop-uploads', forcePathStyle: true, prefix: 'confab/', ...credentials }),
  });
  return { relay, ranges: server.ranges };
}

describe('uploadsPlugin downloads', () => {
  it('answers a GET without Range with 200, the whole file, its length and Accept-Ranges: bytes', async () => {
    const relay = await startUploadRelay();
    const response = await download(relay, await uploadDigits(relay));
    expect(response.status).toBe(200);
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-length')).toBe('20');
    expect(response.headers.get('content-range')).toBeNull();
    expect(await response.text()).toBe(DIGITS);
  });

  it('answers each form of one Range with 206, Content-Range and the length of the range, keeping the protective headers', async () => {
    const relay = await startUploadRelay();
    const attachment = await uploadDigits(relay);
    for (const [range, start, end] of [
      ['bytes=0-3', 0, 3],
      ['bytes=7-7', 7, 7],
      ['bytes=5-', 5, 19],
      ['bytes=-4', 16, 19],
      ['bytes=-400', 0, 19],
      ['bytes=10-999999999999999999999', 10, 19],
      ['bytes=0-', 0, 19],
    ] as const) {
      const response = await download(relay, attachment, { range });
      expect(response.status, range).toBe(206);
      expect(response.headers.get('content-range'), range).toBe(`bytes ${start}-${end}/20`);
      expect(response.headers.get('content-length'), range).toBe(String(end - start + 1));
      expect(await response.text(), range).toBe(DIGITS.slice(start, end + 1));
      expect(response.headers.get('accept-ranges')).toBe('bytes');
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="digits.txt"/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
      expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(response.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    }
  });

  it('answers a Range wholly past the end with 416, Content-Range: bytes */<size> and a JSON error', async () => {
    const relay = await startUploadRelay();
    const attachment = await uploadDigits(relay);
    for (const range of ['bytes=20-', 'bytes=20-30', 'bytes=1000-', 'bytes=-0']) {
      const response = await download(relay, attachment, { range, origin: SHOP });
      expect(response.headers.get('content-range'), range).toBe('bytes */20');
      expect(response.headers.get('accept-ranges')).toBe('bytes');
      expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await expectError(response, 416, 'CONFAB_REQUEST_INVALID');
      expect(body.message).toContain('20-byte');
      expect(body.message).toContain(JSON.stringify(range));
    }
  });

  it('serves the whole file for several ranges, another unit, junk, or with If-Range', async () => {
    const relay = await startUploadRelay();
    const attachment = await uploadDigits(relay);
    for (const headers of [
      { range: 'bytes=0-1,5-6' },
      { range: 'items=0-1' },
      { range: 'bytes=5-2' },
      { range: 'bytes=abc' },
      // The relay sends no ETag or Last-Modified, so no If-Range can match them (RFC 9110 section 13.1.5).
      { range: 'bytes=0-3', 'if-range': '"some-etag"' },
      { range: 'bytes=0-3', 'if-range': 'Wed, 21 Oct 2015 07:28:00 GMT' },
    ] as Record<string, string>[]) {
      const response = await download(relay, attachment, headers);
      expect(response.status, JSON.stringify(headers)).toBe(200);
      expect(response.headers.get('content-length')).toBe('20');
      expect(await response.text()).toBe(DIGITS);
    }
  });

  it('answers 503 CONFAB_STORE_FAILED, not a broken body, when the bytes cannot be read', async () => {
    const relay = await startUploadRelay();
    const attachment = await uploadDigits(relay);
    rmSync(join(relay.uploadDir, attachment.id));
    mkdirSync(join(relay.uploadDir, attachment.id));
    for (const headers of [{}, { range: 'bytes=0-3' }] as Record<string, string>[]) {
      const response = await download(relay, attachment, headers);
      expect(response.headers.get('content-disposition')).toBeNull();
      await expectError(response, 503, 'CONFAB_STORE_FAILED');
    }
  });

  it('answers HEAD with the headers and length of the whole file and no body, without opening the bytes', async () => {
    let held: ReturnType<typeof heldStorage> | undefined;
    const relay = await startUploadRelay({ storageFor: (dir) => (held = heldStorage(new LocalDiskStorage(dir), Infinity)) });
    const attachment = await uploadDigits(relay);
    for (const headers of [{}, { range: 'bytes=0-3' }, { range: 'bytes=500-' }] as Record<string, string>[]) {
      const head = await download(relay, attachment, headers, 'HEAD');
      expect(head.status, JSON.stringify(headers)).toBe(200);
      expect(head.headers.get('content-length')).toBe('20');
      expect(head.headers.get('content-range')).toBeNull();
      expect(head.headers.get('accept-ranges')).toBe('bytes');
      expect(head.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(head.headers.get('x-content-type-options')).toBe('nosniff');
      expect(head.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
      expect((await head.arrayBuffer()).byteLength).toBe(0);
    }
    expect(held!.gets).toEqual([]);
    const missing = await fetch(`${relay.baseUrl}/v1/uploads/${createId()}/a.png`, { method: 'HEAD' });
    expect(missing.status).toBe(404);
  });

  it('opens the file once, with the range, for a GET', async () => {
    let held: ReturnType<typeof heldStorage> | undefined;
    const relay = await startUploadRelay({ storageFor: (dir) => (held = heldStorage(new LocalDiskStorage(dir), Infinity)) });
    const attachment = await uploadDigits(relay);
    await (await download(relay, attachment)).text();
    await (await download(relay, attachment, { range: 'bytes=3-5' })).text();
    await (await download(relay, attachment, { range: 'bytes=30-' })).text();
    expect(held!.gets).toEqual([
      { id: attachment.id, range: undefined },
      { id: attachment.id, range: { start: 3, end: 5 } },
    ]);
  });

  it('streams a large file: its first bytes reach the client while the storage has not been read to the end', async () => {
    let held: ReturnType<typeof heldStorage> | undefined;
    const relay = await startUploadRelay({ storageFor: (dir) => (held = heldStorage(new LocalDiskStorage(dir), 1024 * 1024)) });
    const bytes = patterned(8 * 1024 * 1024);
    const id = await storeDirectly(held!, relay.visitor.conversationId, bytes);
    const response = await fetch(`${relay.baseUrl}/v1/uploads/${id}/manual.pdf`);
    expect(response.headers.get('content-length')).toBe(String(bytes.length));
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.value!.length).toBeGreaterThan(0);
    // The storage is held after 1 MiB, so only a relay that sends as it reads can have answered.
    expect(held!.bytesRead()).toBeLessThan(bytes.length);
    expect(held!.sources[0]!.readableEnded).toBe(false);
    held!.release();
    const chunks: Uint8Array[] = [first.value!];
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });

  it('destroys the stream, closing the file, when the client goes away mid-download, and goes on serving', async () => {
    let held: ReturnType<typeof heldStorage> | undefined;
    const relay = await startUploadRelay({ storageFor: (dir) => (held = heldStorage(new LocalDiskStorage(dir), 256 * 1024)) });
    const bytes = patterned(4 * 1024 * 1024);
    const id = await storeDirectly(held!, relay.visitor.conversationId, bytes);
    const abort = new AbortController();
    const response = await fetch(`${relay.baseUrl}/v1/uploads/${id}/manual.pdf`, { signal: abort.signal });
    const reader = response.body!.getReader();
    expect((await reader.read()).value!.length).toBeGreaterThan(0);
    abort.abort();
    await reader.read().catch(() => undefined);
    const source = held!.sources[0]!;
    // A file stream emits 'close' once its file handle is closed; destroyed mid-way, it errors too ('Premature close').
    if (!source.closed) await new Promise((resolve) => source.once('close', resolve));
    expect(source.destroyed).toBe(true);
    expect(source.readableEnded).toBe(false);
    const again = await fetch(`${relay.baseUrl}/v1/uploads/${id}/manual.pdf`, { headers: { range: 'bytes=100-199' } });
    expect(again.status).toBe(206);
    expect(Buffer.from(await again.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);
  });

  it('cuts a download in flight when the relay closes, instead of waiting for its client', async () => {
    let held: ReturnType<typeof heldStorage> | undefined;
    const relay = await startUploadRelay({ storageFor: (dir) => (held = heldStorage(new LocalDiskStorage(dir), 256 * 1024)) });
    const id = await storeDirectly(held!, relay.visitor.conversationId, patterned(4 * 1024 * 1024));
    const response = await fetch(`${relay.baseUrl}/v1/uploads/${id}/manual.pdf`);
    const reader = response.body!.getReader();
    expect((await reader.read()).value!.length).toBeGreaterThan(0);
    // Held, this download would never end by itself: close() returning at all shows it was cut.
    await relay.app.close();
    const source = held!.sources[0]!;
    if (!source.closed) await new Promise((resolve) => source.once('close', resolve));
    expect(source.readableEnded).toBe(false);
    await expect((async () => { for (let next = await reader.read(); !next.done; next = await reader.read()); })()).rejects.toThrow();
  });

  it('serves the whole file and ranges from a bucket, asking it for just the range', async () => {
    const { relay, ranges } = await startS3UploadRelay(true);
    const attachment = await uploadDigits(relay);
    const whole = await download(relay, attachment);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(await whole.text()).toBe(DIGITS);
    const part = await download(relay, attachment, { range: 'bytes=2-5' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 2-5/20');
    expect(await part.text()).toBe('2345');
    const tail = await download(relay, attachment, { range: 'bytes=-3' });
    expect(await tail.text()).toBe('hij');
    await expectError(await download(relay, attachment, { range: 'bytes=20-' }), 416, 'CONFAB_REQUEST_INVALID');
    // The relay resolves the range against the size and asks the bucket in first-last form; a 416 never reaches it.
    expect(ranges).toEqual(['bytes=2-5', 'bytes=17-19']);
  });

  it('still sends only the bytes of the range when the bucket ignores Range and answers 200', async () => {
    const { relay, ranges } = await startS3UploadRelay(false);
    const attachment = await uploadDigits(relay);
    for (const [range, start, end] of [
      ['bytes=2-5', 2, 5],
      ['bytes=0-0', 0, 0],
      ['bytes=-3', 17, 19],
      ['bytes=12-', 12, 19],
    ] as const) {
      const response = await download(relay, attachment, { range });
      expect(response.status, range).toBe(206);
      expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/20`);
      expect(response.headers.get('content-length')).toBe(String(end - start + 1));
      expect(await response.text(), range).toBe(DIGITS.slice(start, end + 1));
    }
    expect(ranges).toHaveLength(4);
  });
});
