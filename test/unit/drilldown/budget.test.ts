import assert from 'node:assert/strict';
import { localize, type AdditiveLeaf, type RootCause } from '../../../src/core/drilldown';
import { planSearch } from '../../../src/core/drilldown/budget';
import { encodeCube } from '../../../src/core/drilldown/cube';
import { dimSubsets, layerCount } from '../../../src/core/drilldown/cuboids';
import { additiveCube, DIMS, gauss, grid, ratioCube, rng } from './cubes';

const keyOf = (rc: RootCause): string =>
  Object.entries(rc.dims)
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join('&');
const keys = (rcs: readonly RootCause[]): string[] => rcs.map(keyOf).sort();
const inIndia = (d: Record<string, string>): number => (d.country === 'IN' ? 0.5 : 1);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** The DIMS cube with `constant` one-valued columns before and `noisy` random two-valued columns after its three real ones. */
function wide(constant: number, noisy: number, seed = 3): AdditiveLeaf[] {
  const u = rng(seed);
  return additiveCube(inIndia, 0.02, 7).map(l => ({
    ...l,
    dims: {
      ...Object.fromEntries(range(constant).map(j => [`k${j}`, 'all'])),
      ...l.dims,
      ...Object.fromEntries(range(noisy).map(j => [`x${j}`, u() < 0.5 ? 'x' : 'y'])),
    },
  }));
}

/** The subsets in the order the search always used: ascending bit masks, stable by size. */
function maskOrder(d: number): number[][] {
  const out: number[][] = [];
  for (let mask = 1; mask < 1 << d; mask++) out.push(range(d).filter(j => mask & (1 << j)));
  return out.sort((a, b) => a.length - b.length);
}

describe('drilldown/budget: cuboids stay polynomial in the number of columns', () => {
  it('enumerates subsets in the old order, without bit masks', () => {
    for (const d of [1, 2, 5, 9]) assert.deepEqual(dimSubsets(range(d), d), maskOrder(d), `d=${d}`);
    // Indices past 31 (where 1 << d wraps) and a layer bound.
    const high = dimSubsets([3, 31, 32, 40], 2);
    assert.equal(high.length, 4 + 6);
    assert.deepEqual(high.slice(4), [
      [3, 31],
      [3, 32],
      [31, 32],
      [3, 40],
      [31, 40],
      [32, 40],
    ]);
    assert.equal(dimSubsets(range(40), 2).length, layerCount(40, 2));
    assert.equal(layerCount(40, 2), 820);
  });

  it('builds at most max(256, d) cuboids for d varying columns, and all of them for the benchmark sizes', () => {
    const counts: number[] = [];
    for (const d of [3, 4, 5, 8, 12, 20, 31, 40, 64, 128, 300]) {
      // 11 leaves; column j splits them by the bits of j + 1 (leaf 0 always on the 0 side), so every
      // column varies, no two split the leaves alike, and the leaf budget is no constraint.
      const leaves = range(11).map(k => ({
        dims: Object.fromEntries(range(d).map(j => [`c${j}`, k === 0 ? 'v0' : `v${((j + 1) >> (k - 1)) & 1}`])),
        actual: 1 + k,
        forecast: 1,
      }));
      const plan = planSearch(encodeCube({ kind: 'additive', leaves }), { maxLayer: 5, maxCuboids: 256, maxCells: 2 ** 23 });
      const built = dimSubsets(plan.dims, plan.maxLayer).length;
      assert.equal(plan.dims.length, d);
      assert.ok(built <= Math.max(256, d), `d=${d}: ${built} cuboids`);
      // Up to 5 varying columns (every benchmark cube) everything is searched, with no warning.
      if (d <= 5) assert.deepEqual([built, plan.warnings.length], [2 ** d - 1, 0]);
      else assert.equal(plan.warnings.length, plan.maxLayer < Math.min(5, d) ? 1 : 0);
      counts.push(built);
    }
    // The old enumeration built 2^d - 1: 2^300 here. Now the count is capped, then linear in d.
    assert.deepEqual(counts.slice(-3), [64, 128, 300]);
  });
});

