// Whole seasons without data (issue 14, finding 5): a week of NaN used to throw "Season 2 of the
// training window has no usable value". The forecast must degrade instead: the initialisation passes
// over empty seasons, too few weeks with data drop the weekly season, and the notes say why.
// Timestamps are nominal (1970-01-01 on, UTC, no DST), as in the M4 series.
import assert from 'node:assert/strict';
import { fitHoltWinters, forecastHoltWinters } from '../../../src/core/forecast/holtWinters';
import { initialState, initSeasons } from '../../../src/core/forecast/init';
import { forecastSeries, type SeriesForecast } from '../../../src/core/forecast/series';
import type { Series } from '../../../src/core/types';
import { hourlyTraffic } from './helpers';

const HOUR = 3_600_000;
const WEEK = 168;

/** Four weeks of nominal hourly traffic from 1970-01-01 00:00 UTC with the given hours set to NaN. */
function gappy(seed: number, ...gaps: [number, number][]): Series {
  const values = hourlyTraffic(4 * WEEK, seed);
  for (const [a, b] of gaps) values.fill(NaN, a, b);
  return { metric: 'm', dims: {}, start: 0, step: HOUR, values };
}

/** Finite forecasts and nested, ordered bands: something the report can draw. */
function drawable(fc: SeriesForecast, horizon: number): void {
  assert.equal(fc.mean.length, horizon);
  assert.ok(fc.mean.every(Number.isFinite), 'finite forecasts');
  const [b80, b95] = fc.intervals;
  for (let h = 0; h < horizon; h++) {
    assert.ok(Number.isFinite(b95.lower[h]) && Number.isFinite(b95.upper[h]), `h=${h + 1}: finite band`);
    assert.ok(
      b95.lower[h] <= b80.lower[h] && b80.lower[h] <= fc.mean[h] && fc.mean[h] <= b80.upper[h] && b80.upper[h] <= b95.upper[h],
      `h=${h + 1}: nested band`,
    );
  }
}

/** Mean absolute error of the forecast against the series' clean continuation. */
function mae(fc: SeriesForecast, seed: number): number {
  const truth = hourlyTraffic(4 * WEEK + fc.mean.length, seed).subarray(4 * WEEK);
  return fc.mean.reduce((s, v, h) => s + Math.abs(v - truth[h]), 0) / fc.mean.length;
}

const opts = { zone: 'UTC', horizon: 48 };

describe('forecast: whole seasons without data', () => {
  it('forecasts with a week of NaN in the middle and says that week had no data', () => {
    for (const seed of [1, 2, 3]) {
      const clean = forecastSeries(gappy(seed), opts);
      const fc = forecastSeries(gappy(seed, [WEEK, 2 * WEEK]), opts);
      drawable(fc, 48);
      assert.ok(
        fc.notes.some(n => /1 of the 4 weeks .* no data/.test(n)),
        fc.notes.join(' | '),
      );
      assert.deepEqual(clean.notes, []);
      // Three weeks of data forecast about as well as four (noise sd about 3.75).
      assert.ok(mae(fc, seed) < 1.5 * mae(clean, seed) + 1, `seed ${seed}: MAE ${mae(fc, seed)} vs ${mae(clean, seed)} without the gap`);
    }
  });

  it('forecasts with the first week missing (the initial state comes from the next weeks)', () => {
    const fc = forecastSeries(gappy(4, [0, WEEK]), opts);
    drawable(fc, 48);
    assert.ok(mae(fc, 4) < 8, `MAE ${mae(fc, 4)}`);
    assert.ok(fc.notes.some(n => /1 of the 4 weeks/.test(n)));
  });

  it('forecasts with a day missing, inside a week or as the first day', () => {
    for (const gap of [
      [3 * 24, 4 * 24],
      [0, 24],
      [WEEK + 50, WEEK + 74],
    ] as [number, number][]) {
      const fc = forecastSeries(gappy(5, gap), opts);
      drawable(fc, 48);
      assert.ok(mae(fc, 5) < 8, `gap ${gap}: MAE ${mae(fc, 5)}`);
    }
    // With the daily season alone (under two weeks of history), a missing day is a missing season.
    const short: Series = { metric: 'm', dims: {}, start: 0, step: HOUR, values: hourlyTraffic(10 * 24, 6) };
    short.values.fill(NaN, 24, 48);
    const fc = forecastSeries(short, opts);
    drawable(fc, 48);
    assert.deepEqual(fc.model.form.spec.periods, [24]);
    assert.ok(
      fc.notes.some(n => /1 of the 10 days .* no data/.test(n)),
      fc.notes.join(' | '),
    );
  });

  it('falls back to the daily season when only one week has data, and says so', () => {
    for (const keep of [0, 1, 3]) {
      const gaps: [number, number][] = [0, 1, 2, 3].filter(w => w !== keep).map(w => [w * WEEK, (w + 1) * WEEK]);
      const fc = forecastSeries(gappy(7, ...gaps), opts);
      drawable(fc, 48);
      assert.deepEqual(fc.model.form.spec.periods, [24]);
      assert.ok(
        fc.notes.some(n => /Only 1 week .* daily pattern alone/.test(n)),
        fc.notes.join(' | '),
      );
    }
  });

  it('still refuses a window with less than a day of data, with a reason', () => {
    const values = new Float64Array(4 * WEEK).fill(NaN);
    values.set(hourlyTraffic(20, 8), 100);
    assert.throws(() => forecastSeries({ metric: 'm', dims: {}, start: 0, step: HOUR, values }, opts), /Only 20 usable points/);
    // Two partial days are enough to draw a (wide) band from.
    values.set(hourlyTraffic(30, 8), 100);
    drawable(forecastSeries({ metric: 'm', dims: {}, start: 0, step: HOUR, values }, opts), 48);
  });
});

describe('forecast: initialisation passes over empty seasons', () => {
  it('uses the first seasons with data, and gives the same state as without the empty one', () => {
    const y = hourlyTraffic(5 * WEEK, 9);
    const data = (v: Float64Array) => {
      const skip = new Uint8Array(v.length).map((_, t) => (Number.isFinite(v[t]) ? 0 : 1));
      const ph1 = new Int32Array(v.length).map((_, t) => t % 24);
      const ph2 = new Int32Array(v.length).map((_, t) => t % WEEK);
      return { y: v, skip, ph1, ph2 };
    };
    const holed = y.slice();
    holed.fill(NaN, WEEK, 2 * WEEK);
    assert.deepEqual(initSeasons(data(holed), holed.length, WEEK), [0, 2, 3, 4]);
    const spec = { seasonal: 'additive' as const, trend: 'none' as const, periods: [24, WEEK], ar: true };
    const st = initialState(data(holed), holed.length, spec);
    assert.ok(Number.isFinite(st.level) && Number.isFinite(st.sigma) && st.s2.every(Number.isFinite));
    // The weekend dip (x0.8 on days 5 and 6) is still in the weekly indices.
    assert.ok(st.s2[5 * 24 + 12] < -5, `weekend index ${st.s2[5 * 24 + 12]}`);
  });

  it('fits the arrays API too: a week of NaN no longer throws', () => {
    const y = hourlyTraffic(4 * WEEK, 10);
    y.fill(NaN, WEEK, 2 * WEEK);
    const fc = forecastHoltWinters(fitHoltWinters(y, { periods: [24, WEEK] }), 24);
    assert.ok(fc.mean.every(Number.isFinite) && fc.intervals.every(i => i.upper.every(Number.isFinite)));
  });
});
