import { afterEach, onTestFailed } from 'vitest';
import WebSocket from 'ws';
import { createClient, memoryStorage, type ChatClient, type ClientOptions } from '@confab/client';
import { startRelayProcess, type RelayProcess, type RelayProcessOptions } from '../support/relay-process.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import type { AgentEndpoint } from './agent.js';
import type { SeededRandom } from './seeded-random.js';

/** Relay flags for fault tests: no rate limit in the way of bursts (the limiter has its own tests). */
export const BURST_FRIENDLY = ['--messages-per-minute', '100000'] as const;

/** Builds a scenario's processes, sockets and clients, and tears all of them down after each test, failed or not. */
export interface FaultFixture {
  /** Starts the relay CLI as a child process; its output is printed only if the test fails. */
  relay(options?: RelayProcessOptions): Promise<RelayProcess>;
  /** Starts a fault proxy in front of `port`. */
  proxy(port: number): Promise<TcpProxy>;
  /** An SDK client on Node with in-memory storage, quick reconnects and seeded jitter. */
  client(url: string, random: SeededRandom, options?: Partial<ClientOptions>): ChatClient;
  /** Runs `cleanup` after the test (last registered, first run). */
  defer(cleanup: () => Promise<void> | void): void;
}

/** The agent side talking straight to a relay. */
export function agentEndpoint(relay: RelayProcess, httpBase = relay.baseUrl, streamBase = relay.baseUrl): AgentEndpoint {
  return { httpBase, streamBase, token: relay.agentToken };
}

/** Registers the teardown hook of this file and returns the fixture builders. */
export function useFaultFixture(): FaultFixture {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    const errors: unknown[] = [];
    while (cleanups.length) {
      try {
        await cleanups.pop()!();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length) throw new AggregateError(errors, 'cleanup failed');
  });
  const defer = (cleanup: () => Promise<void> | void) => void cleanups.push(cleanup);
  return {
    async relay(options) {
      const relay = await startRelayProcess(options);
      defer(() => relay.remove());
      onTestFailed(() => console.log(`relay output:\n${relay.output()}`));
      return relay;
    },
    async proxy(port) {
      const proxy = await startTcpProxy(port);
      defer(() => proxy.close());
      return proxy;
    },
    client(url, random, options = {}) {
      const client = createClient({
        url,
        WebSocket: WebSocket as unknown as NonNullable<ClientOptions['WebSocket']>,
        storage: memoryStorage(),
        backoff: { baseMs: 50, maxMs: 1000 },
        random: random.next,
        ...options,
      });
      defer(() => client.close());
      return client;
    },
    defer,
  };
}
