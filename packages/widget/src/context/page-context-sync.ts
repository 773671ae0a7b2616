import type { VisitorContext } from '@confab/protocol';
import { readPageContext } from './page-context.js';
import { watchLocation } from './watch-location.js';

/** Whatever receives the context; a `ChatClient` in the widget. */
export interface ContextTarget {
  setContext(context: VisitorContext): void;
}

/** Options of {@link PageContextSync}; the defaults read the real page. */
export interface PageContextSyncOptions {
  /** @default readPageContext */
  read?: () => VisitorContext;
  /** Starts watching for URL changes and returns a stop function. @default watchLocation */
  watch?: (onChange: () => void) => () => void;
  /**
   * Delays after a URL change at which the page is read again. Single-page shops change the URL
   * first and render the new title and product JSON-LD a moment later, so one early and one late
   * read catch both fast and slow pages; unchanged contexts are not sent twice.
   * @default [250, 2000]
   */
  settleMs?: readonly number[];
}

// Local time changes every second; it alone is no reason to send the context again.
function fingerprint(context: VisitorContext): string {
  return JSON.stringify({ ...context, localTime: undefined });
}

/**
 * Keeps a {@link ContextTarget} up to date with the page: reads the context when started, again
 * after every URL change of a single-page app, and whenever {@link PageContextSync.refresh} is
 * called (the widget does so when the panel opens); sends it only when it changed.
 */
export class PageContextSync {
  readonly #target: ContextTarget;
  readonly #options: PageContextSyncOptions;
  #lastSent = '';
  #custom: Record<string, string> | undefined;
  #stopWatching: (() => void) | undefined;
  // Reads pending since the last URL change. Timers that already fired stay in the list: clearing
  // them again is harmless, since browsers number timers in sequence and do not reuse an id.
  #timers: Array<ReturnType<typeof setTimeout>> = [];

  constructor(target: ContextTarget, options: PageContextSyncOptions = {}) {
    this.#target = target;
    this.#options = { ...options };
  }

  /**
   * Reads the context, starts watching the URL and returns the context, which the caller passes
   * to the client as its initial context (it is sent in `hello`, so it is not sent again here).
   */
  start(): VisitorContext {
    const context = this.#context();
    this.#lastSent = fingerprint(context);
    this.#stopWatching ??= (this.#options.watch ?? watchLocation)(() => {
      this.#cancelReads();
      this.#timers = (this.#options.settleMs ?? [250, 2000]).map((delay) => setTimeout(() => this.refresh(), delay));
    });
    return context;
  }

  /** Reads the page now and sends the context if it changed since it was last sent. */
  refresh(): void {
    const context = this.#context();
    const print = fingerprint(context);
    if (print === this.#lastSent) return;
    this.#lastSent = print;
    try {
      this.#target.setContext(context);
    } catch {
      // The context is cut to the protocol's limits, so a refusal would be a bug in the reader;
      // it must not become an uncaught error on the shop's page. The previous context stays.
      this.#lastSent = '';
    }
  }

  /**
   * Sets the shop's own key/value pairs (`custom` in the context; at most 20, values cut to 500
   * characters, as the protocol allows) and sends the context if that changed it.
   */
  setCustom(custom: Record<string, string>): void {
    const entries = Object.entries(custom)
      .filter(([key, value]) => key !== '' && typeof value === 'string')
      .slice(0, 20)
      .map(([key, value]) => [key.slice(0, 64), value.slice(0, 500)]);
    this.#custom = entries.length > 0 ? Object.fromEntries(entries) : undefined;
    this.refresh();
  }

  #context(): VisitorContext {
    const context = (this.#options.read ?? readPageContext)();
    return this.#custom ? { ...context, custom: { ...context.custom, ...this.#custom } } : context;
  }

  /** Stops watching and cancels pending reads. */
  stop(): void {
    this.#stopWatching?.();
    this.#stopWatching = undefined;
    this.#cancelReads();
  }

  #cancelReads(): void {
    this.#timers.forEach(clearTimeout);
  }
}
