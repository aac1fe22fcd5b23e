import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { COUNTRIES } from '../../../src/core/demo';
import type { Dataset } from '../../../src/core/types';
import { demo42, HOUR, total } from './helpers';

/** Mean page views per UTC hour of day over the local weekdays (Mon-Fri) in [from, to). */
function utcProfile(d: Dataset, country: string, zone: string, from: string, to: string): number[] {
  const sum = new Array(24).fill(0);
  const a = Date.parse(from);
  const b = Date.parse(to);
  for (let t = a; t < b; t += HOUR) {
    if (DateTime.fromMillis(t + HOUR / 2, { zone }).weekday >= 6) continue;
    sum[new Date(t).getUTCHours()] += total(d, { country }, t, t + HOUR);
  }
  return sum;
}

const argmax = (xs: number[]) => xs.indexOf(Math.max(...xs));
const circ = (a: number, b: number) => Math.min(Math.abs(a - b), 24 - Math.abs(a - b));

describe('demo generator: local-clock rhythm', () => {
  it('each country peaks on its own local clock: IN peaks ~10 hours of UTC before the US', () => {
    const { data } = demo42();
    // Before any DST change, so both offsets are fixed (US -4, IN +5:30).
    const us = argmax(utcProfile(data, 'US', 'America/New_York', '2026-09-14T07:00:00Z', '2026-10-24T00:00:00Z'));
    const ind = argmax(utcProfile(data, 'IN', 'Asia/Kolkata', '2026-09-14T07:00:00Z', '2026-10-24T00:00:00Z'));
    const jp = argmax(utcProfile(data, 'JP', 'Asia/Tokyo', '2026-09-14T07:00:00Z', '2026-10-24T00:00:00Z'));
    assert.ok(us >= 13 && us <= 16, `US peak at ${us}:00 UTC`);
    assert.ok(ind >= 3 && ind <= 6, `IN peak at ${ind}:00 UTC`);
    assert.ok(circ(us, ind) >= 9 && circ(us, ind) <= 11, `US ${us}, IN ${ind}`);
    assert.ok(jp >= 0 && jp <= 2, `JP peak at ${jp}:00 UTC`);
  });

  it('the weekday curve has a lunch dip between the morning and afternoon peaks (local time)', () => {
    const p = utcProfile(demo42().data, 'IN', 'Asia/Kolkata', '2026-09-14T07:00:00Z', '2026-10-31T00:00:00Z');
    // IN = UTC+5:30: bucket h UTC covers local h+5:30..h+6:30
    const local = (h: number) => p[(h - 6 + 24) % 24];
    assert.ok(local(13) < 0.85 * local(10), 'lunch below the morning peak');
    assert.ok(local(13) < local(15), 'afternoon recovers');
    assert.ok(local(3) < 0.2 * local(10), 'nights are quiet');
  });

  it('follows the local clock across a DST change: Berlin traffic moves one UTC hour later after Oct 25', () => {
    const { data } = demo42();
    const before = utcProfile(data, 'DE', 'Europe/Berlin', '2026-10-19T00:00:00Z', '2026-10-24T00:00:00Z');
    const after = utcProfile(data, 'DE', 'Europe/Berlin', '2026-10-26T00:00:00Z', '2026-10-31T00:00:00Z');
    const err = (shift: number) => before.reduce((s, v, h) => s + (v - after[(h + shift + 24) % 24]) ** 2, 0);
    const best = [-2, -1, 0, 1, 2].reduce((a, b) => (err(b) < err(a) ? b : a));
    assert.equal(best, 1);
  });

  it('weekends are ~35-45% of a weekday in every country', () => {
    const { data, out } = demo42();
    for (const c of COUNTRIES) {
      const holidays = new Set(out.groundTruth.effects.filter((e) => e.kind === 'holiday' && e.slice.country === c.code).map((e) => DateTime.fromISO(e.start, { zone: c.zone }).toISODate()));
      const byDay = new Map<string, number>();
      for (let t = data.start; t < data.end; t += HOUR) {
        const day = DateTime.fromMillis(t + HOUR / 2, { zone: c.zone }).toISODate()!;
        byDay.set(day, (byDay.get(day) ?? 0) + total(data, { country: c.code }, t, t + HOUR));
      }
      const days = [...byDay.keys()].slice(1, -1).filter((d) => !holidays.has(d)); // whole days only
      const mean = (xs: string[]) => xs.reduce((s, d) => s + byDay.get(d)!, 0) / xs.length;
      const isWeekend = (d: string) => DateTime.fromISO(d).weekday >= 6;
      const ratio = mean(days.filter(isWeekend)) / mean(days.filter((d) => !isWeekend(d)));
      assert.ok(ratio > 0.33 && ratio < 0.48, `${c.code}: weekend/weekday ${ratio.toFixed(2)}`);
    }
  });

  it('platform mix differs by country: IN is android-heavy, JP and US ios-heavy', () => {
    const { data } = demo42();
    const share = (country: string, platform: string) =>
      total(data, { country, platform }, data.start, data.end) / total(data, { country }, data.start, data.end);
    assert.ok(share('IN', 'android') > 0.5);
    assert.ok(share('JP', 'ios') > share('JP', 'android') * 2);
    assert.ok(share('US', 'ios') > share('US', 'android'));
  });
});
