// Real data: NYC taxi passengers per hour (NAB), the vendored cut in test/fixtures/nyc-taxi (README.md
// there says where it comes from). Thanksgiving, Christmas and New Year must be explained by their own
// US holidays, the January 2015 blizzard by none.
import assert from 'node:assert/strict';
import { sameHourLastWeek } from '../../../src/core/context/baseline';
import { Explainer } from '../../../src/core/context/explain';
import { HolidayCalendar } from '../../../src/core/context/holidays';
import type { Explanation } from '../../../src/core/context/types';
import type { AnomalySegment, Dataset } from '../../../src/core/types';
import { HOUR, isOwnHoliday, loadNycFixture, type NycWindow } from '../../fixtures/nyc-taxi/nycTaxi';

/**
 * NAB's timestamps are New York wall-clock times written with a Z, so the data's own clock is the
 * zone and the holidays are US-NY days on that same clock (as in bench/explain/nyc.ts).
 */
const ZONE = 'UTC';

/**
 * The segments to explain, [first hour, end hour) on the data's clock: the runs that the bench's
 * detector (bench/explain/detect.ts: same hour last week, |z| >= 4 and >= 15 %) finds on this
 * fixture inside NAB's windows. `core`: the holiday's main hours, which must get that holiday first.
 * `storm`: the blizzard itself (ending after NAB's label minus 12 h), which must stay unexplained.
 */
const SEGMENTS: Record<string, { from: string; to: string; dir: 'up' | 'down'; core?: true; storm?: true }[]> = {
  thanksgiving: [
    { from: '2014-11-27T02', to: '2014-11-27T05', dir: 'up' },
    { from: '2014-11-27T06', to: '2014-11-27T11', dir: 'down', core: true },
    { from: '2014-11-27T19', to: '2014-11-27T21', dir: 'down' },
    { from: '2014-11-27T23', to: '2014-11-28T03', dir: 'down' },
    { from: '2014-11-28T05', to: '2014-11-28T10', dir: 'down' },
    { from: '2014-11-29T01', to: '2014-11-29T03', dir: 'down' },
  ],
  christmas: [
    { from: '2014-12-24T07', to: '2014-12-24T09', dir: 'down' },
    { from: '2014-12-24T20', to: '2014-12-25T00', dir: 'down' },
    { from: '2014-12-25T05', to: '2014-12-25T13', dir: 'down', core: true },
    { from: '2014-12-25T18', to: '2014-12-26T11', dir: 'down' },
    { from: '2014-12-26T20', to: '2014-12-26T22', dir: 'down' },
    { from: '2014-12-26T23', to: '2014-12-27T07', dir: 'down' },
  ],
  new_year: [
    // The New Year's Eve surge, against Christmas Eve in the baseline week.
    { from: '2014-12-31T20', to: '2015-01-01T00', dir: 'up', core: true },
    { from: '2015-01-01T00', to: '2015-01-01T08', dir: 'up' },
  ],
  blizzard: [
    // Monday 26 January before the storm: the baseline week had Martin Luther King Jr. Day.
    { from: '2015-01-26T00', to: '2015-01-26T04', dir: 'down' },
    { from: '2015-01-26T06', to: '2015-01-26T09', dir: 'up' },
    { from: '2015-01-26T15', to: '2015-01-27T23', dir: 'down', storm: true },
    { from: '2015-01-28T01', to: '2015-01-28T02', dir: 'down', storm: true },
  ],
};

const hour = (s: string): number => Date.parse(`${s}:00:00Z`);

/** A segment of the total over whole hours [from, to), with actual and expected (same hour last week) sums. */
function segment(ds: Dataset, from: number, to: number): AnomalySegment {
  const s = ds.series[0]!;
  const base = sameHourLastWeek(ZONE);
  let actual = 0;
  let expected = 0;
  let peakAt = from;
  let peak = -1;
  for (let t = from; t < to; t += HOUR) {
    const i = (t - s.start) / HOUR;
    const a = s.values[i] as number;
    const e = base(s, i);
    actual += a;
    expected += e;
    if (Math.abs(Math.log(a / e)) > peak) [peak, peakAt] = [Math.abs(Math.log(a / e)), t];
  }
  // severity is not read by the explainer.
  return { metric: 'passengers', dims: {}, start: from, end: to, peakAt, direction: actual < expected ? 'down' : 'up', severity: 3, actual, expected };
}

const describeX = (x: Explanation | undefined): string => `${x?.kind}: ${x?.title} (${x?.confidence.toFixed(2)})`;

