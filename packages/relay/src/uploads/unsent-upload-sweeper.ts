import type { StoredUploadEntry, UploadStorage } from './upload-storage.js';

/** How long a file no message carries is kept unless configured otherwise: 24 hours. */
export const DEFAULT_UNSENT_RETENTION_MINUTES = 24 * 60;

const HOUR_MS = 60 * 60 * 1000;
/** When the first sweep after `start()` comes, at the latest. */
const FIRST_SWEEP_DELAY_MS = 60 * 1000;

/** What the sweep asks the relay's store: which uploads a stored message carries. */
export interface SentUploads {
  /** The ones among `uploadIds` that a stored message carries as an attachment. */
  findSentUploads(uploadIds: readonly string[]): Promise<Set<string>>;
}

/** Where the sweep reports; the relay's pino logger fits. */
export interface SweepLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** Options of {@link UnsentUploadSweeper}. */
export interface UnsentUploadSweeperOptions {
  storage: UploadStorage;
  sent: SentUploads;
  /** An upload no stored message carries is removed once it is older than this. */
  retentionMs: number;
  log: SweepLog;
  /** @default Date.now */
  now?: () => number;
  /** Uploads looked up in the store at once. @default 100 */
  batchSize?: number;
  /** Most removals one sweep attempts; the rest wait for the next sweep. @default 1000 */
  maxRemovalsPerSweep?: number;
}

/** What one sweep did. */
export interface SweepReport {
  /** Uploads older than the retention that were looked up in the store. */
  checked: number;
  removed: number;
  /** Removals that failed; they are tried again by the next sweep. */
  failed: number;
  /** Leftovers of interrupted writes removed (local disk: temporary files, bytes without metadata). */
  abandonedRemoved: number;
  /** False when the sweep stopped early: the listing failed or `maxRemovalsPerSweep` was reached. */
  isComplete: boolean;
}

/** How often the sweep runs for a retention: a quarter of it, at most hourly. */
export function sweepIntervalMs(retentionMs: number): number {
  return Math.min(retentionMs / 4, HOUR_MS);
}

/**
 * Removes uploads that no stored message carries once they are older than the retention (a file
 * the shopper picked and then removed, or uploaded from a tab that closed), bytes and metadata,
 * from whichever storage holds them, in batches. Runs on an unref'd timer from `start()` until
 * `stop()`: within a minute, then every {@link sweepIntervalMs}. A removal that fails is logged and tried again next sweep; nothing a
 * sweep meets throws out of the timer.
 * @example
 * const sweeper = new UnsentUploadSweeper({ storage, sent: store, retentionMs: 24 * 60 * 60_000, log: app.log });
 * sweeper.start();
 */
export class UnsentUploadSweeper {
  readonly retentionMs: number;
  readonly #storage: UploadStorage;
  readonly #sent: SentUploads;
  readonly #log: SweepLog;
  readonly #now: () => number;
  readonly #batchSize: number;
  readonly #maxRemovals: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #isStarted = false;
  #running: Promise<SweepReport> | undefined;

  constructor(options: UnsentUploadSweeperOptions) {
    this.#storage = options.storage;
    this.#sent = options.sent;
    this.retentionMs = options.retentionMs;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
    this.#batchSize = options.batchSize ?? 100;
    this.#maxRemovals = options.maxRemovalsPerSweep ?? 1000;
  }

  /** Sweeps within a minute, then every {@link sweepIntervalMs}; the timer does not keep the process alive. */
  start(): void {
    if (this.#isStarted) return;
    this.#isStarted = true;
    // Soon rather than one interval after start: a relay redeployed more often than hourly still sweeps.
    this.#schedule(Math.min(FIRST_SWEEP_DELAY_MS, sweepIntervalMs(this.retentionMs)));
  }

  /** Stops the timer and waits for a sweep under way. */
  async stop(): Promise<void> {
    this.#isStarted = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(() => {
      void this.sweep().then(() => {
        if (this.#isStarted) this.#schedule(sweepIntervalMs(this.retentionMs));
      });
    }, delayMs);
    this.#timer.unref();
  }

  /** One sweep now; a call while one runs gets that one's report. Never rejects. */
  sweep(): Promise<SweepReport> {
    this.#running ??= this.#sweepOnce().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #sweepOnce(): Promise<SweepReport> {
    const cutoff = this.#now() - this.retentionMs;
    const report: SweepReport = { checked: 0, removed: 0, failed: 0, abandonedRemoved: 0, isComplete: true };
    try {
      report.abandonedRemoved = (await this.#storage.removeAbandonedWrites?.(cutoff)) ?? 0;
    } catch (error) {
      this.#log.warn({ err: error }, 'could not remove the leftovers of interrupted uploads; trying again next sweep');
    }
    try {
      let batch: StoredUploadEntry[] = [];
      for await (const entry of this.#storage.list()) {
        if (entry.storedAt >= cutoff) continue;
        batch.push(entry);
        if (batch.length < this.#batchSize) continue;
        if (!(await this.#removeUnsent(batch, report))) break;
        batch = [];
      }
      if (report.isComplete && batch.length > 0) await this.#removeUnsent(batch, report);
    } catch (error) {
      report.isComplete = false;
      this.#log.warn({ err: error }, 'the sweep of unsent uploads stopped early; trying again next sweep');
    }
    if (report.removed + report.failed + report.abandonedRemoved > 0 || !report.isComplete) {
      this.#log.info({ ...report, retentionMinutes: this.retentionMs / 60_000 }, 'swept unsent uploads');
    }
    return report;
  }

  /** Removes the uploads of `batch` that no message carries; false once the sweep's removal budget is spent. */
  async #removeUnsent(batch: readonly StoredUploadEntry[], report: SweepReport): Promise<boolean> {
    report.checked += batch.length;
    const sent = await this.#sent.findSentUploads(batch.map((entry) => entry.id));
    for (const { id } of batch) {
      if (sent.has(id)) continue;
      if (report.removed + report.failed >= this.#maxRemovals) {
        report.isComplete = false;
        return false;
      }
      try {
        // Read first: a key under a shared bucket prefix that merely looks like an id is not ours to delete.
        if ((await this.#storage.readMeta(id)) === undefined) continue;
        await this.#storage.remove(id);
        report.removed++;
      } catch (error) {
        report.failed++;
        this.#log.warn({ err: error, uploadId: id }, 'could not remove an unsent upload; trying again next sweep');
      }
    }
    return true;
  }
}
