import type { LoadResult, TargetKind } from '../generator-protocol.js';
import type { Row, ScenarioResult } from '../report.js';
import { median, summarize, type LatencySummary } from '../stats.js';
import { KINDS, measureCpu, nameOf, progress, withServers, type BenchContext } from './context.js';

/** One load run at a fixed rate against one server. */
interface RoundTripRun {
  kind: TargetKind;
  rate: number;
  repeat: number;
  latency: LatencySummary;
  sent: number;
  timeouts: number;
  errors: number;
  errorSamples: string[];
  serverCpuShare: number;
  /** Server CPU per round trip, in µs. */
  serverCpuPerRoundTripUs: number;
  generatorCpuShare: number;
  maxSendLagMs: number;
}

const SCENARIO = 'round-trip';
/** The latency target: p99 under 10 ms at 1,000 messages/s. */
const TARGET_RATE = 1_000;
const TARGET_P99_MS = 10;
const WARMUP = { rate: 100, durationMs: 1_000 };

/**
 * Round trip shopper → server → agent → server → shopper at fixed rates. Relay: the visitor sends
 * a `message`; an agent-stream subscriber in another process gets it and answers with
 * `POST /v1/agent/conversations/:id/messages`; the visitor's clock stops when the answer arrives.
 * Baseline: the same two hops over bare ws (visitor → server → agent socket → server → visitor).
 */
export async function roundTrip(context: BenchContext): Promise<ScenarioResult> {
  const { plan, generators } = context;
  const [relayVisitors, relayAgent, baselineVisitors, baselineAgent] = generators;
  if (!relayVisitors || !relayAgent || !baselineVisitors || !baselineAgent) throw new Error('round-trip needs 4 generators');
  const visitorsOf = { relay: relayVisitors, baseline: baselineVisitors };
  const runs = await withServers(context, SCENARIO, async (servers) => {
    const { conversations } = plan.roundTrip;
    await Promise.all([
      relayVisitors.call('open', { target: servers.relay.target, count: conversations, mode: 'chat', concurrency: 50 }),
      baselineVisitors.call('open', { target: servers.baseline.target, count: conversations, mode: 'chat', concurrency: 50 }),
      relayAgent.call('agent', { target: servers.relay.target }),
      baselineAgent.call('agent', { target: servers.baseline.target }),
    ]);
    for (const kind of KINDS) {
      await visitorsOf[kind].call('load', { kind, ...WARMUP, graceMs: plan.roundTrip.graceMs, expect: 'reply' });
    }
    const all: RoundTripRun[] = [];
    for (let repeat = 0; repeat < plan.repeats; repeat++) {
      for (const rate of plan.roundTrip.rates) {
        for (const kind of KINDS) {
          const { result, cpuShare, cpuMs } = await measureCpu(servers[kind], () =>
            visitorsOf[kind].call('load', {
              kind,
              rate,
              durationMs: plan.roundTrip.durationMs,
              graceMs: plan.roundTrip.graceMs,
              expect: 'reply',
            }),
          );
          const run = toRun(kind, rate, repeat, result, cpuShare, cpuMs);
          all.push(run);
          progress(
            SCENARIO,
            `${nameOf(kind)} ${rate}/s: p50 ${run.latency.p50.toFixed(2)} ms, p99 ${run.latency.p99.toFixed(2)} ms, ${run.timeouts} lost, ${run.errors} errors, server CPU ${(cpuShare * 100).toFixed(0)} %`,
          );
        }
      }
    }
    return all;
  });

  const rows: Row[] = [];
  for (const rate of plan.roundTrip.rates) {
    const medianOf = (kind: TargetKind, pick: (run: RoundTripRun) => number) =>
      median(runs.filter((run) => run.kind === kind && run.rate === rate).map(pick));
    const section = 'Round trip visitor → agent → visitor (ms)';
    rows.push({
      section,
      label: `${rate.toLocaleString('en-US')}/s p50`,
      relay: medianOf('relay', (run) => run.latency.p50),
      baseline: medianOf('baseline', (run) => run.latency.p50),
      decimals: 2,
      hasRatio: true,
    });
    const relayP99 = medianOf('relay', (run) => run.latency.p99);
    rows.push({
      section,
      label: `${rate.toLocaleString('en-US')}/s p99`,
      relay: relayP99,
      baseline: medianOf('baseline', (run) => run.latency.p99),
      decimals: 2,
      hasRatio: true,
      ...(rate === TARGET_RATE ? { target: { description: `< ${TARGET_P99_MS} ms`, isMet: relayP99 < TARGET_P99_MS } } : {}),
    });
  }
  const topRate = Math.max(...plan.roundTrip.rates);
  rows.push({
    section: 'Round trip visitor → agent → visitor (ms)',
    label: `server CPU per round trip at ${topRate.toLocaleString('en-US')}/s (µs)`,
    relay: median(runs.filter((run) => run.kind === 'relay' && run.rate === topRate).map((run) => run.serverCpuPerRoundTripUs)),
    baseline: median(runs.filter((run) => run.kind === 'baseline' && run.rate === topRate).map((run) => run.serverCpuPerRoundTripUs)),
    decimals: 0,
    hasRatio: true,
  });
  const lost = runs.filter((run) => run.timeouts > 0 || run.errors > 0);
  const notes = [
    `Round trip: a rate is visitor messages per second over ${plan.roundTrip.conversations} conversations; each one is answered, so the relay stores two messages and serves one HTTP request per round trip. Latency counts from each message's scheduled send time; medians of ${plan.repeats} run(s) of ${plan.roundTrip.durationMs / 1000} s.`,
    ...lost.map((run) => `Round trip: ${nameOf(run.kind)} at ${run.rate}/s (run ${run.repeat + 1}) lost ${run.timeouts} and saw ${run.errors} errors (${run.errorSamples.join('; ')})`),
  ];
  return { name: SCENARIO, rows, notes, details: runs };
}

function toRun(kind: TargetKind, rate: number, repeat: number, result: LoadResult, serverCpuShare: number, cpuMs: number): RoundTripRun {
  return {
    kind,
    rate,
    repeat,
    latency: summarize([result.latenciesMs], result.timeouts),
    sent: result.sent,
    timeouts: result.timeouts,
    errors: result.errors,
    errorSamples: result.errorSamples,
    serverCpuShare,
    serverCpuPerRoundTripUs: result.latenciesMs.length > 0 ? (cpuMs * 1000) / result.latenciesMs.length : Number.NaN,
    generatorCpuShare: result.cpuShare,
    maxSendLagMs: result.maxSendLagMs,
  };
}
