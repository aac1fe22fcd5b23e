import assert from 'node:assert/strict';
import { causeOf, contextItems, sourceRef, toTriaged, triageReport, type AnalyzedAnomaly } from '../../../src/core/report/triage';
import type { ContextWindow, HolidayOccurrence } from '../../../src/core/context';
import { dataset, config, HOUR } from './fixtures';

const holiday = (over: Partial<HolidayOccurrence>): HolidayOccurrence => ({
  country: 'IN',
  date: '2026-10-02',
  start: Date.UTC(2026, 9, 1, 18, 30),
  end: Date.UTC(2026, 9, 2, 18, 30),
  type: 'public',
  name: 'Gandhi Jayanti',
  rule: '10-02',
  substitute: false,
  startsEveningBefore: false,
  ...over,
});

describe('report context and triage', () => {
  it("lists the week's context in time order, leaving out observances", () => {
    const ctx: ContextWindow = {
      from: 0,
      to: 1,
      reportZone: 'UTC',
      unknownCountries: [],
      holidays: { IN: [holiday({})], US: [holiday({ country: 'US', name: 'Halloween', type: 'observance', start: 5, end: 6 })] },
      events: [
        {
          name: 'Cup final',
          kind: 'sports',
          start: Date.UTC(2026, 9, 1),
          end: Date.UTC(2026, 9, 1, 2),
          zone: 'UTC',
          countries: ['BR'],
          expectedImpact: -0.2,
          source: '.calibrate/events.yaml:4',
        },
      ],
      deploys: [{ ref: 'v1.2', at: Date.UTC(2026, 9, 3), message: 'Release 1.2', kind: 'tag' }],
      dst: [
        { zone: 'America/New_York', at: Date.UTC(2026, 10, 1, 6), offsetBefore: -240, offsetAfter: -300 },
        { zone: 'America/Toronto', at: Date.UTC(2026, 10, 1, 6), offsetBefore: -240, offsetAfter: -300 },
      ],
    };
    const items = contextItems(ctx, undefined, 'views');
    assert.deepEqual(
      items.map(i => i.kind),
      ['event', 'holiday', 'deploy', 'dst'],
    );
    assert.equal(items[0].detail, 'sports · BR · expected -20% · .calibrate/events.yaml:4');
    assert.equal(items[1].title, 'IN holiday: Gandhi Jayanti');
    assert.equal(items[3].title, 'Clocks back 1 h');
    assert.equal(items[3].detail, 'America/New_York, America/Toronto', 'zones changing at the same instant merge');
    // The values behind the display text, for the chart, the palette and the writers.
    const [event, hol, deploy, dst] = items;
    assert.deepEqual(
      event.kind === 'event' && {
        name: event.name,
        eventKind: event.eventKind,
        countries: event.countries,
        expectedImpact: event.expectedImpact,
        source: event.source,
      },
      { name: 'Cup final', eventKind: 'sports', countries: ['BR'], expectedImpact: -0.2, source: { file: '.calibrate/events.yaml', line: 4 } },
    );
    assert.deepEqual(
      hol.kind === 'holiday' && { country: hol.country, name: hol.name, holidayType: hol.holidayType, local: 'localName' in hol, state: 'state' in hol },
      { country: 'IN', name: 'Gandhi Jayanti', holidayType: 'public', local: false, state: false },
    );
    assert.deepEqual(deploy.kind === 'deploy' && { ref: deploy.ref, deployKind: deploy.deployKind, message: deploy.message }, {
      ref: 'v1.2',
      deployKind: 'tag',
      message: 'Release 1.2',
    });
    assert.deepEqual(dst.kind === 'dst' && { zones: dst.zones, shiftHours: dst.shiftHours }, {
      zones: ['America/New_York', 'America/Toronto'],
      shiftHours: -1,
    });
  });

  it('reads an event\'s "file:line" as a file and a line, a colon in the file name included', () => {
    assert.deepEqual(sourceRef('.calibrate/events.yaml:12'), { file: '.calibrate/events.yaml', line: 12 });
    assert.deepEqual(sourceRef('C:/cal/team:a.ics:7'), { file: 'C:/cal/team:a.ics', line: 7 });
    assert.deepEqual(sourceRef('calendar.ics'), { file: 'calendar.ics', line: 0 });
    assert.deepEqual(sourceRef('calendar.ics:x'), { file: 'calendar.ics:x', line: 0 });
  });

  it("keeps each explanation's evidence values, slice, baseline flag and a structured cause for the panel", () => {
    const h = holiday({ state: 'KA' });
    const ev = { name: 'Cup final', kind: 'sports' as const, start: 1, end: 2, zone: 'UTC', countries: ['BR'], source: 'team.ics:9' };
    const a: AnalyzedAnomaly = {
      metric: 'm',
      label: 'M',
      start: 0,
      end: 1,
      direction: 'down',
      severity: 2,
      vsForecastPct: -20,
      where: [],
      explanations: [
        {
          kind: 'holiday',
          title: 'Gandhi Jayanti in IN-KA',
          confidence: 0.5,
          score: 1,
          slice: { country: 'IN' },
          ref: h,
          evidence: [{ text: 'IN -30%', values: { actual: 70, expected: 100 } }],
        },
        {
          kind: 'event',
          title: 'Last week: Cup final',
          confidence: 0.3,
          score: 0,
          slice: {},
          inBaseline: true,
          ref: ev,
          evidence: [{ text: 'sports last week' }],
        },
        {
          kind: 'deploy',
          title: 'Deploy abc1234',
          confidence: 0.1,
          score: 0,
          slice: {},
          ref: { ref: 'abc1234', at: 0, message: 'Merge', kind: 'merge' },
          evidence: [],
        },
        {
          kind: 'dst',
          title: 'Clocks',
          confidence: 0.05,
          score: 0,
          slice: {},
          ref: { zone: 'Europe/Paris', at: 0, offsetBefore: 120, offsetAfter: 60 },
          evidence: [],
        },
        { kind: 'late_data', title: 'Latest hour still filling', confidence: 0.05, score: 0, slice: {}, evidence: [] },
      ],
    };
    const [hx, ex, dx, sx, lx] = toTriaged(a).explanations;
    assert.deepEqual(hx, {
      kind: 'holiday',
      title: 'Gandhi Jayanti in IN-KA',
      confidence: 0.5,
      evidence: [{ text: 'IN -30%', values: { actual: 70, expected: 100 } }],
      slice: { country: 'IN' },
      inBaseline: false,
      cause: { kind: 'holiday', country: 'IN', state: 'KA', name: 'Gandhi Jayanti', start: h.start },
    });
    assert.deepEqual(ex.cause, { kind: 'event', name: 'Cup final', start: 1, source: { file: 'team.ics', line: 9 } });
    assert.equal(ex.inBaseline, true);
    assert.deepEqual(ex.evidence, [{ text: 'sports last week' }]);
    assert.deepEqual(dx.cause, { kind: 'deploy', ref: 'abc1234', deployKind: 'merge' });
    assert.deepEqual(sx.cause, { kind: 'dst', zones: ['Europe/Paris'] });
    assert.equal(lx.cause, undefined);
    assert.ok(!('score' in hx) && !('ref' in hx), 'the scores and full refs stay behind');
    // A ref of another kind than the explanation's is no cause.
    assert.equal(causeOf({ kind: 'holiday', ref: ev }), undefined);
  });

  it("finds the report window's anomalies from the forecast band, most severe first", () => {
    const start = Date.UTC(2026, 5, 1);
    const data = dataset(start, 48, { views: at => (at === start + 40 * HOUR ? 40 : at === start + 30 * HOUR ? 180 : 100) }, ['a']);
    const band = (v: number | null) => Array.from({ length: 24 }, () => v);
    const f = { mean: band(100), lower80: band(95), upper80: band(105), lower95: band(90), upper95: band(110), scores: [] };
    const out = triageReport(config(), data, { views: f }, start + 24 * HOUR, 24, undefined);
    assert.equal(out.length, 2);
    // +80 beyond a half-width of 10 outranks -60.
    assert.equal(out[0].direction, 'up');
    assert.equal(out[0].start, start + 30 * HOUR);
    assert.equal(out[1].direction, 'down');
    assert.equal(out[1].start, start + 40 * HOUR);
    assert.equal(out[1].end, start + 41 * HOUR);
    assert.ok(Math.abs(out[1].vsForecastPct + 60) < 1e-9);
    assert.deepEqual(out[0].explanations, []);
  });
});
