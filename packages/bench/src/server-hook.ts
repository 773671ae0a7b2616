// Preloaded into the relay (`node --expose-gc --import <this file> cli.js …`) and imported by the
// baseline server. It changes nothing the server does; it only lets the benchmark
// - run a full garbage collection on request, so resident memory is read after the heap settled;
// - write a heap snapshot on request (`pnpm bench --profile`), to see what a connection costs;
// - take the server down when the benchmark itself dies (IPC channel gone), so no server outlives it.

import { writeHeapSnapshot } from 'node:v8';

/** The IPC message that asks for a garbage collection; answered with {@link GC_DONE}. */
export const GC_REQUEST = 'bench:gc';
/** The answer to {@link GC_REQUEST}, sent after two full collections, with `process.memoryUsage()` then. */
export const GC_DONE = 'bench:gc-done';
/** Asks for a V8 heap snapshot written to `path`; answered with {@link HEAP_SNAPSHOT_DONE}. */
export const HEAP_SNAPSHOT_REQUEST = 'bench:heap-snapshot';
/** The answer to {@link HEAP_SNAPSHOT_REQUEST}. */
export const HEAP_SNAPSHOT_DONE = 'bench:heap-snapshot-done';

/** How long the server may drain after the benchmark vanished before it is exited hard. */
const ORPHAN_EXIT_MS = 5_000;

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  // Two passes: the first can leave objects with finalizers for the second.
  gc();
  gc();
}

if (process.send) {
  process.on('message', (message: unknown) => {
    const request = message as { type?: unknown; path?: unknown } | null;
    if (request?.type === GC_REQUEST) {
      collect();
      process.send?.({ type: GC_DONE, memory: process.memoryUsage() });
    } else if (request?.type === HEAP_SNAPSHOT_REQUEST && typeof request.path === 'string') {
      collect();
      writeHeapSnapshot(request.path);
      process.send?.({ type: HEAP_SNAPSHOT_DONE });
    }
  });
  process.on('disconnect', () => {
    // The benchmark is gone: drain like a normal SIGTERM, and never linger.
    setTimeout(() => process.exit(1), ORPHAN_EXIT_MS).unref();
    process.kill(process.pid, 'SIGTERM');
  });
  // The channel must not keep the server alive on its own (the relay exits by itself on a config error).
  setImmediate(() => process.channel?.unref());
}
