// Outlier or level shift at the very end of the training window (endShift.ts): the forecast keeps
// both hypotheses, weighted by how often the series' earlier clipped runs went on.
import assert from 'node:assert/strict';
import { clippedRuns } from '../../../src/core/forecast/endShift';
import { fitHoltWinters, forecastHoltWinters } from '../../../src/core/forecast/holtWinters';
import { buildErrorModel, intervalAt, mixtureIntervalAt } from '../../../src/core/forecast/intervals';
import { runFilter, type FilterData } from '../../../src/core/forecast/recursion';
import type { HwParams, HwState } from '../../../src/core/forecast/types';
import { hourlyTraffic } from './helpers';

const P = [24, 168];

/** Mean over the first 24 forecast hours of (forecast - clean forecast) / size. */
function follows(y: Float64Array, base: Float64Array, size: number): number {
  const fc = forecastHoltWinters(fitHoltWinters(y, { periods: P }), 24).mean;
  let d = 0;
  for (let h = 0; h < 24; h++) d += (fc[h] - base[h]) / 24 / size;
  return d;
}

describe('forecast: outlier or level shift at the end of the window', () => {
  it('follows a level shift in the last three hours but not a single spike at the last hour', () => {
    let sumShift = 0;
    let sumSpike = 0;
    const seeds = 8;
    for (let seed = 1; seed <= seeds; seed++) {
      const y = hourlyTraffic(672, seed); // noise sd about 3.75: +40 is about 10 sigma
      const base = forecastHoltWinters(fitHoltWinters(y, { periods: P }), 24).mean;
      const shift = y.slice();
      for (let t = 669; t < 672; t++) shift[t] += 40;
      const spike = y.slice();
      spike[671] += 40;
      const fShift = follows(shift, base, 40);
      const fSpike = follows(spike, base, 40);
      assert.ok(fShift > 0.25, `seed ${seed}: the forecast followed ${fShift} of the shift`);
      assert.ok(fSpike < 0.25, `seed ${seed}: the forecast followed ${fSpike} of the spike`);
      assert.ok(fShift > 2 * fSpike, `seed ${seed}: shift ${fShift} vs spike ${fSpike}`);
      sumShift += fShift;
      sumSpike += fSpike;
    }
    assert.ok(sumShift / seeds > 0.4, `mean share of the shift followed ${sumShift / seeds}`);
    assert.ok(sumSpike / seeds < 0.15, `mean share of the spike followed ${sumSpike / seeds}`);
  });

  it('weighs the shift by the history: past three-hour bumps that ended make a three-hour jump at the end less of a shift, past shifts more', () => {
    const y = hourlyTraffic(672, 21);
    const jump = y.slice();
    for (let t = 669; t < 672; t++) jump[t] += 40;
    // Earlier three-hour bumps of the same size that went away: the runs reached 3 and stopped.
    const bumpy = jump.slice();
    for (const s of [200, 350, 500]) for (let t = s; t < s + 3; t++) bumpy[t] += 40;
    const transient = fitHoltWinters(bumpy, { periods: P });
    assert.equal(transient.shift?.run, 3);
    assert.ok(transient.shift!.reached >= 3 && transient.shift!.continued === 0, `${transient.shift!.reached} reached, ${transient.shift!.continued} went on`);
    // The same jump in a series whose earlier jumps all persisted (three steps up).
    const stepped = jump.slice();
    for (const s of [200, 350, 500]) for (let t = s; t < 672; t++) stepped[t] += 30;
    const shifty = fitHoltWinters(stepped, { periods: P });
    assert.equal(shifty.shift?.run, 3);
    assert.ok(shifty.shift!.weight > 0.5 && transient.shift!.weight < 0.5, `weight ${shifty.shift!.weight} vs ${transient.shift!.weight}`);
    assert.ok(shifty.shift!.weight > 2 * transient.shift!.weight, `weight ${shifty.shift!.weight} vs ${transient.shift!.weight}`);
  });

  it('reads one or two clipped points at the end as an outlier even in a series whose past jumps persisted', () => {
    const stepped = hourlyTraffic(672, 21);
    for (const s of [200, 350, 500]) for (let t = s; t < 672; t++) stepped[t] += 30;
    for (const last of [1, 2]) {
      const y = stepped.slice();
      for (let t = 672 - last; t < 672; t++) y[t] += 40;
      assert.equal(fitHoltWinters(y, { periods: P }).shift, undefined, `a jump at the last ${last} point(s)`);
    }
  });

  it('gives a 95% band that covers both the old and the shifted level', () => {
    const y = hourlyTraffic(672, 3);
    const base = forecastHoltWinters(fitHoltWinters(y, { periods: P }), 24).mean;
    const shift = y.slice();
    for (let t = 669; t < 672; t++) shift[t] += 40;
    const fc = forecastHoltWinters(fitHoltWinters(shift, { periods: P }), 24);
    const b95 = fc.intervals[1];
    for (let h = 0; h < 24; h++) {
      // (the outlier path itself is a little above the clean forecast: the clipped error is an innovation)
      assert.ok(b95.lower[h] < base[h] + 5, `h=${h + 1}: lower ${b95.lower[h]} vs old level ${base[h]}`);
      assert.ok(b95.upper[h] > base[h] + 30, `h=${h + 1}: upper ${b95.upper[h]} vs shifted level ${base[h] + 40}`);
      assert.ok(b95.lower[h] <= fc.mean[h] && fc.mean[h] <= b95.upper[h]);
    }
  });

  it('changes nothing when robustness is off (nothing is clipped)', () => {
    const y = hourlyTraffic(672, 4);
    y[671] += 40;
    assert.equal(fitHoltWinters(y, { periods: P, robust: false }).shift, undefined);
  });
});

