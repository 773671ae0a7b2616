import type { ConversationSummary } from '@confab/protocol';
import type { RelayOptions } from '@confab/relay';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { startShopPageServer, type ShopPageServer } from './csp-server.js';
import { eventually, startRelay, type RunningRelay } from './relay.js';

/** The named states every browser quality check (axe, screenshots) visits. */
export type WidgetStateName =
  | 'closed'
  | 'open'
  | 'offline'
  | 'csat'
  | 'attachment-preview'
  | 'prechat'
  | 'rtl'
  | 'phone';

/** What a state's `enter()` works with: the page on the demo shop and the relay its widget talks to. */
export interface WidgetStage {
  readonly page: Page;
  readonly relay: RunningRelay;
}

/** One row of {@link WIDGET_STATES}. */
export interface WidgetState {
  readonly name: WidgetStateName;
  /** What the shopper sees, for test titles and docs. */
  readonly description: string;
  /**
   * Relay settings on top of the test relay's quiet defaults. Typed loosely, so a state can name
   * a setting before the relay has it; the relay's own validation then says what it refused.
   */
  readonly relay?: Readonly<Record<string, unknown>>;
  /** Browser context settings: viewport, touch, locale. */
  readonly context?: BrowserContextOptions;
  /** `data-*` attributes added to the shop's widget script tag, e.g. `{ 'data-locale': 'ar' }`. */
  readonly scriptAttributes?: Readonly<Record<string, string>>;
  /** Brings a freshly loaded shop page into this state; throws with what is missing when it cannot. */
  enter(stage: WidgetStage): Promise<void>;
}

/** A phone in portrait: the panel must cover the whole screen. */
export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

// The relay's clock starts on a Sunday afternoon in Berlin, when the team (Monday to Friday) is away.
const SUNDAY_AFTERNOON = Date.UTC(2026, 11, 6, 13, 0);
const startedAt = Date.now();
const WEEKDAYS_IN_BERLIN = {
  timeZone: 'Europe/Berlin',
  weekly: { mon: ['09:00-18:00'], tue: ['09:00-18:00'], wed: ['09:00-18:00'], thu: ['09:00-18:00'], fri: ['09:00-17:00'] },
};

const QUESTION = 'Is the Aster kettle in stock?';
const ANSWER = 'Yes, it ships tomorrow from Berlin.';
/** The file the attachment state picks in the composer. */
export const ATTACHMENT_NAME = 'kettle-photo.png';

/** `<confab-chat>`'s panel (Playwright's CSS engine pierces open shadow roots). */
export function panel(page: Page): Locator {
  return page.locator('confab-chat [part="panel"]');
}

/** Waits until the app chunk has swapped the loader's early launcher for `<confab-chat>`'s own. */
export async function waitForWidget(page: Page): Promise<void> {
  await page.locator('confab-chat [part="launcher"]').waitFor({ timeout: 15_000 });
  await page.locator('confab-loader').waitFor({ state: 'detached' });
}

/** Opens the panel with the launcher, as a shopper would, and waits for the text box. */
export async function openPanel(page: Page): Promise<void> {
  await page.locator('[part="launcher"]').first().click();
  await panel(page).waitFor();
  await page.locator('confab-chat [part="input"]').waitFor();
}

/** Types `text` into the composer, sends it and waits until the relay acknowledged it. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  const input = page.locator('confab-chat [part="input"]');
  await input.fill(text);
  await input.press('Enter');
  // The status class, not its text, so this works in every language.
  await page.locator('[part~="message-own"]:is(.sent, .read)', { hasText: text }).waitFor();
}

/** The shopper's one conversation, as agents see it, once it exists. */
export async function onlyConversation(relay: RunningRelay): Promise<ConversationSummary> {
  return eventually('the shopper’s conversation', async () => {
    const { conversations } = await relay.api<{ conversations: ConversationSummary[] }>('GET', '/v1/agent/conversations');
    return conversations[0];
  });
}

/** Posts an agent reply through the agent API and waits until the widget shows it. */
export async function replyAsAgent(page: Page, relay: RunningRelay, text: string): Promise<void> {
  const { id } = await onlyConversation(relay);
  await relay.api('POST', `/v1/agent/conversations/${id}/messages`, { text, authorName: 'Mei' });
  await page.locator('[part~="message-team"]', { hasText: text }).waitFor();
}

