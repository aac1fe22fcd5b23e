// The anomaly's heat-map (contributions by dimension): hand-computed cubes, its bounds, and that it
// gives a slice the same numbers as the drill-down's "where" line.
import assert from 'node:assert/strict';
import { anomalyContributions, type Contributions, type ValueContribution } from '../../../src/core/report/heatmap';
import { whereDrillResult } from '../../../src/core/report/whereDrill';
import { triageReport } from '../../../src/core/report/triage';
import type { AdditiveLeaf } from '../../../src/core/drilldown';
import type { Dataset, Series } from '../../../src/core/types';
import { config, HOUR } from './fixtures';

const close = (a: number | null | undefined, b: number, what = '', eps = 1e-9): void =>
  assert.ok(typeof a === 'number' && Math.abs(a - b) < eps, `${what}: ${a} != ${b}`);
const dim = (c: Contributions, d: string) => c.dimensions.find(x => x.dimension === d)!;
const row = (c: Contributions, d: string, v: string): ValueContribution => dim(c, d).values.find(x => x.value === v)!;
const sum = (xs: readonly ValueContribution[], k: 'contribution' | 'shareBefore') => xs.reduce((a, x) => a + (x[k] ?? 0), 0);

describe('report/heatmap: contributions by dimension', () => {
  // Forecast 200 (US 100, IN 100; ios 90, web 110). iOS halves everywhere: actual 155, change -45.
  const broken: AdditiveLeaf[] = [
    { dims: { country: 'US', platform: 'ios' }, forecast: 60, actual: 30 },
    { dims: { country: 'US', platform: 'web' }, forecast: 40, actual: 40 },
    { dims: { country: 'IN', platform: 'ios' }, forecast: 30, actual: 15 },
    { dims: { country: 'IN', platform: 'web' }, forecast: 70, actual: 70 },
  ];

  it('shows a single broken platform as all of the change, with hand-computed figures', () => {
    const c = anomalyContributions({ kind: 'additive', leaves: broken });
    assert.equal(c.kind, 'additive');
    close(c.expected, 200, 'total expected');
    close(c.actual, 155, 'total actual');
    assert.deepEqual(
      c.dimensions.map(d => d.dimension),
      ['platform', 'country'],
      'the most explanatory dimension first',
    );
    assert.deepEqual(
      dim(c, 'platform').values.map(v => v.value),
      ['ios', 'web'],
    );
    const ios = row(c, 'platform', 'ios');
    close(ios.expected, 90, 'ios expected');
    close(ios.actual, 45, 'ios actual');
    close(ios.relativeChange, -0.5, 'ios change');
    close(ios.shareBefore, 0.45, 'ios share before');
    close(ios.contribution, 1, 'ios contribution');
    close(row(c, 'platform', 'web').contribution, 0, 'web contribution');
    close(row(c, 'platform', 'web').relativeChange, 0, 'web change');
    // Country: US lost 30 of the 45, IN 15.
    close(row(c, 'country', 'US').contribution, 2 / 3, 'US');
    close(row(c, 'country', 'IN').contribution, 1 / 3, 'IN');
    close(row(c, 'country', 'US').relativeChange, -0.3, 'US change');
    for (const d of c.dimensions) {
      close(sum(d.values, 'contribution'), 1, `${d.dimension} contributions add up`);
      close(sum(d.values, 'shareBefore'), 1, `${d.dimension} shares add up`);
    }
    assert.equal(c.gaps, 0);
    assert.ok(!('gaps' in ios) && !('others' in ios), 'no optional fields when there is nothing to say');
  });

  it('folds the values past the bound into one row that keeps the sums, never a row of one, and drops single-valued dimensions', () => {
    // 15 cities, city k loses k: the total lost is 120; one country only (not shown).
    const leaves = Array.from({ length: 15 }, (_, i) => ({
      dims: { city: `c${String(i + 1).padStart(2, '0')}`, country: 'US' },
      forecast: 100,
      actual: 100 - (i + 1),
    }));
    const c = anomalyContributions({ kind: 'additive', leaves });
    assert.deepEqual(
      c.dimensions.map(d => d.dimension),
      ['city'],
      'a dimension with one value says nothing',
    );
    const values = dim(c, 'city').values;
    assert.equal(values.length, 11);
    assert.deepEqual(
      values.slice(0, 3).map(v => v.value),
      ['c15', 'c14', 'c13'],
      'the largest contributions first',
    );
    const other = values[10];
    assert.equal(other.value, '');
    assert.equal(other.others, 5);
    close(other.expected, 500, 'other expected');
    close(other.actual, 500 - 15, 'other actual: c01..c05 lost 1+2+3+4+5');
    close(other.contribution, 15 / 120, 'other contribution');
    close(other.shareBefore, 5 / 15, 'other share');
    close(other.relativeChange, -15 / 500, 'other change');
    close(sum(values, 'contribution'), 1, 'contributions add up with the folded row');
    // One value past the bound is shown as itself.
    const eleven = anomalyContributions({ kind: 'additive', leaves: leaves.slice(0, 11) });
    assert.equal(dim(eleven, 'city').values.length, 11);
    assert.ok(dim(eleven, 'city').values.every(v => v.others === undefined));
    // Custom bounds: two values and one dimension at most.
    const small = anomalyContributions({ kind: 'additive', leaves: broken }, { maxValues: 1, maxDimensions: 1 });
    assert.deepEqual(
      small.dimensions.map(d => d.values.length),
      [2],
    );
  });

  it('breaks ties by value, so the order (and the cut) is the same every time', () => {
    const leaves = ['b', 'd', 'a', 'c'].map(v => ({ dims: { k: v }, forecast: 10, actual: 5 }));
    const c = anomalyContributions({ kind: 'additive', leaves }, { maxValues: 2 });
    assert.deepEqual(
      dim(c, 'k').values.map(v => v.value || `+${v.others}`),
      ['a', 'b', '+2'],
    );
    for (const v of dim(c, 'k').values.slice(0, 2)) close(v.contribution, 0.25, v.value);
  });

  it('says "unknown" (null), never 0 or NaN, for shares of a zero total and contributions to no change', () => {
    // Nothing expected at all: no share before, no own change; the change itself is all a's.
    const fromZero = anomalyContributions({
      kind: 'additive',
      leaves: [
        { dims: { k: 'a' }, forecast: 0, actual: 5 },
        { dims: { k: 'b' }, forecast: 0, actual: 0 },
      ],
    });
    const a = row(fromZero, 'k', 'a');
    assert.equal(a.shareBefore, null);
    assert.equal(a.relativeChange, null);
    close(a.contribution, 1, 'a');
    // Two moves that cancel: the total did not change, so nothing has a share of its change.
    const flat = anomalyContributions({
      kind: 'additive',
      leaves: [
        { dims: { k: 'x' }, forecast: 10, actual: 20 },
        { dims: { k: 'y' }, forecast: 10, actual: 0 },
      ],
    });
    assert.deepEqual(
      dim(flat, 'k').values.map(v => v.contribution),
      [null, null],
    );
    close(row(flat, 'k', 'y').relativeChange, -1, 'y');
    // JSON keeps every number (no NaN or Infinity turned into null on the way).
    assert.deepEqual(JSON.parse(JSON.stringify(flat)), flat);
  });

  it('leaves missing numbers out as counted gaps, never as zeros', () => {
    const c = anomalyContributions({
      kind: 'additive',
      leaves: [
        ...broken,
        { dims: { country: 'BR', platform: 'ios' }, forecast: undefined, actual: 50 },
        { dims: { country: 'BR', platform: 'web' }, forecast: 20, actual: NaN },
      ],
    });
    assert.equal(c.gaps, 2);
    close(c.expected, 200, 'the gaps are not in the total');
    const br = row(c, 'country', 'BR');
    assert.deepEqual(br, { value: 'BR', expected: null, actual: null, relativeChange: null, shareBefore: null, contribution: null, gaps: 2 });
    const ios = row(c, 'platform', 'ios');
    assert.equal(ios.gaps, 1);
    close(ios.contribution, 1, 'ios still all of the change');
    close(ios.expected, 90, 'ios without its gap');
  });

  it("for a ratio, gives each value's own rate, its rate effect, its traffic share, and folds rates by their traffic", () => {
    // Same traffic; the rate doubles in IN (10% to 20%), holds in US, falls in GB (20% to 15%).
    const c = anomalyContributions(
      {
        kind: 'ratio',
        leaves: [
          { dims: { country: 'IN' }, forecast: { num: 10, den: 100 }, actual: { num: 20, den: 100 } },
          { dims: { country: 'US' }, forecast: { num: 30, den: 300 }, actual: { num: 30, den: 300 } },
          { dims: { country: 'GB' }, forecast: { num: 20, den: 100 }, actual: { num: 15, den: 100 } },
        ],
      },
      { maxValues: 1 },
    );
    assert.equal(c.kind, 'ratio');
    close(c.expected, 60 / 500, 'total rate before');
    close(c.actual, 65 / 500, 'total rate now');
    const [first, other] = dim(c, 'country').values;
    assert.equal(first.value, 'IN');
    close(first.relativeChange, 1, 'IN rate doubled');
    close(first.shareBefore, 0.2, "IN's share of the traffic");
    // Rate effects over the total change of 5/500: IN +10/500, GB -5/500, US none.
    close(first.contribution, 2, 'IN rate effect');
    assert.equal(other.others, 2);
    close(other.expected, 50 / 400, 'US and GB: their numerators over their denominators before');
    close(other.actual, 45 / 400, 'and now');
    close(other.relativeChange, -0.1, 'their rate change');
    close(other.contribution, -1, 'GB rate effect, US none');
    close(other.shareBefore, 0.8, 'their traffic');
  });

  it('gives a slice the numbers the "where" line gives it (the same cube), and triage attaches it to the anomaly', () => {
    // Four countries x three platforms over nine days; iOS loses 60% in the last hour everywhere.
    const start = Date.UTC(2026, 5, 1);
    const hours = 24 * 9;
    const at = start + (hours - 1) * HOUR;
    const series: Series[] = [];
    for (const country of ['US', 'IN', 'GB', 'DE'])
      for (const platform of ['web', 'ios', 'android']) {
        const phase = country.charCodeAt(0) + platform.length;
        const values = Float64Array.from(
          { length: hours },
          (_, i) => 1000 * (1 + 0.03 * Math.sin(i * 7 + phase)) * (platform === 'ios' && i === hours - 1 ? 0.4 : 1),
        );
        series.push({ metric: 'views', dims: { country, platform }, start, step: HOUR, values });
      }
    const data: Dataset = {
      source: 't.csv',
      dimensions: ['country', 'platform'],
      metrics: ['views'],
      start,
      end: start + hours * HOUR,
      step: HOUR,
      series,
      gaps: [],
    };
    const m = { id: 'views', label: 'Views' };
    const where = whereDrillResult(data, m, at, at + HOUR, 'UTC');
    const heat = anomalyContributions(where.cube!);
    const slice = where.slices.find(s => s.dims.platform === 'ios' && Object.keys(s.dims).length === 1);
    assert.ok(slice, JSON.stringify(where.slices));
    const a = row(heat, 'platform', 'ios');
    close(a.relativeChange, slice.relativeChange!, 'own change');
    close(a.contribution, slice.share, 'share of the change');
    assert.equal(heat.dimensions[0].values[0], a, 'iOS leads the heat-map');
    assert.ok(a.contribution! > 0.95, `iOS is nearly all of the change: ${a.contribution}`);
    // Through triage: the anomaly carries it.
    const band = (v: number) => Array.from({ length: 24 }, () => v);
    const f = { mean: band(12_000), lower80: band(11_700), upper80: band(12_300), lower95: band(11_500), upper95: band(12_500), scores: [] };
    const [anomaly] = triageReport(config({ timezone: 'UTC' }), data, { views: f }, start + (hours - 24) * HOUR, 24, undefined);
    assert.equal(anomaly.start, at);
    assert.deepEqual(anomaly.contributions, heat);
  });
});
