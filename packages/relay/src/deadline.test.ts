import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { deadline } from './deadline.js';

/** Node's collector, reachable without starting the process with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Resolves once `check` holds, polling; fails after `ms`. */
async function eventually(check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('deadline', () => {
  it('aborts with a TimeoutError once the time is up', async () => {
    const { signal } = deadline(20);
    expect(signal.aborted).toBe(false);
    await eventually(() => signal.aborted);
    expect((signal.reason as DOMException).name).toBe('TimeoutError');
    expect((signal.reason as DOMException).message).toBe('No answer within 20 ms');
  });

  it('aborts with the reason of the signal it follows, also one that was aborted already', () => {
    const relay = new AbortController();
    const { signal } = deadline(60_000, relay.signal);
    relay.abort(new Error('shutting down'));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('shutting down');

    const stopped = AbortSignal.abort(new Error('already stopped'));
    expect((deadline(60_000, stopped).signal.reason as Error).message).toBe('already stopped');
  });

  it('after clear() neither the time limit nor the followed signal aborts it', async () => {
    const relay = new AbortController();
    const limit = deadline(20, relay.signal);
    limit.clear();
    relay.abort();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(limit.signal.aborted).toBe(false);
  });

  it('still fires when nothing but its listeners refers to it and the garbage is collected', async () => {
    // What a signal handed to fetch() and forgotten looks like; Node's AbortSignal.timeout()
    // holds its signal weakly, so there a collection can make the limit never fire.
    const fired: string[] = [];
    (() => {
      deadline(30).signal.addEventListener('abort', (event) => fired.push(((event.target as AbortSignal).reason as DOMException).name));
    })();
    collectGarbage();
    await eventually(() => fired.length > 0);
    expect(fired).toEqual(['TimeoutError']);
  });
});
