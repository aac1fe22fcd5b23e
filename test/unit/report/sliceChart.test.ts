// Charting one slice of a metric: the slice's own totals this week and last week, and its own
// forecast, which sees the drop that the metric's total dilutes.
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { buildTable } from '../../../src/core/pipeline';
import { sliceChart, sliceProblem } from '../../../src/core/report/sliceChart';
import { config, dataset, HOUR } from './fixtures';

const start = Date.UTC(2026, 5, 1, 7);
const hours = 35 * 24;
const now = start + hours * HOUR;
const dropFrom = start + (hours - 8) * HOUR;
const shape = (scale: number) => (at: number, slice: string) => {
  const t = DateTime.fromMillis(at, { zone: 'America/Los_Angeles' });
  const daily = 1 + 0.6 * Math.sin(((t.hour - 6) / 24) * 2 * Math.PI);
  const drop = slice === 'b' && at >= dropFrom && at < dropFrom + 3 * HOUR ? 0.4 : 1;
  return Math.round(scale * daily * (slice === 'a' ? 3 : 1) * drop);
};
const data = dataset(start, hours, { views: shape(1000), signups: shape(50) });
const cfg = config({
  metrics: [
    { id: 'views', label: 'Views' },
    { id: 'signups', label: 'Sign-ups' },
    { id: 'rate', label: 'Sign-up rate', ratio: { numerator: 'signups', denominator: 'views' } },
  ],
});

describe('report: a slice charted against its own forecast', () => {
  const table = buildTable(cfg, data, { now: () => now });

  it("charts the slice's totals on the report's axis, with the same hours last week", () => {
    const c = sliceChart(cfg, data, table.window, 'views', { slice: 'b' });
    assert.deepEqual(c.x, [...table.window.chartX]);
    const i = c.x.indexOf(dropFrom + HOUR);
    assert.equal(c.thisWeek[i], shape(1000)(dropFrom + HOUR, 'b'), 'only slice b, not the total');
    assert.equal(c.lastWeek[i], shape(1000)(dropFrom + HOUR - 7 * 24 * HOUR, 'b'));
  });

  it("puts the slice's drop outside its own forecast band", () => {
    const c = sliceChart(cfg, data, table.window, 'views', { slice: 'b' });
    assert.ok(c.forecast, c.forecastProblem);
    const i = c.x.indexOf(dropFrom + HOUR);
    assert.ok(c.thisWeek[i]! < c.forecast.lower95[i]!, `${c.thisWeek[i]} below ${c.forecast.lower95[i]}`);
    const j = c.x.indexOf(dropFrom - 24 * HOUR);
    assert.ok(c.thisWeek[j]! >= c.forecast.lower95[j]! && c.thisWeek[j]! <= c.forecast.upper95[j]!, 'an ordinary hour is inside');
  });

  it('keeps a ratio a ratio of the slice totals', () => {
    const c = sliceChart(cfg, data, table.window, 'rate', { slice: 'a' });
    const i = c.x.length - 30;
    const at = c.x[i];
    assert.ok(Math.abs(c.thisWeek[i]! - shape(50)(at, 'a') / shape(1000)(at, 'a')) < 1e-12);
  });

  it('refuses an unknown metric, dimension or value with what it expected', () => {
    assert.match(sliceProblem(cfg, data, 'nope', { slice: 'a' })!, /"nope" is not a metric/);
    assert.match(sliceProblem(cfg, data, 'views', { country: 'US' })!, /"country" is not a dimension of test\.csv \(it has: slice\)/);
    assert.match(sliceProblem(cfg, data, 'views', { slice: 'z' })!, /no data for slice=z/);
    assert.match(sliceProblem(cfg, data, 'views', {})!, /at least one dimension/);
    assert.throws(() => sliceChart(cfg, data, table.window, 'views', { slice: 'z' }), /no data for slice=z/);
  });
});
