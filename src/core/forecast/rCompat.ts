// R's stats::HoltWinters start values (start.periods = 2), so the engine's filter can be checked
// against R with fixed smoothing parameters: decompose() on the first two seasons, l.start and
// b.start from a least-squares line through the decomposed trend, s.start = the seasonal figure.
// The filter then starts at point f (R's start.time = f + 1, 1-based).

import type { HwState, SeasonalForm } from './types';

/** Centred moving-average trend of x (R's decompose filter); NaN where undefined. */
function maTrend(x: Float64Array, f: number): Float64Array {
  const w = f % 2 === 0 ? [0.5, ...Array<number>(f - 1).fill(1), 0.5] : Array<number>(f).fill(1);
  const o = w.length >> 1;
  const out = new Float64Array(x.length).fill(NaN);
  for (let i = o; i < x.length - o; i++) {
    let s = 0;
    for (let j = 0; j < w.length; j++) s += w[j] * x[i - o + j];
    out[i] = s / f;
  }
  return out;
}

export function rHoltWintersStart(y: Float64Array, f: number, seasonal: SeasonalForm): { state: HwState; start: number } {
  if (y.length < 2 * f + 1) throw new Error(`R's HoltWinters start needs more than two seasons (${2 * f} points).`);
  const mult = seasonal === 'multiplicative';
  const x = y.subarray(0, 2 * f);
  const trend = maTrend(x, f);
  const fig = new Float64Array(f);
  for (let i = 0; i < f; i++) {
    let s = 0;
    let c = 0;
    for (let k = i; k < x.length; k += f) {
      if (!Number.isFinite(trend[k])) continue;
      s += mult ? x[k] / trend[k] : x[k] - trend[k];
      c++;
    }
    fig[i] = s / c;
  }
  const mean = fig.reduce((a, b) => a + b, 0) / f;
  for (let i = 0; i < f; i++) fig[i] = mult ? fig[i] / mean : fig[i] - mean;
  // .lm.fit(cbind(1, seq_along(dat)), dat) on the non-NA trend values.
  const dat = Array.from(trend).filter(Number.isFinite);
  const n = dat.length;
  const mx = (n + 1) / 2;
  const my = dat.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  dat.forEach((v, i) => ((sxy += (i + 1 - mx) * (v - my)), (sxx += (i + 1 - mx) ** 2)));
  const b = sxy / sxx;
  return {
    state: { level: my - b * mx, trend: b, s1: fig, s2: new Float64Array([mult ? 1 : 0]), resid: 0, sigma: 1 },
    start: f,
  };
}
