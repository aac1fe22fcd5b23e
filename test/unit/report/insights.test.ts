// Issue 10, points 5-7 in the core: stale data and the partial hour (hourlyReport), explanations in
// plain words with one number per slice (triage, the explainer's wording), and incidents in the
// snapshot (present). The demo runs through the real pipeline with in-memory ports.
import assert from 'node:assert/strict';
import { parseReportConfig } from '../../../src/core/config/reportConfig';
import { parseEventsYaml } from '../../../src/core/context/events';
import { HolidayCalendar } from '../../../src/core/context/holidays';
import { parseLongCsv } from '../../../src/core/csv';
import { CSV_PATH, generateDemo } from '../../../src/core/demo';
import { analyze, buildTable, presentReport, type PresentedReport } from '../../../src/core/pipeline';
import { buildHourlyReport, STALE_AFTER_HOURS, staleDataWarning } from '../../../src/core/report/hourlyReport';
import { causeSlice } from '../../../src/core/report/triage';
import type { ExplanationKind } from '../../../src/core/context/types';
import { incidentGroups } from '../../../src/core/report/incidents';
import { config, dataset, HOUR } from './fixtures';

const START = Date.parse('2026-06-01T00:00:00Z');
const DAYS = 9;

/** Nine days of views and signups; the last hour has `partial` of its rows' worth of volume. */
function partialDay(partial = 0.35) {
  const end = START + DAYS * 24 * HOUR;
  return dataset(START, DAYS * 24, {
    views: at => (at === end - HOUR ? 100 * partial : 100),
    signups: at => (at === end - HOUR ? 5 * partial : 5),
  });
}
const RATE = { id: 'rate', label: 'Rate', ratio: { numerator: 'signups', denominator: 'views' } };
const cfg = (over: Parameters<typeof config>[0] = {}) =>
  config({ metrics: [{ id: 'views', label: 'Views' }, { id: 'signups', label: 'Sign-ups' }, RATE], ...over });

describe('report: stale data and the partial hour', () => {
  const dataEnd = START + DAYS * 24 * HOUR;

  it('is fresh while the report clock is in the partial hour: that hour is pending, shown and not compared', () => {
    const r = buildHourlyReport(cfg({ asOf: dataEnd - 40 * 60_000 }), partialDay(), 0);
    assert.deepEqual(r.freshness, { ageHours: 0, stale: false });
    assert.equal(r.hours[23].at, dataEnd - 2 * HOUR, 'the window ends where the partial hour starts');
    assert.equal(r.pending?.at, dataEnd - HOUR);
    assert.equal(staleDataWarning(r), undefined);
  });

  it('computes arrival from volume metrics only: a ratio metric is never averaged into it', () => {
    const r = buildHourlyReport(cfg({ asOf: dataEnd - 40 * 60_000 }), partialDay(0.35), 0);
    const p = r.pending!;
    // One partial cell per row, in the rows' order; the rate's value is its rate so far (5/100).
    assert.deepEqual(
      p.cells.map(c => c.arrivedShare),
      [0.35, 0.35, null],
    );
    assert.ok(Math.abs(p.cells[2].value! - 0.05) < 1e-12);
    assert.equal(p.arrivedShare.rate, null);
    assert.ok(Math.abs(p.arrived! - 0.35) < 1e-12, `arrived ${p.arrived}`);
    assert.equal(p.label, '16:00');
    assert.equal(p.date, '2026-06-09');
  });

  it(`is stale when the latest complete hour ended more than ${STALE_AFTER_HOURS} hours before the clock (past its settle time)`, () => {
    const data = dataset(START, DAYS * 24, { views: () => 100 });
    const at = (h: number, settleMinutes = 0) => buildHourlyReport(config({ asOf: dataEnd + h * HOUR, settleMinutes }), data, 0);
    assert.equal(at(2).freshness.stale, false, 'exactly 2 hours: a delivery may be running late');
    const late = at(2.5);
    assert.equal(late.freshness.stale, true);
    assert.ok(late.freshness.ageHours >= 3, 'the age is that of the window the report shows');
    // A settle time of an hour moves the line by an hour.
    assert.equal(at(2.5, 60).freshness.stale, false);
    assert.equal(at(3.5, 60).freshness.stale, true);
  });

  it("takes stale data's last hour as the partial column instead of comparing it: no false drop at the end", () => {
    const now = dataEnd + 27 * 24 * HOUR; // the data stopped 27 days ago, the clock is not frozen
    const r = buildHourlyReport(cfg(), partialDay(0.35), now);
    assert.equal(r.freshness.stale, true);
    assert.equal(r.freshness.ageHours, 27 * 24 + 1);
    assert.equal(r.hours[23].at, dataEnd - 2 * HOUR, 'the window ends before the data’s last hour');
    assert.equal(r.pending?.at, dataEnd - HOUR);
    assert.ok(
      r.rows[0].cells.every(c => c.status === 'green'),
      'nothing red: the partial hour is not compared',
    );
    assert.match(
      staleDataWarning(r)!,
      /^Stale data: the latest complete hour ended 27 days before the report time\. The report covers the 24 hours to Tue 9 Jun 16:00, not the last 24 hours\.$/,
    );
  });

  it('keeps a complete last hour in the window when the data is fresh', () => {
    const data = dataset(START, DAYS * 24, { views: () => 100 });
    const r = buildHourlyReport(config({ asOf: dataEnd + 30 * 60_000 }), data, 0);
    assert.equal(r.hours[23].at, dataEnd - HOUR);
    assert.equal(r.pending, undefined);
    assert.equal(r.freshness.stale, false);
  });
});

