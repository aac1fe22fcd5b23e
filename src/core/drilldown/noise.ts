// Robust fit of how noisy a leaf is, as a function of its size, from the cube itself.
// Synthetic generators and forecast errors are multiplicative (variance ~ size^2), counts are
// Poisson/binomial (variance ~ size); real data sits in between, so the exponent is fitted.
// Medians keep the fit robust to the anomalous leaves, which are a minority.
import { quantile } from './stats';
import type { NoiseModel } from './types';

const CHI2_1_MEDIAN = 0.454936; // median of chi-square with 1 degree of freedom
const MIN_PER_BIN = 12;
const MAX_BINS = 16;
const DEFAULT_EXPONENT = 1.5;

/** Leaf size used for the noise model and the ripple effect: symmetric in actual and forecast. */
export const leafSize = (v: number, f: number): number => (Math.abs(v) + Math.abs(f)) / 2;

/** Fits the model on the leaves where `use` is true (default all): refits leave out explained leaves. */
export function fitNoise(v: Float64Array, f: Float64Array, use?: (i: number) => boolean): NoiseModel {
  const s: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < v.length; i++) {
    if (use && !use(i)) continue;
    const si = leafSize(v[i], f[i]);
    if (si > 0) { s.push(si); r.push(Math.abs(v[i] - f[i])); }
  }
  if (s.length === 0) return { scale: 0, exponent: DEFAULT_EXPONENT };
  const exponent = fitExponent(s, r);
  const ratios = s.map((si, i) => (r[i] * r[i]) / Math.pow(si, exponent));
  // Exact ties (integer counts) can make the median 0; fall back to higher quantiles.
  let scale = quantile(ratios, 0.5) / CHI2_1_MEDIAN;
  if (!(scale > 0)) scale = quantile(ratios, 0.75) / 1.323304;
  if (!(scale > 0)) scale = quantile(ratios, 0.9) / 2.705543;
  if (!(scale > 0)) scale = 1e-12;
  return { scale, exponent };
}

/** Slope of log(robust variance) against log(size) over equal-count size bins, clamped to [1, 2]. */
function fitExponent(s: number[], r: number[]): number {
  const bins = Math.min(MAX_BINS, Math.floor(s.length / MIN_PER_BIN));
  if (bins < 2) return DEFAULT_EXPONENT;
  const order = s.map((_, i) => i).sort((a, b) => s[a] - s[b]);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let b = 0; b < bins; b++) {
    const lo = Math.floor((b * order.length) / bins);
    const hi = Math.floor(((b + 1) * order.length) / bins);
    const idx = order.slice(lo, hi);
    const med = quantile(idx.map((i) => r[i]), 0.5);
    const size = quantile(idx.map((i) => s[i]), 0.5);
    if (med > 0 && size > 0) { xs.push(Math.log(size)); ys.push(2 * Math.log(med)); }
  }
  if (xs.length < 2) return DEFAULT_EXPONENT;
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < xs.length; i++) { sxy += (xs[i] - mx) * (ys[i] - my); sxx += (xs[i] - mx) ** 2; }
  if (!(sxx > 0)) return DEFAULT_EXPONENT;
  return Math.min(2, Math.max(1, sxy / sxx));
}

/**
 * |z| a single leaf must reach, from the empirical tail of the standardized residuals of the
 * leaves in `use`: real forecast errors have heavier tails than the normal law, and one leaf has
 * no ripple effect to average them out. An exponential tail is fitted between the 90th and 99th
 * percentiles of |u| and extrapolated to the Bonferroni level alpha / m. Never below `floor`.
 */
export function leafThreshold(v: Float64Array, f: Float64Array, noise: NoiseModel, use: (i: number) => boolean, m: number, alpha: number, floor: number): number {
  const u: number[] = [];
  for (let i = 0; i < v.length; i++) {
    const s = leafSize(v[i], f[i]);
    if (s > 0 && use(i)) u.push(Math.abs(v[i] - f[i]) / Math.sqrt(noise.scale * Math.pow(s, noise.exponent)));
  }
  if (u.length < 100) return floor; // too few leaves to see a tail: keep the normal-law threshold
  const q90 = quantile(u, 0.9);
  const q99 = quantile(u, 0.99);
  if (!(q99 > q90)) return floor;
  const rate = Math.LN10 / (q99 - q90);
  return Math.max(floor, q99 + Math.log((0.01 * m) / alpha) / rate);
}
