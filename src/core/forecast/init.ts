// Initial state from the first full seasonal periods: robust (median over periods) seasonal indices,
// the level of the first period and a trend from the period means. Past anomalies inside these
// periods barely move a median, so they do not get baked into the starting pattern.

import { median } from '../numeric';
import type { FilterData } from './recursion';
import type { HwSpec, HwState } from './types';

/** At most this many full periods feed the initial seasonal indices. */
export const MAX_INIT_PERIODS = 4;

export function initialState(data: FilterData, n: number, spec: HwSpec, maxPeriods = MAX_INIT_PERIODS): HwState {
  const mult = spec.seasonal === 'multiplicative';
  const m1 = spec.periods[0];
  const m = spec.periods[spec.periods.length - 1];
  const { y, skip, ph1, ph2 } = data;
  const ph = spec.periods.length === 2 ? ph2 : ph1;
  const used = initSeasons(data, n, m, maxPeriods);
  const K = used.length;
  if (K < Math.min(2, maxPeriods)) {
    const all = Math.floor(n / m);
    throw new Error(
      all < 2
        ? `Series too short: ${n} points, need at least two full seasons (${2 * m}).`
        : `Only ${K} of the ${all} seasons of ${m} points in the training window have a usable value; need at least two.`,
    );
  }

  // Season levels: 10%-trimmed means (missing and masked points skipped), so one spike in a season
  // cannot tilt the initial trend or shift that season's detrended values. A season with no usable
  // value at all (a week of missing data) is passed over: the next one with data takes its place.
  const mu = new Float64Array(K);
  for (let i = 0; i < K; i++) {
    const v: number[] = [];
    for (let t = used[i] * m; t < (used[i] + 1) * m; t++) if (!skip[t]) v.push(y[t]);
    mu[i] = trimmedMean(v, 0.1);
  }
  // Theil-Sen slope through the season levels (median of pairwise slopes, over the seasons' real
  // distance when one was passed over), per step. Used to detrend the seasonal indices for every form
  // (a trend must not leak into the pattern); the trend state gets it only if modelled. A median, so
  // one level shift between seasons is not a trend.
  const pair: number[] = [];
  for (let i = 0; i < K; i++) for (let j = i + 1; j < K; j++) pair.push((mu[j] - mu[i]) / (used[j] - used[i]));
  const slope = median(pair) / m;
  /** Level at point t of the i-th season used, on the Theil-Sen line through its level. */
  const levelAt = (i: number, t: number) => mu[i] + slope * (t - used[i] * m - (m - 1) / 2);

  // Detrended values by phase of the longest period, K rows (NaN where unusable).
  const rows = new Float64Array(K * m).fill(NaN);
  for (let i = 0; i < K; i++)
    for (let t = used[i] * m; t < (used[i] + 1) * m; t++) {
      if (skip[t]) continue;
      const lvl = levelAt(i, t);
      rows[i * m + ph[t]] = mult ? y[t] / lvl : y[t] - lvl;
    }
  const col = new Float64Array(K);
  const full = new Float64Array(m);
  for (let p = 0; p < m; p++) {
    for (let k = 0; k < K; k++) col[k] = rows[k * m + p];
    const v = median(col);
    full[p] = Number.isFinite(v) ? v : mult ? 1 : 0;
  }
  normalize(full, mult);
  shrinkToNeutral(full, rows, K, m, mult);

  let s1: Float64Array;
  let s2: Float64Array;
  if (spec.periods.length === 2) {
    // Daily indices = average day of the weekly pattern; weekly indices = what the day does not explain.
    s1 = new Float64Array(m1);
    const days = m / m1;
    for (let p = 0; p < m; p++) s1[p % m1] += full[p] / days;
    normalize(s1, mult);
    s2 = new Float64Array(m);
    for (let p = 0; p < m; p++) s2[p] = mult ? full[p] / s1[p % m1] : full[p] - s1[p % m1];
  } else {
    s1 = full;
    s2 = new Float64Array([mult ? 1 : 0]);
  }

  // Scale of one-step changes: MAD of first differences of the deseasonalised first periods (not
  // across a season that was passed over).
  const z: number[] = [];
  let prev = NaN;
  for (let i = 0; i < K; i++) {
    if (i > 0 && used[i] !== used[i - 1] + 1) prev = NaN;
    for (let t = used[i] * m; t < (used[i] + 1) * m; t++) {
      if (skip[t]) continue;
      const season = spec.periods.length === 2 ? (mult ? s1[ph1[t]] * s2[ph2[t]] : s1[ph1[t]] + s2[ph2[t]]) : s1[ph1[t]];
      const lvl = levelAt(i, t);
      const v = mult ? y[t] - lvl * season : y[t] - lvl - season;
      if (Number.isFinite(prev)) z.push(Math.abs(v - prev));
      prev = v;
    }
  }
  const scaleFloor = 1e-9 * (Math.abs(mu[0]) + 1e-12);
  const sigma = Math.max((1.4826 * median(z)) / Math.SQRT2, scaleFloor);

  return {
    // The level one step before the first point (t = -1), on the line through the first season used.
    level: levelAt(0, -1),
    trend: spec.trend === 'none' ? 0 : slope,
    s1,
    s2,
    resid: 0,
    sigma: Number.isFinite(sigma) ? sigma : scaleFloor,
  };
}

