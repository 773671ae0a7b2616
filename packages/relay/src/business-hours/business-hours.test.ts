import { describe, expect, it } from 'vitest';
import { SettingRejection } from '../setting-rejection.js';
import { BUSINESS_HOURS_ACCEPTED, parseBusinessHours, weekdayOfDayNumber } from './business-hours.js';
import { dayNumberOfDate } from './wall-clock.js';

const closedWeek = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const range = (start: string, end: string) => {
  const minute = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
  return { startMinute: minute(start), endMinute: minute(end) };
};

/** The problem a value is refused for (fails the test if it is accepted). */
function problemOf(raw: unknown): string {
  try {
    parseBusinessHours(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingRejection);
    expect((error as SettingRejection).accepted).toBe(BUSINESS_HOURS_ACCEPTED);
    return (error as SettingRejection).problem;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be refused`);
}

const berlin = (weekly: unknown, holidays?: unknown) => ({ timeZone: 'Europe/Berlin', weekly, ...(holidays === undefined ? {} : { holidays }) });

describe('parseBusinessHours', () => {
  it('reads a weekly schedule with split days, omitted days closed', () => {
    expect(parseBusinessHours(berlin({ mon: ['09:00-18:00'], tue: ['13:00-18:00', '9:00-12:00'], sat: [] }))).toEqual({
      timeZone: 'Europe/Berlin',
      weekly: { ...closedWeek, mon: [range('09:00', '18:00')], tue: [range('09:00', '12:00'), range('13:00', '18:00')] },
      holidays: [],
    });
  });

  it('reads JSON text from a flag or environment variable, and blank text as no hours', () => {
    expect(parseBusinessHours('{ "timeZone": "Asia/Shanghai", "weekly": { "sun": ["10:00-22:00"] } }')).toEqual({
      timeZone: 'Asia/Shanghai',
      weekly: { ...closedWeek, sun: [range('10:00', '22:00')] },
      holidays: [],
    });
    expect(parseBusinessHours('  ')).toBeUndefined();
    expect(parseBusinessHours(undefined)).toBeUndefined();
    expect(parseBusinessHours(null)).toBeUndefined();
  });

  it('takes back its own result unchanged, and nothing that merely looks like it', () => {
    const hours = parseBusinessHours(berlin({ mon: ['09:00-18:00'] }));
    expect(parseBusinessHours(hours)).toBe(hours);
    expect(problemOf(structuredClone(hours))).toBe('.weekly.mon[0] {"startMinute":540,"endMinute":1080} is not a range such as "09:00-18:00"');
  });

  it('spells the time zone canonically', () => {
    expect(parseBusinessHours({ timeZone: 'america/new_york', weekly: {} })?.timeZone).toBe('America/New_York');
  });

  it('keeps a range that runs past midnight on the day it starts', () => {
    const hours = parseBusinessHours(berlin({ fri: ['22:00-02:00'], sat: ['02:00-04:00'], sun: ['20:00-24:00', '18:00-19:00'] }));
    expect(hours?.weekly.fri).toEqual([{ startMinute: 1320, endMinute: 1560 }]);
    expect(hours?.weekly.sat).toEqual([range('02:00', '04:00')]);
    expect(hours?.weekly.sun).toEqual([range('18:00', '19:00'), { startMinute: 1200, endMinute: 1440 }]);
    expect(parseBusinessHours(berlin({ mon: ['22:00-00:00'] }))?.weekly.mon).toEqual([{ startMinute: 1320, endMinute: 1440 }]);
    expect(parseBusinessHours(berlin({ mon: ['00:00-24:00'] }))?.weekly.mon).toEqual([{ startMinute: 0, endMinute: 1440 }]);
  });

  it('reads holidays closed all day and holidays with other hours', () => {
    const hours = parseBusinessHours(berlin({ mon: ['09:00-18:00'] }, ['2026-12-25', { date: '2026-12-24', hours: ['09:00-12:00'] }, { date: '2026-12-31' }]));
    expect(hours?.holidays).toEqual([
      { date: '2026-12-25', hours: [] },
      { date: '2026-12-24', hours: [range('09:00', '12:00')] },
      { date: '2026-12-31', hours: [] },
    ]);
  });

  it('names the bad part of a malformed value', () => {
    expect(problemOf('{ "timeZone": ')).toMatch(/^is not JSON \(/);
    expect(problemOf('["mon"]')).toBe('is not a JSON object');
    expect(problemOf({ timezone: 'Europe/Berlin', weekly: {} })).toBe('has an unknown key "timezone" (known: timeZone, weekly, holidays)');
    expect(problemOf({ weekly: {} })).toBe('.timeZone is missing (the team\'s IANA time zone, such as "Europe/Berlin")');
    expect(problemOf({ timeZone: 1, weekly: {} })).toBe('.timeZone 1 is not a time zone name such as "Europe/Berlin"');
    expect(problemOf({ timeZone: 'Europe/Berlun', weekly: {} })).toBe(
      '.timeZone "Europe/Berlun" is not a time zone this Node.js knows (IANA names such as "Europe/Berlin" or "America/New_York")',
    );
    expect(problemOf({ timeZone: 'Europe/Berlin' })).toBe('.weekly is missing (the hours of each weekday, such as { "mon": ["09:00-18:00"] })');
    expect(problemOf(berlin([]))).toBe('.weekly is not an object of weekdays such as { "mon": ["09:00-18:00"] }');
    expect(problemOf(berlin({ monday: ['09:00-18:00'] }))).toBe('.weekly has an unknown day "monday" (known: mon, tue, wed, thu, fri, sat, sun)');
    expect(problemOf(berlin({ mon: '09:00-18:00' }))).toBe('.weekly.mon is not a list of ranges such as ["09:00-18:00"] ([] when closed)');
  });

  it('names the range that is not a time range', () => {
    expect(problemOf(berlin({ tue: ['09:00-12:00', '9-18'] }))).toBe('.weekly.tue[1] "9-18" is not a range such as "09:00-18:00"');
    expect(problemOf(berlin({ tue: [900] }))).toBe('.weekly.tue[0] 900 is not a range such as "09:00-18:00"');
    expect(problemOf(berlin({ wed: ['09:00-25:00'] }))).toBe(
      '.weekly.wed[0] "09:00-25:00" has no time 25:00 (times run from 00:00 to 23:59, and 24:00 may end a range)',
    );
    expect(problemOf(berlin({ wed: ['09:60-12:00'] }))).toContain('has no time 09:60');
    expect(problemOf(berlin({ thu: ['24:00-02:00'] }))).toBe('.weekly.thu[0] "24:00-02:00" starts at 24:00 (write 00:00 on the next day)');
    expect(problemOf(berlin({ fri: ['09:00-09:00'] }))).toBe('.weekly.fri[0] "09:00-09:00" starts and ends at the same time (a whole day is "00:00-24:00")');
  });

  it('refuses ranges that overlap, on one day or past midnight', () => {
    expect(problemOf(berlin({ mon: ['13:00-18:00', '09:00-13:30'] }))).toBe('.weekly.mon[1] "09:00-13:30" overlaps .weekly.mon[0] "13:00-18:00"');
    expect(problemOf(berlin({ fri: ['22:00-03:00'], sat: ['02:00-06:00'] }))).toBe(
      '.weekly.sat[0] "02:00-06:00" overlaps .weekly.fri[0] "22:00-03:00", which runs past midnight',
    );
    // Sunday night runs into Monday morning: the week wraps around.
    expect(problemOf(berlin({ mon: ['00:30-08:00'], sun: ['20:00-01:00'] }))).toBe(
      '.weekly.mon[0] "00:30-08:00" overlaps .weekly.sun[0] "20:00-01:00", which runs past midnight',
    );
    // Ranges that only touch are fine: the second opens as the first closes.
    expect(parseBusinessHours(berlin({ mon: ['09:00-12:00', '12:00-18:00'], fri: ['22:00-02:00'], sat: ['02:00-04:00'] }))).toBeDefined();
  });

  it('names the bad holiday', () => {
    expect(problemOf(berlin({}, '2026-12-25'))).toBe('.holidays is not a list of dates such as ["2026-12-25", { "date": "2026-12-24", "hours": ["09:00-12:00"] }]');
    expect(problemOf(berlin({}, ['2026-02-30']))).toBe('.holidays[0] "2026-02-30" is not a date such as "2026-12-25" (YYYY-MM-DD)');
    expect(problemOf(berlin({}, ['25.12.2026']))).toBe('.holidays[0] "25.12.2026" is not a date such as "2026-12-25" (YYYY-MM-DD)');
    expect(problemOf(berlin({}, [20261225]))).toBe(
      '.holidays[0] 20261225 is not a date such as "2026-12-25" or { "date": "2026-12-24", "hours": ["09:00-12:00"] }',
    );
    expect(problemOf(berlin({}, [{ hours: ['09:00-12:00'] }]))).toBe('.holidays[0].date is missing');
    expect(problemOf(berlin({}, [{ date: '2026-12-24', open: ['09:00-12:00'] }]))).toBe('.holidays[0] has an unknown key "open" (known: date, hours)');
    expect(problemOf(berlin({}, [{ date: '2026-12-24', hours: ['9-12'] }]))).toBe('.holidays[0].hours[0] "9-12" is not a range such as "09:00-18:00"');
    expect(problemOf(berlin({}, ['2026-12-25', { date: '2026-12-25', hours: ['09:00-12:00'] }]))).toBe('.holidays[1] "2026-12-25" repeats .holidays[0]');
  });

  it('refuses a holiday that overlaps the night before or the morning after', () => {
    // 2026-12-24 is a Thursday; 2026-12-25 a Friday.
    expect(problemOf(berlin({ thu: ['20:00-02:00'] }, [{ date: '2026-12-25', hours: ['01:00-05:00'] }]))).toBe(
      '.holidays[0].hours[0] "01:00-05:00" overlaps .weekly.thu[0] "20:00-02:00", which runs past midnight into 2026-12-25',
    );
    expect(problemOf(berlin({ fri: ['01:00-09:00'] }, [{ date: '2026-12-24', hours: ['22:00-02:00'] }]))).toBe(
      '.weekly.fri[0] "01:00-09:00" overlaps .holidays[0].hours[0] "22:00-02:00", which runs past midnight into 2026-12-25',
    );
    // Closing the morning after makes room for a night that runs into it.
    expect(parseBusinessHours(berlin({ fri: ['01:00-09:00'] }, [{ date: '2026-12-24', hours: ['22:00-02:00'] }, '2026-12-25']))).toBeDefined();
  });
});

describe('weekdayOfDayNumber', () => {
  it('names the weekday of a date', () => {
    expect(weekdayOfDayNumber(0)).toBe('thu');
    expect(weekdayOfDayNumber(dayNumberOfDate('2026-12-25')!)).toBe('fri');
    expect(weekdayOfDayNumber(dayNumberOfDate('1969-12-29')!)).toBe('mon');
  });
});
