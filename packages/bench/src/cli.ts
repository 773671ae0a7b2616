// `pnpm bench`: starts the real relay and a bare ws baseline, loads both from separate generator
// processes on loopback, prints the figures side by side. Every child is started and stopped here
// (children.ts); Ctrl-C, a failure or a crash stops them by PID and removes the temp folders.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createdTempDirectories, log, removeTempDirs, startedChildren, stopAll } from './children.js';
import { startGenerators, type Generator } from './generator-pool.js';
import type { TargetKind } from './generator-protocol.js';
import { parseOptions, USAGE, type BenchOptions, type ScenarioName } from './options.js';
import {
  renderHeapSummary,
  renderProfileSummary,
  summarizeHeapSnapshot,
  summarizeProfile,
  type HeapSummary,
  type ProfileSummary,
} from './profile-summary.js';
import { renderRunInfo, renderTable, type RunInfo, type ScenarioResult } from './report.js';
import { fanOut } from './scenarios/fan-out.js';
import { idleMemory } from './scenarios/idle-memory.js';
import { reconnectStorm } from './scenarios/reconnect-storm.js';
import { roundTrip } from './scenarios/round-trip.js';
import { throughput } from './scenarios/throughput.js';
import type { BenchContext } from './scenarios/context.js';
import { startBaseline, startRelay } from './servers.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const EXIT_INTERRUPTED = 130;

const SCENARIO_RUNNERS: Record<ScenarioName, (context: BenchContext) => Promise<ScenarioResult>> = {
  idle: idleMemory,
  'round-trip': roundTrip,
  throughput,
  storm: reconnectStorm,
  'fan-out': fanOut,
};

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown (git unavailable)';
  }
}

function openFilesLimit(): string {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const [soft, hard] = line?.split(/\s{2,}/).slice(1, 3) ?? [];
    return `${soft} soft / ${hard} hard`;
  } catch {
    return 'unknown';
  }
}

/** When the relay's dist was last written: the newest file in it (the code actually measured). */
function builtAt(cliPath: string): string {
  try {
    const dist = dirname(cliPath);
    const newest = readdirSync(dist, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.js'))
      .reduce((latest, file) => Math.max(latest, statSync(join(dist, file)).mtimeMs), 0);
    return new Date(newest).toISOString();
  } catch {
    return 'unknown';
  }
}

function runInfo(options: BenchOptions, startedAt: Date): RunInfo {
  const cores = cpus();
  const changed = git(['status', '--short', 'packages/relay']);
  return {
    plan: options.plan.name,
    startedAt: startedAt.toISOString(),
    durationS: (Date.now() - startedAt.getTime()) / 1000,
    cpus: `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}`,
    node: process.version,
    openFilesLimit: openFilesLimit(),
    relayCommit: git(['log', '-1', '--oneline']),
    relayWorkingTree: changed === '' ? 'clean' : `${changed.split('\n').length} uncommitted change(s) (git status --short packages/relay)`,
    relayChanges: changed === '' ? [] : changed.split('\n').map((line) => line.trim()),
    relayBuiltAt: builtAt(options.relayCli),
  };
}

async function teardown(generators: readonly Generator[]): Promise<void> {
  await Promise.all(generators.map((generator) => generator.stop()));
  await stopAll();
  await removeTempDirs();
}

let isInterrupted = false;

function onInterrupt(signal: NodeJS.Signals): void {
  if (isInterrupted) return;
  isInterrupted = true;
  // Whatever the scenarios do while their servers go away, the run ends as interrupted.
  process.exitCode = EXIT_INTERRUPTED;
  log(`${signal}: stopping every process this run started`);
  void stopAll(3_000)
    .then(removeTempDirs)
    .finally(() => process.exit(EXIT_INTERRUPTED));
}

async function main(argv: readonly string[]): Promise<number> {
  let options: BenchOptions | 'help';
  try {
    options = parseOptions(argv);
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  const startedAt = new Date();
  const profileDir = options.profileDir === undefined ? undefined : resolve(options.profileDir);
  if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true });
  const { relayCli, messagesPerMinute } = options;
  const startServer = (kind: TargetKind, label: string) =>
    kind === 'relay' ? startRelay({ cliPath: relayCli, messagesPerMinute, label, ...(profileDir === undefined ? {} : { profileDir }) }) : startBaseline(label);

  const generators = await startGenerators(options.plan.generators);
  const context: BenchContext = { plan: options.plan, generators, startServer, profileDir };
  const results: ScenarioResult[] = [];
  const failures: string[] = [];
  try {
    for (const name of options.scenarios) {
      log(`scenario ${name} (${options.plan.name})`);
      try {
        results.push(await SCENARIO_RUNNERS[name](context));
      } catch (error) {
        failures.push(`${name}: ${(error as Error).stack ?? String(error)}`);
        log(`scenario ${name} failed: ${(error as Error).message}`);
      }
    }
  } finally {
    await teardown(generators);
  }

  const info = runInfo(options, startedAt);
  const out = [renderRunInfo(info), '', renderTable(results), ''];
  for (const result of results) out.push(...result.notes.map((note) => `- ${note}`));
  for (const failure of failures) out.push(`- FAILED ${failure}`);
  const profiles: { file: string; summary: ProfileSummary | HeapSummary }[] = [];
  if (profileDir !== undefined) {
    for (const file of readdirSync(profileDir).sort()) {
      if (file.endsWith('.cpuprofile')) {
        const summary = summarizeProfile(join(profileDir, file), 15);
        profiles.push({ file, summary });
        out.push('', renderProfileSummary(file, summary));
      } else if (file.endsWith('.heapsnapshot')) {
        const summary = summarizeHeapSnapshot(join(profileDir, file), 30);
        const connections = Number(/-(\d+)\.heapsnapshot$/.exec(file)?.[1]);
        profiles.push({ file, summary });
        out.push('', renderHeapSummary(file, summary, connections > 0 ? connections : undefined));
      }
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
  if (options.jsonPath !== undefined) {
    const report = { info, plan: options.plan, results, failures, profiles, children: startedChildren(), tempDirs: createdTempDirectories() };
    writeFileSync(options.jsonPath, `${JSON.stringify(report, (_, value: unknown) => (value instanceof Float64Array ? undefined : value), 2)}\n`);
  }
  return failures.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = isInterrupted ? EXIT_INTERRUPTED : code;
  },
  async (error: unknown) => {
    process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
    await stopAll(3_000);
    await removeTempDirs();
    process.exitCode = isInterrupted ? EXIT_INTERRUPTED : 1;
  },
);
