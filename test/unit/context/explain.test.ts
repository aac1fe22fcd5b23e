import assert from 'node:assert/strict';
import { sameHourLastWeek } from '../../../src/core/context/baseline';
import { Explainer } from '../../../src/core/context/explain';
import { claimedElsewhere, localizeSegment } from '../../../src/core/context/localized';
import { HolidayCalendar } from '../../../src/core/context/holidays';
import type { ContextEvent, Explanation, HolidayOccurrence } from '../../../src/core/context/types';
import type { AnomalySegment, Dataset } from '../../../src/core/types';
import { HOUR, localDay, makeDataset, MAPPING, ZONE, type Effect } from '../../fixtures/context/synthetic';

const iso = (s: string): number => Date.parse(s);

/** A segment over whole hours of [from, to), with actual and expected (same hour last week) sums. */
function seg(ds: Dataset, from0: number, to0: number, dims: Record<string, string> = {}, metric = 'page_views'): AnomalySegment {
  const from = Math.ceil(from0 / HOUR) * HOUR;
  const to = Math.ceil(to0 / HOUR) * HOUR;
  let actual = 0;
  let expected = 0;
  for (const s of ds.series) {
    if (s.metric !== metric || Object.entries(dims).some(([k, v]) => s.dims[k] !== v)) continue;
    for (let t = from; t < to; t += HOUR) {
      const i = (t - s.start) / HOUR;
      actual += s.values[i] as number;
      expected += s.values[i - 168] as number;
    }
  }
  return { metric, dims, start: from, end: to, peakAt: from, direction: actual < expected ? 'down' : 'up', severity: 3, actual, expected };
}

const top = (xs: Explanation[]): Explanation => xs[0] as Explanation;

