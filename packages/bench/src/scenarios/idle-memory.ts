import { join } from 'node:path';
import type { TargetKind } from '../generator-protocol.js';
import { ADDRESSES_PER_GENERATOR } from '../generator-pool.js';
import { MAX_IDLE_VISITORS } from '../options.js';
import type { Row, ScenarioResult } from '../report.js';
import type { ServerUnderTest } from '../servers.js';
import { median } from '../stats.js';
import { closeAll, delay, KINDS, nameOf, progress, shares, withServers, type BenchContext } from './context.js';

/** Resident memory of the server at one visitor count. */
interface IdleLevel {
  requested: number;
  held: number;
  failed: number;
  rssKb: number;
  /** (RSS − RSS before the first visitor) / visitors, in KiB. */
  perConnectionKb: number;
  /** Between this level and the previous one: the cost of one more connection. */
  marginalKb: number;
  openMs: number;
  /** Per generator: visitors it held. */
  perGenerator: number[];
  /** What the relay's /healthz counted (undefined for the baseline). */
  serverCount: number | undefined;
  /** Of the per-connection RSS: V8 heap in use, and memory outside the heap (Buffers, native), in KiB. */
  heapUsedPerConnectionKb: number;
  externalPerConnectionKb: number;
}

/** A resident-memory reading after garbage collection. */
interface Reading {
  rssKb: number;
  memory: NodeJS.MemoryUsage;
}

const SCENARIO = 'idle';
const TARGET_RATIO = 1.5;

async function settledRss(server: ServerUnderTest, settleMs: number): Promise<Reading> {
  await delay(settleMs);
  const memory = await server.collectGarbage();
  const readings: number[] = [];
  for (let i = 0; i < 3; i++) {
    await delay(200);
    readings.push(server.rssKb());
  }
  return { rssKb: median(readings), memory };
}

/** One pass over every level against a fresh server. */
interface IdlePass {
  kind: TargetKind;
  repeat: number;
  rss0Kb: number;
  levels: IdleLevel[];
}

async function measure(context: BenchContext, server: ServerUnderTest, kind: TargetKind, repeat: number, isLast: boolean): Promise<IdlePass> {
  const { plan, generators } = context;
  const { target } = server;
  // Warm-up: code paths compiled and pools allocated once, so the reference reading includes them.
  await generators[0]!.call('open', { target, count: plan.idle.warmup, mode: 'plain', concurrency: plan.idle.concurrency });
  await closeAll(context);
  const reference = await settledRss(server, plan.idle.settleMs);
  const rss0Kb = reference.rssKb;
  progress(SCENARIO, `${nameOf(kind)}: ${rss0Kb.toLocaleString('en-US')} KiB before the first visitor`);
  const levels: IdleLevel[] = [];
  let held = 0;
  let previous = { held: 0, rssKb: rss0Kb };
  const perGenerator = generators.map(() => 0);
  for (const requested of plan.idle.levels) {
    const started = performance.now();
    const counts = shares(requested - held, generators.length);
    const results = await Promise.all(
      generators.map((generator, i) => generator.call('open', { target, count: counts[i]!, mode: 'plain', concurrency: plan.idle.concurrency })),
    );
    const openMs = performance.now() - started;
    results.forEach((result, i) => (perGenerator[i] = result.total));
    held = perGenerator.reduce((sum, count) => sum + count, 0);
    const failed = results.reduce((sum, result) => sum + result.failed, 0);
    if (failed > 0) progress(SCENARIO, `${nameOf(kind)}: ${failed} connections failed: ${results.flatMap((r) => r.errors).slice(0, 3).join('; ')}`);
    const reading = await settledRss(server, plan.idle.settleMs);
    const rssKb = reading.rssKb;
    const serverCount = await server.visitorCount();
    const level: IdleLevel = {
      requested,
      held,
      failed,
      rssKb,
      perConnectionKb: (rssKb - rss0Kb) / held,
      marginalKb: (rssKb - previous.rssKb) / (held - previous.held),
      openMs,
      perGenerator: [...perGenerator],
      serverCount,
      heapUsedPerConnectionKb: (reading.memory.heapUsed - reference.memory.heapUsed) / 1024 / held,
      externalPerConnectionKb: (reading.memory.external - reference.memory.external) / 1024 / held,
    };
    levels.push(level);
    previous = { held, rssKb };
    progress(
      SCENARIO,
      `${nameOf(kind)}: ${held.toLocaleString('en-US')} visitors in ${(openMs / 1000).toFixed(1)} s, RSS ${rssKb.toLocaleString('en-US')} KiB, ${level.perConnectionKb.toFixed(2)} KiB each (V8 heap ${level.heapUsedPerConnectionKb.toFixed(2)} KiB)`,
    );
  }
  // After the last reading: writing a snapshot grows the heap for good.
  if (context.profileDir !== undefined && isLast) {
    const path = join(context.profileDir, `${kind}-idle-${held}.heapsnapshot`);
    progress(SCENARIO, `${nameOf(kind)}: writing a heap snapshot to ${path}`);
    await server.writeHeapSnapshot(path);
  }
  await closeAll(context);
  return { kind, repeat, rss0Kb, levels };
}

