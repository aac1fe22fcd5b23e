// Robust fit of how noisy a leaf is, as a function of its size, from the cube itself.
// Forecast errors and synthetic generators are multiplicative (variance ~ size^2), counts are
// Poisson/binomial (variance ~ size); real data mixes both, so variance = a*size + b*size^2.
// Medians keep the fit robust to the anomalous leaves, which are a minority.
import { quantile, quantiles } from '../numeric';
import type { NoiseModel } from './types';

const CHI2_1_MEDIAN = 0.454936; // median of chi-square with 1 degree of freedom
const MIN_PER_BIN = 25;
const MAX_BINS = 16;

/** Leaf size used for the noise model and the ripple effect: symmetric in actual and forecast. */
export const leafSize = (v: number, f: number): number => (Math.abs(v) + Math.abs(f)) / 2;

/** Variance of a leaf of size s under the model. */
export const leafVariance = (m: NoiseModel, s: number): number => m.linear * s + m.quadratic * s * s;

/** Fits the model on the leaves where `use` is true (default all): refits leave out explained leaves. */
export function fitNoise(v: Float64Array, f: Float64Array, use?: (i: number) => boolean): NoiseModel {
  const s: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < v.length; i++) {
    if (use && !use(i)) continue;
    const si = leafSize(v[i], f[i]);
    // Exact hits (v == f) are counts too small to err (no stalls forecast, none seen), not a sign
    // that the forecast is perfect; fitting on them would make every other leaf look anomalous.
    if (si > 0 && v[i] !== f[i]) {
      s.push(si);
      r.push(Math.abs(v[i] - f[i]));
    }
  }
  if (s.length === 0) return { linear: 0, quadratic: 0 };
  const shape = fitShape(s, r);
  // Calibrate the overall level on all leaves. Exact ties (integer counts) can make the median 0;
  // fall back to higher quantiles of chi-square(1).
  const ratios = s.map((si, i) => (r[i] * r[i]) / leafVariance(shape, si));
  const [q50, q75, q90] = quantiles(ratios, [0.5, 0.75, 0.9]);
  let k = q50 / CHI2_1_MEDIAN;
  if (!(k > 0)) k = q75 / 1.323304;
  if (!(k > 0)) k = q90 / 2.705543;
  if (!(k > 0)) k = 1e-12;
  return { linear: shape.linear * k, quadratic: shape.quadratic * k };
}

/**
 * Shape of variance = a*s + b*s^2 over equal-count size bins (robust variance per bin from the
 * median |residual|), by non-negative least squares on relative errors. Few bins: one term only.
 */
function fitShape(s: number[], r: number[]): NoiseModel {
  const bins = Math.min(MAX_BINS, Math.floor(s.length / MIN_PER_BIN));
  const fallback = { linear: 0, quadratic: 1 };
  if (bins < 2) return fallback;
  // Equal-count bins by size: edges from one sorted copy, then a binary search per leaf.
  const sorted = Float64Array.from(s).sort();
  const edges = Array.from({ length: bins - 1 }, (_, b) => sorted[Math.floor(((b + 1) * sorted.length) / bins)]);
  const members: number[][] = Array.from({ length: bins }, () => []);
  const sizes: number[][] = Array.from({ length: bins }, () => []);
  for (let i = 0; i < s.length; i++) {
    let lo = 0,
      hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[i] < edges[mid]) hi = mid;
      else lo = mid + 1;
    }
    members[lo].push(r[i]);
    sizes[lo].push(s[i]);
  }
  const xs: number[] = [];
  const ys: number[] = [];
  for (let b = 0; b < bins; b++) {
    if (members[b].length === 0) continue;
    const med = quantile(members[b], 0.5) / 0.6745;
    const size = quantile(sizes[b], 0.5);
    if (med > 0 && size > 0) {
      xs.push(size);
      ys.push(med * med);
    }
  }
  if (xs.length < 2) return fallback;
  // Rows (s, s^2) / y against 1: minimise sum ((a s + b s^2) / y - 1)^2.
  let s11 = 0,
    s12 = 0,
    s22 = 0,
    t1 = 0,
    t2 = 0;
  for (let j = 0; j < xs.length; j++) {
    const x1 = xs[j] / ys[j],
      x2 = (xs[j] * xs[j]) / ys[j];
    s11 += x1 * x1;
    s12 += x1 * x2;
    s22 += x2 * x2;
    t1 += x1;
    t2 += x2;
  }
  const det = s11 * s22 - s12 * s12;
  // Two terms need at least 4 bins (100 leaves); small cubes would overfit the shape.
  let a = det > 0 && xs.length >= 4 ? (t1 * s22 - t2 * s12) / det : -1;
  let b = det > 0 && xs.length >= 4 ? (t2 * s11 - t1 * s12) / det : -1;
  if (!(a >= 0 && b >= 0)) {
    // One term only: keep whichever fits better.
    const aOnly = t1 / s11,
      bOnly = t2 / s22;
    const errA = s11 * aOnly * aOnly - 2 * aOnly * t1,
      errB = s22 * bOnly * bOnly - 2 * bOnly * t2;
    [a, b] = errA < errB ? [aOnly, 0] : [0, bOnly];
  }
  return a + b > 0 ? { linear: a, quadratic: b } : fallback;
}

/**
 * |z| a single leaf must reach, from the empirical tail of the standardized residuals of the
 * leaves in `use`: real forecast errors have heavier tails than the normal law, and one leaf has
 * no ripple effect to average them out. An exponential tail is fitted between the 90th and 99th
 * percentiles of |u| (50th and 90th in small cubes) and extrapolated to the Bonferroni level
 * alpha / m. Never below `floor`.
 */
export function leafThreshold(
  v: Float64Array,
  f: Float64Array,
  noise: NoiseModel,
  use: (i: number) => boolean,
  m: number,
  alpha: number,
  floor: number,
): number {
  const u: number[] = [];
  for (let i = 0; i < v.length; i++) {
    const s = leafSize(v[i], f[i]);
    if (s > 0 && use(i)) u.push(Math.abs(v[i] - f[i]) / Math.sqrt(leafVariance(noise, s)));
  }
  if (u.length < 20) return floor;
  // With fewer than 100 leaves the 99th percentile is one leaf: fit the tail from the median up.
  const [lo, hi] = u.length >= 100 ? [0.9, 0.99] : [0.5, 0.9];
  const [qlo, qhi] = quantiles(u, [lo, hi]);
  if (!(qhi > qlo)) return floor;
  const rate = Math.log((1 - lo) / (1 - hi)) / (qhi - qlo);
  return Math.max(floor, qhi + Math.log(((1 - hi) * m) / alpha) / rate);
}