describe('context: explanations', function () {
  this.timeout(60_000);
  let cal: HolidayCalendar;
  before(async () => {
    cal = await HolidayCalendar.load();
  });

  // IN: Gandhi Jayanti, Fri 2026-10-02, cuts IN traffic to 55% for the local day.
  const [inFrom, inTo] = localDay('2026-10-02', 'Asia/Kolkata');
  // DE web: a drop nobody announced, Wed 2026-09-30 08:00-12:00 UTC.
  const deDrop: Effect = { from: iso('2026-09-30T08:00:00Z'), to: iso('2026-09-30T12:00:00Z'), country: 'DE', platform: 'web', m: 0.5 };
  // iOS everywhere, after an ios deploy at 08:20 UTC on 2026-10-06.
  const iosDrop: Effect = { from: iso('2026-10-06T09:00:00Z'), to: iso('2026-10-06T13:00:00Z'), platform: 'ios', m: 0.4 };
  // US: a televised game, 2026-10-05 20:00-23:00 New York.
  const game: Effect = { from: iso('2026-10-06T00:00:00Z'), to: iso('2026-10-06T03:00:00Z'), country: 'US', m: 0.75 };
  const effects: Effect[] = [{ from: inFrom, to: inTo, country: 'IN', m: 0.55 }, deDrop, iosDrop, game];
  const ds = makeDataset('2026-09-07T07:00:00Z', '2026-10-12T07:00:00Z', effects);
  const events: ContextEvent[] = [
    {
      name: 'Big game',
      kind: 'sports',
      start: game.from,
      end: game.to,
      zone: 'America/New_York',
      countries: ['US'],
      expectedImpact: -0.25,
      source: 'events.yaml:3',
    },
  ];
  const deploys = [
    { ref: 'ios-v7.4.0', at: iso('2026-10-06T08:20:00Z'), message: 'Release ios-app 7.4.0', kind: 'tag' as const },
    { ref: 'web-v9', at: iso('2026-09-20T08:00:00Z'), message: 'web', kind: 'tag' as const },
  ];
  let ex: Explainer;
  before(() => {
    ex = new Explainer({ dataset: ds, reportZone: ZONE, mapping: MAPPING, calendar: cal, events, deploys });
  });

  it('explains a drop in the total by a holiday in the country whose slice moved, with evidence', () => {
    const xs = ex.explain(seg(ds, inFrom + 4 * HOUR, inFrom + 12 * HOUR));
    const x = top(xs);
    assert.equal(x.kind, 'holiday');
    assert.equal((x.ref as HolidayOccurrence).country, 'IN');
    assert.deepEqual(x.slice, { country: 'IN' });
    assert.ok(x.confidence > 0.6, `confidence ${x.confidence}`);
    const text = x.evidence.map(e => e.text).join(' | ');
    assert.match(text, /country=IN fell 4\d% against the same 8 hours last week: \d+% of the drop\./);
    assert.match(text, /Public holiday in IN: Gandhi Jayanti/);
    assert.match(text, /IN is expected at -\d+%/);
    const sum = xs.reduce((a, e) => a + e.confidence, 0);
    assert.ok(Math.abs(sum - 1) < 1e-9);
  });

  it('explains the rise a week later by the holiday in the baseline week', () => {
    const x = top(ex.explain(seg(ds, inFrom + 7 * 24 * HOUR + 4 * HOUR, inFrom + 7 * 24 * HOUR + 12 * HOUR, { country: 'IN' })));
    assert.equal(x.kind, 'holiday');
    assert.equal(x.inBaseline, true);
  });

  it('answers "unexplained" for a drop no context item fits, even with a holiday elsewhere that week', () => {
    const xs = ex.explain(seg(ds, deDrop.from, deDrop.to, { country: 'DE' }));
    assert.equal(top(xs).kind, 'unexplained');
    assert.ok(top(xs).confidence > 0.5);
    assert.ok(!xs.some(x => x.kind === 'holiday' && x.confidence > 0.2));
  });

  it('points at a deploy that names the slice, shortly before the onset', () => {
    const x = top(ex.explain(seg(ds, iosDrop.from, iosDrop.to)));
    assert.equal(x.kind, 'deploy');
    assert.deepEqual(x.slice, { platform: 'ios' });
    assert.match(x.evidence.map(e => e.text).join(' | '), /ios-v7\.4\.0 at Tue 6 Oct 01:20, 40 minutes before the drop began/);
  });

  it('matches an event in time and geography', () => {
    const x = top(ex.explain(seg(ds, game.from, game.to)));
    assert.equal(x.kind, 'event');
    assert.equal((x.ref as ContextEvent).name, 'Big game');
    assert.deepEqual(x.slice, { country: 'US' });
  });

  it('explains a derived ratio through the component that moved it, and exposes holiday multipliers', () => {
    const rx = new Explainer({
      dataset: ds,
      reportZone: ZONE,
      mapping: MAPPING,
      calendar: cal,
      events,
      deploys,
      ratios: { signup_rate: { numerator: 'signups', denominator: 'page_views' } },
    });
    const x = top(rx.explain({ ...seg(ds, iosDrop.from, iosDrop.to), metric: 'signup_rate' }));
    assert.equal(x.kind, 'deploy');
    assert.match(
      x.evidence[0]?.text ?? '',
      /^signup_rate is signups \/ page_views\. Against the same hours last week signups fell \d+% and page_views fell \d+%, so the causes below are those of/,
    );
    const mid = inFrom + 12 * HOUR;
    const m = rx.expectedMultiplier('page_views', { country: 'IN', platform: 'web' }, mid);
    assert.ok(m > 0.4 && m < 0.95, `IN multiplier ${m}`);
    assert.equal(rx.expectedMultiplier('page_views', { country: 'US' }, mid), 1);
  });

  it('recognises a partial latest hour and a data gap', () => {
    const last = ds.end - HOUR;
    const partial: Dataset = {
      ...ds,
      series: ds.series.map(s => {
        const v = new Float64Array(s.values);
        v[v.length - 1] = (v[v.length - 1] as number) * 0.3;
        return { ...s, values: v };
      }),
    };
    const late = new Explainer({ dataset: partial, reportZone: ZONE, mapping: MAPPING, calendar: cal, asOf: last + 20 * 60_000 });
    assert.equal(top(late.explain(seg(partial, last, ds.end))).kind, 'late_data');
    const gapFrom = iso('2026-10-08T14:00:00Z');
    const holed: Dataset = {
      ...partial,
      gaps: [{ metric: 'page_views', dims: { country: 'US', platform: 'web' }, from: gapFrom, to: gapFrom + 2 * HOUR }],
      series: ds.series.map(s => {
        if (s.dims.country !== 'US' || s.dims.platform !== 'web') return s;
        const v = new Float64Array(s.values);
        const i = (gapFrom - s.start) / HOUR;
        v[i] = NaN;
        v[i + 1] = NaN;
        return { ...s, values: v };
      }),
    };
    const gx = new Explainer({ dataset: holed, reportZone: ZONE, mapping: MAPPING, calendar: cal });
    const g = top(gx.explain({ ...seg(ds, gapFrom, gapFrom + 2 * HOUR), direction: 'down' }));
    assert.equal(g.kind, 'data_gap');
    assert.match(g.evidence[0]?.text ?? '', /2 of 2 hours have missing values/);
  });
});

