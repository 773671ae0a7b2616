import { memoryStorage, type ClientStorage } from '@confab/client';

/**
 * Where the widget may keep the conversation between page loads (the `storage` attribute):
 * - `local`: `localStorage`, the default: the chat survives reloads and is shared by tabs;
 * - `session`: `sessionStorage`: it survives reloads of this tab only and ends with the tab;
 * - `none`: memory only: nothing is written, a reload starts a new conversation.
 */
export type StorageMode = 'local' | 'session' | 'none';

/** Reads the `storage` attribute: anything but `session` or `none` is `local`. */
export function toStorageMode(value: string | null | undefined): StorageMode {
  const mode = value?.trim().toLowerCase();
  return mode === 'session' || mode === 'none' ? mode : 'local';
}

/**
 * The storage for a mode. Nothing is written until the client has something to keep (no probe
 * write on page load). Web Storage that throws (site data blocked, quota full, old Safari private
 * mode) falls back to memory, so the chat still works on this page.
 */
export function storageFor(mode: StorageMode): ClientStorage {
  const memory = memoryStorage();
  if (mode === 'none') return memory;
  const web = (): Storage => (mode === 'session' ? globalThis.sessionStorage : globalThis.localStorage);
  return {
    getItem(key) {
      try {
        return web().getItem(key) ?? memory.getItem(key);
      } catch {
        return memory.getItem(key);
      }
    },
    setItem(key, value) {
      try {
        web().setItem(key, value);
      } catch {
        memory.setItem(key, value);
      }
    },
    removeItem(key) {
      memory.removeItem(key);
      try {
        web().removeItem(key);
      } catch {
        // Nothing was written there.
      }
    },
  };
}
