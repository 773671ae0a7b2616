import type { ResumeResult, TargetKind } from '../generator-protocol.js';
import type { Row, ScenarioResult } from '../report.js';
import type { ServerUnderTest } from '../servers.js';
import { listenCountersSince, readListenCounters, type ListenCounters } from '../children.js';
import { median, summarize, type LatencySummary } from '../stats.js';
import { delay, KINDS, nameOf, progress, shares, withServers, type BenchContext } from './context.js';

/** One storm against one server. */
interface Storm {
  kind: TargetKind;
  repeat: number;
  /** Reconnects were spread at random over this many ms (0: all at the same instant). */
  jitterMs: number;
  visitors: number;
  /** Agent messages posted while the visitors were away (relay only). */
  postedAway: number;
  postFailures: number;
  /** From the reconnect command until the last visitor had resumed completely, in ms. */
  elapsedMs: number;
  complete: number;
  missing: number;
  duplicates: number;
  outOfOrder: number;
  retries: number;
  notResumed: number;
  /** Per visitor, ms until it had resumed completely. */
  completion: LatencySummary;
  /** What the kernel counted during the reconnect (system-wide). */
  kernel: ListenCounters;
  errors: string[];
}

const SCENARIO = 'storm';
const TARGET_MS = 10_000;
const DRAIN_TIMEOUT_MS = 30_000;

/** Waits until the relay has noticed every dropped socket (its /healthz counts 0 visitors). */
async function waitUntilEmpty(server: ServerUnderTest): Promise<void> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const count = await server.visitorCount();
    if (count === undefined || count === 0) return;
    await delay(50);
  }
  throw new Error(`the relay still counted visitors ${DRAIN_TIMEOUT_MS} ms after they were dropped`);
}

function sum(results: readonly ResumeResult[], pick: (result: ResumeResult) => number): number {
  return results.reduce((total, result) => total + pick(result), 0);
}

/**
 * Reconnect storm: every visitor is cut at once from the client side (`terminate()`; the server
 * process keeps running); while they are away the agent posts into each relay conversation; then
 * all reconnect (each variant of `plan.storm.jitterMs`: 0 = at the same instant, the worst case;
 * 500 = like the SDK, which spreads first retries over 500 ms) and resume with their token and
 * `lastSeq`. Done when every visitor holds every message
 * posted while it was away. Failed attempts retry with the SDK's backoff. Baseline: the same
 * sockets and timing on bare ws with a `hello`/`welcome` exchange and nothing to replay.
 */
