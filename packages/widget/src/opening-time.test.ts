import { describe, expect, it } from 'vitest';
import { formatOpeningTime } from './opening-time.js';
import { withExtras } from './extra-strings.js';
import { en as englishPanel, loadStrings, type SupportedLocale } from './strings.js';

const en = withExtras(englishPanel);
/** A language pack with its extra strings, as the away notice uses it. */
const fullPack = async (locale: SupportedLocale) => withExtras(await loadStrings(locale));

// Thursday 4 December 2025, 20:30 in Berlin.
const NOW = Date.UTC(2025, 11, 4, 19, 30);
const zone = { now: NOW, timeZone: 'Europe/Berlin' };
const berlin = (day: number, hour: number, minute = 0) => Date.UTC(2025, 11, day, hour - 1, minute);

describe('formatOpeningTime', () => {
  it('says today, tomorrow, a weekday within the week, else the date, with the local time', () => {
    expect(formatOpeningTime(berlin(4, 22), en, zone)).toBe('today at 10:00 PM');
    expect(formatOpeningTime(berlin(5, 9), en, zone)).toBe('tomorrow at 9:00 AM');
    expect(formatOpeningTime(berlin(8, 9, 30), en, zone)).toBe('Monday at 9:30 AM');
    expect(formatOpeningTime(berlin(12, 9), en, zone)).toBe('December 12 at 9:00 AM');
  });

  it('counts calendar days in the given time zone, not 24-hour spans', () => {
    // 01:00 in Berlin on Friday is still Thursday evening in New York.
    const fridayEarly = berlin(5, 1);
    expect(formatOpeningTime(fridayEarly, en, zone)).toBe('tomorrow at 1:00 AM');
    expect(formatOpeningTime(fridayEarly, en, { now: NOW, timeZone: 'America/New_York' })).toBe('today at 7:00 PM');
  });

  it('speaks natural Chinese', async () => {
    const zh = await fullPack('zh-CN');
    // ICU versions differ on a leading zero for the hour.
    expect(formatOpeningTime(berlin(5, 9), zh, zone)).toMatch(/^明天 0?9:00$/);
    expect(formatOpeningTime(berlin(4, 22), zh, zone)).toBe('今天 22:00');
    expect(formatOpeningTime(berlin(8, 9), zh, zone)).toMatch(/^星期一 0?9:00$/);
    expect(formatOpeningTime(berlin(12, 9), zh, zone)).toMatch(/^12月12日 0?9:00$/);
    expect(zh.away(formatOpeningTime(berlin(5, 9), zh, zone))).toMatch(/^我们现在不在线，将于明天 0?9:00 回复您。$/);
  });
});
