// Per-point anomaly score: the residual against the prediction interval at its horizon, in units of
// the interval's half-width on the residual's side. |score| > 1 means outside the interval.

/** Scores actual[h] against mean[h] and [lower[h], upper[h]]. NaN where the actual is missing. */
export function pointScores(actual: ArrayLike<number>, mean: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): Float64Array {
  const n = Math.min(actual.length, mean.length);
  const out = new Float64Array(n);
  for (let h = 0; h < n; h++) {
    const r = actual[h] - mean[h];
    const half = r >= 0 ? upper[h] - mean[h] : mean[h] - lower[h];
    // A degenerate (zero-width) interval: any residual is infinitely surprising, none is not.
    out[h] = !Number.isFinite(r) ? NaN : half > 0 ? r / half : r === 0 ? 0 : r > 0 ? Infinity : -Infinity;
  }
  return out;
}
