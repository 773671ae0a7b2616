import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import {
  CLOSE_CODES,
  ConfabError,
  decodeAgentClientMessage,
  type AgentClientMessage,
  type AgentServerMessage,
} from '@confab/protocol';
import type { AgentPeer, Hub } from './hub.js';
import { TokenBucket, type Clock } from './rate-limit.js';
import { isSameSecret } from './secrets.js';
import { SocketChannel, looksLikeHello } from './socket-channel.js';

/** Options for {@link AgentConnection}. */
export interface AgentConnectionOptions {
  socket: WebSocket;
  log: FastifyBaseLogger;
  hub: Hub;
  agentToken: string;
  heartbeatMs: number;
  handshakeTimeoutMs: number;
  /** The bound of the outgoing queue; past it the stream is closed with 4009. */
  maxQueuedBytes: number;
  /** How long a close started by the relay may take before the socket is cut. @default 5000 */
  closeGraceMs?: number;
  now?: Clock;
}

/**
 * One agent stream (`/v1/agent/ws`): checks the agent token in `hello` (browsers cannot set an
 * Authorization header on a WebSocket), then pushes the hub's agent events. It carries no history
 * and takes no actions; those go through the agent HTTP API.
 */
export class AgentConnection implements AgentPeer {
  readonly #options: AgentConnectionOptions;
  readonly #channel: SocketChannel;
  // Agents only send pings after the handshake; anything faster is a misbehaving client.
  readonly #frames: TokenBucket;
  #isLive = false;

  constructor(options: AgentConnectionOptions) {
    this.#options = options;
    const now = options.now ? { now: options.now } : {};
    this.#frames = new TokenBucket({ capacity: 30, perMinute: 120, ...now });
    this.#channel = new SocketChannel({
      socket: options.socket,
      log: options.log,
      handshakeTimeoutMs: options.handshakeTimeoutMs,
      maxQueuedBytes: options.maxQueuedBytes,
      ...(options.closeGraceMs === undefined ? {} : { closeGraceMs: options.closeGraceMs }),
      onFrame: async (raw) => this.#handle(raw),
      onClose: () => this.#closed(),
      ...now,
    });
  }

  deliver(_frame: AgentServerMessage, encoded: string): void {
    if (this.#isLive) this.#channel.sendEncoded(encoded);
  }

  #handle(raw: string | Buffer): void {
    let frame: AgentClientMessage;
    try {
      frame = decodeAgentClientMessage(raw as string);
    } catch (error) {
      if (!(error instanceof ConfabError)) throw error;
      if (!this.#isLive && !looksLikeHello(raw)) return this.#channel.refuseOutOfHandshake('The first frame must be hello');
      return this.#channel.reject(error);
    }
    if (frame.type === 'hello') {
      if (this.#isLive) return this.#channel.refuseOutOfHandshake('hello may be sent only once per connection');
      return this.#hello(frame);
    }
    if (!this.#isLive) return this.#channel.refuseOutOfHandshake(`Got "${frame.type}" before hello; send hello first`);
    if (!this.#frames.take()) return this.#channel.reject(new ConfabError('CONFAB_RATE_LIMITED', 'Too many frames; slow down'));
    this.#channel.send(frame.nonce === undefined ? { type: 'pong' } : { type: 'pong', nonce: frame.nonce });
  }

  #hello(hello: Extract<AgentClientMessage, { type: 'hello' }>): void {
    const version = this.#channel.negotiate(hello.versions);
    if (version === undefined) return;
    if (!isSameSecret(hello.token, this.#options.agentToken)) {
      this.#options.log.warn('agent stream refused: wrong agent token');
      this.#channel.sendError('CONFAB_AUTH_REJECTED', 'The agent token was refused; use the token the relay was started with');
      this.#channel.close(CLOSE_CODES.AUTH_REJECTED, 'auth rejected');
      return;
    }
    this.#channel.handshakeDone();
    this.#channel.send({ type: 'welcome', version, heartbeatMs: this.#options.heartbeatMs });
    this.#isLive = true;
    this.#options.hub.joinAgents(this);
  }

  #closed(): void {
    if (this.#isLive) this.#options.hub.leaveAgents(this);
    this.#isLive = false;
  }
}
