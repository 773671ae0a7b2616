import type { Generator } from '../generator-pool.js';
import type { TargetKind } from '../generator-protocol.js';
import type { Row, ScenarioResult } from '../report.js';
import type { ServerUnderTest } from '../servers.js';
import { median, summarize, type LatencySummary } from '../stats.js';
import { delay, KINDS, measureCpu, nameOf, progress, withServers, type BenchContext } from './context.js';

/** One step of the rate search. */
interface Step {
  rate: number;
  latency: LatencySummary;
  sent: number;
  timeouts: number;
  errors: number;
  errorSamples: string[];
  isPass: boolean;
  serverCpuShare: number;
  /** Server CPU per answered message, in µs. */
  serverCpuPerMessageUs: number;
  /** Bytes the server wrote to disk per answered message (/proc/<pid>/io write_bytes). */
  diskBytesPerMessage: number;
  generatorCpuShare: number;
}

/** One search for the highest rate that still meets the p99 limit. */
interface Search {
  kind: TargetKind;
  repeat: number;
  /** The highest rate that passed (0 when even the first failed). */
  maxRate: number;
  /** The highest passing step. */
  top: Step | undefined;
  /** Whether the load generator, not the server, was the limit at the top (it used ≥ 90 % of a core). */
  isGeneratorBound: boolean;
  /** Whether a step failed at all; if not, `maxRate` is only a lower bound (the step budget ran out). */
  foundLimit: boolean;
  steps: Step[];
}

const SCENARIO = 'throughput';
const TARGET_RATIO = 0.5;
/** After a step, let any backlog drain before the next. */
const PAUSE_MS = 500;

async function runStep(context: BenchContext, generator: Generator, server: ServerUnderTest, kind: TargetKind, rate: number): Promise<Step> {
  const { stepMs, p99LimitMs } = context.plan.throughput;
  const { result, cpuMs, cpuShare, diskBytes } = await measureCpu(server, () =>
    generator.call('load', { kind, rate, durationMs: stepMs, graceMs: 1_000, expect: 'ack' }),
  );
  const latency = summarize([result.latenciesMs], result.timeouts);
  const answered = result.latenciesMs.length;
  return {
    rate,
    latency,
    sent: result.sent,
    timeouts: result.timeouts,
    errors: result.errors,
    errorSamples: result.errorSamples,
    isPass: result.errors === 0 && result.timeouts === 0 && latency.p99 < p99LimitMs,
    serverCpuShare: cpuShare,
    serverCpuPerMessageUs: answered > 0 ? (cpuMs * 1000) / answered : Number.NaN,
    diskBytesPerMessage: answered > 0 ? diskBytes / answered : Number.NaN,
    generatorCpuShare: result.cpuShare,
  };
}

function logStep(kind: TargetKind, step: Step): void {
  progress(
    SCENARIO,
    `${nameOf(kind)} ${step.rate.toLocaleString('en-US')}/s: p99 ${step.latency.p99.toFixed(1)} ms, ${step.timeouts} lost, ${step.errors} errors, server CPU ${(step.serverCpuShare * 100).toFixed(0)} %, generator CPU ${(step.generatorCpuShare * 100).toFixed(0)} % → ${step.isPass ? 'pass' : 'fail'}`,
  );
}

/**
 * Raises the rate by `factor` while steps pass, then bisects between the last pass and the first
 * failure until they are within `resolution` of each other. A step passes when every message was
 * answered, none got an error and p99 stayed under the limit; a failed step is run once more
 * before the rate counts as failed.
 */
async function search(context: BenchContext, generator: Generator, server: ServerUnderTest, kind: TargetKind, repeat: number, startRate: number): Promise<Search> {
  const { factor, resolution, maxSteps } = context.plan.throughput;
  const steps: Step[] = [];
  let pass: Step | undefined;
  let failRate: number | undefined;
  let rate = startRate;
  while (steps.length < maxSteps) {
    let step = await runStep(context, generator, server, kind, Math.round(rate));
    if (!step.isPass && steps.length + 1 < maxSteps) {
      // One bad step can be a hiccup of the shared machine: a rate fails only if it fails twice.
      steps.push(step);
      logStep(kind, step);
      await delay(PAUSE_MS);
      step = await runStep(context, generator, server, kind, step.rate);
    }
    steps.push(step);
    logStep(kind, step);
    await delay(PAUSE_MS);
    if (step.isPass) {
      if (!pass || step.rate > pass.rate) pass = step;
    } else {
      failRate = Math.min(failRate ?? Number.POSITIVE_INFINITY, step.rate);
    }
    if (failRate === undefined) rate = step.rate * factor;
    else if (!pass) rate = step.rate / factor;
    else if (failRate / pass.rate <= resolution) break;
    else rate = Math.sqrt(pass.rate * failRate);
    if (!pass && rate < 10) break;
  }
  return {
    kind,
    repeat,
    maxRate: pass?.rate ?? 0,
    top: pass,
    isGeneratorBound: (pass?.generatorCpuShare ?? 0) >= 0.9,
    foundLimit: failRate !== undefined,
    steps,
  };
}

