/** A reproducible source of randomness for one scenario. */
export interface SeededRandom {
  /** The seed; set CONFAB_FAULT_SEED to it to replay a run. */
  readonly seed: number;
  /** A float in [0, 1), like `Math.random`. */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** An id of `length` characters of `A-Za-z0-9_-` (the protocol's id alphabet). */
  id(length?: number): string;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/**
 * Makes a seeded generator (mulberry32). The seed comes from `CONFAB_FAULT_SEED` when set, else
 * from the clock; it is logged, and vitest shows the log only when the test fails.
 */
export function seededRandom(scenario: string): SeededRandom {
  const fromEnv = Number.parseInt(process.env['CONFAB_FAULT_SEED'] ?? '', 10);
  const seed = Number.isSafeInteger(fromEnv) ? fromEnv >>> 0 : (Date.now() ^ (Math.random() * 0x1_0000_0000)) >>> 0;
  console.log(`[${scenario}] seed ${seed} (replay with CONFAB_FAULT_SEED=${seed})`);
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    seed,
    next,
    int,
    pick: (items) => items[int(0, items.length - 1)]!,
    id: (length = 21) => Array.from({ length }, () => ID_ALPHABET[int(0, ID_ALPHABET.length - 1)]).join(''),
  };
}
