import { describe, expect, it } from 'vitest';
import { safeUrl, WEB_PROTOCOLS } from './safe-url.js';

describe('safeUrl', () => {
  it('returns the normalised URL for allowed schemes only', () => {
    expect(safeUrl('https://shop.example/a b')).toBe('https://shop.example/a%20b');
    expect(safeUrl('mailto:help@shop.example')).toBe('mailto:help@shop.example');
    expect(safeUrl('mailto:help@shop.example', WEB_PROTOCOLS)).toBeUndefined();
    expect(safeUrl(' java\tscript:alert(1)')).toBeUndefined();
    expect(safeUrl('/relative')).toBeUndefined();
    expect(safeUrl(undefined)).toBeUndefined();
  });
});
