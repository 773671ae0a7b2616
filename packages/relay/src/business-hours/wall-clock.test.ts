import { describe, expect, it } from 'vitest';
import { dateOfDayNumber, dayNumberAt, dayNumberOfDate, instantAtLocalMs, instantOfDayMinute, resolveTimeZone, wallClockAt } from './wall-clock.js';

const at = (iso: string) => Date.parse(iso);
/** A local date and time as `instantAtLocalMs` takes it: the wall-clock reading counted as if it were UTC. */
const local = (text: string) => Date.parse(`${text}Z`);

describe('wallClockAt', () => {
  it('reads the wall clock of a zone, whatever the process time zone', () => {
    expect(wallClockAt(at('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toEqual({ year: 2026, month: 3, day: 29, hour: 3, minute: 0, second: 0 });
    expect(wallClockAt(at('2026-03-29T00:59:59Z'), 'Europe/Berlin')).toEqual({ year: 2026, month: 3, day: 29, hour: 1, minute: 59, second: 59 });
    expect(wallClockAt(at('2026-12-31T16:00:00Z'), 'Asia/Shanghai')).toEqual({ year: 2027, month: 1, day: 1, hour: 0, minute: 0, second: 0 });
  });
});

describe('instantAtLocalMs', () => {
  it('maps an ordinary local time to its one instant', () => {
    expect(instantAtLocalMs(local('2026-07-01T09:00:00'), 'Europe/Berlin')).toBe(at('2026-07-01T07:00:00Z'));
    expect(instantAtLocalMs(local('2026-07-01T09:00:00'), 'Asia/Shanghai')).toBe(at('2026-07-01T01:00:00Z'));
  });

  it('maps a time the clocks skip to the instant of the jump', () => {
    // Berlin, 29 March 2026: 02:00 CET becomes 03:00 CEST.
    expect(instantAtLocalMs(local('2026-03-29T02:30:00'), 'Europe/Berlin')).toBe(at('2026-03-29T01:00:00Z'));
    expect(instantAtLocalMs(local('2026-03-29T02:00:00'), 'Europe/Berlin')).toBe(at('2026-03-29T01:00:00Z'));
    expect(instantAtLocalMs(local('2026-03-29T03:00:00'), 'Europe/Berlin')).toBe(at('2026-03-29T01:00:00Z'));
    // New York, 8 March 2026: 02:00 EST becomes 03:00 EDT.
    expect(instantAtLocalMs(local('2026-03-08T02:59:00'), 'America/New_York')).toBe(at('2026-03-08T07:00:00Z'));
  });

  it('maps a time the clocks show twice to its first occurrence', () => {
    // Berlin, 25 October 2026: 03:00 CEST becomes 02:00 CET, so 02:00–02:59 happen twice.
    expect(instantAtLocalMs(local('2026-10-25T02:30:00'), 'Europe/Berlin')).toBe(at('2026-10-25T00:30:00Z'));
    expect(instantAtLocalMs(local('2026-10-25T03:00:00'), 'Europe/Berlin')).toBe(at('2026-10-25T02:00:00Z'));
    // New York, 1 November 2026: 02:00 EDT becomes 01:00 EST.
    expect(instantAtLocalMs(local('2026-11-01T01:30:00'), 'America/New_York')).toBe(at('2026-11-01T05:30:00Z'));
  });

  it('handles zones whose clocks change at midnight', () => {
    // Santiago, 6 September 2026: the clocks go from 24:00 straight to 01:00, so that day starts at 01:00.
    expect(instantOfDayMinute(dayNumberOfDate('2026-09-06')!, 0, 'America/Santiago')).toBe(at('2026-09-06T04:00:00Z'));
    // Santiago, 5 April 2026: 24:00 becomes 23:00 again; midnight comes after the repeated hour.
    expect(instantOfDayMinute(dayNumberOfDate('2026-04-04')!, 1440, 'America/Santiago')).toBe(at('2026-04-05T04:00:00Z'));
  });
});

describe('calendar days', () => {
  it('counts days from 1970-01-01 and refuses dates the calendar lacks', () => {
    expect(dayNumberOfDate('1970-01-02')).toBe(1);
    expect(dateOfDayNumber(dayNumberOfDate('2028-02-29')!)).toBe('2028-02-29');
    expect(dayNumberOfDate('2026-02-29')).toBeUndefined();
    expect(dayNumberOfDate('2026-13-01')).toBeUndefined();
    expect(dayNumberOfDate('26-1-1')).toBeUndefined();
  });

  it('takes the date from the zone, not from UTC', () => {
    const instant = at('2026-06-30T23:30:00Z');
    expect(dateOfDayNumber(dayNumberAt(instant, 'Europe/Berlin'))).toBe('2026-07-01');
    expect(dateOfDayNumber(dayNumberAt(instant, 'America/New_York'))).toBe('2026-06-30');
  });
});

describe('resolveTimeZone', () => {
  it('spells known zones canonically and refuses unknown ones', () => {
    expect(resolveTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(resolveTimeZone('Asia/Shanghai')).toBe('Asia/Shanghai');
    expect(resolveTimeZone('Mars/Olympus_Mons')).toBeUndefined();
  });
});
