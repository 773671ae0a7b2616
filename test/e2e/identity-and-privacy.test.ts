import { createHmac } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { ConversationSummary } from '@confab/protocol';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confabKeys, recordStorageWrites, storageWrites, writeDemoDir } from './fixtures/widget-page.js';
import { launchChromium } from './support/chromium.js';
import { eventually, startRelay, type RunningRelay } from './support/relay.js';

const IDENTITY_SECRET = 'e2e-identity-secret-0123456789abcdef';
const ANA = { userId: 'u_1042', name: 'Ana Lima', email: 'ana@example.com' };
const ANA_HASH = createHmac('sha256', IDENTITY_SECRET).update(ANA.userId).digest('hex');
const TEASER = 'Questions about this kettle?';

// Runs right after the synchronous script tag: the app chunk cannot have loaded yet, so the
// loader's stand-in window.Confab queues the call.
const IDENTIFY_EARLY = `
  window.__early = { hadWidget: customElements.get('confab-chat') !== undefined };
  Confab.identify(${JSON.stringify({ ...ANA, hash: ANA_HASH })});
`;
// A queued call of a method that returns a promise on the widget; the outcome as the page sees it.
const IDENTIFY_WRONG_EARLY = `
  window.__outcome = new Promise((resolve) => {
    const result = Confab.identify({ userId: 'u_1042', name: 'Mallory', hash: '${'f'.repeat(64)}' });
    if (result && typeof result.then === 'function') result.then(() => resolve('resolved'), (error) => resolve(error && error.code));
    else resolve('not a promise but a ' + typeof result);
  });
`;
// Listeners registered through the queue, before the app loaded.
const LISTEN_EARLY = `
  window.__events = [];
  Confab.on('unread-count', (event) => window.__events.push({ type: 'unread-count', count: event.count }));
  Confab.on('message', (message) => window.__events.push({ type: 'message', text: message.text, isOwn: message.isOwn, role: message.author.role }));
`;

let demoDir: string;
/** Identity secret and a proactive message. */
let relay: RunningRelay;
/** The pre-chat form for every conversation. */
let preChatRelay: RunningRelay;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

