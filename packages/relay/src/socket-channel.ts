import type { FastifyBaseLogger } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import {
  CLOSE_CODES,
  ConfabError,
  encode,
  negotiateVersion,
  SUPPORTED_VERSIONS,
  type AgentServerMessage,
  type ErrorCode,
  type ServerMessage,
} from '@confab/protocol';
import { CLOSE_GRACE_MS } from './options.js';
import { WindowCounter, type Clock } from './rate-limit.js';

/** How many invalid frames a connection may send per minute before it is closed with 4008. */
export const INVALID_FRAME_LIMIT = 20;
/** How many received frames may wait for processing before the connection is closed with 4008. */
export const MAX_QUEUED_FRAMES = 256;

const OPEN = 1;

/**
 * Whether a frame that failed to decode was meant as a `hello`: before the handshake, that is an
 * invalid hello (error, the connection waits for a good one), anything else is a frame before hello.
 */
export function looksLikeHello(raw: string | Buffer): boolean {
  if (typeof raw !== 'string') return false;
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'hello';
  } catch {
    return false;
  }
}

/** Options for {@link SocketChannel}. */
export interface SocketChannelOptions {
  socket: WebSocket;
  log: FastifyBaseLogger;
  /** Close with 4000 when the handshake has not completed after this long. */
  handshakeTimeoutMs: number;
  /**
   * The bound of the outgoing queue: when a frame would make more than this many bytes wait
   * unsent (in the relay, not yet taken by the OS), the connection is closed with 4009 instead.
   */
  maxQueuedBytes: number;
  /** How long a close started here may take before the socket is cut. @default 5000 */
  closeGraceMs?: number;
  /** Handles one frame: text, or a Buffer for a binary frame. Frames are handled one at a time, in order. */
  onFrame(raw: string | Buffer): Promise<void>;
  /** Called once when the socket has closed. */
  onClose(code: number): void;
  /** @default Date.now */
  now?: Clock;
}

/** Extra fields of an error frame: the message or request it is about. */
export interface ErrorSubject {
  id?: string;
  requestId?: string;
}

/**
 * One WebSocket connection's plumbing, shared by visitor and agent connections: frames handled
 * strictly one after another, the handshake timer, error frames, the invalid-frame budget (more
 * than 20 a minute closes with 4008) and the bounded outgoing queue.
 *
 * Outgoing frames are never dropped while the connection stays open: a frame that would push the
 * queue past `maxQueuedBytes` closes the connection with 4009 (SLOW_CONSUMER) instead, and the
 * client resumes from the log. A close the relay starts is given `closeGraceMs` to complete; a
 * client that reads nothing at all cannot complete it, so its socket is then cut.
 */
export class SocketChannel {
  readonly #socket: WebSocket;
  readonly #log: FastifyBaseLogger;
  readonly #maxQueuedBytes: number;
  readonly #closeGraceMs: number;
  readonly #onFrame: SocketChannelOptions['onFrame'];
  readonly #strikes: WindowCounter;
  #queue: Promise<void> = Promise.resolve();
  #queued = 0;
  #handshakeTimer: NodeJS.Timeout | undefined;
  #closeTimer: NodeJS.Timeout | undefined;
  #isClosed = false;
  #isSocketClosed = false;
  /** Frames handed to ws, and how many of them ws has since handed to the OS (see {@link sendPaced}). */
  #framesSent = 0;
  #framesWritten = 0;
  #onWritten: (() => void) | undefined;
  readonly #countWritten = () => {
    this.#framesWritten++;
    if (this.#onWritten && this.#framesWritten >= this.#framesSent) this.#wake();
  };