export async function reconnectStorm(context: BenchContext): Promise<ScenarioResult> {
  const { plan, generators } = context;
  const storms = await withServers(context, SCENARIO, async (servers) => {
    const counts = shares(plan.storm.visitors, generators.length);
    for (const kind of KINDS) {
      await Promise.all(
        generators.map((generator, i) => generator.call('open', { target: servers[kind].target, count: counts[i]!, mode: 'chat', concurrency: 50 })),
      );
    }
    const all: Storm[] = [];
    for (let repeat = 0; repeat < plan.repeats; repeat++) {
      for (const jitterMs of plan.storm.jitterMs) for (const kind of KINDS) {
        const server = servers[kind];
        await Promise.all(generators.map((generator) => generator.call('drop', { kind })));
        await waitUntilEmpty(server);
        const posts = await Promise.all(
          generators.map((generator) => generator.call('post-away', { kind, perVisitor: plan.storm.awayPerVisitor, concurrency: 8 })),
        );
        const countersBefore = readListenCounters();
        const results = await Promise.all(
          generators.map((generator) => generator.call('resume', { kind, jitterMs, timeoutMs: plan.storm.timeoutMs })),
        );
        const kernel = listenCountersSince(countersBefore);
        const storm: Storm = {
          kind,
          repeat,
          jitterMs,
          visitors: sum(results, (r) => r.visitors),
          postedAway: posts.reduce((total, p) => total + p.posted, 0),
          postFailures: posts.reduce((total, p) => total + p.failed, 0),
          elapsedMs: Math.max(...results.map((r) => r.elapsedMs)),
          complete: sum(results, (r) => r.complete),
          missing: sum(results, (r) => r.missing),
          duplicates: sum(results, (r) => r.duplicates),
          outOfOrder: sum(results, (r) => r.outOfOrder),
          retries: sum(results, (r) => r.retries),
          notResumed: sum(results, (r) => r.notResumed),
          completion: summarize(results.map((r) => r.completionMs)),
          kernel,
          errors: [...new Set([...results.flatMap((r) => r.errors), ...posts.flatMap((p) => p.errors)])].slice(0, 5),
        };
        all.push(storm);
        progress(
          SCENARIO,
          `${nameOf(kind)}, jitter ${jitterMs} ms: ${storm.complete}/${storm.visitors} resumed in ${storm.elapsedMs.toFixed(0)} ms (per visitor p50 ${storm.completion.p50.toFixed(0)} ms); ${storm.postedAway} posted while away, ${storm.missing} missing, ${storm.duplicates} doubled, ${storm.outOfOrder} out of order, ${storm.retries} retries; kernel: ${kernel.listenOverflows} accept-queue overflows, ${kernel.synRetransmits} SYN retransmits`,
        );
      }
    }
    return all;
  });

  const rows: Row[] = [];
  for (const jitterMs of plan.storm.jitterMs) {
    const of = (kind: TargetKind) => storms.filter((s) => s.kind === kind && s.jitterMs === jitterMs);
    const medianOf = (kind: TargetKind, pick: (storm: Storm) => number) => median(of(kind).map(pick));
    const totalOf = (kind: TargetKind, pick: (storm: Storm) => number) => of(kind).reduce((total, s) => total + pick(s), 0);
    const relayElapsed = medianOf('relay', (s) => (s.complete === s.visitors ? s.elapsedMs : Number.POSITIVE_INFINITY));
    const relayFaults = totalOf('relay', (s) => s.missing + s.duplicates + s.outOfOrder + s.notResumed + (s.visitors - s.complete));
    const how = jitterMs === 0 ? 'all reconnect at once' : `reconnects spread over ${jitterMs} ms like the SDK's`;
    const section = `Reconnect storm: ${plan.storm.visitors.toLocaleString('en-US')} visitors dropped at once, ${how}`;
    rows.push(
      {
        section,
        label: 'ms until all resumed, nothing missing',
        relay: relayElapsed,
        baseline: medianOf('baseline', (s) => s.elapsedMs),
        decimals: 0,
        hasRatio: true,
        // The target is judged on the harder variant.
        ...(jitterMs === Math.min(...plan.storm.jitterMs)
          ? { target: { description: `≤ ${TARGET_MS / 1000} s, nothing lost or doubled`, isMet: relayElapsed <= TARGET_MS && relayFaults === 0 } }
          : {}),
      },
      {
        section,
        label: 'per visitor: ms until resumed, p50',
        relay: medianOf('relay', (s) => s.completion.p50),
        baseline: medianOf('baseline', (s) => s.completion.p50),
        decimals: 0,
        hasRatio: true,
      },
      {
        section,
        label: 'messages posted while away (all runs)',
        relay: totalOf('relay', (s) => s.postedAway),
        baseline: 0,
        decimals: 0,
        hasRatio: false,
      },
      {
        section,
        label: 'missing + doubled + out of order (all runs)',
        relay: totalOf('relay', (s) => s.missing + s.duplicates + s.outOfOrder),
        baseline: totalOf('baseline', (s) => s.missing + s.duplicates + s.outOfOrder),
        decimals: 0,
        hasRatio: false,
      },
      {
        section,
        label: 'SYNs retransmitted (accept queue full)',
        relay: medianOf('relay', (s) => s.kernel.synRetransmits),
        baseline: medianOf('baseline', (s) => s.kernel.synRetransmits),
        decimals: 0,
        hasRatio: false,
      },
    );
  }
  const notes = [
    `Storm: ${plan.storm.awayPerVisitor} agent message(s) per relay conversation posted over the agent API while its visitor was away; the baseline has no store, so it only reconnects and exchanges hello/welcome. Failed attempts retry with the SDK's backoff. SYN retransmits are the kernel's count (/proc/net/netstat, whole machine) during the reconnect. Median of ${plan.repeats} storm(s).`,
    ...storms
      .filter((s) => s.complete < s.visitors || s.errors.length > 0)
      .map((s) => `Storm: ${nameOf(s.kind)} run ${s.repeat + 1}, jitter ${s.jitterMs} ms: ${s.complete}/${s.visitors} complete; errors seen: ${s.errors.join('; ') || 'none'}`),
  ];
  return { name: SCENARIO, rows, notes, details: storms };
}
