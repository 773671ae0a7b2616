/**
 * Proactive messages: the teasers the relay offers in `GET /v1/widget-config`, which one fits the
 * page, and which ones the shopper dismissed.
 */
import type { ProactiveMessage } from '@confab/protocol';

export type { ProactiveMessage };

/** The part of `Storage` the dismissal helpers use; `localStorage` fits. */
export interface DismissStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

// The relay allows 20 messages of up to 500 characters; anything beyond is not from a relay we know.
const MAX_MESSAGES = 20;
const MAX_TEXT = 500;
const DISMISSED_KEY = 'confab:proactive-dismissed';
/** Ids kept in storage: the newest ones, so a long-lived browser does not grow the list forever. */
const MAX_DISMISSED = 50;

const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.trim() !== '' && value.length <= max;

/** Whether `value` is absent or passes `check`. */
const isAbsentOr = (value: unknown, check: (value: unknown) => boolean): boolean => value === undefined || check(value);

/** The entry as a {@link ProactiveMessage}, or `undefined` when any part of it is malformed. */
function toProactiveMessage(entry: unknown): ProactiveMessage | undefined {
  const { id, text, delaySeconds, pathPrefix, locale } = (entry ?? {}) as Record<string, unknown>;
  const isValid =
    isText(id, 64) &&
    isText(text, MAX_TEXT) &&
    isAbsentOr(delaySeconds, (value) => typeof value === 'number' && value >= 0 && value < Infinity) &&
    isAbsentOr(pathPrefix, (value) => isText(value, 2048) && value.startsWith('/')) &&
    isAbsentOr(locale, (value) => isText(value, 35));
  // Absent optional fields stay `undefined`, which reads the same as missing.
  return isValid ? ({ id, text, delaySeconds, pathPrefix, locale } as ProactiveMessage) : undefined;
}

/** `https://relay.example/chat` (or its `wss:`/`…/v1/ws` form) → `https://relay.example/chat/v1/widget-config`. */
function configUrl(relayHttpBase: string): string {
  const url = new URL(relayHttpBase, (globalThis as { location?: { href: string } }).location?.href);
  if (!/^(http|ws)s?:$/.test(url.protocol)) throw new TypeError(`not an http(s) URL: ${relayHttpBase}`);
  url.protocol = url.protocol.replace('ws', 'http');
  url.pathname = `${url.pathname.replace(/\/+$/, '').replace(/\/v1\/ws$/, '')}/v1/widget-config`;
  url.search = url.hash = '';
  return url.href;
}

/**
 * Fetches the relay's proactive messages from `GET /v1/widget-config` (`{ proactive: [...] }`).
 * Malformed entries are dropped; a failed request, an error status or a body that is not the
 * expected JSON gives `[]`. Never rejects: proactive messages are a nicety, never a reason to fail.
 *
 * @param relayHttpBase - the relay's base URL, as given to the widget (`ws(s):` and `/v1/ws` are understood too).
 * @param fetchImpl - the `fetch` to use. @default globalThis.fetch
 * @example
 * const messages = await fetchProactiveConfig('https://chat.example.com');
 */
export async function fetchProactiveConfig(
  relayHttpBase: string,
  fetchImpl: typeof fetch = globalThis.fetch,
): Promise<ProactiveMessage[]> {
  try {
    const response = await fetchImpl(configUrl(relayHttpBase), { credentials: 'omit' });
    if (!response.ok) return [];
    const body: unknown = await response.json();
    const list = (body as { proactive?: unknown } | null)?.proactive;
    if (!Array.isArray(list)) return [];
    return list
      .slice(0, MAX_MESSAGES)
      .map(toProactiveMessage)
      .filter((message) => message !== undefined);
  } catch {
    // Offline, blocked by CORS, no fetch, a bad URL, or not JSON: no teaser.
    return [];
  }
}

/** Whether the language tag `tag` falls under `range` (RFC 4647 basic filtering: `zh` covers `zh-CN`). */
function isLanguageMatch(range: string, tag: string): boolean {
  const normalize = (value: string) => value.trim().toLowerCase().replaceAll('_', '-');
  const wanted = normalize(range);
  const actual = normalize(tag);
  return actual === wanted || actual.startsWith(`${wanted}-`);
}

/**
 * The first message for this page: its `pathPrefix` starts the page path, its `locale` covers the
 * widget's language, and the shopper has not dismissed it. `undefined` when none fits.
 *
 * @example
 * pickProactive(messages, { path: location.pathname, locale: strings.lang, dismissedIds: readDismissed(localStorage) });
 */
export function pickProactive(
  messages: readonly ProactiveMessage[],
  page: { path: string; locale: string; dismissedIds?: Iterable<string> },
): ProactiveMessage | undefined {
  const dismissed = new Set(page.dismissedIds);
  return messages.find(
    (message) =>
      !dismissed.has(message.id) &&
      (message.pathPrefix === undefined || page.path.startsWith(message.pathPrefix)) &&
      (message.locale === undefined || isLanguageMatch(message.locale, page.locale)),
  );
}

/** The ids of the proactive messages the shopper dismissed; `[]` without storage or when it cannot be read. */
export function readDismissed(storage: DismissStorage | undefined): string[] {
  try {
    const ids: unknown = JSON.parse(storage?.getItem(DISMISSED_KEY) ?? '[]');
    return Array.isArray(ids) ? ids.filter((id) => typeof id === 'string') : [];
  } catch {
    // Site data blocked, or the value was not ours.
    return [];
  }
}

/** Whether the shopper dismissed the proactive message `id` (in this browser, per `storage`). */
export function isDismissed(id: string, storage: DismissStorage | undefined): boolean {
  return readDismissed(storage).includes(id);
}

/** Notes that the shopper dismissed the proactive message `id`, so it is not shown again. Never throws. */
export function rememberDismissed(id: string, storage: DismissStorage | undefined): void {
  const ids = readDismissed(storage).filter((known) => known !== id);
  ids.push(id);
  try {
    storage?.setItem(DISMISSED_KEY, JSON.stringify(ids.slice(-MAX_DISMISSED)));
  } catch {
    // Storage full or blocked: the teaser may come back on the next page, which is acceptable.
  }
}
