import { resolve } from 'node:path';
import { DEFAULT_RELAY_CLI } from './servers.js';

/** The scenarios, in the order they run. */
export const SCENARIOS = ['idle', 'round-trip', 'throughput', 'storm', 'fan-out'] as const;
/** One scenario's name, as given to `--only`. */
export type ScenarioName = (typeof SCENARIOS)[number];

/**
 * The largest number of idle visitors: the relay needs one file descriptor per socket, and
 * `ulimit -n` is 20,000 per process on the benchmark machine (hard limit; raising it needs
 * CAP_SYS_RESOURCE). 19,500 leaves room for the database, log, listening socket and stdio.
 */
export const MAX_IDLE_VISITORS = 19_500;

/** How big and how long each scenario is. */
export interface BenchPlan {
  name: 'full' | 'quick' | 'smoke';
  /** Short runs per figure (alternating relay and baseline); the table shows the median. */
  repeats: number;
  /** Load generator processes (at least 4: the round trip uses a visitor and an agent process per server). */
  generators: number;
  idle: {
    /** Visitor counts at which resident memory is read. */
    levels: number[];
    /** Sockets opened and closed before the reference reading, so start-up allocations are not charged to connections. */
    warmup: number;
    /** Handshakes in flight per generator (4 generators × 50 stays under the listen backlog of 511). */
    concurrency: number;
    /** Wait after the last connection before the garbage collection and the reading. */
    settleMs: number;
  };
  roundTrip: { conversations: number; rates: number[]; durationMs: number; graceMs: number };
  throughput: {
    connections: number;
    /** First rate tried; each pass multiplies it by `factor` until a step fails, then the gap is bisected. */
    startRate: number;
    factor: number;
    /** Stop refining when the failing rate is within this factor of the passing one. */
    resolution: number;
    maxSteps: number;
    stepMs: number;
    p99LimitMs: number;
  };
  storm: {
    visitors: number;
    awayPerVisitor: number;
    /** Variants: reconnects spread at random over this many ms (0: all at the same instant). */
    jitterMs: number[];
    timeoutMs: number;
  };
  fanOut: { tabs: number[]; posts: number; gapMs: number };
}

const FULL: BenchPlan = {
  name: 'full',
  repeats: 3,
  generators: 4,
  idle: { levels: [1_000, 10_000, MAX_IDLE_VISITORS], warmup: 1_000, concurrency: 50, settleMs: 2_000 },
  roundTrip: { conversations: 200, rates: [100, 500, 1_000], durationMs: 5_000, graceMs: 2_000 },
  throughput: { connections: 200, startRate: 500, factor: 1.6, resolution: 1.1, maxSteps: 16, stepMs: 3_000, p99LimitMs: 50 },
  storm: { visitors: 5_000, awayPerVisitor: 1, jitterMs: [0, 500], timeoutMs: 60_000 },
  fanOut: { tabs: [5, 20], posts: 100, gapMs: 10 },
};

const QUICK: BenchPlan = {
  name: 'quick',
  repeats: 1,
  generators: 4,
  idle: { levels: [1_000], warmup: 500, concurrency: 50, settleMs: 1_000 },
  roundTrip: { conversations: 100, rates: [100, 1_000], durationMs: 2_000, graceMs: 1_000 },
  throughput: { connections: 100, startRate: 1_000, factor: 2, resolution: 1.25, maxSteps: 8, stepMs: 1_000, p99LimitMs: 50 },
  storm: { visitors: 1_000, awayPerVisitor: 1, jitterMs: [0], timeoutMs: 30_000 },
  fanOut: { tabs: [5, 20], posts: 30, gapMs: 10 },
};

/** Tiny counts for the smoke test: checks the harness works, not how fast anything is. */
const SMOKE: BenchPlan = {
  name: 'smoke',
  repeats: 1,
  generators: 4,
  idle: { levels: [40, 80], warmup: 10, concurrency: 10, settleMs: 200 },
  roundTrip: { conversations: 10, rates: [50], durationMs: 600, graceMs: 2_000 },
  throughput: { connections: 10, startRate: 100, factor: 2, resolution: 1.5, maxSteps: 3, stepMs: 400, p99LimitMs: 50 },
  storm: { visitors: 40, awayPerVisitor: 2, jitterMs: [0], timeoutMs: 20_000 },
  fanOut: { tabs: [3], posts: 5, gapMs: 5 },
};

/** Everything `pnpm bench` can be told. */
export interface BenchOptions {
  plan: BenchPlan;
  scenarios: ScenarioName[];
  /** Also write every measurement as JSON here. */
  jsonPath: string | undefined;
  /** Write a V8 CPU profile of each relay process here (`node --cpu-prof`). */
  profileDir: string | undefined;
  relayCli: string;
  /** The relay's per-connection message rate: the highest it accepts, so only the server limits the benchmark. */
  messagesPerMinute: number;
}

/** `pnpm bench --help`. */
export const USAGE = `Usage: pnpm bench [options]

Starts the real relay (packages/relay/dist/cli.js; run pnpm build first) and a bare ws server,
loads both from separate generator processes on loopback, and prints them side by side.

  --quick              a smoke-sized run of about a minute (default: the full run, about 10 minutes)
  --only <list>        run only these scenarios: ${SCENARIOS.join(', ')}
  --repeats <n>        short runs per figure; the median is reported (default 3, quick 1)
  --json <file>        also write every measurement as JSON
  --profile <dir>      write a CPU profile of each relay process there (node --cpu-prof)
  --relay-cli <path>   the relay CLI to start (default packages/relay/dist/cli.js)
  --smoke              tiny counts, for the harness's own test
  --help               this text
`;

/** Resolves a path given on the command line against where `pnpm bench` was typed (pnpm runs the script in packages/bench). */
function fromInvocationDir(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

/** Reads the command line; throws an Error naming a bad argument. */
export function parseOptions(argv: readonly string[]): BenchOptions | 'help' {
  let plan = FULL;
  let repeats: number | undefined;
  let scenarios: ScenarioName[] = [...SCENARIOS];
  let jsonPath: string | undefined;
  let profileDir: string | undefined;
  let relayCli = DEFAULT_RELAY_CLI;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    switch (arg) {
      case '--':
        break;
      case '--quick':
        plan = QUICK;
        break;
      case '--smoke':
        plan = SMOKE;
        break;
      case '--only':
        scenarios = value().split(',').map((name) => {
          if (!(SCENARIOS as readonly string[]).includes(name)) throw new Error(`--only: unknown scenario "${name}"; use ${SCENARIOS.join(', ')}`);
          return name as ScenarioName;
        });
        break;
      case '--repeats':
        repeats = Number(value());
        if (!Number.isInteger(repeats) || repeats < 1 || repeats > 9) throw new Error('--repeats takes an integer from 1 to 9');
        break;
      case '--json':
        jsonPath = fromInvocationDir(value());
        break;
      case '--profile':
        profileDir = fromInvocationDir(value());
        break;
      case '--relay-cli':
        relayCli = fromInvocationDir(value());
        break;
      case '--help':
      case '-h':
        return 'help';
      default:
        throw new Error(`Unknown argument "${arg}"; run pnpm bench --help`);
    }
  }
  return {
    plan: repeats === undefined ? plan : { ...plan, repeats },
    scenarios,
    jsonPath,
    profileDir,
    relayCli,
    messagesPerMinute: 100_000,
  };
}
