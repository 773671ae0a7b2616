const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** What a clock on the wall of a time zone shows at some instant. */
export interface WallClock {
  year: number;
  /** 1–12. */
  month: number;
  /** 1–31. */
  day: number;
  /** 0–23. */
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Creating a DateTimeFormat costs far more than using one, and the relay asks about the same few zones all day. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    // Gregorian calendar and Latin digits whatever the process locale, so the parts parse as numbers.
    formatter = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Whether `timeZone` is a zone this Node.js knows; returns its canonical spelling
 * (`europe/berlin` → `Europe/Berlin`), or undefined if it is unknown.
 */
export function resolveTimeZone(timeZone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The wall clock of `timeZone` at `instant` (ms since the epoch), to the second. */
export function wallClockAt(instant: number, timeZone: string): WallClock {
  const clock: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type in clock) clock[part.type as keyof WallClock] = Number(part.value);
  }
  // Some ICU versions print midnight as 24 even with hourCycle h23.
  if (clock.hour === 24) clock.hour = 0;
  return clock;
}

/** `clock` read as if it were UTC: the local time as a number, for arithmetic on wall-clock times. */
function localMsOf(clock: WallClock): number {
  return Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
}

/** How far `timeZone` is ahead of UTC at `instant`, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const wholeSecond = Math.floor(instant / 1000) * 1000;
  return localMsOf(wallClockAt(wholeSecond, timeZone)) - wholeSecond;
}

/**
 * The first instant at which the wall clock of `timeZone` reads `localMs` or later, where
 * `localMs` is a local date and time counted as if it were UTC (`Date.UTC(2026, 2, 29, 2, 30)`).
 *
 * A time that occurs twice (clocks going back) gives its first occurrence; a time that never
 * occurs (clocks jumping forward) gives the instant of the jump, the first valid one after it.
 * The mapping never goes backwards, so a range of wall-clock times stays a range of instants.
 */
export function instantAtLocalMs(localMs: number, timeZone: string): number {
  // No zone is more than a day from UTC, so the offsets a day either side bracket every candidate.
  const before = offsetAt(localMs - DAY_MS, timeZone);
  const after = offsetAt(localMs + DAY_MS, timeZone);
  const offsets = before === after ? [before] : [before, after];
  const candidates = offsets.map((offset) => localMs - offset).filter((instant) => offsetAt(instant, timeZone) === localMs - instant);
  if (candidates.length > 0) return Math.min(...candidates);
  return firstInstantWithOffset(localMs - after, localMs - before, after, timeZone);
}

/** The instant of the jump in a gap: the first one in (`low`, `high`] whose offset is `offset`, to the second. */
function firstInstantWithOffset(low: number, high: number, offset: number, timeZone: string): number {
  let lo = Math.floor(low / 1000);
  let hi = Math.ceil(high / 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid * 1000, timeZone) === offset) hi = mid;
    else lo = mid;
  }
  return hi * 1000;
}

/** Days from 1970-01-01 to a calendar date: a way to count days that knows nothing of time zones. */
export function dayNumberOf(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number of a `YYYY-MM-DD` date, or undefined if the calendar has no such day (`2026-02-30`). */
export function dayNumberOfDate(text: string): number | undefined {
  const match = DATE_PATTERN.exec(text);
  if (match === null) return undefined;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const dayNumber = dayNumberOf(year, month, day);
  return dateOfDayNumber(dayNumber) === text ? dayNumber : undefined;
}

/** The `YYYY-MM-DD` date of a day number. */
export function dateOfDayNumber(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** The first instant at or after `minute` minutes past midnight (0–2879, so into the next day) of day `dayNumber` in `timeZone`. */
export function instantOfDayMinute(dayNumber: number, minute: number, timeZone: string): number {
  return instantAtLocalMs(dayNumber * DAY_MS + minute * MINUTE_MS, timeZone);
}

/** The day number of the date the calendar of `timeZone` shows at `instant`. */
export function dayNumberAt(instant: number, timeZone: string): number {
  const clock = wallClockAt(instant, timeZone);
  return dayNumberOf(clock.year, clock.month, clock.day);
}
