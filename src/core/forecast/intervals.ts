// Prediction intervals from the model's own h-step errors over the training window ("empirical by
// horizon"). The filter is replayed with the fitted parameters; from many in-sample origins the
// model forecasts ahead and the errors are kept. The horizon shape comes from the per-horizon RMS
// (smoothed, non-decreasing); the tail shape from the quantiles of all errors standardised by it,
// so heavy tails (incidents, holidays) widen the 95% band without a normality assumption.

import { quantileSorted } from '../numeric';
import { cloneState, initialState, MAX_INIT_PERIODS } from './init';
import { forecastPath } from './predict';
import { runFilter, type FilterData } from './recursion';
import type { FittedForm } from './fit';
import type { RobustOptions } from './types';

export interface ErrorModel {
  /** Error scale by horizon, index h-1 (relative to the forecast for multiplicative forms). */
  readonly scale: Float64Array;
  /** Sorted |standardised error| pooled over horizons; computed on first use (only the chosen form needs it). */
  readonly absz: () => Float64Array;
  readonly relative: boolean;
  /** Mean absolute h-step error (data units) over the in-sample origins, log-uniform over horizons: the holdout score. */
  readonly mae: number;
  /** The same over the origins at or after `validFrom` only (the validation window shared by candidates of different periods). */
  readonly validMae: number;
  readonly origins: number;
  /** Distance between the in-sample origins, in steps. */
  readonly stride: number;
  /** Per in-sample origin, its h-step absolute errors averaged with weights 1/h (NaN if none): paired comparisons of candidates. */
  readonly originScores: Float64Array;
  /** Largest scale the data supports (see climatologyScale); the interval scale never exceeds it. */
  readonly cap: number;
}

/** Aim for about this many in-sample origins (the stride grows with the series). */
const TARGET_ORIGINS = 160;
/** In-sample errors an error scale needs, pooled over neighbouring horizons. */
const MIN_ERRORS = 10;

/**
 * Where the honest in-sample origins start. When there is room, the filter restarts from an initial
 * state built on the first P seasons only and forecasts from origins after them, so the seasonal
 * indices have not seen the errors' data. P = as many init seasons as the final model uses (up to
 * MAX_INIT_PERIODS), leaving two for origins.
 */
export function honestStart(n: number, form: Pick<FittedForm, 'spec' | 'fromGivenInit'>, burn: number): { honest: boolean; P: number; from: number } {
  const m = form.spec.periods[form.spec.periods.length - 1];
  const honest = !form.fromGivenInit && Math.floor(n / m) >= 3;
  const P = Math.max(2, Math.min(MAX_INIT_PERIODS, Math.floor(n / m) - 2));
  return { honest, P, from: honest ? P * m : burn };
}

export function buildErrorModel(data: FilterData, n: number, form: FittedForm, H: number, robust: RobustOptions, burn: number, validFrom = 0): ErrorModel {
  const relative = form.spec.seasonal === 'multiplicative';
  const { honest, P, from } = honestStart(n, form, burn);
  const init = honest ? initialState(data, n, form.spec, P) : form.init;
  const span = Math.max(1, n - from - 1);
  const stride = Math.max(1, Math.floor(span / TARGET_ORIGINS));
  const sum2 = new Float64Array(H);
  const cnt = new Float64Array(H);
  const path = new Float64Array(H);
  const nOrig = Math.ceil(span / stride) + 1;
  const errs = new Float64Array(nOrig * H);
  const errH = new Int32Array(nOrig * H);
  let ne = 0;
  const absH = new Float64Array(H);
  const originScores = new Float64Array(nOrig).fill(NaN);
  let oi = 0;
  const validAbs = new Float64Array(H);
  const validCnt = new Float64Array(H);
  const state = cloneState(init);
  runFilter(data, 0, n, relative, form.params, state, robust.k, robust.lambda, {
    originFrom: from,
    originStride: stride,
    onOrigin: (t, st) => {
      const hh = Math.min(H, n - t);
      forecastPath(st, form.spec, form.params, data.ph1, data.ph2, t, hh, path);
      let os = 0;
      let ow = 0;
      for (let h = 0; h < hh; h++) {
        if (data.skip[t + h]) continue;
        const e = relative ? data.y[t + h] / path[h] - 1 : data.y[t + h] - path[h];
        if (!Number.isFinite(e)) continue;
        sum2[h] += e * e;
        cnt[h]++;
        const ae = Math.abs(data.y[t + h] - path[h]);
        absH[h] += ae;
        os += ae / (h + 1);
        ow += 1 / (h + 1);
        if (t >= validFrom) {
          validAbs[h] += ae;
          validCnt[h]++;
        }
        if (ne < errs.length) {
          errs[ne] = e;
          errH[ne++] = h;
        }
      }
      if (oi < nOrig) originScores[oi++] = ow > 0 ? os / ow : NaN;
    },
  });
  const { raw, wide, measured } = smoothScale(sum2, cnt, H, stride, () => tooFewErrors(data, n, from));
  // Bounded by what the data supports: far horizons with few in-sample windows behind them (short
  // series) extrapolate and widen the scale without limit; no forecast error scale is credible beyond
  // that of forecasting every point by the window's own mean seasonal profile.
  // Only the widening beyond the measured RMS is bounded (never the errors the window has shown).
  const cap = climatologyScale(data, n, form.spec.periods[0], relative);
  const scale = wide.map((v, h) => Math.max(measured[h], Math.min(v, cap)));
  let tail: Float64Array | undefined;
  const absz = () => {
    if (!tail) {
      tail = new Float64Array(ne);
      // A zero scale means zero errors at that horizon (e.g. a constant series): z = 0, not 0/0.
      for (let i = 0; i < ne; i++) tail[i] = raw[errH[i]] > 0 ? Math.abs(errs[i]) / raw[errH[i]] : 0;
      tail.sort();
    }
    return tail;
  };
  return { scale, absz, relative, mae: logUniformMae(absH, cnt), validMae: logUniformMae(validAbs, validCnt), origins: nOrig, stride, originScores, cap };
}