/**
 * James-Stein style shrinkage of the initial indices towards "no seasonality": the noise variance
 * of a median over K periods is about (pi/2) sigma^2 / K; when the indices' own spread is not much
 * larger than that, they are mostly noise and would be forecast as pattern. Strong seasonality
 * (factor near 1) is left as it is; a flat series (e.g. CPU load) gets flat indices.
 */
function shrinkToNeutral(full: Float64Array, rows: Float64Array, K: number, m: number, mult: boolean): void {
  const dev: number[] = [];
  for (let k = 0; k < K; k++)
    for (let p = 0; p < m; p++) {
      const v = rows[k * m + p];
      if (Number.isFinite(v)) dev.push(Math.abs(v - full[p]));
    }
  const sigma = 1.4826 * median(dev);
  const noiseVar = ((Math.PI / 2) * (sigma * sigma)) / K;
  let signal = 0;
  for (let p = 0; p < m; p++) signal += (mult ? full[p] - 1 : full[p]) ** 2 / m;
  if (!(signal > 0)) return;
  const c = Math.max(0, 1 - noiseVar / signal);
  for (let p = 0; p < m; p++) full[p] = mult ? 1 + c * (full[p] - 1) : c * full[p];
}

/**
 * Indices of the seasons of length m that feed the initial state: the first `maxPeriods` full
 * seasons of the window that have at least one usable value (empty ones are passed over).
 */
export function initSeasons(data: FilterData, n: number, m: number, maxPeriods = MAX_INIT_PERIODS): number[] {
  const out: number[] = [];
  for (let k = 0; k < Math.floor(n / m) && out.length < maxPeriods; k++) {
    let any = false;
    for (let t = k * m; t < (k + 1) * m && !any; t++) any = !data.skip[t];
    if (any) out.push(k);
  }
  return out;
}

/** Trimmed-mean level of every full season of length m in the window (NaN for a season with no usable value). */
export function seasonLevels(data: FilterData, n: number, m: number): Float64Array {
  const K = Math.floor(n / m);
  const out = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    const v: number[] = [];
    for (let t = k * m; t < (k + 1) * m; t++) if (!data.skip[t]) v.push(data.y[t]);
    out[k] = v.length ? trimmedMean(v, 0.1) : NaN;
  }
  return out;
}

function trimmedMean(v: number[], frac: number): number {
  v.sort((a, b) => a - b);
  const cut = Math.floor(v.length * frac);
  let s = 0;
  for (let i = cut; i < v.length - cut; i++) s += v[i];
  return s / (v.length - 2 * cut);
}

function normalize(a: Float64Array, mult: boolean): void {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  const mean = s / a.length;
  for (let i = 0; i < a.length; i++) a[i] = mult ? a[i] / mean : a[i] - mean;
}

/** Deep copy of a state (the filter mutates its seasonal arrays). */
export function cloneState(s: HwState): HwState {
  return { level: s.level, trend: s.trend, s1: s.s1.slice(), s2: s.s2.slice(), resid: s.resid, sigma: s.sigma };
}
