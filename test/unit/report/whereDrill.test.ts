import assert from 'node:assert/strict';
import type { Dataset, Series } from '../../../src/core/types';
import { whereDrill, whereDrillResult } from '../../../src/core/report/whereDrill';

const HOUR = 3_600_000;
const start = Date.UTC(2026, 5, 1);
const hours = 24 * 9;
const dropFrom = start + (hours - 5) * HOUR;

/** country × platform, steady traffic with a little deterministic noise; one slice can drop. */
function cube(drop: (c: string, p: string) => number): Dataset {
  const series: Series[] = [];
  const metrics = ['views', 'signups'];
  for (const metric of metrics) {
    for (const country of ['US', 'IN', 'GB', 'DE']) {
      for (const platform of ['web', 'ios', 'android']) {
        const values = new Float64Array(hours);
        for (let i = 0; i < hours; i++) {
          const at = start + i * HOUR;
          const phase = metric.length * 3 + country.charCodeAt(0) + platform.length; // each series its own noise
          const base = (metric === 'views' ? 1000 : 20) * (country === 'US' ? 3 : 1) * (1 + 0.03 * Math.sin(i * 7 + phase));
          values[i] = base * (at >= dropFrom ? drop(country, platform) : 1);
        }
        series.push({ metric, dims: { country, platform }, start, step: HOUR, values });
      }
    }
  }
  return { source: 't.csv', dimensions: ['country', 'platform'], metrics, start, end: start + hours * HOUR, step: HOUR, series, gaps: [] };
}

describe('where an anomaly is (drill-down over the segment)', () => {
  it('leaves a slice with a negative ratio denominator out, with a warning, instead of throwing (fuzz: pipeline)', () => {
    const data = cube((c, p) => (c === 'IN' && p === 'ios' ? 0.3 : 1));
    const bad = data.series.find(s => s.metric === 'views' && s.dims.country === 'DE' && s.dims.platform === 'web')!;
    bad.values.fill(-828);
    const res = whereDrillResult(
      data,
      { id: 'rate', label: 'Rate', ratio: { numerator: 'signups', denominator: 'views' } },
      dropFrom,
      dropFrom + 5 * HOUR,
      'UTC',
    );
    assert.deepEqual(res.warnings, ['1 slice(s) with a negative views were left out of the drill-down']);
  });

  it('names the one slice that dropped, with its own change and its share', () => {
    const data = cube((c, p) => (c === 'IN' && p === 'ios' ? 0.3 : 1));
    const found = whereDrill(data, { id: 'views', label: 'Views' }, dropFrom, dropFrom + 5 * HOUR, 'UTC');
    assert.deepEqual(
      found.map(f => f.dims),
      [{ country: 'IN', platform: 'ios' }],
    );
    assert.ok(Math.abs(found[0].relativeChange! + 0.7) < 0.05, String(found[0].relativeChange));
    assert.ok(found[0].share > 0.7, `share ${found[0].share}`);
  });

  it('names a whole platform when it dropped in every country', () => {
    const data = cube((_, p) => (p === 'ios' ? 0.4 : 1));
    const found = whereDrill(data, { id: 'views', label: 'Views' }, dropFrom, dropFrom + 5 * HOUR, 'UTC');
    assert.deepEqual(
      found.map(f => f.dims),
      [{ platform: 'ios' }],
    );
  });

  it('handles a ratio metric as a ratio: a sign-up rate that fell only in GB', () => {
    const data = cube(() => 1);
    for (const s of data.series)
      if (s.metric === 'signups' && s.dims.country === 'GB') for (let i = hours - 5; i < hours; i++) (s.values as Float64Array)[i] *= 0.2;
    const found = whereDrill(data, { id: 'rate', label: 'Rate', ratio: { numerator: 'signups', denominator: 'views' } }, dropFrom, dropFrom + 5 * HOUR, 'UTC');
    assert.deepEqual(
      found.map(f => f.dims),
      [{ country: 'GB' }],
    );
  });

  it('finds nothing significant in noise alone', () => {
    const data = cube(() => 1);
    assert.deepEqual(whereDrill(data, { id: 'views', label: 'Views' }, dropFrom, dropFrom + 5 * HOUR, 'UTC'), []);
  });

  it('is not thrown off by constant columns: 30 of them (32 in all) still name the slice', () => {
    // 32 columns used to wrap 1 << 32 to 1: no candidates at all, and nothing found.
    const plain = cube((c, p) => (c === 'IN' && p === 'ios' ? 0.3 : 1));
    const extra = Array.from({ length: 30 }, (_, j) => `k${j}`);
    const data = {
      ...plain,
      dimensions: [...plain.dimensions, ...extra],
      series: plain.series.map(s => ({ ...s, dims: { ...s.dims, ...Object.fromEntries(extra.map(k => [k, 'all'])) } })),
    };
    const m = { id: 'views', label: 'Views' };
    const r = whereDrillResult(data, m, dropFrom, dropFrom + 5 * HOUR, 'UTC');
    assert.deepEqual(r.slices, whereDrill(plain, m, dropFrom, dropFrom + 5 * HOUR, 'UTC'));
    assert.deepEqual(
      r.slices.map(f => f.dims),
      [{ country: 'IN', platform: 'ios' }],
    );
    assert.deepEqual(r.warnings, []);
  });

  it("passes on the localizer's warnings when it had to bound the search", () => {
    // 22 more columns that vary between series, each splitting them its own way (the bits of j + 1):
    // 24 in all, so pairs (300 cuboids) exceed the cap.
    const plain = cube((_, p) => (p === 'ios' ? 0.4 : 1));
    const extra = Array.from({ length: 22 }, (_, j) => `x${j}`);
    const data = {
      ...plain,
      dimensions: [...plain.dimensions, ...extra],
      series: plain.series.map((s, i) => ({
        ...s,
        dims: { ...s.dims, ...Object.fromEntries(extra.map((k, j) => [k, i % 12 === 0 ? '0' : String(((j + 1) >> ((i % 12) - 1)) & 1)])) },
      })),
    };
    const r = whereDrillResult(data, { id: 'views', label: 'Views' }, dropFrom, dropFrom + 5 * HOUR, 'UTC');
    assert.deepEqual(
      r.slices.map(f => f.dims),
      [{ platform: 'ios' }],
    );
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0], /24 dimensions vary/);
  });
});
