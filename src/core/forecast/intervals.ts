// Prediction intervals from the model's own h-step errors over the training window ("empirical by
// horizon"). The filter is replayed with the fitted parameters; from many in-sample origins the
// model forecasts ahead and the errors are kept. The horizon shape comes from the per-horizon RMS
// (smoothed, non-decreasing); the tail shape from the quantiles of all errors standardised by it,
// so heavy tails (incidents, holidays) widen the 95% band without a normality assumption.

import { cloneState } from './init';
import { forecastPath } from './predict';
import { runFilter, type FilterData } from './recursion';
import { quantileSorted } from './stats';
import type { FittedForm } from './fit';
import type { RobustOptions } from './types';

export interface ErrorModel {
  /** Error scale by horizon, index h-1 (relative to the forecast for multiplicative forms). */
  readonly scale: Float64Array;
  /** Sorted standardised errors pooled over horizons. */
  readonly z: Float64Array;
  readonly relative: boolean;
  readonly origins: number;
}

/** Aim for about this many in-sample origins (the stride grows with the series). */
const TARGET_ORIGINS = 160;

export function buildErrorModel(data: FilterData, n: number, form: FittedForm, H: number, robust: RobustOptions, burn: number): ErrorModel {
  const relative = form.spec.seasonal === 'multiplicative';
  const span = Math.max(1, n - burn - 1);
  const stride = Math.max(1, Math.floor(span / TARGET_ORIGINS));
  const sum2 = new Float64Array(H);
  const cnt = new Float64Array(H);
  const path = new Float64Array(H);
  const errs: number[] = [];
  const errH: number[] = [];
  const state = cloneState(form.init);
  runFilter(data, 0, n, relative, form.params, state, robust.k, robust.lambda, {
    originFrom: burn,
    originStride: stride,
    onOrigin: (t, st) => {
      const hh = Math.min(H, n - t);
      forecastPath(st, form.spec, form.params, data.ph1, data.ph2, t, hh, path);
      for (let h = 0; h < hh; h++) {
        if (data.skip[t + h]) continue;
        const e = relative ? data.y[t + h] / path[h] - 1 : data.y[t + h] - path[h];
        if (!Number.isFinite(e)) continue;
        sum2[h] += e * e;
        cnt[h]++;
        errs.push(e);
        errH.push(h);
      }
    },
  });
  const scale = smoothScale(sum2, cnt, H);
  const z = new Float64Array(errs.length);
  for (let i = 0; i < errs.length; i++) z[i] = errs[i] / scale[errH[i]];
  z.sort();
  return { scale, z, relative, origins: Math.ceil(span / stride) };
}

/** RMS by horizon, smoothed over neighbouring horizons, made non-decreasing, extrapolated by sqrt(h). */
function smoothScale(sum2: Float64Array, cnt: Float64Array, H: number): Float64Array {
  const out = new Float64Array(H);
  let last = -1;
  for (let h = 0; h < H; h++) {
    const w = Math.max(1, Math.floor((h + 1) / 8));
    let s = 0;
    let c = 0;
    for (let j = Math.max(0, h - w); j <= Math.min(H - 1, h + w); j++) (s += sum2[j]), (c += cnt[j]);
    if (c >= 10) {
      out[h] = Math.sqrt(s / c);
      last = h;
    } else out[h] = NaN;
  }
  if (last < 0) throw new Error('Too few in-sample errors to build prediction intervals.');
  for (let h = 0; h < H; h++) {
    if (!Number.isFinite(out[h])) out[h] = h > last ? out[last] * Math.sqrt((h + 1) / (last + 1)) : out[last];
    if (h > 0 && out[h] < out[h - 1]) out[h] = out[h - 1];
  }
  return out;
}

/** Interval bounds at `level` (e.g. 0.95) around the forecasts. */
export function intervalAt(em: ErrorModel, mean: Float64Array, level: number): { lower: Float64Array; upper: Float64Array } {
  if (!(level > 0 && level < 1)) throw new Error(`Interval level must be in (0, 1), got ${level}.`);
  const qlo = quantileSorted(em.z, (1 - level) / 2);
  const qhi = quantileSorted(em.z, (1 + level) / 2);
  const lower = new Float64Array(mean.length);
  const upper = new Float64Array(mean.length);
  for (let h = 0; h < mean.length; h++) {
    const s = em.scale[Math.min(h, em.scale.length - 1)] * (em.relative ? Math.abs(mean[h]) : 1);
    lower[h] = mean[h] + qlo * s;
    upper[h] = mean[h] + qhi * s;
  }
  return { lower, upper };
}