  constructor(options: SocketChannelOptions) {
    this.#socket = options.socket;
    this.#log = options.log;
    this.#maxQueuedBytes = options.maxQueuedBytes;
    this.#closeGraceMs = options.closeGraceMs ?? CLOSE_GRACE_MS;
    this.#onFrame = options.onFrame;
    this.#strikes = new WindowCounter({ limit: INVALID_FRAME_LIMIT, ...(options.now ? { now: options.now } : {}) });
    this.#handshakeTimer = setTimeout(() => {
      this.sendError('CONFAB_HANDSHAKE_TIMEOUT', `No hello within ${options.handshakeTimeoutMs} ms of connecting; send hello first`);
      this.close(CLOSE_CODES.HANDSHAKE_TIMEOUT, 'handshake timeout');
    }, options.handshakeTimeoutMs);
    this.#socket.on('message', (data: RawData, isBinary: boolean) => this.#receive(data, isBinary));
    this.#socket.on('error', (error: Error) => this.#socketError(error));
    this.#socket.on('close', (code: number) => {
      this.#isClosed = true;
      this.#isSocketClosed = true;
      clearTimeout(this.#handshakeTimer);
      clearTimeout(this.#closeTimer);
      this.#wake();
      options.onClose(code);
    });
  }

  #socketError(error: Error): void {
    // ws reports protocol violations (oversize frame: 1009, invalid UTF-8: 1007) after it has
    // already started closing with the right code; terminating here would lose that close frame.
    const code: unknown = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('WS_ERR_')) {
      this.#log.debug({ err: error }, 'websocket protocol error');
      return;
    }
    this.#log.warn({ err: error }, 'websocket error');
    this.#socket.terminate();
  }

  /** Bytes waiting in the relay to be sent on this connection (not yet taken by the OS). */
  get queuedBytes(): number {
    return this.#socket.bufferedAmount;
  }

  /** Whether the socket can still carry frames. */
  get isOpen(): boolean {
    return !this.#isClosed && this.#socket.readyState === OPEN;
  }

  /**
   * Picks the protocol version for a `hello`; when none of `offered` is spoken here, refuses the
   * connection (error frame, close 4002) and returns `undefined`.
   */
  negotiate(offered: readonly number[]): number | undefined {
    const version = negotiateVersion(offered, SUPPORTED_VERSIONS);
    if (version === undefined) {
      this.sendError(
        'CONFAB_VERSION_UNSUPPORTED',
        `None of the protocol versions offered (${offered.join(', ')}) is spoken here; this relay speaks ${SUPPORTED_VERSIONS.join(', ')}`,
      );
      this.close(CLOSE_CODES.VERSION_UNSUPPORTED, 'version unsupported');
    }
    return version;
  }

  /** Refuses a frame out of handshake order (before `hello`, or a second `hello`): error, close 4001. */
  refuseOutOfHandshake(message: string): void {
    this.sendError('CONFAB_HANDSHAKE_REQUIRED', message);
    this.close(CLOSE_CODES.HANDSHAKE_REQUIRED, 'handshake required');
  }

  /** The handshake succeeded: stop the timer. */
  handshakeDone(): void {
    clearTimeout(this.#handshakeTimer);
    this.#handshakeTimer = undefined;
  }

  #receive(data: RawData, isBinary: boolean): void {
    if (this.#isClosed) return;
    if (this.#queued >= MAX_QUEUED_FRAMES) {
      this.sendError('CONFAB_RATE_LIMITED', `More than ${MAX_QUEUED_FRAMES} frames are waiting to be handled; slow down`);
      this.close(CLOSE_CODES.RATE_LIMITED, 'too many frames');
      return;
    }
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    const raw = isBinary ? bytes : bytes.toString('utf8');
    this.#queued++;
    this.#queue = this.#queue
      .then(() => (this.#isClosed ? undefined : this.#onFrame(raw)))
      .catch((error: unknown) => {
        if (error instanceof ConfabError) {
          // The store failing (CONFAB_STORE_FAILED) and the like: the client learns what happened.
          this.#log.warn({ err: error, code: error.code }, 'could not handle a frame');
          this.sendError(error.code, error.message);
          return;
        }
        this.#log.error({ err: error }, 'unexpected error while handling a frame');
        this.sendError('CONFAB_INTERNAL', 'The relay failed to handle this frame; it is logged, please report it');
      })
      .finally(() => {
        this.#queued--;
      });
  }

  /**
   * Sends an already encoded frame and returns true, or returns false when it was not sent: the
   * connection is closing, or the frame would have passed the queue bound, in which case the
   * connection is now closing with 4009. A frame is always taken while nothing is queued, so one
   * frame larger than the bound (a big history page) still goes out to a client that keeps up.
   */
  sendEncoded(encoded: string): boolean {
    if (!this.isOpen) return false;
    const queued = this.#socket.bufferedAmount;
    // Three bytes per UTF-16 unit is the most UTF-8 needs, so the exact count is rarely needed.
    if (queued > 0 && queued + encoded.length * 3 > this.#maxQueuedBytes && queued + Buffer.byteLength(encoded) > this.#maxQueuedBytes) {
      this.#closeSlowConsumer(queued);
      return false;
    }
    this.#framesSent++;
    this.#socket.send(encoded, this.#countWritten);
    return true;
  }

  /**
   * Sends already encoded frames in order without letting the queue pass half its bound: before a
   * frame that would, waits until everything queued has been taken by the OS. For bulk sends (a
   * replay) that must not trip the slow-consumer close on a client that reads normally, only
   * slower than the store can be read. Resolves to false as soon as the connection is no longer open.
   */
  async sendPaced(encodedFrames: Iterable<string>): Promise<boolean> {
    const lowWater = this.#maxQueuedBytes / 2;
    for (const encoded of encodedFrames) {
      if (!this.isOpen) return false;
      const queued = this.#socket.bufferedAmount;
      if (queued > 0 && queued + Buffer.byteLength(encoded) > lowWater) await this.#allWritten();
      if (!this.sendEncoded(encoded)) return false;
    }
    return this.isOpen;
  }

  /** Resolves once every frame sent so far has been handed to the OS, or the socket closed. */
  #allWritten(): Promise<void> {
    if (this.#isSocketClosed || this.#framesWritten >= this.#framesSent) return Promise.resolve();
    return new Promise((resolve) => {
      const previous = this.#onWritten;
      this.#onWritten = () => {
        previous?.();
        resolve();
      };
    });
  }

  #wake(): void {
    const wake = this.#onWritten;
    this.#onWritten = undefined;
    wake?.();
  }

  #closeSlowConsumer(queued: number): void {
    this.#log.warn(
      { queuedBytes: queued, maxQueuedBytes: this.#maxQueuedBytes },
      'closing a connection that reads too slowly (4009 slow consumer); it resumes from the log',
    );
    this.close(CLOSE_CODES.SLOW_CONSUMER, 'slow consumer');
  }

  /**
   * Closes as a slow consumer (4009) because of a queue the caller keeps, such as frames held back
   * during a replay; `queuedBytes` is logged.
   */
  closeAsSlowConsumer(queuedBytes: number): void {
    if (this.isOpen) this.#closeSlowConsumer(queuedBytes);
  }

  /** Sends a frame. */
  send(frame: ServerMessage | AgentServerMessage): void {
    this.sendEncoded(encode(frame));
  }

  /** Sends an `error` frame. */
  sendError(code: ErrorCode, message: string, subject: ErrorSubject = {}): void {
    this.send({ type: 'error', code, message, ...subject });
  }

  /**
   * Refuses a frame the client should not have sent: sends the error and counts it against the
   * invalid-frame budget; the 21st in a minute closes the connection with 4008.
   */
  reject(error: ConfabError, subject: ErrorSubject = {}): void {
    this.sendError(error.code, error.message, subject);
    if (this.#strikes.hit()) {
      this.sendError('CONFAB_RATE_LIMITED', `More than ${INVALID_FRAME_LIMIT} refused frames within a minute; closing`);
      this.close(CLOSE_CODES.RATE_LIMITED, 'too many invalid frames');
    }
  }

  /**
   * Closes with a code from `CLOSE_CODES` and a short reason (at most 123 bytes). The close frame
   * waits behind what is queued; if the client has not completed the close after `closeGraceMs`
   * (it reads nothing), the socket is cut.
   */
  close(code: number, reason: string): void {
    clearTimeout(this.#handshakeTimer);
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.#socket.close(code, reason);
    this.#closeTimer = setTimeout(() => {
      if (!this.#isSocketClosed) this.#socket.terminate();
    }, this.#closeGraceMs);
    // Never what keeps a stopping process alive.
    this.#closeTimer.unref();
  }
}
