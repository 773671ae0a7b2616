import type { VisitorContext } from '@confab/protocol';
import { readProductContext } from './product-context.js';
import { capText } from './text.js';

/** Where {@link readPageContext} reads from; every field defaults to the current page. */
export interface PageContextSources {
  /** @default document */
  document?: Document;
  /** @default the document's window */
  window?: Window;
  /** The moment recorded as the shopper's local time. @default new Date() */
  now?: Date;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * `date` as local ISO 8601 with the UTC offset, e.g. `2026-11-22T15:04:05+08:00`, so the agent
 * sees both the shopper's wall-clock time and their offset.
 */
export function formatLocalTime(date: Date): string {
  const offset = -date.getTimezoneOffset();
  // The wall-clock time is the UTC time of the moment moved by the offset; the offset's hh:mm is
  // the UTC time of day that many minutes after midnight.
  const wallClock = iso(date.getTime() + offset * 60_000).slice(0, 19);
  return `${wallClock}${offset < 0 ? '-' : '+'}${iso(Math.abs(offset) * 60_000).slice(11, 16)}`;
}

// The limits below are those of visitorContextSchema in @confab/protocol.

function screenSize(win: Window): VisitorContext['screen'] {
  const side = (pixels: number | undefined) => Math.min(Math.round(pixels ?? 0), 100_000);
  const width = side(win.screen?.width);
  const height = side(win.screen?.height);
  return width > 0 && height > 0 ? { width, height } : undefined;
}

function timeZone(): string | undefined {
  try {
    return capText(Intl.DateTimeFormat().resolvedOptions().timeZone, 64);
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
    url: capText(doc.URL, 2048),
    title: capText(doc.title, 512),
    referrer: capText(doc.referrer, 2048),
    locale: capText(doc.documentElement.lang || nav.language, 35),
    languages: nav.languages?.slice(0, 10).flatMap((language) => capText(language, 35) ?? []),
    timeZone: timeZone(),
    localTime: formatLocalTime(sources.now ?? new Date()),
    userAgent: capText(nav.userAgent, 512),
    screen: screenSize(win),
    product: readProductContext(doc),
  };
  if (context.languages?.length === 0) delete context.languages;
  // Every value is plain JSON (it is sent as such); the round trip leaves out the absent ones.
  return JSON.parse(JSON.stringify(context)) as VisitorContext;
}
