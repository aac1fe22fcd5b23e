// Candidate elements: every combination of 1..maxLayer dimensions (a cuboid) and, per cuboid,
// a compact element id for every leaf. Built once per cube so each search pass is one array scan.
import type { Cube } from './cube';

export interface Cuboid {
  /** Dimension indices of this cuboid, ascending. */
  readonly dims: readonly number[];
  /** Per leaf, the id of the element of this cuboid that contains it. */
  readonly ids: Int32Array;
  readonly count: number;
  /** Per element, one leaf inside it (to read its dimension values back). */
  readonly sample: Int32Array;
}

/** Number of cuboids of layers 1..maxLayer over d dimensions (sum of binomials; a float, may be huge). */
export function layerCount(d: number, maxLayer: number): number {
  let total = 0;
  let choose = 1;
  for (let k = 1; k <= Math.min(maxLayer, d); k++) {
    choose = (choose * (d - k + 1)) / k;
    total += choose;
  }
  return total;
}

/**
 * Every subset of `dims` with 1..maxLayer members, by layer, and within a layer in colexicographic
 * order (the order of ascending bit masks, which the search's tie-breaks have always followed),
 * without bit masks, so any number of dimensions works. The caller bounds the count (budget.ts).
 */
export function dimSubsets(dims: readonly number[], maxLayer: number): number[][] {
  const out: number[][] = [];
  const n = dims.length;
  for (let k = 1; k <= Math.min(maxLayer, n); k++) {
    const c = Array.from({ length: k }, (_, j) => j);
    for (;;) {
      out.push(c.map(j => dims[j]));
      // Next in colex order: bump the lowest position that can move, reset the ones below it.
      let j = 0;
      while (j < k - 1 && c[j] + 1 === c[j + 1]) j++;
      if (c[j] + 1 >= n) break;
      c[j]++;
      for (let i = 0; i < j; i++) c[i] = i;
    }
  }
  return out;
}

export function buildCuboids(cube: Cube, dims: readonly number[], maxLayer: number): Cuboid[] {
  return dimSubsets(dims, maxLayer).map(ds => buildCuboid(cube, ds));
}

export function buildCuboid(cube: Pick<Cube, 'n' | 'labels' | 'codes'>, dims: readonly number[]): Cuboid {
  const n = cube.n;
  const ids = new Int32Array(n);
  let product = 1;
  for (const d of dims) product *= Math.max(1, cube.labels[d].length);
  const samples: number[] = [];
  if (product <= 4 * n + 1024) {
    // Dense remap: mixed-radix key -> compact id.
    const remap = new Int32Array(product).fill(-1);
    for (let i = 0; i < n; i++) {
      let key = 0;
      for (const d of dims) key = key * cube.labels[d].length + cube.codes[d][i];
      let id = remap[key];
      if (id < 0) {
        id = remap[key] = samples.length;
        samples.push(i);
      }
      ids[i] = id;
    }
  } else {
    const exact = product < 2 ** 52;
    const remap = new Map<number | string, number>();
    for (let i = 0; i < n; i++) {
      let key: number | string = 0;
      if (exact) for (const d of dims) key = (key as number) * cube.labels[d].length + cube.codes[d][i];
      else key = dims.map(d => cube.codes[d][i]).join(',');
      let id = remap.get(key);
      if (id === undefined) {
        id = samples.length;
        remap.set(key, id);
        samples.push(i);
      }
      ids[i] = id;
    }
  }
  return { dims, ids, count: samples.length, sample: Int32Array.from(samples) };
}
