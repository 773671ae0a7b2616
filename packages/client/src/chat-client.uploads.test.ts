import { DEFAULT_LIMITS, type Attachment } from '@confab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatClient } from './chat-client.js';
import type { FetchLike } from './options.js';
import { FakeRelay } from './test-support/fake-relay.js';
import { rejection, setup } from './test-support/harness.js';
import { startUploadServer, type UploadServer } from './test-support/upload-server.js';

/** Waits (real time) until `check` holds. */
async function until(check: () => boolean, what = 'condition'): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} not met within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A client whose socket goes to a fake relay and whose uploads go to a real Fastify server under `basePath`. */
async function uploading(options: { basePath?: string; relay?: FakeRelay; autoConnect?: boolean; fetch?: FetchLike; requestTimeoutMs?: number } = {}) {
  const server = await startUploadServer(options.basePath);
  cleanups.push(() => server.close());
  const relay = options.relay ?? new FakeRelay();
  server.token = relay.token;
  const { client, events } = setup({
    relay,
    url: server.url,
    autoConnect: options.autoConnect,
    fetch: options.fetch,
    requestTimeoutMs: options.requestTimeoutMs,
    backoff: { baseMs: 10, maxMs: 20 },
  });
  cleanups.push(() => client.close());
  return { server, relay, client, events };
}

const png = (bytes = 16) => new Blob([new Uint8Array(bytes).fill(7)], { type: 'image/png' });

