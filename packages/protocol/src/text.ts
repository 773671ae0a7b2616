import { ConfabError } from './errors.js';

// NUL and the C0/C1 controls other than tab, line feed and carriage return have no place in chat
// text and are a classic way to confuse downstream systems (C strings, terminals, log parsers).
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one: such text
// cannot be encoded as UTF-8 and would be stored as U+FFFD, i.e. mangled.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Length of a text in Unicode code points, the unit `maxTextLength` is counted in. */
export function textLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    length++;
  }
  return length;
}

/**
 * Checks a chat message text and returns it unchanged, or throws:
 * `CONFAB_TEXT_INVALID` for blank text, lone surrogates or control characters,
 * `CONFAB_TEXT_TOO_LONG` for more than `maxLength` code points.
 */
export function validateText(text: string, maxLength: number): string {
  if (text.trim().length === 0) {
    throw new ConfabError('CONFAB_TEXT_INVALID', 'Message text is empty; send at least one visible character');
  }
  if (LONE_SURROGATE.test(text)) {
    throw new ConfabError('CONFAB_TEXT_INVALID', 'Message text contains a lone UTF-16 surrogate; send well-formed Unicode');
  }
  const control = FORBIDDEN_CONTROL.exec(text);
  if (control) {
    const hex = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new ConfabError(
      'CONFAB_TEXT_INVALID',
      `Message text contains control character U+${hex}; only tab, line feed and carriage return are allowed`,
    );
  }
  const length = textLength(text);
  if (length > maxLength) {
    throw new ConfabError(
      'CONFAB_TEXT_TOO_LONG',
      `Message text is ${length} characters long; the limit is ${maxLength}`,
    );
  }
  return text;
}
