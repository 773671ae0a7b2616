import { ConfabError, VISITOR_SOCKET_PATH, visitorContextSchema, type VisitorContext } from '@confab/protocol';
import type { BackoffOptions } from '@confab/protocol';
import { storageFor, usableStorage, type ClientStorage, type StorageMode } from './storage.js';
import type { LocksLike, TabsOptions } from './tabs.js';

/** The part of a WebSocket the client uses; the browser's `WebSocket` and the `ws` package fit. */
export interface SocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /** `ws` only: destroys the socket at once instead of waiting for a closing handshake. */
  terminate?(): void;
}

/** A WebSocket constructor: `globalThis.WebSocket` in browsers, `WebSocket` from `ws` on Node 20. */
export type WebSocketLike = new (url: string) => SocketLike;

/** The part of `fetch` that `upload()` uses; the global `fetch` of browsers and Node 20 fits. */
export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: Blob | Uint8Array; signal?: AbortSignal },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/** Timer functions, injected so tests can drive time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Options of `createClient()`; only `url` is required. */
export interface ClientOptions {
  /**
   * The relay: `"wss://relay.example/v1/ws"`, or a base URL (`https://relay.example`,
   * `ws://localhost:8787/chat`) to which `/v1/ws` is added; http becomes ws, https becomes wss.
   * In a browser a relative URL is resolved against the page.
   */
  url: string;
  /**
   * The WebSocket constructor. Node 20 has none built in: pass `WebSocket` from `ws`.
   * @default globalThis.WebSocket
   */
  WebSocket?: WebSocketLike;
  /**
   * Where the session token and unsent messages are kept: a {@link ClientStorage}, or `'local'`
   * (localStorage), `'session'` (sessionStorage: this tab only, gone when it closes) or `'none'`
   * (memory: gone on reload). `local` and `session` fall back to memory where unusable.
   * @default 'local'
   */
  storage?: ClientStorage | StorageMode;
  /**
   * Prefix of the storage keys `${storageKey}:token`, `${storageKey}:conversation` and
   * `${storageKey}:outbox`. Give each client on one origin its own key.
   * @default "confab"
   */
  storageKey?: string;
  /** What the agent sees about the shopper's page; sent in every `hello`. Replace with `setContext()`. */
  context?: VisitorContext;
  /**
   * Connect right away (in a microtask, so listeners added after `createClient()` see every event).
   * @default true
   */
  autoConnect?: boolean;
  /**
   * Reconnect delays: `random() × min(maxMs, baseMs × 2^attempt)`.
   * @default { baseMs: 500, maxMs: 30000 }
   */
  backoff?: Partial<BackoffOptions>;
  /**
   * How long to wait for any answer to a `ping` before treating the socket as dead.
   * @default 10000
   */
  pongTimeoutMs?: number;
  /**
   * How long to wait for the answer to a request: a `history()` page, `leaveEmail()`, `rate()`,
   * `identify()` and `submitProfile()` on an open connection, the `welcome` of a connection
   * attempt, and the connection `upload()` waits for.
   * @default 10000
   */
  requestTimeoutMs?: number;
  /**
   * The `fetch` that `upload()` posts files with; looked up when called.
   * @default globalThis.fetch
   */
  fetch?: FetchLike;
  /**
   * Source of randomness for backoff jitter; injected by tests.
   * @default Math.random
   */
  random?: () => number;
  /**
   * `setTimeout` and `clearTimeout`; injected by tests.
   * @default the global timer functions
   */
  timers?: Timers;
}

/**
 * The default of every optional {@link ClientOptions} setting that has a plain value.
 * @example
 * createClient({ url, backoff: { maxMs: defaults.backoff.maxMs * 2 } });
 */
export const defaults = {
  /** Prefix of the storage keys. */
  storageKey: 'confab',
  /** Connect when created. */
  autoConnect: true,
  /** Reconnect backoff: first delay up to 500 ms, doubling, never more than 30 s. */
  backoff: { baseMs: 500, maxMs: 30_000 },
  /** A ping unanswered for 10 s means the socket is dead. */
  pongTimeoutMs: 10_000,
  /** A `history()` page or a `welcome` not received within 10 s is given up on. */
  requestTimeoutMs: 10_000,
} as const;

/** {@link ClientOptions} after validation, with every default filled in. */
export interface ResolvedOptions {
  url: string;
  /** The relay's HTTP base (origin and base path, no trailing slash), for uploads and attachment URLs. */
  httpUrl: string;
  fetch: FetchLike | undefined;
  WebSocket: WebSocketLike;
  storage: ClientStorage;
  storageKey: string;
  /**
   * How to reach the shopper's other tabs: the browser's BroadcastChannel and Web Locks when the
   * storage is localStorage (shared by the tabs of an origin), else none.
   */
  tabs: TabsOptions;
  context: VisitorContext | undefined;
  autoConnect: boolean;
  backoff: BackoffOptions;
  pongTimeoutMs: number;
  requestTimeoutMs: number;
  random: () => number;
  timers: Timers;
}

