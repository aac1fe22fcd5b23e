import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { buildForecastBands } from '../../../src/core/report/forecastBands';
import { dataset, config, HOUR } from './fixtures';

describe('forecast bands for the panel', () => {
  // Five weeks of a daily-and-weekly pattern in local time, with a 40% drop in 3 hours of the last day.
  const start = Date.UTC(2026, 5, 1, 7);
  const hours = 35 * 24;
  const dropFrom = start + (hours - 10) * HOUR;
  const shape = (at: number) => {
    const t = DateTime.fromMillis(at, { zone: 'America/Los_Angeles' });
    const daily = 1 + 0.6 * Math.sin(((t.hour - 6) / 24) * 2 * Math.PI);
    const weekly = t.weekday >= 6 ? 0.5 : 1;
    const noise = 1 + 0.01 * Math.sin(at / 7_777_777);
    const drop = at >= dropFrom && at < dropFrom + 3 * HOUR ? 0.6 : 1;
    return 1000 * daily * weekly * noise * drop;
  };
  const data = dataset(start, hours, { views: shape }, ['a']);
  const x = Array.from({ length: 168 }, (_, i) => start + (hours - 168 + i) * HOUR);

  it('gives day-ahead bands aligned with the chart, and flags only the injected drop', () => {
    const { byMetric, problems } = buildForecastBands(config(), data, x, 24);
    assert.deepEqual(problems, []);
    const f = byMetric.views;
    assert.equal(f.mean.length, 168);
    assert.ok(
      f.mean.every(v => v !== null),
      'every chart hour has a forecast',
    );
    for (let i = 0; i < 168; i++) assert.ok(f.lower95[i]! <= f.lower80[i]! && f.lower80[i]! <= f.upper80[i]! && f.upper80[i]! <= f.upper95[i]!);
    assert.equal(f.scores.length, 24);
    const flagged = f.scores.map((s, i) => (Math.abs(s!) > 1 ? i : -1)).filter(i => i >= 0);
    assert.deepEqual(flagged, [14, 15, 16], `scores ${f.scores.map(s => s!.toFixed(1)).join(' ')}`);
    assert.ok(f.scores[14]! < -1, 'a drop scores below the band');
  });

  it('never gives a band narrower than the data can be measured: half a count, or 0.5% of the level', () => {
    const flat = (v: number) => dataset(start, hours, { views: () => v }, ['a']);
    const half95 = (v: number) => {
      const f = buildForecastBands(config(), flat(v), x, 24).byMetric.views;
      return [f.upper95[0]! - f.mean[0]!, f.upper80[0]! - f.mean[0]!];
    };
    const [zero95, zero80] = half95(0);
    assert.ok(Math.abs(zero95 - 0.5) < 1e-9 && zero80 > 0 && zero80 < zero95, `a count that stays 0: ${zero95}, ${zero80}`);
    assert.ok(Math.abs(half95(2000)[0] - 10) < 1e-6, 'a constant count of 2000: 0.5%');
    assert.ok(Math.abs(half95(0.25)[0] - 0.00125) < 1e-9, 'a constant 0.25, not a count: 0.5%, not half a unit');
  });

  it('says what data the prediction intervals need when there is too little', () => {
    // Four days of values, then a few scattered ones: the four days only start the (daily) model, and
    // too few forecast errors follow. (With two weeks of values the daily model has errors enough: the
    // weekly season, which needed more, is dropped for want of data, ADR 0019.)
    const sparse = new Set([340, 400, 460, 510].map(h => start + h * HOUR));
    const gap = dataset(start, 22 * 24, { views: at => (at < start + 4 * 24 * HOUR || sparse.has(at) ? 100 + ((at / HOUR) % 24) : NaN) }, ['a']);
    const { problems } = buildForecastBands(config(), gap, [start + (22 * 24 - 1) * HOUR], 1);
    assert.match(
      problems[0],
      /^No forecast for Views: Too few in-sample errors to build prediction intervals: they need at least 102 points of history, the first 96 to start the model and then at least 6 consecutive points with values; this series has 527 points, 4 of them with values after the first 96\.$/,
    );
  });

  it('draws the band when a whole week of history is missing, and says why it is less certain', () => {
    // Week 2 of the four-week training window of the report day (hours 144-815) has no data (a feed outage).
    const lost = dataset(start, hours, { views: at => (at >= start + 312 * HOUR && at < start + 480 * HOUR ? NaN : shape(at)) }, ['a']);
    const { byMetric, problems } = buildForecastBands(config(), lost, x, 24);
    assert.deepEqual(problems, []);
    const f = byMetric.views;
    assert.ok(f.mean.every(v => v !== null) && f.upper95.every(v => v !== null));
    assert.equal(f.notes?.length, 1);
    assert.match(f.notes![0], /^1 of the 4 weeks of the training window has no data: the seasonal pattern and the band's width are learned from the other 3/);
    assert.deepEqual(buildForecastBands(config(), data, x, 24).byMetric.views.notes, []);
  });

  it('reports a metric it cannot forecast instead of failing the report', () => {
    const short = dataset(start, 30, { views: () => 1 }, ['a']);
    const { byMetric, problems } = buildForecastBands(config(), short, [start + 29 * HOUR], 1);
    assert.equal(byMetric.views, undefined);
    assert.match(problems[0], /^No forecast for Views: .*too short/i);
  });
});
