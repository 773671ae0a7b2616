/** Formatting helpers: times, prices, URLs and user agents, all in the agent's locale. */
import { LINK_PROTOCOLS, WEB_PROTOCOLS, safeUrl } from '@confab/protocol';

const formatters = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

/**
 * A message time for the transcript: just the time for today, the date and time before today.
 * `now` is injected for tests.
 */
export function formatMessageTime(createdAt: number, locale: string, now: number = Date.now()): string {
  const then = new Date(createdAt);
  const today = new Date(now);
  const sameDay =
    then.getFullYear() === today.getFullYear() && then.getMonth() === today.getMonth() && then.getDate() === today.getDate();
  return sameDay
    ? dateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(then)
    : dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(then);
}

/** A full date and time, for `title` attributes and the visitor panel. */
export function formatFullTime(time: number, locale: string, timeZone?: string): string {
  return dateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'long', ...(timeZone ? { timeZone } : {}) }).format(time);
}

/**
 * The shopper's local time now, in their IANA `timeZone` and the agent's locale; `undefined` when
 * the zone is unknown to this browser.
 */
export function formatLocalTime(timeZone: string, locale: string, now: number = Date.now()): string | undefined {
  try {
    return dateTimeFormat(locale, { timeZone, weekday: 'short', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(now);
  } catch {
    return undefined;
  }
}

/**
 * The shopper's local time now, from the UTC offset of the ISO 8601 `localTime` they sent (such
 * as "2026-11-22T14:03:00+08:00"), for when no `timeZone` came: "Sun 14:05 (UTC+08:00)".
 * `undefined` when the time carries no offset.
 */
export function formatTimeAtOffset(localTime: string, locale: string, now: number = Date.now()): string | undefined {
  const match = /(?:([+-])(\d{2}):?(\d{2})|Z)$/.exec(localTime.trim());
  if (!match) return undefined;
  const [, sign, hours = '00', minutes = '00'] = match;
  const offsetMinutes = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
  const shifted = now + offsetMinutes * 60_000;
  const label = sign ? `UTC${sign}${hours}:${minutes}` : 'UTC';
  const time = dateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(shifted);
  return `${time} (${label})`;
}

/** A price string with its currency in the agent's locale ("129.00" + "CNY" → "CN¥129.00"). */
export function formatPrice(price: string, currency: string | undefined, locale: string): string {
  const trimmed = price.trim();
  // Intl formats a decimal string exactly, so a price is never rounded through a float.
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) return currency ? `${trimmed} ${currency}` : trimmed;
  try {
    const amount = trimmed as Intl.StringNumericLiteral;
    if (currency) return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 20 }).format(amount);
  } catch {
    return currency ? `${trimmed} ${currency}` : trimmed;
  }
}

/**
 * The URL if it is an absolute `http:` or `https:` URL, else `undefined`: only those become links
 * or image sources, so a `javascript:` or `data:` URL from a page can never run in the console.
 */
export function safeHttpUrl(value: string | undefined): string | undefined {
  return safeUrl(value, WEB_PROTOCOLS);
}

/**
 * The URL if it is an absolute `http:`, `https:` or `mailto:` URL, else `undefined`: the schemes a
 * link button may open (anything else, `javascript:` above all, is not shown as a link).
 */
export function safeLinkUrl(value: string | undefined): string | undefined {
  return safeUrl(value, LINK_PROTOCOLS);
}

/**
 * An attachment's URL made absolute against the relay's origin (attachments carry URLs relative to
 * the relay, such as `/v1/uploads/<id>/<name>`); `undefined` unless the result is `http:` or `https:`.
 */
export function relayFileUrl(url: string, relayOrigin: string): string | undefined {
  try {
    return safeHttpUrl(new URL(url, relayOrigin).href);
  } catch {
    return undefined;
  }
}

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** A file size in the agent's locale, in powers of 1024: "512 bytes", "48 kB", "1.5 MB" ("512字节" in Chinese). */
export function formatBytes(bytes: number, locale: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const maximumFractionDigits = unit === 0 || value >= 10 ? 0 : 1;
  // "5 bytes" reads better than the short "5 byte"; larger units are short ("48 kB").
  const unitDisplay = unit === 0 ? 'long' : 'short';
  return new Intl.NumberFormat(locale, { style: 'unit', unit: BYTE_UNITS[unit], unitDisplay, maximumFractionDigits }).format(value);
}

/** The language name of a BCP 47 tag in the agent's locale ("zh-CN" → "Chinese (China)"). */
export function languageName(tag: string, locale: string): string | undefined {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'language' }).of(tag);
    return name && name !== tag ? name : undefined;
  } catch {
    return undefined;
  }
}

/** A browser and operating system read from a user-agent string. */
export interface BrowserSummary {
  /** "Chrome 126", "Safari 17", "Firefox", …; `undefined` when not recognised. */
  browser?: string;
  /** "Windows", "macOS", "iOS 17", "Android 14", …; `undefined` when not recognised. */
  os?: string;
}

const BROWSERS: readonly (readonly [RegExp, string])[] = [
  [/\bEdg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/\bOPR\/(\d+)/, 'Opera'],
  [/\bSamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/\bMicroMessenger\/(\d+)/, 'WeChat'],
  [/\bUCBrowser\/(\d+)/, 'UC Browser'],
  [/\bYaBrowser\/(\d+)/, 'Yandex Browser'],
  [/\bFxiOS\/(\d+)/, 'Firefox'],
  [/\bFirefox\/(\d+)/, 'Firefox'],
  [/\bCriOS\/(\d+)/, 'Chrome'],
  [/\bHeadlessChrome\/(\d+)/, 'Headless Chrome'],
  [/\bChrome\/(\d+)/, 'Chrome'],
  [/\bVersion\/(\d+)(?:\.\d+)*.*\bSafari\//, 'Safari'],
];

function detectOs(ua: string): string | undefined {
  let match: RegExpExecArray | null;
  if ((match = /\b(?:iPhone|iPad|iPod).*? OS (\d+)/.exec(ua))) return `iOS ${match[1]}`;
  if ((match = /\bAndroid (\d+)/.exec(ua))) return `Android ${match[1]}`;
  if (/\bCrOS\b/.test(ua)) return 'ChromeOS';
  if (/\bWindows Phone\b/.test(ua)) return 'Windows Phone';
  if (/\bWindows\b/.test(ua)) return 'Windows';
  if (/\bMac OS X\b|\bMacintosh\b/.test(ua)) return 'macOS';
  if (/\bLinux\b/.test(ua)) return 'Linux';
  return undefined;
}

/**
 * Summarises a user-agent string as a browser with its major version and an operating system.
 * User agents are unreliable by design; this is a hint for the agent, never a decision.
 */
export function summarizeUserAgent(ua: string): BrowserSummary {
  const summary: BrowserSummary = {};
  for (const [pattern, name] of BROWSERS) {
    const match = pattern.exec(ua);
    if (match) {
      summary.browser = `${name} ${match[1]}`;
      break;
    }
  }
  const os = detectOs(ua);
  if (os) summary.os = os;
  return summary;
}

/** The short, stable name of a conversation shown to agents: the last 4 characters of its id. */
export function shortId(conversationId: string): string {
  return conversationId.slice(-4).toUpperCase();
}
