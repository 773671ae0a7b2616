import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { extname, join } from 'node:path';
import { contentTypeOf, readOrUndefined, SHOP_DIR, shopFile } from './shop-files.js';


/**
 * The Trusted Types policies the widget may create: Lit's only one (lit-html's template
 * renderer, `trustedTypes.createPolicy('lit-html', …)`). ReactiveElement only reads
 * `trustedTypes.emptyScript`, which needs no policy.
 */
export const TRUSTED_TYPES_POLICIES = ['lit-html'] as const;

/** Where the page server collects violation reports (the policy's `report-uri`). */
export const REPORT_PATH = '/csp-reports';

/** Which copy of the shop page to serve: with the widget's script tag or without it. */
export type ShopPageVariant = 'with-widget' | 'without-widget' | 'with-violations';

/** One violation report the browser POSTed to {@link REPORT_PATH}. */
export interface CspReport {
  /** `effective-directive` (or `violated-directive`), e.g. `script-src-elem`, `require-trusted-types-for`. */
  directive: string;
  blockedUri: string;
  sourceFile: string;
  /** The whole report as sent. */
  raw: unknown;
}

/** Settings of {@link startShopPageServer}. */
export interface ShopPageServerOptions {
  /**
   * `strict`: every page carries {@link strictPolicy} as an enforced Content-Security-Policy;
   * `none`: no policy (e.g. for Lighthouse, which measures speed, not policy).
   * @default 'strict'
   */
  policy?: 'strict' | 'none';
  /** More attributes for the widget's script tag, e.g. `{ 'data-locale': 'ar' }`. @default {} */
  scriptAttributes?: Readonly<Record<string, string>>;
}

/** The demo shop on its own origin, with an optional strict policy and a violation report endpoint. */
export interface ShopPageServer {
  /** `http://127.0.0.1:port`: the page's origin, to allow on the relay. */
  readonly origin: string;
  /** The page's address for `variant`. */
  url(variant?: ShopPageVariant): string;
  /** Points the script tag's `data-relay` (and the policy's relay sources) at `url`. */
  setRelay(url: string): void;
  /** The Content-Security-Policy header value pages get now, or undefined without a policy. */
  policy(): string | undefined;
  /** Reports received so far. */
  reports(): readonly CspReport[];
  close(): Promise<void>;
}


/**
 * A deliberately bad script for the positive control: it assigns a string to `innerHTML` (a
 * Trusted Types sink) and creates a policy whose name is not allowed. Each must be blocked and reported.
 */
const VIOLATIONS_SCRIPT = `
try { document.createElement('div').innerHTML = '<b>not trusted</b>'; } catch (error) { window.__sinkBlocked = String(error); }
try { window.trustedTypes.createPolicy('not-allowed', { createHTML: (s) => s }); } catch (error) { window.__policyBlocked = String(error); }
`;

/**
 * The strict policy for a page whose widget talks to `relay`: only the page's own scripts and
 * styles (no inline code, no `eval`), images from the page, `data:`/`blob:` previews and the
 * relay, connections only to the relay, and Trusted Types required for every script sink.
 */
export function strictPolicy(relay: string): string {
  const relayUrl = new URL(relay);
  const socketOrigin = `${relayUrl.protocol === 'https:' ? 'wss:' : 'ws:'}//${relayUrl.host}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob: ${relayUrl.origin}`,
    `connect-src ${relayUrl.origin} ${socketOrigin}`,
    "require-trusted-types-for 'script'",
    `trusted-types ${TRUSTED_TYPES_POLICIES.join(' ')}`,
    // report-uri, not report-to: Chromium ignores report-uri when report-to is present and sends
    // Reporting API reports in delayed batches, too late for a test to wait for.
    `report-uri ${REPORT_PATH}`,
  ].join('; ');
}