describe('report: where, one number per slice', () => {
  const x = (kind: ExplanationKind, slice: Record<string, string>, values?: Record<string, number | string>) => ({
    kind,
    slice,
    evidence: [{ text: 'ratio note' }, { text: 'slice', ...(values ? { values } : {}) }],
  });

  it("gives the top explanation's slice with its evidence's figures when the drill-down finds none", () => {
    const figures = { actual: 40, expected: 100, share: 0.5, rawShare: 0.75, metric: 'views' };
    assert.deepEqual(causeSlice([x('holiday', { country: 'BR' }, figures)], 'views'), [{ dims: { country: 'BR' }, relativeChange: -0.6, share: 0.75 }]);
    // A ratio explained through a component: the figures are the component's, and say so.
    assert.deepEqual(causeSlice([x('holiday', { country: 'BR' }, figures)], 'rate'), [
      { dims: { country: 'BR' }, relativeChange: -0.6, share: 0.75, of: 'views' },
    ]);
  });

  it('gives none for an unexplained anomaly, a cause of the whole total, or evidence without figures', () => {
    assert.deepEqual(causeSlice([], 'views'), []);
    assert.deepEqual(causeSlice([x('unexplained', { country: 'BR' }, { actual: 1, expected: 2, rawShare: 1, metric: 'views' })], 'views'), []);
    assert.deepEqual(causeSlice([x('dst', {}, { actual: 1, expected: 2, rawShare: 1, metric: 'views' })], 'views'), []);
    assert.deepEqual(causeSlice([x('deploy', { platform: 'ios' })], 'views'), []);
  });
});

