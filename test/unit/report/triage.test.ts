import assert from 'node:assert/strict';
import { contextItems, triageReport } from '../../../src/core/report/triage';
import type { ContextWindow, HolidayOccurrence } from '../../../src/core/context';
import { dataset, config, HOUR } from './fixtures';

const holiday = (over: Partial<HolidayOccurrence>): HolidayOccurrence => ({
  country: 'IN', date: '2026-10-02', start: Date.UTC(2026, 9, 1, 18, 30), end: Date.UTC(2026, 9, 2, 18, 30), type: 'public',
  name: 'Gandhi Jayanti', rule: '10-02', substitute: false, startsEveningBefore: false, ...over,
});

describe('report context and triage', () => {
  it('lists the week\'s context in time order, leaving out observances', () => {
    const ctx: ContextWindow = {
      from: 0, to: 1, reportZone: 'UTC', unknownCountries: [],
      holidays: { IN: [holiday({})], US: [holiday({ country: 'US', name: 'Halloween', type: 'observance', start: 5, end: 6 })] },
      events: [{ name: 'Cup final', kind: 'sports', start: Date.UTC(2026, 9, 1), end: Date.UTC(2026, 9, 1, 2), zone: 'UTC', countries: ['BR'], expectedImpact: -0.2, source: '.calibrate/events.yaml:4' }],
      deploys: [{ ref: 'v1.2', at: Date.UTC(2026, 9, 3), message: 'Release 1.2', kind: 'tag' }],
      dst: [
        { zone: 'America/New_York', at: Date.UTC(2026, 10, 1, 6), offsetBefore: -240, offsetAfter: -300 },
        { zone: 'America/Toronto', at: Date.UTC(2026, 10, 1, 6), offsetBefore: -240, offsetAfter: -300 },
      ],
    };
    const items = contextItems(ctx, undefined, 'views');
    assert.deepEqual(items.map(i => i.kind), ['event', 'holiday', 'deploy', 'dst']);
    assert.equal(items[0].detail, 'sports · BR · expected -20% · .calibrate/events.yaml:4');
    assert.equal(items[1].title, 'IN holiday: Gandhi Jayanti');
    assert.equal(items[3].title, 'Clocks back 1 h');
    assert.equal(items[3].detail, 'America/New_York, America/Toronto', 'zones changing at the same instant merge');
  });

  it('finds the report window\'s anomalies from the forecast band, most severe first', () => {
    const start = Date.UTC(2026, 5, 1);
    const data = dataset(start, 48, { views: (at) => (at === start + 40 * HOUR ? 40 : at === start + 30 * HOUR ? 180 : 100) }, ['a']);
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
