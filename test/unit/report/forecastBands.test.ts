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
    assert.ok(f.mean.every(v => v !== null), 'every chart hour has a forecast');
    for (let i = 0; i < 168; i++) assert.ok(f.lower95[i]! <= f.lower80[i]! && f.lower80[i]! <= f.upper80[i]! && f.upper80[i]! <= f.upper95[i]!);
    assert.equal(f.scores.length, 24);
    const flagged = f.scores.map((s, i) => (Math.abs(s!) > 1 ? i : -1)).filter(i => i >= 0);
    assert.deepEqual(flagged, [14, 15, 16], `scores ${f.scores.map(s => s!.toFixed(1)).join(' ')}`);
    assert.ok(f.scores[14]! < -1, 'a drop scores below the band');
  });

  it('reports a metric it cannot forecast instead of failing the report', () => {
    const short = dataset(start, 30, { views: () => 1 }, ['a']);
    const { byMetric, problems } = buildForecastBands(config(), short, [start + 29 * HOUR], 1);
    assert.equal(byMetric.views, undefined);
    assert.match(problems[0], /^No forecast for Views: .*too short/i);
  });
});
