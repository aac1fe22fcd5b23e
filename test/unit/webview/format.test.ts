// The webview's words for stale data and the partial hour (webview/format.ts): titles that say what
// the window really is, and a pending note that names the column it is drawn in.
import assert from 'node:assert/strict';
import { formatAge, formatArrived, pendingCellText, pendingNote, windowPhrase } from '../../../webview/format';

const HOUR = 3_600_000;
const LAST = Date.parse('2026-11-03T16:00:00Z'); // 08:00 in Los Angeles
const hours = Array.from({ length: 24 }, (_, i) => ({ at: LAST - (23 - i) * HOUR }));
const zone = 'America/Los_Angeles';
const pending = {
  at: LAST + HOUR,
  label: '09:00',
  date: '2026-11-03',
  cells: [],
  arrivedShare: {},
  arrived: 0.335,
};

describe('webview: words for stale data and the partial hour', () => {
  it('titles the window "the last 24 hours" while fresh, and by its end when stale', () => {
    assert.equal(windowPhrase({ hours, timezone: zone, freshness: { ageHours: 0, stale: false } }), 'the last 24 hours');
    assert.equal(windowPhrase({ hours, timezone: zone, freshness: { ageHours: 650, stale: true } }), 'the 24 hours to Tue 3 Nov 09:00');
  });

  it('says how old the data is in hours, then in days', () => {
    assert.equal(formatAge(1), '1 hour');
    assert.equal(formatAge(5), '5 hours');
    assert.equal(formatAge(47), '47 hours');
    assert.equal(formatAge(27 * 24 + 1), '27 days');
  });

  it('names the partial hour and its arrival from volume metrics, and says where it is drawn', () => {
    assert.equal(
      pendingNote({ pending, timezone: zone, freshness: { ageHours: 0, stale: false } }),
      "09:00 is still arriving (34% of last week's volume so far): shown as the last column, not compared.",
    );
    assert.equal(
      pendingNote({ pending, timezone: zone, freshness: { ageHours: 650, stale: true } }),
      "Tue 3 Nov 09:00, the last hour in the data, may not have fully arrived when the data stopped (it has 34% of last week's volume): shown as the last column, not compared.",
    );
    assert.equal(
      pendingNote({ pending: { ...pending, arrived: null }, timezone: zone, freshness: { ageHours: 0, stale: false } }),
      '09:00 is still arriving: shown as the last column, not compared.',
    );
    assert.equal(pendingNote({ timezone: zone, freshness: { ageHours: 0, stale: false } }), undefined);
  });

  it('draws a partial cell as its value so far and its arrival; a ratio as its rate so far', () => {
    assert.equal(formatArrived(0.351), '35%');
    assert.equal(formatArrived(null), '');
    assert.deepEqual(pendingCellText({ value: 12_345, arrivedShare: 0.351 }, false), { value: '12.3K', arrived: '35%' });
    assert.deepEqual(pendingCellText({ value: 0.0231, arrivedShare: null }, true), { value: '2.31%', arrived: 'so far' });
  });
});
