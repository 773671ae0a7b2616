/** How reconnect delays grow: `baseMs × 2^attempt`, capped at `maxMs`. */
export interface BackoffOptions {
  /** Upper bound of the first delay, in milliseconds. */
  baseMs: number;
  /** Largest upper bound any delay can have, in milliseconds. */
  maxMs: number;
}

/**
 * The delay before reconnect attempt `attempt` (0 for the first retry) with full jitter:
 * `random() × min(maxMs, baseMs × 2^attempt)`. Spreading retries over the whole window keeps a
 * relay restart from being met by every visitor at the same instant.
 * @example
 * backoffDelay(3, { baseMs: 500, maxMs: 30_000 }, Math.random); // somewhere in [0, 4000)
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  return Math.floor(random() * Math.min(options.maxMs, options.baseMs * 2 ** attempt));
}
