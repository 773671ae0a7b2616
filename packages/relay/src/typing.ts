import type { Author } from '@confab/protocol';

/** How long a typing indicator lasts without being renewed (docs/protocol.md). */
export const TYPING_EXPIRY_MS = 6000;

/** Timer functions, injected so tests control time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending expiry must not keep the process alive during shutdown.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Options for {@link TypingTracker}. */
export interface TypingTrackerOptions {
  /** Called when someone's indicator ran out without a `false`. */
  onExpire(conversationId: string, author: Author): void;
  /** @default 6000 */
  expiryMs?: number;
  timers?: Timers;
}

/**
 * Remembers who is typing in which conversation and expires indicators that were not renewed,
 * so a client that vanishes mid-word does not leave "typing…" on screen forever.
 */
export class TypingTracker {
  readonly #timers: Timers;
  readonly #expiryMs: number;
  readonly #onExpire: TypingTrackerOptions['onExpire'];
  readonly #active = new Map<string, { conversationId: string; author: Author; timer: unknown }>();

  constructor(options: TypingTrackerOptions) {
    this.#timers = options.timers ?? realTimers;
    this.#expiryMs = options.expiryMs ?? TYPING_EXPIRY_MS;
    this.#onExpire = options.onExpire;
  }

  #key(conversationId: string, author: Author): string {
    return JSON.stringify([conversationId, author.role, author.name ?? '']);
  }

  /** Starts or renews an indicator (restarting its expiry). */
  start(conversationId: string, author: Author): void {
    const key = this.#key(conversationId, author);
    const current = this.#active.get(key);
    if (current) this.#timers.clearTimeout(current.timer);
    const timer = this.#timers.setTimeout(() => {
      this.#active.delete(key);
      this.#onExpire(conversationId, author);
    }, this.#expiryMs);
    this.#active.set(key, { conversationId, author, timer });
  }

  /** Ends an indicator; returns whether it was on. */
  stop(conversationId: string, author: Author): boolean {
    const key = this.#key(conversationId, author);
    const current = this.#active.get(key);
    if (!current) return false;
    this.#timers.clearTimeout(current.timer);
    this.#active.delete(key);
    return true;
  }

  /** Whether an indicator is on. */
  isTyping(conversationId: string, author: Author): boolean {
    return this.#active.has(this.#key(conversationId, author));
  }

  /** Cancels every timer (on shutdown); no expiry fires afterwards. */
  dispose(): void {
    for (const { timer } of this.#active.values()) this.#timers.clearTimeout(timer);
    this.#active.clear();
  }
}
