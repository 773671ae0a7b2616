import type { Availability } from '@confab/protocol';
import { weekdayOfDayNumber, type BusinessHours, type TimeRange } from './business-hours.js';
import { dayNumberAt, dayNumberOfDate, instantOfDayMinute } from './wall-clock.js';

/**
 * How many days past today {@link availabilityAt} looks for the next opening. Closed days cost
 * no time-zone arithmetic, so a long holiday (a shop closed for the summer) still gets its
 * `opensAt`; only a schedule with no opening for a whole year gets none.
 */
export const OPENS_AT_HORIZON_DAYS = 366;

const holidaysByDay = new WeakMap<BusinessHours, ReadonlyMap<number, readonly TimeRange[]>>();

/** The holidays by day number, built once per schedule: welcome frames ask about the same one all day. */
function holidayHours(hours: BusinessHours): ReadonlyMap<number, readonly TimeRange[]> {
  let byDay = holidaysByDay.get(hours);
  if (byDay === undefined) {
    byDay = new Map(hours.holidays.map((holiday) => [dayNumberOfDate(holiday.date)!, holiday.hours]));
    holidaysByDay.set(hours, byDay);
  }
  return byDay;
}

function rangesOn(hours: BusinessHours, dayNumber: number): readonly TimeRange[] {
  return holidayHours(hours).get(dayNumber) ?? hours.weekly[weekdayOfDayNumber(dayNumber)];
}

/**
 * Whether the team is in at `now` (ms since the epoch) by its business hours and, when it is not,
 * when it next is: `opensAt` is the first instant of the next opening, holidays included, or absent
 * when none lies within {@link OPENS_AT_HORIZON_DAYS} days.
 *
 * Ranges are wall-clock times in `hours.timeZone`, turned into instants with that zone's rules on
 * that date (docs/business-hours.md#daylight-saving-time): a time the clocks skip (spring forward)
 * happens at the jump, so "02:30-06:00" opens at 03:00 that night and a range wholly inside the
 * skipped hour does not open at all; a time the clocks show twice (fall back) counts at its first
 * occurrence, so "01:00-02:00" on that night lasts two hours. A range is open from its start,
 * inclusive, to its end, exclusive.
 *
 * @example
 * const hours = parseBusinessHours({ timeZone: 'Europe/Berlin', weekly: { mon: ['09:00-18:00'] } })!;
 * availabilityAt(hours, Date.parse('2026-03-28T12:00:00Z'));
 * // → { isOpen: false, opensAt: Date.parse('2026-03-30T07:00:00Z'), timeZone: 'Europe/Berlin' }
 */
export function availabilityAt(hours: BusinessHours, now: number): Availability {
  const { timeZone } = hours;
  const today = dayNumberAt(now, timeZone);
  // Yesterday first: its last range may run past midnight into now. Ranges come out in the order
  // of their instants (each day's are sorted and none overlap, and the zone's mapping never runs
  // backwards), so the first one that has not ended either holds now or is the next opening.
  for (let day = today - 1; day <= today + OPENS_AT_HORIZON_DAYS; day++) {
    for (const range of rangesOn(hours, day)) {
      const end = instantOfDayMinute(day, range.endMinute, timeZone);
      if (end <= now) continue;
      const start = instantOfDayMinute(day, range.startMinute, timeZone);
      // Wholly inside an hour the clocks skip: that night it never opens.
      if (start === end) continue;
      return start <= now ? { isOpen: true, timeZone } : { isOpen: false, opensAt: start, timeZone };
    }
  }
  return { isOpen: false, timeZone };
}
