import {
  AGENT_SOCKET_PATH,
  CLOSE_CODES,
  ConfabError,
  decodeAgentServerMessage,
  encode,
  isErrorCode,
  isFatalCloseCode,
  SUPPORTED_VERSIONS,
  type AgentClientMessage,
  type AgentServerMessage,
  type AgentServerMessageOf,
} from '@confab/protocol';
import { backoffDelay, defaults as clientDefaults, Emitter, type BackoffOptions } from '@confab/client';

/** The agent stream's connection state; only {@link AgentStream} changes it. */
export type StreamState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Why the socket closed, as the relay (or the browser) said. */
export interface CloseReason {
  code: number;
  reason: string;
}

/** The frames the stream hands on: everything but the handshake and heartbeat frames. */
export type StreamFrame = AgentServerMessageOf<'conversation' | 'message' | 'typing' | 'read' | 'quick-replies'>;

/** The part of the browser's `WebSocket` the stream uses, so tests can pass a fake. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
}

/** Makes a socket for a URL, like `new WebSocket(url)`. */
export type WebSocketFactory = new (url: string) => WebSocketLike;

/** Timer functions, injected so tests control time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Events of {@link AgentStream}. */
export interface AgentStreamEvents {
  /** Every real state change; `reason` is set when a socket closed. */
  state: { from: StreamState; to: StreamState; reason?: CloseReason };
  /** The relay accepted the token; fires after every (re)connect, which is when to reload over HTTP. */
  welcome: { version: number; heartbeatMs: number };
  /** A live frame: apply it to the store. */
  frame: StreamFrame;
  /** An `error` frame from the relay, or a frame this build could not decode. The socket stays open. */
  error: ConfabError;
}

/** Options for {@link AgentStream}. */
export interface AgentStreamOptions {
  /** `ws(s)://host/v1/agent/ws`; see {@link agentSocketUrl}. */
  url: string;
  /** The agent token, sent in `hello` (never in the URL, which would reach access logs). */
  token: string;
  /** @default globalThis.WebSocket */
  WebSocket?: WebSocketFactory;
  /** @default { baseMs: 500, maxMs: 30000 } */
  /** @default the client SDK's: 500 ms doubling up to 30 s */
  backoff?: Partial<BackoffOptions>;
  /** Drop a connection whose `welcome` has not come after this long. @default 10000 */
  handshakeTimeoutMs?: number;
  /** Drop a connection whose `pong` has not come this long after a `ping`. @default 10000 */
  pongTimeoutMs?: number;
  /** @default Math.random */
  random?: () => number;
  /** @default globalThis.setTimeout / clearTimeout */
  timers?: Timers;
}

const OPEN = 1;
/** RFC 6455's code for a connection lost without a close frame. */
const ABNORMAL_CLOSURE = 1006;

/** The agent stream URL for a relay origin: `http://h` → `ws://h/v1/agent/ws`, `https://h` → `wss://…`. */
export function agentSocketUrl(origin: string): string {
  const url = new URL(AGENT_SOCKET_PATH, origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

const defaultTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as number),
};

/**
 * The console's connection to the relay's agent stream: sends `hello` with the token, hands on
 * live frames, pings when idle, and reconnects with backoff and full jitter after a drop. It stops
 * for good on close `4003` (token refused) and `4002` (no shared version); the `state` event's
 * `reason` tells which.
 * @example
 * const stream = new AgentStream({ url: agentSocketUrl(location.origin), token });
 * stream.on('welcome', () => reloadOverHttp());
 * stream.on('frame', (frame) => store.applyFrame(frame));
 * stream.connect();
 */
export class AgentStream {
  readonly #options: Required<Omit<AgentStreamOptions, 'backoff'>> & { backoff: Partial<BackoffOptions> };
  readonly #events = new Emitter<AgentStreamEvents>();
  #state: StreamState = 'idle';
  #socket: WebSocketLike | undefined;
  #attempt = 0;
  #heartbeatMs = 25_000;
  #reconnectTimer: unknown;
  #handshakeTimer: unknown;
  #idleTimer: unknown;
  #pongTimer: unknown;

