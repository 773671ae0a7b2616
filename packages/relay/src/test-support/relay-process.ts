import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll } from 'vitest';
import { eventually } from './relay.js';

/** The built command (`node packages/relay/dist/cli.js`); `pnpm test` builds it first. */
export const CLI_PATH = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
/** The agent token relay processes started by {@link relayProcesses} use. */
export const CLI_AGENT_TOKEN = 'cli-test-agent-token-0123456789';

/** How a child process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A relay command running as a child process, with its output split into lines. */
export interface RelayProcess {
  readonly child: ChildProcess;
  readonly stdout: string[];
  readonly stderr: string[];
  readonly exited: Promise<Exit>;
}

/** A relay process that is listening. */
export interface ListeningRelay {
  readonly process: RelayProcess;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `ws://127.0.0.1:<port>` */
  readonly wsUrl: string;
}

/** What {@link relayProcesses} gives a test file. */
export interface RelayProcesses {
  /** A temp directory, deleted after the test. */
  tempDir(): string;
  /** Runs the CLI with `args` and only PATH plus `env` as environment; killed (SIGKILL) after the test if still running. */
  run(args: string[], env?: Record<string, string>): RelayProcess;
  /** Starts the relay on a free port with `dataDir` and the test token; resolves once it logged "listening". */
  start(dataDir: string, extra?: string[]): Promise<ListeningRelay>;
  /** Runs `cleanup` after the test (last registered, first run). */
  defer(cleanup: () => Promise<void> | void): void;
}

/**
 * For a test file that runs the built relay command as child processes: every process it starts
 * is killed by PID after the test and every temp directory removed.
 * @example
 * const processes = relayProcesses();
 * it('…', async () => { const relay = await processes.start(processes.tempDir()); });
 */
export function relayProcesses(): RelayProcesses {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()!();
  });
  beforeAll(() => {
    if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: build the relay first (npx tsc -b packages/relay; pnpm test does it)`);
  });

  const run = (args: string[], env: Record<string, string> = {}): RelayProcess => {
    // Only PATH from this environment, so no stray CONFAB_* variable leaks in.
    const child = spawn(process.execPath, [CLI_PATH, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: string[] = [];
    const stderr: string[] = [];
    const collect = (into: string[]) => {
      let partial = '';
      return (chunk: Buffer) => {
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        into.push(...lines);
      };
    };
    child.stdout!.on('data', collect(stdout));
    child.stderr!.on('data', collect(stderr));
    const exited = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    });
    return { child, stdout, stderr, exited };
  };

  return {
    tempDir() {
      const dir = mkdtempSync(join(tmpdir(), 'confab-cli-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
    run,
    async start(dataDir, extra = []) {
      const relay = run(['--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, '--agent-token', CLI_AGENT_TOKEN, ...extra]);
      const url = await eventually(
        'the relay to listen',
        () => {
          if (relay.child.exitCode !== null) throw new Error(`relay exited: ${relay.stderr.join('\n')}`);
          for (const line of relay.stdout) {
            if (!line.startsWith('{')) continue;
            const entry = JSON.parse(line) as { msg?: string; url?: string };
            if (entry.msg === 'Confab relay listening') return entry.url;
          }
          return undefined;
        },
        20_000,
      );
      return { process: relay, url, wsUrl: url.replace(/^http/, 'ws') };
    },
    defer(cleanup) {
      cleanups.push(cleanup);
    },
  };
}

/** Calls a relay's agent API with the test token; the body is parsed JSON (undefined when empty). */
export async function cliApi<T>(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${CLI_AGENT_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}
