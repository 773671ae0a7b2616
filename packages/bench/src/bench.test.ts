import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Runs the real `pnpm bench` harness with tiny counts (--smoke) so CI keeps it working. It checks
// that the harness measures something sane and cleans up after itself, never how fast anything is:
// figures on a shared CI machine mean nothing.

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const cli = join(benchDir, 'dist/cli.js');
const relayCli = fileURLToPath(new URL('../../relay/dist/cli.js', import.meta.url));

interface Row {
  section: string;
  label: string;
  relay: number | null;
  baseline: number | null;
}

interface Report {
  results: { name: string; rows: Row[]; details: unknown }[];
  failures: string[];
  children: { name: string; pid: number }[];
  tempDirs: string[];
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Runs the bench CLI; `interruptWhen` sends SIGINT once stderr matches it. */
function runBench(args: string[], interruptWhen?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: benchDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let isInterrupted = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (interruptWhen && !isInterrupted && interruptWhen.test(stderr)) {
        isInterrupted = true;
        child.kill('SIGINT');
      }
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bench did not finish in time:\n${stderr}`));
    }, 100_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function pidsIn(stderr: string): number[] {
  return [...stderr.matchAll(/\(pid (\d+)\)/g)].map((match) => Number(match[1]));
}

let workDir: string;

beforeAll(() => {
  if (!existsSync(relayCli)) throw new Error(`The relay is not built (${relayCli}); run pnpm build first`);
  // The harness runs as compiled JavaScript in child processes; make sure it is current.
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b', benchDir], { stdio: 'inherit' });
  workDir = mkdtempSync(join(tmpdir(), 'confab-bench-test-'));
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe('pnpm bench', () => {
  it('measures every scenario against both servers and prints them side by side', async () => {
    const jsonPath = join(workDir, 'report.json');
    const run = await runBench(['--smoke', '--json', jsonPath]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\|\s+\|\s+relay \| bare ws \|\s+ratio \| target/);

    const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as Report;
    expect(report.failures).toEqual([]);
    expect(report.results.map((result) => result.name)).toEqual(['idle', 'round-trip', 'throughput', 'storm', 'fan-out']);
    const row = (scenario: string, label: RegExp) => {
      const found = report.results.find((result) => result.name === scenario)?.rows.find((r) => label.test(r.label));
      if (!found) throw new Error(`no row ${label} in ${scenario}`);
      return found;
    };
    for (const [scenario, label, low, high] of [
      ['idle', /^80 visitors/, 0.1, 1_000],
      ['round-trip', /p50$/, 0.01, 1_000],
      ['round-trip', /p99$/, 0.01, 5_000],
      ['throughput', /durable ack/, 1, 10_000_000],
      ['storm', /all resumed/, 0.1, 20_000],
      ['fan-out', /p50$/, 0.01, 1_000],
    ] as const) {
      const { relay, baseline } = row(scenario, label);
      expect(relay, `${scenario} ${label} relay`).toBeGreaterThan(low);
      expect(relay, `${scenario} ${label} relay`).toBeLessThan(high);
      expect(baseline, `${scenario} ${label} bare ws`).toBeGreaterThan(low);
      expect(baseline, `${scenario} ${label} bare ws`).toBeLessThan(high);
    }
    // The storm checks delivery too: everything posted while away arrived, once, in order.
    expect(row('storm', /posted while away/).relay).toBe(80);
    expect(row('storm', /^missing/).relay).toBe(0);

    expect(report.children.map((child) => child.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^relay/), expect.stringMatching(/^bare ws/), expect.stringMatching(/^load generator/)]),
    );
    expect(report.children.filter((child) => isAlive(child.pid))).toEqual([]);
    expect(report.tempDirs.length).toBeGreaterThan(0);
    expect(report.tempDirs.filter((dir) => existsSync(dir))).toEqual([]);
  });

  it('stops every process it started when interrupted', async () => {
    const run = await runBench(['--smoke', '--only', 'storm'], /started relay[^\n]*\n[\s\S]*started bare ws/);
    expect(run.code).toBe(130);
    const pids = pidsIn(run.stderr);
    expect(pids.length).toBeGreaterThanOrEqual(6);
    expect(pids.filter(isAlive)).toEqual([]);
    const dataDirs = [...run.stderr.matchAll(/data directory: (\S+)/g)].map((match) => match[1]!);
    expect(dataDirs.length).toBeGreaterThan(0);
    expect(dataDirs.filter((dir) => existsSync(dir))).toEqual([]);
  });
});
