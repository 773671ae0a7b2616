import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The relay's built command line, as `pnpm build` leaves it. */
export const RELAY_CLI = fileURLToPath(new URL('../../../packages/relay/dist/cli.js', import.meta.url));

/** How a relay process ended. */
export interface RelayExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** An HTTP answer of the agent API, whatever its status. */
export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

/** Settings of {@link startRelayProcess}. */
export interface RelayProcessOptions {
  /** Extra command-line flags, e.g. `['--heartbeat-ms', '1000']`. */
  args?: readonly string[];
  /** @default a fresh temporary directory, deleted by `remove()` */
  dataDir?: string;
}

/** The relay as a real child process (`node packages/relay/dist/cli.js`), on a fixed loopback port. */
export interface RelayProcess {
  readonly port: number;
  readonly baseUrl: string;
  readonly agentToken: string;
  readonly dataDir: string;
  /** The current process id; changes with every `restart()`. */
  readonly pid: number | undefined;
  readonly isRunning: boolean;
  /** Calls the agent HTTP API with the token and returns the status and parsed body; throws only when the relay cannot be reached. */
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>>;
  /** Calls the agent HTTP API and returns the parsed body; throws on any status but 2xx. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** Sends `signal` and waits until the process has exited. */
  kill(signal: NodeJS.Signals): Promise<RelayExit>;
  /** Starts the relay again on the same port and data directory, once the previous process has exited. */
  restart(): Promise<void>;
  /** Everything the relay processes wrote to stdout and stderr so far, for failure reports. */
  output(): string;
  /** Kills the process if it still runs and deletes a data directory this helper made. */
  remove(): Promise<void>;
}

/** A port that was free a moment ago (the relay has to come back on the same one after a kill). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

// The test's own environment, without CONFAB_* settings that would change the relay under test.
function relayEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('CONFAB_')));
}

/** How much relay output is kept for failure reports. */
const OUTPUT_LIMIT = 256 * 1024;

/**
 * Starts the built relay CLI as a child process on a free loopback port with SQLite in its own
 * temporary directory, and waits until `/healthz` answers. Its output is captured, never printed.
 */
export async function startRelayProcess(options: RelayProcessOptions = {}): Promise<RelayProcess> {
  if (!existsSync(RELAY_CLI)) {
    throw new Error(`The relay is not built (${RELAY_CLI} is missing); run pnpm build first`);
  }
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'confab-faults-'));
  const agentToken = 'faults-agent-token-0123456789';
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  let child: ChildProcess | undefined;
  let exited: Promise<RelayExit> = Promise.resolve({ code: null, signal: null });

  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
  };

  const spawnRelay = async () => {
    const args = [
      RELAY_CLI,
      '--port', String(port),
      '--host', '127.0.0.1',
      '--data-dir', dataDir,
      '--agent-token', agentToken,
      '--log-level', 'warn',
      ...(options.args ?? []),
    ];
    output += `\n--- ${new Date().toISOString()} node ${args.join(' ')}\n`;
    const relayChild = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: relayEnv() });
    child = relayChild;
    relayChild.stdout!.on('data', append);
    relayChild.stderr!.on('data', append);
    exited = new Promise<RelayExit>((resolve) => {
      relayChild.once('exit', (code, signal) => {
        output += `--- exited with code ${code} signal ${signal}\n`;
        resolve({ code, signal });
      });
    });
    // Never leave a relay behind, even if the test process goes down without running its hooks.
    const killOnExit = () => relayChild.kill('SIGKILL');
    process.once('exit', killOnExit);
    void exited.then(() => process.off('exit', killOnExit));
    let hasExited = false;
    void exited.then(() => (hasExited = true));
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (hasExited) throw new Error(`the relay exited during start-up:\n${output}`);
      try {
        if ((await fetch(`${baseUrl}/healthz`)).ok) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error(`the relay on port ${port} did not answer /healthz within 20 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const request = async <T>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${agentToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };

  const isRunning = () => child !== undefined && child.exitCode === null && child.signalCode === null;

  const kill = async (signal: NodeJS.Signals): Promise<RelayExit> => {
    if (isRunning()) child!.kill(signal);
    return exited;
  };

  try {
    await spawnRelay();
  } catch (error) {
    await kill('SIGKILL');
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    baseUrl,
    agentToken,
    dataDir,
    get pid() {
      return child?.pid;
    },
    get isRunning() {
      return isRunning();
    },
    request,
    async api<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await request<T>(method, path, body);
      if (response.status < 200 || response.status > 299) {
        throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(response.body)}`);
      }
      return response.body;
    },
    kill,
    async restart() {
      await exited;
      await spawnRelay();
    },
    output: () => output,
    async remove() {
      if (isRunning()) await kill('SIGKILL');
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