describe('drilldown/budget: wide cubes', () => {
  for (const columns of [18, 20, 31, 40]) {
    it(`finds the planted cause among ${columns} columns, most of them constant, in one pass`, () => {
      const leaves = wide(columns - 5, 2);
      const r = localize({ kind: 'additive', leaves });
      assert.equal(r.dimensions.length, columns);
      assert.deepEqual(keys(r.rootCauses), ['country=IN']);
      assert.equal(r.rootCauses[0].leaves, 12);
      assert.deepEqual(r.warnings, []);
    });
  }

  it('answers the same with or without constant columns (same slices, numbers and confidence)', () => {
    const plain = localize({ kind: 'additive', leaves: wide(0, 0) });
    const padded = localize({ kind: 'additive', leaves: wide(12, 0) });
    assert.deepEqual(padded.rootCauses, plain.rootCauses);
    assert.equal(padded.zThreshold, plain.zThreshold);
  });

  it('answers the same when columns only rename others (country and country_name), naming the first column', () => {
    const plain = localize({ kind: 'additive', leaves: wide(0, 0) });
    const renamed = localize({
      kind: 'additive',
      leaves: wide(0, 0).map(l => ({ ...l, dims: { ...l.dims, ...Object.fromEntries(range(12).map(j => [`alias${j}`, `${l.dims.country}#${j}`])) } })),
    });
    assert.deepEqual(renamed.rootCauses, plain.rootCauses);
    assert.equal(renamed.zThreshold, plain.zThreshold);
    assert.deepEqual(renamed.warnings, []);
  });

  it('finds a cause named by columns past index 31 (31 columns used to find nothing)', () => {
    const leaves = additiveCube(d => (d.country === 'US' && d.platform === 'ios' ? 0.3 : 1)).map(l => ({
      ...l,
      dims: { ...Object.fromEntries(range(28).map(j => [`k${j}`, 'all'])), ...l.dims },
    }));
    assert.equal(Object.keys(leaves[0].dims).length, 31);
    assert.deepEqual(keys(localize({ kind: 'additive', leaves }).rootCauses), ['country=US&platform=ios']);
  });

  it('bounds the layers when many columns vary, and says so', () => {
    const r = localize({ kind: 'additive', leaves: wide(0, 21) }); // 24 varying columns: pairs alone are 300 cuboids
    assert.deepEqual(keys(r.rootCauses), ['country=IN']);
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0], /24 dimensions vary: only combinations of up to 1 of them/);
  });

  it('honours an explicit maxLayer and rejects a budget below 1', () => {
    const leaves = additiveCube(d => (d.country === 'US' && d.platform === 'ios' ? 0.3 : 1));
    assert.ok(!keys(localize({ kind: 'additive', leaves }, { maxLayer: 1 }).rootCauses).includes('country=US&platform=ios'));
    assert.throws(() => localize({ kind: 'additive', leaves }, { maxCells: 0 }), RangeError);
    assert.throws(() => localize({ kind: 'additive', leaves }, { maxLayer: 0 }), RangeError);
  });
});

describe('drilldown/budget: very large cubes', () => {
  // 4 x 4 x 4 x 5 x 5 x 20 = 32,000 leaves; with the budget lowered to 200,000 cells (the default
  // 2^23 is exceeded the same way by 400,000 leaves over 6 dimensions) pairs do not fit
  // (21 x 32,000 cells), so the 20-valued dimension is summed away: 1,600 leaves x 31 cuboids.
  const dims = {
    a: ['a1', 'a2', 'a3', 'a4'],
    b: ['b1', 'b2', 'b3', 'b4'],
    c: ['c1', 'c2', 'c3', 'c4'],
    d: ['d1', 'd2', 'd3', 'd4', 'd5'],
    e: ['e1', 'e2', 'e3', 'e4', 'e5'],
    z: range(20).map(j => `z${j}`),
  };
  const cause = (d: Record<string, string>): number => (d.b === 'b2' && d.d === 'd3' ? 0.7 : 1);

  it('sums over the finest dimension, warns, and still finds the cause with full-cube numbers', () => {
    const u = rng(5);
    const n = gauss(u);
    const leaves = grid(dims).map(d => {
      const forecast = u() < 0.2 ? 0 : 100 * -Math.log(u()); // sparse, heavy-tailed sizes
      return { dims: d, forecast, actual: forecast * cause(d) * (1 + 0.05 * n()) };
    });
    assert.equal(leaves.length, 32_000);
    const r = localize({ kind: 'additive', leaves }, { maxCells: 200_000 });
    assert.deepEqual(keys(r.rootCauses), ['b=b2&d=d3']);
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0], /32,000 leaves.*summed over z/);
    // Reported values come from every leaf, not from the summed cube.
    const inside = leaves.filter(l => cause(l.dims) !== 1);
    const rc = r.rootCauses[0];
    assert.equal(rc.leaves, inside.filter(l => l.actual !== 0 || l.forecast !== 0).length);
    assert.ok(Math.abs(rc.actual - inside.reduce((s, l) => s + l.actual, 0)) < 1e-6 * Math.abs(rc.actual));
    assert.equal(
      r.actual,
      leaves.reduce((s, l) => s + l.actual, 0),
    );
    // With the default budget the same cube is searched whole, with no warning and the same answer.
    const whole = localize({ kind: 'additive', leaves });
    assert.deepEqual([keys(whole.rootCauses), whole.warnings], [['b=b2&d=d3'], []]);
  });

  it('sums a ratio as its rate effect', () => {
    const small = { ...dims, z: dims.z.slice(0, 10) };
    const leaves = ratioCube(
      () => 1,
      d => (d.a === 'a3' ? 1.5 : 1),
      0.02,
      11,
      small,
    );
    const r = localize({ kind: 'ratio', leaves }, { maxCells: 50_000 });
    assert.deepEqual(keys(r.rootCauses), ['a=a3']);
    assert.match(r.warnings[0], /summed over z/);
    assert.ok(Math.abs(r.rootCauses[0].relativeChange! - 0.5) < 0.05, `rate change ${r.rootCauses[0].relativeChange}`);
  });

  it('finds the cause in a cube over DIMS whose extra column has as many values as leaves', () => {
    // One column per leaf (an id): 10 cuboids up to pairs x 72 leaves exceed 500 cells; without the
    // id, 6 x 72 do not. Summing the id away loses nothing the rest of the cube can say.
    const leaves = additiveCube(inIndia).map((l, i) => ({ ...l, dims: { ...l.dims, id: `r${i}` } }));
    const r = localize({ kind: 'additive', leaves }, { maxCells: 500 });
    assert.deepEqual(keys(r.rootCauses), ['country=IN']);
    // Then 500 / 72 cells leave room for pairs of the other three, not all three: a second warning.
    assert.deepEqual(
      r.warnings.map(w => /summed over id |up to 2 of them/.exec(w)?.[0]),
      ['summed over id ', 'up to 2 of them'],
    );
    assert.equal(grid(DIMS).length, leaves.length);
  });
});
