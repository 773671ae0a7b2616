import WebSocket from 'ws';
import {
  PROTOCOL_VERSION,
  type AgentServerMessage,
  type ClientMessageOf,
  type ServerMessage,
  type ServerMessageOf,
} from '@confab/protocol';

/** How long helpers wait for a frame or a close before failing the test. Generous: CI machines are slow. */
export const WAIT_MS = 10_000;

/** The close of a socket as the client saw it. */
export interface CloseEvent {
  code: number;
  reason: string;
}

/** An HTTP answer instead of the upgrade (origin refused, draining, …). */
export class UpgradeRefused extends Error {
  readonly status: number;
  readonly body: string;
  constructor(status: number, body: string) {
    super(`upgrade refused with HTTP ${status}: ${body}`);
    this.name = 'UpgradeRefused';
    this.status = status;
    this.body = body;
  }
}

/** Options of {@link TestSocket.open}. */
export interface TestSocketOptions {
  /** Sent as the `Origin` header, like a browser would. */
  origin?: string;
  headers?: Record<string, string>;
}

type Waiter<F> = { match: (frame: F) => boolean; resolve: (frame: F) => void };

/**
 * A real `ws` client for tests that keeps every frame it receives. `waitFor(type)` takes the
 * oldest unread frame of that type (waiting for it if needed), so tests read like a conversation.
 */
export class TestSocket<F extends { type: string } = ServerMessage> {
  readonly raw: WebSocket;
  /** Every frame received, in order, read or not. */
  readonly received: F[] = [];
  readonly #unread: F[] = [];
  readonly #waiters: Waiter<F>[] = [];
  readonly #closed: Promise<CloseEvent>;

  private constructor(raw: WebSocket) {
    this.raw = raw;
    raw.on('message', (data: Buffer, isBinary: boolean) => {
      const frame = JSON.parse(isBinary ? '{"type":"binary"}' : data.toString('utf8')) as F;
      this.received.push(frame);
      const index = this.#waiters.findIndex((waiter) => waiter.match(frame));
      if (index >= 0) this.#waiters.splice(index, 1)[0]!.resolve(frame);
      else this.#unread.push(frame);
    });
    this.#closed = new Promise((resolve) => {
      raw.on('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString('utf8') }));
    });
    // Errors end in a close event, which is what tests look at.
    raw.on('error', () => {});
  }

  /** Connects; rejects with {@link UpgradeRefused} when the server answers HTTP instead. */
  static open<F extends { type: string } = ServerMessage>(url: string, options: TestSocketOptions = {}): Promise<TestSocket<F>> {
    const raw = new WebSocket(url, {
      headers: options.headers ?? {},
      ...(options.origin === undefined ? {} : { origin: options.origin }),
    });
    const socket = new TestSocket<F>(raw);
    return new Promise((resolve, reject) => {
      raw.once('open', () => resolve(socket));
      raw.once('unexpected-response', (_request, response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          reject(new UpgradeRefused(response.statusCode ?? 0, body));
          raw.terminate();
        });
      });
      raw.once('error', reject);
    });
  }

  /** Sends a frame object as JSON text, or a string as is. */
  send(frame: object | string): void {
    this.raw.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Sends a binary frame. */
  sendBinary(data: Buffer): void {
    this.raw.send(data, { binary: true });
  }

  /** Takes the oldest unread frame of `type` (matching `predicate`), waiting up to {@link WAIT_MS}. */
  waitFor<K extends F['type']>(type: K, predicate: (frame: Extract<F, { type: K }>) => boolean = () => true, timeoutMs = WAIT_MS): Promise<Extract<F, { type: K }>> {
    const match = (frame: F) => frame.type === type && predicate(frame as Extract<F, { type: K }>);
    const index = this.#unread.findIndex(match);
    if (index >= 0) return Promise.resolve(this.#unread.splice(index, 1)[0] as Extract<F, { type: K }>);
    return new Promise((resolve, reject) => {
      const waiter: Waiter<F> = {
        match,
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame as Extract<F, { type: K }>);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        const seen = this.received.map((frame) => frame.type).join(', ');
        reject(new Error(`no "${type}" frame within ${timeoutMs} ms (received: ${seen || 'nothing'})`));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  /** Takes the next `count` frames of `type`, in order. */
  async waitForMany<K extends F['type']>(type: K, count: number): Promise<Extract<F, { type: K }>[]> {
    const frames: Extract<F, { type: K }>[] = [];
    for (let i = 0; i < count; i++) frames.push(await this.waitFor(type));
    return frames;
  }

  /** Unread frames of `type`, without taking them. */
  unread<K extends F['type']>(type: K): Extract<F, { type: K }>[] {
    return this.#unread.filter((frame) => frame.type === type) as Extract<F, { type: K }>[];
  }

  /** Resolves when the socket has closed. */
  closed(timeoutMs = WAIT_MS): Promise<CloseEvent> {
    return Promise.race([
      this.#closed,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`socket still open after ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
  }

  /** Closes (normal closure) and waits for the close to complete. */
  async close(): Promise<void> {
    if (this.raw.readyState === WebSocket.CLOSED) return;
    if (this.raw.readyState !== WebSocket.CLOSING) this.raw.close(1000);
    await this.#closed;
  }
}

/** A visitor socket after a successful handshake. */
export interface Visitor {
  socket: TestSocket<ServerMessage>;
  welcome: ServerMessageOf<'welcome'>;
}

/** Fields of a visitor `hello` a test may set. */
export type HelloFields = Partial<Omit<ClientMessageOf<'hello'>, 'type'>>;

/** Opens `/v1/ws`, sends `hello` and waits for `welcome`. */
export async function openVisitor(baseWsUrl: string, hello: HelloFields = {}, options: TestSocketOptions = {}): Promise<Visitor> {
  const socket = await TestSocket.open<ServerMessage>(`${baseWsUrl}/v1/ws`, options);
  socket.send({ type: 'hello', versions: [PROTOCOL_VERSION], ...hello });
  const welcome = await socket.waitFor('welcome');
  return { socket, welcome };
}

/** Opens `/v1/agent/ws`, sends `hello` with the token and waits for `welcome`. */
export async function openAgent(baseWsUrl: string, token: string): Promise<TestSocket<AgentServerMessage>> {
  const socket = await TestSocket.open<AgentServerMessage>(`${baseWsUrl}/v1/agent/ws`);
  socket.send({ type: 'hello', versions: [PROTOCOL_VERSION], token });
  await socket.waitFor('welcome');
  return socket;
}

/** Sends a visitor message and waits for its ack. */
export async function sendMessage(visitor: Visitor, id: string, text: string): Promise<ServerMessageOf<'ack'>> {
  visitor.socket.send({ type: 'message', id, text });
  return visitor.socket.waitFor('ack', (ack) => ack.id === id);
}
