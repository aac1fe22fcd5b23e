// Which smoothing parameters a model form estimates, their bounds and the logistic map that keeps
// the optimiser inside them.

import type { HwParams, HwSpec } from './types';

export type ParamName = keyof HwParams;

/**
 * Bounds of each parameter.
 * - alpha <= 0.2: with the AR(1) term, alpha near 1 is an almost equivalent one-step fit that
 *   anchors every multi-step forecast on the last (noisy, possibly anomalous) point; short memory is
 *   the AR term's job.
 * - beta <= 0.05: a faster trend turns two days of a holiday dip into a slope extrapolated over the week.
 * - phi in [0.8, 0.98]: damped trends only; seasonal rates below 1 keep the filter stable.
 */
export const BOUNDS: Readonly<Record<ParamName, readonly [number, number]>> = {
  alpha: [1e-4, 0.2],
  beta: [1e-4, 0.05],
  gamma: [0, 0.99],
  omega: [0, 0.99],
  phi: [0.8, 0.98],
  rho: [-0.5, 0.995],
};

/** Parameter values of a form that are not estimated (absent components are neutral). */
export function neutralParams(): HwParams {
  return {
    alpha: 0.1,
    beta: 0,
    gamma: 0,
    omega: 0,
    phi: 1,
    rho: 0,
  };
}

/** The parameters a form estimates, in a fixed order. */
export function freeParams(spec: HwSpec, fixed: Partial<HwParams>): ParamName[] {
  const names: ParamName[] = ['alpha', 'gamma'];
  if (spec.periods.length === 2) names.push('omega');
  if (spec.trend !== 'none') names.push('beta');
  if (spec.trend === 'damped') names.push('phi');
  if (spec.ar) names.push('rho');
  return names.filter(k => fixed[k] === undefined);
}

export function toUnbounded(name: ParamName, v: number): number {
  const [lo, hi] = BOUNDS[name];
  const u = Math.min(1 - 1e-9, Math.max(1e-9, (v - lo) / (hi - lo)));
  return Math.log(u / (1 - u));
}

export function fromUnbounded(name: ParamName, x: number): number {
  const [lo, hi] = BOUNDS[name];
  return lo + (hi - lo) / (1 + Math.exp(-x));
}

/** Assembles a full parameter set from fixed values, free values and neutral defaults. */
export function assemble(spec: HwSpec, fixed: Partial<HwParams>, names: readonly ParamName[], x: ArrayLike<number>): HwParams {
  const p: Record<ParamName, number> = { ...neutralParams(), ...stripUndefined(fixed) };
  for (let i = 0; i < names.length; i++) p[names[i]] = fromUnbounded(names[i], x[i]);
  if (spec.trend === 'none') {
    p.beta = 0;
    p.phi = 1;
  }
  if (spec.trend === 'additive') p.phi = 1;
  if (spec.periods.length < 2) p.omega = 0;
  if (!spec.ar) p.rho = 0;
  return p;
}

function stripUndefined(o: Partial<HwParams>): Partial<HwParams> {
  const out: Partial<Record<ParamName, number>> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k as ParamName] = v;
  return out;
}
