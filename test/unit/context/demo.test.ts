// End to end on the demo generator's data: the stories the demo tells get the right first answer.
import assert from 'node:assert/strict';
import { parseEventsYaml } from '../../../src/core/context/events';
import { Explainer } from '../../../src/core/context/explain';
import { HolidayCalendar } from '../../../src/core/context/holidays';
import type { ContextEvent, HolidayOccurrence } from '../../../src/core/context/types';
import { parseLongCsv } from '../../../src/core/csv';
import { AS_OF, COUNTRIES, generateDemo, REPORT_ZONE } from '../../../src/core/demo';
import type { AnomalySegment, Dataset } from '../../../src/core/types';

const HOUR = 3_600_000;

function seg(ds: Dataset, start: string, end: string, dims: Record<string, string>, metric = 'page_views'): AnomalySegment {
  const from = Math.floor(Date.parse(start) / HOUR) * HOUR;
  const to = Math.ceil(Date.parse(end) / HOUR) * HOUR;
  // actual/expected are only for display here: the explainer recomputes them per slice.
  return { metric, dims, start: from, end: to, peakAt: from, direction: 'down', severity: 5, actual: 0, expected: 1 };
}

describe('context: explanations on the demo data', function () {
  this.timeout(120_000);
  let ex: Explainer;
  let ds: Dataset;
  let effects: ReturnType<typeof generateDemo>['groundTruth']['effects'];
  before(async () => {
    const demo = generateDemo({ seed: 42 });
    ds = parseLongCsv(demo.csv, 'data/metrics.csv');
    effects = demo.groundTruth.effects;
    const ev = parseEventsYaml(demo.files['.calibrate/events.yaml'] ?? '', '.calibrate/events.yaml', REPORT_ZONE);
    assert.deepEqual(ev.errors, []);
    ex = new Explainer({
      dataset: ds,
      reportZone: REPORT_ZONE,
      asOf: AS_OF,
      calendar: await HolidayCalendar.load(),
      events: ev.events,
      mapping: { country: Object.fromEntries(COUNTRIES.map(c => [c.code, { country: c.code, timezone: c.zone }])) },
      deploys: demo.deploys.map(d => ({ ref: d.tag, at: Date.parse(d.at), message: d.message, kind: 'tag' as const })),
    });
  });
  const effect = (id: string) => {
    const e = effects.find(x => x.id === id);
    assert.ok(e, id);
    return e;
  };

  it('Monday Night Football explains the US evening dip', () => {
    const e = effect('event-US-2026-11-02');
    const x = ex.explain(seg(ds, e.start, e.end, { country: 'US' }))[0];
    assert.equal(x?.kind, 'event');
    assert.equal((x?.ref as ContextEvent).name, 'Monday Night Football');
  });

  it('the iOS release explains the iOS incident', () => {
    const e = effect('incident-ios-links-2026-11-03');
    const x = ex.explain(seg(ds, e.start, e.end, {}))[0];
    assert.equal(x?.kind, 'deploy');
    assert.equal(x?.title, 'Deploy ios-v7.4.0');
    assert.deepEqual(x?.slice, { platform: 'ios' });
  });

  it('Gandhi Jayanti explains the Indian drop; the last hour is late data', () => {
    const e = effect('holiday-IN-2026-10-02');
    const x = ex.explain(seg(ds, e.start, e.end, {}))[0];
    assert.equal(x?.kind, 'holiday');
    assert.equal((x?.ref as HolidayOccurrence).country, 'IN');
    const late = effect(effects.find(f => f.kind === 'late_data')?.id ?? '');
    assert.equal(ex.explain(seg(ds, late.start, late.end, {}))[0]?.kind, 'late_data');
  });

  it('in the DST week, the iOS drop in job applications and messages is the deploy, not the clock change (drill-down evidence)', () => {
    // 10:00-13:00Z: the drill-down puts most of the drop in platform=ios, which moved in the US and
    // Canada too, so the eight-country DST footprint cannot claim it.
    for (const [metric, end] of [
      ['job_applies', '2026-11-03T13:00:00Z'],
      ['messages_sent', '2026-11-03T12:00:00Z'],
    ] as const) {
      const xs = ex.explain(seg(ds, '2026-11-03T10:00:00Z', end, {}, metric));
      assert.equal(xs[0]?.kind, 'deploy', metric);
      assert.equal(xs[0]?.title, 'Deploy ios-v7.4.0');
      const dst = xs.find(x => x.kind === 'dst');
      assert.ok(dst && dst.confidence < (xs[0]?.confidence ?? 0) / 2, `${metric}: dst ${dst?.confidence}`);
      assert.match(dst?.evidence.map(v => v.text).join(' | ') ?? '', /The drill-down puts the drop in platform=ios \(−\d+%/);
    }
  });

  it('the late newsletter: the usual 09:00 lift is missing, and the evidence says it moved', () => {
    const xs = ex.explain(seg(ds, '2026-11-03T14:00:00Z', '2026-11-03T15:00:00Z', { country: 'US' }));
    const x = xs[0];
    assert.equal(x?.kind, 'event');
    assert.equal(x?.inBaseline, true);
    assert.match(x?.evidence.map(v => v.text).join(' | ') ?? '', /started at 08:30 instead of 06:00/);
  });
});
