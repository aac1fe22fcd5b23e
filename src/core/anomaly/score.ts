// Per-point anomaly score: the residual against the prediction interval at its horizon, in units of
// the interval's half-width on the residual's side. |score| > 1 means outside the interval.

/**
 * The largest |score|. A degenerate (zero-width) interval makes any residual infinitely surprising,
 * but Infinity is not a number the report can carry (JSON turns it into null) or rank: it scores
 * this instead, far beyond any real band, so it still sorts first.
 */
export const MAX_SCORE = 1e6;

/** Scores actual[h] against mean[h] and [lower[h], upper[h]]. NaN where the actual is missing. */
export function pointScores(actual: ArrayLike<number>, mean: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): Float64Array {
  const n = Math.min(actual.length, mean.length);
  const out = new Float64Array(n);
  for (let h = 0; h < n; h++) {
    const r = actual[h] - mean[h];
    const half = r >= 0 ? upper[h] - mean[h] : mean[h] - lower[h];
    // No band (NaN) gives no score. A half-width > 0 can still be so small (a subnormal) that
    // r / half overflows: clamp either way.
    const z = !Number.isFinite(r) || Number.isNaN(half) ? NaN : half > 0 ? r / half : r === 0 ? 0 : r * Infinity;
    out[h] = Math.max(-MAX_SCORE, Math.min(MAX_SCORE, z));
  }
  return out;
}
