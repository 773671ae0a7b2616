/** A source of numbers in [0, 1), like `Math.random`. */
export type Random = () => number;

/**
 * A small deterministic generator (mulberry32), so a failing randomized test can be replayed from
 * its seed.
 * @example
 * const random = seededRandom(20261122);
 */
export function seededRandom(seed: number): Random {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The seed of a randomized test: `CONFAB_TEST_SEED` when set (to replay a failure), else a new one.
 * Put it in the test's title so every report shows it without printing to the console.
 */
export function testSeed(): number {
  const given = process.env['CONFAB_TEST_SEED'];
  if (given !== undefined && /^\d+$/.test(given)) return Number(given);
  return Math.floor(Math.random() * 2 ** 31);
}

/** One item of `items`, chosen with `random`. */
export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** An integer from `min` to `max` inclusive, chosen with `random`. */
export function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
