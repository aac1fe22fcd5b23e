// Point forecasts from a filter state: h steps ahead, with the damped trend and the AR(1) term
// decaying as phi^h and rho^h.

import type { HwParams, HwSpec, HwState } from './types';

/**
 * Writes the forecasts for points from .. from+H-1 (whose phases are ph1/ph2 at those indices)
 * made at origin `from` from `state` into out[0..H-1].
 */
export function forecastPath(state: HwState, spec: HwSpec, p: HwParams, ph1: Int32Array, ph2: Int32Array, from: number, H: number, out: Float64Array): void {
  const mult = spec.seasonal === 'multiplicative';
  let damp = 0;
  let phiPow = 1;
  let rhoPow = 1;
  for (let h = 1; h <= H; h++) {
    phiPow *= p.phi;
    damp += phiPow;
    rhoPow *= p.rho;
    const t = from + h - 1;
    const lb = state.level + damp * state.trend;
    const d = state.s1[ph1[t]];
    const w = state.s2[ph2[t]];
    out[h - 1] = (mult ? lb * d * w : lb + d + w) + rhoPow * state.resid;
  }
}

/** Extends phase arrays to length n + H, continuing each period cyclically after the last known phase. */
export function extendPhases(ph: Int32Array, m: number, total: number): Int32Array {
  if (ph.length >= total) return ph;
  const out = new Int32Array(total);
  out.set(ph);
  for (let t = ph.length; t < total; t++) out[t] = (out[t - 1] + 1) % m;
  return out;
}