/**
 * The error scale of the "climatological" forecast: every point forecast by the mean of its phase of
 * the shortest period over the window (relative to it for multiplicative forms), with the variance
 * of that mean from K values added (sqrt(1 + 1/K)). Any forecast can fall back to that profile, so
 * an h-step error scale above it says more about the extrapolation than about the data. Infinity
 * when it cannot be computed (then nothing is capped).
 */
export function climatologyScale(data: FilterData, n: number, m: number, relative: boolean): number {
  const sum = new Float64Array(m);
  const cnt = new Float64Array(m);
  for (let t = 0; t < n; t++) {
    if (data.skip[t]) continue;
    sum[data.ph1[t]] += data.y[t];
    cnt[data.ph1[t]]++;
  }
  let s2 = 0;
  let c = 0;
  let minK = Infinity;
  for (let p = 0; p < m; p++) if (cnt[p] > 0) minK = Math.min(minK, cnt[p]);
  for (let t = 0; t < n; t++) {
    if (data.skip[t]) continue;
    const mean = sum[data.ph1[t]] / cnt[data.ph1[t]];
    const e = relative ? data.y[t] / mean - 1 : data.y[t] - mean;
    if (!Number.isFinite(e)) continue;
    s2 += e * e;
    c++;
  }
  if (c < 2 || !(minK > 1)) return Infinity;
  const s = Math.sqrt((s2 / c) * (1 + 1 / minK));
  return s > 0 ? s : Infinity;
}

/**
 * What data the intervals need, in the data's own terms. The first `from` points only start the
 * model; errors come from forecasts made after them, each 1 and 2 steps ahead, so MIN_ERRORS of
 * them need about MIN_ERRORS / 2 + 1 consecutive points with values after the start-up points.
 */
function tooFewErrors(data: FilterData, n: number, from: number): Error {
  const needAfter = MIN_ERRORS / 2 + 1;
  let after = 0;
  for (let t = from; t < n; t++) if (!data.skip[t]) after++;
  return new Error(
    `Too few in-sample errors to build prediction intervals: they need at least ${from + needAfter} points of history, the first ${from} to start the model and then at least ${needAfter} consecutive points with values; this series has ${n} points, ${after} of them with values after the first ${from}.`,
  );
}

/** Mean absolute error by horizon, averaged with weights 1/h: each doubling of the horizon counts the same. */
function logUniformMae(absH: Float64Array, cnt: Float64Array): number {
  let s = 0;
  let w = 0;
  for (let h = 0; h < absH.length; h++) {
    if (cnt[h] === 0) continue;
    s += absH[h] / cnt[h] / (h + 1);
    w += 1 / (h + 1);
  }
  return w > 0 ? s / w : NaN;
}

/** RMS by horizon, smoothed over neighbouring horizons, made non-decreasing, extrapolated by sqrt(h). */
function smoothScale(
  sum2: Float64Array,
  cnt: Float64Array,
  H: number,
  stride: number,
  tooFew: () => Error,
): { raw: Float64Array; wide: Float64Array; measured: Float64Array } {
  const out = new Float64Array(H);
  const infl = new Float64Array(H).fill(NaN);
  let last = -1;
  for (let h = 0; h < H; h++) {
    const w = Math.max(1, Math.floor((h + 1) / 8));
    let s = 0;
    let c = 0;
    for (let j = Math.max(0, h - w); j <= Math.min(H - 1, h + w); j++) {
      s += sum2[j];
      c += cnt[j];
    }
    if (c >= MIN_ERRORS) {
      // Few non-overlapping h-step windows behind an estimate make it uncertain: widen by
      // sqrt(1 + 1/nu), nu = effective number of independent windows (as for a new observation
      // when the variance comes from nu samples).
      out[h] = Math.sqrt(s / c);
      const nu = Math.max(1e-3, (cnt[h] * stride) / (h + 1));
      infl[h] = Math.sqrt(1 + 1 / nu);
      last = h;
    } else out[h] = NaN;
  }
  if (last < 0) throw tooFew();
  // The RMS where the window measured it, carried flat past the last measured horizon (no growth).
  const measured = new Float64Array(H);
  for (let h = 0; h < H; h++) {
    measured[h] = Number.isFinite(out[h]) ? out[h] : out[Math.min(h, last)];
    if (!Number.isFinite(measured[h])) measured[h] = out[last];
    if (h > 0 && measured[h] < measured[h - 1]) measured[h] = measured[h - 1];
  }
  for (let h = 0; h < H; h++) {
    if (!Number.isFinite(out[h])) out[h] = h > last ? out[last] * Math.sqrt((h + 1) / (last + 1)) : out[last];
    if (h > 0 && out[h] < out[h - 1]) out[h] = out[h - 1];
  }
  const wide = new Float64Array(H);
  for (let h = 0; h < H; h++) {
    if (!Number.isFinite(infl[h])) infl[h] = h > last ? infl[last] : 1;
    wide[h] = h > 0 ? Math.max(out[h] * infl[h], wide[h - 1]) : out[h] * infl[h];
  }
  return { raw: out, wide, measured };
}

