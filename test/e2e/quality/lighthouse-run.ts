import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse, { desktopConfig } from 'lighthouse';
import { CHROMIUM_FLAGS, chromiumPath } from '../support/chromium.js';

/** The figures compared with and without the widget, from one Lighthouse run. */
export interface PerformanceFigures {
  /** Performance category score, 0–100. */
  score: number;
  /** Total Blocking Time, ms. */
  totalBlockingTimeMs: number;
  cumulativeLayoutShift: number;
  /** Main-thread time of the widget's scripts (`/widget/…`) by Lighthouse's bootup-time audit, ms; 0 without the widget. */
  widgetMainThreadMs: number;
  /** Tasks over 50 ms, with the script Lighthouse blames, longest first. */
  longTasks: { url: string; durationMs: number }[];
}

/** Chromium with its DevTools port open, for Lighthouse to drive. */
export interface DebuggableChromium {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Starts Debian's Chromium (see chromiumPath()) headless with the flags of support/chromium.ts,
 * `--headless=new` and a DevTools port the system picks, read from Chromium's first lines.
 */
export async function launchDebuggableChromium(): Promise<DebuggableChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'confab-lighthouse-'));
  const child = spawn(
    chromiumPath(),
    [
      '--headless=new',
      ...CHROMIUM_FLAGS,
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Chromium opened no DevTools port within 20 s:\n${output}`)), 20_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited with code ${code} before opening its DevTools port:\n${output}`));
    });
  });
  return {
    port,
    async close() {
      child.kill('SIGTERM');
      await exited;
      process.off('exit', killOnExit);
      // Chromium's helper processes can still be writing into the profile for a moment after the
      // browser itself exited (ENOTEMPTY): retry, and never fail a measurement over a temp folder.
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      } catch (error) {
        process.stderr.write(`[lighthouse] could not remove ${profile}: ${String(error)}\n`);
      }
    },
  };
}

/**
 * One Lighthouse navigation of `url` in the Chromium on `port`, performance category only, with
 * Lighthouse's desktop preset: a 1350×940 screen, simulated 40 ms / 10 Mbit/s network and no CPU
 * slow-down. Not the mobile default: its 4× CPU multiplier turns this shared machine's jitter
 * into hundreds of ms of TBT on a page without any script. Storage is reset before each run, so
 * every run is a first visit.
 */
export async function measurePerformance(url: string, port: number): Promise<PerformanceFigures> {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] }, desktopConfig);
  if (!result) throw new Error(`Lighthouse returned no result for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse failed on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const score = lhr.categories['performance']?.score;
  const tbt = lhr.audits['total-blocking-time']?.numericValue;
  const cls = lhr.audits['cumulative-layout-shift']?.numericValue;
  if (typeof score !== 'number' || tbt === undefined || cls === undefined) {
    throw new Error(`Lighthouse measured no performance score, TBT or CLS for ${url} (warnings: ${lhr.runWarnings.join('; ')})`);
  }
  const bootup = (lhr.audits['bootup-time']?.details as { items?: { url: string; total: number }[] } | undefined)?.items ?? [];
  const longTasks = (lhr.audits['long-tasks']?.details as { items?: { url: string; duration: number }[] } | undefined)?.items ?? [];
  return {
    score: Math.round(score * 100),
    totalBlockingTimeMs: tbt,
    cumulativeLayoutShift: cls,
    widgetMainThreadMs: bootup.filter((item) => new URL(item.url, url).pathname.startsWith('/widget/')).reduce((sum, item) => sum + item.total, 0),
    longTasks: longTasks.map((task) => ({ url: task.url, durationMs: Math.round(task.duration) })).sort((a, b) => b.durationMs - a.durationMs),
  };
}

/** The median of an odd or even number of values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The figures compared, as medians over several runs. */
export type MedianFigures = Pick<PerformanceFigures, 'score' | 'totalBlockingTimeMs' | 'cumulativeLayoutShift' | 'widgetMainThreadMs'>;

/** The median of each figure over several runs. */
export function medianFigures(runs: readonly PerformanceFigures[]): MedianFigures {
  return {
    score: median(runs.map((run) => run.score)),
    totalBlockingTimeMs: median(runs.map((run) => run.totalBlockingTimeMs)),
    cumulativeLayoutShift: median(runs.map((run) => run.cumulativeLayoutShift)),
    widgetMainThreadMs: median(runs.map((run) => run.widgetMainThreadMs)),
  };
}