  constructor(options: AgentStreamOptions) {
    this.#options = {
      WebSocket: globalThis.WebSocket as unknown as WebSocketFactory,
      backoff: {},
      handshakeTimeoutMs: 10_000,
      pongTimeoutMs: 10_000,
      random: Math.random,
      timers: defaultTimers,
      ...options,
    };
  }

  /** The current connection state. */
  get state(): StreamState {
    return this.#state;
  }

  /** Listens to an event; returns the function that stops listening. */
  on<K extends keyof AgentStreamEvents>(event: K, listener: (payload: AgentStreamEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  /** Opens the stream; does nothing while it is already open or being opened. Reopens after `close()`. */
  connect(): void {
    if (this.#state === 'connecting' || this.#state === 'open') return;
    if (this.#state === 'reconnecting') {
      // Skip the rest of the backoff wait, e.g. when the browser reports it is back online.
      if (this.#socket) return;
      this.#options.timers.clearTimeout(this.#reconnectTimer);
      this.#open();
      return;
    }
    this.#attempt = 0;
    this.#setState('connecting');
    this.#open();
  }

  /** Closes the stream for good (until `connect()` is called again). */
  close(): void {
    this.#clearTimers();
    this.#options.timers.clearTimeout(this.#reconnectTimer);
    const socket = this.#socket;
    this.#detach();
    if (socket && socket.readyState <= OPEN) socket.close(CLOSE_CODES.NORMAL);
    this.#setState('closed', { code: CLOSE_CODES.NORMAL, reason: 'closed by the console' });
  }

  #open(): void {
    const { WebSocket, timers, handshakeTimeoutMs } = this.#options;
    let socket: WebSocketLike;
    try {
      socket = new WebSocket(this.#options.url);
    } catch (error) {
      // A malformed URL or a CSP refusal throws synchronously; retrying later is all we can do.
      this.#emitError(new ConfabError('CONFAB_NOT_CONNECTED', `Could not open ${this.#options.url}`, { cause: error }));
      this.#scheduleReconnect({ code: ABNORMAL_CLOSURE, reason: 'socket could not be created' });
      return;
    }
    this.#socket = socket;
    socket.onopen = () => this.#send({ type: 'hello', versions: [...SUPPORTED_VERSIONS], token: this.#options.token });
    socket.onmessage = (event) => this.#receive(event.data);
    socket.onclose = (event) => this.#dropped({ code: event.code, reason: event.reason });
    // The close event that always follows an error carries the details.
    socket.onerror = () => {};
    this.#handshakeTimer = timers.setTimeout(() => {
      this.#abandon({ code: CLOSE_CODES.HANDSHAKE_TIMEOUT, reason: 'no welcome from the relay' });
    }, handshakeTimeoutMs);
  }

  #send(frame: AgentClientMessage): void {
    if (this.#socket?.readyState === OPEN) this.#socket.send(encode(frame));
  }

  #receive(data: unknown): void {
    let frame: AgentServerMessage;
    try {
      frame = decodeAgentServerMessage(data as string);
    } catch (error) {
      // A newer relay may send frame types this build does not know; report and carry on.
      this.#emitError(error instanceof ConfabError ? error : new ConfabError('CONFAB_FRAME_INVALID', String(error)));
      this.#armHeartbeat();
      return;
    }
    this.#armHeartbeat();
    switch (frame.type) {
      case 'welcome':
        this.#options.timers.clearTimeout(this.#handshakeTimer);
        this.#attempt = 0;
        this.#heartbeatMs = frame.heartbeatMs;
        this.#setState('open');
        this.#armHeartbeat();
        this.#events.emit('welcome', { version: frame.version, heartbeatMs: frame.heartbeatMs });
        return;
      case 'pong':
        this.#options.timers.clearTimeout(this.#pongTimer);
        return;
      case 'error':
        this.#emitError(new ConfabError(isErrorCode(frame.code) ? frame.code : 'CONFAB_INTERNAL', frame.message));
        return;
      default:
        this.#events.emit('frame', frame);
    }
  }

  /** Sends a `ping` after `heartbeatMs` without traffic; no `pong` in time means the link is dead. */
  #armHeartbeat(): void {
    const { timers, pongTimeoutMs } = this.#options;
    timers.clearTimeout(this.#idleTimer);
    timers.clearTimeout(this.#pongTimer);
    // The relay takes pings only after the handshake; until then the handshake timeout watches.
    if (this.#state !== 'open') return;
    this.#idleTimer = timers.setTimeout(() => {
      this.#send({ type: 'ping' });
      this.#pongTimer = timers.setTimeout(() => {
        this.#abandon({ code: ABNORMAL_CLOSURE, reason: 'no pong from the relay' });
      }, pongTimeoutMs);
    }, this.#heartbeatMs);
  }

  /** Gives up on a socket that stopped answering, without waiting for its close handshake. */
  #abandon(reason: CloseReason): void {
    const socket = this.#socket;
    this.#detach();
    try {
      socket?.close();
    } catch {
      // Closing a socket that is still connecting may throw in old browsers; it is dropped anyway.
    }
    this.#dropped(reason);
  }

  #dropped(reason: CloseReason): void {
    this.#detach();
    this.#clearTimers();
    if (this.#state === 'closed') return;
    if (isFatalCloseCode(reason.code)) {
      this.#setState('closed', reason);
      return;
    }
    this.#scheduleReconnect(reason);
  }

  #scheduleReconnect(reason: CloseReason): void {
    const delay = backoffDelay(this.#attempt, { ...clientDefaults.backoff, ...this.#options.backoff }, this.#options.random);
    this.#attempt += 1;
    this.#setState('reconnecting', reason);
    this.#reconnectTimer = this.#options.timers.setTimeout(() => this.#open(), delay);
  }

  #detach(): void {
    const socket = this.#socket;
    if (!socket) return;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = null;
    this.#socket = undefined;
  }

  #clearTimers(): void {
    const { timers } = this.#options;
    timers.clearTimeout(this.#handshakeTimer);
    timers.clearTimeout(this.#idleTimer);
    timers.clearTimeout(this.#pongTimer);
  }

  #emitError(error: ConfabError): void {
    this.#events.emit('error', error);
  }

  #setState(to: StreamState, reason?: CloseReason): void {
    const from = this.#state;
    if (from === to) return;
    this.#state = to;
    this.#events.emit('state', reason ? { from, to, reason } : { from, to });
  }
}
