import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatLocalTime,
  formatMessageTime,
  formatPrice,
  formatTimeAtOffset,
  languageName,
  relayFileUrl,
  safeHttpUrl,
  safeLinkUrl,
  shortId,
  summarizeUserAgent,
} from './format.js';

describe('safeHttpUrl', () => {
  it('keeps absolute http and https URLs', () => {
    expect(safeHttpUrl('https://shop.example/p/1?x=1#y')).toBe('https://shop.example/p/1?x=1#y');
    expect(safeHttpUrl('http://shop.example')).toBe('http://shop.example/');
  });

  it('refuses script, data and relative URLs', () => {
    for (const url of ['javascript:alert(1)', ' JAVASCRIPT:alert(1)', 'data:text/html,<script>1</script>', 'vbscript:x', '/p/1', '', undefined]) {
      expect(safeHttpUrl(url)).toBeUndefined();
    }
  });
});

describe('summarizeUserAgent', () => {
  it.each([
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      { browser: 'Chrome 126', os: 'Windows' },
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
      { browser: 'Safari 17', os: 'macOS' },
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
      { browser: 'Safari 17', os: 'iOS 17' },
    ],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', { browser: 'Firefox 128', os: 'Linux' }],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.56',
      { browser: 'Edge 126', os: 'Windows' },
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36',
      { browser: 'Chrome 125', os: 'Android 14' },
    ],
    [
      'Mozilla/5.0 (Linux; Android 13; V2055A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/111.0 Mobile Safari/537.36 MicroMessenger/8.0.47',
      { browser: 'WeChat 8', os: 'Android 13' },
    ],
  ])('summarises %s', (ua, expected) => {
    expect(summarizeUserAgent(ua)).toEqual(expected);
  });

  it('returns nothing it cannot recognise', () => {
    expect(summarizeUserAgent('curl/8.0')).toEqual({});
  });
});

describe('formatPrice', () => {
  it('formats a decimal string with its currency in the agent locale', () => {
    expect(formatPrice('129.00', 'CNY', 'en')).toBe('CN¥129.00');
    // ICU puts a no-break space before the euro sign.
    expect(formatPrice('1299.5', 'EUR', 'de-DE')).toMatch(/^1\.299,50\s€$/);
  });

  it('never rounds through a float', () => {
    expect(formatPrice('12345678901234567.89', 'USD', 'en')).toBe('$12,345,678,901,234,567.89');
  });

  it('shows what it cannot format as it came', () => {
    expect(formatPrice('ab 12', 'CNY', 'en')).toBe('ab 12 CNY');
    expect(formatPrice('12.00', 'NOT-A-CURRENCY', 'en')).toBe('12.00 NOT-A-CURRENCY');
  });
});

describe('times', () => {
  const now = Date.UTC(2026, 10, 22, 15, 30);

  it('shows only the time for today and the date before today', () => {
    const today = formatMessageTime(now - 60_000, 'en', now);
    const earlier = formatMessageTime(now - 3 * 86_400_000, 'en', now);
    expect(today).toMatch(/^\d{1,2}:\d{2}/);
    expect(earlier).toMatch(/Nov 19, 2026/);
  });

  it('shows the shopper’s local time in their time zone', () => {
    expect(formatLocalTime('Asia/Shanghai', 'en', now)).toMatch(/Sun,? 11:30\sPM GMT\+8/);
    expect(formatLocalTime('Not/AZone', 'en', now)).toBeUndefined();
  });

  it('falls back to the UTC offset of the local time the shopper sent', () => {
    expect(formatTimeAtOffset('2026-11-22T23:00:00+08:00', 'en', now)).toMatch(/Sun,? 11:30\sPM \(UTC\+08:00\)/);
    expect(formatTimeAtOffset('2026-11-22T10:00:00-05:30', 'en', now)).toMatch(/Sun,? 10:00\sAM \(UTC-05:30\)/);
    expect(formatTimeAtOffset('2026-11-22T10:00:00', 'en', now)).toBeUndefined();
  });
});

describe('labels', () => {
  it('names languages in the agent locale', () => {
    expect(languageName('zh-CN', 'en')).toBe('Chinese (China)');
    expect(languageName('not a tag!', 'en')).toBeUndefined();
  });

  it('shortens conversation ids', () => {
    expect(shortId('V1StGXR8_Z5jdHi6B-myT')).toBe('-MYT');
  });

  it('shows file sizes in powers of 1024 in the agent’s language', () => {
    expect(formatBytes(5, 'en')).toBe('5 bytes');
    expect(formatBytes(48_213, 'en')).toBe('47 kB');
    expect(formatBytes(1_572_864, 'en')).toBe('1.5 MB');
    expect(formatBytes(5, 'zh-CN')).toBe('5字节');
  });

  it('links buttons only to http, https and mailto URLs', () => {
    expect(safeLinkUrl('https://shop.example/orders')).toBe('https://shop.example/orders');
    expect(safeLinkUrl('mailto:help@shop.example')).toBe('mailto:help@shop.example');
    for (const bad of ['javascript:alert(1)', 'data:text/html,<b>x</b>', '/relative', 'tel:123', undefined]) expect(safeLinkUrl(bad)).toBeUndefined();
  });

  it('resolves attachment URLs against the relay, keeping only http and https', () => {
    expect(relayFileUrl('/v1/uploads/abc/a%20b.png', 'https://chat.shop.example')).toBe('https://chat.shop.example/v1/uploads/abc/a%20b.png');
    expect(relayFileUrl('https://files.example/x.pdf', 'https://chat.shop.example')).toBe('https://files.example/x.pdf');
    expect(relayFileUrl('javascript:alert(1)', 'https://chat.shop.example')).toBeUndefined();
    expect(relayFileUrl('/v1/uploads/abc/x', 'not an origin')).toBeUndefined();
  });
});
