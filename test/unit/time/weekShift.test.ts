import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { weekEarlier, weekEarlierIndex, weekLater } from '../../../src/core/time';

const HOUR = 3_600_000;
const WEEK = 168 * HOUR;
const at = (iso: string, zone: string): number => DateTime.fromISO(iso, { zone }).toMillis();
const local = (t: number, zone: string): string => DateTime.fromMillis(t, { zone }).toFormat('yyyy-LL-dd HH:mm ZZ');

/** Deterministic pseudo-random numbers in [0, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('time: the same wall-clock time a week earlier', () => {
  it('keeps the wall clock: 168 hours, 167 across a spring change, 169 across an autumn change', () => {
    const ber = 'Europe/Berlin';
    assert.equal(at('2026-03-20T12:00', ber) - weekEarlier(at('2026-03-20T12:00', ber), ber), WEEK);
    assert.equal(local(weekEarlier(at('2026-04-01T12:00', ber), ber), ber), '2026-03-25 12:00 +01:00');
    assert.equal(at('2026-04-01T12:00', ber) - weekEarlier(at('2026-04-01T12:00', ber), ber), WEEK - HOUR);
    const ny = 'America/New_York';
    assert.equal(local(weekEarlier(at('2026-11-03T09:00', ny), ny), ny), '2026-10-27 09:00 -04:00');
    assert.equal(at('2026-11-03T09:00', ny) - weekEarlier(at('2026-11-03T09:00', ny), ny), WEEK + HOUR);
  });

  it('moves a skipped wall-clock time forward by the gap (EU and US spring changes)', () => {
    // 2026-03-29 02:30 does not exist in Berlin; 02:00 and 03:00 a week later both land on 03:00.
    const ber = 'Europe/Berlin';
    assert.equal(local(weekEarlier(at('2026-04-05T02:30', ber), ber), ber), '2026-03-29 03:30 +02:00');
    assert.equal(weekEarlier(at('2026-04-05T02:00', ber), ber), weekEarlier(at('2026-04-05T03:00', ber), ber));
    const ny = 'America/New_York'; // 2026-03-08 02:00 -> 03:00
    assert.equal(local(weekEarlier(at('2026-03-15T02:00', ny), ny), ny), '2026-03-08 03:00 -04:00');
    // Forwards the same way: a week after 2026-03-01 02:30 in New York is 03:30 EDT.
    assert.equal(local(weekLater(at('2026-03-01T02:30', ny), ny), ny), '2026-03-08 03:30 -04:00');
  });

  it('reads a repeated wall-clock time with the offset of the instant it started from', () => {
    // 01:30 happens twice on 2026-11-01 in New York and on 2026-10-25 02:30 in Berlin.
    const ny = 'America/New_York';
    assert.equal(local(weekEarlier(at('2026-11-08T01:30', ny), ny), ny), '2026-11-01 01:30 -05:00');
    assert.equal(local(weekLater(at('2026-10-25T01:30', ny), ny), ny), '2026-11-01 01:30 -04:00');
    const ber = 'Europe/Berlin';
    assert.equal(local(weekEarlier(at('2026-11-01T02:30', ber), ber), ber), '2026-10-25 02:30 +01:00');
    assert.equal(local(weekLater(at('2026-10-18T02:30', ber), ber), ber), '2026-10-25 02:30 +02:00');
    // So the earlier of the two 02:30s goes to next week's 02:30 and does not come back: the one exception to the inverse.
    const first = at('2026-10-25T00:30Z', 'utc');
    assert.equal(local(first, ber), '2026-10-25 02:30 +02:00');
    assert.equal(weekEarlier(weekLater(first, ber), ber), first + HOUR);
  });

  it('handles half-hour zones: Kolkata has no DST, Adelaide changes by an hour at :30 buckets', () => {
    const kol = 'Asia/Kolkata';
    const t = at('2026-06-10T17:30', kol);
    assert.equal(t - weekEarlier(t, kol), WEEK);
    assert.equal(weekLater(weekEarlier(t, kol), kol), t);
    // Adelaide (+09:30/+10:30): clocks go back 03:00 -> 02:00 on 2026-04-05, forward 02:00 -> 03:00 on 2026-10-04.
    const adl = 'Australia/Adelaide';
    assert.equal(local(weekEarlier(at('2026-04-08T12:30', adl), adl), adl), '2026-04-01 12:30 +10:30');
    assert.equal(at('2026-04-08T12:30', adl) - weekEarlier(at('2026-04-08T12:30', adl), adl), WEEK + HOUR);
    assert.equal(local(weekEarlier(at('2026-04-12T02:30', adl), adl), adl), '2026-04-05 02:30 +09:30');
    assert.equal(local(weekEarlier(at('2026-10-11T02:30', adl), adl), adl), '2026-10-04 03:30 +10:30');
  });

  it("is weekLater's inverse away from the repeated and skipped hours", () => {
    for (const zone of ['Europe/Berlin', 'America/Los_Angeles', 'Australia/Adelaide', 'Asia/Kolkata', 'UTC']) {
      for (let t = at('2026-01-01T00:00Z', 'utc'); t < at('2027-01-01T00:00Z', 'utc'); t += 13 * HOUR) {
        const back = weekEarlier(t, zone);
        const clock = (x: number): string => DateTime.fromMillis(x, { zone }).toFormat('HH:mm');
        const skipped = clock(back) !== clock(t);
        // The later of two equal wall-clock times, a week after a day that had it once with the earlier offset.
        const repeated =
          (clock(t - HOUR) === clock(t) || clock(t + HOUR) === clock(t)) &&
          DateTime.fromMillis(back, { zone }).offset !== DateTime.fromMillis(t, { zone }).offset;
        if (!skipped && !repeated) assert.equal(weekLater(back, zone), t, `${zone} ${local(t, zone)}`);
      }
    }
  });

  it('gives exactly what Luxon gives, odd instants and zones included', () => {
    const r = rng(11);
    const zones = [
      'Europe/Berlin',
      'America/New_York',
      'Australia/Lord_Howe',
      'Australia/Adelaide',
      'Asia/Kolkata',
      'Pacific/Apia',
      'UTC',
      'UTC+3',
      'system',
      'Not/AZone',
    ];
    const odd = [NaN, Infinity, -Infinity, 0, 0.5, -1.5, 8.64e15, -8.64e15, 8.64e15 - WEEK, -8.64e15 + WEEK, Date.UTC(1900, 0, 1), Date.UTC(40, 0, 3)];
    const cases: [string, number][] = [];
    const times: number[] = [...odd];
    for (let k = 0; k < 300; k++) {
      // Hours near the DST changes of several years, and instants anywhere from 1850 to 2100.
      const base = Date.UTC(1990 + Math.floor(r() * 50), r() < 0.5 ? 2 : 9, 20 + Math.floor(r() * 14));
      times.push(base + Math.floor(r() * 48) * 30 * 60_000, Math.floor((r() * 250 - 120) * 365.25 * 86_400_000), base + r() * HOUR);
    }
    for (const zone of zones) for (const t of times) cases.push([zone, t]);
    // Offsets with seconds (local mean time) beside whole-minute ones: Monrovia -00:44:30 until 1972-01-07,
    // Dublin -00:25:21 and its summer time in 1916, New York -04:56:02 until 1883-11-18.
    const lmt: [string, number][] = [
      ['Africa/Monrovia', Date.UTC(1972, 0, 7)],
      ['Europe/Dublin', Date.UTC(1916, 4, 21)],
      ['America/New_York', Date.UTC(1883, 10, 18)],
    ];
    for (const [zone, t] of lmt) for (let m = -11 * 1440; m <= 11 * 1440; m += 37) cases.push([zone, t + m * 60_000], [zone, t + m * 60_000 + 1234]);
    for (const [zone, t] of cases) {
      const back = DateTime.fromMillis(t, { zone }).minus({ days: 7 }).toMillis();
      const on = DateTime.fromMillis(t, { zone }).plus({ weeks: 1 }).toMillis();
      assert.ok(Object.is(weekEarlier(t, zone), back), `weekEarlier(${t}, ${zone})`);
      assert.ok(Object.is(weekLater(t, zone), on), `weekLater(${t}, ${zone})`);
    }
  });
});

describe('time: the bucket a week earlier on a grid', () => {
  it('finds the bucket starting at that instant, on any step that divides the offset change', () => {
    const zone = 'America/Los_Angeles';
    const start = at('2026-10-26T00:00', zone);
    const grid = { start, step: HOUR };
    const i = (at('2026-11-02T09:00', zone) - start) / HOUR;
    assert.equal(i - (weekEarlierIndex(grid, i, zone) as number), 169);
    const half = { start, step: HOUR / 2 };
    assert.equal(2 * i - (weekEarlierIndex(half, 2 * i, zone) as number), 338);
    assert.equal(weekEarlierIndex(grid, 24 * 7 - 1, zone), undefined, 'before the grid');
    const june = at('2026-06-01T00:00', zone);
    assert.equal(weekEarlierIndex({ start: june, step: 86_400_000 }, 7, zone), 0, 'daily, same offset');
  });

  it('has no bucket when the instant falls between buckets', () => {
    // Lord Howe changes by 30 minutes: an hourly grid has nothing a week before the change.
    const zone = 'Australia/Lord_Howe';
    const start = at('2026-04-01T00:00', zone); // +11:00; +10:30 from 2026-04-05 02:00
    const i = 8 * 24 + 12; // 2026-04-09 11:30 +10:30, against 2026-04-02 11:30 +11:00
    assert.equal(local(start + i * HOUR, zone), '2026-04-09 11:30 +10:30');
    assert.equal(weekEarlier(start + i * HOUR, zone), start + i * HOUR - WEEK - HOUR / 2);
    assert.equal(weekEarlierIndex({ start, step: HOUR }, i, zone), undefined);
    assert.equal(weekEarlierIndex({ start, step: HOUR / 2 }, 2 * i, zone), 2 * i - 337);
    // A daily grid at local midnight across a one-hour change.
    const ber = 'Europe/Berlin';
    const d0 = at('2026-03-25T00:00', ber);
    assert.equal(weekEarlierIndex({ start: d0, step: 86_400_000 }, 7, ber), undefined);
  });

  it('agrees with the former per-site rules on random grids (Number.isInteger, and round-then-check)', () => {
    const r = rng(5);
    for (const zone of ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC']) {
      for (let g = 0; g < 6; g++) {
        const step = [HOUR, HOUR / 2, HOUR / 4, 5 * 60_000, 86_400_000, 2 * HOUR][g % 6] as number;
        const start = Date.UTC(2020 + (g % 6), 0, 1) + Math.floor(r() * 300) * HOUR + (g % 3) * 15 * 60_000;
        const n = Math.min(4000, Math.ceil((400 * 86_400_000) / step));
        for (let i = 0; i < n; i += 1 + Math.floor(r() * 12)) {
          const t = start + i * step;
          const prev = DateTime.fromMillis(t, { zone }).minus({ weeks: 1 }).toMillis();
          const k = (prev - start) / step;
          const byInteger = Number.isInteger(k) && k >= 0 && k < n ? k : undefined;
          const j = Math.round(k);
          const byCheck = j >= 0 && j < i && start + j * step === prev ? j : undefined;
          assert.equal(byInteger, byCheck);
          assert.equal(weekEarlierIndex({ start, step }, i, zone), byCheck, `${zone} step ${step} i ${i}`);
        }
      }
    }
  });
});
