/** A clock in milliseconds; injected so tests control time. */
export type Clock = () => number;

/** Options for {@link TokenBucket}. */
export interface TokenBucketOptions {
  /** How many actions may happen at once after a quiet spell. */
  capacity: number;
  /** How many actions per minute are allowed in the long run. */
  perMinute: number;
  /** @default Date.now */
  now?: Clock;
}

/**
 * A token bucket: `capacity` actions at once, then `perMinute` per minute. Used per connection,
 * so one chatty client never slows anyone else.
 */
export class TokenBucket {
  readonly #capacity: number;
  readonly #perMs: number;
  readonly #now: Clock;
  #tokens: number;
  #updatedAt: number;

  constructor(options: TokenBucketOptions) {
    this.#capacity = options.capacity;
    this.#perMs = options.perMinute / 60_000;
    this.#now = options.now ?? Date.now;
    this.#tokens = options.capacity;
    this.#updatedAt = this.#now();
  }

  /** Takes one token; returns false (and takes nothing) when the bucket is empty. */
  take(): boolean {
    const now = this.#now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#updatedAt) * this.#perMs);
    this.#updatedAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Gives back a token taken for an action that turned out to cost nothing (a resend). */
  giveBack(): void {
    this.#tokens = Math.min(this.#capacity, this.#tokens + 1);
  }
}

/** Options for {@link WindowCounter}. */
export interface WindowCounterOptions {
  /** How many events the window tolerates. */
  limit: number;
  /** @default 60000 */
  windowMs?: number;
  /** @default Date.now */
  now?: Clock;
}

/** Counts events in a sliding window and says when there were more than `limit` of them. */
export class WindowCounter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #now: Clock;
  readonly #times: number[] = [];

  constructor(options: WindowCounterOptions) {
    this.#limit = options.limit;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** Records one event; returns true when the window now holds more than `limit` events. */
  hit(): boolean {
    const now = this.#now();
    this.#times.push(now);
    while (this.#times.length > 0 && this.#times[0]! <= now - this.#windowMs) this.#times.shift();
    // Only the newest limit + 1 times can matter; older ones are dropped to bound memory.
    if (this.#times.length > this.#limit + 1) this.#times.shift();
    return this.#times.length > this.#limit;
  }
}