async function freshPage(options: { recordWrites?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  if (options.recordWrites) await recordStorageWrites(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

async function conversations(on: RunningRelay = relay): Promise<ConversationSummary[]> {
  return (await on.api<{ conversations: ConversationSummary[] }>('GET', '/v1/agent/conversations?status=all&limit=200')).conversations;
}

/** The conversation whose last message is `text` (each test writes its own texts). */
async function conversationEndingWith(text: string, on: RunningRelay = relay): Promise<ConversationSummary> {
  return eventually(`the conversation ending with "${text}"`, async () =>
    (await conversations(on)).find((conversation) => conversation.lastMessage?.text === text),
  );
}

async function openChat(page: Page): Promise<void> {
  await page.locator('[part="launcher"]').first().click();
  await page.locator('[part="panel"]').waitFor();
}

async function sendAndWait(page: Page, text: string): Promise<void> {
  await page.locator('[part="input"]').fill(text);
  await page.locator('[part="input"]').press('Enter');
  await page.locator('[part~="message-own"]', { hasText: text }).locator('.status', { hasText: 'Sent' }).waitFor();
}

/** Waits until the app chunk replaced the loader's stand-in window.Confab with the real API. */
async function widgetLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() => typeof (window as { Confab?: { version?: unknown } }).Confab?.version === 'string', undefined, {
    timeout: 15_000,
  });
}

beforeAll(async () => {
  demoDir = writeDemoDir({
    'plain.html': {},
    'identify.html': { afterScript: IDENTIFY_EARLY },
    'identify-wrong.html': { afterScript: IDENTIFY_WRONG_EARLY },
    'events.html': { afterScript: LISTEN_EARLY },
    'none.html': { attributes: { storage: 'none' } },
    'session.html': { attributes: { storage: 'session' } },
    'proactive.html': { attributes: { proactive: true } },
  });
  relay = await startRelay({
    dev: true,
    demoDir,
    identitySecret: IDENTITY_SECRET,
    proactive: [{ id: 'p1', text: TEASER, delaySeconds: 1 }],
  });
  preChatRelay = await startRelay({
    dev: true,
    demoDir,
    preChat: { when: 'always', fields: [{ key: 'name' }, { key: 'email', type: 'email', isRequired: true }] },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await relay?.remove();
  await preChatRelay?.remove();
  if (demoDir) rmSync(demoDir, { recursive: true, force: true });
});

describe('identity in Chromium', () => {
  it('stores a verified identity from Confab.identify() called before the widget loaded', async () => {
    const page = await freshPage();
    await page.goto(`${relay.baseUrl}/identify.html`);
    expect(await page.evaluate(() => (window as unknown as { __early: { hadWidget: boolean } }).__early.hadWidget)).toBe(false);
    await widgetLoaded(page);
    await openChat(page);
    await sendAndWait(page, 'Where is order 1042?');
    const conversation = await conversationEndingWith('Where is order 1042?');
    const summary = await eventually('the identity', async () => {
      const current = await relay.api<ConversationSummary>('GET', `/v1/agent/conversations/${conversation.id}`);
      return current.identity ? current : undefined;
    });
    expect(summary.identity).toEqual({ ...ANA, isVerified: true });
  });

  it('refuses a wrong hash with CONFAB_IDENTITY_INVALID and stores nothing', async () => {
    const page = await freshPage();
    await page.goto(`${relay.baseUrl}/plain.html`);
    await widgetLoaded(page);
    const outcome = await page.evaluate(async (hash) => {
      try {
        await window.Confab!.identify({ userId: 'u_1042', name: 'Mallory', email: 'mallory@example.com', hash });
        return 'resolved';
      } catch (error) {
        return (error as { code?: string }).code;
      }
    }, 'f'.repeat(64));
    expect(outcome).toBe('CONFAB_IDENTITY_INVALID');

    await openChat(page);
    await sendAndWait(page, 'Am I Ana now?');
    const conversation = await conversationEndingWith('Am I Ana now?');
    const summary = await relay.api<ConversationSummary>('GET', `/v1/agent/conversations/${conversation.id}`);
    expect(summary.identity).toBeUndefined();
  });

  it('lets the page see the refusal of a wrong hash passed to Confab.identify() before the widget loaded', async () => {
    const page = await freshPage();
    await page.goto(`${relay.baseUrl}/identify-wrong.html`);
    await widgetLoaded(page);
    // docs/script-tag.md: window.Confab has "the same methods", and identify() rejects with this code.
    const outcome = await page.evaluate(() => (window as unknown as { __outcome: Promise<string> }).__outcome);
    expect(outcome).toBe('CONFAB_IDENTITY_INVALID');
  });

  it('forgets the shopper on Confab.reset(): no stored keys, an empty log, a new conversation next time', async () => {
    const page = await freshPage();
    await page.goto(`${relay.baseUrl}/plain.html`);
    await openChat(page);
    await sendAndWait(page, 'Before logout');
    const before = await conversationEndingWith('Before logout');
    expect((await confabKeys(page)).local).toContain('confab:token');

    await page.evaluate(() => window.Confab!.reset());
    await page.locator('[part="panel"]').waitFor({ state: 'hidden' });
    await eventually('storage wiped', async () => (await confabKeys(page)).local.length === 0);
    expect(await confabKeys(page)).toEqual({ local: [], session: [] });

    await openChat(page);
    await expect(page.locator('[part~="message"]').count()).resolves.toBe(0);
    await sendAndWait(page, 'After logout');
    const after = await conversationEndingWith('After logout');
    expect(after.id).not.toBe(before.id);
    // The old conversation got nothing of the new shopper's.
    const old = await relay.api<ConversationSummary>('GET', `/v1/agent/conversations/${before.id}`);
    expect(old.lastMessage?.text).toBe('Before logout');
    expect(await page.locator('[part~="message"] .text').allTextContents()).toEqual(['After logout']);
  });
});

describe('storage modes and privacy in Chromium', () => {
  it('keeps nothing in Web Storage with data-storage="none", not even a probe', async () => {
    const page = await freshPage({ recordWrites: true });
    await page.goto(`${relay.baseUrl}/none.html`);
    await openChat(page);
    await sendAndWait(page, 'Nothing stored, please');
    await conversationEndingWith('Nothing stored, please');
    expect(await confabKeys(page)).toEqual({ local: [], session: [] });
    // "nothing is ever written" (docs/script-tag.md, Privacy and storage).
    expect((await storageWrites(page)).filter((write) => write.includes('confab:'))).toEqual([]);
  });

  it('keeps the session token in sessionStorage only with data-storage="session"', async () => {
    const page = await freshPage();
    await page.goto(`${relay.baseUrl}/session.html`);
    await openChat(page);
    await sendAndWait(page, 'This tab only');
    const keys = await confabKeys(page);
    expect(keys.session).toContain('confab:token');
    expect(keys.local).toEqual([]);

    // A reload of the tab continues the conversation.
    await page.reload();
    await openChat(page);
    await page.locator('[part~="message-own"]', { hasText: 'This tab only' }).waitFor();
  });

  it('opens no WebSocket before the shopper clicks the launcher', async () => {
    const page = await freshPage();
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    await page.goto(`${relay.baseUrl}/plain.html`);
    await widgetLoaded(page);
    await page.waitForTimeout(2000);
    expect(sockets).toEqual([]);
    await openChat(page);
    await eventually('the socket after the click', () => sockets.length === 1);
    expect(sockets[0]).toBe(`ws://127.0.0.1:${relay.port}/v1/ws`);
  });

  it('writes nothing to Web Storage before the shopper clicks the launcher', async () => {
    const page = await freshPage({ recordWrites: true });
    await page.goto(`${relay.baseUrl}/plain.html`);
    await widgetLoaded(page);
    await page.waitForTimeout(2000);
    expect(await confabKeys(page)).toEqual({ local: [], session: [] });
    // The docs promise no write at all before the shopper interacts (storage-mode.ts: "no probe write on page load").
    expect(await storageWrites(page)).toEqual([]);
    await openChat(page);
    await sendAndWait(page, 'Now you may store');
    expect((await confabKeys(page)).local).toContain('confab:token');
  });
});

describe('the pre-chat form in Chromium', () => {
  it('asks for the email before the text box shows, and stores the answers as the profile', async () => {
    const page = await freshPage();
    await page.goto(`${preChatRelay.baseUrl}/plain.html`);
    await openChat(page);
    const form = page.locator('[part="prechat-form"]');
    await form.waitFor({ timeout: 15_000 });
    expect(await page.locator('[part="input"]').count()).toBe(0);

    await form.getByLabel('Name').fill('Ana');
    await page.locator('[part="prechat-submit"]').click();
    await form.getByText('Please fill in Email.').waitFor();
    expect(await page.locator('[part="input"]').count()).toBe(0);
    // The conversation exists from the welcome on, without messages (so not yet in the list).
    const id = await page.evaluate(() => localStorage.getItem('confab:conversation'));
    expect(id).toEqual(expect.any(String));
    const summaryPath = `/v1/agent/conversations/${id}`;
    expect((await preChatRelay.api<ConversationSummary>('GET', summaryPath)).profile).toBeUndefined();

    await form.getByLabel('Email').fill('ana@example.com');
    await page.locator('[part="prechat-submit"]').click();
    await page.locator('[part="input"]').waitFor();
    expect(await page.locator('[part="prechat-form"]').count()).toBe(0);

    const summary = await eventually('the profile', async () => {
      const current = await preChatRelay.api<ConversationSummary>('GET', summaryPath);
      return current.profile ? current : undefined;
    });
    expect(summary.profile).toEqual({ name: 'Ana', email: 'ana@example.com' });
    expect(summary.email).toBe('ana@example.com');
    await sendAndWait(page, 'Hello after the form');
    expect((await conversationEndingWith('Hello after the form', preChatRelay)).id).toBe(summary.id);
  });
});

describe('proactive messages in Chromium', () => {
  it('shows the teaser after its delay and opens the chat with it as the greeting', async () => {
    const page = await freshPage();
    await page.goto(`${relay.baseUrl}/proactive.html`);
    await page.locator('confab-chat').waitFor({ state: 'attached', timeout: 15_000 });
    const mountedAt = Date.now();
    // The element is a box-less host; its teaser div is what shows.
    const teaser = page.locator('confab-proactive-teaser div[part="teaser"]');
    expect(await teaser.count()).toBe(0);
    await teaser.filter({ hasText: TEASER }).waitFor({ timeout: 10_000 });
    expect(Date.now() - mountedAt).toBeGreaterThanOrEqual(900);

    await page.locator('[part="teaser-text"]').click();
    await page.locator('[part="panel"]').waitFor();
    await expect(page.locator('[part~="messages"] .greeting').textContent()).resolves.toBe(TEASER);
    expect(await teaser.count()).toBe(0);
    // The agent sees which teaser the shopper answered.
    await sendAndWait(page, 'Yes, is it induction safe?');
    const conversation = await conversationEndingWith('Yes, is it induction safe?');
    const summary = await eventually('the proactive context', async () => {
      const current = await relay.api<ConversationSummary>('GET', `/v1/agent/conversations/${conversation.id}`);
      return current.context.custom?.['proactiveMessage'] ? current : undefined;
    });
    expect(summary.context.custom?.['proactiveMessage']).toBe(TEASER);
  });

  it('hides a dismissed teaser for good, also after a reload', async () => {
    const page = await freshPage();
    await page.goto(`${relay.baseUrl}/proactive.html`);
    const teaser = page.locator('confab-proactive-teaser div[part="teaser"]');
    await teaser.filter({ hasText: TEASER }).waitFor({ timeout: 15_000 });
    await page.locator('[part="teaser-dismiss"]').click();
    await teaser.waitFor({ state: 'hidden' });
    expect(await page.locator('[part="panel"]').isVisible()).toBe(false);

    await page.reload();
    await widgetLoaded(page);
    // Well past the 1 s delay.
    await page.waitForTimeout(2500);
    expect(await page.locator('confab-proactive-teaser').count()).toBe(0);
  });
});

describe('JS API events in Chromium', () => {
  it('reports unread-count and message through Confab.on() when an agent replies while the panel is closed', async () => {
    const page = await freshPage();
    await page.goto(`${relay.baseUrl}/events.html`);
    await openChat(page);
    await sendAndWait(page, 'Ping from the events page');
    const conversation = await conversationEndingWith('Ping from the events page');
    await page.locator('[part="close"]').click();
    await page.locator('[part="panel"]').waitFor({ state: 'hidden' });

    await relay.api('POST', `/v1/agent/conversations/${conversation.id}/messages`, { text: 'Pong from Mei', authorName: 'Mei' });
    type Event = { type: string; count?: number; text?: string; isOwn?: boolean; role?: string };
    const events = (): Promise<Event[]> => page.evaluate(() => (window as unknown as { __events: Event[] }).__events);
    await eventually('unread-count 1', async () => (await events()).some((event) => event.type === 'unread-count' && event.count === 1));
    const seen = await events();
    expect(seen).toContainEqual({ type: 'message', text: 'Ping from the events page', isOwn: true, role: 'visitor' });
    expect(seen).toContainEqual({ type: 'message', text: 'Pong from Mei', isOwn: false, role: 'agent' });
    await expect(page.locator('confab-chat [part="launcher"]').getAttribute('aria-label')).resolves.toBe('Chat with us, 1 unread message');

    // Reading it brings the count back to 0.
    await openChat(page);
    await eventually('unread-count 0', async () => (await events()).filter((event) => event.type === 'unread-count').at(-1)?.count === 0);
    expect(pageErrors).toEqual([]);
  });
});
