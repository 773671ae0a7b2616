import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { SHOP_DIR, startRelay, type RunningRelay } from './support/relay.js';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const QUESTION = '你好，这个水壶有现货吗？';
const ANSWER = '有的，今天下单明天发货。';
// Each would run script or become markup if a message were ever rendered as HTML.
const HOSTILE = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=2</script>',
  '[link](javascript:window.__xss=3)',
  'javascript:window.__xss=4',
  '<a href="javascript:window.__xss=5">click me</a> <b>bold</b>',
];

let relay: RunningRelay;
let browser: Browser;
let shopContext: BrowserContext;
let consoleContext: BrowserContext;
let shop: Page;
let agent: Page;
const pageErrors: string[] = [];
const dialogs: string[] = [];

function watch(page: Page, name: string): Page {
  page.on('pageerror', (error) => pageErrors.push(`${name}: ${error.message}`));
  page.on('dialog', (dialog) => {
    dialogs.push(`${name}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return page;
}

/** Message texts in the widget's log, in display order. */
function widgetTexts(page: Page): Promise<string[]> {
  return page.locator('[part~="message"] .text').allTextContents();
}

/** Elements that must never appear inside rendered messages, searched through every shadow root. */
function markupInMessages(page: Page, hostSelector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const forbidden = 'img, script, b, a[href^="javascript:" i], iframe, object';
    const found: string[] = [];
    const scan = (root: Element | ShadowRoot) => {
      for (const element of root.querySelectorAll('*')) {
        if (element.matches(forbidden)) found.push(element.outerHTML);
        if (element.shadowRoot) scan(element.shadowRoot);
      }
    };
    const findHosts = (root: Document | ShadowRoot, hosts: Element[]): Element[] => {
      for (const element of root.querySelectorAll('*')) {
        if (element.matches(selector)) hosts.push(element);
        if (element.shadowRoot) findHosts(element.shadowRoot, hosts);
      }
      return hosts;
    };
    const hosts = findHosts(document, []);
    if (hosts.length === 0) throw new Error(`no element matches ${selector}`);
    for (const host of hosts) {
      scan(host);
      if (host.shadowRoot) scan(host.shadowRoot);
    }
    return found;
  }, hostSelector);
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  relay = await startRelay({ dev: true, demoDir: SHOP_DIR });
  browser = await launchChromium();
  shopContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  consoleContext = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  shop = watch(await shopContext.newPage(), 'shop');
  agent = watch(await consoleContext.newPage(), 'console');
});

afterAll(async () => {
  await browser?.close();
  await relay?.remove();
});

describe('a shopper and an agent in Chromium', () => {
  it('sends a Chinese message from the shop page', async () => {
    await shop.goto(`${relay.baseUrl}/`);
    await shop.locator('[part="launcher"]').first().click();
    const input = shop.locator('[part="input"]');
    await input.waitFor();
    await expect(input.evaluate((el) => getComputedStyle(el).fontSize)).resolves.toBe('16px');

    // Typed with an input method: the Enter that confirms a candidate must not send.
    await input.click();
    const cdp = await shop.context().newCDPSession(shop);
    await cdp.send('Input.imeSetComposition', { text: 'nihao', selectionStart: 5, selectionEnd: 5 });
    await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 });
    await cdp.send('Input.insertText', { text: QUESTION });
    await cdp.detach();
    await expect(input.inputValue()).resolves.toBe(QUESTION);
    expect(await shop.locator('[part~="message-own"]').count()).toBe(0);

    await input.press('Enter');
    const own = shop.locator('[part~="message-own"]', { hasText: QUESTION });
    await own.locator('.status', { hasText: /Sent|已发送/ }).waitFor();
    await expect(input.inputValue()).resolves.toBe('');
    await shop.screenshot({ path: `${SCREENSHOTS}shop-sent.png`, animations: 'disabled' });
  });

  it('shows the conversation, product and visitor context in the console', async () => {
    await agent.goto(`${relay.baseUrl}/console/#token=${relay.agentToken}`);
    await agent.getByTestId('sign-in-name').fill('Mei');
    await agent.getByTestId('sign-in-submit').click();
    const item = agent.getByTestId('conversation-item').first();
    await item.waitFor();
    await expect(item.getAttribute('data-unread')).resolves.toBe('1');
    await item.click();
    await agent.getByTestId('message-text').filter({ hasText: QUESTION }).waitFor();
    const details = agent.locator('body');
    for (const text of ['Aster Gooseneck Kettle', 'AST-090-BLK', '€89.00', 'zh-CN']) {
      await details.getByText(text, { exact: false }).first().waitFor();
    }
    // The fragment carrying the token is removed from the address bar.
    expect(new URL(agent.url()).hash).toBe('');
    await agent.screenshot({ path: `${SCREENSHOTS}console-conversation.png`, animations: 'disabled' });
  });

  it('shows typing both ways', async () => {
    await shop.locator('[part="input"]').pressSequentially('还有', { delay: 30 });
    await agent.getByText(/typing/i).first().waitFor();
    await agent.getByTestId('reply-box').pressSequentially('稍等', { delay: 30 });
    await shop.locator('.typing').filter({ hasText: /Mei/ }).waitFor();
    await agent.getByTestId('reply-box').fill('');
    await shop.locator('[part="input"]').fill('');
  });

  it('delivers the agent reply to the widget', async () => {
    await agent.getByTestId('reply-box').fill(ANSWER);
    await agent.getByTestId('reply-box').press('Enter');
    await shop.locator('[part~="message-team"]', { hasText: ANSWER }).waitFor();
    // The agent read the question while the conversation was open: the shopper sees "Read".
    await shop.locator('[part~="message-own"] .status', { hasText: /Read|已读/ }).waitFor();
    expect(await widgetTexts(shop)).toEqual([QUESTION, ANSWER]);
    await shop.screenshot({ path: `${SCREENSHOTS}shop-replied.png`, animations: 'disabled' });
  });

  it('never runs or renders markup from messages, in the widget or the console', async () => {
    for (const text of HOSTILE) {
      await agent.getByTestId('reply-box').fill(text);
      await agent.getByTestId('reply-box').press('Enter');
    }
    await shop.locator('[part="input"]').fill(HOSTILE[0]!);
    await shop.locator('[part="input"]').press('Enter');
    await shop.locator('[part~="message-own"]', { hasText: 'onerror' }).waitFor();
    await shop.locator('[part~="message-team"]', { hasText: 'click me' }).waitFor();
    await agent.getByTestId('message-text').filter({ hasText: 'onerror' }).nth(1).waitFor();

    // Texts arrive exactly as written, as text.
    expect(await widgetTexts(shop)).toEqual([QUESTION, ANSWER, ...HOSTILE, HOSTILE[0]]);
    await shop.locator('[part~="message"] .text').last().click();
    await agent.getByTestId('message-text').last().click();
    expect(await markupInMessages(shop, '[part~="messages"]')).toEqual([]);
    expect(await markupInMessages(agent, '[data-testid="transcript"]')).toEqual([]);
    expect(await shop.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await agent.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  it('answers with a quick reply the team saved in the console, inserted with /', async () => {
    await agent.getByTestId('open-quick-replies').click();
    await agent.getByTestId('quick-reply-shortcut').fill('shipping');
    await agent.getByTestId('quick-reply-text').fill('We ship within 24 hours from our Berlin warehouse.');
    await agent.getByTestId('save-quick-reply').click();
    await agent.getByTestId('quick-reply-item').filter({ hasText: 'shipping' }).waitFor();
    await agent.getByTestId('close-quick-replies').click();

    const box = agent.getByTestId('reply-box');
    await box.click();
    await box.pressSequentially('/ship');
    await agent.getByTestId('quick-reply-option').filter({ hasText: 'shipping' }).waitFor();
    await box.press('Enter');
    await expect(box.inputValue()).resolves.toBe('We ship within 24 hours from our Berlin warehouse.');
    await box.press('Enter');
    await shop.locator('[part~="message-team"]', { hasText: 'Berlin warehouse' }).waitFor();
  });

  it('closes the conversation from the console and tells the shopper', async () => {
    await agent.getByTestId('close-conversation').click();
    await agent.getByTestId('confirm-close').click();
    await agent.getByTestId('conversation-status').filter({ hasText: /closed/i }).waitFor();
    await shop.locator('[part="notice"]', { hasText: 'This conversation has ended' }).waitFor();
  });

  it('shows the whole history after the shop page is reloaded', async () => {
    await shop.reload();
    await shop.locator('[part="launcher"]').first().click();
    await shop.locator('[part~="message-team"]', { hasText: 'Berlin warehouse' }).waitFor();
    expect(await widgetTexts(shop)).toEqual([
      QUESTION,
      ANSWER,
      ...HOSTILE,
      HOSTILE[0],
      'We ship within 24 hours from our Berlin warehouse.',
    ]);
    await shop.screenshot({ path: `${SCREENSHOTS}shop-reloaded.png`, animations: 'disabled' });

    // Esc closes the panel and gives focus back to the launcher.
    await shop.locator('[part="input"]').focus();
    await shop.keyboard.press('Escape');
    await shop.locator('[part="panel"]').waitFor({ state: 'hidden' });
    const focused = await shop.evaluate(() => {
      let active = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return active?.getAttribute('part');
    });
    expect(focused).toBe('launcher');
    expect(pageErrors).toEqual([]);
  });
});
