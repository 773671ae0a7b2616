import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
// Brings in `app.websocketServer`, which @fastify/websocket declares and app.d.ts does not carry.
import type {} from '@fastify/websocket';
import { afterEach } from 'vitest';
import type { AgentServerMessage, ServerMessage } from '@confab/protocol';
import { createRelay } from '../app.js';
import type { RelayOptions } from '../options.js';
import { TestSocket, openAgent, openVisitor, type HelloFields, type TestSocketOptions, type Visitor } from './socket.js';

/** The agent token test relays use unless told otherwise. */
export const TEST_AGENT_TOKEN = 'test-agent-token-0123456789';

/** An HTTP answer: status, parsed JSON body (undefined when empty) and headers. */
export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** Options of {@link TestRelay.api}. */
export interface ApiOptions {
  body?: unknown;
  /** The bearer token; `null` sends no Authorization header. @default the relay's token */
  token?: string | null;
  headers?: Record<string, string>;
}

/** A relay on a real loopback port with SQLite in its own temp directory. */
export interface TestRelay {
  readonly app: FastifyInstance;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** `ws://127.0.0.1:<port>` */
  readonly wsUrl: string;
  readonly agentToken: string;
  readonly dataDir: string;
  /** Calls the relay over HTTP (the agent API with the token by default). */
  api<T = unknown>(method: string, path: string, options?: ApiOptions): Promise<ApiResponse<T>>;
  /** Opens a visitor socket and completes the handshake; closed by `close()`. */
  visitor(hello?: HelloFields, options?: TestSocketOptions): Promise<Visitor>;
  /** Opens an agent stream with the token; closed by `close()`. */
  agent(): Promise<TestSocket<AgentServerMessage>>;
  /** Opens a raw socket on a path without a handshake; closed by `close()`. */
  socket<F extends { type: string } = ServerMessage>(path: string, options?: TestSocketOptions): Promise<TestSocket<F>>;
  /** Stops this relay and starts a new one on the same data directory (and a new port). */
  restart(overrides?: Partial<RelayOptions>): Promise<TestRelay>;
  /** Stops the relay, keeping the data directory. */
  stop(): Promise<void>;
  /** Stops the relay, closes the sockets it opened and deletes the data directory. */
  close(): Promise<void>;
}

/**
 * Starts a silent relay for a test. Options override the test defaults (temp data dir, fixed
 * agent token, `logLevel: 'silent'`).
 * @example
 * const relay = await startTestRelay();
 * const { socket, welcome } = await relay.visitor();
 * await relay.close();
 */
export async function startTestRelay(options: Partial<RelayOptions> = {}): Promise<TestRelay> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'confab-relay-test-'));
  const agentToken = options.agentToken ?? TEST_AGENT_TOKEN;
  const app = await createRelay({ logLevel: 'silent', ...options, dataDir, agentToken });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the relay did not bind a TCP port');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const wsUrl = `ws://127.0.0.1:${address.port}`;
  const sockets: { close(): Promise<void> }[] = [];
  let isStopped = false;

  const stop = async () => {
    if (isStopped) return;
    isStopped = true;
    await app.close();
  };
  const relay: TestRelay = {
    app,
    port: address.port,
    baseUrl,
    wsUrl,
    agentToken,
    dataDir,
    async api<T>(method: string, path: string, apiOptions: ApiOptions = {}): Promise<ApiResponse<T>> {
      const token = apiOptions.token === undefined ? agentToken : apiOptions.token;
      const headers: Record<string, string> = { ...apiOptions.headers };
      if (token !== null) headers['authorization'] = `Bearer ${token}`;
      if (apiOptions.body !== undefined) headers['content-type'] ??= 'application/json';
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: apiOptions.body === undefined ? undefined : typeof apiOptions.body === 'string' ? apiOptions.body : JSON.stringify(apiOptions.body),
      });
      const text = await response.text();
      let body: unknown = undefined;
      if (text !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      return { status: response.status, body: body as T, headers: response.headers };
    },
    async visitor(hello, socketOptions) {
      const visitor = await openVisitor(wsUrl, hello, socketOptions);
      sockets.push(visitor.socket);
      return visitor;
    },
    async agent() {
      const socket = await openAgent(wsUrl, agentToken);
      sockets.push(socket);
      return socket;
    },
    async socket<F extends { type: string } = ServerMessage>(path: string, socketOptions?: TestSocketOptions) {
      const socket = await TestSocket.open<F>(`${wsUrl}${path}`, socketOptions);
      sockets.push(socket);
      return socket;
    },
    async restart(overrides = {}) {
      await Promise.all(sockets.map((socket) => socket.close()));
      await stop();
      return startTestRelay({ ...options, ...overrides, dataDir, agentToken });
    },
    stop,
    async close() {
      await Promise.all(sockets.map((socket) => socket.close()));
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return relay;
}

/** Polls `check` until it returns a truthy value; fails after `timeoutMs` naming `what`. */
export async function eventually<T>(what: string, check: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * For a test file: returns a function that starts a test relay and closes it after the test.
 * @example
 * const relayWith = testRelays();
 * it('…', async () => { const relay = await relayWith({ heartbeatMs: 30_000 }); });
 */
export function testRelays(): (options?: Partial<RelayOptions>) => Promise<TestRelay> {
  const started: TestRelay[] = [];
  afterEach(async () => {
    while (started.length > 0) await started.pop()!.close();
  });
  return async (options = {}) => {
    const relay = await startTestRelay(options);
    started.push(relay);
    return relay;
  };
}
