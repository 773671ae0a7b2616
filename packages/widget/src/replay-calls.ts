import { ConfabError } from '@confab/protocol';
import { API_METHODS, type ApiMethod, type QueuedCall } from './global-api.js';

function isApiMethod(name: unknown): name is ApiMethod {
  return (API_METHODS as readonly unknown[]).includes(name);
}

/**
 * Replays the calls the loader queued on its stand-in `window.Confab`, in order, on `api`,
 * settling the promise the loader handed out for each with the real outcome (an unknown method
 * rejects with `CONFAB_REQUEST_INVALID` rather than throwing into the shop's page). A chunk of
 * its own: only shops that call the API before the app is in need it.
 */
export function replayCalls(api: Record<string, unknown>, queued: readonly QueuedCall[]): void {
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
}
