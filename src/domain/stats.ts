/** Small descriptive statistics for the flow and trend views. Pure. */

/**
 * The p-th percentile (p from 0 to 100) by the nearest-rank method: the smallest sample with at least p% of the samples
 * at or below it. Nearest rank always answers with a value that was observed, which is what a cycle-time statement
 * ("85% of items finished within 6 days") should quote; linear interpolation would invent in-between values.
 * The input may be unsorted (it is not modified). Null when there are no samples.
 * Throws RangeError for p outside 0..100 or a non-finite sample: those are bugs in the caller, not data.
 */
export function percentile(sortedOrUnsorted: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must be within 0..100, got ${p}`);
  if (!sortedOrUnsorted.every(Number.isFinite)) throw new RangeError('percentile: samples must be finite numbers');
  const sorted = [...sortedOrUnsorted].sort((a, b) => a - b);
  // p * n before dividing keeps whole ranks exact (0.85 * 20 is not 17 in binary floating point; 85 * 20 / 100 is).
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100));
  return sorted[rank - 1] ?? null;
}

/** Arithmetic mean; null for no values, so "no data" never reads as 0. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