describe('context: drill-down evidence (localized slices)', function () {
  this.timeout(60_000);
  let cal: HolidayCalendar;
  before(async () => {
    cal = await HolidayCalendar.load();
  });

  it('takes from a footprint the part of the deviation a cause spilling out of it carries', () => {
    // 3 countries x 2 platforms; ios fell by 60 in every country, and IN web by 10 more than nothing.
    const leaves = [
      ['US', 'web', 0],
      ['US', 'ios', -60],
      ['IN', 'web', -10],
      ['IN', 'ios', -60],
      ['DE', 'web', 0],
      ['DE', 'ios', -60],
    ].map(([country, platform, delta]) => ({ dims: { country: country as string, platform: platform as string }, delta: delta as number, expected: 100 }));
    const loc = { leaves, causes: [{ dims: { platform: 'ios' }, share: 180 / 190, relativeChange: -0.6, leaves: [1, 3, 5] }], slices: 5 };
    const total = -190;
    // IN+DE (say, the countries whose clocks moved): their ios leaves fell beyond their web leaves' -5%.
    const other = claimedElsewhere(loc, { dim: 'country', values: ['IN', 'DE'] }, total);
    assert.ok(Math.abs(other.share - (120 - 10) / 190) < 1e-9, `claimed ${other.share}`);
    assert.deepEqual(
      other.by.map(b => b.label),
      ['platform=ios'],
    );
    // The ios footprint contains the cause: nothing is taken away.
    assert.equal(claimedElsewhere(loc, { dim: 'platform', values: ['ios'] }, total).share, 0);
    // A footprint with no predicted pattern keeps everything; a uniform one over everything does not.
    assert.equal(claimedElsewhere(loc, { uniform: false }, total).share, 0);
    assert.ok(Math.abs(claimedElsewhere(loc, {}, total).share - (180 - 10) / 190) < 1e-9);
    assert.equal(claimedElsewhere(undefined, { dim: 'country', values: ['IN'] }, total).share, 0);
  });

  it("localizes over the whole cube in the segment's hours, against the explainer baseline", () => {
    const [a, b] = localDay('2026-10-02', 'Asia/Kolkata');
    const ds = makeDataset('2026-09-07T07:00:00Z', '2026-10-12T07:00:00Z', [{ from: a, to: b, country: 'IN', m: 0.55 }]);
    const loc = localizeSegment(seg(ds, a + 4 * HOUR, a + 12 * HOUR), ds, sameHourLastWeek(ZONE));
    assert.equal(loc?.leaves.length, 6);
    assert.equal(loc?.slices, 5);
    assert.deepEqual(
      loc?.causes.map(c => c.dims),
      [{ country: 'IN' }],
    );
    // A segment of one slice sees the same cube: whether IN/ios is an Indian or an ios cause shows outside it.
    const one = localizeSegment(seg(ds, a + 4 * HOUR, a + 12 * HOUR, { country: 'IN', platform: 'ios' }), ds, sameHourLastWeek(ZONE));
    assert.deepEqual(
      one?.causes.map(c => c.dims),
      [{ country: 'IN' }],
    );
    // The holiday's footprint is the localized cause: nothing taken away, and the localizer's agreement counts.
    const total = loc?.leaves.reduce((x, l) => x + l.delta, 0) ?? 0;
    const holiday = claimedElsewhere(loc, { dim: 'country', values: ['IN'] }, total);
    assert.equal(holiday.share, 0);
    assert.ok(Math.abs(holiday.support - Math.log(5)) < 0.1, `support ${holiday.support}`);
    assert.equal(localizeSegment(seg(ds, a + 4 * HOUR, a + 12 * HOUR), { ...ds, dimensions: [] }, sameHourLastWeek(ZONE)), undefined);
  });

  it('a one-platform drop after a platform-tagged deploy in a DST week: the deploy first', () => {
    const drop: Effect = { from: iso('2026-11-03T10:00:00Z'), to: iso('2026-11-03T14:00:00Z'), platform: 'ios', m: 0.35 };
    const ds = makeDataset('2026-10-05T07:00:00Z', '2026-11-06T08:00:00Z', [drop]);
    const ex = new Explainer({
      dataset: ds,
      reportZone: ZONE,
      mapping: MAPPING,
      calendar: cal,
      deploys: [{ ref: 'ios-v7.4.0', at: iso('2026-11-03T08:00:00Z'), message: 'Release ios-app 7.4.0', kind: 'tag' }],
    });
    const xs = ex.explain(seg(ds, drop.from, drop.to));
    assert.equal(top(xs).kind, 'deploy');
    assert.deepEqual(top(xs).slice, { platform: 'ios' });
    assert.ok(
      xs.some(x => x.kind === 'dst'),
      'IN and DE moved against Los Angeles: a DST candidate exists',
    );
  });

  it('a holiday-country drop still ranks the holiday first, and a platform deploy that week loses its share', () => {
    const [a, b] = localDay('2026-10-02', 'Asia/Kolkata');
    const ds = makeDataset('2026-09-07T07:00:00Z', '2026-10-12T07:00:00Z', [{ from: a, to: b, country: 'IN', m: 0.55 }]);
    const ex = new Explainer({
      dataset: ds,
      reportZone: ZONE,
      mapping: MAPPING,
      calendar: cal,
      deploys: [{ ref: 'ios-v8.0.0', at: a + 2 * HOUR, message: 'Release ios-app 8.0.0', kind: 'tag' }],
    });
    const xs = ex.explain(seg(ds, a + 4 * HOUR, a + 12 * HOUR));
    assert.equal(top(xs).kind, 'holiday');
    assert.equal((top(xs).ref as HolidayOccurrence).country, 'IN');
    assert.ok(!top(xs).evidence.some(e => /drill-down/.test(e.text)));
    const dep = xs.find(x => x.kind === 'deploy');
    assert.ok(dep && dep.confidence < 0.01);
    assert.match(dep.evidence.map(e => e.text).join(' | '), /drill-down puts the drop in country=IN \(−4\d%, \d+% of the drop\)/);
  });
});

