import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRelay, type RelayOptions } from '@confab/relay';

/** The demo shop's static files, served at `/` by a dev relay. */
export const SHOP_DIR = fileURLToPath(new URL('../../../examples/shop/public', import.meta.url));

/** A relay listening on a real loopback port with SQLite in its own temp directory. */
export interface RunningRelay {
  readonly port: number;
  readonly baseUrl: string;
  readonly agentToken: string;
  readonly dataDir: string;
  /** Calls the agent HTTP API with the token; returns the parsed JSON body (or undefined for 204). */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** Stops the relay; the data directory is kept until `remove()`. */
  stop(): Promise<void>;
  /** Stops the relay and deletes its data directory. */
  remove(): Promise<void>;
}

/** Starts an in-process relay for a test; options override the quiet test defaults. */
export async function startRelay(options: Partial<RelayOptions> = {}): Promise<RunningRelay> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'confab-e2e-'));
  const agentToken = options.agentToken ?? 'e2e-agent-token-0123456789';
  const app = await createRelay({ logLevel: 'silent', ...options, dataDir, agentToken });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('relay did not bind a TCP port');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
  };
  return {
    port: address.port,
    baseUrl,
    agentToken,
    dataDir,
    async api<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${agentToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
    stop,
    async remove() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes; then throws with `what`. */
export async function eventually<T>(what: string, check: () => T | Promise<T>, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
