import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CommandMap, CommandMessage, CommandType, ReplyMessage, ResultMap } from './generator-protocol.js';
import { stopChild, track } from './children.js';

const GENERATOR = fileURLToPath(new URL('./generator.js', import.meta.url));
const READY_TIMEOUT_MS = 20_000;
/** Loopback source addresses per generator; each has ~28,000 ephemeral ports of its own. */
export const ADDRESSES_PER_GENERATOR = 4;

/** The loopback source addresses of generator `index`: 127.0.0.2 … (the whole 127/8 is loopback on Linux). */
export function sourceAddresses(index: number): string[] {
  return Array.from({ length: ADDRESSES_PER_GENERATOR }, (_, i) => `127.0.0.${2 + index * ADDRESSES_PER_GENERATOR + i}`);
}

/** One load generator process (generator.ts) and the commands in flight to it. */
export class Generator {
  readonly index: number;
  readonly #child: ChildProcess;
  readonly #waiting = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();
  #nextRequestId = 1;
  #exitError: Error | undefined;

  constructor(index: number, child: ChildProcess) {
    this.index = index;
    this.#child = child;
    child.on('message', (message: ReplyMessage | { type: 'ready' }) => {
      if (!('requestId' in message)) return;
      const waiter = this.#waiting.get(message.requestId);
      if (!waiter) return;
      this.#waiting.delete(message.requestId);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(`generator ${index}: ${message.error}`));
    });
    // The IPC channel closes before 'exit' fires; a command sent in between must fail its own
    // promise, not surface as an unhandled 'error' event that kills the harness.
    child.on('disconnect', () => this.#fail(new Error(`generator ${index} disconnected`)));
    child.on('error', (error) => this.#fail(new Error(`generator ${index}: ${error.message}`)));
    child.on('exit', (code, signal) => this.#fail(new Error(`generator ${index} exited (code ${code}, signal ${signal})`)));
  }

  #fail(error: Error): void {
    this.#exitError ??= error;
    for (const waiter of this.#waiting.values()) waiter.reject(this.#exitError);
    this.#waiting.clear();
  }

  /** The generator's process id. */
  get pid(): number {
    return this.#child.pid!;
  }

  /** Sends one command and resolves with its result. */
  call<K extends CommandType>(type: K, command: CommandMap[K]): Promise<ResultMap[K]> {
    if (this.#exitError) return Promise.reject(this.#exitError);
    const requestId = this.#nextRequestId++;
    return new Promise<ResultMap[K]>((resolve, reject) => {
      this.#waiting.set(requestId, { resolve: resolve as (result: unknown) => void, reject });
      this.#child.send({ requestId, type, ...command } as CommandMessage, (error) => {
        if (error) this.#fail(new Error(`generator ${this.index}: ${error.message}`));
      });
    });
  }

  /** Stops the generator process (SIGTERM, SIGKILL after 5 s). */
  stop(): Promise<void> {
    return stopChild(this.pid, 5_000);
  }
}

/** Forks `count` generators and waits until each is ready. */
export async function startGenerators(count: number): Promise<Generator[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const child = fork(GENERATOR, [String(index), sourceAddresses(index).join(',')], {
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      track(`load generator ${index}`, child);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`generator ${index} did not start`)), READY_TIMEOUT_MS);
        child.once('message', () => {
          clearTimeout(timer);
          resolve();
        });
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`generator ${index} exited during start-up (code ${code})`));
        });
      });
      return new Generator(index, child);
    }),
  );
}
