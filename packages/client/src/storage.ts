/**
 * Where the client keeps its session token and unsent messages. `localStorage` and
 * `sessionStorage` fit as they are; anything with these three methods works (a file, a database).
 */
export interface ClientStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * A storage that lives only as long as the page or process: for tests, for Node scripts that
 * start a new conversation each run, and the fallback where `localStorage` is unusable.
 * @example
 * const client = createClient({ url, storage: memoryStorage() });
 */
export function memoryStorage(): ClientStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
  };
}

/** How `createClient({ storage })` names a browser storage: `local` and `session` fall back to memory where unusable. */
export type StorageMode = 'local' | 'session' | 'none';

/**
 * `localStorage` (or `sessionStorage`) if it can be used, else undefined (the client then keeps to
 * a {@link memoryStorage}). Merely reading `window.localStorage` throws a SecurityError in
 * sandboxed iframes and with cookies blocked, so the probe reads a key. It never writes one: a
 * shopper who has not chatted must find nothing of ours in storage (and a write would fire
 * `storage` events in their other tabs). A storage that refuses writes (old Safari private mode)
 * is still fine: {@link writeItem} ignores the failure and the client keeps to memory for the page.
 */
export function usableStorage(name: 'localStorage' | 'sessionStorage' = 'localStorage'): ClientStorage | undefined {
  try {
    const storage = globalThis[name] as ClientStorage | undefined;
    storage?.getItem('confab:token');
    return storage;
  } catch {
    return undefined;
  }
}

/**
 * The storage a mode names: `localStorage` or `sessionStorage` where usable, else (and for `none`)
 * a fresh {@link memoryStorage}. Writes nothing to find out.
 */
export function storageFor(mode: StorageMode): ClientStorage {
  return (mode === 'local' ? usableStorage() : mode === 'session' ? usableStorage('sessionStorage') : undefined) ?? memoryStorage();
}

/** `localStorage` if it can be used, else undefined; see {@link usableStorage}. */
export function usableLocalStorage(): ClientStorage | undefined {
  return usableStorage();
}

/** Reads a key; a storage that throws reads as empty. */
export function readItem(storage: ClientStorage, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

/**
 * Writes a key, or removes it when `value` is undefined. A full or revoked storage is ignored:
 * the client keeps working from memory, it just cannot survive a reload.
 */
export function writeItem(storage: ClientStorage, key: string, value: string | undefined): void {
  try {
    if (value === undefined) storage.removeItem(key);
    else storage.setItem(key, value);
  } catch {
    // QuotaExceededError or SecurityError: keep going from memory.
  }
}
