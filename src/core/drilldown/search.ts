// Greedy search for root-cause elements under the ripple-effect model.
//
// Each leaf i has size s_i and noise variance V_i = a s_i + b s_i^2 (see noise.ts). If an
// element e is a root cause, its leaves move together: v_i = f_i + rho_e * s_i. Fitting rho_e by
// weighted least squares gains z_e^2 = (sum p_i)^2 / (sum q_i), with p_i = s_i (v_i - f_i) / V_i and
// q_i = s_i^2 / V_i: the likelihood gain of explaining e by one shared relative change. Both sums are
// additive, so each cuboid is scored in one scan. The exact root cause beats its ancestors (diluted
// by normal leaves) and its descendants (fewer leaves), so the best-scoring element is taken, its
// leaves removed, and the search repeats until no element passes a Bonferroni-corrected threshold.
import type { Cuboid } from './cuboids';
import { leafVariance } from './noise';
import { consolidate, contains, generalize } from './ripple';
import type { CubeCodes, Found, NoiseModel, SearchSettings } from './types';

// Re-exported for localize.ts, which takes `Found` from here.

/** Per-leaf p and q (see above); leaves with no size get q = 0 and never count. */
export function leafTerms(v: Float64Array, f: Float64Array, noise: NoiseModel): { p: Float64Array; q: Float64Array } {
  const n = v.length;
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = (Math.abs(v[i]) + Math.abs(f[i])) / 2;
    if (!(s > 0)) continue;
    const V = Math.max(leafVariance(noise, s), 1e-300);
    p[i] = (s * (v[i] - f[i])) / V;
    q[i] = (s * s) / V;
  }
  return { p, q };
}

/** Number of candidate elements that hold data: the multiplicity of the significance test. */
export function countCandidates(cuboids: readonly Cuboid[], q: Float64Array): number {
  let m = 0;
  for (const c of cuboids) {
    const seen = new Uint8Array(c.count);
    for (let i = 0; i < q.length; i++)
      if (q[i] > 0 && !seen[c.ids[i]]) {
        seen[c.ids[i]] = 1;
        m++;
      }
  }
  return Math.max(m, 1);
}

/** Description length (in the units of z^2) of naming one element of cuboid c among D dimensions. */
function penalties(cuboids: readonly Cuboid[], d: number): Float64Array {
  const out = new Float64Array(cuboids.length);
  cuboids.forEach((c, k) => {
    let choose = 1;
    for (let j = 0; j < c.dims.length; j++) choose = (choose * (d - j)) / (j + 1);
    out[k] = 2 * Math.log(Math.max(c.count, 1)) + 2 * Math.log(choose);
  });
  return out;
}

export function greedySearch(cube: CubeCodes, cuboids: readonly Cuboid[], dims: number, p0: Float64Array, q0: Float64Array, st: SearchSettings): Found[] {
  const p = Float64Array.from(p0);
  const q = Float64Array.from(q0);
  let live = Int32Array.from(liveLeaves(q));
  const pen = penalties(cuboids, dims);
  const maxCount = cuboids.reduce((m, c) => Math.max(m, c.count), 0);
  const P = new Float64Array(maxCount);
  const Q = new Float64Array(maxCount);
  const Q2 = new Float64Array(maxCount);
  const extra = Math.max(0, st.leafThreshold - st.zThreshold);
  const found: Found[] = [];
  while (found.length < st.maxElements && live.length > 0) {
    let best: Found | undefined;
    let bestScore = -Infinity;
    for (let k = 0; k < cuboids.length; k++) {
      const { ids, count } = cuboids[k];
      P.fill(0, 0, count);
      Q.fill(0, 0, count);
      Q2.fill(0, 0, count);
      for (let j = 0; j < live.length; j++) {
        const i = live[j];
        P[ids[i]] += p[i];
        Q[ids[i]] += q[i];
        Q2[ids[i]] += q[i] * q[i];
      }
      for (let e = 0; e < count; e++) {
        if (!(Q[e] > 0)) continue;
        const g = (P[e] * P[e]) / Q[e];
        // Effective number of leaves: heavy leaf tails matter less the more leaves move together.
        const zmin = st.zThreshold + (extra * Math.sqrt(Q2[e])) / Q[e];
        if (g < zmin * zmin) continue;
        const score = g - st.complexity * pen[k];
        if (score > bestScore) {
          bestScore = score;
          best = { cuboid: k, element: e, z: P[e] / Math.sqrt(Q[e]) };
        }
      }
    }
    if (!best) break;
    best = generalize(best, cube, cuboids, live, p, q, st);
    // An ancestor found after its descendant, in the same direction, is the same cause with an
    // uneven ripple: it absorbs the descendant. Opposite directions stay separate causes.
    const chosen = best;
    const within = (e: Found): boolean => e.z * chosen.z > 0 && contains(cuboids[chosen.cuboid], chosen.element, cuboids[e.cuboid], e.element);
    for (let k = found.length - 1; k >= 0; k--) if (within(found[k])) found.splice(k, 1);
    found.push(best);
    const ids = cuboids[best.cuboid].ids;
    for (const i of live)
      if (ids[i] === best.element) {
        p[i] = 0;
        q[i] = 0;
      }
    live = live.filter(i => q[i] > 0);
  }
  return consolidate(found, cuboids, p0, q0, st.minCoverage);
}

function liveLeaves(q: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < q.length; i++) if (q[i] > 0) out.push(i);
  return out;
}