/**
 * Maximum sustained messages per second with p99 under 50 ms. Relay: a visitor sends a `message`
 * and waits for its `ack`, which the relay sends only after the durable commit. Baseline: the same
 * frame, echoed by bare ws (/echo). Each repeat searches both, relay first.
 */
export async function throughput(context: BenchContext): Promise<ScenarioResult> {
  const { plan, generators } = context;
  const generatorOf = { relay: generators[0]!, baseline: generators[2]! };
  const searches = await withServers(context, SCENARIO, async (servers) => {
    const { connections } = plan.throughput;
    await Promise.all([
      generatorOf.relay.call('open', { target: servers.relay.target, count: connections, mode: 'chat', concurrency: 50 }),
      generatorOf.baseline.call('open', { target: servers.baseline.target, count: connections, mode: 'plain', concurrency: 50 }),
    ]);
    const all: Search[] = [];
    for (let repeat = 0; repeat < plan.repeats; repeat++) {
      for (const kind of KINDS) {
        // Later repeats start below the first result, so they spend their steps near the limit.
        const first = all.find((earlier) => earlier.kind === kind);
        const startRate = first && first.maxRate > 0 ? Math.max(plan.throughput.startRate, first.maxRate / plan.throughput.factor ** 2) : plan.throughput.startRate;
        const result = await search(context, generatorOf[kind], servers[kind], kind, repeat, startRate);
        all.push(result);
        progress(SCENARIO, `${nameOf(kind)}: ${result.maxRate.toLocaleString('en-US')} msg/s sustained${result.isGeneratorBound ? ' (generator-bound)' : ''}`);
      }
    }
    return all;
  });

  const maxOf = (kind: TargetKind) => median(searches.filter((s) => s.kind === kind).map((s) => s.maxRate));
  const atTop = (kind: TargetKind, pick: (step: Step) => number) =>
    median(searches.filter((s) => s.kind === kind && s.top !== undefined).map((s) => pick(s.top!)));
  const relayMax = maxOf('relay');
  const baselineMax = maxOf('baseline');
  const section = `Throughput: highest rate with p99 < ${plan.throughput.p99LimitMs} ms (msg/s)`;
  const rows: Row[] = [
    {
      section,
      label: 'relay: send → durable ack; bare ws: echo',
      relay: relayMax,
      baseline: baselineMax,
      decimals: 0,
      hasRatio: true,
      target: { description: `≥ ${TARGET_RATIO}x bare ws`, isMet: relayMax / baselineMax >= TARGET_RATIO },
    },
    {
      section,
      label: 'server CPU per message at that rate (µs)',
      relay: atTop('relay', (step) => step.serverCpuPerMessageUs),
      baseline: atTop('baseline', (step) => step.serverCpuPerMessageUs),
      decimals: 0,
      hasRatio: true,
    },
    {
      section,
      label: 'bytes written to disk per message at that rate',
      relay: atTop('relay', (step) => step.diskBytesPerMessage),
      baseline: atTop('baseline', (step) => step.diskBytesPerMessage),
      decimals: 0,
      hasRatio: false,
    },
  ];
  const generatorBound = searches.filter((s) => s.isGeneratorBound);
  const notes = [
    `Throughput: ${plan.throughput.connections} connections, steps of ${plan.throughput.stepMs / 1000} s, rate ×${plan.throughput.factor} per passing step then bisected; median of ${plan.repeats} search(es). CPU and disk bytes per message: at the highest passing step, from /proc/<pid>/stat and /proc/<pid>/io (write_bytes).`,
  ];
  if (generatorBound.length > 0) {
    notes.push(
      `Throughput: the load generator used ≥ 90 % of a core at the top in ${generatorBound.map((s) => `${nameOf(s.kind)} run ${s.repeat + 1}`).join(', ')}: that maximum is a lower bound (2 cores shared by server and generator).`,
    );
  }
  const unbounded = searches.filter((s) => !s.foundLimit);
  if (unbounded.length > 0) {
    notes.push(
      `Throughput: no step failed within ${plan.throughput.maxSteps} steps in ${unbounded.map((s) => `${nameOf(s.kind)} run ${s.repeat + 1}`).join(', ')}: that maximum is only a lower bound.`,
    );
  }
  return { name: SCENARIO, rows, notes, details: searches };
}
