import type { ClientMessage, ClientMessageOf, ClientMessageType } from '@confab/protocol';
import type { SocketLike, WebSocketLike } from '../options.js';

type Listener = (event: never) => void;

/**
 * A WebSocket double: records what the client sends (decoded) and lets the test drive the other
 * side with `open()`, `receive()`, `drop()`. Events are dispatched synchronously.
 */
export class FakeSocket implements SocketLike {
  readonly url: string;
  readyState = 0;
  /** Every frame the client sent, decoded. */
  readonly sent: ClientMessage[] = [];
  /** How the client closed this socket, if it did. */
  closedBy: { code: number | undefined } | 'terminate' | undefined;
  /** Called for each frame the client sends (a fake relay hooks in here). */
  onSend: ((frame: ClientMessage) => void) | undefined;
  readonly #listeners = new Map<string, Listener[]>();

  constructor(url: string) {
    this.url = url;
  }

  addEventListener(type: string, listener: Listener): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error(`FakeSocket.send() while readyState is ${this.readyState}`);
    const frame = JSON.parse(data) as ClientMessage;
    this.sent.push(frame);
    this.onSend?.(frame);
  }

  close(code?: number): void {
    if (this.readyState >= 2) return;
    this.closedBy = { code };
    this.#closed(code ?? 1005, '');
  }

  terminate(): void {
    if (this.readyState >= 2) return;
    this.closedBy = 'terminate';
    this.#closed(1006, '');
  }

  /** The relay accepted the connection. */
  open(): void {
    this.readyState = 1;
    this.#dispatch('open', {});
  }

  /** The relay sends a frame (serialised as JSON, like the wire). */
  receive(frame: object): void {
    this.receiveRaw(JSON.stringify(frame));
  }

  /** The relay sends raw data (invalid JSON, binary …). */
  receiveRaw(data: unknown): void {
    this.#dispatch('message', { data });
  }

  /** The connection ends from the other side or the network, with `code`. */
  drop(code = 1006, reason = ''): void {
    if (this.readyState === 3) return;
    this.#dispatch('error', {});
    this.#closed(code, reason);
  }

  /** The frames of one type the client sent. */
  sentOf<T extends ClientMessageType>(type: T): ClientMessageOf<T>[] {
    return this.sent.filter((frame): frame is ClientMessageOf<T> => frame.type === type);
  }

  #closed(code: number, reason: string): void {
    this.readyState = 3;
    this.#dispatch('close', { code, reason });
  }

  #dispatch(type: string, event: object): void {
    for (const listener of this.#listeners.get(type) ?? []) (listener as (event: object) => void)(event);
  }
}

/** A fake WebSocket constructor and the sockets made with it. */
export interface FakeWebSocket {
  WebSocket: WebSocketLike;
  sockets: FakeSocket[];
  /** The most recently created socket. */
  last(): FakeSocket;
}

/** Creates a fake WebSocket constructor; `onCreate` sees each socket as it is made. */
export function fakeWebSocket(onCreate?: (socket: FakeSocket) => void): FakeWebSocket {
  const sockets: FakeSocket[] = [];
  class WebSocket extends FakeSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
      onCreate?.(this);
    }
  }
  return {
    WebSocket,
    sockets,
    last() {
      const socket = sockets.at(-1);
      if (!socket) throw new Error('No socket was created');
      return socket;
    },
  };
}
