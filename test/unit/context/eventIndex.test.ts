import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { DeployIndex, EventIndex, IntervalIndex } from '../../../src/core/context/eventIndex';
import type { ContextEvent } from '../../../src/core/context/types';

const HOUR = 3_600_000;
const ZONE = 'America/Los_Angeles';

/** Deterministic pseudo-random numbers in [0, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('context: event index', () => {
  it('finds exactly the intervals a linear scan finds, odd bounds included', () => {
    const r = rng(7);
    const odd = [NaN, Infinity, -Infinity, 0];
    const starts: number[] = [];
    const ends: number[] = [];
    for (let i = 0; i < 400; i++) {
      const s = r() < 0.03 ? (odd[i % 4] as number) : Math.floor(r() * 1000);
      // Mostly short, some long, some empty or reversed.
      const e = r() < 0.03 ? (odd[(i + 1) % 4] as number) : s + Math.floor((r() < 0.1 ? 400 : 20) * r()) - (r() < 0.05 ? 30 : 0);
      starts.push(s);
      ends.push(e);
    }
    const ids = starts.map((_, i) => i);
    const idx = new IntervalIndex(
      ids,
      i => starts[i] as number,
      i => ends[i] as number,
    );
    const queries: [number, number][] = [
      [NaN, 10],
      [10, NaN],
      [-Infinity, Infinity],
      [500, 400],
      [300, 300],
    ];
    for (let q = 0; q < 300; q++) {
      const a = Math.floor(r() * 1100) - 50;
      queries.push([a, a + Math.floor(r() * 60)]);
    }
    for (const [t0, t1] of queries) {
      const want = ids.filter(i => (starts[i] as number) < t1 && (ends[i] as number) > t0);
      assert.deepEqual(idx.overlapping(t0, t1), want, `overlapping(${t0}, ${t1})`);
      const inRange = ids.filter(i => (starts[i] as number) >= t0 && (starts[i] as number) <= t1);
      assert.deepEqual(idx.startingIn(t0, t1), inRange, `startingIn(${t0}, ${t1})`);
    }
  });

  it('answers "did it recur?" and "did it move?" by name, kind and countries near the slot a week later', () => {
    const t = (iso: string): number => DateTime.fromISO(iso, { zone: ZONE }).toMillis();
    const ev = (name: string, start: string, hours: number, extra: Partial<ContextEvent> = {}): ContextEvent => ({
      name,
      kind: 'email_send',
      start: t(start),
      end: t(start) + hours * HOUR,
      zone: ZONE,
      countries: ['US'],
      source: name,
      ...extra,
    });
    // Across the US change on 2026-11-01: a week later on the wall clock is 169 hours on.
    const weekly = ev('Digest', '2026-10-29T09:00', 1);
    const again = ev('Digest', '2026-11-05T09:00', 1);
    const late = ev('Promo', '2026-10-28T09:00', 1);
    const moved = ev('Promo (late)', '2026-11-04T13:00', 1);
    const elsewhere = ev('Promo DE', '2026-11-04T10:00', 1, { countries: ['DE'] });
    const gone = ev('Webinar', '2026-10-27T09:00', 2, { kind: 'launch' });
    const idx = new EventIndex([weekly, again, late, moved, elsewhere, gone], ZONE);
    assert.deepEqual(idx.nextWeek(0), [again.start, again.end]);
    assert.equal(again.start - weekly.start, 169 * HOUR);
    assert.equal(idx.recurs(0), true);
    assert.equal(idx.recurs(2), false);
    assert.equal(idx.movedTo(2, 6 * HOUR), moved, 'same kind and countries, 4 h later');
    assert.equal(idx.movedTo(2, 3 * HOUR), undefined);
    assert.equal(idx.recurs(5), false);
    assert.equal(idx.movedTo(5, 6 * HOUR), undefined);
    assert.deepEqual(idx.overlapping(t('2026-11-04T09:30'), t('2026-11-04T13:30')), [3, 4]);
  });

  it('finds deploys at the very ends of the asked range, in list order', () => {
    const at = [5, 1, 3, NaN, 2, 3, 0].map(h => h * HOUR);
    const idx = new DeployIndex(at.map((x, i) => ({ ref: `r${i}`, at: x, message: '', kind: 'tag' as const })));
    assert.deepEqual(
      idx.near(2 * HOUR, 3 * HOUR).map(d => d.ref),
      ['r2', 'r4', 'r5'],
    );
  });
});
