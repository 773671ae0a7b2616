import type { VisitorContext } from '@confab/protocol';
import { readProductContext } from './product-context.js';
import { capText } from './text.js';

// Field limits of visitorContextSchema in @confab/protocol.
const MAX = { url: 2048, title: 512, locale: 35, languages: 10, timeZone: 64, userAgent: 512, screen: 100_000 } as const;

/** Where {@link readPageContext} reads from; every field defaults to the current page. */
export interface PageContextSources {
  /** @default document */
  document?: Document;
  /** @default the document's window */
  window?: Window;
  /** The moment recorded as the shopper's local time. @default new Date() */
  now?: Date;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * `date` as local ISO 8601 with the UTC offset, e.g. `2026-11-22T15:04:05+08:00`, so the agent
 * sees both the shopper's wall-clock time and their offset.
 */
export function formatLocalTime(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

function screenSize(win: Window): VisitorContext['screen'] {
  const width = Math.round(win.screen?.width ?? 0);
  const height = Math.round(win.screen?.height ?? 0);
  if (!(width > 0 && height > 0)) return undefined;
  return { width: Math.min(width, MAX.screen), height: Math.min(height, MAX.screen) };
}

function timeZone(): string | undefined {
  try {
    return capText(Intl.DateTimeFormat().resolvedOptions().timeZone, MAX.timeZone);
  } catch {
    return undefined;
  }
}

/**
 * What the agent sees about the shopper's page: URL, title, referrer, language, time zone and
 * local time, browser, screen size and the product (see {@link readProductContext}). Every value
 * is cut to the limits of the protocol's `visitorContextSchema`; absent values are left out.
 *
 * @example client.setContext(readPageContext())
 */
export function readPageContext(sources: PageContextSources = {}): VisitorContext {
  const doc = sources.document ?? document;
  const win = sources.window ?? doc.defaultView ?? window;
  const nav = win.navigator;
  const context: VisitorContext = {
    url: capText(doc.URL, MAX.url),
    title: capText(doc.title, MAX.title),
    referrer: capText(doc.referrer, MAX.url),
    locale: capText(doc.documentElement.lang || nav.language, MAX.locale),
    languages: nav.languages
      ?.slice(0, MAX.languages)
      .map((language) => capText(language, MAX.locale))
      .filter((language): language is string => language !== undefined),
    timeZone: timeZone(),
    localTime: formatLocalTime(sources.now ?? new Date()),
    userAgent: capText(nav.userAgent, MAX.userAgent),
    screen: screenSize(win),
    product: readProductContext(doc),
  };
  for (const key of Object.keys(context) as Array<keyof VisitorContext>) {
    if (context[key] === undefined) delete context[key];
  }
  if (context.languages?.length === 0) delete context.languages;
  return context;
}
