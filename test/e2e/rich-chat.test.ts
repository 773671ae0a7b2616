import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatMessage, ConversationSummary } from '@confab/protocol';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTML_PRETENDING_TO_BE_PNG, tinyPng } from './fixtures/tiny-png.js';
import { writeDemoDir } from './fixtures/widget-page.js';
import { launchChromium } from './support/chromium.js';
import { eventually, startRelay, type RunningRelay } from './support/relay.js';

const PHOTO = tinyPng(32, 24);

let demoDir: string;
let relay: RunningRelay;
let browser: Browser;
let context: BrowserContext;
let shop: Page;
let conversationId: string;
const pageErrors: string[] = [];

async function transcript(): Promise<ChatMessage[]> {
  const page = await relay.api<{ messages: ChatMessage[] }>('GET', `/v1/agent/conversations/${conversationId}/messages?limit=200`);
  return page.messages;
}

/** Files the relay stored (bytes and metadata), temporary files included. */
function storedUploads(): string[] {
  try {
    return readdirSync(join(relay.dataDir, 'uploads'));
  } catch {
    return [];
  }
}

async function agentReply(body: Record<string, unknown>): Promise<ChatMessage> {
  return relay.api<ChatMessage>('POST', `/v1/agent/conversations/${conversationId}/messages`, { authorName: 'Mei', ...body });
}

/**
 * A JPEG as a phone camera writes one: pixels stored `width` × `height` (drawn by Chromium's own
 * encoder) with an Exif Orientation of 6, so viewers show it turned a quarter, `height` × `width`.
 */
async function sidewaysPhoneJpeg(page: Page, width: number, height: number): Promise<Buffer> {
  const base64 = await page.evaluate(
    async ([w, h]) => {
      const canvas = new OffscreenCanvas(w!, h!);
      const context = canvas.getContext('2d')!;
      context.fillStyle = '#c87828';
      context.fillRect(0, 0, w!, h!);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg' })).arrayBuffer());
      return btoa(String.fromCharCode(...bytes));
    },
    [width, height],
  );
  const jpeg = Buffer.from(base64, 'base64');
  // TIFF, big-endian: header, IFD0 at 8 with one entry, Orientation (0x0112) SHORT 1 = 6, no next IFD.
  const tiff = Buffer.from([0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
  const exif = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (exif.length + 2) >> 8, (exif.length + 2) & 0xff]), exif]);
  // Right after the start-of-image marker, where cameras put it.
  return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
}

beforeAll(async () => {
  demoDir = writeDemoDir({ 'rich.html': {}, 'ar.html': { attributes: { locale: 'ar' } } }, { 'aster-pro.png': tinyPng(40, 40, [200, 120, 40]) });
  relay = await startRelay({ dev: true, demoDir });
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  shop = await context.newPage();
  shop.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await relay?.remove();
  if (demoDir) rmSync(demoDir, { recursive: true, force: true });
});

