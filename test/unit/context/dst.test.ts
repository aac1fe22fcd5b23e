import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { dstTransitions, irregularDays } from '../../../src/core/context/dst';
import { sameHourLastWeek, weekLagIndex } from '../../../src/core/context/baseline';

const HOUR = 3_600_000;
const utc = (s: string): number => Date.parse(s);

describe('context: DST transitions', () => {
  it('finds the US changes of 2026 at 02:00 local (07:00 and 06:00 UTC)', () => {
    const tr = dstTransitions('America/New_York', utc('2026-01-01T00:00:00Z'), utc('2027-01-01T00:00:00Z'));
    assert.deepEqual(
      tr.map(t => [new Date(t.at).toISOString(), t.offsetBefore, t.offsetAfter]),
      [
        ['2026-03-08T07:00:00.000Z', -300, -240],
        ['2026-11-01T06:00:00.000Z', -240, -300],
      ],
    );
  });

  it('finds the EU changes of 2026 at 01:00 UTC, a week before the US autumn change', () => {
    const tr = dstTransitions('Europe/Berlin', utc('2026-01-01T00:00:00Z'), utc('2027-01-01T00:00:00Z'));
    assert.deepEqual(
      tr.map(t => new Date(t.at).toISOString()),
      ['2026-03-29T01:00:00.000Z', '2026-10-25T01:00:00.000Z'],
    );
    assert.deepEqual(dstTransitions('Asia/Kolkata', utc('2026-01-01T00:00:00Z'), utc('2027-01-01T00:00:00Z')), []);
  });

  it('marks the 23- and 25-hour days', () => {
    assert.deepEqual(irregularDays('Europe/Berlin', utc('2026-03-01T00:00:00Z'), utc('2026-11-30T00:00:00Z')), [
      { date: '2026-03-29', hours: 23 },
      { date: '2026-10-25', hours: 25 },
    ]);
    assert.deepEqual(irregularDays('America/Los_Angeles', utc('2026-10-20T00:00:00Z'), utc('2026-11-10T00:00:00Z')), [{ date: '2026-11-01', hours: 25 }]);
  });

  it('same hour last week keeps the wall clock across a DST change (169 real hours in the US autumn)', () => {
    const zone = 'America/Los_Angeles';
    const start = DateTime.fromISO('2026-10-26T00:00', { zone }).toMillis();
    const lag = weekLagIndex(start, HOUR, 24 * 10, zone);
    const i = (DateTime.fromISO('2026-11-02T09:00', { zone }).toMillis() - start) / HOUR;
    const j = lag[i] as number;
    assert.equal(DateTime.fromMillis(start + j * HOUR, { zone }).toFormat('yyyy-LL-dd HH:mm'), '2026-10-26 09:00');
    assert.equal(i - j, 169);
    // Berlin, spring: one week back from 2026-03-30 12:00 lands 167 real hours earlier.
    const bz = 'Europe/Berlin';
    const b0 = DateTime.fromISO('2026-03-23T00:00', { zone: bz }).toMillis();
    const bl = weekLagIndex(b0, HOUR, 24 * 8, bz);
    const bi = (DateTime.fromISO('2026-03-30T12:00', { zone: bz }).toMillis() - b0) / HOUR;
    assert.equal(bi - (bl[bi] as number), 167);
  });
});

describe('context: baselines', () => {
  it('takes the same hour last week, and NaN where there is no history a week back', () => {
    const s = { metric: 'm', dims: {}, start: 0, step: HOUR, values: Float64Array.from({ length: 24 * 9 }, (_, i) => i) };
    const b = sameHourLastWeek('UTC');
    assert.equal(b(s, 200), 200 - 168);
    assert.equal(b(s, 201), 201 - 168);
    assert.ok(Number.isNaN(b(s, 10))); // no history a week back
  });
});
