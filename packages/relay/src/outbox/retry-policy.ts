import { backoffDelay } from '@confab/protocol';

/** How deliveries to a backend are retried (docs/adapters/README.md). */
export interface RetryPolicy {
  /** Upper bound of the first retry's delay, in milliseconds. */
  baseDelayMs: number;
  /** Largest delay between two attempts, in milliseconds; also caps a backend's `Retry-After`. */
  maxDelayMs: number;
  /** Attempts in all (the first one included) before a delivery is dead-lettered. */
  maxAttempts: number;
}

/**
 * Retries for about a day: delays of up to 1 s, 2 s, 4 s … then up to an hour apart, 40 attempts in
 * all (at most 28 hours if every jittered delay came out longest, about half that on average). A
 * helpdesk that is down for a night gets the shopper's messages when it is back.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 60 * 60_000, maxAttempts: 40 };

/** What one attempt at a delivery came to. */
export type AttemptOutcome =
  /** The backend has it. */
  | { kind: 'delivered' }
  /** Try again later: a network error, a timeout, 5xx, 429; `retryAfterMs` when the backend said. */
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  /** The backend refused it for good (4xx other than 408, 425, 429): retrying would not help. */
  | { kind: 'rejected'; reason: string };

/** What the outbox does next with a delivery after an attempt. */
export type NextStep = { kind: 'delivered' } | { kind: 'retry'; delayMs: number; reason: string } | { kind: 'dead'; reason: string };

/**
 * Decides what follows attempt number `attempt` (1 for the first): retries wait with exponential
 * backoff and full jitter, or as long as the backend's `Retry-After` asked (capped by
 * `maxDelayMs`); after `maxAttempts`, or on a permanent refusal, the delivery is dead-lettered.
 * @example
 * nextStep({ kind: 'retry', reason: 'HTTP 503' }, 1, DEFAULT_RETRY_POLICY, Math.random); // retry within 1 s
 */
export function nextStep(outcome: AttemptOutcome, attempt: number, policy: RetryPolicy, random: () => number): NextStep {
  if (outcome.kind === 'delivered') return outcome;
  if (outcome.kind === 'rejected') return { kind: 'dead', reason: outcome.reason };
  if (attempt >= policy.maxAttempts) return { kind: 'dead', reason: `${outcome.reason}; gave up after ${attempt} attempts` };
  const jittered = backoffDelay(attempt - 1, { baseMs: policy.baseDelayMs, maxMs: policy.maxDelayMs }, random);
  const delayMs = outcome.retryAfterMs === undefined ? jittered : Math.min(policy.maxDelayMs, Math.max(outcome.retryAfterMs, 0));
  return { kind: 'retry', delayMs, reason: outcome.reason };
}

/**
 * Reads an HTTP `Retry-After` header: delay-seconds (`120`) or an HTTP date. Returns the wait in
 * milliseconds from `nowMs` (0 for a date in the past), or undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date always names its weekday or month; this also keeps Date.parse off plain numbers.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * What an HTTP answer means for a delivery: 2xx delivered; 408, 425, 429 and 5xx retried
 * (with the answer's `Retry-After`); any other status refused for good.
 */
export function outcomeOfHttpStatus(status: number, retryAfter: string | null, nowMs: number): AttemptOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  const reason = `HTTP ${status}`;
  if (status === 408 || status === 425 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(retryAfter, nowMs);
    return retryAfterMs === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, retryAfterMs };
  }
  return { kind: 'rejected', reason };
}

/**
 * Why a `fetch` to a backend threw, in words for the outbox: `timedOut` for its own timeout, a
 * relay shutdown for an abort, else `unreachable` with the network error's code (ECONNREFUSED …).
 * Every such failure is worth a retry.
 */
export function fetchFailureReason(error: unknown, words: { timedOut: string; unreachable: string }): string {
  const name = (error as Error).name;
  if (name === 'TimeoutError') return words.timedOut;
  if (name === 'AbortError') return 'stopped: the relay is shutting down';
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return `${words.unreachable} (${code ?? (error as Error).message})`;
}
