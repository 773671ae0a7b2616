import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../packages/relay/src/test-support/fake-openai-server.js';
import { launchChromium } from './support/chromium.js';
import { SHOP_DIR, startRelay, type RunningRelay } from './support/relay.js';

const TOKENS = ['The ', 'Aster ', 'kettle ', 'ships ', 'the ', 'same ', 'day ', 'and ', 'arrives ', 'in ', '2–3 ', 'working ', 'days.'];
const ANSWER = TOKENS.join('');

let fake: FakeOpenAiServer;
let relay: RunningRelay;
let browser: Browser;
let shop: Page;
const pageErrors: string[] = [];

/** What the page saw: each text the draft bubble showed, and every text added to the live log. */
interface Seen {
  drafts: { text: string; ariaHidden: string | null; insideLog: boolean }[];
  logAdditions: string[];
}

beforeAll(async () => {
  fake = await startFakeOpenAiServer();
  // 13 tokens 120 ms apart: about 1.5 s of streaming, so the widget must show it growing.
  fake.script({ kind: 'stream', tokens: TOKENS, delayMs: 120 });
  relay = await startRelay({
    dev: true,
    demoDir: SHOP_DIR,
    adapters: [{ type: 'openai', name: 'openai', baseUrl: fake.url, model: 'fake-model' }],
    routing: { chain: ['openai', 'console'] },
  });
  browser = await launchChromium();
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  shop = await context.newPage();
  shop.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await relay?.remove();
  await fake?.close();
});

describe('a bot reply streamed from an OpenAI-compatible server, in Chromium', () => {
  it('grows token by token in the widget and is read out once, whole, by the live region', async () => {
    await shop.goto(`${relay.baseUrl}/`);
    await shop.locator('[part="launcher"]').first().click();
    await shop.locator('[part="input"]').waitFor();
    // Watch the message list from inside the page: every draft text and every addition to the log.
    await shop.evaluate(() => {
      const list = document.querySelector('confab-chat')!.shadowRoot!.querySelector('confab-message-list')!.shadowRoot!;
      const seen: Seen = { drafts: [], logAdditions: [] };
      (window as unknown as { seen: Seen }).seen = seen;
      const log = list.querySelector('[role="log"]')!;
      new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) if (node.textContent?.trim()) seen.logAdditions.push(node.textContent);
          if (record.type === 'characterData' && record.target.textContent?.trim()) seen.logAdditions.push(record.target.textContent);
        }
      }).observe(log, { childList: true, subtree: true, characterData: true });
      new MutationObserver(() => {
        const draft = list.querySelector('[part="draft"]');
        const text = draft?.querySelector('.text')?.textContent ?? '';
        if (draft && text && seen.drafts.at(-1)?.text !== text) {
          seen.drafts.push({ text, ariaHidden: draft.getAttribute('aria-hidden'), insideLog: log.contains(draft) });
        }
      }).observe(list, { childList: true, subtree: true, characterData: true });
    });
    await shop.locator('[part="input"]').fill('How fast do you ship the Aster kettle?');
    await shop.locator('[part="input"]').press('Enter');

    await shop.locator('[part~="message-team"]', { hasText: ANSWER }).waitFor({ timeout: 15_000 });
    await expect.poll(() => shop.locator('[part="draft"]').count()).toBe(0);
    const seen = await shop.evaluate(() => (window as unknown as { seen: Seen }).seen);

    // Token by token: several growing drafts before the end, each the start of the answer.
    expect(seen.drafts.length).toBeGreaterThanOrEqual(3);
    for (const draft of seen.drafts) {
      expect(ANSWER.startsWith(draft.text.trim())).toBe(true);
      expect(draft.ariaHidden).toBe('true');
      expect(draft.insideLog).toBe(false);
    }
    expect(seen.drafts[0]!.text.length).toBeLessThan(ANSWER.length);
    // Coalesced: fewer frames than tokens would be fine, one per token at most.
    expect(seen.drafts.length).toBeLessThanOrEqual(TOKENS.length);
    // The live region got the answer once, whole, and never a piece of it (the question names the kettle too).
    const withAnswer = seen.logAdditions.filter((text) => text.includes('ships') || text.includes('working days'));
    expect(withAnswer).toHaveLength(1);
    expect(withAnswer[0]).toContain(ANSWER);

    // The model was given the shopper's question and the product they were looking at.
    const [request] = fake.requests;
    expect(request?.body?.stream).toBe(true);
    const prompt = JSON.stringify(request?.body?.messages);
    expect(prompt).toContain('How fast do you ship the Aster kettle?');
    expect(prompt).toContain('Aster');
    expect(pageErrors).toEqual([]);
  });
});
