// What the search looks at, so that its cost stays polynomial in the number of columns and bounded
// in the number of leaves. The search builds one leaf-to-element map per cuboid and scans every
// cuboid once per greedy step, so its time and memory go as (cuboids x leaves). Three steps:
// columns with one value in the cube are left out (every element naming them equals one without
// them, and the duplicates only inflated the Bonferroni count); the layers are bounded; and a cube
// too large to search pairs within the cell budget is first summed over its dimension with the most
// values, with a warning. The bounds (DEFAULTS in localize.ts):
// - maxLayer 5: the deepest true root cause in the benchmark is layer 3 in B0 and in the real RS
//   data (85/45/13 causes of layers 1/2/3), 4 in L and 5 in S (single leaves of 4- and 5-column
//   cubes). Every benchmark cube has at most 5 varying columns, so each is still searched whole. Five
//   attr=value pairs still read as one slice; a deeper "cause" is one leaf of a wide cube.
// - maxCuboids 256: benchmark cubes need at most 31 cuboids and the ADR's 6-column scale case 62;
//   256 keeps every layer up to 5 for 8 varying columns, up to 3 for 11, pairs up to 22, single
//   columns beyond: at most max(256, columns) cuboids, where there were 2^columns - 1.
// - maxCells 2^23 (8.4M leaf x cuboid cells, ~35 MB of maps, about 1 s): the ADR's target is under
//   1 s for 100,000 leaves, and its 6-column case (100,000 x 62 = 6.2M) fits whole, as do S
//   (48,000 x 31), L (36,000 x 15) and B0 (21,600 x 15). A 2.4M-leaf, 6-column cube took 29 s
//   CPU and 1 GB above its input; summed over its 20-valued column it takes 2.4 s and 150 MB.
import type { Cube } from './cube';
import { buildCuboid, layerCount } from './cuboids';

export interface Limits {
  /** Deepest layer the caller allows. */
  readonly maxLayer: number;
  /** Most cuboids, whatever the number of leaves. */
  readonly maxCuboids: number;
  /** Most leaf x cuboid cells (time and memory of the search). */
  readonly maxCells: number;
}

export interface SearchPlan {
  /** The cube the search runs on: the input, or the input summed over the dropped dimensions. */
  readonly cube: Cube;
  /** Dimensions searched (indices into the input's dimensions), ascending. */
  readonly dims: readonly number[];
  readonly maxLayer: number;
  /** Human-readable notes on what the search left out; empty when it searched what was asked. */
  readonly warnings: readonly string[];
}

/** Deepest layer <= cap whose cuboids over d dimensions number at most `most`; at least 1. */
function deepest(d: number, cap: number, most: number): number {
  let layer = 1;
  while (layer < Math.min(cap, d) && layerCount(d, layer + 1) <= most) layer++;
  return layer;
}

export function planSearch(input: Cube, limits: Limits): SearchPlan {
  const warnings: string[] = [];
  let cube = input;
  let dims = distinctPartitions(
    input,
    input.dimensions.map((_, d) => d).filter(d => input.labels[d].length > 1),
  );
  // Too many leaves to search even pairs (the layers the cuboid cap allows, down to pairs) within
  // the cell budget: sum over the dimension with the most values, the one that shrinks the cube most.
  const dropped: string[] = [];
  for (;;) {
    const target = Math.min(2, deepest(dims.length, limits.maxLayer, limits.maxCuboids));
    if (dims.length <= 1 || layerCount(dims.length, target) * cube.n <= limits.maxCells) break;
    const finest = dims.reduce((a, d) => (input.labels[d].length > input.labels[a].length ? d : a));
    dims = dims.filter(d => d !== finest);
    dropped.push(input.dimensions[finest]);
    cube = aggregate(input, dims);
  }
  if (dropped.length) {
    warnings.push(
      `The cube has ${input.n.toLocaleString('en-US')} leaves, too many to search in time: it was summed over ${dropped.join(', ')} ` +
        `(${dropped.length > 1 ? 'the dimensions' : 'the dimension'} with the most values) first, so no root cause names ${dropped.length > 1 ? 'them' : 'it'}. ` +
        'Reported values still use every leaf.',
    );
  }
  const cap = Math.min(limits.maxLayer, dims.length);
  const maxLayer = deepest(dims.length, cap, Math.min(limits.maxCuboids, Math.floor(limits.maxCells / Math.max(cube.n, 1))));
  if (maxLayer < cap) {
    warnings.push(
      `${dims.length} dimensions vary: only combinations of up to ${maxLayer} of them were searched (${layerCount(dims.length, maxLayer)} cuboids) ` +
        'to stay within the time budget; a root cause naming more dimensions is missed or reported as its coarser part.',
    );
  }
  return { cube, dims, maxLayer, warnings };
}

/**
 * The dimensions that split the leaves differently from every earlier one. A column that renames
 * another (country and country_name, an id per platform) makes the same elements under another
 * name: like a constant column it adds no hypothesis, only Bonferroni count, which hides real causes.
 * The first column of each group is kept, so slices are named as the data's first such column.
 */
export function distinctPartitions(cube: Cube, dims: readonly number[]): number[] {
  const seen = new Map<string, Int32Array[]>();
  const kept: number[] = [];
  for (const d of dims) {
    // Codes renumbered in order of first appearance: equal sequences <=> the same partition.
    const canon = new Int32Array(cube.n);
    const first = new Map<number, number>();
    let hash = 0x811c9dc5;
    for (let i = 0; i < cube.n; i++) {
      const c = cube.codes[d][i];
      let k = first.get(c);
      if (k === undefined) first.set(c, (k = first.size));
      canon[i] = k;
      hash = Math.imul(hash ^ k, 0x01000193);
    }
    const key = `${first.size}:${hash >>> 0}`;
    const twins = seen.get(key) ?? [];
    if (twins.some(t => t.every((k, i) => k === canon[i]))) continue;
    twins.push(canon);
    seen.set(key, twins);
    kept.push(d);
  }
  return kept;
}

/**
 * The input summed over every dimension not in `keep`. Labels and dimension indices stay those of
 * the input (dimensions not kept get code 0), so elements read back the same way. The additive
 * view (v, f) is summed as is: for a ratio it is already the leaf-level rate effect, which adds up.
 */
function aggregate(input: Cube, keep: readonly number[]): Cube {
  const { ids, count, sample } = buildCuboid(input, keep);
  const v = new Float64Array(count);
  const f = new Float64Array(count);
  for (let i = 0; i < input.n; i++) {
    v[ids[i]] += input.v[i];
    f[ids[i]] += input.f[i];
  }
  const codes = input.dimensions.map((_, d) => (keep.includes(d) ? Int32Array.from(sample, i => input.codes[d][i]) : new Int32Array(count)));
  return { kind: input.kind, dimensions: input.dimensions, labels: input.labels, codes, n: count, v, f, skipped: 0 };
}
