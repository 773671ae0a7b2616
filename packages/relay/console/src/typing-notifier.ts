import type { Timers } from './agent-stream.js';

/** Options for {@link TypingNotifier}. */
export interface TypingNotifierOptions {
  /** Posts the typing state of the agent in a conversation (errors are the caller's business). */
  send(conversationId: string, isTyping: boolean): void;
  /**
   * While the agent keeps typing, say so again after this long, so the relay's 6-second expiry
   * never hides the indicator in the middle of a long answer. @default 3000
   */
  repeatMs?: number;
  /** Say "stopped" after this long without a keystroke. @default 4000 */
  idleMs?: number;
  /** @default Date.now */
  now?: () => number;
  /** @default globalThis.setTimeout / clearTimeout */
  timers?: Timers;
}

/**
 * Turns keystrokes in the reply box into few typing requests: `true` on the first keystroke and
 * then at most once per `repeatMs`, `false` after `idleMs` of quiet, when the box is emptied, when
 * the reply is sent or when the agent switches to another conversation.
 * @example
 * const typing = new TypingNotifier({ send: (id, isTyping) => api.setTyping(id, isTyping, name) });
 * box.addEventListener('input', () => typing.input(conversationId, box.value !== ''));
 */
export class TypingNotifier {
  readonly #send: (conversationId: string, isTyping: boolean) => void;
  readonly #repeatMs: number;
  readonly #idleMs: number;
  readonly #now: () => number;
  readonly #timers: Timers;
  #conversationId: string | undefined;
  #lastSentAt = 0;
  #idleTimer: unknown;

  constructor(options: TypingNotifierOptions) {
    this.#send = options.send;
    this.#repeatMs = options.repeatMs ?? 3000;
    this.#idleMs = options.idleMs ?? 4000;
    this.#now = options.now ?? Date.now;
    this.#timers = options.timers ?? {
      setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
      clearTimeout: (handle) => globalThis.clearTimeout(handle as number),
    };
  }

  /** The reply box of `conversationId` changed; `hasText` is whether it still holds any. */
  input(conversationId: string, hasText: boolean): void {
    if (this.#conversationId !== undefined && this.#conversationId !== conversationId) this.stop();
    if (!hasText) {
      this.stop();
      return;
    }
    const now = this.#now();
    if (this.#conversationId === undefined || now - this.#lastSentAt >= this.#repeatMs) {
      this.#conversationId = conversationId;
      this.#lastSentAt = now;
      this.#send(conversationId, true);
    }
    this.#timers.clearTimeout(this.#idleTimer);
    this.#idleTimer = this.#timers.setTimeout(() => this.stop(), this.#idleMs);
  }

  /** The agent stopped typing (sent, emptied the box, left the conversation): says so once. */
  stop(): void {
    this.#timers.clearTimeout(this.#idleTimer);
    const conversationId = this.#conversationId;
    if (conversationId === undefined) return;
    this.#conversationId = undefined;
    this.#send(conversationId, false);
  }
}
