import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';

/** How long a child gets to exit after SIGTERM before it is sent SIGKILL. */
const TERM_GRACE_MS = 20_000;
/** Clock ticks per second of /proc/<pid>/stat (USER_HZ; 100 on every Linux the benchmark targets). */
const CLOCK_TICKS_PER_SECOND = 100;

/** A child process the benchmark started, with the name it is reported under. */
interface TrackedChild {
  name: string;
  child: ChildProcess;
  exited: Promise<void>;
}

const children = new Map<number, TrackedChild>();
const tempDirs = new Set<string>();
const createdTempDirs: string[] = [];
const startedPids: { name: string; pid: number }[] = [];

/** Whether a process with this PID still exists (and is not a zombie we could reap). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    return state !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Registers a child so it is stopped on teardown, on failure and on Ctrl-C. Only processes
 * registered here are ever signalled, and only by their own PID.
 */
export function track(name: string, child: ChildProcess): TrackedChild {
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name} did not start`);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    child.once('exit', () => resolve());
  });
  const tracked = { name, child, exited };
  children.set(pid, tracked);
  startedPids.push({ name, pid });
  void exited.then(() => children.delete(pid));
  log(`started ${name} (pid ${pid})`);
  return tracked;
}

/** Every child started so far, for the report (and the smoke test, which checks they are gone). */
export function startedChildren(): readonly { name: string; pid: number }[] {
  return startedPids;
}

/** Stops one child: SIGTERM, then SIGKILL after `graceMs`. Resolves when it has exited. */
export async function stopChild(pid: number, graceMs = TERM_GRACE_MS): Promise<void> {
  const tracked = children.get(pid);
  if (!tracked) return;
  tracked.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    log(`${tracked.name} (pid ${pid}) did not exit within ${graceMs} ms; sending SIGKILL`);
    tracked.child.kill('SIGKILL');
  }, graceMs);
  await tracked.exited;
  clearTimeout(timer);
}

/** Stops every child still running, all at once. */
export async function stopAll(graceMs = TERM_GRACE_MS): Promise<void> {
  await Promise.all([...children.keys()].map((pid) => stopChild(pid, graceMs)));
}

/** Registers a temporary directory to be removed on teardown. */
export function trackTempDir(path: string): void {
  tempDirs.add(path);
  createdTempDirs.push(path);
}

/** Every temporary directory created so far (for the report, and the smoke test, which checks they are gone). */
export function createdTempDirectories(): readonly string[] {
  return createdTempDirs;
}

/** Removes every registered temporary directory. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all([...tempDirs].map((path) => rm(path, { recursive: true, force: true })));
  tempDirs.clear();
}

/** Resident memory of a process in KiB, from `VmRSS` in /proc/<pid>/status. */
export function readRssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`No VmRSS in /proc/${pid}/status`);
  return Number(match[1]);
}

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat. */
export function readCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at field 3; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Bytes a process has sent to the storage layer so far (`write_bytes` in /proc/<pid>/io): disk writes, not socket writes. */
export function readDiskWriteBytes(pid: number): number {
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  const match = /^write_bytes: (\d+)$/m.exec(io);
  return match ? Number(match[1]) : Number.NaN;
}

/** Progress goes to stderr, so stdout carries only the report. */
export function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

/** Kernel TCP counters that explain slow connection storms (system-wide, from /proc/net/netstat). */
export interface ListenCounters {
  /** Connections the kernel could not queue because an accept queue (the listen backlog) was full. */
  listenOverflows: number;
  listenDrops: number;
  /** SYNs the clients had to send again (after 1 s, then 3 s …). */
  synRetransmits: number;
}

/** Reads {@link ListenCounters}; zeros where the kernel does not report them. */
export function readListenCounters(): ListenCounters {
  const values = new Map<string, number>();
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const names = lines[i]!.split(' ');
      const numbers = lines[i + 1]!.split(' ');
      if (names[0] !== 'TcpExt:') continue;
      names.forEach((name, j) => values.set(name, Number(numbers[j])));
    }
  } catch {
    // Not Linux: the counters stay at zero.
  }
  return {
    listenOverflows: values.get('ListenOverflows') ?? 0,
    listenDrops: values.get('ListenDrops') ?? 0,
    synRetransmits: values.get('TCPSynRetrans') ?? 0,
  };
}

/** How much each counter grew since `before`. */
export function listenCountersSince(before: ListenCounters): ListenCounters {
  const now = readListenCounters();
  return {
    listenOverflows: now.listenOverflows - before.listenOverflows,
    listenDrops: now.listenDrops - before.listenDrops,
    synRetransmits: now.synRetransmits - before.synRetransmits,
  };
}