function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Reads both report formats: report-uri's `{ "csp-report": {…} }` and the Reporting API's `[{ type, body }]`. */
function parseReports(text: string): CspReport[] {
  const parsed: unknown = JSON.parse(text);
  const bodies = Array.isArray(parsed)
    ? parsed.map((report: { body?: Record<string, unknown> }) => report.body ?? {})
    : [((parsed as Record<string, unknown>)['csp-report'] ?? {}) as Record<string, unknown>];
  return bodies.map((body) => ({
    directive: String(body['effective-directive'] ?? body['effectiveDirective'] ?? body['violated-directive'] ?? ''),
    blockedUri: String(body['blocked-uri'] ?? body['blockedURL'] ?? ''),
    sourceFile: String(body['source-file'] ?? body['sourceFile'] ?? ''),
    raw: body,
  }));
}

function escapeAttribute(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

/** The shop page for `variant`: the script tag pointed at `relay`, removed, or joined by bad code. */
function shopPage(html: string, variant: ShopPageVariant, relay: string, attributes: Readonly<Record<string, string>>): string {
  const tag = /<script src="\/widget\/confab\.js"[^>]*><\/script>/;
  if (!tag.test(html)) throw new Error('the demo shop page has no <script src="/widget/confab.js"> tag');
  if (variant === 'without-widget') return html.replace(tag, '');
  const extra = Object.entries({ 'data-relay': relay, ...attributes })
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
  const withRelay = html.replace('<script src="/widget/confab.js"', `<script src="/widget/confab.js"${extra}`);
  if (variant === 'with-widget') return withRelay;
  // An inline script and inline style the policy must refuse, then the bad script file.
  const bad = '<script>window.__inlineRan = true;</script><style>body { outline: 1px solid red; }</style><script src="/violations.js"></script>';
  return withRelay.replace('</body>', `${bad}</body>`);
}

/**
 * Serves a copy of examples/shop/public and the widget's built script files on its own port, so
 * the policy header is the page's own and the widget talks to a relay on another origin
 * (allow this origin on the relay with `allowedOrigins`). Variants: `/` with the widget,
 * `/?widget=none` without its script tag, `/?widget=violations` with code the policy must block.
 */
export async function startShopPageServer(options: ShopPageServerOptions = {}): Promise<ShopPageServer> {
  const isStrict = (options.policy ?? 'strict') === 'strict';
  const reports: CspReport[] = [];
  let relay = 'http://127.0.0.1:1';
  const policy = () => (isStrict ? strictPolicy(relay) : undefined);

  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://shop');
      const path = decodeURIComponent(url.pathname);
      if (path === REPORT_PATH && request.method === 'POST') {
        try {
          reports.push(...parseReports(await readBody(request)));
        } catch (error) {
          reports.push({ directive: 'unreadable-report', blockedUri: '', sourceFile: '', raw: String(error) });
        }
        response.writeHead(204).end();
        return;
      }
      let body: Buffer | string | undefined;
      let file: string | undefined;
      if (path === '/' || path === '/index.html') {
        const variant: ShopPageVariant =
          url.searchParams.get('widget') === 'none' ? 'without-widget' : url.searchParams.get('widget') === 'violations' ? 'with-violations' : 'with-widget';
        body = shopPage(await readFile(join(SHOP_DIR, 'index.html'), 'utf8'), variant, relay, options.scriptAttributes ?? {});
        file = 'index.html';
      } else if (path === '/violations.js') {
        body = VIOLATIONS_SCRIPT;
        file = 'violations.js';
      } else {
        file = shopFile(path);
      }
      body ??= await readOrUndefined(file);
      if (body === undefined || file === undefined) {
        response.writeHead(404).end();
        return;
      }
      const headers: Record<string, string> = {
        'content-type': contentTypeOf(file),
        'cache-control': 'no-store',
      };
      const header = policy();
      if (header && extname(file) === '.html') headers['content-security-policy'] = header;
      response.writeHead(200, headers);
      response.end(body);
    })().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('page server did not bind a TCP port');
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    url(variant = 'with-widget') {
      if (variant === 'without-widget') return `${origin}/?widget=none`;
      if (variant === 'with-violations') return `${origin}/?widget=violations`;
      return `${origin}/`;
    },
    setRelay(url) {
      relay = url;
    },
    policy,
    reports: () => reports,
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
