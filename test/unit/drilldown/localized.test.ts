// The explainer's use of the localizer (src/core/context/localized.ts): wide cubes and warnings.
import assert from 'node:assert/strict';
import { localizeSegment } from '../../../src/core/context/localized';
import type { AnomalySegment, Dataset, Series } from '../../../src/core/types';

const HOUR = 3_600_000;
const start = Date.UTC(2026, 5, 1);

/** 4 countries x 3 platforms over 10 hours, IN down 60% in the last 4; `extra` more columns per series. */
function dataset(extra: (series: number) => Record<string, string>): Dataset {
  const series: Series[] = [];
  let k = 0;
  for (const country of ['US', 'IN', 'GB', 'DE']) {
    for (const platform of ['web', 'ios', 'android']) {
      const values = Float64Array.from({ length: 10 }, (_, i) => 100 * (1 + 0.02 * Math.sin(i * 5 + k)) * (country === 'IN' && i >= 6 ? 0.4 : 1));
      series.push({ metric: 'views', dims: { country, platform, ...extra(k++) }, start, step: HOUR, values });
    }
  }
  return { source: 't.csv', dimensions: Object.keys(series[0].dims), metrics: ['views'], start, end: start + 10 * HOUR, step: HOUR, series, gaps: [] };
}

const seg: AnomalySegment = {
  metric: 'views',
  dims: {},
  start: start + 6 * HOUR,
  end: start + 10 * HOUR,
  peakAt: start + 7 * HOUR,
  direction: 'down',
  severity: 3,
  actual: 0,
  expected: 0,
};
const flat = (): number => 100; // the baseline: every leaf expected at 100 per hour

describe('context/localizeSegment over wide cubes', () => {
  it('finds the country among 40 columns, 38 of them constant, with no warning', () => {
    const ds = dataset(() => Object.fromEntries(Array.from({ length: 38 }, (_, j) => [`k${j}`, 'all'])));
    assert.equal(ds.dimensions.length, 40);
    const loc = localizeSegment(seg, ds, flat);
    assert.deepEqual(
      loc?.causes.map(c => c.dims),
      [{ country: 'IN' }],
    );
    assert.deepEqual(loc?.warnings, []);
  });

  it("passes on the localizer's warnings", () => {
    const ds = dataset(k => Object.fromEntries(Array.from({ length: 22 }, (_, j) => [`x${j}`, k === 0 ? '0' : String(((j + 1) >> (k - 1)) & 1)])));
    const loc = localizeSegment(seg, ds, flat);
    assert.deepEqual(
      loc?.causes.map(c => c.dims),
      [{ country: 'IN' }],
    );
    assert.match(loc?.warnings?.[0] ?? '', /24 dimensions vary/);
  });
});
