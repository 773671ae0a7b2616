import { describe, expect, it } from 'vitest';
import { en, pickStrings, zhCN } from './strings.js';

describe('pickStrings', () => {
  it('picks Simplified Chinese for zh, zh-CN, zh-Hans and zh-SG', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-Hans-CN', 'zh-SG']) expect(pickStrings([tag])).toBe(zhCN);
  });

  it('skips Traditional Chinese tags for the next preference, else English', () => {
    expect(pickStrings(['zh-TW', 'zh-CN'])).toBe(zhCN);
    expect(pickStrings(['zh-Hant-HK'])).toBe(en);
  });

  it('picks English for English, other languages and no preference', () => {
    expect(pickStrings(['en-GB', 'zh-CN'])).toBe(en);
    expect(pickStrings(['fr-FR'])).toBe(en);
    expect(pickStrings([])).toBe(en);
  });
});

describe('strings', () => {
  it('have the same keys in every language', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(zhCN.availabilityValues).sort()).toEqual(Object.keys(en.availabilityValues).sort());
    expect(Object.keys(zhCN.cardErrors).sort()).toEqual(Object.keys(en.cardErrors).sort());
  });

  it('count unread messages and show them in the title', () => {
    expect(en.unreadCount(1)).toBe('1 unread message');
    expect(en.unreadCount(3)).toBe('3 unread messages');
    expect(en.documentTitle(0)).toBe('Confab console');
    expect(en.documentTitle(4)).toBe('(4) Confab console');
    expect(zhCN.documentTitle(2)).toBe('(2) Confab 客服台');
  });

  it('join typing names naturally', () => {
    expect(en.typing(['Visitor'])).toBe('Visitor is typing…');
    expect(en.typing(['Visitor', 'Li', 'Mei'])).toBe('Visitor, Li and Mei are typing…');
    expect(zhCN.typing(['访客', '小李'])).toBe('访客、小李正在输入…');
  });
});