/** Interval bounds at `level` (e.g. 0.95) around the forecasts. */
export function intervalAt(em: ErrorModel, mean: Float64Array, level: number): { lower: Float64Array; upper: Float64Array } {
  if (!(level > 0 && level < 1)) throw new Error(`Interval level must be in (0, 1), got ${level}.`);
  // Symmetric: the quantile of |z| uses both tails' data, steadier than two one-sided quantiles.
  const qhi = quantileSorted(em.absz(), level);
  const qlo = -qhi;

  const lower = new Float64Array(mean.length);
  const upper = new Float64Array(mean.length);
  for (let h = 0; h < mean.length; h++) {
    const s = em.scale[Math.min(h, em.scale.length - 1)] * (em.relative ? Math.abs(mean[h]) : 1);
    lower[h] = mean[h] + qlo * s;
    upper[h] = mean[h] + qhi * s;
  }
  return { lower, upper };
}

/** P(|Z| <= a) for the pooled |standardised errors|, the inverse of the type-7 quantile (linear between order statistics). */
function absCdf(sorted: Float64Array, a: number): number {
  const n = sorted.length;
  if (n === 0) return a >= 0 ? 1 : 0;
  if (a < sorted[0]) return 0;
  if (a >= sorted[n - 1]) return 1;
  if (n === 1) return 1;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= a) lo = mid;
    else hi = mid;
  }
  const span = sorted[hi] - sorted[lo];
  const frac = span > 0 ? (a - sorted[lo]) / span : 1;
  return (lo + frac) / (n - 1);
}

/** P(Z <= x / s) for the symmetric standardised error Z (s = 0: a point mass at 0). */
function cdf(sorted: Float64Array, x: number, s: number): number {
  if (!(s > 0)) return x >= 0 ? 1 : 0;
  const z = x / s;
  const g = absCdf(sorted, Math.abs(z));
  return z >= 0 ? 0.5 + 0.5 * g : 0.5 - 0.5 * g;
}

/**
 * Interval bounds at `level` for a two-hypothesis forecast: with probability 1 - w the errors are
 * centred on path `a`, with probability w on path `b`, each with the model's error distribution
 * (scale by horizon, pooled symmetric tail). The bounds are the quantiles of that mixture, found by
 * bisection, so the band covers both outcomes in proportion to their weights; with a = b it is the
 * usual interval.
 */
export function mixtureIntervalAt(em: ErrorModel, a: Float64Array, b: Float64Array, w: number, level: number): { lower: Float64Array; upper: Float64Array } {
  if (!(level > 0 && level < 1)) throw new Error(`Interval level must be in (0, 1), got ${level}.`);
  const sorted = em.absz();
  const qmax = sorted.length ? sorted[sorted.length - 1] : 0;
  const H = a.length;
  const lower = new Float64Array(H);
  const upper = new Float64Array(H);
  for (let h = 0; h < H; h++) {
    const sc = em.scale[Math.min(h, em.scale.length - 1)];
    const sa = sc * (em.relative ? Math.abs(a[h]) : 1);
    const sb = sc * (em.relative ? Math.abs(b[h]) : 1);
    const F = (x: number) => (1 - w) * cdf(sorted, x - a[h], sa) + w * cdf(sorted, x - b[h], sb);
    const lo0 = Math.min(a[h] - qmax * sa, b[h] - qmax * sb);
    const hi0 = Math.max(a[h] + qmax * sa, b[h] + qmax * sb);
    const solve = (p: number) => {
      let lo = lo0;
      let hi = hi0;
      for (let i = 0; i < 60 && hi > lo; i++) {
        const mid = 0.5 * (lo + hi);
        if (F(mid) < p) lo = mid;
        else hi = mid;
      }
      return 0.5 * (lo + hi);
    };
    lower[h] = solve(0.5 - 0.5 * level);
    upper[h] = solve(0.5 + 0.5 * level);
  }
  return { lower, upper };
}
