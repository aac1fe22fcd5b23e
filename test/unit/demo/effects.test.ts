import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { COUNTRIES, generateDemo, GRID_END, WINDOW_START, type InjectedEffect } from '../../../src/core/demo';
import { demo42, HOUR, total } from './helpers';

const ms = (iso: string) => Date.parse(iso);
const zoneOf = (code: string) => COUNTRIES.find((c) => c.code === code)!.zone;
/** The same local wall-clock interval one week earlier (DST-safe). */
const weekBefore = (t: number, zone: string) => DateTime.fromMillis(t, { zone }).minus({ weeks: 1 }).toMillis();
const one = (effects: readonly InjectedEffect[], kind: string) => {
  const xs = effects.filter((e) => e.kind === kind);
  assert.equal(xs.length, 1, `one ${kind}`);
  return xs[0];
};

describe('demo generator: injected effects', () => {
  it('records a well-formed ground truth inside the window', () => {
    const gt = demo42().out.groundTruth;
    const ids = new Set<string>();
    for (const e of gt.effects) {
      assert.ok(!ids.has(e.id), `unique id ${e.id}`);
      ids.add(e.id);
      assert.match(e.start, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.ok(ms(e.start) <= ms(e.end), e.id);
      assert.ok(ms(e.end) > WINDOW_START && ms(e.start) < GRID_END, `${e.id} overlaps the window`);
      assert.ok(e.multiplier > 0);
    }
    const kinds = new Set(gt.effects.map((e) => e.kind));
    for (const k of ['holiday', 'event', 'incident', 'deploy', 'email_send', 'late_data', 'dst']) assert.ok(kinds.has(k as never), k);
  });

  it('every holiday recorded comes from date-holidays and lowers that country vs the same local day a week before', () => {
    const { data, out } = demo42();
    const holidays = out.groundTruth.effects.filter((e) => e.kind === 'holiday');
    assert.ok(holidays.some((h) => h.slice.country === 'IN' && h.name === 'Gandhi Jayanti'));
    assert.ok(holidays.some((h) => h.slice.country === 'JP' && h.start === '2026-11-02T15:00:00Z'), 'Culture Day');
    assert.ok(holidays.every((h) => h.multiplier >= 0.5 && h.multiplier <= 0.8));
    let checked = 0;
    for (const h of holidays) {
      const zone = zoneOf(h.slice.country);
      const [s, e] = [ms(h.start), ms(h.end)];
      const [ps, pe] = [weekBefore(s, zone), weekBefore(e, zone)];
      const prevIsHoliday = holidays.some((o) => o.slice.country === h.slice.country && ms(o.start) < pe && ms(o.end) > ps);
      if (ps < WINDOW_START || e > GRID_END || prevIsHoliday) continue;
      const ratio = total(data, { country: h.slice.country }, s, e) / total(data, { country: h.slice.country }, ps, pe);
      assert.ok(ratio < Math.min(0.85, h.multiplier + 0.08), `${h.id}: ${ratio.toFixed(2)} vs multiplier ${h.multiplier}`);
      checked++;
    }
    assert.ok(checked >= 8, `checked ${checked} holidays`);
  });

  it('the iOS incident lowers ios traffic in every country, and nothing else', () => {
    const { data, out } = demo42();
    const inc = one(out.groundTruth.effects, 'incident');
    assert.deepEqual(inc.slice, { platform: 'ios' });
    // whole buckets inside the incident, compared with the same buckets a week earlier, ios against web
    const s = Math.ceil(ms(inc.start) / HOUR) * HOUR;
    const e = Math.floor(ms(inc.end) / HOUR) * HOUR;
    const w = 7 * 24 * HOUR;
    const rel = (platform: string, country?: string) =>
      total(data, { platform, country }, s, e) / total(data, { platform, country }, s - w, e - w);
    const drop = rel('ios') / rel('web');
    assert.ok(Math.abs(drop - inc.multiplier) < 0.06, `ios/web ${drop.toFixed(2)} vs ${inc.multiplier}`);
    for (const c of ['US', 'IN', 'JP', 'DE']) assert.ok(rel('ios', c) / rel('web', c) < 0.55, c);
    assert.ok(rel('web') > 0.8 && rel('android') > 0.8);
    const deploy = out.groundTruth.effects.find((x) => x.kind === 'deploy' && x.name.includes('7.4.0'))!;
    const lead = (ms(inc.start) - ms(deploy.start)) / 60_000;
    assert.ok(lead >= 30 && lead <= 45, `deploy ${lead} min before`);
    assert.deepEqual(deploy.slice, { platform: 'ios' });
    assert.equal(deploy.multiplier, 1);
  });

  it('Monday Night Football dips US traffic in the evening, not GB', () => {
    const { data, out } = demo42();
    const mnf = out.groundTruth.effects.find((e) => e.name === 'Monday Night Football')!;
    assert.equal(mnf.kind, 'event');
    assert.equal(mnf.start, '2026-11-03T01:15:00Z');
    const s = ms('2026-11-03T02:00:00Z'); // whole hours 21:00-23:00 New York
    const e = ms('2026-11-03T04:00:00Z');
    const z = 'America/New_York';
    const us = total(data, { country: 'US' }, s, e) / total(data, { country: 'US' }, weekBefore(s, z), weekBefore(e, z));
    assert.ok(us < mnf.multiplier + 0.07 && us > mnf.multiplier - 0.12, `US ${us.toFixed(2)} vs ${mnf.multiplier}`);
    const gb = total(data, { country: 'GB' }, s, e) / total(data, { country: 'GB' }, s - 168 * HOUR, e - 168 * HOUR);
    assert.ok(gb > 0.9, `GB ${gb.toFixed(2)}`);
  });

  it('the newsletter went out late: no lift at 09:00 New York, a lift recorded from 11:30', () => {
    const { data, out } = demo42();
    const email = one(out.groundTruth.effects, 'email_send');
    assert.equal(email.start, '2026-11-03T16:30:00Z');
    assert.match(email.name, /late/);
    assert.deepEqual(email.slice, { country: 'US' });
    assert.ok(email.multiplier > 1.2 && email.multiplier < 1.4);
    const z = 'America/New_York';
    const s = ms('2026-11-03T14:00:00Z'); // 09:00-11:00 EST, the usual send time
    const e = ms('2026-11-03T16:00:00Z');
    const missing = total(data, { country: 'US' }, s, e) / total(data, { country: 'US' }, weekBefore(s, z), weekBefore(e, z));
    const control = total(data, { country: 'US', metric: 'job_applies' }, s, e) / total(data, { country: 'US', metric: 'job_applies' }, weekBefore(s, z), weekBefore(e, z));
    assert.ok(missing < control - 0.1, `page views ${missing.toFixed(2)} vs unaffected job applies ${control.toFixed(2)}`);
  });

  it('the last hour is only partly there (late data)', () => {
    const { data, out } = demo42();
    const late = one(out.groundTruth.effects, 'late_data');
    assert.equal(late.start, '2026-11-03T17:00:00Z');
    assert.equal(late.end, out.groundTruth.end);
    assert.ok(late.multiplier > 0.28 && late.multiplier < 0.38);
    const s = ms(late.start);
    const w = 168 * HOUR; // IN, GB and DE keep the same UTC offset over this last week
    for (const country of ['IN', 'GB', 'DE']) {
      const r = total(data, { country, platform: 'web' }, s, s + HOUR) / total(data, { country, platform: 'web' }, s - w, s + HOUR - w);
      assert.ok(Math.abs(r - late.multiplier) < 0.1, `${country}: ${r.toFixed(2)}`);
    }
  });

  it('keeps the headline story for every seed while timings and strengths vary', () => {
    const starts = new Set<string>();
    for (const seed of [1, 2, 3, 99, 2026]) {
      const gt = generateDemo({ seed }).groundTruth;
      const inc = one(gt.effects, 'incident');
      const pt = DateTime.fromISO(inc.start, { zone: 'America/Los_Angeles' });
      assert.equal(pt.toISODate(), '2026-11-03');
      assert.ok(pt.hour >= 0 && pt.hour <= 1, `incident at ${pt.toISO()}`);
      assert.ok(ms(inc.end) < ms('2026-11-03T16:00:00Z'), 'over before the report hour');
      assert.ok(inc.multiplier >= 0.3 && inc.multiplier <= 0.4);
      starts.add(inc.start);
      assert.ok(gt.effects.some((e) => e.name === 'Monday Night Football'));
      one(gt.effects, 'email_send');
      one(gt.effects, 'late_data');
      assert.equal(gt.effects.filter((e) => e.kind === 'deploy').length, 4);
    }
    assert.ok(starts.size > 1, 'the incident time depends on the seed');
  });
});
