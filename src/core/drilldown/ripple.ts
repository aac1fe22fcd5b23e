// Uneven ripples: in real data one cause hurts its children by different amounts, so the most
// hurt child scores highest on its own. These rules name the parent instead when the deviation
// spreads over it (see ADR 0007, step 6). Separate causes that share a value stay apart.
import type { Cuboid } from './cuboids';
import type { CubeCodes, Found, SearchSettings } from './types';

/** Whether cuboid a's dimensions are a proper subset of b's (no bit masks: any number of dimensions). */
const coarser = (a: Cuboid, b: Cuboid): boolean => a.dims.length < b.dims.length && a.dims.every(d => b.dims.includes(d));

/**
 * Several same-direction root causes under one parent that together hold most of the parent's
 * weight are one cause with an uneven ripple: the parent replaces them. Siblings that hold a small
 * part of their parent (two separate causes that share a value) stay apart.
 */
export function consolidate(found: Found[], cuboids: readonly Cuboid[], p: Float64Array, q: Float64Array, minCoverage: number): Found[] {
  let out = found.slice();
  for (let changed = true; changed;) {
    changed = false;
    for (const f of out) {
      const fc = cuboids[f.cuboid];
      const ancestors = cuboids
        .map((a, k) => ({ a, k }))
        .filter(({ a }) => coarser(a, fc))
        .sort((x, y) => x.a.dims.length - y.a.dims.length);
      for (const { a, k } of ancestors) {
        const id = a.ids[fc.sample[f.element]];
        const group = out.filter(e => e.z * f.z > 0 && contains(a, id, cuboids[e.cuboid], e.element));
        if (group.length < 2) continue;
        let qa = 0,
          pa = 0,
          qg = 0;
        for (let i = 0; i < q.length; i++) {
          if (a.ids[i] !== id) continue;
          qa += q[i];
          pa += p[i];
          if (group.some(e => cuboids[e.cuboid].ids[i] === e.element)) qg += q[i];
        }
        if (!(qa > 0) || qg / qa < minCoverage) continue;
        out = [...out.filter(e => !group.includes(e)), { cuboid: k, element: id, z: pa / Math.sqrt(qa) }];
        changed = true;
        break;
      }
      if (changed) break;
    }
  }
  return out;
}

/**
 * Ripple effects in real data are uneven: a broken bitrate hurts every device, some more than
 * others, and the most hurt device alone scores highest. Name an ancestor A of the chosen element
 * e instead when A is significant, the rest of A (A minus e) is significant in the same direction,
 * and that rest is spread over several siblings of e, not one other root cause (which the next
 * greedy step would find on its own). Coarsest qualifying ancestor first.
 */
export function generalize(
  best: Found,
  cube: CubeCodes,
  cuboids: readonly Cuboid[],
  live: Int32Array,
  p: Float64Array,
  q: Float64Array,
  st: SearchSettings,
): Found {
  const c = cuboids[best.cuboid];
  const leaf = c.sample[best.element];
  const ancestors = cuboids
    .map((a, k) => ({ k, layer: a.dims.length }))
    .filter(({ k }) => coarser(cuboids[k], c))
    .sort((x, y) => x.layer - y.layer);
  const sign = Math.sign(best.z);
  for (const { k } of ancestors) {
    const a = cuboids[k];
    const id = a.ids[leaf];
    let pa = 0,
      qa = 0,
      pr = 0,
      qr = 0;
    for (const i of live) {
      if (a.ids[i] !== id) continue;
      pa += p[i];
      qa += q[i];
      const e = c.ids[i];
      if (e !== best.element) {
        pr += p[i];
        qr += q[i];
      }
    }
    if (!(qa > 0 && qr > 0)) continue;
    const za = pa / Math.sqrt(qa),
      zr = pr / Math.sqrt(qr);
    if (Math.sign(za) !== sign || Math.abs(za) < st.zThreshold || Math.sign(zr) !== sign || Math.abs(zr) < st.zThreshold) continue;
    if (diffuse(cube, a, id, c, best.element, live, p, sign, st.minSpread)) return { cuboid: k, element: id, z: za };
  }
  return best;
}

/**
 * True when the rest of ancestor element `id` of cuboid `a` (its live leaves outside element `e` of
 * cuboid `c`) deviates broadly: split by any one further dimension, the same-direction deviation is
 * spread over at least min(minSpread, half the values present) values. Another root cause hidden
 * in A (a sibling, or a slice cutting across A) concentrates on one value of some dimension.
 */
function diffuse(cube: CubeCodes, a: Cuboid, id: number, c: Cuboid, e: number, live: Int32Array, p: Float64Array, sign: number, minSpread: number): boolean {
  const rest: number[] = [];
  for (const i of live) if (a.ids[i] === id && c.ids[i] !== e) rest.push(i);
  // Searched dimensions only: a constant or summed-away dimension has one value, which says nothing.
  for (const d of cube.active) {
    if (a.dims.includes(d)) continue;
    const by = new Map<number, number>();
    for (const i of rest) {
      const k = cube.codes[d][i];
      by.set(k, (by.get(k) ?? 0) + p[i]);
    }
    let s1 = 0,
      s2 = 0;
    for (const x of by.values()) {
      const y = x * sign;
      if (y > 0) {
        s1 += y;
        s2 += y * y;
      }
    }
    if (!(s2 > 0) || (s1 * s1) / s2 < Math.min(minSpread, by.size / 2)) return false;
  }
  return true;
}

/** Whether element `ea` of cuboid `a` is an ancestor of element `eb` of cuboid `b`. */
export function contains(a: Cuboid, ea: number, b: Cuboid, eb: number): boolean {
  if (a.dims.length >= b.dims.length || !a.dims.every(d => b.dims.includes(d))) return false;
  return a.ids[b.sample[eb]] === ea;
}
