import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { buildHourlyReport, classify } from '../../../src/core/report/hourlyReport';
import { dataset, config, HOUR } from './fixtures';

const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).toMillis();

describe('hourly report', () => {
  it('compares each of the last 24 complete hours with the same hour 7 days earlier', () => {
    const start = utc('2026-06-01T00:00:00Z');
    // From day 7 on, traffic is 10% above the week before; slices add up.
    const data = dataset(start, 24 * 10, { views: (at, s) => (s === 'a' ? 100 : 50) * (at >= start + 7 * 24 * HOUR ? 1.1 : 1) });
    const now = start + 10 * 24 * HOUR;
    const r = buildHourlyReport(config(), data, now);
    assert.equal(r.hours.length, 24);
    assert.equal(r.hours[23].at, now - HOUR, 'latest complete hour ends at now');
    const row = r.rows[0];
    assert.equal(row.cells.length, 24);
    for (const c of row.cells) {
      assert.ok(Math.abs(c.value! - 165) < 1e-9);
      assert.equal(c.lastWeek, 150);
      assert.ok(Math.abs(c.deltaPct! - 10) < 1e-9);
      assert.equal(c.status, 'amber');
    }
    assert.equal(r.pending, undefined);
  });

  it('flags an incomplete latest hour instead of comparing it', () => {
    const start = utc('2026-06-01T00:00:00Z');
    const data = dataset(start, 24 * 9 + 1, { views: () => 100 });
    const asOf = start + 24 * 9 * HOUR + 20 * 60_000; // 20 minutes into the last bucket
    const r = buildHourlyReport(config({ asOf }), data, 0);
    assert.equal(r.hours[23].at, start + (24 * 9 - 1) * HOUR);
    assert.ok(r.pending, 'pending hour reported');
    assert.equal(r.pending!.at, start + 24 * 9 * HOUR);
    assert.equal(r.pending!.arrivedShare.views, 1);
  });

  it('uses the wall clock across the US DST end: 169 real hours back, 25-hour day flagged', () => {
    // 2026-11-01 is the 25-hour day in America/Los_Angeles. Value = local hour of day, so an
    // hour-misaligned comparison would show non-zero deltas.
    const start = utc('2026-10-20T07:00:00Z');
    const hourOfDay = (at: number) => 10 + DateTime.fromMillis(at, { zone: 'America/Los_Angeles' }).hour;
    const data = dataset(start, 24 * 14, { views: hourOfDay }, ['a']);
    const now = utc('2026-11-01T20:00:00Z'); // 12:00 PST, the window spans the 25-hour day
    const r = buildHourlyReport(config(), data, now);
    assert.ok(
      r.dstDays.some(d => d.date === '2026-11-01' && d.hours === 25),
      JSON.stringify(r.dstDays),
    );
    assert.ok(
      r.hours.some(h => h.offsetChanged),
      'hours after the change compare across offsets',
    );
    assert.ok(r.hours.some(h => h.dayHours === 25));
    // The repeated 01:00 appears twice in the window (PDT then PST).
    assert.equal(r.hours.filter(h => h.date === '2026-11-01' && h.label === '01:00').length, 2);
    for (const c of r.rows[0].cells) assert.equal(c.deltaPct, 0, 'same wall-clock hour compared');
    const after = r.hours.findIndex(h => h.offsetChanged);
    assert.equal(r.hours[after].at - DateTime.fromMillis(r.hours[after].at, { zone: 'America/Los_Angeles' }).minus({ days: 7 }).toMillis(), 169 * HOUR);
  });

  it('flags a 23-hour spring-forward day in Europe/Berlin', () => {
    const start = utc('2026-03-20T00:00:00Z');
    const data = dataset(start, 24 * 12, { views: () => 1 }, ['a']);
    const r = buildHourlyReport(config({ timezone: 'Europe/Berlin' }), data, utc('2026-03-29T12:00:00Z'));
    assert.deepEqual(r.dstDays, [{ date: '2026-03-29', hours: 23 }]);
    assert.ok(!r.hours.some(h => h.label === '02:00' && h.date === '2026-03-29'), '02:00 does not exist that day');
  });

  it('works in a half-hour-offset report zone (Asia/Kolkata): hours labelled :30, compared a week back', () => {
    const start = utc('2026-06-01T00:00:00Z');
    const data = dataset(start, 24 * 9, { views: at => 100 + DateTime.fromMillis(at, { zone: 'Asia/Kolkata' }).hour }, ['a']);
    const r = buildHourlyReport(config({ timezone: 'Asia/Kolkata' }), data, start + 24 * 9 * HOUR);
    assert.ok(
      r.hours.every(h => h.label.endsWith(':30')),
      r.hours.map(h => h.label).join(' '),
    );
    assert.ok(r.rows[0].cells.every(c => c.deltaPct === 0));
    assert.deepEqual(r.dstDays, []);
  });

  it('classifies by |delta| against amber and red thresholds', () => {
    const th = { amber: 5, red: 15 };
    assert.equal(classify(4.99, th), 'green');
    assert.equal(classify(-5, th), 'amber');
    assert.equal(classify(14.9, th), 'amber');
    assert.equal(classify(-15, th), 'red');
    assert.equal(classify(40, th), 'red');
  });

  it('marks a cell with a missing slice as a gap, never a silently short sum', () => {
    const start = utc('2026-06-01T00:00:00Z');
    const data = dataset(start, 24 * 9, { views: () => 100 });
    const last = start + (24 * 9 - 1) * HOUR;
    (data.series[1].values as Float64Array)[24 * 9 - 1] = NaN;
    const r = buildHourlyReport(config(), data, last + HOUR);
    assert.equal(r.rows[0].cells[23].status, 'gap');
    assert.equal(r.rows[0].cells[22].status, 'green');
  });

  it('computes a derived metric as the ratio of totals, not a sum of ratios', () => {
    const start = utc('2026-06-01T00:00:00Z');
    const data = dataset(start, 24 * 9, { signups: (_, s) => (s === 'a' ? 1 : 30), views: (_, s) => (s === 'a' ? 100 : 300) });
    const cfg = config({ metrics: [{ id: 'rate', label: 'Rate', ratio: { numerator: 'signups', denominator: 'views' } }] });
    const r = buildHourlyReport(cfg, data, start + 24 * 9 * HOUR);
    assert.ok(Math.abs(r.rows[0].cells[0].value! - 31 / 400) < 1e-12);
    assert.equal(r.rows[0].derived, true);
  });

  it('refuses non-hourly data and too little history with clear messages', () => {
    const start = utc('2026-06-01T00:00:00Z');
    const short = dataset(start, 24 * 5, { views: () => 1 });
    assert.throws(() => buildHourlyReport(config(), short, start + 24 * 5 * HOUR), /at least 8 days/);
    const halfHourly = { ...short, step: HOUR / 2 };
    assert.throws(
      () => buildHourlyReport(config(), halfHourly, 0),
      /test\.csv: the data has a step of 30 minutes\. Expected hourly data \(a step of 1 hour\)\./,
    );
  });

  it('shows a metric with no rows yet as a row that says so, beside the metrics that have data', () => {
    const start = utc('2026-06-01T00:00:00Z');
    const cfg = config({
      metrics: [
        { id: 'views', label: 'Views' },
        { id: 'nope', label: 'New metric' },
        { id: 'rate', label: 'Rate', ratio: { numerator: 'nope', denominator: 'views' } },
      ],
    });
    const r = buildHourlyReport(cfg, dataset(start, 24 * 9, { views: () => 1 }), start + 24 * 9 * HOUR);
    assert.equal(r.rows[0].noData, undefined);
    assert.ok(
      r.rows[0].cells.every(c => c.value !== null && c.status !== 'gap'),
      'the metric with data is unchanged',
    );
    for (const row of r.rows.slice(1)) {
      assert.equal(row.noData, 'No data yet: no rows for "nope" in test.csv.');
      assert.ok(row.cells.every(c => c.value === null && c.status === 'gap'));
    }
  });
});
