// forecastSeries: defaults and guards of the Series-level entry point.
import assert from 'node:assert/strict';
import { defaultPeriods, forecastSeries } from '../../../src/core/forecast/series';
import type { Series } from '../../../src/core/types';
import { hourlyTraffic } from './helpers';

const HOUR = 3_600_000;

describe('forecast: forecastSeries', () => {
  it('picks daily+weekly periods for hourly data, daily only under two weeks, weekly for daily data', () => {
    assert.deepEqual(defaultPeriods(HOUR, 672), [24, 168]);
    assert.deepEqual(defaultPeriods(HOUR, 200), [24]);
    assert.deepEqual(defaultPeriods(30 * 60_000, 1344), [48, 336]);
    assert.deepEqual(defaultPeriods(24 * HOUR, 60), [7]);
    assert.throws(() => defaultPeriods(7 * 60_000, 1000), /pass periods explicitly/);
    assert.throws(() => defaultPeriods(HOUR, 30), /too short/);
  });
  it('forecasts from the end of the training window, on the series grid', () => {
    const values = hourlyTraffic(1000, 21);
    const series: Series = { metric: 'm', dims: { a: 'b' }, start: Date.UTC(2026, 2, 2), step: HOUR, values };
    const fc = forecastSeries(series, { zone: 'Europe/Berlin', horizon: 24, trainEnd: 900 });
    assert.equal(fc.startIndex, 900);
    assert.equal(fc.start, series.start + 900 * HOUR);
    assert.equal(fc.mean.length, 24);
    assert.equal(fc.model.n, 672, 'default training window: the last four weeks');
    assert.deepEqual(
      fc.intervals.map(i => i.level),
      [0.8, 0.95],
    );
    assert.throws(() => forecastSeries(series, { zone: 'Europe/Berlin', horizon: 24, trainEnd: 2000 }), /trainEnd/);
  });
});
