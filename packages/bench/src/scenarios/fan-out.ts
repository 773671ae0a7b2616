import type { TargetKind } from '../generator-protocol.js';
import type { Row, ScenarioResult } from '../report.js';
import { median, summarize, type LatencySummary } from '../stats.js';
import { KINDS, nameOf, progress, withServers, type BenchContext } from './context.js';

/** One series of posts into a conversation open in several tabs. */
interface FanOutRun {
  kind: TargetKind;
  tabs: number;
  repeat: number;
  latency: LatencySummary;
  incomplete: number;
  errors: string[];
}

const SCENARIO = 'fan-out';

/**
 * Fan-out to the tabs of one shopper: one conversation open in N tabs (the first tab's token shared
 * by the others); the agent posts one message at a time (relay: HTTP API; baseline: a frame on the
 * agent socket); the clock stops when the last tab has it.
 */
export async function fanOut(context: BenchContext): Promise<ScenarioResult> {
  const { plan, generators } = context;
  const generator = generators[0]!;
  const runs = await withServers(context, SCENARIO, async (servers) => {
    const all: FanOutRun[] = [];
    for (let repeat = 0; repeat < plan.repeats; repeat++) {
      for (const tabs of plan.fanOut.tabs) {
        for (const kind of KINDS) {
          const result = await generator.call('fan-out', { target: servers[kind].target, tabs, posts: plan.fanOut.posts, gapMs: plan.fanOut.gapMs });
          const run: FanOutRun = { kind, tabs, repeat, latency: summarize([result.latenciesMs], result.incomplete), incomplete: result.incomplete, errors: result.errors };
          all.push(run);
          progress(SCENARIO, `${nameOf(kind)} ${tabs} tabs: p50 ${run.latency.p50.toFixed(2)} ms, p99 ${run.latency.p99.toFixed(2)} ms${run.incomplete ? `, ${run.incomplete} incomplete` : ''}`);
        }
      }
    }
    return all;
  });
  const rows: Row[] = [];
  for (const tabs of plan.fanOut.tabs) {
    const medianOf = (kind: TargetKind, pick: (run: FanOutRun) => number) => median(runs.filter((r) => r.kind === kind && r.tabs === tabs).map(pick));
    const section = 'Fan-out: agent post → every tab has it (ms)';
    rows.push(
      { section, label: `1 conversation × ${tabs} tabs, p50`, relay: medianOf('relay', (r) => r.latency.p50), baseline: medianOf('baseline', (r) => r.latency.p50), decimals: 2, hasRatio: true },
      { section, label: `1 conversation × ${tabs} tabs, p99`, relay: medianOf('relay', (r) => r.latency.p99), baseline: medianOf('baseline', (r) => r.latency.p99), decimals: 2, hasRatio: true },
    );
  }
  const notes = [
    `Fan-out: ${plan.fanOut.posts} posts per series, one at a time, ${plan.fanOut.gapMs} ms apart; the relay's includes the HTTP request and the durable commit. Median of ${plan.repeats} series.`,
    ...runs.filter((r) => r.incomplete > 0 || r.errors.length > 0).map((r) => `Fan-out: ${nameOf(r.kind)} ${r.tabs} tabs run ${r.repeat + 1}: ${r.incomplete} posts did not reach every tab; ${r.errors.join('; ')}`),
  ];
  return { name: SCENARIO, rows, notes, details: runs };
}