/** Waits for every finite animation and transition on the page and in its shadow roots (infinite ones are left running). */
export async function settleAnimations(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const roots: (Document | ShadowRoot)[] = [document];
    for (let i = 0; i < roots.length; i++) {
      for (const element of roots[i]!.querySelectorAll('*')) if (element.shadowRoot) roots.push(element.shadowRoot);
    }
    const animations = new Set(roots.flatMap((root) => root.getAnimations()));
    const finite = [...animations].filter((animation) => animation.effect?.getComputedTiming().activeDuration !== Infinity);
    await Promise.all(finite.map((animation) => animation.finished.catch(() => undefined)));
  });
}

/** Fails with `message` unless `locator` becomes visible within `timeoutMs`. */
async function expectVisible(locator: Locator, message: string, timeoutMs = 10_000): Promise<void> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: timeoutMs });
  } catch (error) {
    throw new Error(`${message} (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`, { cause: error });
  }
}

/** Every state, in the order the checks visit them. */
export const WIDGET_STATES: readonly WidgetState[] = [
  {
    name: 'closed',
    description: 'launcher only',
    async enter({ page }) {
      await waitForWidget(page);
      if (await panel(page).isVisible()) throw new Error('the panel is open on a first visit; it must start closed');
    },
  },
  {
    name: 'open',
    description: 'panel with a short conversation and an agent reply',
    async enter({ page, relay }) {
      await openPanel(page);
      await sendMessage(page, QUESTION);
      await replyAsAgent(page, relay, ANSWER);
    },
  },
  {
    name: 'offline',
    description: 'away notice with the email form, outside business hours',
    relay: { now: () => SUNDAY_AFTERNOON + (Date.now() - startedAt), businessHours: WEEKDAYS_IN_BERLIN },
    context: { timezoneId: 'Europe/Berlin' },
    async enter({ page }) {
      await openPanel(page);
      await sendMessage(page, QUESTION);
      await expectVisible(page.locator('confab-away-notice [part="email-input"]'), 'the away notice with its email form did not appear');
    },
  },
  {
    name: 'csat',
    description: 'rating form after the agent closed the conversation',
    async enter({ page, relay }) {
      await openPanel(page);
      await sendMessage(page, QUESTION);
      await replyAsAgent(page, relay, ANSWER);
      const { id } = await onlyConversation(relay);
      await relay.api('POST', `/v1/agent/conversations/${id}/close`);
      await expectVisible(page.locator('confab-rating-form [part="rating-submit"]'), 'the rating form did not appear after the agent closed the conversation');
    },
  },
  {
    name: 'attachment-preview',
    description: 'a photo picked in the composer, shown in the attachments tray',
    async enter({ page }) {
      // A real PNG of the shop itself, taken before the panel covers it.
      const photo = await page.screenshot({ clip: { x: 0, y: 0, width: 96, height: 96 } });
      await openPanel(page);
      const fileInput = page.locator('confab-chat').locator('confab-composer').locator('input[type=file]');
      if ((await fileInput.count()) === 0) {
        throw new Error('the composer has no <input type=file> (confab-chat >>> confab-composer >>> input[type=file]); the attachments work has not landed in the widget');
      }
      await fileInput.setInputFiles({ name: ATTACHMENT_NAME, mimeType: 'image/png', buffer: photo });
      const composer = page.locator('confab-chat confab-composer');
      await expectVisible(
        composer.getByText(ATTACHMENT_NAME).or(composer.getByAltText(ATTACHMENT_NAME)).or(composer.getByLabel(ATTACHMENT_NAME)),
        `the composer shows no preview naming ${ATTACHMENT_NAME} after the file was picked`,
      );
    },
  },
  {
    name: 'prechat',
    description: 'pre-chat form asking for name and email',
    relay: { preChat: { when: 'always', fields: [{ key: 'name' }, { key: 'email', type: 'email', isRequired: true }] } },
    async enter({ page }) {
      await page.locator('[part="launcher"]').first().click();
      await panel(page).waitFor();
      await expectVisible(page.locator('confab-chat input[type="email"]'), 'the pre-chat form (an email field in the panel) did not appear with preChat.when "always"');
    },
  },
  {
    name: 'rtl',
    description: 'Arabic panel laid out right to left',
    scriptAttributes: { 'data-locale': 'ar' },
    async enter({ page, relay }) {
      await openPanel(page);
      await expectVisible(page.locator('confab-chat [part="panel"][dir="rtl"]'), 'with data-locale="ar" the panel has no dir="rtl"');
      await sendMessage(page, 'هل الغلاية متوفرة؟');
      await replyAsAgent(page, relay, 'نعم، نشحنها غدًا.');
    },
  },
  {
    name: 'phone',
    description: 'panel full screen on a 390×844 touch screen',
    context: PHONE,
    async enter({ page, relay }) {
      await openPanel(page);
      await sendMessage(page, QUESTION);
      await replyAsAgent(page, relay, ANSWER);
      await settleAnimations(page);
      const box = await panel(page).boundingBox();
      const isFullScreen = box !== null && box.x <= 0 && box.y <= 0 && box.width >= 390 && box.height >= 844;
      if (!isFullScreen) throw new Error(`on a phone the panel must cover the screen (0,0 390×844), got ${JSON.stringify(box)}`);
    },
  },
];

