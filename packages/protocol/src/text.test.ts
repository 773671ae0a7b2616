import { describe, expect, it } from 'vitest';
import { ConfabError } from './errors.js';
import { textLength, validateText } from './text.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as ConfabError).code;
  }
  return undefined;
}

describe('validateText', () => {
  it('returns CJK, emoji sequences, RTL and combining marks unchanged', () => {
    for (const text of ['你好，世界', '👩‍👩‍👧‍👦 🇨🇳', 'שלום עולם', 'é = e\u0301', 'line\nbreak\tand tab']) {
      expect(validateText(text, 100)).toBe(text);
    }
  });

  it('refuses lone surrogates, NUL and control characters with CONFAB_TEXT_INVALID', () => {
    for (const text of ['a\uD800', '\uDC00b', 'nul\u0000', 'bell\u0007', 'esc\u001b[31m', 'c1\u0085']) {
      expect(codeOf(() => validateText(text, 100)), JSON.stringify(text)).toBe('CONFAB_TEXT_INVALID');
    }
  });

  it('names the character it refuses, and whether it is a control character or a lone surrogate', () => {
    expect(() => validateText('bell\u0007', 100)).toThrow('Message text has control character U+0007');
    expect(() => validateText('c1\u009f', 100)).toThrow('Message text has control character U+009F');
    expect(() => validateText('half \uD83D', 100)).toThrow('Message text has lone surrogate U+D83D');
    expect(() => validateText('\uDC00 first', 100)).toThrow('Message text has lone surrogate U+DC00');
    // The first offending character is named.
    expect(() => validateText('\uD800 then \u0000', 100)).toThrow('lone surrogate U+D800');
  });

  it('refuses blank text with CONFAB_TEXT_INVALID', () => {
    expect(codeOf(() => validateText('  \n ', 100))).toBe('CONFAB_TEXT_INVALID');
  });

  it('counts the limit in code points, so an emoji counts once', () => {
    expect(textLength('👋🏽')).toBe(2);
    expect(validateText('😀'.repeat(10), 10)).toHaveLength(20);
    expect(codeOf(() => validateText('😀'.repeat(11), 10))).toBe('CONFAB_TEXT_TOO_LONG');
  });

  it('names the length and the limit in the message', () => {
    expect(() => validateText('abcdef', 5)).toThrow(/6 characters long; the limit is 5/);
  });
});
