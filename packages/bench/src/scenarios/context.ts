import type { Generator } from '../generator-pool.js';
import type { TargetKind } from '../generator-protocol.js';
import type { BenchPlan } from '../options.js';
import type { ServerUnderTest } from '../servers.js';
import { log } from '../children.js';

/** What every scenario gets: the plan, the generator processes and a way to start servers. */
export interface BenchContext {
  plan: BenchPlan;
  generators: Generator[];
  startServer(kind: TargetKind, label: string): Promise<ServerUnderTest>;
  /** Where profiles go (`--profile`); scenarios may add their own, such as heap snapshots. */
  profileDir: string | undefined;
}

/** Both servers of one scenario. */
export interface ServerPair {
  relay: ServerUnderTest;
  baseline: ServerUnderTest;
}

/** The two servers, in the order each repeat measures them. */
export const KINDS: readonly TargetKind[] = ['relay', 'baseline'];

/**
 * Starts the relay and the baseline for one scenario, runs it, and always tears down: generators
 * close their sockets first (so the relay does not drain thousands of them), then both servers stop.
 */
export async function withServers<T>(context: BenchContext, label: string, run: (servers: ServerPair) => Promise<T>): Promise<T> {
  const relay = await context.startServer('relay', label);
  let baseline: ServerUnderTest | undefined;
  try {
    baseline = await context.startServer('baseline', label);
    return await run({ relay, baseline });
  } finally {
    await closeAll(context);
    await Promise.all([relay.stop(), baseline?.stop()]);
  }
}

/** Every generator closes every socket it holds. */
export async function closeAll(context: BenchContext): Promise<void> {
  await Promise.all(context.generators.map((generator) => generator.call('close-all', {}).catch(() => undefined)));
}

/** Splits `total` into `parts` nearly equal whole shares. */
export function shares(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

/** Resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Logs progress with the scenario's name. */
export function progress(scenario: string, message: string): void {
  log(`[${scenario}] ${message}`);
}

/** Server CPU (ms, and as a share of one core) and disk writes (bytes) while `run` ran, with its result. */
export async function measureCpu<T>(
  server: ServerUnderTest,
  run: () => Promise<T>,
): Promise<{ result: T; cpuMs: number; cpuShare: number; diskBytes: number }> {
  const cpuBefore = server.cpuMs();
  const diskBefore = server.diskWriteBytes();
  const wallBefore = performance.now();
  const result = await run();
  const cpuMs = server.cpuMs() - cpuBefore;
  return { result, cpuMs, cpuShare: cpuMs / (performance.now() - wallBefore), diskBytes: server.diskWriteBytes() - diskBefore };
}

/** Short label of a target kind for progress lines. */
export function nameOf(kind: TargetKind): string {
  return kind === 'relay' ? 'relay' : 'bare ws';
}
