import { SettingRejection, jsonSettingValue } from '../setting-rejection.js';
import { dateOfDayNumber, dayNumberOfDate, resolveTimeZone } from './wall-clock.js';

/** The days of the week, as the keys of `weekly`, Monday first. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** One of {@link WEEKDAYS}. */
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * One opening of the team on a day, in minutes after that day's local midnight.
 * A range written "22:00-02:00" belongs to the day it starts on and ends at minute 1560 (02:00 the next day).
 */
export interface TimeRange {
  /** 0–1439. */
  readonly startMinute: number;
  /** Greater than `startMinute`; above 1440 (24:00) when the range runs past midnight, then below 2880. */
  readonly endMinute: number;
}

/** A date whose hours replace those of its weekday: closed all day, or open at other times. */
export interface Holiday {
  /** `YYYY-MM-DD`, in the team's time zone. */
  readonly date: string;
  /** Sorted by start; empty when closed all day. */
  readonly hours: readonly TimeRange[];
}

/** When the team answers chats: the `businessHours` relay setting, validated (docs/business-hours.md). */
export interface BusinessHours {
  /** The IANA time zone every time and date is read in, canonically spelled, such as `Europe/Berlin`. */
  readonly timeZone: string;
  /** Every weekday, each with its ranges sorted by start; an empty list means closed. */
  readonly weekly: Readonly<Record<Weekday, readonly TimeRange[]>>;
  /** Dates with other hours than their weekday, in the order written. */
  readonly holidays: readonly Holiday[];
}

/**
 * The `businessHours` setting as written: in the config file, in `createRelay()` options, or as
 * JSON text in `--business-hours` / `CONFAB_BUSINESS_HOURS`. {@link parseBusinessHours} turns it
 * into {@link BusinessHours}.
 */
export interface BusinessHoursOptions {
  /** IANA time zone such as `Europe/Berlin`; every time and date is read in it. */
  timeZone: string;
  /** Ranges such as `"09:00-18:00"` or `"22:00-02:00"` (past midnight) per weekday; a day left out is closed. */
  weekly: Partial<Record<Weekday, string[]>>;
  /** Dates closed all day (`"2026-12-25"`) or open at other times (`{ "date": "2026-12-24", "hours": ["09:00-12:00"] }`). @default [] */
  holidays?: (string | { date: string; hours?: string[] })[];
}

/** Completes every refusal of the `businessHours` setting: what a good value looks like. */
export const BUSINESS_HOURS_ACCEPTED =
  'use a JSON object such as { "timeZone": "Europe/Berlin", "weekly": { "mon": ["09:00-18:00"], "tue": ["09:00-12:00", "13:00-18:00"] }, ' +
  '"holidays": ["2026-12-25", { "date": "2026-12-24", "hours": ["09:00-12:00"] }] } (omitted days are closed; see docs/business-hours.md)';

const TOP_KEYS = ['timeZone', 'weekly', 'holidays'];
const HOLIDAY_KEYS = ['date', 'hours'];
const DAY_MINUTES = 1440;
const RANGE_PATTERN = /^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$/;

