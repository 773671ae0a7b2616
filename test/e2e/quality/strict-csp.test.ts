import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { startShopPageServer, TRUSTED_TYPES_POLICIES, type ShopPageServer } from '../support/csp-server.js';
import { eventually, startRelay, type RunningRelay } from '../support/relay.js';
import { onlyConversation, openPanel, panel, replyAsAgent, sendMessage, stageWidgetState, waitForWidget, WIDGET_STATES } from '../support/widget-states.js';

let server: ShopPageServer;
let relay: RunningRelay;
let browser: Browser;

/** A violation as the page's `securitypolicyviolation` listener saw it. */
interface SeenViolation {
  directive: string;
  blocked: string;
  source: string;
}

/** What the pages of one context saw: `securitypolicyviolation` events and Chromium's console lines. */
interface Watched {
  events(page: Page): Promise<SeenViolation[]>;
  console: string[];
}

/** Records every policy violation in `context`: the listener is an init script, which the policy cannot block. */
async function watchViolations(context: BrowserContext): Promise<Watched> {
  await context.addInitScript(() => {
    const seen: { directive: string; blocked: string; source: string }[] = [];
    (window as unknown as { __violations: typeof seen }).__violations = seen;
    document.addEventListener(
      'securitypolicyviolation',
      (event) => seen.push({ directive: event.effectiveDirective, blocked: event.blockedURI, source: event.sourceFile }),
      true,
    );
  });
  const console: string[] = [];
  context.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') console.push(`${message.type()}: ${message.text()}`);
  });
  return {
    console,
    events: (page) => page.evaluate(() => (window as unknown as { __violations: SeenViolation[] }).__violations),
  };
}

/** A watched page on the shared server, plus its uncaught errors. */
async function watchedPage(): Promise<Watched & { page: Page; pageErrors: string[] }> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  const watched = await watchViolations(context);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { ...watched, page, pageErrors };
}

/** Console lines about the policy or Trusted Types. */
const aboutPolicy = (lines: readonly string[]) => lines.filter((line) => /Content Security Policy|Trusted ?Type|TrustedHTML|TrustedScript/i.test(line));

beforeAll(async () => {
  server = await startShopPageServer({ policy: 'strict' });
  relay = await startRelay({ allowedOrigins: [server.origin] });
  server.setRelay(relay.baseUrl);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await relay?.remove();
  await server?.close();
});

describe('the widget under a strict Content-Security-Policy with Trusted Types', () => {
  it('serves the shop page with the enforced policy, allowing only Lit’s Trusted Types policy', async () => {
    const response = await fetch(server.url());
    const header = response.headers.get('content-security-policy');
    expect(header).toBe(server.policy());
    expect(header).toContain("script-src 'self'");
    expect(header).toContain("style-src 'self'");
    expect(header).toContain("require-trusted-types-for 'script'");
    expect(header).toContain(`trusted-types ${TRUSTED_TYPES_POLICIES.join(' ')}`);
    expect(header).not.toContain('unsafe');
    expect(response.headers.get('content-security-policy-report-only')).toBeNull();
  });

  it('blocks and reports planted violations through all three channels (so silence below means something)', async () => {
    const before = server.reports().length;
    const { page, events, console } = await watchedPage();
    await page.goto(server.url('with-violations'));
    await page.waitForFunction(() => '__policyBlocked' in window && '__sinkBlocked' in window);
    expect(await page.evaluate(() => '__inlineRan' in window)).toBe(false);

    const expected = ['script-src-elem', 'style-src-elem', 'require-trusted-types-for', 'trusted-types'];
    await expect.poll(async () => (await events(page)).map((event) => event.directive).sort()).toEqual(expect.arrayContaining(expected));
    const reported = await eventually('the violation reports', () => {
      const directives = server.reports().slice(before).map((report) => report.directive);
      return expected.every((directive) => directives.includes(directive)) && directives;
    });
    expect(reported).toEqual(expect.arrayContaining(expected));
    expect(console.join('\n')).toMatch(/Content Security Policy/);
    expect(console.join('\n')).toMatch(/Trusted ?Type/i);
    await page.context().close();
  });

  it('loads, opens, chats and shows the rating form with zero violations', async () => {
    const before = server.reports().length;
    const { page, events, console, pageErrors } = await watchedPage();
    await page.goto(server.url());
    await waitForWidget(page);
    await openPanel(page);
    await sendMessage(page, 'Does the Aster kettle fit a Hario V60?');
    await replyAsAgent(page, relay, 'It does: the spout reaches the centre of any V60.');
    const { id } = await onlyConversation(relay);
    await relay.api('POST', `/v1/agent/conversations/${id}/close`);
    await page.locator('confab-rating-form [part="rating-submit"]').waitFor();
    await page.getByRole('radio', { name: '5 stars, excellent' }).check();

    // The widget really ran with its styles: the constructable stylesheets were not blocked.
    await expect(panel(page).evaluate((element) => getComputedStyle(element).position)).resolves.toBe('fixed');
    await expect(page.locator('[part~="message-team"]', { hasText: 'spout reaches' }).isVisible()).resolves.toBe(true);
    // Reports are POSTed right after a violation (see the control above); give stragglers a moment.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await events(page)).toEqual([]);
    expect(server.reports().slice(before)).toEqual([]);
    expect(aboutPolicy(console)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  for (const state of WIDGET_STATES) {
    it(`shows state "${state.name}" (${state.description}) with zero violations`, async () => {
      let watched: Watched | undefined;
      const widget = await stageWidgetState(browser, state.name, {
        policy: 'strict',
        prepareContext: async (context) => {
          watched = await watchViolations(context);
        },
      });
      try {
        expect(widget.shop.policy()).toContain("require-trusted-types-for 'script'");
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(await watched!.events(widget.page)).toEqual([]);
        expect(widget.shop.reports()).toEqual([]);
        expect(aboutPolicy(watched!.console)).toEqual([]);
        expect(widget.pageErrors).toEqual([]);
      } finally {
        await widget.close();
      }
    });
  }
});
