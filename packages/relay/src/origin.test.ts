import { describe, expect, it } from 'vitest';
import { isOriginAllowed, normalizeOrigin } from './origin.js';

describe('normalizeOrigin', () => {
  it('normalises http(s) origins and refuses anything else', () => {
    expect(normalizeOrigin('https://Shop.Example:443/')).toBe('https://shop.example');
    expect(normalizeOrigin('http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787');
    for (const bad of ['shop.example', 'https://shop.example/path', 'https://u:p@shop.example', 'ftp://shop.example', 'null', 'https://a.example?x=1']) {
      expect(normalizeOrigin(bad), bad).toBeUndefined();
    }
  });
});

describe('isOriginAllowed', () => {
  const allowed = new Set(['https://shop.example']);
  it('lets requests without an Origin through (not a browser)', () => {
    expect(isOriginAllowed(undefined, 'relay.example', new Set())).toBe(true);
  });
  it('allows the relay own origin, comparing default ports', () => {
    expect(isOriginAllowed('https://relay.example', 'relay.example', new Set())).toBe(true);
    expect(isOriginAllowed('https://relay.example', 'relay.example:443', new Set())).toBe(true);
    expect(isOriginAllowed('http://127.0.0.1:8787', '127.0.0.1:8787', new Set())).toBe(true);
    expect(isOriginAllowed('http://127.0.0.1:9999', '127.0.0.1:8787', new Set())).toBe(false);
  });
  it('allows listed origins and refuses look-alikes and opaque origins', () => {
    expect(isOriginAllowed('https://shop.example', 'relay.example', allowed)).toBe(true);
    expect(isOriginAllowed('http://shop.example', 'relay.example', allowed)).toBe(false);
    expect(isOriginAllowed('https://shop.example.evil.test', 'relay.example', allowed)).toBe(false);
    expect(isOriginAllowed('null', 'relay.example', allowed)).toBe(false);
    expect(isOriginAllowed('https://evil.example', undefined, allowed)).toBe(false);
  });
});