describe('rich messages in Chromium', () => {
  it('sends a photo picked in the composer: a preview first, then a thumbnail served with safe headers', async () => {
    await shop.goto(`${relay.baseUrl}/rich.html`);
    await shop.locator('[part="launcher"]').first().click();
    await shop.locator('[part="input"]').waitFor();
    // The attach button appears once the relay's welcome announced upload limits.
    await shop.locator('[part="attach"]').waitFor({ timeout: 15_000 });

    await shop.locator('confab-composer input[type=file]').setInputFiles({ name: 'kettle-photo.png', mimeType: 'image/png', buffer: PHOTO });
    const tray = shop.locator('[part="attachments"] [part="attachment"]');
    await tray.filter({ hasText: 'kettle-photo.png' }).waitFor();
    expect(await tray.count()).toBe(1);
    await tray.locator('img').waitFor();

    await shop.locator('[part="input"]').fill('Is this scratch normal?');
    await shop.locator('[part="input"]').press('Enter');

    const own = shop.locator('[part~="message-own"]', { hasText: 'Is this scratch normal?' });
    const thumbnail = own.locator('img');
    await thumbnail.waitFor({ timeout: 15_000 });
    await own.locator('.status', { hasText: 'Sent' }).waitFor();
    await expect(shop.locator('[part="attachments"]').count()).resolves.toBe(0);
    await eventually('the thumbnail decoded', () => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 32));
    expect(await thumbnail.getAttribute('alt')).toBe('kettle-photo.png');

    // The relay stored the message with the attachment it sniffed and measured.
    const { conversations } = await relay.api<{ conversations: ConversationSummary[] }>('GET', '/v1/agent/conversations');
    expect(conversations).toHaveLength(1);
    conversationId = conversations[0]!.id;
    const stored = (await transcript()).find((message) => message.text === 'Is this scratch normal?');
    expect(stored?.attachments).toHaveLength(1);
    const attachment = stored!.attachments![0]!;
    expect(attachment).toMatchObject({ name: 'kettle-photo.png', type: 'image/png', size: PHOTO.length, width: 32, height: 24 });

    // The <img> points at the relay's copy, which answers the same bytes with nosniff.
    const src = await thumbnail.getAttribute('src');
    expect(src).toBe(new URL(attachment.url, relay.baseUrl).href);
    const response = await fetch(src!);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-type')).toMatch(/^image\/png\b/);
    expect(Buffer.from(await response.arrayBuffer()).equals(PHOTO)).toBe(true);
  });

  it('reserves a sideways phone photo’s box the way it is shown: upright, as its Exif orientation says', async () => {
    const photo = await sidewaysPhoneJpeg(shop, 60, 40);
    await shop.locator('confab-composer input[type=file]').setInputFiles({ name: 'upright.jpg', mimeType: 'image/jpeg', buffer: photo });
    await shop.locator('[part="attachments"] [part="attachment"]', { hasText: 'upright.jpg' }).waitFor();
    await shop.locator('[part="input"]').fill('Taken upright');
    await shop.locator('[part="input"]').press('Enter');
    const own = shop.locator('[part~="message-own"]', { hasText: 'Taken upright' });
    const thumbnail = own.locator('img');
    await thumbnail.waitFor({ timeout: 15_000 });
    // The thumbnail shows while the message is still on its way; the relay has it once it says Sent.
    await own.locator('.status', { hasText: 'Sent' }).waitFor();

    const stored = (await transcript()).find((message) => message.text === 'Taken upright');
    // Stored 60 × 40, shown 40 × 60: the relay reports what is shown.
    expect(stored?.attachments?.[0]).toMatchObject({ name: 'upright.jpg', type: 'image/jpeg', width: 40, height: 60 });
    const box = await thumbnail.evaluate((img: HTMLImageElement) => ({ width: img.getAttribute('width'), height: img.getAttribute('height') }));
    expect(box).toEqual({ width: '40', height: '60' });
    // Chromium turns the photo the same way, so the reserved box fits the picture exactly.
    const shown = await eventually('the photo decoded', () =>
      thumbnail.evaluate((img: HTMLImageElement) => (img.complete && img.naturalWidth > 0 ? { width: img.naturalWidth, height: img.naturalHeight } : undefined)),
    );
    expect(shown).toEqual({ width: 40, height: 60 });
    const rendered = await thumbnail.evaluate((img: HTMLImageElement) => img.getBoundingClientRect().toJSON() as DOMRect);
    expect([Math.round(rendered.width), Math.round(rendered.height)]).toEqual([40, 60]);
  });

  it('refuses an HTML page named cat.png, says so in the composer and stores nothing', async () => {
    const messagesBefore = (await transcript()).length;
    const ownBefore = await shop.locator('[part~="message-own"]').count();
    const uploadsBefore = storedUploads();
    await shop.locator('confab-composer input[type=file]').setInputFiles({
      name: 'cat.png',
      mimeType: 'image/png',
      buffer: HTML_PRETENDING_TO_BE_PNG,
    });
    await shop.locator('[part="attachments"] [part="attachment"]', { hasText: 'cat.png' }).waitFor();
    await shop.locator('[part="send"]').click();

    await shop
      .locator('confab-composer .error', { hasText: "cat.png is a type of file we can't take. Try an image, a PDF or a text file." })
      .waitFor();
    // The file stays picked for the shopper to remove; nothing was sent or kept.
    await expect(shop.locator('[part="attachments"] [part="attachment"]', { hasText: 'cat.png' }).count()).resolves.toBe(1);
    expect(await shop.locator('[part~="message-own"]').count()).toBe(ownBefore);
    expect((await transcript()).length).toBe(messagesBefore);
    expect(storedUploads()).toEqual(uploadsBefore);
    await shop.getByRole('button', { name: 'Remove cat.png' }).click();
    await expect(shop.locator('[part="attachments"]').count()).resolves.toBe(0);
  });

  it('renders an agent reply in the Markdown subset, with safe links only', async () => {
    await agentReply({
      text: [
        '**Good news**: that is the brushed finish.',
        '',
        '- Ships today',
        '- Free returns',
        '',
        'Follow it here: [track](https://example.com/track) or [steal](javascript:window.__pwned=1)',
      ].join('\n'),
    });
    const reply = shop.locator('[part~="message-team"]', { hasText: 'brushed finish' });
    await reply.waitFor();
    await expect(reply.locator('strong').allTextContents()).resolves.toEqual(['Good news']);
    await expect(reply.locator('ul > li').allTextContents()).resolves.toEqual(['Ships today', 'Free returns']);

    const links = reply.locator('a');
    expect(await links.count()).toBe(1);
    const track = links.first();
    await expect(track.textContent()).resolves.toBe('track');
    await expect(track.getAttribute('href')).resolves.toBe('https://example.com/track');
    await expect(track.getAttribute('target')).resolves.toBe('_blank');
    await expect(track.getAttribute('rel')).resolves.toBe('noopener noreferrer');
    // The javascript: link stays literal text.
    await expect(reply.textContent()).resolves.toContain('[steal](javascript:window.__pwned=1)');
    await reply.getByText('javascript:window.__pwned=1', { exact: false }).click();
    expect(await shop.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });

  it('shows product cards with the price formatted, link buttons as links, and sends a tapped quick reply', async () => {
    const image = `${relay.baseUrl}/aster-pro.png`;
    await agentReply({
      text: 'This one has a thermometer.',
      products: [{ name: 'Aster Kettle Pro', price: '129.00', currency: 'EUR', image, url: 'https://example.com/p/aster-pro' }],
      buttons: [{ label: 'Size guide', url: 'https://example.com/sizes' }],
      quickReplies: ['Yes please', 'No thanks'],
    });
    const reply = shop.locator('[part~="message-team"]', { hasText: 'thermometer' });
    const card = reply.locator('[part="product"]');
    await card.waitFor();
    await expect(card.getAttribute('aria-label')).resolves.toBe('Aster Kettle Pro');
    await expect(card.textContent()).resolves.toContain('€129.00');
    await expect(card.locator('img').getAttribute('src')).resolves.toBe(image);
    const view = card.locator('a');
    await expect(view.getAttribute('href')).resolves.toBe('https://example.com/p/aster-pro');
    await expect(view.getAttribute('rel')).resolves.toBe('noopener noreferrer');

    const button = reply.locator('[part="link-button"]');
    await expect(button.evaluate((element) => element.tagName)).resolves.toBe('A');
    await expect(button.textContent()).resolves.toBe('Size guide');
    await expect(button.getAttribute('href')).resolves.toBe('https://example.com/sizes');
    await expect(button.getAttribute('target')).resolves.toBe('_blank');

    const choices = shop.getByRole('group', { name: 'Suggested replies' }).locator('[part="quick-reply"]');
    await expect(choices.allTextContents()).resolves.toEqual(['Yes please', 'No thanks']);
    await choices.filter({ hasText: 'Yes please' }).click();
    await shop.locator('[part~="message-own"]', { hasText: 'Yes please' }).locator('.status', { hasText: 'Sent' }).waitFor();
    await eventually('the quick reply stored', async () =>
      (await transcript()).some((message) => message.text === 'Yes please' && message.author.role === 'visitor'),
    );
    // Answered: the choices go away.
    await expect(shop.locator('[part="quick-replies"]').count()).resolves.toBe(0);
    expect(pageErrors).toEqual([]);
  });
});

