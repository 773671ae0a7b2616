import { visitorContextSchema } from '@confab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { formatLocalTime, readPageContext } from './page-context.js';

afterEach(() => {
  document.head.replaceChildren();
  document.body.replaceChildren();
  document.documentElement.removeAttribute('lang');
  document.title = '';
});

describe('formatLocalTime', () => {
  it('writes local ISO 8601 with the UTC offset', () => {
    const date = new Date(2026, 10, 22, 15, 4, 5);
    const text = formatLocalTime(date);
    expect(text).toMatch(/^2026-11-22T15:04:05[+-]\d{2}:\d{2}$/);
    // The offset in the text is the one of the moment it describes.
    expect(new Date(text).getTime()).toBe(date.getTime());
  });
});

describe('readPageContext', () => {
  it('reads URL, title, language, time zone, local time, browser, screen and product', () => {
    document.title = '  Aster Kettle – Lumen & Oak  ';
    document.documentElement.lang = 'zh-CN';
    document.body.innerHTML = '<main data-product-sku="AST-1"></main>';
    const now = new Date(2026, 0, 2, 3, 4, 5);
    const context = readPageContext({ now });
    expect(context.url).toBe(document.URL);
    expect(context.title).toBe('Aster Kettle – Lumen & Oak');
    expect(context.locale).toBe('zh-CN');
    expect(context.languages).toEqual([...navigator.languages].slice(0, 10));
    expect(context.timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(context.localTime).toBe(formatLocalTime(now));
    expect(context.userAgent).toBe(navigator.userAgent);
    expect(context.screen).toEqual({ width: screen.width, height: screen.height });
    expect(context.product).toEqual({ sku: 'AST-1' });
    expect(() => visitorContextSchema.parse(context, 'context')).not.toThrow();
  });

  it('falls back to the browser language and leaves out what is not there', () => {
    const context = readPageContext();
    expect(context.locale).toBe(navigator.language);
    expect(context).not.toHaveProperty('title');
    expect(context).not.toHaveProperty('product');
    expect(Object.values(context)).not.toContain(undefined);
  });

  it('cuts every value to the limits of the protocol schema', () => {
    document.title = 'T'.repeat(2000);
    document.documentElement.lang = `en-${'x'.repeat(100)}`;
    const context = readPageContext();
    expect(context.title).toHaveLength(512);
    expect(context.locale).toHaveLength(35);
    expect(() => visitorContextSchema.parse(context, 'context')).not.toThrow();
  });
});
