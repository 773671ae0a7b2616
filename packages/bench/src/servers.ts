import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Target, TargetKind } from './generator-protocol.js';
import { log, readCpuMs, readDiskWriteBytes, readRssKb, stopChild, track, trackTempDir } from './children.js';
import { GC_DONE, GC_REQUEST, HEAP_SNAPSHOT_DONE, HEAP_SNAPSHOT_REQUEST } from './server-hook.js';

const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 20_000;
const GC_TIMEOUT_MS = 20_000;

/** A server process under test: the relay or the baseline. */
export interface ServerUnderTest {
  readonly kind: TargetKind;
  readonly pid: number;
  /** How generators reach it. */
  readonly target: Target;
  /** Runs two full garbage collections in the server; resolves with its `process.memoryUsage()` after them. */
  collectGarbage(): Promise<NodeJS.MemoryUsage>;
  /** Writes a V8 heap snapshot of the server to `path` (after a collection). */
  writeHeapSnapshot(path: string): Promise<void>;
  /** Resident memory now, in KiB. */
  rssKb(): number;
  /** CPU time used so far, in ms. */
  cpuMs(): number;
  /** Bytes written to disk so far (the store's WAL and database; the baseline writes none). */
  diskWriteBytes(): number;
  /** Visitor sockets the server holds (relay: `/healthz`; baseline: not known, undefined). */
  visitorCount(): Promise<number | undefined>;
  /** SIGTERM, then SIGKILL if it hangs; resolves once it has exited. */
  stop(): Promise<void>;
}

/** Where the relay's built CLI lives in this workspace (packages/relay/dist/cli.js). */
export const DEFAULT_RELAY_CLI = fileURLToPath(new URL('../../relay/dist/cli.js', import.meta.url));
const SERVER_HOOK = new URL('./server-hook.js', import.meta.url).href;
const BASELINE_SERVER = fileURLToPath(new URL('./baseline-server.js', import.meta.url));

/** Options for {@link startRelay}. */
export interface RelayStartOptions {
  /** Path of the relay's CLI. @default DEFAULT_RELAY_CLI */
  cliPath: string;
  /** Per-connection message rate; high, so the rate limit never caps the benchmark. */
  messagesPerMinute: number;
  /** Write a V8 CPU profile of the relay here on exit, named after `label`. */
  profileDir?: string;
  /** Names the profile and the log file (the scenario). */
  label: string;
}

async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function getJson(port: number, path: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: HOST, port, path, method: 'GET', agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
        } catch (error) {
          reject(error as Error);
        }
      });
    });
    req.on('error', reject);
    req.setTimeout(5_000, () => req.destroy(new Error(`GET ${path} timed out`)));
    req.end();
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function tail(path: string, lines = 20): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Sends a request to the server hook and resolves with its answer. */
function ask<T>(child: ChildProcess, request: { type: string; path?: string }, answerType: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`the server did not answer ${request.type}`));
    }, timeoutMs);
    const onMessage = (message: unknown) => {
      if ((message as { type?: unknown } | null)?.type !== answerType) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message as T);
    };
    child.on('message', onMessage);
    child.send(request);
  });
}

function hookMethods(child: ChildProcess): Pick<ServerUnderTest, 'collectGarbage' | 'writeHeapSnapshot'> {
  return {
    collectGarbage: () => ask<{ memory: NodeJS.MemoryUsage }>(child, { type: GC_REQUEST }, GC_DONE, GC_TIMEOUT_MS).then((answer) => answer.memory),
    writeHeapSnapshot: (path) => ask<unknown>(child, { type: HEAP_SNAPSHOT_REQUEST, path }, HEAP_SNAPSHOT_DONE, 120_000).then(() => undefined),
  };
}

/**
 * Starts the real relay CLI (`node packages/relay/dist/cli.js`) on a free loopback port with a
 * fresh data directory in the system's temp folder (SQLite on disk, `synchronous=FULL`, every other
 * setting at its default: log level `info`, heartbeats every 25 s). Its log goes to a file.
 */
export async function startRelay(options: RelayStartOptions): Promise<ServerUnderTest> {
  if (!existsSync(options.cliPath)) {
    throw new Error(`The relay is not built: ${options.cliPath} is missing. Run pnpm build first.`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'confab-bench-'));
  trackTempDir(dataDir);
  log(`relay (${options.label}) data directory: ${dataDir}`);
  const port = await findFreePort();
  const agentToken = randomBytes(24).toString('base64url');
  const logPath = join(dataDir, 'relay.log');
  const logFd = openSync(logPath, 'a');
  const nodeFlags = ['--expose-gc', '--import', SERVER_HOOK];
  if (options.profileDir !== undefined) {
    nodeFlags.push('--cpu-prof', `--cpu-prof-dir=${options.profileDir}`, `--cpu-prof-name=relay-${options.label}.cpuprofile`);
  }
  const args = [
    options.cliPath,
    '--host', HOST,
    '--port', String(port),
    '--data-dir', dataDir,
    '--agent-token', agentToken,
    '--messages-per-minute', String(options.messagesPerMinute),
  ];
  const child = spawn(process.execPath, [...nodeFlags, ...args], { stdio: ['ignore', logFd, logFd, 'ipc'] });
  closeSync(logFd);
  track(`relay (${options.label})`, child);
  const pid = child.pid!;
  let exitReason: string | undefined;
  const onExit = (code: number | null, signal: string | null) => {
    exitReason = `exited early (code ${code}, signal ${signal})`;
  };
  child.once('exit', onExit);
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const isUp = await getJson(port, '/healthz').then(
      (answer) => answer.status === 200,
      () => false,
    );
    if (isUp) break;
    if (exitReason !== undefined) throw new Error(`The relay ${exitReason}:\n${tail(logPath)}`);
    if (Date.now() > deadline) {
      await stopChild(pid);
      throw new Error(`The relay did not answer /healthz within ${START_TIMEOUT_MS} ms:\n${tail(logPath)}`);
    }
    await delay(50);
  }
  child.off('exit', onExit);
  return {
    kind: 'relay',
    pid,
    target: { kind: 'relay', host: HOST, port, agentToken },
    ...hookMethods(child),
    rssKb: () => readRssKb(pid),
    cpuMs: () => readCpuMs(pid),
    diskWriteBytes: () => readDiskWriteBytes(pid),
    async visitorCount() {
      const { body } = await getJson(port, '/healthz');
      return (body as { connections?: { visitors?: number } }).connections?.visitors;
    },
    stop: () => stopChild(pid),
  };
}

/** Starts the bare `ws` baseline server (baseline-server.ts) in its own process. */
export async function startBaseline(label: string): Promise<ServerUnderTest> {
  const child = fork(BASELINE_SERVER, [], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  track(`bare ws baseline (${label})`, child);
  const pid = child.pid!;
  const port = await new Promise<number>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (message: unknown) => {
      const m = message as { type?: unknown; port?: unknown } | null;
      if (m?.type !== 'listening' || typeof m.port !== 'number') return;
      done();
      resolve(m.port);
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`The baseline server exited early (code ${code})`));
    };
    const timer = setTimeout(() => {
      done();
      void stopChild(pid);
      reject(new Error(`The baseline server did not start within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
  return {
    kind: 'baseline',
    pid,
    target: { kind: 'baseline', host: HOST, port },
    ...hookMethods(child),
    rssKb: () => readRssKb(pid),
    cpuMs: () => readCpuMs(pid),
    diskWriteBytes: () => readDiskWriteBytes(pid),
    visitorCount: () => Promise.resolve(undefined),
    stop: () => stopChild(pid),
  };
}
