import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, nextStep, outcomeOfHttpStatus, parseRetryAfter } from './retry-policy.js';

const policy = { baseDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 5 };
const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);

describe('nextStep', () => {
  it('waits with full jitter inside a doubling window, capped by maxDelayMs', () => {
    const top = () => 0.999_999;
    expect([1, 2, 3, 4].map((attempt) => nextStep({ kind: 'retry', reason: 'HTTP 503' }, attempt, policy, top))).toEqual([
      { kind: 'retry', delayMs: 999, reason: 'HTTP 503' },
      { kind: 'retry', delayMs: 1999, reason: 'HTTP 503' },
      { kind: 'retry', delayMs: 3999, reason: 'HTTP 503' },
      { kind: 'retry', delayMs: 7999, reason: 'HTTP 503' },
    ]);
    const late = nextStep({ kind: 'retry', reason: 'timeout' }, 12, { ...policy, maxAttempts: 20 }, top);
    expect(late).toEqual({ kind: 'retry', delayMs: 59_999, reason: 'timeout' });
    expect(nextStep({ kind: 'retry', reason: 'x' }, 3, policy, () => 0)).toEqual({ kind: 'retry', delayMs: 0, reason: 'x' });
  });

  it("honours the backend's Retry-After, capped by maxDelayMs, instead of the jitter", () => {
    expect(nextStep({ kind: 'retry', reason: 'HTTP 429', retryAfterMs: 7000 }, 1, policy, () => 0)).toEqual({ kind: 'retry', delayMs: 7000, reason: 'HTTP 429' });
    expect(nextStep({ kind: 'retry', reason: 'HTTP 429', retryAfterMs: 3_600_000 }, 1, policy, () => 0)).toMatchObject({ delayMs: 60_000 });
  });

  it('dead-letters after the last attempt and at once on a permanent refusal', () => {
    expect(nextStep({ kind: 'retry', reason: 'HTTP 502' }, 5, policy, Math.random)).toEqual({ kind: 'dead', reason: 'HTTP 502; gave up after 5 attempts' });
    expect(nextStep({ kind: 'rejected', reason: 'HTTP 400' }, 1, policy, Math.random)).toEqual({ kind: 'dead', reason: 'HTTP 400' });
    expect(nextStep({ kind: 'delivered' }, 3, policy, Math.random)).toEqual({ kind: 'delivered' });
  });

  it('keeps trying for about a day by default', () => {
    const longest = () => 0.999_999;
    let total = 0;
    for (let attempt = 1; attempt < DEFAULT_RETRY_POLICY.maxAttempts; attempt++) {
      const step = nextStep({ kind: 'retry', reason: 'down' }, attempt, DEFAULT_RETRY_POLICY, longest);
      if (step.kind !== 'retry') throw new Error(`attempt ${attempt} ended the delivery`);
      total += step.delayMs;
    }
    // The longest possible wait: 1 + 2 + … + 2048 s, then 27 waits of an hour.
    expect(Math.round(total / 1000)).toBe(4095 + 27 * 3600);
    expect(total / 3_600_000).toBeGreaterThan(24);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates, and ignores what is neither', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter('Sun, 06 Dec 2026 12:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Sun, 06 Dec 2026 11:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter('-5', NOW)).toBeUndefined();
    expect(parseRetryAfter('1.5', NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
  });
});

describe('outcomeOfHttpStatus', () => {
  it('delivers on 2xx, retries 408/425/429/5xx and refuses other statuses for good', () => {
    expect(outcomeOfHttpStatus(204, null, NOW)).toEqual({ kind: 'delivered' });
    expect(outcomeOfHttpStatus(429, '3', NOW)).toEqual({ kind: 'retry', reason: 'HTTP 429', retryAfterMs: 3000 });
    expect(outcomeOfHttpStatus(503, null, NOW)).toEqual({ kind: 'retry', reason: 'HTTP 503' });
    expect(outcomeOfHttpStatus(408, null, NOW)).toMatchObject({ kind: 'retry' });
    expect(outcomeOfHttpStatus(425, null, NOW)).toMatchObject({ kind: 'retry' });
    expect(outcomeOfHttpStatus(404, '10', NOW)).toEqual({ kind: 'rejected', reason: 'HTTP 404' });
    expect(outcomeOfHttpStatus(301, null, NOW)).toEqual({ kind: 'rejected', reason: 'HTTP 301' });
  });
});
