// Calibration of the prediction intervals on simulated series whose true model is known.
import assert from 'node:assert/strict';
import { fitHoltWinters, forecastHoltWinters } from '../../../src/core/forecast/holtWinters';
import { hourlyTraffic } from './helpers';

describe('forecast: interval calibration (simulation)', () => {
  it('covers about 80% and 95% of out-of-sample points over 24 origins', () => {
    let in80 = 0;
    let in95 = 0;
    let pts = 0;
    for (let seed = 1; seed <= 24; seed++) {
      const y = hourlyTraffic(672 + 24, seed);
      const m = fitHoltWinters(y.subarray(0, 672), { periods: [24, 168], maxHorizon: 24 });
      const fc = forecastHoltWinters(m, 24, [0.8, 0.95]);
      for (let h = 0; h < 24; h++) {
        const v = y[672 + h];
        if (v >= fc.intervals[0].lower[h] && v <= fc.intervals[0].upper[h]) in80++;
        if (v >= fc.intervals[1].lower[h] && v <= fc.intervals[1].upper[h]) in95++;
        pts++;
      }
    }
    const c80 = in80 / pts;
    const c95 = in95 / pts;
    // 576 points: a binomial 2-sigma band is about +-0.035 at 80% and +-0.02 at 95%; leave some room.
    assert.ok(c80 > 0.72 && c80 < 0.9, `cov80 ${c80}`);
    assert.ok(c95 > 0.9 && c95 < 0.995, `cov95 ${c95}`);
  });

  it('gives intervals at any level, nested and widening with the level', () => {
    const m = fitHoltWinters(hourlyTraffic(672, 9), { periods: [24, 168] });
    const fc = forecastHoltWinters(m, 48, [0.5, 0.8, 0.99]);
    for (let h = 0; h < 48; h++) {
      const [a, b, c] = fc.intervals;
      assert.ok(c.lower[h] <= b.lower[h] && b.lower[h] <= a.lower[h] && a.lower[h] <= fc.mean[h]);
      assert.ok(c.upper[h] >= b.upper[h] && b.upper[h] >= a.upper[h] && a.upper[h] >= fc.mean[h]);
    }
    assert.throws(() => forecastHoltWinters(m, 4, [1.2]), /level must be in \(0, 1\)/);
  });
});
