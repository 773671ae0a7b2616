import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { contentTypeOf, readOrUndefined, SHOP_DIR, shopFile, WIDGET_SCRIPT_DIR } from './shop-files.js';

export { WIDGET_SCRIPT_DIR };


/** The demo shop served from its own origin, with the widget's script tag pointed at a chosen relay URL. */
export interface ShopServer {
  /** `http://127.0.0.1:port`: the shop's origin, to allow on the relay. */
  readonly origin: string;
  /** Points the page's `data-relay` at `url` (served from the next page load on). */
  setRelay(url: string): void;
  close(): Promise<void>;
}


/**
 * Serves a copy of examples/shop/public on its own port, with the widget script from the widget's
 * build, so the page and the widget load even while the relay is unreachable or down; only the
 * widget's socket goes to the relay (usually through a fault proxy). The script tag gets
 * `data-relay`, so the relay must allow this origin (`--allowed-origins`).
 */
export async function startShopServer(): Promise<ShopServer> {
  let relay = '';
  const server: Server = createServer((request, response) => {
    void (async () => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://shop').pathname);
      let body: Buffer | string | undefined;
      let file: string | undefined;
      if (path === '/' || path === '/index.html') {
        const html = await readFile(join(SHOP_DIR, 'index.html'), 'utf8');
        body = html.replace('<script src="/widget/confab.js"', `<script src="/widget/confab.js" data-relay="${relay}"`);
        file = 'index.html';
      } else {
        file = shopFile(path);
      }
      body ??= await readOrUndefined(file);
      if (body === undefined || file === undefined) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': contentTypeOf(file), 'cache-control': 'no-store' });
      response.end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('shop server did not bind a TCP port');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    setRelay(url) {
      relay = url;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

