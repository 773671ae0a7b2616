import type { Clock } from '../rate-limit.js';
import type { Delivery, Store } from '../store/store.js';
import { DEFAULT_RETRY_POLICY, nextStep, type AttemptOutcome, type RetryPolicy } from './retry-policy.js';

/** The side of an adapter the dispatcher drives: one attempt at one delivery. */
export interface DeliveryTarget {
  /** The adapter's name, as its deliveries are filed in the outbox. */
  readonly name: string;
  /**
   * Makes one attempt. Resolves with what it came to; a rejection counts as a retryable failure.
   * The same delivery may be attempted again after a crash, so backends are given
   * `delivery.deliveryId` to recognise it. `signal` aborts when the relay stops: give up quickly
   * (the attempt is then not recorded, and made again after the restart).
   */
  attempt(delivery: Delivery, signal: AbortSignal): Promise<AttemptOutcome>;
}

/** Logs what the dispatcher does with failing deliveries. */
export interface DispatcherLog {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Options of {@link OutboxDispatcher}. */
export interface OutboxDispatcherOptions {
  store: Store;
  target: DeliveryTarget;
  log: DispatcherLog;
  /** @default DEFAULT_RETRY_POLICY */
  policy?: RetryPolicy;
  /** Conversations attempted at the same time. @default 8 */
  concurrency?: number;
  /** Longest sleep between two looks at the outbox, in case a wake-up was missed. @default 30000 */
  pollMs?: number;
  /** @default Date.now */
  now?: Clock;
  /** @default Math.random */
  random?: () => number;
}

const DEFAULT_CONCURRENCY = 8;
const DEFAULT_POLL_MS = 30_000;
/** How long to wait before looking again when the store itself failed. */
const STORE_FAILURE_PAUSE_MS = 1000;

/**
 * Delivers one adapter's outbox: every due delivery that is first in line in its conversation is
 * attempted (up to `concurrency` conversations at once), and its outcome recorded: delivered ones
 * leave the outbox, failed ones wait for their retry, and after the retry budget they are
 * dead-lettered until replayed. Deliveries of one conversation go out strictly one after another,
 * in the order they were written; other conversations are not held up by a failing one.
 * Delivery is at least once: an attempt cut short by a crash is made again after the restart.
 */
export class OutboxDispatcher {
  readonly #store: Store;
  readonly #target: DeliveryTarget;
  readonly #log: DispatcherLog;
  readonly #policy: RetryPolicy;
  readonly #concurrency: number;
  readonly #pollMs: number;
  readonly #now: Clock;
  readonly #random: () => number;
  /** Conversations with an attempt in flight: their next delivery waits for it. */
  readonly #inFlight = new Map<string, Promise<void>>();
  /** Aborts the attempts in flight when the dispatcher stops. */
  #stopping = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #isRunning = false;
  #isLooking = false;
  #lookAgain = false;

  constructor(options: OutboxDispatcherOptions) {
    this.#store = options.store;
    this.#target = options.target;
    this.#log = options.log;
    this.#policy = options.policy ?? DEFAULT_RETRY_POLICY;
    this.#concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.#pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
  }

  /** Starts delivering what the outbox holds, including what an earlier run left there. */
  start(): void {
    if (this.#isRunning) return;
    this.#isRunning = true;
    this.#stopping = new AbortController();
    this.wake();
  }

  /** Something was just written to the outbox (or replayed): look now rather than at the next poll. */
  wake(): void {
    if (!this.#isRunning) return;
    if (this.#isLooking) {
      this.#lookAgain = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#timer = undefined;
    void this.#look();
  }

  /**
   * Stops starting attempts, aborts the ones in flight (so a slow backend cannot hold up shutdown)
   * and waits for them to end. An aborted attempt is not recorded: it is made again after a restart.
   */
  async stop(): Promise<void> {
    this.#isRunning = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#stopping.abort();
    await Promise.all(this.#inFlight.values());
  }

  async #look(): Promise<void> {
    this.#isLooking = true;
    let pauseMs: number | undefined;
    try {
      do {
        this.#lookAgain = false;
        const free = this.#concurrency - this.#inFlight.size;
        if (free <= 0) break;
        const due = await this.#store.dueDeliveries(this.#target.name, this.#now(), free + this.#inFlight.size);
        for (const delivery of due) {
          if (this.#inFlight.size >= this.#concurrency) break;
          if (this.#inFlight.has(delivery.conversationId) || !this.#isRunning) continue;
          this.#startAttempt(delivery);
        }
      } while (this.#lookAgain && this.#isRunning);
      if (this.#isRunning && this.#inFlight.size === 0) {
        const next = await this.#store.nextDeliveryAt(this.#target.name);
        if (next !== undefined) pauseMs = Math.max(0, next - this.#now());
      }
    } catch (error) {
      this.#log.error({ err: error, adapter: this.#target.name }, 'could not read the outbox; trying again shortly');
      pauseMs = STORE_FAILURE_PAUSE_MS;
    } finally {
      this.#isLooking = false;
    }
    if (!this.#isRunning) return;
    if (this.#lookAgain) return this.wake();
    // With attempts in flight, each one looks again when it is recorded.
    if (this.#inFlight.size > 0 && pauseMs === undefined) return;
    this.#timer = setTimeout(() => this.wake(), Math.min(pauseMs ?? this.#pollMs, this.#pollMs));
    this.#timer.unref();
  }

  #startAttempt(delivery: Delivery): void {
    const done = this.#attempt(delivery).finally(() => {
      this.#inFlight.delete(delivery.conversationId);
      this.wake();
    });
    this.#inFlight.set(delivery.conversationId, done);
  }

  async #attempt(delivery: Delivery): Promise<void> {
    const attempt = delivery.attempts + 1;
    const signal = this.#stopping.signal;
    let outcome: AttemptOutcome;
    try {
      outcome = await this.#target.attempt(delivery, signal);
    } catch (error) {
      outcome = { kind: 'retry', reason: (error as Error)?.message ?? String(error) };
    }
    // Cut short by stop(): whether the backend got it is unknown, so it stays pending as it was.
    if (signal.aborted && outcome.kind !== 'delivered') return;
    const step = nextStep(outcome, attempt, this.#policy, this.#random);
    const fields = { adapter: this.#target.name, deliveryId: delivery.deliveryId, conversationId: delivery.conversationId, attempt };
    try {
      if (step.kind === 'delivered') {
        await this.#store.settleDelivery(delivery.deliveryId, { kind: 'delivered' });
      } else if (step.kind === 'retry') {
        this.#log.warn({ ...fields, reason: step.reason, retryInMs: step.delayMs }, 'delivery failed; it will be retried');
        await this.#store.settleDelivery(delivery.deliveryId, { kind: 'retry', nextAttemptAt: this.#now() + step.delayMs, error: step.reason });
      } else {
        this.#log.error({ ...fields, reason: step.reason }, 'delivery dead-lettered; replay it from the console or the API');
        await this.#store.settleDelivery(delivery.deliveryId, { kind: 'dead', error: step.reason });
      }
    } catch (error) {
      // Not recorded: the delivery stays pending as it was and is attempted again (at least once).
      this.#log.error({ ...fields, err: error }, 'could not record a delivery attempt');
      await new Promise((resolve) => setTimeout(resolve, STORE_FAILURE_PAUSE_MS).unref());
    }
  }
}
