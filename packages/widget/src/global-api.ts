import { ConfabError } from '@confab/protocol';
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

function isApiMethod(name: unknown): name is ApiMethod {
  return (API_METHODS as readonly unknown[]).includes(name);
}

/**
 * Puts the JS API on `window.Confab`, each method calling `widget`, then replays the calls the
 * loader queued, in order, settling the promise the loader handed out for each with the real
 * outcome (an unknown method rejects with `CONFAB_REQUEST_INVALID` rather than throwing into the shop's page).
 */
export function installGlobalApi(widget: ChatWidget, queued: readonly QueuedCall[] = []): ConfabGlobal {
  const api = { version: VERSION } as Record<string, unknown>;
  for (const method of API_METHODS) {
    api[method] = (...args: unknown[]) => (widget[method] as (...a: unknown[]) => unknown).apply(widget, args);
  }
  const global = Object.freeze(api) as ConfabGlobal;
  window.Confab = global;
  for (const call of queued) {
    const [method, args, , settle] = call;
    try {
      if (!isApiMethod(method)) {
        throw new ConfabError('CONFAB_REQUEST_INVALID', `window.Confab.${String(method)}() does not exist; see docs/script-tag.md`);
      }
      const result = (api[method] as (...a: unknown[]) => unknown)(...args);
      call[2] = result;
      if (settle) Promise.resolve(result).then(...settle);
      // Nobody holds this promise (an early on()): keep a rejection off the console's "uncaught".
      else if (result instanceof Promise) result.catch((error: unknown) => console.warn(`[confab] Confab.${method}() failed:`, error));
    } catch (error) {
      if (settle) settle[1](error);
      else console.warn(`[confab] Confab.${String(method)}() failed:`, error);
    }
  }
  return global;
}
