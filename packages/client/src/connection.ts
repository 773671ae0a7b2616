import {
  ConfabError,
  type CLOSE_CODES,
  type ClientMessage,
  type ClientMessageOf,
  type ErrorCode,
  type ServerMessage,
} from '@confab/protocol';
import { backoffDelay, decodeServerMessage, encode } from '@confab/protocol';
import type { ClientEvents, CloseReason, ConnectionState } from './events.js';
import type { ResolvedOptions, SocketLike } from './options.js';

/** What the {@link Connection} asks of its owner. */
export interface ConnectionHandlers {
  /** Reports every real state change. */
  state(change: ClientEvents['state']): void;
  /** The `hello` to send as soon as a socket opens. */
  hello(): ClientMessageOf<'hello'>;
  /** Every decoded frame, `welcome` included (answer it with {@link Connection.opened}). */
  frame(frame: ServerMessage): void;
  /** A frame that could not be decoded; the connection stays up. */
  invalid(error: ConfabError): void;
  /** The socket is gone; requests made on it will not be answered. */
  lost(): void;
  /** Retrying cannot help; the state becomes `closed` right after. */
  fatal(error: ConfabError): void;
}

const OPEN = 1;
// The close codes the client acts on, as literals the compiler checks against CLOSE_CODES: the
// table itself, with every code and its comment, would cost a browser bundle more than these.
type Codes = typeof CLOSE_CODES;
const NORMAL: Codes['NORMAL'] = 1000;
const RATE_LIMITED: Codes['RATE_LIMITED'] = 4008;
/** The codes after which retrying cannot help (`isFatalCloseCode()`), and what they mean. */
export const FATAL_CLOSE_CODES: Partial<Record<number, ErrorCode>> = {
  [4002 satisfies Codes['VERSION_UNSUPPORTED']]: 'CONFAB_VERSION_UNSUPPORTED',
  [4003 satisfies Codes['AUTH_REJECTED']]: 'CONFAB_AUTH_REJECTED',
};
/** After a 4008 close, retry no sooner than this attempt's window (up to 4 s with the defaults). */
const RATE_LIMITED_ATTEMPT = 3;
/** Reported as the close code when the client gives up on a socket itself, as browsers do for a lost connection. */
const ABNORMAL_CLOSURE = 1006;

/**
 * The connection state machine: one socket at a time, `hello` on open, reconnect with backoff and
 * full jitter, heartbeats, and wake-ups on `online` and `visibilitychange` in browsers. It is the
 * only code that changes `state`, and it does so only through `setState()`.
 */
export class Connection {
  /** The current state; see {@link ConnectionState}. */
  state: ConnectionState = 'idle';
  #socket: SocketLike | undefined;
  #attempt = 0;
  #heartbeatMs = 0;
  #retryTimer: unknown;
  #handshakeTimer: unknown;
  #idleTimer: unknown;
  #pongTimer: unknown;
  readonly #options: ResolvedOptions;
  readonly #handlers: ConnectionHandlers;
  /**
   * On `online`, and on `visibilitychange` to visible: a phone back from the background or back
   * online usually holds a dead socket or a long backoff timer. (A hidden tab comes back online
   * at once too: it is the one to play the notification sound, and its timers may be throttled.)
   */
  readonly #wake = (): void => {
    if (this.#retryTimer === undefined) return this.check();
    this.clear(this.#retryTimer);
    this.#open();
  };
  readonly #visible = (): void => {
    if (document.visibilityState === 'visible') this.#wake();
  };

  constructor(options: ResolvedOptions, handlers: ConnectionHandlers) {
    this.#options = options;
    this.#handlers = handlers;
  }

  /** Calls `callback` in `ms` milliseconds on the injected timers; the ChatClient's timers go through here too. */
  later(ms: number, callback: () => void): unknown {
    return this.#options.timers.setTimeout(callback, ms);
  }

  /** Cancels a {@link Connection.later} call; returns undefined, to clear the variable holding it. */
  clear(handle: unknown): undefined {
    this.#options.timers.clearTimeout(handle);
    return undefined;
  }