describe('context: NYC taxi holidays (real data, vendored fixture)', function () {
  this.timeout(60_000);
  let ds: Dataset;
  let windows: NycWindow[];
  let calendar: HolidayCalendar;
  before(async () => {
    ({ ds, windows } = loadNycFixture());
    calendar = await HolidayCalendar.load();
  });

  const explainer = (withCalendar: boolean): Explainer =>
    new Explainer({
      dataset: ds,
      reportZone: ZONE,
      mapping: {},
      global: { country: 'US', state: 'NY', timezone: ZONE },
      ...(withCalendar ? { calendar } : {}),
    });

  /** Each window's segments with their first explanation. */
  function explainWindows(ex: Explainer): Map<string, { name: string; core?: true; storm?: true; x: Explanation | undefined }[]> {
    return new Map(
      windows.map(w => [
        w.name,
        (SEGMENTS[w.name] ?? []).map(d => ({
          name: `${w.name} ${d.from}..${d.to} ${d.dir}`,
          core: d.core,
          storm: d.storm,
          x: ex.explain(segment(ds, hour(d.from), hour(d.to)))[0],
        })),
      ]),
    );
  }

  it('reads the fixture: 12 hourly weeks with no gap, and the four NAB windows inside it', () => {
    const values = ds.series[0]!.values;
    assert.equal(ds.start, Date.parse('2014-11-10T00:00:00Z'));
    assert.equal(ds.end, Date.parse('2015-02-01T00:00:00Z'));
    assert.equal(values.length, 83 * 24);
    assert.ok(values.every(v => Number.isFinite(v) && v > 0));
    assert.deepEqual(
      windows.map(w => w.name),
      ['thanksgiving', 'christmas', 'new_year', 'blizzard'],
    );
    // The segments are real anomalies of this data, in the stated direction, inside their window.
    for (const w of windows) {
      for (const d of SEGMENTS[w.name] ?? []) {
        const sg = segment(ds, hour(d.from), hour(d.to));
        assert.ok(sg.start < w.to && sg.end > w.from, `${w.name} ${d.from} is outside the window`);
        assert.equal(sg.direction, d.dir, `${w.name} ${d.from}`);
        assert.ok(Math.abs(sg.actual / sg.expected - 1) >= 0.15, `${w.name} ${d.from}: ${sg.actual} vs ${sg.expected}`);
      }
    }
  });

  it('explains Thanksgiving, Christmas and New Year by their own US holidays, and not the blizzard', () => {
    const byWindow = explainWindows(explainer(true));
    for (const w of ['thanksgiving', 'christmas', 'new_year']) {
      const segs = byWindow.get(w) ?? [];
      const all = segs.map(s => `${s.name} -> ${describeX(s.x)}`).join('; ');
      assert.ok(
        segs.some(s => s.core),
        `${w}: no core segment`,
      );
      for (const s of segs.filter(s => s.core)) {
        assert.ok(isOwnHoliday(w, s.x), `${s.name}: expected the window's own holiday first, got ${describeX(s.x)}`);
        assert.ok((s.x?.confidence ?? 0) > 0.5, `${s.name}: ${describeX(s.x)}`);
      }
      // And no other holiday of this week comes first anywhere in the window.
      for (const s of segs) {
        if (s.x?.kind === 'holiday' && !s.x.inBaseline) assert.ok(isOwnHoliday(w, s.x), `${s.name}: ${describeX(s.x)} (${all})`);
      }
    }
    const blizzard = byWindow.get('blizzard') ?? [];
    assert.ok(blizzard.some(s => s.storm));
    for (const s of blizzard) {
      // Nothing in the window is a holiday this week (MLK Day in the baseline week may be named as such).
      assert.ok(!(s.x?.kind === 'holiday' && !s.x.inBaseline), `${s.name}: ${describeX(s.x)}`);
      if (s.storm) assert.equal(s.x?.kind, 'unexplained', `${s.name}: ${describeX(s.x)}`);
    }
  });

  it('control: without the holiday calendar the same segments are not explained by holidays', () => {
    // Shows the assertions above depend on the calendar, not on the data alone.
    const byWindow = explainWindows(explainer(false));
    for (const w of ['thanksgiving', 'christmas', 'new_year']) {
      for (const s of byWindow.get(w) ?? []) {
        if (s.core) assert.ok(!isOwnHoliday(w, s.x) && s.x?.kind !== 'holiday', `${s.name}: ${describeX(s.x)}`);
      }
    }
  });
});
