import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../test-support/relay.js';
import { IMMUTABLE, LOADER_CACHE, REVALIDATE } from './static-files.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** Writes files (path → content) under a new temp folder and returns it. */
function fixture(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'confab-static-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

async function relayWith(options: Parameters<typeof startTestRelay>[0]): Promise<TestRelay> {
  const relay = await startTestRelay(options);
  cleanups.push(() => relay.close());
  return relay;
}

function get(relay: TestRelay, path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${relay.baseUrl}${path}`, { headers, redirect: 'manual' });
}

/** A GET whose body comes back as the bytes on the wire (fetch() would decode them). */
function getRaw(relay: TestRelay, path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(`${relay.baseUrl}${path}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('static files', () => {
  it('serves the widget’s precompressed files to clients that accept them, with the headers of the file asked for', async () => {
    const widgetDir = fixture({
      'confab.js': 'loader, plain',
      'confab.js.br': 'loader, brotli',
      'confab.js.gz': 'loader, gzip',
      'assets/app-3f9a1c.js': 'app, plain',
      'assets/app-3f9a1c.js.gz': 'app, gzip',
    });
    const relay = await relayWith({ widgetDir });

    const brotli = await getRaw(relay, '/widget/confab.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.body.toString()).toBe('loader, brotli');
    expect(brotli.headers).toMatchObject({ 'content-encoding': 'br', 'cache-control': LOADER_CACHE, 'access-control-allow-origin': '*' });
    expect(brotli.headers['content-type']).toMatch(/javascript/);
    expect(brotli.headers.vary).toMatch(/accept-encoding/i);

    const gzip = await getRaw(relay, '/widget/confab.js', { 'accept-encoding': 'gzip' });
    expect(gzip.body.toString()).toBe('loader, gzip');
    expect(gzip.headers).toMatchObject({ 'content-encoding': 'gzip', 'cache-control': LOADER_CACHE });

    const plain = await getRaw(relay, '/widget/confab.js', { 'accept-encoding': 'identity' });
    expect(plain.body.toString()).toBe('loader, plain');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);

    // Without a .br beside it, a Brotli client gets the gzip file; the chunk keeps its own caching.
    const chunk = await getRaw(relay, '/widget/assets/app-3f9a1c.js', { 'accept-encoding': 'br, gzip' });
    expect(chunk.body.toString()).toBe('app, gzip');
    expect(chunk.headers).toMatchObject({ 'content-encoding': 'gzip', 'cache-control': IMMUTABLE, 'x-content-type-options': 'nosniff' });
    expect(chunk.headers['content-type']).toMatch(/javascript/);
  });

  it('serves the widget loader briefly cached with an ETag, and hashed chunks forever, to any origin', async () => {
    const widgetDir = fixture({ 'confab.js': '(function(){/* loader */})();', 'assets/app-3f9a1c.js': 'export const app = 1;' });
    const relay = await relayWith({ widgetDir });

    const loader = await get(relay, '/widget/confab.js');
    expect(loader.status).toBe(200);
    expect(loader.headers.get('cache-control')).toBe(LOADER_CACHE);
    expect(loader.headers.get('content-type')).toMatch(/javascript/);
    expect(loader.headers.get('access-control-allow-origin')).toBe('*');
    const etag = loader.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(await loader.text()).toContain('loader');
    // An explicit Cache-Control stops fetch() from adding `no-cache`, which would force a full answer.
    const revalidated = await get(relay, '/widget/confab.js', { 'if-none-match': etag!, 'cache-control': 'max-age=0' });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('cache-control')).toBe(LOADER_CACHE);

    const chunk = await get(relay, '/widget/assets/app-3f9a1c.js');
    expect(chunk.status).toBe(200);
    expect(chunk.headers.get('cache-control')).toBe(IMMUTABLE);
    expect(chunk.headers.get('access-control-allow-origin')).toBe('*');
    expect(chunk.headers.get('x-content-type-options')).toBe('nosniff');

    const missing = await get(relay, '/widget/assets/nope.js');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'CONFAB_NOT_FOUND' });
    expect((await get(relay, '/widget/../package.json')).status).toBe(404);
    expect((await get(relay, '/widget/assets/')).status).toBe(404);
    expect((await get(relay, '/widget/')).status).toBe(404);
  });

  it('serves the console’s precompressed index.html with its locked-down headers', async () => {
    const consoleDir = fixture({ 'index.html': '<title>plain</title>', 'index.html.br': 'brotli index' });
    const relay = await relayWith({ consoleDir });

    const index = await getRaw(relay, '/console/', { 'accept-encoding': 'br' });
    expect(index.status).toBe(200);
    expect(index.body.toString()).toBe('brotli index');
    expect(index.headers).toMatchObject({ 'content-encoding': 'br', 'cache-control': REVALIDATE, 'x-frame-options': 'DENY' });
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('serves the console with a revalidated, locked-down index.html and immutable assets', async () => {
    const consoleDir = fixture({ 'index.html': '<!doctype html><title>Console</title>', 'assets/index-a1b2c3.js': 'console.log(1)' });
    const relay = await relayWith({ consoleDir });

    const index = await get(relay, '/console/');
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe(REVALIDATE);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(index.headers.get('content-security-policy')).toContain(`ws://127.0.0.1:${relay.port}`);
    expect(await index.text()).toContain('<title>Console</title>');

    const asset = await get(relay, '/console/assets/index-a1b2c3.js');
    expect(asset.headers.get('cache-control')).toBe(IMMUTABLE);

    const bare = await get(relay, '/console');
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/console/');
  });

  it('serves the demo shop at / in dev mode only', async () => {
    const demoDir = fixture({ 'index.html': '<h1>Aster kettle</h1>' });
    const dev = await relayWith({ dev: true, demoDir });
    const page = await get(dev, '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe(REVALIDATE);
    expect(await page.text()).toContain('Aster kettle');
    // The relay's own routes still win over the shop's folder.
    expect((await get(dev, '/healthz')).status).toBe(200);

    const production = await relayWith({ demoDir });
    const none = await get(production, '/');
    expect(none.status).toBe(404);
  });

  it('warns once and answers 404 when a build is missing, without failing to start', async () => {
    const lines: string[] = [];
    const empty = fixture({});
    const relay = await relayWith({
      widgetDir: join(empty, 'widget-not-built'),
      consoleDir: join(empty, 'console-not-built'),
      logLevel: 'warn',
      logStream: { write: (line) => void lines.push(line) },
    });
    const warnings = lines.map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(warnings.filter((entry) => entry.msg.includes('widget bundle is not built'))).toHaveLength(1);
    expect(warnings.filter((entry) => entry.msg.includes('console is not built'))).toHaveLength(1);
    const widget = await get(relay, '/widget/confab.js');
    expect(widget.status).toBe(404);
    expect(await widget.json()).toMatchObject({ statusCode: 404, code: 'CONFAB_NOT_FOUND', error: 'Not Found' });
    expect((await get(relay, '/console/')).status).toBe(404);
    expect((await get(relay, '/healthz')).status).toBe(200);
  });
});
