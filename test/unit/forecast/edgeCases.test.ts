// Guards and degenerate inputs: constant series, zeros, NaN gaps, too-short series, outliers.
import assert from 'node:assert/strict';
import { fitHoltWinters, forecastHoltWinters } from '../../../src/core/forecast/holtWinters';
import { hourlyTraffic } from './helpers';

const P = [24, 168];

describe('forecast: constant series', () => {
  it('forecasts the constant with zero-width intervals and no NaN', () => {
    const y = new Float64Array(672).fill(42);
    const fc = forecastHoltWinters(fitHoltWinters(y, { periods: P }), 48);
    for (let h = 0; h < 48; h++) {
      assert.ok(Math.abs(fc.mean[h] - 42) < 1e-6, `h=${h}: ${fc.mean[h]}`);
      assert.ok(Math.abs(fc.intervals[1].upper[h] - fc.intervals[1].lower[h]) < 1e-6);
    }
  });
});

describe('forecast: series with zeros', () => {
  const y = hourlyTraffic(672, 1);
  for (let t = 0; t < 672; t += 24) y[t] = 0; // midnight has no traffic
  it('refuses an explicit multiplicative model with a clear error', () => {
    assert.throws(() => fitHoltWinters(y, { periods: P, seasonal: 'multiplicative' }), /strictly positive/);
  });
  it('falls back to additive under auto, and says so', () => {
    const m = fitHoltWinters(y, { periods: P });
    assert.equal(m.form.spec.seasonal, 'additive');
    assert.ok(m.notes.some(s => s.includes('multiplicative forms skipped')));
    assert.ok(m.candidates.every(c => c.spec.seasonal === 'additive'));
  });
});

describe('forecast: NaN gaps', () => {
  it('skips missing values instead of zero-filling them', () => {
    const y = hourlyTraffic(672, 2);
    const truth = forecastHoltWinters(fitHoltWinters(y, { periods: P }), 24).mean;
    const gappy = y.slice();
    gappy.fill(NaN, 600, 640); // 40 missing hours near the end
    const fc = forecastHoltWinters(fitHoltWinters(gappy, { periods: P }), 24).mean;
    const zero = y.slice();
    zero.fill(0, 600, 640);
    const fz = forecastHoltWinters(fitHoltWinters(zero, { periods: P, seasonal: 'additive' }), 24).mean;
    let dGap = 0;
    let dZero = 0;
    for (let h = 0; h < 24; h++) {
      dGap += Math.abs(fc[h] - truth[h]);
      dZero += Math.abs(fz[h] - truth[h]);
    }
    assert.ok(fc.every(Number.isFinite));
    assert.ok(dGap / 24 < 5, `gap moved the forecast by ${dGap / 24}`);
    assert.ok(dGap < dZero, 'a gap must hurt less than zeros would');
  });
  it('treats masked points (known holidays) like gaps', () => {
    const y = hourlyTraffic(672, 3);
    const holiday = y.slice();
    for (let t = 480; t < 504; t++) holiday[t] *= 0.3;
    const mask = new Uint8Array(672).fill(0, 0);
    mask.fill(1, 480, 504);
    const clean = forecastHoltWinters(fitHoltWinters(y, { periods: P }), 24).mean;
    const masked = forecastHoltWinters(fitHoltWinters(holiday, { periods: P, mask }), 24).mean;
    for (let h = 0; h < 24; h++) assert.ok(Math.abs(masked[h] - clean[h]) < 8, `h=${h}: ${masked[h]} vs ${clean[h]}`);
  });
});

describe('forecast: input guards', () => {
  it('rejects a series shorter than two seasons of the periods it must fit', () => {
    // Fixed periods: two weeks are needed. With period selection (the default) the weekly period is
    // dropped instead (select.test.ts), and two days are needed.
    assert.throws(() => fitHoltWinters(hourlyTraffic(300, 4), { periods: P, periodSelection: 'fixed' }), /too short.*two full seasons \(336\)/i);
    assert.throws(() => fitHoltWinters(hourlyTraffic(40, 4), { periods: P }), /too short.*two full seasons \(48\)/i);
  });
  it('rejects a second period that is not a multiple of the first', () => {
    assert.throws(() => fitHoltWinters(hourlyTraffic(700, 4), { periods: [24, 100] }), /multiple of the first/);
  });
  it('rejects a non-integer horizon', () => {
    const m = fitHoltWinters(hourlyTraffic(672, 4), { periods: P });
    assert.throws(() => forecastHoltWinters(m, 1.5), /positive integer/);
  });
});

describe('forecast: an extreme outlier in the training data', () => {
  it('barely moves the robust forecast, unlike the non-robust one', () => {
    const y = hourlyTraffic(672, 5);
    const spiked = y.slice();
    spiked[660] = 100 * y[660]; // a 100x spike twelve hours before the origin
    const opts = { periods: P, seasonal: 'additive' as const, trend: 'none' as const };
    const base = forecastHoltWinters(fitHoltWinters(y, opts), 24).mean;
    const robust = forecastHoltWinters(fitHoltWinters(spiked, opts), 24).mean;
    const plain = forecastHoltWinters(fitHoltWinters(spiked, { ...opts, robust: false }), 24).mean;
    let dr = 0;
    let dp = 0;
    for (let h = 0; h < 24; h++) {
      dr += Math.abs(robust[h] - base[h]) / 24;
      dp += Math.abs(plain[h] - base[h]) / 24;
    }
    assert.ok(dr < 3, `robust forecast moved by ${dr}`);
    assert.ok(dp > 5 * dr, `non-robust moved by ${dp}, robust by ${dr}`);
  });
});
