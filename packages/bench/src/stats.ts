/** Latency percentiles of one run, in ms. */
export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * Summarises latencies; `lost` samples (no answer in time) count as infinitely slow, so a run
 * that loses more than 1 % of its messages cannot report a finite p99.
 */
export function summarize(samples: readonly ArrayLike<number>[], lost = 0): LatencySummary {
  let length = lost;
  for (const part of samples) length += part.length;
  const all = new Float64Array(length);
  let offset = 0;
  for (const part of samples) {
    all.set(part as ArrayLike<number>, offset);
    offset += part.length;
  }
  all.fill(Number.POSITIVE_INFINITY, offset);
  all.sort();
  return { count: length, p50: percentile(all, 0.5), p99: percentile(all, 0.99), max: length === 0 ? Number.NaN : all[length - 1]! };
}

/** Nearest-rank percentile of sorted values; NaN for none. */
export function percentile(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank]!;
}

/** Median of repeated measurements (NaN entries, runs that produced nothing, are ignored). */
export function median(values: readonly number[]): number {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
