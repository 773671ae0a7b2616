import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

const options = { baseMs: 500, maxMs: 30_000 };

describe('backoffDelay', () => {
  it('doubles the window with each attempt until the cap', () => {
    const windows = [0, 1, 2, 3, 4, 5, 6, 7, 20].map((attempt) => backoffDelay(attempt, options, () => 0.999_999));
    expect(windows).toEqual([499, 999, 1999, 3999, 7999, 15_999, 29_999, 29_999, 29_999]);
  });

  it('spreads delays over the whole window (full jitter)', () => {
    expect(backoffDelay(3, options, () => 0)).toBe(0);
    expect(backoffDelay(3, options, () => 0.25)).toBe(1000);
    expect(backoffDelay(3, options, () => 0.5)).toBe(2000);
  });

  it('never exceeds maxMs however many attempts failed', () => {
    expect(backoffDelay(10_000, options, () => 0.5)).toBe(15_000);
  });
});
