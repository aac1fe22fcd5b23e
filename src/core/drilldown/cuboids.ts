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

export function dimSubsets(d: number, maxLayer: number): number[][] {
  const out: number[][] = [];
  for (let mask = 1; mask < 1 << d; mask++) {
    const dims: number[] = [];
    for (let j = 0; j < d; j++) if (mask & (1 << j)) dims.push(j);
    if (dims.length <= maxLayer) out.push(dims);
  }
  return out.sort((a, b) => a.length - b.length);
}

export function buildCuboids(cube: Cube, maxLayer: number): Cuboid[] {
  return dimSubsets(cube.dimensions.length, maxLayer).map((dims) => buildCuboid(cube, dims));
}

function buildCuboid(cube: Cube, dims: number[]): Cuboid {
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
      if (id < 0) { id = remap[key] = samples.length; samples.push(i); }
      ids[i] = id;
    }
  } else {
    const exact = product < 2 ** 52;
    const remap = new Map<number | string, number>();
    for (let i = 0; i < n; i++) {
      let key: number | string = 0;
      if (exact) for (const d of dims) key = (key as number) * cube.labels[d].length + cube.codes[d][i];
      else key = dims.map((d) => cube.codes[d][i]).join(',');
      let id = remap.get(key);
      if (id === undefined) { id = samples.length; remap.set(key, id); samples.push(i); }
      ids[i] = id;
    }
  }
  return { dims, ids, count: samples.length, sample: Int32Array.from(samples) };
}
