import { ConfabError } from './errors.js';

// NUL and the C0/C1 controls (Unicode's Cc) other than tab, line feed and carriage return have no
// place in chat text and are a classic way to confuse downstream systems (C strings, terminals, log
// parsers). Nor has a surrogate not paired up (with the u flag a pair reads as one code point, never
// as Cs): such text cannot be encoded as UTF-8 and would be stored as U+FFFD, i.e. mangled.
const FORBIDDEN = /[^\P{Cc}\t\n\r]|\p{Cs}/u;

/** Length of a text in Unicode code points, the unit `maxTextLength` is counted in. */
export function textLength(text: string): number {
  let length = 0;
  // A string iterates by code point (a lone surrogate is one).
  for (const _ of text) length++;
  return length;
}

/**
 * Checks a chat message text and returns it unchanged, or throws:
 * `CONFAB_TEXT_INVALID` for blank text, lone surrogates or control characters,
 * `CONFAB_TEXT_TOO_LONG` for more than `maxLength` code points.
 */
export function validateText(text: string, maxLength: number): string {
  if (text.trim().length === 0) {
    throw new ConfabError('CONFAB_TEXT_INVALID', 'Message text is blank');
  }
  const forbidden = FORBIDDEN.exec(text);
  if (forbidden) {
    const code = forbidden[0].charCodeAt(0);
    // Every Cc is below U+00A0, every surrogate above.
    const what = code < 0xa0 ? 'control character' : 'lone surrogate';
    throw new ConfabError('CONFAB_TEXT_INVALID', `Message text has ${what} U+${code.toString(16).toUpperCase().padStart(4, '0')}`);
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
