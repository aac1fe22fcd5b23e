import assert from 'node:assert/strict';
import { localize, type RootCause } from '../../../src/core/drilldown';
import { additiveCube, DIMS, grid, none, ratioCube, type Effect } from './cubes';

const keyOf = (rc: RootCause): string =>
  Object.entries(rc.dims)
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join('&');
const keys = (rcs: readonly RootCause[]): string[] => rcs.map(keyOf).sort();
const where =
  (match: Record<string, string>, factor: number): Effect =>
  d =>
    Object.entries(match).every(([k, v]) => d[k] === v) ? factor : 1;

describe('drilldown/localize: additive metrics', () => {
  it('finds one country that went down', () => {
    const r = localize({ kind: 'additive', leaves: additiveCube(where({ country: 'IN' }, 0.5)) });
    assert.deepEqual(keys(r.rootCauses), ['country=IN']);
    const [rc] = r.rootCauses;
    // Oracle: all of IN halves and the rest only has 2% noise, so IN carries ~all of the change.
    assert.ok(Math.abs(rc.relativeChange! + 0.5) < 0.02, `relative change ${rc.relativeChange}`);
    assert.ok(rc.explanatoryPower > 0.9 && rc.explanatoryPower < 1.1, `EP ${rc.explanatoryPower}`);
    assert.equal(rc.leaves, 12); // 3 platforms x 4 channels
    assert.ok(rc.confidence > 0.99 && rc.z < 0);
  });

  it('finds one platform in one country, not the country or the platform', () => {
    const r = localize({ kind: 'additive', leaves: additiveCube(where({ country: 'US', platform: 'ios' }, 0.3)) });
    assert.deepEqual(keys(r.rootCauses), ['country=US&platform=ios']);
    assert.equal(r.rootCauses[0].leaves, 4);
  });

  it('finds two independent root causes going in opposite directions', () => {
    const both: Effect = d => where({ country: 'IN' }, 0.4)(d) * where({ country: 'DE', platform: 'android' }, 1.8)(d);
    const r = localize({ kind: 'additive', leaves: additiveCube(both) });
    assert.deepEqual(keys(r.rootCauses), ['country=DE&platform=android', 'country=IN']);
    const de = r.rootCauses.find(rc => rc.dims.country === 'DE')!;
    assert.ok(de.relativeChange! > 0.7 && de.explanatoryPower < 0, 'DE up while the total is down');
  });

  it('reports nothing significant on noise alone', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = localize({ kind: 'additive', leaves: additiveCube(none, 0.05, seed) });
      assert.deepEqual(keys(r.rootCauses), [], `seed ${seed}`);
    }
  });

  it('handles a single dimension', () => {
    const leaves = additiveCube(where({ country: 'JP' }, 2), 0.01, 3, { country: DIMS.country });
    assert.deepEqual(keys(localize({ kind: 'additive', leaves }).rootCauses), ['country=JP']);
  });

  it('handles six dimensions', () => {
    const dims = { a: ['a1', 'a2', 'a3'], b: ['b1', 'b2', 'b3'], c: ['c1', 'c2', 'c3'], d: ['d1', 'd2'], e: ['e1', 'e2'], f: ['f1', 'f2', 'f3'] };
    const leaves = additiveCube(where({ b: 'b2', e: 'e1', f: 'f3' }, 0.2), 0.02, 5, dims);
    assert.deepEqual(keys(localize({ kind: 'additive', leaves }).rootCauses), ['b=b2&e=e1&f=f3']);
  });

  it('handles negative values (a profit metric)', () => {
    const leaves = additiveCube(where({ platform: 'web' }, 0.2)).map((l, i) => (i % 5 === 0 ? { ...l, actual: -l.actual, forecast: -l.forecast! } : l));
    assert.deepEqual(keys(localize({ kind: 'additive', leaves }).rootCauses), ['platform=web']);
  });

  it('handles sparse cubes, zero forecasts and missing forecasts', () => {
    const leaves = additiveCube(where({ country: 'FR' }, 0.1)).map((l, i) => {
      if (l.dims.country !== 'FR' && i % 4 !== 0) return { ...l, actual: 0, forecast: 0 }; // most leaves 0
      if (i === 4) return { ...l, forecast: undefined }; // missing forecast
      return l;
    });
    // A slice with no forecast that appears is a root cause too; its relative change is undefined.
    leaves.push({ dims: { country: 'XX', platform: 'ios', channel: 'organic' }, actual: 5, forecast: 0 });
    const r = localize({ kind: 'additive', leaves });
    assert.deepEqual(keys(r.rootCauses), ['country=FR', 'country=XX']);
    assert.equal(r.rootCauses.find(rc => rc.dims.country === 'XX')!.relativeChange, null);
    assert.equal(r.skippedLeaves, 1);
  });
});

describe('drilldown/localize: ratio metrics', () => {
  it('finds the slice where only the denominator moved (views halved, stalls unchanged)', () => {
    // Stall rate = stalls / views: with views halved and stalls kept, the BR rate doubles.
    const leaves = ratioCube(where({ country: 'BR' }, 0.5), where({ country: 'BR' }, 2));
    const r = localize({ kind: 'ratio', leaves });
    assert.deepEqual(keys(r.rootCauses), ['country=BR']);
    assert.ok(Math.abs(r.rootCauses[0].relativeChange! - 1) < 0.05, `rate change ${r.rootCauses[0].relativeChange}`);
  });

  it('finds a rate that moved with no change in volume', () => {
    const r = localize({ kind: 'ratio', leaves: ratioCube(none, where({ platform: 'android' }, 3)) });
    assert.deepEqual(keys(r.rootCauses), ['platform=android']);
    assert.ok(r.rootCauses[0].explanatoryPower > 0.9);
  });

  it('does not blame a slice whose volume moved but whose rate did not', () => {
    const r = localize({ kind: 'ratio', leaves: ratioCube(where({ country: 'US' }, 3), none) });
    assert.deepEqual(keys(r.rootCauses), []);
  });

  it('reports nothing significant on noise alone', () => {
    for (const seed of [1, 2, 3]) assert.deepEqual(keys(localize({ kind: 'ratio', leaves: ratioCube(none, none, 0.03, seed) }).rootCauses), []);
  });
});

describe('drilldown/localize: input guards', () => {
  it('rejects malformed input with the leaf index', () => {
    const leaves = additiveCube(none).slice(0, 3);
    assert.throws(() => localize({ kind: 'additive', leaves: [...leaves, { dims: { country: 'US' }, actual: 1, forecast: 1 }] }), /leaf 3/);
    assert.throws(() => localize({ kind: 'additive', leaves: [{ ...leaves[0], actual: '3' as unknown as number }] }), /leaf 0/);
    assert.throws(() => localize({ kind: 'ratio', leaves: [{ dims: { a: 'x' }, actual: { num: 1, den: -1 }, forecast: { num: 1, den: 1 } }] }), RangeError);
    assert.throws(() => localize({ kind: 'additive', leaves }, { alpha: 2 }), RangeError);
  });

  it('returns nothing for an empty cube', () => {
    const r = localize({ kind: 'additive', leaves: [] });
    assert.deepEqual(r.rootCauses, []);
  });

  it('covers every grid leaf once', () => {
    assert.equal(grid(DIMS).length, 72);
  });
});
