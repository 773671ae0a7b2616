import type { ConversationSummary } from '@confab/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { SHOP_DIR, eventually, startRelay, type RunningRelay } from './support/relay.js';

// The relay's clock starts on a Sunday afternoon in Berlin, when the team (Monday to Friday) is away.
const SUNDAY_AFTERNOON = Date.UTC(2026, 11, 6, 13, 0);
const startedAt = Date.now();

let relay: RunningRelay;
let browser: Browser;
let shop: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  relay = await startRelay({
    dev: true,
    demoDir: SHOP_DIR,
    now: () => SUNDAY_AFTERNOON + (Date.now() - startedAt),
    businessHours: {
      timeZone: 'Europe/Berlin',
      weekly: { mon: ['09:00-18:00'], tue: ['09:00-18:00'], wed: ['09:00-18:00'], thu: ['09:00-18:00'], fri: ['09:00-17:00'] },
    },
  });
  browser = await launchChromium();
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Berlin', viewport: { width: 1280, height: 800 } });
  shop = await context.newPage();
  shop.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await relay?.remove();
});

let conversationId: string | undefined;

/** The shopper's one conversation, as agents see it. */
async function conversation(): Promise<ConversationSummary> {
  if (conversationId === undefined) {
    const { conversations } = await relay.api<{ conversations: ConversationSummary[] }>('GET', '/v1/agent/conversations');
    expect(conversations).toHaveLength(1);
    conversationId = conversations[0]!.id;
  }
  return relay.api<ConversationSummary>('GET', `/v1/agent/conversations/${conversationId}`);
}

describe('outside business hours and after the chat, in Chromium', () => {
  it('says when the team is back and keeps the email the shopper leaves', async () => {
    await shop.goto(`${relay.baseUrl}/`);
    await shop.locator('[part="launcher"]').first().click();
    await shop.locator('[part="input"]').fill('Can I still order the kettle for Christmas?');
    await shop.locator('[part="input"]').press('Enter');
    const away = shop.locator('confab-away-notice');
    // Monday 09:00 in Berlin, shown in the shopper's (Berlin) time.
    await away.filter({ hasText: /We're away — we'll answer .+ at 9:00\sAM\./ }).waitFor();

    await shop.locator('[part="email-input"]').fill('not-an-address');
    await shop.locator('[part="email-submit"]').click();
    await away.filter({ hasText: 'Please enter an email address such as ana@example.com.' }).waitFor();
    await shop.locator('[part="email-input"]').fill('ana@example.com');
    await shop.locator('[part="email-submit"]').click();
    await away.filter({ hasText: "Thanks! We'll write to ana@example.com." }).waitFor();
    expect((await conversation()).email).toBe('ana@example.com');
  });

  it('asks for a rating when the agent closes the conversation, and stores it once', async () => {
    const { id } = await conversation();
    await relay.api('POST', `/v1/agent/conversations/${id}/close`);
    const rating = shop.locator('confab-rating-form');
    await rating.filter({ hasText: 'How was your chat?' }).waitFor();
    await shop.getByRole('radio', { name: '4 stars, good' }).check();
    await rating.locator('textarea').fill('Quick and kind');
    await shop.locator('[part="rating-submit"]').click();
    await rating.filter({ hasText: 'Thank you for your feedback!' }).waitFor();
    const stored = await eventually('the rating', async () => (await conversation()).rating);
    expect(stored).toEqual({ score: 4, comment: 'Quick and kind' });

    // After a reload the same conversation does not ask again.
    await shop.reload();
    await shop.locator('[part="launcher"]').first().click();
    await shop.locator('[part~="message-own"]', { hasText: 'Can I still order the kettle for Christmas?' }).waitFor();
    expect(await shop.locator('confab-rating-form').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
