import type { FastifyInstance } from 'fastify';
import { createRelay } from './app.js';
import type { RelayOptions } from './options.js';

/** A relay that is listening. */
export interface RunningRelay {
  readonly app: FastifyInstance;
  /** The port actually bound (useful with `port: 0`). */
  readonly port: number;
  /** `http://host:port` to reach it; a wildcard host is shown as 127.0.0.1. */
  readonly url: string;
  /** The agent token in use (generated in dev mode when none was set). */
  readonly agentToken: string;
  /** Drains and stops: sockets close with 4010, the store is flushed and closed. Safe to call twice. */
  close(): Promise<void>;
}

function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '[::]') return '127.0.0.1';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * Creates the relay and listens on `host:port`.
 * @example
 * const relay = await startRelay(loadConfig({ argv: process.argv.slice(2), env: process.env }).config);
 * console.log(`listening on ${relay.url}`);
 */
export async function startRelay(options: RelayOptions = {}): Promise<RunningRelay> {
  const app = await createRelay(options);
  const { port, host, listenBacklog } = app.confab.options;
  try {
    await app.listen({ port, host, backlog: listenBacklog });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  const url = `http://${reachableHost(host)}:${boundPort}`;
  app.log.info({ url }, 'Confab relay listening');
  let closing: Promise<void> | undefined;
  return {
    app,
    port: boundPort,
    url,
    agentToken: app.confab.options.agentToken,
    close: () => (closing ??= app.close()),
  };
}