describe('ChatClient.upload()', () => {
  it('posts the bytes with the session token and resolves with the attachment, its URL absolute under the base path', async () => {
    const { server, client } = await uploading({ basePath: '/chat' });
    const attachment = await client.upload(png(16), 'Kettle photo.png');
    expect(server.received).toHaveLength(1);
    const [received] = server.received;
    expect(received).toMatchObject({ name: 'Kettle photo.png', contentType: 'image/png', authorization: `Bearer ${server.token}` });
    expect([...received!.bytes]).toEqual(new Array(16).fill(7));
    expect(attachment).toEqual({
      id: expect.any(String),
      name: 'Kettle photo.png',
      type: 'image/png',
      size: 16,
      url: `${server.url}/v1/uploads/${attachment.id}/Kettle%20photo.png`,
    });
    expect(attachment.url.startsWith('http://127.0.0.1:')).toBe(true);
    expect(new URL(attachment.url).pathname.startsWith('/chat/v1/uploads/')).toBe(true);
  });

  it('sends a Uint8Array as application/octet-stream, and names a nameless Blob "file"', async () => {
    const { server, client } = await uploading();
    server.types.push('application/octet-stream');
    await client.upload(new TextEncoder().encode('order A-1042'), 'order.txt');
    await client.upload(new Blob(['x']));
    expect(server.received.map(({ name, contentType }) => [name, contentType])).toEqual([
      ['order.txt', 'application/octet-stream'],
      ['file', 'application/octet-stream'],
    ]);
  });

  it('refuses a file over the announced maxUploadBytes before uploading anything', async () => {
    const relay = new FakeRelay({ limits: { ...DEFAULT_LIMITS, maxUploadBytes: 10, uploadTypes: ['image/*'] } });
    const { server, client } = await uploading({ relay });
    const error = await rejection(client.upload(png(11), 'big.png'));
    expect(error.code).toBe('CONFAB_UPLOAD_TOO_LARGE');
    expect(error.message).toContain('11 bytes');
    expect(error.message).toContain('10 bytes');
    await client.upload(png(10), 'fits.png');
    expect(server.received.map((upload) => upload.name)).toEqual(['fits.png']);
  });

  it('refuses a Blob whose type is outside the announced uploadTypes, matching wildcards, and leaves an unknown type to the relay', async () => {
    const relay = new FakeRelay({ limits: { ...DEFAULT_LIMITS, maxUploadBytes: 1000, uploadTypes: ['image/*', 'text/plain'] } });
    const { server, client } = await uploading({ relay });
    server.types.push('image/jpeg', 'application/octet-stream');
    const error = await rejection(client.upload(new Blob(['%PDF'], { type: 'application/pdf' }), 'invoice.pdf'));
    expect(error.code).toBe('CONFAB_UPLOAD_TYPE_REFUSED');
    expect(error.message).toContain('application/pdf');
    await client.upload(new Blob(['jpeg'], { type: 'image/jpeg' }), 'photo.jpg');
    await client.upload(new Blob(['hi'], { type: 'text/plain;charset=utf-8' }), 'note.txt').catch(() => {});
    // No type at all: the relay sniffs the content.
    await client.upload(new Blob(['?']), 'unknown');
    expect(server.received.map((upload) => upload.name)).toEqual(['photo.jpg', 'note.txt', 'unknown']);
  });

  it('maps the relay’s error bodies to their codes: 413, 415, 401', async () => {
    const { server, client } = await uploading();
    server.maxBytes = 4;
    expect((await rejection(client.upload(png(5), 'big.png'))).code).toBe('CONFAB_UPLOAD_TOO_LARGE');
    expect((await rejection(client.upload(new Blob(['GIF'], { type: 'image/gif' }), 'a.gif'))).code).toBe('CONFAB_UPLOAD_TYPE_REFUSED');
    server.token = 'another-session-token-0123456789';
    expect((await rejection(client.upload(png(2), 'a.png'))).code).toBe('CONFAB_AUTH_REJECTED');
    expect(server.received).toHaveLength(3);
  });

  it('reports an answer without a known code as CONFAB_INTERNAL with the status, and an unreachable relay as CONFAB_NOT_CONNECTED', async () => {
    const answers: (() => Promise<Awaited<ReturnType<FetchLike>>>)[] = [
      async () => ({ ok: false, status: 502, json: () => Promise.reject(new SyntaxError('Unexpected token <')) }),
      async () => ({ ok: false, status: 404, json: async () => ({ statusCode: 404, error: 'Not Found', message: 'Route POST:/v1/uploads not found' }) }),
      async () => ({ ok: true, status: 201, json: async () => ({ id: 'not an attachment' }) }),
      () => Promise.reject(new TypeError('fetch failed')),
    ];
    const fetch: FetchLike = () => answers.shift()!();
    const { client } = await uploading({ fetch });
    const bad = await rejection(client.upload(png(), 'a.png'));
    expect(bad.code).toBe('CONFAB_INTERNAL');
    expect(bad.message).toContain('HTTP 502');
    const missing = await rejection(client.upload(png(), 'a.png'));
    expect(missing.code).toBe('CONFAB_INTERNAL');
    expect(missing.message).toContain('404');
    expect(missing.message).toContain('Route POST:/v1/uploads not found');
    const malformed = await rejection(client.upload(png(), 'a.png'));
    expect(malformed.code).toBe('CONFAB_INTERNAL');
    expect(malformed.message).toContain('attachment');
    const offline = await rejection(client.upload(png(), 'a.png'));
    expect(offline.code).toBe('CONFAB_NOT_CONNECTED');
    expect(offline.message).toContain('fetch failed');
  });

  it('reports a closed port as CONFAB_NOT_CONNECTED', async () => {
    const { server, client } = await uploading();
    await until(() => client.state === 'open');
    await server.close();
    expect((await rejection(client.upload(png(), 'a.png'))).code).toBe('CONFAB_NOT_CONNECTED');
  });

  it('waits for the welcome, connecting an idle client, before it uploads', async () => {
    const { server, client } = await uploading({ autoConnect: false });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(client.state).toBe('idle');
    const attachment = await client.upload(png(), 'a.png');
    expect(client.state).toBe('open');
    expect(attachment.size).toBe(16);
    expect(server.received[0]!.authorization).toBe(`Bearer ${server.token}`);
  });

  it('gives up with CONFAB_TIMEOUT when no welcome comes within requestTimeoutMs', async () => {
    const relay = new FakeRelay();
    relay.isDown = true;
    const { server, client } = await uploading({ relay, requestTimeoutMs: 100 });
    const started = Date.now();
    const error = await rejection(client.upload(png(), 'a.png'));
    expect(error.code).toBe('CONFAB_TIMEOUT');
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(server.received).toEqual([]);
  });

  it('rejects with the signal’s reason when aborted while waiting or before', async () => {
    const relay = new FakeRelay();
    relay.isDown = true;
    const { server, client } = await uploading({ relay });
    const controller = new AbortController();
    const upload = client.upload(png(), 'a.png', { signal: controller.signal });
    controller.abort();
    await expect(upload).rejects.toMatchObject({ name: 'AbortError' });
    await expect(client.upload(png(), 'a.png', { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.received).toEqual([]);
  });

  it('refuses what is not a file, or a bad name, with CONFAB_REQUEST_INVALID before anything is sent; after close() with CONFAB_CLIENT_CLOSED', async () => {
    const { server, client } = await uploading();
    for (const [file, name] of [['just text', 'a.txt'], [undefined, 'a'], [png(), ''], [png(), 'x'.repeat(256)]] as const) {
      const error = await rejection(client.upload(file as Blob, name));
      expect(error.code).toBe('CONFAB_REQUEST_INVALID');
    }
    client.close();
    expect((await rejection(client.upload(png(), 'a.png'))).code).toBe('CONFAB_CLIENT_CLOSED');
    expect(server.received).toEqual([]);
  });

  it('uploads, then sends the message with the attachment, which comes back stored with an absolute URL', async () => {
    const { server, relay, client } = await uploading({ basePath: '/support' });
    const attachment = await client.upload(png(), 'kettle.png');
    // The fake relay learns of the upload the way the real one does: it stored it under that id.
    relay.uploads.set(attachment.id, { ...attachment, url: `/v1/uploads/${attachment.id}/kettle.png` });
    const sent = await send(client, attachment);
    expect(sent.attachments).toEqual([{ ...attachment, url: `${server.url}/v1/uploads/${attachment.id}/kettle.png` }]);
    expect(relay.visitorMessages[0]!.attachments![0]!.url).toBe(`/v1/uploads/${attachment.id}/kettle.png`);
  });
});

function send(client: ChatClient, attachment: Attachment) {
  return client.send('', { attachments: [attachment] });
}