function reject(problem: string): never {
  throw new SettingRejection(problem, BUSINESS_HOURS_ACCEPTED);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refuseUnknownKeys(entry: Record<string, unknown>, where: string, known: readonly string[], noun = 'key'): void {
  for (const key of Object.keys(entry)) {
    if (!known.includes(key)) reject(`${where === '' ? '' : `${where} `}has an unknown ${noun} ${JSON.stringify(key)} (known: ${known.join(', ')})`);
  }
}

/** A range as written, kept beside its parsed form so that refusals can quote it. */
interface WrittenRange {
  readonly range: TimeRange;
  /** Where it was written, such as `.weekly.mon[1]`. */
  readonly where: string;
  readonly text: string;
}

/** Minutes after midnight of "HH:MM" (H:MM too), up to 1440 for "24:00"; undefined if no such time. */
function minuteOf(hours: string, minutes: string): number | undefined {
  const h = Number(hours);
  const m = Number(minutes);
  if (m > 59 || h > 24 || (h === 24 && m !== 0)) return undefined;
  return h * 60 + m;
}

function parseRange(raw: unknown, where: string): WrittenRange {
  const match = typeof raw === 'string' ? RANGE_PATTERN.exec(raw) : null;
  if (typeof raw !== 'string' || match === null) {
    reject(`${where} ${JSON.stringify(raw) ?? String(raw)} is not a range such as "09:00-18:00"`);
  }
  const [, startH = '', startM = '', endH = '', endM = ''] = match;
  const quoted = JSON.stringify(raw);
  const start = minuteOf(startH, startM);
  const end = minuteOf(endH, endM);
  if (start === undefined || end === undefined) {
    const bad = start === undefined ? `${startH}:${startM}` : `${endH}:${endM}`;
    reject(`${where} ${quoted} has no time ${bad} (times run from 00:00 to 23:59, and 24:00 may end a range)`);
  }
  if (start === DAY_MINUTES) reject(`${where} ${quoted} starts at 24:00 (write 00:00 on the next day)`);
  if (start === end) reject(`${where} ${quoted} starts and ends at the same time (a whole day is "00:00-24:00")`);
  // An end before the start runs past midnight; "22:00-00:00" is the same as "22:00-24:00".
  const endMinute = end > start ? end : end + DAY_MINUTES;
  return { range: { startMinute: start, endMinute }, where, text: raw };
}

function parseRanges(raw: unknown, where: string): WrittenRange[] {
  if (!Array.isArray(raw)) reject(`${where} is not a list of ranges such as ["09:00-18:00"] ([] when closed)`);
  const ranges = raw.map((entry, index) => parseRange(entry, `${where}[${index}]`));
  const sorted = [...ranges].sort((a, b) => a.range.startMinute - b.range.startMinute);
  // Sorted by start, two ranges that overlap include two neighbours that do.
  for (let i = 1; i < sorted.length; i++) {
    const earlier = sorted[i - 1]!;
    const later = sorted[i]!;
    if (later.range.startMinute < earlier.range.endMinute) {
      const [first, second] = ranges.indexOf(earlier) < ranges.indexOf(later) ? [earlier, later] : [later, earlier];
      reject(`${second.where} ${JSON.stringify(second.text)} overlaps ${first.where} ${JSON.stringify(first.text)}`);
    }
  }
  return sorted;
}

/** Refuses a range of `day` that overlaps the part after midnight of a range of the day before. */
function checkSpill(dayBefore: readonly WrittenRange[], day: readonly WrittenRange[], intoDate?: string): void {
  for (const late of dayBefore) {
    const spillEnd = late.range.endMinute - DAY_MINUTES;
    if (spillEnd <= 0) continue;
    for (const early of day) {
      if (early.range.startMinute < spillEnd) {
        const into = intoDate === undefined ? '' : ` into ${intoDate}`;
        reject(`${early.where} ${JSON.stringify(early.text)} overlaps ${late.where} ${JSON.stringify(late.text)}, which runs past midnight${into}`);
      }
    }
  }
}

function parseTimeZone(raw: unknown): string {
  if (raw === undefined) reject('.timeZone is missing (the team\'s IANA time zone, such as "Europe/Berlin")');
  if (typeof raw !== 'string') reject(`.timeZone ${JSON.stringify(raw)} is not a time zone name such as "Europe/Berlin"`);
  const timeZone = resolveTimeZone(raw);
  if (timeZone === undefined) {
    reject(`.timeZone ${JSON.stringify(raw)} is not a time zone this Node.js knows (IANA names such as "Europe/Berlin" or "America/New_York")`);
  }
  return timeZone;
}

function parseWeekly(raw: unknown): Record<Weekday, WrittenRange[]> {
  if (raw === undefined) reject('.weekly is missing (the hours of each weekday, such as { "mon": ["09:00-18:00"] })');
  if (!isPlainObject(raw)) reject('.weekly is not an object of weekdays such as { "mon": ["09:00-18:00"] }');
  refuseUnknownKeys(raw, '.weekly', WEEKDAYS, 'day');
  const weekly = {} as Record<Weekday, WrittenRange[]>;
  for (const day of WEEKDAYS) weekly[day] = raw[day] === undefined ? [] : parseRanges(raw[day], `.weekly.${day}`);
  WEEKDAYS.forEach((day, index) => checkSpill(weekly[WEEKDAYS[(index + 6) % 7]!], weekly[day]));
  return weekly;
}

/** The weekday of a day number (days since 1970-01-01, a Thursday). */
export function weekdayOfDayNumber(dayNumber: number): Weekday {
  return WEEKDAYS[(((dayNumber + 3) % 7) + 7) % 7]!;
}

interface WrittenHoliday {
  readonly date: string;
  readonly dayNumber: number;
  readonly hours: WrittenRange[];
}

function parseHoliday(raw: unknown, where: string): WrittenHoliday {
  const shape = 'is not a date such as "2026-12-25" or { "date": "2026-12-24", "hours": ["09:00-12:00"] }';
  if (typeof raw === 'string') return { date: raw, dayNumber: parseDate(raw, where), hours: [] };
  if (!isPlainObject(raw)) reject(`${where} ${JSON.stringify(raw)} ${shape}`);
  refuseUnknownKeys(raw, where, HOLIDAY_KEYS);
  const date = raw['date'];
  if (date === undefined) reject(`${where}.date is missing`);
  if (typeof date !== 'string') reject(`${where}.date ${JSON.stringify(date)} is not a date such as "2026-12-25"`);
  const dayNumber = parseDate(date, `${where}.date`);
  const hours = raw['hours'] === undefined ? [] : parseRanges(raw['hours'], `${where}.hours`);
  return { date, dayNumber, hours };
}

function parseDate(text: string, where: string): number {
  const dayNumber = dayNumberOfDate(text);
  if (dayNumber === undefined) reject(`${where} ${JSON.stringify(text)} is not a date such as "2026-12-25" (YYYY-MM-DD)`);
  return dayNumber;
}

function parseHolidays(raw: unknown, weekly: Record<Weekday, WrittenRange[]>): WrittenHoliday[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) reject('.holidays is not a list of dates such as ["2026-12-25", { "date": "2026-12-24", "hours": ["09:00-12:00"] }]');
  const holidays = raw.map((entry, index) => parseHoliday(entry, `.holidays[${index}]`));
  const byDay = new Map<number, WrittenHoliday>();
  holidays.forEach((holiday, index) => {
    const earlier = byDay.get(holiday.dayNumber);
    if (earlier !== undefined) reject(`.holidays[${index}] ${JSON.stringify(holiday.date)} repeats .holidays[${holidays.indexOf(earlier)}]`);
    byDay.set(holiday.dayNumber, holiday);
  });
  const rangesOf = (dayNumber: number) => byDay.get(dayNumber)?.hours ?? weekly[weekdayOfDayNumber(dayNumber)];
  // A holiday changes what its neighbours touch: the evening before may run into it, and it may run into the next day.
  for (const holiday of holidays) {
    checkSpill(rangesOf(holiday.dayNumber - 1), holiday.hours, holiday.date);
    checkSpill(holiday.hours, rangesOf(holiday.dayNumber + 1), dateOfDayNumber(holiday.dayNumber + 1));
  }
  return holidays;
}

