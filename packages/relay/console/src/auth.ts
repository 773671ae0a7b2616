/**
 * Where the console keeps the agent token and name.
 *
 * The token lives in `sessionStorage` (per tab, gone when the tab closes); the relay prints it in a
 * URL fragment, which browsers never send to servers, and the console removes it from the address
 * bar at once so it does not end up in bookmarks, screenshots or history. The display name lives in
 * `localStorage`: it is not a secret and agents should not retype it every day.
 */

/** `sessionStorage` key of the agent token. */
export const TOKEN_KEY = 'confab-console:token';
/** `localStorage` key of the agent's display name. */
export const NAME_KEY = 'confab-console:name';
/** The longest display name the protocol carries (`author.name`). */
export const MAX_NAME_LENGTH = 100;

/** The part of `Storage` used here; `getItem` and friends may throw when storage is blocked. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The parts of `location` and `history` needed to read and strip the fragment. */
export interface LocationLike {
  readonly hash: string;
  readonly pathname: string;
  readonly search: string;
}
/** The part of `history` used to rewrite the address without reloading. */
export interface HistoryLike {
  readonly state: unknown;
  replaceState(data: unknown, unused: string, url?: string): void;
}

function read(storage: StorageLike | undefined, key: string): string | undefined {
  try {
    return storage?.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

function write(storage: StorageLike | undefined, key: string, value: string | undefined): void {
  try {
    if (value === undefined) storage?.removeItem(key);
    else storage?.setItem(key, value);
  } catch {
    // Storage disabled or full: the console still works for this page load.
  }
}

/**
 * Moves a `#token=…` fragment into `storage` and removes it from the address bar with
 * `history.replaceState` (other fragment parameters stay). Returns the token, or `undefined` when
 * the fragment holds none.
 * @example
 * const token = takeTokenFromFragment(location, history, sessionStorage) ?? readToken(sessionStorage);
 */
export function takeTokenFromFragment(location: LocationLike, history: HistoryLike, storage: StorageLike | undefined): string | undefined {
  if (!location.hash || location.hash.length < 2) return undefined;
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get('token');
  if (token === null) return undefined;
  params.delete('token');
  const rest = params.toString();
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  const trimmed = token.trim();
  if (!trimmed) return undefined;
  write(storage, TOKEN_KEY, trimmed);
  return trimmed;
}

/** The token stored for this tab, if any. */
export function readToken(storage: StorageLike | undefined): string | undefined {
  return read(storage, TOKEN_KEY) || undefined;
}

/** Stores the token for this tab, or forgets it (`undefined`). */
export function saveToken(storage: StorageLike | undefined, token: string | undefined): void {
  write(storage, TOKEN_KEY, token);
}

/** The agent's remembered display name, if any. */
export function readAgentName(storage: StorageLike | undefined): string | undefined {
  return read(storage, NAME_KEY)?.trim() || undefined;
}

/** Remembers the agent's display name. */
export function saveAgentName(storage: StorageLike | undefined, name: string): void {
  write(storage, NAME_KEY, name.trim());
}

/** Reads a storage object from `window` without throwing (Safari throws on access when blocked). */
export function storageOf(kind: 'sessionStorage' | 'localStorage'): StorageLike | undefined {
  try {
    return globalThis[kind];
  } catch {
    return undefined;
  }
}
