import { rmSync } from 'node:fs';
import { request } from 'node:http';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WIDGET_TARGET } from '../../../packages/widget/src/size-budgets.js';
import { writeDemoDir } from '../fixtures/widget-page.js';
import { launchChromium } from '../support/chromium.js';
import { startRelay, type RunningRelay } from '../support/relay.js';
import { openPanel, PHONE, replyAsAgent, sendMessage, waitForWidget } from '../support/widget-states.js';

/**
 * What a shopper's browser really downloads of the widget, counted from Chromium's network
 * traffic rather than from the build: the size test (packages/widget/src/size.test.ts) adds up
 * the files the build links statically, and this checks that a plain conversation loads nothing
 * else on the way (no lazy part sneaks into every chat).
 */

let demoDir: string;
let relay: RunningRelay;
let browser: Browser;

beforeAll(async () => {
  demoDir = writeDemoDir({ 'shop.html': {} });
  relay = await startRelay({ dev: true, demoDir });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await relay?.remove();
  if (demoDir) rmSync(demoDir, { recursive: true, force: true });
});

interface Download {
  /** The path below `/widget/`, e.g. `confab.js` or `assets/confab-abc.js`. */
  file: string;
  /** Bytes of the body as the relay sends it to a client that accepts gzip. */
  gzipBytes: number;
  /** What Chromium itself received: its `Content-Encoding` and the encoded body's bytes. */
  received: { encoding: string; bytes: number };
}

/** The body's bytes as they cross the wire when the client accepts only `encoding`. */
function wireBytes(url: string, encoding: string): Promise<{ encoding: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': encoding } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve({ encoding: response.headers['content-encoding'] ?? 'identity', bytes }));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/** Records every widget script the page fetches, with the bytes Chromium got and those of gzip. */
function recordWidgetScripts(page: Page): { downloads: Download[]; settled: () => Promise<unknown> } {
  const downloads: Download[] = [];
  const reads: Promise<void>[] = [];
  page.on('response', (response) => {
    const url = response.url();
    const path = new URL(url).pathname;
    if (!path.startsWith('/widget/') || !path.endsWith('.js')) return;
    reads.push(
      (async () => {
        const [sizes, gzip] = await Promise.all([response.request().sizes(), wireBytes(url, 'gzip')]);
        expect(gzip.encoding, `${path} as gzip`).toBe('gzip');
        const encoding = (await response.headerValue('content-encoding')) ?? 'identity';
        downloads.push({ file: path.slice('/widget/'.length), gzipBytes: gzip.bytes, received: { encoding, bytes: sizes.responseBodySize } });
      })(),
    );
  });
  return { downloads, settled: () => Promise.all(reads) };
}

function total(downloads: readonly Download[]): number {
  return downloads.reduce((sum, download) => sum + download.gzipBytes, 0);
}

/** Loads the shop page, opens the chat, sends a question and waits for the agent's plain answer. */
async function chatPlainly(options: BrowserContextOptions): Promise<Download[]> {
  const context = await browser.newContext({ locale: 'en-GB', ...options });
  try {
    const page = await context.newPage();
    const { downloads, settled } = recordWidgetScripts(page);
    await page.goto(`${relay.baseUrl}/shop.html`);
    await waitForWidget(page);
    await openPanel(page);
    const question = `Does the kettle ship to Vienna? (${options.isMobile ? 'phone' : 'desktop'})`;
    await sendMessage(page, question);
    await replyAsAgent(page, relay, `Yes, it ships to Austria in 2 days (${options.isMobile ? 'phone' : 'desktop'}).`);
    // Anything loaded in the idle time after the answer counts too.
    await page.waitForTimeout(500);
    await settled();
    return downloads;
  } finally {
    await context.close();
  }
}

function report(title: string, downloads: readonly Download[]): string {
  const lines = downloads.map(
    ({ file, gzipBytes, received }) => `  ${file}: ${gzipBytes} B gzip; Chromium received ${received.bytes} B ${received.encoding}`,
  );
  const summary = `${title}: ${total(downloads)} B gzip in ${downloads.length} files (budget ${WIDGET_TARGET} B)\n${lines.join('\n')}`;
  // Straight to stdout: vitest hides console output of passing tests.
  process.stdout.write(`[widget download] ${summary}\n`);
  return summary;
}

describe('what a shopper downloads to chat, as Chromium fetches it', () => {
  it('on a desktop: the loader and the app chunk only, within 30 KB gzip', async () => {
    const downloads = await chatPlainly({ viewport: { width: 1280, height: 800 } });
    const summary = report('desktop, plain chat', downloads);
    expect(downloads.map((download) => download.file).sort(), summary).toEqual([
      expect.stringMatching(/^assets\/confab-[\w-]+\.js$/),
      'confab.js',
    ]);
    expect(total(downloads), summary).toBeLessThanOrEqual(WIDGET_TARGET);
  }, 60_000);

  it('on a phone: the phone layout comes on top as one small chunk', async () => {
    const downloads = await chatPlainly(PHONE);
    const summary = report('phone, plain chat', downloads);
    const extra = downloads.filter((download) => download.file.startsWith('assets/feature-'));
    expect(extra.map((download) => download.file), summary).toEqual([expect.stringMatching(/^assets\/feature-phone-panel-[\w-]+\.js$/)]);
  }, 60_000);
});
