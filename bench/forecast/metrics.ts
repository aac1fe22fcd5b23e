// Scoring with the formulas of reference-scripts/30_metrics.py: per origin MASE (scaled by the
// in-sample seasonal-naive MAE of that origin's training window), sMAPE, MSIS95; means over
// origins; coverage pooled over all (origin, step) points.

import type { DatasetProtocol, ForecastTable } from './protocol';

export interface Score {
  readonly MASE: number;
  readonly sMAPE: number;
  readonly RMSE: number;
  readonly cov80: number;
  readonly cov95: number;
  readonly MSIS95: number;
  readonly nOk: number;
}

export function maseScale(y: Float64Array, origin: number, L: number, m: number): number {
  let s = 0;
  let c = 0;
  for (let t = origin - L + m; t < origin; t++) {
    s += Math.abs(y[t] - y[t - m]);
    c++;
  }
  return s / c;
}

export function score(y: Float64Array, p: DatasetProtocol, table: ForecastTable, h: number): Score {
  let mase = 0,
    smape = 0,
    rmse = 0,
    msis = 0,
    nOk = 0,
    nPi = 0;
  let hit80 = 0,
    hit95 = 0,
    pts = 0;
  for (const o of p.origins) {
    const f = table.get(o);
    if (!f) continue;
    let ae = 0,
      sm = 0,
      se = 0,
      ok = true;
    for (let i = 0; i < h; i++) {
      const e = y[o + i] - f.mean[i];
      if (!Number.isFinite(f.mean[i])) ok = false;
      const den = Math.abs(y[o + i]) + Math.abs(f.mean[i]);
      ae += Math.abs(e);
      se += e * e;
      sm += den > 0 ? (200 * Math.abs(e)) / den : 0;
    }
    if (!ok) continue;
    const scale = maseScale(y, o, p.train_len, p.mase_period);
    nOk++;
    mase += ae / h / scale;
    smape += sm / h;
    rmse += Math.sqrt(se / h);
    let hasPi = true;
    for (let i = 0; i < h; i++) if (!Number.isFinite(f.lo95[i])) hasPi = false;
    if (!hasPi) continue;
    let is = 0;
    for (let i = 0; i < h; i++) {
      const v = y[o + i];
      if (v >= f.lo80[i] && v <= f.hi80[i]) hit80++;
      if (v >= f.lo95[i] && v <= f.hi95[i]) hit95++;
      const l = f.lo95[i],
        u = f.hi95[i];
      is += u - l + (v < l ? 40 * (l - v) : 0) + (v > u ? 40 * (v - u) : 0);
    }
    pts += h;
    nPi++;
    msis += is / h / scale;
  }
  return {
    MASE: mase / nOk,
    sMAPE: smape / nOk,
    RMSE: rmse / nOk,
    cov80: pts ? hit80 / pts : NaN,
    cov95: pts ? hit95 / pts : NaN,
    MSIS95: nPi ? msis / nPi : NaN,
    nOk,
  };
}
