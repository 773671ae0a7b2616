import { describe, expect, it } from 'vitest';
import { OPENS_AT_HORIZON_DAYS, availabilityAt } from './availability-at.js';
import { parseBusinessHours, type BusinessHoursOptions } from './business-hours.js';
import { dateOfDayNumber, dayNumberOfDate } from './wall-clock.js';

const at = (iso: string) => Date.parse(iso);

function schedule(options: BusinessHoursOptions) {
  const hours = parseBusinessHours(options);
  if (hours === undefined) throw new Error('expected business hours');
  return hours;
}

const weekdays = (ranges: string[]) => ({ mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges });
const everyDay = (ranges: string[]) => ({ ...weekdays(ranges), sat: ranges, sun: ranges });

/** What availabilityAt says at an ISO instant, with `opensAt` as ISO text so failures read as times. */
function availability(hours: ReturnType<typeof schedule>, iso: string) {
  const { opensAt, ...rest } = availabilityAt(hours, at(iso));
  return opensAt === undefined ? rest : { ...rest, opensAt: new Date(opensAt).toISOString() };
}
const open = (timeZone: string) => ({ isOpen: true, timeZone });
const closed = (timeZone: string, opensAt: string) => ({ isOpen: false, timeZone, opensAt });

describe('availabilityAt', () => {
  const berlinOffice = schedule({ timeZone: 'Europe/Berlin', weekly: weekdays(['09:00-18:00']) });

  it('is open from the start of a range up to, not including, its end', () => {
    // Wednesday 1 July 2026; Berlin is on CEST (UTC+2).
    expect(availability(berlinOffice, '2026-07-01T06:59:59.999Z')).toEqual(closed('Europe/Berlin', '2026-07-01T07:00:00.000Z'));
    expect(availability(berlinOffice, '2026-07-01T07:00:00.000Z')).toEqual(open('Europe/Berlin'));
    expect(availability(berlinOffice, '2026-07-01T15:59:59.999Z')).toEqual(open('Europe/Berlin'));
    expect(availability(berlinOffice, '2026-07-01T16:00:00.000Z')).toEqual(closed('Europe/Berlin', '2026-07-02T07:00:00.000Z'));
  });

  it('opens on Monday after a closed weekend', () => {
    expect(availability(berlinOffice, '2026-07-03T16:30:00Z')).toEqual(closed('Europe/Berlin', '2026-07-06T07:00:00.000Z'));
    expect(availability(berlinOffice, '2026-07-05T12:00:00Z')).toEqual(closed('Europe/Berlin', '2026-07-06T07:00:00.000Z'));
  });

  it('opens at 09:00 local time after the weekend Berlin changes its clocks', () => {
    // Friday 27 March 2026 19:00 CET; on Sunday the clocks go forward, so Monday 09:00 is 07:00 UTC, not 08:00.
    expect(availability(berlinOffice, '2026-03-27T18:00:00Z')).toEqual(closed('Europe/Berlin', '2026-03-30T07:00:00.000Z'));
    // Friday 23 October 2026 19:00 CEST; on Sunday the clocks go back, so Monday 09:00 is 08:00 UTC.
    expect(availability(berlinOffice, '2026-10-23T17:00:00Z')).toEqual(closed('Europe/Berlin', '2026-10-26T08:00:00.000Z'));
    expect(availability(berlinOffice, '2026-10-26T07:59:59Z')).toEqual(closed('Europe/Berlin', '2026-10-26T08:00:00.000Z'));
    expect(availability(berlinOffice, '2026-10-26T08:00:00Z')).toEqual(open('Europe/Berlin'));
  });

  it('opens at the jump when the opening time is skipped by the clocks going forward', () => {
    // Sunday 29 March 2026 in Berlin: 02:00 CET becomes 03:00 CEST (01:00 UTC), so 02:30 never happens.
    const night = schedule({ timeZone: 'Europe/Berlin', weekly: { sun: ['02:30-06:00'] } });
    expect(availability(night, '2026-03-28T23:30:00Z')).toEqual(closed('Europe/Berlin', '2026-03-29T01:00:00.000Z'));
    expect(availability(night, '2026-03-29T01:00:00Z')).toEqual(open('Europe/Berlin'));
    expect(availability(night, '2026-03-29T03:59:59Z')).toEqual(open('Europe/Berlin'));
    expect(availability(night, '2026-03-29T04:00:00Z')).toEqual(closed('Europe/Berlin', '2026-04-05T00:30:00.000Z'));
  });

  it('does not open for a range wholly inside the skipped hour', () => {
    const skipped = schedule({ timeZone: 'Europe/Berlin', weekly: { sun: ['02:00-02:45'] } });
    // Next Sunday it happens, at 02:00 CEST.
    expect(availability(skipped, '2026-03-29T00:30:00Z')).toEqual(closed('Europe/Berlin', '2026-04-05T00:00:00.000Z'));
    expect(availability(skipped, '2026-03-29T01:00:00Z')).toEqual(closed('Europe/Berlin', '2026-04-05T00:00:00.000Z'));
  });

  it('counts a time the clocks show twice at its first occurrence', () => {
    // Sunday 25 October 2026 in Berlin: 03:00 CEST becomes 02:00 CET (01:00 UTC), so 02:00–03:00 happens twice.
    const night = schedule({ timeZone: 'Europe/Berlin', weekly: { sun: ['02:00-03:00'] } });
    expect(availability(night, '2026-10-24T23:59:59Z')).toEqual(closed('Europe/Berlin', '2026-10-25T00:00:00.000Z'));
    expect(availability(night, '2026-10-25T00:00:00Z')).toEqual(open('Europe/Berlin'));
    // 02:30 CET, the second 02:30: still open, since the range ends at 03:00, which comes once.
    expect(availability(night, '2026-10-25T01:30:00Z')).toEqual(open('Europe/Berlin'));
    expect(availability(night, '2026-10-25T02:00:00Z')).toEqual(closed('Europe/Berlin', '2026-11-01T01:00:00.000Z'));
    const late = schedule({ timeZone: 'Europe/Berlin', weekly: { sun: ['02:30-05:00'] } });
    expect(availability(late, '2026-10-25T00:00:00Z')).toEqual(closed('Europe/Berlin', '2026-10-25T00:30:00.000Z'));
  });

  it('follows New York across both of its clock changes', () => {
    const office = schedule({ timeZone: 'America/New_York', weekly: weekdays(['09:00-17:00']) });
    // Friday 6 March 2026 18:00 EST → Monday 9 March 09:00 EDT (UTC−4).
    expect(availability(office, '2026-03-06T23:00:00Z')).toEqual(closed('America/New_York', '2026-03-09T13:00:00.000Z'));
    // Friday 30 October 2026 18:00 EDT → Monday 2 November 09:00 EST (UTC−5).
    expect(availability(office, '2026-10-30T22:00:00Z')).toEqual(closed('America/New_York', '2026-11-02T14:00:00.000Z'));
    expect(availability(office, '2026-11-02T13:59:59Z')).toEqual(closed('America/New_York', '2026-11-02T14:00:00.000Z'));
    expect(availability(office, '2026-11-02T14:00:00Z')).toEqual(open('America/New_York'));
  });

  it('keeps a night shift open across the clock change it spans', () => {
    const nights = schedule({ timeZone: 'America/New_York', weekly: { sat: ['22:00-06:00'] } });
    // Saturday 31 October 22:00 EDT to Sunday 1 November 06:00 EST: nine hours.
    expect(availability(nights, '2026-10-31T20:00:00Z')).toEqual(closed('America/New_York', '2026-11-01T02:00:00.000Z'));
    expect(availability(nights, '2026-11-01T02:00:00Z')).toEqual(open('America/New_York'));
    expect(availability(nights, '2026-11-01T10:59:59Z')).toEqual(open('America/New_York'));
    expect(availability(nights, '2026-11-01T11:00:00Z')).toEqual(closed('America/New_York', '2026-11-08T03:00:00.000Z'));
    // Saturday 7 March 22:00 EST to Sunday 8 March 06:00 EDT: seven hours.
    expect(availability(nights, '2026-03-08T03:00:00Z')).toEqual(open('America/New_York'));
    expect(availability(nights, '2026-03-08T09:59:59Z')).toEqual(open('America/New_York'));
    expect(availability(nights, '2026-03-08T10:00:00Z')).toEqual(closed('America/New_York', '2026-03-15T02:00:00.000Z'));
  });

  it('keeps the same UTC times all year in a zone without daylight saving time', () => {
    const shop = schedule({ timeZone: 'Asia/Shanghai', weekly: everyDay(['09:00-21:00']) });
    for (const [now, opensAt] of [
      ['2026-03-29T13:30:00Z', '2026-03-30T01:00:00.000Z'],
      ['2026-10-25T13:30:00Z', '2026-10-26T01:00:00.000Z'],
      ['2026-12-31T16:00:00Z', '2027-01-01T01:00:00.000Z'],
    ] as const) {
      expect(availability(shop, now), now).toEqual(closed('Asia/Shanghai', opensAt));
    }
    expect(availability(shop, '2026-03-30T01:00:00Z')).toEqual(open('Asia/Shanghai'));
    expect(availability(shop, '2026-03-30T12:59:59Z')).toEqual(open('Asia/Shanghai'));
  });

  it('keeps a range that runs past midnight open into the next day', () => {
    const bar = schedule({ timeZone: 'Europe/Berlin', weekly: { fri: ['22:00-02:00'], sun: ['20:00-01:00'] } });
    // Friday 3 July 2026 21:00 CEST.
    expect(availability(bar, '2026-07-03T19:00:00Z')).toEqual(closed('Europe/Berlin', '2026-07-03T20:00:00.000Z'));
    // Saturday 01:00 CEST: open, the Friday range runs until 02:00.
    expect(availability(bar, '2026-07-03T23:00:00Z')).toEqual(open('Europe/Berlin'));
    expect(availability(bar, '2026-07-04T00:00:00Z')).toEqual(closed('Europe/Berlin', '2026-07-05T18:00:00.000Z'));
    // Monday 00:30 CEST: the Sunday range runs into the next week.
    expect(availability(bar, '2026-07-05T22:30:00Z')).toEqual(open('Europe/Berlin'));
    expect(availability(bar, '2026-07-05T23:00:00Z')).toEqual(closed('Europe/Berlin', '2026-07-10T20:00:00.000Z'));
  });

  describe('with holidays', () => {
    const christmas = schedule({
      timeZone: 'Europe/Berlin',
      weekly: { ...weekdays(['09:00-18:00']), thu: ['09:00-18:00', '20:00-02:00'] },
      // 24 December 2026 is a Thursday, 27 December a Sunday.
      holidays: [{ date: '2026-12-24', hours: ['09:00-12:00'] }, '2026-12-25', { date: '2026-12-27', hours: ['10:00-14:00'] }],
    });

    it('uses the holiday hours instead of the weekday ones', () => {
      expect(availability(christmas, '2026-12-23T17:30:00Z')).toEqual(closed('Europe/Berlin', '2026-12-24T08:00:00.000Z'));
      expect(availability(christmas, '2026-12-24T10:59:59Z')).toEqual(open('Europe/Berlin'));
      // 12:30 on Christmas Eve: closed, and the next opening is the Sunday the holiday list opens.
      expect(availability(christmas, '2026-12-24T11:30:00Z')).toEqual(closed('Europe/Berlin', '2026-12-27T09:00:00.000Z'));
      expect(availability(christmas, '2026-12-25T09:00:00Z')).toEqual(closed('Europe/Berlin', '2026-12-27T09:00:00.000Z'));
      expect(availability(christmas, '2026-12-27T12:00:00Z')).toEqual(open('Europe/Berlin'));
      expect(availability(christmas, '2026-12-27T13:00:00Z')).toEqual(closed('Europe/Berlin', '2026-12-28T08:00:00.000Z'));
    });

    it('lets the night before a holiday run into it', () => {
      // An ordinary Thursday night: open until 02:00 Friday.
      expect(availability(christmas, '2026-12-18T00:30:00Z')).toEqual(open('Europe/Berlin'));
      // On Christmas Eve the holiday hours replace Thursday's, night shift included.
      expect(availability(christmas, '2026-12-24T19:30:00Z')).toEqual(closed('Europe/Berlin', '2026-12-27T09:00:00.000Z'));
      const nightBefore = schedule({ timeZone: 'Europe/Berlin', weekly: { thu: ['20:00-02:00'] }, holidays: ['2026-12-25'] });
      expect(availability(nightBefore, '2026-12-25T00:30:00Z')).toEqual(open('Europe/Berlin'));
      expect(availability(nightBefore, '2026-12-25T01:00:00Z')).toEqual(closed('Europe/Berlin', '2026-12-31T19:00:00.000Z'));
    });

    it('skips a long closure to the first day after it', () => {
      const summer = Array.from({ length: 40 }, (_, index) => dateOfDayNumber(dayNumberOfDate('2026-07-13')! + index));
      const closedForSummer = schedule({ timeZone: 'Europe/Berlin', weekly: weekdays(['09:00-18:00']), holidays: summer });
      // The last closed day is Friday 21 August; Monday 24 August 09:00 CEST.
      expect(availability(closedForSummer, '2026-07-10T16:00:00Z')).toEqual(closed('Europe/Berlin', '2026-08-24T07:00:00.000Z'));
    });
  });

  it('gives no opensAt when no opening lies ahead', () => {
    const never = schedule({ timeZone: 'Europe/Berlin', weekly: {}, holidays: [{ date: '2026-01-02', hours: ['09:00-12:00'] }] });
    expect(availabilityAt(never, at('2026-07-01T12:00:00Z'))).toEqual({ isOpen: false, timeZone: 'Europe/Berlin' });
  });

  it(`looks ${OPENS_AT_HORIZON_DAYS} days ahead for a holiday that opens`, () => {
    const from = '2026-07-01T10:00:00Z';
    const dayAt = (offset: number) => dateOfDayNumber(dayNumberOfDate('2026-07-01')! + offset);
    const inRange = schedule({ timeZone: 'Asia/Shanghai', weekly: {}, holidays: [{ date: dayAt(OPENS_AT_HORIZON_DAYS), hours: ['09:00-10:00'] }] });
    expect(availability(inRange, from)).toEqual(closed('Asia/Shanghai', `${dayAt(OPENS_AT_HORIZON_DAYS)}T01:00:00.000Z`));
    const beyond = schedule({ timeZone: 'Asia/Shanghai', weekly: {}, holidays: [{ date: dayAt(OPENS_AT_HORIZON_DAYS + 1), hours: ['09:00-10:00'] }] });
    expect(availabilityAt(beyond, at(from))).toEqual({ isOpen: false, timeZone: 'Asia/Shanghai' });
  });
});