describe('Arabic in Chromium', () => {
  it('runs right to left with Arabic strings, the launcher named in Arabic from the start', async () => {
    const arabic = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
    try {
      const page = await arabic.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${relay.baseUrl}/ar.html`);
      // The loader's painted launcher already speaks Arabic, before the app has loaded.
      await expect(page.locator('confab-loader [part="launcher"]').getAttribute('aria-label')).resolves.toBe('تحدث معنا');

      const launcher = page.locator('confab-chat [part="launcher"]');
      await launcher.waitFor({ timeout: 15_000 });
      await expect(launcher.getAttribute('aria-label')).resolves.toBe('تحدث معنا');
      await expect(launcher.getAttribute('dir')).resolves.toBe('rtl');
      await launcher.click();

      const panel = page.locator('[part="panel"]');
      await panel.waitFor();
      await expect(panel.getAttribute('dir')).resolves.toBe('rtl');
      await expect(panel.getAttribute('lang')).resolves.toBe('ar');
      await expect(panel.evaluate((element) => getComputedStyle(element).direction)).resolves.toBe('rtl');
      await expect(page.locator('[part="input"]').getAttribute('placeholder')).resolves.toBe('اكتب رسالة…');
      await expect(page.locator('[part="send"]').getAttribute('aria-label')).resolves.toBe('إرسال');
      await expect(page.locator('[part~="messages"] .greeting').textContent()).resolves.toMatch(/^مرحبًا/);
      // Only the widget turned: the shop page keeps its own direction.
      await expect(page.evaluate(() => getComputedStyle(document.body).direction)).resolves.toBe('ltr');
      expect(pageErrors).toEqual([]);
    } finally {
      await arabic.close();
    }
  });
});
