import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelay } from '@confab/relay';

const shopDir = fileURLToPath(new URL('./public', import.meta.url));
let baseUrl = '';
let close = async () => {};

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'confab-shop-'));
  const app = await createRelay({ dataDir, agentToken: 'shop-smoke-token', dev: true, demoDir: shopDir, logLevel: 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  baseUrl = `http://127.0.0.1:${address.port}`;
  close = async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
});
afterAll(() => close());

describe('example shop', () => {
  it('is served at / by a dev relay with one async script tag', async () => {
    const response = await fetch(`${baseUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    const tags = html.match(/<script[^>]*src="\/widget\/confab\.js"[^>]*><\/script>/g) ?? [];
    expect(tags).toHaveLength(1);
    expect(tags[0]).toContain(' async');
  });

  it('describes its product in schema.org JSON-LD the widget can read', async () => {
    const html = await (await fetch(`${baseUrl}/`)).text();
    const json = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1];
    const product = JSON.parse(json ?? 'null') as Record<string, any>;
    expect(product['@type']).toBe('Product');
    expect(product.name).toBe('Aster Gooseneck Kettle');
    expect(product.sku).toBe('AST-090-BLK');
    expect(product.offers).toMatchObject({ price: '89.00', priceCurrency: 'EUR', availability: 'https://schema.org/InStock' });
  });

  it('serves its stylesheet, image and the built widget loader', async () => {
    for (const [path, type] of [
      ['/shop.css', /text\/css/],
      ['/kettle.svg', /image\/svg\+xml/],
      ['/widget/confab.js', /javascript/],
    ] as const) {
      const response = await fetch(`${baseUrl}${path}`);
      expect(response.status, `${path} (run \`pnpm build\` if the widget is missing)`).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(type);
    }
  });
});
