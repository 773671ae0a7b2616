import type { ChatWidget } from './chat-widget.js';
import { VERSION } from './version.js';

/** The methods `window.Confab` forwards to the page's `<confab-chat>`. */
export const API_METHODS = [
  'open',
  'close',
  'toggle',
  'show',
  'hide',
  'send',
  'identify',
  'setContext',
  'setLocale',
  'reset',
  'on',
] as const;

/** One of {@link API_METHODS}. */
export type ApiMethod = (typeof API_METHODS)[number];

/**
 * A call made on the loader's stand-in `window.Confab` before the app loaded: the method, its
 * arguments, and (once replayed) what the real call returned, so an early `on()`'s unsubscribe
 * function still works.
 */
export type QueuedCall = [
  method: string | symbol,
  args: unknown[],
  result?: unknown,
  settle?: [resolve: (value: unknown) => void, reject: (error: unknown) => void],
];

/** `window.Confab` once the widget is on the page. */
export type ConfabGlobal = { readonly version: string } & { [M in ApiMethod]: ChatWidget[M] };

declare global {
  interface Window {
    /** The Confab JS API of the script tag (see docs/script-tag.md, "JavaScript API"). */
    Confab?: ConfabGlobal;
  }
}

/**
 * Puts the JS API on `window.Confab`, each method calling `widget`. Calls the loader queued
 * before the app was in (taken from `queue` when they replay, so later ones come along) are
 * replayed first, in order, settling the promise the loader handed out for each with the real
 * outcome; `window.Confab` becomes the real one right before, so nothing overtakes them. If the
 * replay's chunk cannot be fetched, those promises reject with the load error.
 */
export async function installGlobalApi(widget: ChatWidget, queue: QueuedCall[] = []): Promise<ConfabGlobal> {
  const api = { version: VERSION } as Record<string, unknown>;
  for (const method of API_METHODS) {
    // Called on `widget` (the parentheses keep `this`), so later changes to its methods count.
    api[method] = (...args: unknown[]) => (widget[method] as (...a: unknown[]) => unknown)(...args);
  }
  const global = Object.freeze(api) as ConfabGlobal;
  let replay: typeof import('./replay-calls.js') | undefined;
  try {
    if (queue.length > 0) replay = await import('./replay-calls.js');
  } catch (error) {
    for (const [, , , settle] of queue.splice(0)) settle?.[1](error);
  }
  window.Confab = global;
  replay?.replayCalls(api, queue.splice(0));
  return global;
}
