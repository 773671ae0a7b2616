import { describe, expect, it } from 'vitest';
import { CLOSE_CODES, isFatalCloseCode } from './close-codes.js';

describe('close codes', () => {
  it('uses the private range for Confab-specific codes', () => {
    for (const [name, code] of Object.entries(CLOSE_CODES)) {
      if (code < 4000) continue; // the standard codes we rely on
      expect(code, name).toBeGreaterThanOrEqual(4000);
      expect(code, name).toBeLessThanOrEqual(4999);
    }
  });

  it('treats only version and auth refusals as fatal', () => {
    expect(isFatalCloseCode(CLOSE_CODES.VERSION_UNSUPPORTED)).toBe(true);
    expect(isFatalCloseCode(CLOSE_CODES.AUTH_REJECTED)).toBe(true);
    expect(isFatalCloseCode(CLOSE_CODES.GOING_AWAY)).toBe(false);
    expect(isFatalCloseCode(1006)).toBe(false);
  });
});
