import type { SocketLike, WebSocketLike } from '@confab/client';
import { DEFAULT_LIMITS, type ChatMessage, type ClientMessage, type VisitorContext } from '@confab/protocol';

type Listener = (event: never) => void;

const TOKEN = 'tokentokentokentokentoken';

/**
 * A minimal in-memory relay speaking protocol v1 to the real `@confab/client` over fake sockets:
 * enough of the handshake and resume, idempotent acks, fan-out to every socket of the visitor
 * (several tabs), agent messages, reads and context for widget integration tests.
 */
export class TinyRelay {
  /** Stored messages, by seq. */
  readonly log: ChatMessage[] = [];
  /** Contexts received in `hello` and `context` frames. */
  readonly contexts: VisitorContext[] = [];
  /** Read positions the visitor reported. */
  readonly reads: number[] = [];
  readonly #sockets = new Set<TinySocket>();

  /** The WebSocket constructor to pass to `createClient()`. */
  readonly WebSocket: WebSocketLike;

  constructor() {
    const relay = this;
    this.WebSocket = class extends TinySocket {
      constructor(url: string) {
        super(url, relay);
      }
    };
  }

  /** An agent writes `text`; every connected client receives it. */
  agentSays(text: string, name = 'Anna'): ChatMessage {
    const message: ChatMessage = {
      id: `agent-${this.log.length + 1}-xxxxxx`,
      seq: this.log.length + 1,
      author: { role: 'agent', name },
      text,
      createdAt: Date.now(),
    };
    this.log.push(message);
    for (const socket of this.#sockets) socket.deliver({ type: 'message', message });
    return message;
  }

  /** @internal */
  accept(socket: TinySocket): void {
    this.#sockets.add(socket);
  }

  /** @internal */
  forget(socket: TinySocket): void {
    this.#sockets.delete(socket);
  }

  /** @internal */
  handle(socket: TinySocket, frame: ClientMessage): void {
    switch (frame.type) {
      case 'hello': {
        if (frame.context) this.contexts.push(frame.context);
        const resumed = frame.token === TOKEN;
        socket.deliver({
          type: 'welcome',
          version: 1,
          token: TOKEN,
          conversationId: 'conversation-1',
          resumed,
          lastSeq: this.log.length,
          visitorReadSeq: resumed ? Math.max(0, ...this.reads) : 0,
          status: 'open',
          limits: DEFAULT_LIMITS,
          heartbeatMs: 25_000,
        });
        for (const message of this.log.filter((entry) => entry.seq > (frame.lastSeq ?? 0))) {
          socket.deliver({ type: 'message', message });
        }
        return;
      }
      case 'message': {
        let message = this.log.find((stored) => stored.id === frame.id);
        if (!message) {
          message = { id: frame.id, seq: this.log.length + 1, author: { role: 'visitor' }, text: frame.text, createdAt: Date.now() };
          this.log.push(message);
          for (const other of this.#sockets) if (other !== socket) other.deliver({ type: 'message', message });
        }
        socket.deliver({ type: 'ack', id: message.id, seq: message.seq, createdAt: message.createdAt });
        return;
      }
      case 'context':
        this.contexts.push(frame.context);
        return;
      case 'read':
        this.reads.push(frame.seq);
        return;
      case 'ping':
        socket.deliver({ type: 'pong', nonce: frame.nonce });
        return;
      default:
        return;
    }
  }
}

class TinySocket implements SocketLike {
  readyState = 0;
  readonly url: string;
  readonly #relay: TinyRelay;
  readonly #listeners = new Map<string, Listener[]>();

  constructor(url: string, relay: TinyRelay) {
    this.url = url;
    this.#relay = relay;
    // A real socket opens asynchronously.
    queueMicrotask(() => {
      if (this.readyState !== 0) return;
      this.readyState = 1;
      relay.accept(this);
      this.#dispatch('open', {});
    });
  }

  addEventListener(type: string, listener: Listener): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }

  send(data: string): void {
    this.#relay.handle(this, JSON.parse(data) as ClientMessage);
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState >= 2) return;
    this.readyState = 3;
    this.#relay.forget(this);
    this.#dispatch('close', { code, reason });
  }

  deliver(frame: object): void {
    if (this.readyState === 1) this.#dispatch('message', { data: JSON.stringify(frame) });
  }

  #dispatch(type: string, event: object): void {
    for (const listener of this.#listeners.get(type) ?? []) (listener as (value: object) => void)(event);
  }
}
