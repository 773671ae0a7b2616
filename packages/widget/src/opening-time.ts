import type { Strings } from './strings.js';

/** Options of {@link formatOpeningTime}, for tests and for showing the team's own clock. */
export interface OpeningTimeOptions {
  /** @default Date.now() */
  now?: number;
  /** IANA time zone to show the time in. @default the shopper's own */
  timeZone?: string;
}

const DAY_MS = 86_400_000;

/** The calendar day of `timestamp` in `timeZone`, as a count of days since the epoch. */
function calendarDay(timestamp: number, timeZone: string | undefined): number {
  const parts = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(timestamp);
  const part = (type: string) => Number(parts.find((entry) => entry.type === type)!.value);
  return Date.UTC(part('year'), part('month') - 1, part('day')) / DAY_MS;
}

/**
 * When the team is back, in the widget's language and the shopper's time: "today at 2:00 PM",
 * "tomorrow at 9:00 AM", "Monday at 9:00 AM" within a week, else "December 8 at 9:00 AM"
 * (明天 09:00, 星期一 09:00, 12月8日 09:00).
 */
export function formatOpeningTime(opensAt: number, strings: Strings, options: OpeningTimeOptions = {}): string {
  const { now = Date.now(), timeZone } = options;
  const lang = strings.lang;
  const days = calendarDay(opensAt, timeZone) - calendarDay(now, timeZone);
  const time = new Intl.DateTimeFormat(lang, { timeZone, hour: 'numeric', minute: '2-digit' }).format(opensAt);
  const day =
    days <= 1
      ? new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }).format(Math.max(0, days), 'day')
      : new Intl.DateTimeFormat(lang, days < 7 ? { timeZone, weekday: 'long' } : { timeZone, month: 'long', day: 'numeric' }).format(opensAt);
  return strings.openingTime(day, time);
}
