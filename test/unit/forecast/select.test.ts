// Per-series model selection (issue 14, findings 1, 2 and 4; select.ts, ADR 0019): which seasonal
// periods the data supports, how hard to clip past anomalies, and what a short series can support.
import assert from 'node:assert/strict';
import { fitHoltWinters, forecastHoltWinters, type HwForecast } from '../../../src/core/forecast/holtWinters';
import { forecastSeries } from '../../../src/core/forecast/series';
import { clearlyBetter, MIN_LONG_SEASONS, weeklyEvidence } from '../../../src/core/forecast/select';
import type { ErrorModel } from '../../../src/core/forecast/intervals';
import { cyclicPhases } from '../../../src/core/forecast/phases';
import { gauss, hourlyTraffic, rng } from './helpers';

const P = [24, 168];
const SEEDS = [1, 2, 3, 4, 5, 6];

/** Temperature-like: a daily cycle and AR(1) noise, the same on every weekday. */
function dailyOnly(n: number, seed: number, sd = 3): Float64Array {
  const g = gauss(rng(seed));
  const y = new Float64Array(n);
  let e = 0;
  for (let t = 0; t < n; t++) {
    e = 0.6 * e + sd * g();
    y[t] = 100 * (1 + 0.5 * Math.sin((2 * Math.PI * ((t % 24) - 6)) / 24)) + e;
  }
  return y;
}

/** Traffic whose level wanders (a random walk, sd `walk` per hour), with weekends at 80%. */
function wandering(n: number, seed: number, walk: number): Float64Array {
  const g = gauss(rng(seed));
  const y = new Float64Array(n);
  let level = 100;
  for (let t = 0; t < n; t++) {
    level += walk * g();
    const weekend = Math.floor(t / 24) % 7 >= 5;
    y[t] = level * (1 + 0.5 * Math.sin((2 * Math.PI * ((t % 24) - 6)) / 24)) * (weekend ? 0.8 : 1) + 2 * g();
  }
  return y;
}

/** Multiplies [start, start + hours) by `factor`: an incident. */
function incident(y: Float64Array, start: number, hours: number, factor: number): void {
  for (let t = start; t < start + hours; t++) y[t] *= factor;
}

const evidenceOf = (y: Float64Array) =>
  weeklyEvidence({ y, skip: new Uint8Array(y.length), ph1: cyclicPhases(y.length, 24), ph2: cyclicPhases(y.length, 168) }, y.length, 24, 168);

const meanWidth = (fc: HwForecast, level: number) => {
  const b = fc.intervals.find(i => i.level === level)!;
  return b.upper.reduce((s, u, h) => s + u - b.lower[h], 0) / b.upper.length;
};

describe('forecast: seasonal periods chosen per series', () => {
  it('fits the daily period alone on four weeks with no weekly cycle, and says why', () => {
    for (const seed of SEEDS) {
      const m = fitHoltWinters(dailyOnly(672, seed), { periods: P, maxHorizon: 24 });
      assert.deepEqual(m.form.spec.periods, [24], `seed ${seed}`);
      assert.ok(
        m.notes.some(n => /period 168 not fitted: no cycle/.test(n)),
        m.notes.join(' | '),
      );
      // Pruned before fitting: no weekly candidate was ever fitted (the cost of a daily-only fit).
      assert.ok(
        m.candidates.every(c => c.spec.periods.length === 1),
        'a weekly candidate was fitted',
      );
    }
  });

  it('fits daily and weekly periods on traffic with a strong weekly cycle, incidents or not', () => {
    for (const seed of SEEDS) {
      const y = hourlyTraffic(672, seed);
      assert.deepEqual(fitHoltWinters(y, { periods: P, maxHorizon: 24 }).form.spec.periods, P, `seed ${seed}`);
      // Past incidents make a few huge day-over-day differences; the rank test is not fooled by them.
      incident(y, 150, 6, 3);
      incident(y, 400, 5, 0.2);
      incident(y, 600, 8, 2.5);
      assert.deepEqual(fitHoltWinters(y, { periods: P, maxHorizon: 24 }).form.spec.periods, P, `seed ${seed}, with incidents`);
    }
  });

  it('measures the weekly evidence: well above its bound for traffic, below it without a weekly cycle', () => {
    for (const seed of SEEDS) {
      const w = evidenceOf(hourlyTraffic(672, seed));
      assert.ok(w.significant && w.r > 2 * w.bound, `seed ${seed}: traffic r ${w.r} vs bound ${w.bound}`);
      const d = evidenceOf(dailyOnly(672, seed));
      assert.ok(!d.significant, `seed ${seed}: daily-only r ${d.r} vs bound ${d.bound}`);
    }
  });

  it('keeps both periods when asked to (periodSelection: fixed)', () => {
    const m = fitHoltWinters(dailyOnly(672, 1), { periods: P, periodSelection: 'fixed' });
    assert.deepEqual(m.form.spec.periods, P);
  });

  it(`drops the weekly period, with a note, when the series holds fewer than ${MIN_LONG_SEASONS} weeks`, () => {
    for (const n of [300, 400, 3 * 168 - 1]) {
      const m = fitHoltWinters(hourlyTraffic(n, 2), { periods: P, maxHorizon: 24 });
      assert.deepEqual(m.form.spec.periods, [24], `n ${n}`);
      assert.ok(
        m.notes.some(t => /period 168 not fitted: .* fewer than 3/.test(t)),
        m.notes.join(' | '),
      );
    }
  });
});

