import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '@confab/protocol';
import { launchChromium } from '../support/chromium.js';
import { startRelayProcess, type RelayProcess } from '../support/relay-process.js';
import { startShopServer, type ShopServer } from '../support/shop-server.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { fetchTranscript, postReplyWithRetries, type AgentEndpoint } from './agent.js';
import { agentEndpoint, BURST_FRIENDLY } from './fixture.js';
import { seededRandom } from './seeded-random.js';

// The widget on the demo shop in headless Chromium. The page and the widget script come from a
// static server, the widget's socket goes through a fault proxy to a relay child process: the
// relay can be made unreachable while the page still loads and reloads.

let relay: RelayProcess;
let proxy: TcpProxy;
let shop: ShopServer;
let browser: Browser;
let agent: AgentEndpoint;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  shop = await startShopServer();
  relay = await startRelayProcess({ args: [...BURST_FRIENDLY, '--allowed-origins', shop.origin] });
  proxy = await startTcpProxy(relay.port);
  shop.setRelay(`http://127.0.0.1:${proxy.port}`);
  agent = agentEndpoint(relay);
  browser = await launchChromium();
}, 60_000);

beforeEach(async (context) => {
  proxy.clearFaults();
  if (!relay.isRunning) await relay.restart();
  pageErrors.length = 0;
  context.onTestFailed(() => console.log(`relay output:\n${relay.output()}`));
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await relay?.remove();
  await shop?.close();
});

/** A fresh shopper: its own browser profile (storage), with every sound the page makes counted. */
async function newShopper(): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  // Whichever way the widget makes a sound (an <audio> element, or Web Audio sources started
  // together, such as the notes of one chime), count each sound once, per tab.
  await context.addInitScript(() => {
    const counter = { sounds: 0, lastStart: -Infinity };
    (window as unknown as { __sounds: typeof counter }).__sounds = counter;
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      counter.sounds++;
      return play.call(this);
    };
    const start = AudioScheduledSourceNode.prototype.start;
    AudioScheduledSourceNode.prototype.start = function (this: AudioScheduledSourceNode, ...args: [number?]) {
      if (performance.now() - counter.lastStart > 100) counter.sounds++;
      counter.lastStart = performance.now();
      return start.apply(this, args);
    };
  });
  return context;
}

