import assert from 'node:assert/strict';
import { clockValidUntil, nextBoundary, ResultCache } from '../../../src/services/reportCache';

const H = 3_600_000;
const T = Date.UTC(2026, 10, 3, 16, 0); // an hour start

describe('services: the report cache', () => {
  it('a report is valid until the next hour boundary of the data, or of the data plus the settle time', () => {
    assert.equal(nextBoundary(T, T), T + H);
    assert.equal(nextBoundary(T + 1, T), T + H);
    assert.equal(nextBoundary(T - 1, T), T);
    assert.equal(clockValidUntil(T + 20 * 60_000, { frozen: false, origin: T - 48 * H, settleMs: 0 }), T + H);
    // settle 10 min: the hour 16:00–17:00 completes at 17:10, and the age changes at 17:00.
    assert.equal(clockValidUntil(T + 5 * 60_000, { frozen: false, origin: T, settleMs: 10 * 60_000 }), T + 10 * 60_000);
    assert.equal(clockValidUntil(T + 15 * 60_000, { frozen: false, origin: T, settleMs: 10 * 60_000 }), T + H);
    // Data on half hours (a +05:30 source): boundaries at :30.
    assert.equal(clockValidUntil(T, { frozen: false, origin: T + H / 2, settleMs: 0 }), T + H / 2);
    assert.equal(clockValidUntil(T, { frozen: true, origin: T, settleMs: 0 }), Infinity);
  });

  it('keeps the most recently used entries, and drops expired ones', () => {
    const c = new ResultCache<string>(2);
    c.set('a', 'A', T + H);
    c.set('b', 'B', T + H);
    assert.equal(c.get('a', T), 'A'); // a is now the most recent
    c.set('c', 'C', T + H);
    assert.equal(c.get('b', T), undefined, 'b was the least recently used');
    assert.equal(c.get('a', T), 'A');
    assert.equal(c.get('c', T + H), undefined, 'expired');
    assert.equal(c.size, 1);
  });
});