describe('context: DST explanations (EU and US autumn changes)', function () {
  this.timeout(60_000);
  it('explains an EU slice an hour off after 2026-10-25, and non-US slices after 2026-11-01', async () => {
    const cal = await HolidayCalendar.load();
    const ds = makeDataset('2026-10-05T07:00:00Z', '2026-11-06T08:00:00Z');
    const ex = new Explainer({ dataset: ds, reportZone: ZONE, mapping: MAPPING, calendar: cal });
    // Tue 2026-10-27, Berlin morning ramp: now at 08:00 UTC it is 09:00 CET (was 10:00 CEST a week ago).
    const eu = top(ex.explain(seg(ds, iso('2026-10-27T06:00:00Z'), iso('2026-10-27T09:00:00Z'), { country: 'DE' })));
    assert.equal(eu.kind, 'dst');
    assert.match(eu.evidence.map(e => e.text).join(' | '), /Europe\/Berlin \(-1 h\)/);
    // After the US change, India (no DST) is an hour off against Los Angeles; the US is not.
    const ind = top(ex.explain(seg(ds, iso('2026-11-03T03:00:00Z'), iso('2026-11-03T06:00:00Z'), { country: 'IN' })));
    assert.equal(ind.kind, 'dst');
    const us = ex.explain(seg(ds, iso('2026-11-03T13:00:00Z'), iso('2026-11-03T16:00:00Z'), { country: 'US' }));
    assert.ok(!us.some(x => x.kind === 'dst'));
    assert.ok(ex.context.dst.some(d => d.zone === 'Europe/Berlin') && ex.context.dst.some(d => d.zone === 'America/New_York'));
  });
});