async function openTab(context: BrowserContext, name: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${name}: ${error.message}`));
  await page.goto(`${shop.origin}/`);
  await page.locator('[part="launcher"]').first().waitFor();
  return page;
}

async function openPanel(page: Page): Promise<void> {
  if (await page.locator('[part="input"]').isVisible()) return;
  await page.locator('[part="launcher"]').first().click();
  await page.locator('[part="input"]').waitFor();
}

async function closePanel(page: Page): Promise<void> {
  await page.locator('[part="close"]').click();
  await page.locator('[part="panel"]').waitFor({ state: 'hidden' });
}

async function type(page: Page, text: string): Promise<void> {
  const input = page.locator('[part="input"]');
  await input.fill(text);
  await input.press('Enter');
}

/** The message texts the widget shows, in display order. */
function shownTexts(page: Page): Promise<string[]> {
  return page.locator('[part~="message"] .text').allTextContents();
}

async function waitForStatus(page: Page, text: string, status: RegExp): Promise<void> {
  await page.locator('[part~="message-own"]', { hasText: text }).locator('.status', { hasText: status }).waitFor({ timeout: 30_000 });
}

function conversationOf(page: Page): Promise<string> {
  return page.evaluate(() => localStorage.getItem('confab:conversation') ?? '');
}

function soundsIn(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __sounds: { sounds: number } }).__sounds.sounds);
}

function badgeOf(page: Page): Promise<string | null> {
  return page
    .locator('[part="badge"]')
    .first()
    .textContent({ timeout: 200 })
    .catch(() => null);
}

/** Waits for `check` to hold, polling; fails with the last value seen. */
async function until<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value)) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

async function reply(conversationId: string, text: string, random: ReturnType<typeof seededRandom>): Promise<ChatMessage> {
  return (await postReplyWithRetries(agent, conversationId, { id: random.id(), text, authorName: 'Mei' })).message;
}

describe('the widget in Chromium under faults', () => {
  const outages = [
    {
      name: 'the network to the relay is down',
      // The agent answers during the outage; the shopper gets it on coming back.
      isReplyDuringOutage: true,
      async begin() {
        proxy.setBlocked(true);
        proxy.cutAll();
      },
      async end() {
        proxy.setBlocked(false);
      },
    },
    {
      name: 'the relay is killed and restarted',
      // No relay to answer during the outage: the agent answers just before.
      isReplyDuringOutage: false,
      async begin() {
        await relay.kill('SIGKILL');
      },
      async end() {
        await relay.restart();
      },
    },
  ];

  for (const outage of outages) {
    it(`sends messages typed while ${outage.name} once each, in order, across a page reload`, { timeout: 90_000 }, async () => {
      const random = seededRandom(`offline reload: ${outage.name}`);
      const context = await newShopper();
      const page = await openTab(context, 'shop');
      await openPanel(page);
      await type(page, 'before the outage');
      await waitForStatus(page, 'before the outage', /Sent|Read/);
      const conversationId = await conversationOf(page);
      const answer = 'answered while you were away';
      if (!outage.isReplyDuringOutage) {
        await reply(conversationId, answer, random);
        await page.locator('[part~="message-team"]', { hasText: answer }).waitFor();
      }

      // The relay becomes unreachable; the shop's page still loads.
      await outage.begin();
      const offline = ['typed offline 1', '离线时写的 2 🫖', 'typed offline 3'];
      for (const text of offline) await type(page, text);
      const before = outage.isReplyDuringOutage ? ['before the outage'] : ['before the outage', answer];
      expect(await shownTexts(page)).toEqual([...before, ...offline]);
      for (const text of offline) {
        await expect(page.locator('[part~="message-own"]', { hasText: text }).locator('.status').textContent()).resolves.not.toMatch(/Sent|Read/);
      }
      if (outage.isReplyDuringOutage) await reply(conversationId, answer, random);

      await page.reload();
      await openPanel(page);
      // Kept in browser storage: shown once each after the reload, still waiting to go out. (The
      // history comes from the relay, so it is back only once the relay is reachable.)
      await until('the offline messages after the reload', () => shownTexts(page), (texts) => texts.length >= offline.length);
      expect(await shownTexts(page)).toEqual(offline);

      // The relay is back (browsers fire `online` when the network returns, and the client retries at once).
      await outage.end();
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      for (const text of offline) await waitForStatus(page, text, /Sent|Read/);
      await page.locator('[part~="message-team"]', { hasText: answer }).waitFor();

      const transcript = await fetchTranscript(agent, conversationId);
      const expected = ['before the outage', answer, ...offline];
      expect(transcript.map((message) => message.text)).toEqual(expected);
      expect(transcript.map((message) => message.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(await shownTexts(page)).toEqual(expected);
      expect(pageErrors).toEqual([]);
    });
  }

  describe('two tabs of one shopper', () => {
    /** Two tabs in one browser profile, chatting in one conversation; both panels closed at the end. */
    async function twoTabs(): Promise<{ tabA: Page; tabB: Page; conversationId: string }> {
      const context = await newShopper();
      const tabA = await openTab(context, 'tab A');
      await openPanel(tabA);
      await type(tabA, 'hello from tab A');
      await waitForStatus(tabA, 'hello from tab A', /Sent|Read/);
      const tabB = await openTab(context, 'tab B');
      await openPanel(tabB);
      await tabB.locator('[part~="message-own"]', { hasText: 'hello from tab A' }).waitFor();
      await type(tabB, 'hello from tab B');
      await waitForStatus(tabB, 'hello from tab B', /Sent|Read/);
      await tabA.locator('[part~="message-own"]', { hasText: 'hello from tab B' }).waitFor();
      await closePanel(tabA);
      await closePanel(tabB);
      return { tabA, tabB, conversationId: await conversationOf(tabA) };
    }

    it('shows each message once in each tab, in the relay\'s order', { timeout: 60_000 }, async () => {
      const random = seededRandom('two tabs: messages');
      const { tabA, tabB, conversationId } = await twoTabs();
      for (let i = 1; i <= 3; i++) await reply(conversationId, `agent reply ${i}`, random);
      // A drop in the middle: both tabs lose their sockets and resume.
      proxy.cutAll();
      await reply(conversationId, 'agent reply after a drop', random);
      await openPanel(tabA);
      await openPanel(tabB);
      await type(tabA, 'thanks from tab A');
      await waitForStatus(tabA, 'thanks from tab A', /Sent|Read/);
      const transcript = (await fetchTranscript(agent, conversationId)).map((message) => message.text);
      expect(transcript).toHaveLength(7);
      expect(new Set(transcript).size).toBe(7);
      for (const tab of [tabA, tabB]) {
        await until('every message in the tab', () => shownTexts(tab), (texts) => texts.length >= transcript.length);
        expect(await shownTexts(tab)).toEqual(transcript);
      }
      expect(pageErrors).toEqual([]);
    });

    it('clears the unread badge in every tab when the shopper reads in one', { timeout: 60_000 }, async () => {
      const random = seededRandom('two tabs: read state');
      const { tabA, tabB, conversationId } = await twoTabs();
      for (let i = 1; i <= 2; i++) await reply(conversationId, `unread reply ${i}`, random);
      await until('the badge in tab A', () => badgeOf(tabA), (badge) => badge === '2');
      await until('the badge in tab B', () => badgeOf(tabB), (badge) => badge === '2');

      await openPanel(tabA);
      await until('the badge in tab A to clear', () => badgeOf(tabA), (badge) => badge === null);
      await until('the badge in tab B to clear after reading in tab A', () => badgeOf(tabB), (badge) => badge === null, 10_000);
      expect(pageErrors).toEqual([]);
    });

    it('plays the notification in exactly one tab per agent message', { timeout: 60_000 }, async () => {
      const random = seededRandom('two tabs: one sound');
      const { tabA, tabB, conversationId } = await twoTabs();
      const heard = async () => [await soundsIn(tabA), await soundsIn(tabB)] as const;
      for (let i = 1; i <= 2; i++) {
        const [a, b] = await heard();
        await reply(conversationId, `ping ${i}`, random);
        await until(`a sound for agent message ${i}`, heard, ([a2, b2]) => a2 + b2 > a + b, 10_000);
        // Give the other tab every chance to (wrongly) play too, and let the widget's 2 s
        // merging of chimes pass, so the next message gets a chime of its own.
        await new Promise((resolve) => setTimeout(resolve, 2500));
        const [a2, b2] = await heard();
        expect(a2 - a + (b2 - b), `sounds for message ${i} in tab A, tab B: ${a2 - a}, ${b2 - b}`).toBe(1);
      }
      expect(pageErrors).toEqual([]);
    });
  });
});
