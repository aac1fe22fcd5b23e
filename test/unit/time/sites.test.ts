// Every place that compares a bucket with "the same hour last week" pairs the same buckets, on a
// week that starts with a skipped hour (the EU spring change) and on a half-hour DST zone.
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { detectAnomalies } from '../../../src/core/anomaly/detect';
import { weekLagIndex } from '../../../src/core/context/baseline';
import { baselineWindow } from '../../../src/core/context/candidates';
import { EventIndex } from '../../../src/core/context/eventIndex';
import { buildHourlyReport } from '../../../src/core/report/hourlyReport';
import { buildWeekCharts } from '../../../src/core/report/weekChart';
import { weekEarlier, weekEarlierIndex, weekLater } from '../../../src/core/time';
import { config, dataset, HOUR } from '../report/fixtures';

describe('time: every site pairs the same hour last week', () => {
  for (const [zone, now] of [
    ['Europe/Berlin', '2026-04-06T00:00'],
    ['Australia/Lord_Howe', '2026-04-13T00:00'],
  ] as const) {
    it(`the report, its chart, the detector and the baseline, in ${zone}`, () => {
      const end = DateTime.fromISO(now, { zone }).toMillis();
      const start = end - 20 * 24 * HOUR;
      // Each bucket's value is its index + 1, so a last-week value names the bucket it came from.
      const data = dataset(start, 20 * 24, { views: at => (at - start) / HOUR + 1 }, ['a']);
      const want = (i: number): number | null => {
        const j = weekEarlierIndex(data, i, zone);
        return j === undefined ? null : j + 1;
      };
      const report = buildHourlyReport(config({ timezone: zone }), data, end);
      const first = (report.hours[0]!.at - start) / HOUR;
      assert.deepEqual(
        report.rows[0]!.cells.map(c => c.lastWeek),
        report.hours.map((_, k) => want(first + k)),
      );
      const chart = buildWeekCharts(config({ timezone: zone }), data, report).views!;
      assert.deepEqual(
        chart.lastWeek,
        chart.x.map(at => want((at - start) / HOUR)),
      );
      const series = data.series[0]!;
      const det = detectAnomalies(series, { zone, from: 20 * 24 - 48 });
      assert.deepEqual(
        Array.from(det.lastWeek, v => (Number.isNaN(v) ? null : v)),
        Array.from({ length: 48 }, (_, h) => want(20 * 24 - 48 + h)),
      );
      const lag = weekLagIndex(start, HOUR, 20 * 24, zone);
      assert.deepEqual(
        Array.from(lag, j => (j < 0 ? null : j + 1)),
        Array.from(lag, (_, i) => want(i)),
      );
      const seg = { start: report.hours[0]!.at, end: end } as Parameters<typeof baselineWindow>[0];
      assert.deepEqual(baselineWindow(seg, zone), [weekEarlier(seg.start, zone), weekEarlier(end, zone)]);
      const ev = new EventIndex([{ name: 'x', kind: 'other', start: seg.start, end, zone, countries: [], source: 'x' }], zone);
      assert.deepEqual(ev.nextWeek(0), [weekLater(seg.start, zone), weekLater(end, zone)]);
    });
  }

  it('in Berlin, 02:00 and 03:00 on 2026-04-05 both compare with 03:00 a week earlier (02:00 was skipped)', () => {
    const zone = 'Europe/Berlin';
    const end = DateTime.fromISO('2026-04-06T00:00', { zone }).toMillis();
    const start = end - 20 * 24 * HOUR;
    const data = dataset(start, 20 * 24, { views: at => (at - start) / HOUR + 1 }, ['a']);
    const report = buildHourlyReport(config({ timezone: zone }), data, end);
    const cell = (label: string) => report.rows[0]!.cells[report.hours.findIndex(h => h.label === label)]!;
    assert.equal(cell('02:00').lastWeek, cell('03:00').lastWeek);
    // Hours back: 167 up to the change (CEST against CET), 168 after it (CEST against CEST).
    assert.deepEqual(
      ['01:00', '02:00', '03:00'].map(l => cell(l).value! - cell(l).lastWeek!),
      [167, 167, 168],
    );
  });

  it('in Lord Howe, an hourly grid has no hour a week before the 30-minute change', () => {
    const zone = 'Australia/Lord_Howe';
    const end = DateTime.fromISO('2026-04-09T00:00', { zone }).toMillis();
    const start = end - 20 * 24 * HOUR;
    const data = dataset(start, 20 * 24, { views: at => (at - start) / HOUR + 1 }, ['a']);
    const report = buildHourlyReport(config({ timezone: zone }), data, end);
    assert.ok(report.rows[0]!.cells.every(c => c.lastWeek === null && c.status === 'na'));
  });
});