describe('forecast: short series get bands bounded by what the data supports', () => {
  /** Ten days of a daily cycle between about 40 and 160, with a wandering level. */
  function tenDays(seed: number): Float64Array {
    const g = gauss(rng(seed));
    const y = new Float64Array(240);
    let drift = 0;
    for (let t = 0; t < 240; t++) {
      drift = 0.9 * drift + 4 * g();
      y[t] = 100 + 50 * Math.sin((2 * Math.PI * t) / 24) + drift + 5 * g();
    }
    return y;
  }

  it('ten days of data, a week ahead: every band is narrower than the range of the data (it was 6-10x wider)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const y = tenDays(seed);
      const range = Math.max(...y) - Math.min(...y);
      // Both the engine call with daily and weekly periods asked for and the panel's entry point.
      const fc = forecastHoltWinters(fitHoltWinters(y, { periods: P, maxHorizon: 168 }), 168);
      const viaSeries = forecastSeries({ metric: 'm', dims: {}, start: 0, step: 3_600_000, values: y }, { zone: 'UTC', horizon: 168 });
      for (const f of [fc, viaSeries])
        for (const b of f.intervals)
          for (let h = 0; h < 168; h++) {
            const w = b.upper[h] - b.lower[h];
            assert.ok(Number.isFinite(w) && w > 0, `seed ${seed}, h=${h + 1}: width ${w}`);
            assert.ok(w < range, `seed ${seed}, ${b.level * 100}% band at h=${h + 1}: ${w.toFixed(0)} wide, data range ${range.toFixed(0)}`);
          }
    }
  });

  it('still widens with the horizon and keeps the 95% band outside the 80% one', () => {
    const fc = forecastHoltWinters(fitHoltWinters(tenDays(1), { periods: P, maxHorizon: 168 }), 168);
    const [b80, b95] = fc.intervals;
    for (let h = 0; h < 168; h++) {
      assert.ok(b95.lower[h] <= b80.lower[h] && b80.upper[h] <= b95.upper[h], `h=${h + 1}`);
      if (h > 0) assert.ok(b95.upper[h] - b95.lower[h] >= b95.upper[h - 1] - b95.lower[h - 1] - 1e-9, `h=${h + 1}: narrower than h=${h}`);
    }
  });
});

describe('forecast: clipping of past anomalies chosen per series (robust: auto)', () => {
  it('keeps clipping on traffic with past incidents, so the band does not learn the last one', () => {
    let maeAuto = 0;
    let maeOff = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const clean = wandering(672 + 24, seed, 0.5);
      const y = clean.slice(0, 672);
      incident(y, 150, 4, 2.5);
      incident(y, 400, 4, 2.5);
      incident(y, 664, 4, 2.5); // the last incident ended four hours before the forecast origin
      const opts = { periods: P, maxHorizon: 24 };
      const auto = fitHoltWinters(y, { ...opts, robust: 'auto' as const });
      const off = fitHoltWinters(y, { ...opts, robust: false as const });
      assert.ok(Number.isFinite(auto.robust.k), `seed ${seed}: clipping switched off`);
      const fa = forecastHoltWinters(auto, 24);
      const fo = forecastHoltWinters(off, 24);
      // Without clipping the incidents widen the band two to three times; with it they barely do.
      assert.ok(meanWidth(fa, 0.95) < 0.6 * meanWidth(fo, 0.95), `seed ${seed}: 95% band ${meanWidth(fa, 0.95)} vs ${meanWidth(fo, 0.95)} unclipped`);
      for (let h = 0; h < 24; h++) {
        maeAuto += Math.abs(fa.mean[h] - clean[672 + h]) / 24 / 8;
        maeOff += Math.abs(fo.mean[h] - clean[672 + h]) / 24 / 8;
      }
    }
    assert.ok(maeAuto < 0.8 * maeOff, `MAE ${maeAuto} clipped vs ${maeOff} unclipped`);
  });

  it('keeps the first threshold unless another one is better by more than a standard error', () => {
    const em = (scores: number[]): ErrorModel => ({ originScores: Float64Array.from(scores), stride: 24 }) as unknown as ErrorModel;
    const noise = rng(3);
    const base = Array.from({ length: 60 }, () => 10 + noise());
    // A tiny average gain that the origins disagree on: chance.
    assert.equal(clearlyBetter(em(base), em(base.map((v, i) => v + (i % 2 ? 0.5 : -0.52))), 24), false);
    // A consistent gain: real.
    assert.equal(clearlyBetter(em(base), em(base.map(v => v - 0.3 - 0.05 * noise())), 24), true);
    // A loss is never better.
    assert.equal(clearlyBetter(em(base), em(base.map(v => v + 1)), 24), false);
  });

  it('is k = 2.5 unless asked to choose, and can be fixed or switched off by the caller', () => {
    const y = hourlyTraffic(672, 3);
    const m = fitHoltWinters(y, { periods: P });
    assert.equal(m.robust.k, 2.5);
    assert.ok(m.candidates.every(c => c.k === 2.5));
    assert.equal(fitHoltWinters(y, { periods: P, robust: false }).robust.k, Infinity);
    assert.equal(fitHoltWinters(y, { periods: P, robust: { k: 3, lambda: 0.02 } }).robust.k, 3);
  });
});