  /** Starts connecting; does nothing unless the state is `idle`. */
  connect(): void {
    if (this.state !== 'idle') return;
    // Node has neither event (globalThis is no EventTarget there).
    globalThis.addEventListener?.('online', this.#wake);
    globalThis.document?.addEventListener('visibilitychange', this.#visible);
    this.#setState('connecting');
    this.#open();
  }

  /** Marks the socket as welcomed: the state becomes `open`, backoff resets, heartbeats start. */
  opened(heartbeatMs: number): void {
    this.clear(this.#handshakeTimer);
    this.#attempt = 0;
    this.#heartbeatMs = heartbeatMs;
    this.#armIdle();
    this.#setState('open');
  }

  /** Sends a frame on the current socket; returns false when there is no open socket. */
  send(frame: ClientMessage): boolean {
    if (this.#socket?.readyState !== OPEN) return false;
    this.#socket.send(encode(frame));
    return true;
  }

  /** Checks an open connection now: pings, and drops the socket if nothing answers in time. */
  check(): void {
    if (this.state === 'open' && this.#pongTimer === undefined) this.#ping();
  }

  /** Gives up on the current socket (reported with close code 1006 and `why`) and reconnects. */
  drop(why: string): void {
    const socket = this.#socket;
    if (!socket) return;
    this.#socket = undefined;
    // A dead socket would wait for a closing handshake that never comes; `ws` can cut it at once.
    if (socket.terminate) socket.terminate();
    else socket.close();
    this.#lost({ code: ABNORMAL_CLOSURE, reason: why });
  }

  /** Closes for good (close code 1000); with `to: 'idle'`, `connect()` starts again from scratch. */
  close(to: 'closed' | 'idle' = 'closed'): void {
    const socket = this.#socket;
    this.#finish(undefined, to);
    socket?.close(NORMAL);
  }

  #open(): void {
    this.#retryTimer = undefined;
    let socket: SocketLike;
    try {
      socket = new this.#options.WebSocket(this.#options.url);
    } catch (error) {
      // Browsers throw only for a malformed URL or a blocked one (mixed content, CSP): permanent.
      this.#handlers.fatal(
        new ConfabError('CONFAB_CONFIG_INVALID', `Cannot open ${this.#options.url}: ${(error as Error).message}`, {
          cause: error,
        }),
      );
      this.#finish();
      return;
    }
    this.#socket = socket;
    const isCurrent = (): boolean => this.#socket === socket;
    socket.addEventListener('open', () => {
      if (isCurrent()) this.send(this.#handlers.hello());
    });
    socket.addEventListener('message', (event) => {
      if (isCurrent()) this.#receive(event.data);
    });
    socket.addEventListener('close', (event) => {
      if (isCurrent()) this.#lost({ code: event.code, reason: event.reason });
    });
    // A close event always follows; but `ws` throws an error event nobody listens to.
    socket.addEventListener('error', () => {});
    const ms = this.#options.requestTimeoutMs;
    this.#handshakeTimer = this.later(ms, () => this.drop(`No welcome within ${ms} ms`));
  }

  #receive(data: unknown): void {
    // Any frame proves the socket alive.
    this.#pongTimer = this.clear(this.#pongTimer);
    if (this.state === 'open') this.#armIdle();
    let frame: ServerMessage;
    try {
      // A binary frame reaches decodeServerMessage as a non-string and is refused there.
      frame = decodeServerMessage(data as string);
    } catch (error) {
      this.#handlers.invalid(error as ConfabError);
      return;
    }
    this.#handlers.frame(frame);
  }

  #armIdle(): void {
    this.clear(this.#idleTimer);
    this.#idleTimer = this.later(this.#heartbeatMs, () => this.#ping());
  }

  #ping(): void {
    const ms = this.#options.pongTimeoutMs;
    this.clear(this.#idleTimer);
    // Armed before sending, so that an answer arriving at once is not missed.
    this.#pongTimer = this.later(ms, () => this.drop(`No pong within ${ms} ms`));
    this.send({ type: 'ping' });
  }

  #lost(reason: CloseReason): void {
    this.#socket = undefined;
    this.#stopTimers();
    this.#handlers.lost();
    const code = FATAL_CLOSE_CODES[reason.code];
    if (code) {
      const detail = reason.reason ? ` (${reason.reason})` : '';
      this.#handlers.fatal(new ConfabError(code, `Closed by the relay with ${reason.code}${detail}; not retrying`));
      this.#finish(reason);
      return;
    }
    if (reason.code === RATE_LIMITED) this.#attempt = Math.max(this.#attempt, RATE_LIMITED_ATTEMPT);
    this.#setState('reconnecting', reason);
    // A state listener may have closed the client.
    if (this.state !== 'reconnecting') return;
    this.#retryTimer = this.later(backoffDelay(this.#attempt++, this.#options.backoff, this.#options.random), () => this.#open());
  }

  #finish(reason?: CloseReason, to: 'closed' | 'idle' = 'closed'): void {
    this.#socket = undefined;
    this.#stopTimers();
    globalThis.removeEventListener?.('online', this.#wake);
    globalThis.document?.removeEventListener('visibilitychange', this.#visible);
    this.#setState(to, reason);
  }

  #stopTimers(): void {
    this.clear(this.#handshakeTimer);
    this.clear(this.#idleTimer);
    this.#retryTimer = this.clear(this.#retryTimer);
    this.#pongTimer = this.clear(this.#pongTimer);
  }

  #setState(to: ConnectionState, reason?: CloseReason): void {
    if (to === this.state) return;
    const from = this.state;
    this.state = to;
    this.#handlers.state({ from, to, reason });
  }
}
