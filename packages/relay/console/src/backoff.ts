/** Reconnect delays: the first retry waits up to `baseMs`, each later one up to twice as long, capped at `maxMs`. */
export interface BackoffOptions {
  /** @default 500 */
  baseMs?: number;
  /** @default 30000 */
  maxMs?: number;
}

/** The defaults of {@link BackoffOptions}, the same as the client SDK's. */
export const DEFAULT_BACKOFF: Required<BackoffOptions> = { baseMs: 500, maxMs: 30_000 };

/**
 * The delay before reconnect attempt `attempt` (0 for the first), with full jitter:
 * `random() × min(maxMs, baseMs × 2^attempt)`, so many consoles dropped together by a relay
 * restart do not all come back in the same millisecond.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const { baseMs, maxMs } = { ...DEFAULT_BACKOFF, ...options };
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