describe('forecast: level-shift filtering and run counting', () => {
  const flat = (n: number): FilterData => ({ y: new Float64Array(n).fill(10), skip: new Uint8Array(n), ph1: new Int32Array(n), ph2: new Int32Array(n) });
  const p: HwParams = { alpha: 0.1, beta: 0, gamma: 0, omega: 0, phi: 1, rho: 0 };
  const st = (): HwState => ({ level: 10, trend: 0, s1: new Float64Array(1), s2: new Float64Array(1), resid: 0, sigma: 1 });

  it('moves the level by the clipped excess from shiftFrom on, and only records the clip otherwise', () => {
    const d = flat(50);
    d.y.fill(20, 48);
    const out = st();
    const clipped = new Int8Array(50);
    runFilter(d, 0, 50, false, p, out, 2.5, 0.02, { clipped });
    assert.deepEqual(Array.from(clipped.subarray(46)), [0, 0, 1, 1]);
    assert.ok(out.level < 11, `outlier: level ${out.level}`);
    const shifted = st();
    runFilter(d, 0, 50, false, p, shifted, 2.5, 0.02, { shiftFrom: 48 });
    // The part beyond the clip moves the level at once, the clipped part is an ordinary innovation:
    // after the first point the level is 20 - (1 - alpha) * 2.5 * sigma = 17.75, then it closes in.
    assert.ok(shifted.level > 17.5 && shifted.level < 20, `shift: level ${shifted.level}`);
  });

  it('counts same-side clipped runs, passing over skipped points, and the trailing run', () => {
    const c = Int8Array.from([0, 1, 1, 0, -1, 1, 0, 0, -1, 0, -1, -1]);
    const skip = new Uint8Array(c.length);
    skip[9] = 1; // a missing point inside the last run
    const r = clippedRuns(c, skip, 0, c.length);
    assert.deepEqual(r.lengths, [2, 1, 1]);
    assert.equal(r.run, 3);
    assert.equal(r.from, 8);
  });
});

describe('forecast: mixture intervals', () => {
  const y = hourlyTraffic(672, 7);
  const m = fitHoltWinters(y, { periods: P });
  const mean = forecastHoltWinters(m, 24).mean;
  const em = buildErrorModel(m.data, m.n, m.form, 24, m.robust, 24);
  const close = (a: Float64Array, b: Float64Array) => a.every((v, i) => Math.abs(v - b[i]) < 1e-6 * (1 + Math.abs(b[i])));

  it('reduces to the usual interval when both paths agree or the second has no weight', () => {
    const usual = intervalAt(em, mean, 0.9);
    const same = mixtureIntervalAt(em, mean, mean, 0.4, 0.9);
    const other = mean.map(v => v + 50);
    const none = mixtureIntervalAt(em, mean, other, 0, 0.9);
    assert.ok(close(same.lower, usual.lower) && close(same.upper, usual.upper));
    assert.ok(close(none.lower, usual.lower) && close(none.upper, usual.upper));
  });

  it('moves towards the second path as its weight grows', () => {
    const other = mean.map(v => v + 50);
    let prev = mixtureIntervalAt(em, mean, other, 0, 0.8);
    for (const w of [0.1, 0.3, 0.6, 0.9]) {
      const cur = mixtureIntervalAt(em, mean, other, w, 0.8);
      for (let h = 0; h < 24; h++) {
        assert.ok(cur.lower[h] >= prev.lower[h] - 1e-9 && cur.upper[h] >= prev.upper[h] - 1e-9);
        assert.ok(cur.lower[h] < cur.upper[h]);
      }
      prev = cur;
    }
  });
});