describe('report: the demo, explained in plain words and grouped by cause', function () {
  this.timeout(180_000);
  let r: PresentedReport;

  before(async () => {
    const demo = generateDemo({ seed: 42 });
    const configText = demo.files['.calibrate/report.yaml']!;
    const c = parseReportConfig(configText, '.calibrate/report.yaml');
    const table = buildTable(c, parseLongCsv(demo.csv, CSV_PATH), { now: () => Date.now() });
    const events = parseEventsYaml(demo.files['.calibrate/events.yaml'] ?? '', '.calibrate/events.yaml', c.timezone);
    const calendar = await HolidayCalendar.load();
    const analysis = await analyze(table, {
      context: {
        holidays: async () => calendar,
        events: async () => ({ events: events.events, errors: [] }),
        deploys: async () => ({
          deploys: demo.deploys.map(d => ({ ref: d.tag, at: Date.parse(d.at), message: d.message, kind: 'tag' as const })),
          warnings: [],
        }),
      },
    });
    r = presentReport(table, analysis);
  });

  it('is not stale with its frozen clock', () => {
    assert.equal(r.freshness.stale, false);
    assert.equal(r.pending?.label, '09:00', 'the still-arriving 09:00 is the partial column');
    assert.ok(r.pending!.arrived! > 0.2 && r.pending!.arrived! < 0.5, `arrived ${r.pending!.arrived}`);
  });

  it('says "where" on every anomaly whose top explanation names a slice, with the figures of its evidence', () => {
    assert.ok(r.anomalies.length >= 6, `${r.anomalies.length} anomalies`);
    for (const a of r.anomalies) {
      const top = a.explanations[0];
      if (top && top.kind !== 'unexplained' && Object.keys(top.slice).length) assert.ok(a.where.length > 0, `${a.metric}@${a.start} has no where`);
      // Wherever the evidence gives figures for the slice the where line names, they are the same numbers.
      for (const w of a.where) {
        for (const x of a.explanations) {
          if (JSON.stringify(x.slice) !== JSON.stringify(w.dims)) continue;
          const v = x.evidence.find(e => typeof e.values?.rawShare === 'number' && typeof e.values?.actual === 'number')?.values;
          if (!v || (v.metric !== (w.of ?? a.metric) && v.metric !== undefined)) continue;
          assert.ok(Math.abs((v.rawShare as number) - w.share) < 1e-9, `${a.metric} ${JSON.stringify(w.dims)}: share ${w.share} vs ${v.rawShare}`);
          assert.ok(Math.abs((v.actual as number) / (v.expected as number) - 1 - w.relativeChange!) < 1e-9);
        }
      }
    }
    assert.ok(r.anomalies.filter(a => a.where.length).length >= 7, 'where on 7 of the 8 demo anomalies (the DST one spans eight countries)');
  });

  it('words explanations as sentences: no raw UTC, milliseconds, buckets or engine terms, times in the report zone', () => {
    const words = r.anomalies.flatMap(a => a.explanations.flatMap(x => [x.title, ...x.evidence.map(e => e.text)]));
    for (const w of words) {
      assert.doesNotMatch(
        w,
        /\d{4}-\d\d-\d\dT\d\d:\d\d|\.\d{3}Z|bucket|report-zone baseline|points of this slice|Unexplained: Unexplained|against expected/,
        w,
      );
    }
    const deploy = r.anomalies.flatMap(a => a.explanations).find(x => x.kind === 'deploy')!;
    // The tag is at 08:00 UTC, midnight in Los Angeles.
    assert.ok(
      deploy.evidence.some(e => /^Tag ios-v7\.4\.0 at Tue 3 Nov 00:00, \d+ hours? before the drop began/.test(e.text)),
      deploy.evidence.map(e => e.text).join(' | '),
    );
  });

  it('groups the anomalies that share a top cause into incidents, each anomaly in exactly one', () => {
    const seen = r.incidents.flatMap(g => g.anomalies).sort((a, b) => a - b);
    assert.deepEqual(
      seen,
      r.anomalies.map((_, i) => i),
    );
    const ios = r.incidents.find(g => g.title.startsWith('Deploy ios-v7.4.0'));
    assert.ok(ios && ios.anomalies.length >= 3, JSON.stringify(r.incidents));
    assert.match(ios.title, /^Deploy ios-v7\.4\.0: \d metrics, Tue \d\d:00–\d\d:00, platform=ios$/);
    assert.deepEqual(r.incidents, incidentGroups(r.anomalies, r.timezone));
  });
});
