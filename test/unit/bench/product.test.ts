// The explanation bench's product part (bench/explain/product.ts): its report clocks, the workspace
// as it stood at a clock, how a report's anomalies are matched and their causes judged, and that its
// in-memory ports give the very report `calibrate report` builds from the files and git.
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport } from '../../../src/cli/report';
import { parseReportConfig } from '../../../src/core/config/reportConfig';
import { HolidayCalendar } from '../../../src/core/context/holidays';
import { parseEventsYaml } from '../../../src/core/context/events';
import { AS_OF, generateDemo as demoOutput, type InjectedEffect } from '../../../src/core/demo';
import { presentReport } from '../../../src/core/pipeline';
import type { CauseRef } from '../../../src/core/report/triage';
import { demoDeploys, ZONE } from '../../../bench/explain/demo';
import { anomalyMatches, clockFor, csvBefore, EVENTS_FILE, expectedCause, namesCause, REPORT_CONFIG, reportAt, withAsOf } from '../../../bench/explain/product';
import { generateDemo, tempDir } from '../helpers/demoWorkspace';

const HOUR = 3_600_000;
const at = (s: string): number => Date.parse(s);

describe('bench/explain product: report clocks and the workspace at a clock', () => {
  const effect = (start: string, end: string): Pick<InjectedEffect, 'start' | 'end'> => ({ start, end });

  it('judges an effect at the first whole hour after it ends, at most a day after it starts', () => {
    assert.equal(clockFor(effect('2026-10-14T00:30:00Z', '2026-10-14T02:30:00Z'), AS_OF), at('2026-10-14T03:00:00Z'));
    assert.equal(clockFor(effect('2026-10-03T22:00:00Z', '2026-10-04T22:00:00Z'), AS_OF), at('2026-10-04T22:00:00Z'));
    // Longer than a day (a local day when the clocks go back is 25 hours): the window holds its first 24.
    assert.equal(clockFor(effect('2026-10-31T23:00:00Z', '2026-11-02T00:00:00Z'), AS_OF), at('2026-11-01T23:00:00Z'));
  });

  it('uses the shipped clock when the window would end where the shipped one does, or later', () => {
    const lastHour = Math.floor(AS_OF / HOUR) * HOUR;
    assert.equal(clockFor(effect(new Date(lastHour - 3 * HOUR).toISOString(), new Date(lastHour).toISOString()), AS_OF), AS_OF);
    assert.equal(clockFor(effect('2026-11-03T16:30:00Z', '2026-11-03T19:30:00Z'), AS_OF), AS_OF);
    assert.equal(clockFor(effect(new Date(lastHour - 3 * HOUR).toISOString(), new Date(lastHour - HOUR).toISOString()), AS_OF), lastHour - HOUR);
  });

  it("cuts the CSV before the clock and sets the config's asOf, keeping the rest of the file", () => {
    const csv = 'timestamp,metric,value\n2026-10-01T00:00:00Z,a,1\n2026-10-01T01:00:00Z,a,2\n2026-10-01T02:00:00Z,a,3\n';
    assert.equal(csvBefore(csv, at('2026-10-01T02:00:00Z')), 'timestamp,metric,value\n2026-10-01T00:00:00Z,a,1\n2026-10-01T01:00:00Z,a,2\n');
    const yaml = demoOutput({ seed: 1 }).files[REPORT_CONFIG] as string;
    const moved = withAsOf(yaml, at('2026-10-14T03:00:00Z'), ZONE);
    assert.match(moved, /^asOf: 2026-10-13T20:00:00-07:00 {3}# freezes the report clock/m);
    assert.equal(moved.split('\n').length, yaml.split('\n').length);
    assert.equal(parseReportConfig(moved, REPORT_CONFIG).asOf, at('2026-10-14T03:00:00Z'));
    assert.throws(() => withAsOf(yaml.replace(/^asOf:.*\n/m, ''), AS_OF, ZONE), /no top-level asOf/);
  });
});

describe('bench/explain product: matching anomalies and judging causes', () => {
  const demo = demoOutput({ seed: 1 });
  const effects = demo.groundTruth.effects;
  const byId = (id: string): InjectedEffect => effects.find(e => e.id === id) as InjectedEffect;
  const truth = { effects, events: parseEventsYaml(demo.files[EVENTS_FILE] as string, EVENTS_FILE, ZONE).events, deploys: demoDeploys(demo) };
  const de = byId('holiday-DE-2026-10-03');
  const anomaly = (metric: string, start: string, hours: number, direction: 'up' | 'down') => ({
    metric,
    dims: {},
    start: at(start),
    end: at(start) + hours * HOUR,
    severity: 2,
    direction,
  });
  const ids = (ms: readonly { effect: { id: string }; role: string }[]): string[] => ms.map(m => `${m.effect.id} ${m.role}`);

  it('matches an anomaly moving the way the effect does: down in its window, up in its echo week', () => {
    assert.deepEqual(ids(anomalyMatches(anomaly('page_views', '2026-10-03T08:00:00Z', 3, 'down'), undefined, [de])), ['holiday-DE-2026-10-03 primary']);
    assert.deepEqual(anomalyMatches(anomaly('page_views', '2026-10-03T08:00:00Z', 3, 'up'), undefined, [de]), []);
    assert.deepEqual(ids(anomalyMatches(anomaly('page_views', '2026-10-10T08:00:00Z', 3, 'up'), undefined, [de])), ['holiday-DE-2026-10-03 echo']);
  });

  it('matches a ratio only with an effect on one of its parts, and DST weeks either way', () => {
    const rate = { numerator: 'signups', denominator: 'page_views' };
    assert.deepEqual(anomalyMatches(anomaly('signup_rate', '2026-10-03T08:00:00Z', 3, 'down'), rate, [de]), []);
    const onSignups = { ...de, metrics: ['signups'] };
    assert.equal(anomalyMatches(anomaly('signup_rate', '2026-10-03T08:00:00Z', 3, 'down'), rate, [onSignups]).length, 1);
    const onViews = { ...de, metrics: ['page_views'] };
    assert.equal(anomalyMatches(anomaly('signup_rate', '2026-10-03T08:00:00Z', 3, 'up'), rate, [onViews]).length, 1, 'a ratio moves against its denominator');
    const dst = byId('dst-report-2026-11-01');
    for (const dir of ['up', 'down'] as const) assert.equal(anomalyMatches(anomaly('signup_rate', '2026-11-02T08:00:00Z', 2, dir), rate, [dst]).length, 1);
  });

  it('names the injected cause: the holiday by country, name and day; the declared event; the release before an incident', () => {
    assert.deepEqual(expectedCause(de, truth), { kind: 'holiday', country: 'DE', name: 'National Holiday', start: at(de.start) });
    const mnf = byId('event-US-2026-11-02');
    assert.deepEqual(expectedCause(mnf, truth), { kind: 'event', name: 'Monday Night Football', start: at(mnf.start) });
    const late = byId('email-newsletter-2026-11-03');
    assert.deepEqual(expectedCause(late, truth), { kind: 'event', name: 'Weekly newsletter (sent late)', start: at(late.start) });
    assert.deepEqual(expectedCause(byId('incident-ios-links-2026-11-03'), truth), { kind: 'deploy', ref: 'ios-v7.4.0' });
  });

  it('judges the cause a report shows by its identifying values', () => {
    const want = expectedCause(de, truth);
    const holiday = (over: Partial<CauseRef & { kind: 'holiday' }>): CauseRef => ({
      kind: 'holiday',
      country: 'DE',
      name: 'National Holiday',
      start: at(de.start),
      ...over,
    });
    assert.ok(namesCause(holiday({}), want));
    assert.ok(!namesCause(holiday({ country: 'AT' }), want));
    assert.ok(!namesCause(holiday({ start: at(de.start) - 7 * 24 * HOUR }), want), "another year's or week's occurrence");
    assert.ok(!namesCause(undefined, want));
    assert.ok(!namesCause({ kind: 'dst', zones: ['Europe/Berlin'] }, want));
    assert.ok(namesCause({ kind: 'deploy', ref: 'ios-v7.4.0', deployKind: 'tag' }, { kind: 'deploy', ref: 'ios-v7.4.0' }));
    assert.ok(!namesCause({ kind: 'deploy', ref: 'ios-v7.3.0', deployKind: 'tag' }, { kind: 'deploy', ref: 'ios-v7.4.0' }));
  });
});

describe("bench/explain product: the in-memory ports are the command line's", function () {
  this.timeout(120_000);
  let base: string;
  let workspace: string;
  before(() => {
    base = tempDir('calibrate-bench-');
    workspace = generateDemo(base, 3).workspace;
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  for (const clock of [AS_OF, at('2026-10-14T03:00:00Z')]) {
    it(`builds the same report as \`calibrate report\` (files, git) at ${new Date(clock).toISOString()}`, async () => {
      const demo = demoOutput({ seed: 3 });
      if (clock !== AS_OF) {
        // The workspace as it stood at the clock: what the bench does in memory, here in the files.
        writeFileSync(join(workspace, REPORT_CONFIG), withAsOf(readFileSync(join(workspace, REPORT_CONFIG), 'utf8'), clock, ZONE));
        writeFileSync(join(workspace, 'data/metrics.csv'), csvBefore(readFileSync(join(workspace, 'data/metrics.csv'), 'utf8'), clock));
      }
      const cli = await buildReport({
        root: workspace,
        folderName: 'demo',
        configPath: REPORT_CONFIG,
        maxCsvBytes: 200 * 1024 * 1024,
        now: Date.now(),
        git: true,
      });
      const fromFiles = presentReport(cli.table, cli.analysis);
      const { report } = await reportAt(demo.files, demoDeploys(demo), await HolidayCalendar.load(), clock);
      assert.ok(report.anomalies.length > 0);
      assert.deepEqual(report.anomalies, fromFiles.anomalies);
      assert.deepEqual(report.context, fromFiles.context);
      assert.deepEqual(report.warnings, fromFiles.warnings);
      assert.deepEqual(report.rows, fromFiles.rows);
    });
  }
});
