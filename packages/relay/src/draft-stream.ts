import { ConfabError, textLength } from '@confab/protocol';

/** Options of {@link DraftStream}. */
export interface DraftStreamOptions {
  /** Shortest time between two drafts sent. */
  intervalMs: number;
  /** Longest text, in code points: a longer stream fails with `CONFAB_TEXT_TOO_LONG`. */
  maxTextLength: number;
  /** Sends the text so far. */
  send(text: string): void;
  /** @default globalThis timers */
  timers?: { setTimeout(callback: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
}

/**
 * The text of a reply being streamed, sent as drafts: the first part at once, then at most one
 * draft per `intervalMs` with everything so far, so a model producing 50 tokens a second costs the
 * shopper's tabs about ten frames a second, not fifty. Each draft carries the whole text, so a
 * tab that missed one loses nothing.
 */
export class DraftStream {
  readonly #options: DraftStreamOptions;
  readonly #timers: NonNullable<DraftStreamOptions['timers']>;
  #text = '';
  #length = 0;
  #sentText = '';
  #lastSentAt = -Infinity;
  #timer: unknown;
  #isOver = false;

  constructor(options: DraftStreamOptions) {
    this.#options = options;
    this.#timers = options.timers ?? { setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout) };
  }

  /** Adds a part; throws `CONFAB_TEXT_TOO_LONG` once the text is longer than allowed. */
  append(part: string): void {
    if (this.#isOver || part === '') return;
    this.#text += part;
    this.#length += textLength(part);
    if (this.#length > this.#options.maxTextLength) {
      throw new ConfabError('CONFAB_TEXT_TOO_LONG', `The streamed reply is longer than ${this.#options.maxTextLength} characters`);
    }
    if (this.#timer !== undefined) return;
    const wait = this.#lastSentAt + this.#options.intervalMs - Date.now();
    if (wait <= 0) this.#flush();
    else this.#timer = this.#timers.setTimeout(() => this.#flush(), wait);
  }

  /** Ends the stream and returns the whole text; no more drafts are sent (the message replaces them). */
  finish(): string {
    this.#stop();
    return this.#text;
  }

  /** Ends the stream without a message (the caller withdraws the draft). */
  abandon(): void {
    this.#stop();
  }

  #stop(): void {
    this.#isOver = true;
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #flush(): void {
    this.#timer = undefined;
    if (this.#isOver || this.#text === this.#sentText) return;
    this.#sentText = this.#text;
    this.#lastSentAt = Date.now();
    this.#options.send(this.#text);
  }
}
