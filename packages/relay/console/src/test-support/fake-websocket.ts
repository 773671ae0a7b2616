import type { WebSocketFactory, WebSocketLike } from '../agent-stream.js';

/** A WebSocket double: tests open it, feed it frames and close it from the "server" side. */
export class FakeWebSocket implements WebSocketLike {
  readonly url: string;
  readyState = 0;
  /** Every frame the console sent, parsed. */
  readonly sent: Record<string, unknown>[] = [];
  /** The arguments of `close()`, once the console called it. */
  closedWith: { code: number | undefined; reason: string | undefined } | undefined;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  constructor(url: string) {
    this.url = url;
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send() on a socket that is not open');
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }

  /** The server accepted the upgrade. */
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  /** A frame from the server (objects are JSON-encoded). */
  receive(frame: object | string): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) } as MessageEvent);
  }

  /** The server (or the network) closed the connection. */
  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason } as CloseEvent);
  }
}

/** A WebSocket constructor that records every socket it makes. */
export function fakeWebSocketFactory(): { WebSocket: WebSocketFactory; sockets: FakeWebSocket[]; last(): FakeWebSocket } {
  const sockets: FakeWebSocket[] = [];
  class RecordingWebSocket extends FakeWebSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  }
  return {
    WebSocket: RecordingWebSocket,
    sockets,
    last() {
      const socket = sockets.at(-1);
      if (!socket) throw new Error('no socket was opened');
      return socket;
    },
  };
}
