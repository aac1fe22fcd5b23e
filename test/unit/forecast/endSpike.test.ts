// A spike at the very end of the training window (issue 14, finding 3): one or two points, of any
// size, are not a level shift. The week-ahead forecast must stay where the clean series puts it,
// while a jump that persisted for three hours or more is still followed (endShift.ts).
import assert from 'node:assert/strict';
import { fitHoltWinters, forecastHoltWinters } from '../../../src/core/forecast/holtWinters';
import { gauss, hourlyTraffic, rng } from './helpers';

const P = [24, 168];
const WEEK = 168;

/** Temperature-like: daily cycle only, no weekly one, small AR(1) noise, no zeros. */
function dailyOnly(n: number, seed: number, sd: number): Float64Array {
  const g = gauss(rng(seed));
  const y = new Float64Array(n);
  let e = 0;
  for (let t = 0; t < n; t++) {
    e = 0.8 * e + sd * g();
    y[t] = 20 + 5 * Math.sin((2 * Math.PI * (t % 24)) / 24) + e;
  }
  return y;
}

/** Traffic that grows 30% over the four weeks, with a sharper weekday/weekend contrast. */
function growing(n: number, seed: number, sd: number): Float64Array {
  const y = hourlyTraffic(n, seed, sd, 200);
  for (let t = 0; t < n; t++) y[t] *= 1 + (0.3 * t) / n;
  return y;
}

const SHAPES: { name: string; make: (seed: number) => Float64Array }[] = [
  { name: 'traffic', make: seed => hourlyTraffic(672, seed) },
  { name: 'noiseless traffic', make: () => hourlyTraffic(672, 1, 0) },
  { name: 'daily-only', make: seed => dailyOnly(672, seed, 0.5) },
  { name: 'noiseless daily-only', make: () => dailyOnly(672, 1, 0) },
  { name: 'growing traffic', make: seed => growing(672, seed, 5) },
];

const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;

/** Week-ahead forecast and 95% band of a series. */
function weekAhead(y: Float64Array) {
  const fc = forecastHoltWinters(fitHoltWinters(y, { periods: P }), WEEK);
  const b = fc.intervals[1];
  return { mean: fc.mean, width: mean(b.upper.map((u, h) => u - b.lower[h])) };
}

/** The series with its last `last` points multiplied by `factor`. */
function spiked(y: Float64Array, factor: number, last: number): Float64Array {
  const s = y.slice();
  for (let t = y.length - last; t < y.length; t++) s[t] *= factor;
  return s;
}

/** Mean |spiked - clean| over the week, relative to the clean forecast's mean level. */
function drag(clean: Float64Array, fc: Float64Array): number {
  let d = 0;
  for (let h = 0; h < WEEK; h++) d += Math.abs(fc[h] - clean[h]);
  return d / WEEK / Math.abs(mean(clean));
}

describe('forecast: a spike at the last one or two training points is an outlier, of any size', () => {
  for (const shape of SHAPES)
    for (const seed of shape.name.startsWith('noiseless') ? [1] : [1, 2, 3])
      for (const factor of [10, 100, 0.01])
        for (const last of [1, 2])
          it(`${shape.name}, seed ${seed}: x${factor} at the last ${last} point(s) leaves the week ahead where it was`, () => {
            const y = shape.make(seed);
            const clean = weekAhead(y);
            const s = spiked(y, factor, last);
            // The mechanism: no level-shift hypothesis for one or two points.
            assert.equal(fitHoltWinters(s, { periods: P }).shift, undefined);
            // The symptom: before the fix a x10 spike moved the week by up to x4.7, a x100 one by up
            // to x42. What may still move is bounded by the spike's clipped part (k sigma, an ordinary
            // innovation) and by the estimation choosing another form or parameters with the spike
            // in its loss (up to 7% of the level on the growing series; see the report of issue 14).
            const fc = weekAhead(s);
            assert.ok(drag(clean.mean, fc.mean) < 0.1, `moved ${(100 * drag(clean.mean, fc.mean)).toFixed(1)}% of the level`);
            assert.ok(fc.mean.every(Number.isFinite));
          });
});

describe('forecast: a jump that persisted is still followed as a level shift', () => {
  for (const shape of SHAPES.filter(s => !s.name.startsWith('noiseless')))
    for (const hours of [3, 6])
      it(`${shape.name}: a jump of the mean level for the last ${hours} hours moves the next day's forecast up`, () => {
        for (const seed of [1, 2, 3]) {
          const y = shape.make(seed);
          const size = mean(y);
          const clean = weekAhead(y).mean;
          const s = y.slice();
          for (let t = y.length - hours; t < y.length; t++) s[t] += size;
          const fc = weekAhead(s).mean;
          // Share of the shift followed over the next day (with no history of shifts it is weighted
          // 1/2 against the outlier reading, so about half of it at most).
          let up = 0;
          for (let h = 0; h < 24; h++) up += (fc[h] - clean[h]) / size / 24;
          assert.ok(up > 0.25, `seed ${seed}: followed ${up.toFixed(2)} of the shift`);
        }
      });
});