/**
 * Idle connections: resident memory per connection at each visitor count. Relay visitors complete
 * the handshake (`hello` → `welcome`, which creates a conversation); baseline sockets are plain and
 * idle. Both are read from /proc/<pid>/status (VmRSS) after two full garbage collections.
 */
export async function idleMemory(context: BenchContext): Promise<ScenarioResult> {
  const passes: IdlePass[] = [];
  // A fresh pair of servers per repeat: what one pass allocated must not be charged to the next.
  for (let repeat = 0; repeat < context.plan.repeats; repeat++) {
    await withServers(context, SCENARIO, async (servers) => {
      for (const kind of KINDS) passes.push(await measure(context, servers[kind], kind, repeat, repeat === context.plan.repeats - 1));
    });
  }
  const levelsOf = (kind: TargetKind, i: number) => passes.filter((pass) => pass.kind === kind).map((pass) => pass.levels[i]!);
  const section = 'Idle connections: resident memory per connection (KiB)';
  const rows: Row[] = [];
  context.plan.idle.levels.forEach((requested, i) => {
    const relay = median(levelsOf('relay', i).map((level) => level.perConnectionKb));
    const baseline = median(levelsOf('baseline', i).map((level) => level.perConnectionKb));
    const held = median(levelsOf('relay', i).map((level) => level.held));
    rows.push({
      section,
      label: `${held.toLocaleString('en-US')} visitors${held === requested ? '' : ` (of ${requested.toLocaleString('en-US')})`}`,
      relay,
      baseline,
      decimals: 1,
      hasRatio: true,
      target: { description: `≤ ${TARGET_RATIO}x bare ws`, isMet: relay / baseline <= TARGET_RATIO },
    });
  });
  const last = context.plan.idle.levels.length - 1;
  rows.push({
    section,
    label: `of which V8 heap, at the top`,
    relay: median(levelsOf('relay', last).map((level) => level.heapUsedPerConnectionKb)),
    baseline: median(levelsOf('baseline', last).map((level) => level.heapUsedPerConnectionKb)),
    decimals: 1,
    hasRatio: true,
  });
  const measured = { relay: passes.find((pass) => pass.kind === 'relay')! };
  const top = measured.relay.levels.at(-1);
  const generators = context.generators.length;
  const reachesLimit = context.plan.idle.levels.includes(MAX_IDLE_VISITORS);
  const notes: string[] = [
    `Idle: ${reachesLimit ? 'at most' : 'the full run goes up to'} ${MAX_IDLE_VISITORS.toLocaleString('en-US')} visitors, not 20,000: ulimit -n is 20,000 per process (hard; raising it needs CAP_SYS_RESOURCE) and the server needs one descriptor per socket plus its own files.`,
    `Idle: the load comes from ${generators} generator processes (${top ? top.perGenerator.map((n) => n.toLocaleString('en-US')).join(' + ') : '?'} sockets, each under its own fd limit) connecting from ${generators * ADDRESSES_PER_GENERATOR} loopback source addresses (127.0.0.2 onwards), so no address runs out of ephemeral ports.`,
  ];
  notes.push(
    `Idle: RSS delta from a reading after ${context.plan.idle.warmup} warm-up connections were opened and closed, each after two full GCs, median of 3 readings; median of ${context.plan.repeats} pass(es) with fresh servers.`,
  );
  return { name: SCENARIO, rows, notes, details: passes };
}