function invalid(option: string, value: unknown, expected: string): ConfabError {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return new ConfabError('CONFAB_CONFIG_INVALID', `Invalid "${option}" option ${shown}: expected ${expected}`);
}

function positive(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw invalid(option, value, 'a positive number of milliseconds');
  }
  return value;
}

/**
 * The visitor socket URL for a `url` option: http(s) becomes ws(s), and `/v1/ws` is appended
 * unless the path already ends with it. Throws `CONFAB_CONFIG_INVALID` for anything else.
 * @example
 * socketUrl('https://relay.example'); // "wss://relay.example/v1/ws"
 */
export function socketUrl(url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url, (globalThis as { location?: { href: string } }).location?.href);
  } catch {
    // Refused just below.
  }
  if (typeof url !== 'string' || !parsed || !/^(http|ws)s?:$/.test(parsed.protocol)) throw invalid('url', url, 'an http(s) or ws(s) URL');
  parsed.protocol = parsed.protocol.replace('http', 'ws');
  const path = parsed.pathname.replace(/\/+$/, '');
  parsed.pathname = path.endsWith(VISITOR_SOCKET_PATH) ? path : path + VISITOR_SOCKET_PATH;
  parsed.hash = '';
  return parsed.href;
}

/**
 * Validates a visitor context with the wire schema, so a bad one is reported by the call that set
 * it instead of by the relay refusing every `hello`.
 */
export function checkContext(context: unknown, code: 'CONFAB_CONFIG_INVALID' | 'CONFAB_REQUEST_INVALID'): VisitorContext {
  try {
    return visitorContextSchema.parse(context, 'context');
  } catch (error) {
    // The message names the field: "context.url must be …".
    throw new ConfabError(code, (error as Error).message, { cause: error });
  }
}

/** Validates {@link ClientOptions} and fills in the defaults; throws `CONFAB_CONFIG_INVALID` naming the option. */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw invalid('options', options, 'an object with a "url"');
  const WebSocket = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketLike }).WebSocket;
  if (typeof WebSocket !== 'function') {
    throw invalid('WebSocket', WebSocket, 'a WebSocket constructor (on Node 20, the "ws" package)');
  }
  const storageKey = options.storageKey ?? defaults.storageKey;
  if (typeof storageKey !== 'string' || storageKey === '') throw invalid('storageKey', storageKey, 'a non-empty string');
  const mode = options.storage ?? 'local';
  const storage = typeof mode !== 'string' ? mode : ['local', 'session', 'none'].includes(mode) ? storageFor(mode) : undefined;
  if (typeof storage?.setItem !== 'function') throw invalid('storage', mode, '"local", "session", "none" or an object like localStorage');
  // Only tabs that share the storage share a session; other clients are each on their own.
  const global = globalThis as { BroadcastChannel?: TabsOptions['BroadcastChannel']; navigator?: { locks?: LocksLike } };
  const tabs = storage === usableStorage() ? { BroadcastChannel: global.BroadcastChannel, locks: global.navigator?.locks } : {};
  const baseMs = positive('backoff.baseMs', options.backoff?.baseMs, defaults.backoff.baseMs);
  const maxMs = positive('backoff.maxMs', options.backoff?.maxMs, Math.max(baseMs, defaults.backoff.maxMs));
  if (maxMs < baseMs) throw invalid('backoff.maxMs', maxMs, `at least backoff.baseMs (${baseMs})`);
  const timers = options.timers ?? {
    // Looked up at each call so that timers replaced after creation (fake timers) are honoured.
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  const url = socketUrl(options.url);
  return {
    url,
    httpUrl: url.replace(/^ws/, 'http').replace(/\/v1\/ws(\?.*)?$/, ''),
    fetch: options.fetch,
    WebSocket,
    storage,
    storageKey,
    tabs,
    context: options.context === undefined ? undefined : checkContext(options.context, 'CONFAB_CONFIG_INVALID'),
    autoConnect: options.autoConnect ?? defaults.autoConnect,
    backoff: { baseMs, maxMs },
    pongTimeoutMs: positive('pongTimeoutMs', options.pongTimeoutMs, defaults.pongTimeoutMs),
    requestTimeoutMs: positive('requestTimeoutMs', options.requestTimeoutMs, defaults.requestTimeoutMs),
    random: options.random ?? Math.random,
    timers,
  };
}