/** Values {@link parseBusinessHours} made, which it takes back unchanged. */
const parsed = new WeakSet<object>();

const toRanges = (written: readonly WrittenRange[]): TimeRange[] => written.map((entry) => entry.range);

/**
 * Reads the `businessHours` relay setting: JSON from the config file, or text holding JSON from a
 * flag or environment variable. Undefined, null or blank text means no business hours: always open.
 * Throws a {@link SettingRejection} naming the bad part, such as `.weekly.mon[1] "9-18" is not a range
 * such as "09:00-18:00"`; unknown keys are refused so that a typo never silently closes a day.
 * A value this function returned is returned as it is: `startRelay(loadConfig(…).config)` hands
 * the loaded settings to `createRelay()`, which validates them again.
 *
 * @example
 * parseBusinessHours('{ "timeZone": "Europe/Berlin", "weekly": { "mon": ["09:00-18:00"] } }');
 * // → { timeZone: 'Europe/Berlin', weekly: { mon: [{ startMinute: 540, endMinute: 1080 }], tue: [], … }, holidays: [] }
 */
export function parseBusinessHours(raw: unknown): BusinessHours | undefined {
  if (typeof raw === 'object' && raw !== null && parsed.has(raw)) return raw as BusinessHours;
  const value = jsonSettingValue(raw, BUSINESS_HOURS_ACCEPTED);
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) reject('is not a JSON object');
  refuseUnknownKeys(value, '', TOP_KEYS);
  const timeZone = parseTimeZone(value['timeZone']);
  const weekly = parseWeekly(value['weekly']);
  const holidays = parseHolidays(value['holidays'], weekly);
  const weeklyRanges = {} as Record<Weekday, TimeRange[]>;
  for (const day of WEEKDAYS) weeklyRanges[day] = toRanges(weekly[day]);
  const hours: BusinessHours = {
    timeZone,
    weekly: weeklyRanges,
    holidays: holidays.map((holiday) => ({ date: holiday.date, hours: toRanges(holiday.hours) })),
  };
  parsed.add(hours);
  return hours;
}