/** Looks a state up by name. */
export function widgetState(name: WidgetStateName): WidgetState {
  const state = WIDGET_STATES.find((candidate) => candidate.name === name);
  if (!state) throw new Error(`no widget state named ${name}`);
  return state;
}

/** Settings of {@link stageWidgetState}. */
export interface StageOptions {
  /** More context settings, e.g. `{ colorScheme: 'dark' }`; the state's own win for viewport and touch. */
  context?: BrowserContextOptions;
  /** More script tag attributes, e.g. `{ 'data-locale': 'ar' }`; the state's own win. */
  scriptAttributes?: Readonly<Record<string, string>>;
  /** The shop page's Content-Security-Policy (see csp-server.ts). @default 'none' */
  policy?: 'strict' | 'none';
  /** Runs on the new context before the page opens (e.g. `addInitScript`). */
  prepareContext?(context: BrowserContext): Promise<void>;
  /** Runs after the shop page loaded, before the state is entered (e.g. to inject a script). */
  beforeEnter?(page: Page): Promise<void>;
}

/** A page brought into a state, with everything it needs; `close()` removes it all. */
export interface StagedWidget extends WidgetStage {
  readonly state: WidgetState;
  readonly context: BrowserContext;
  /** The server of the shop page, with the violation reports it received. */
  readonly shop: ShopPageServer;
  /** Uncaught page errors seen so far. */
  readonly pageErrors: readonly string[];
  close(): Promise<void>;
}

/**
 * Serves the demo shop from its own origin (by default without a policy) with the state's script attributes,
 * starts a relay (its own SQLite) that allows that origin, opens a new context and page on the
 * shop and enters `name`. Each call is isolated, so a state never inherits another's conversation.
 * The page is served, not rewritten with `page.route()`: Chromium treats a fulfilled document as
 * public and its Local Network Access checks then block the socket to the loopback relay.
 */
export async function stageWidgetState(browser: Browser, name: WidgetStateName, options: StageOptions = {}): Promise<StagedWidget> {
  const state = widgetState(name);
  const shop = await startShopPageServer({ policy: options.policy ?? 'none', scriptAttributes: { ...options.scriptAttributes, ...state.scriptAttributes } });
  let relay: RunningRelay;
  try {
    relay = await startRelay({ allowedOrigins: [shop.origin], ...(state.relay as Partial<RelayOptions> | undefined) });
  } catch (error) {
    await shop.close();
    throw new Error(`state "${name}" needs relay settings ${JSON.stringify(Object.keys(state.relay ?? {}))} that the relay refused: ${String(error)}`, { cause: error });
  }
  shop.setRelay(relay.baseUrl);
  const context = await browser.newContext({
    locale: 'en-GB',
    viewport: { width: 1280, height: 800 },
    ...options.context,
    ...state.context,
  });
  const pageErrors: string[] = [];
  const close = async () => {
    await context.close();
    await relay.remove();
    await shop.close();
  };
  try {
    await options.prepareContext?.(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(shop.url());
    await options.beforeEnter?.(page);
    await state.enter({ page, relay });
    await settleAnimations(page);
    return { state, page, relay, context, shop, pageErrors, close };
  } catch (error) {
    await close();
    throw new Error(`could not bring the widget into state "${name}" (${state.description}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
