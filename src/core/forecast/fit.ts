// Estimation of one model form: bounded Nelder-Mead on the robust one-step loss, from the
// median-based initial state, from several starts, then a polish from the best.

import { cloneState, initialState } from './init';
import { nelderMead } from './nelderMead';
import { assemble, freeParams, toUnbounded, type ParamName } from './params';
import { runFilter, type FilterData } from './recursion';
import type { HwParams, HwSpec, HwState, RobustOptions } from './types';

export const DEFAULT_ROBUST: RobustOptions = { k: 2.5, lambda: 0.02 };

/** Starting points of the search (values; the transform is applied per parameter). */
export const STARTS: readonly Partial<HwParams>[] = [
  { alpha: 0.1, beta: 0.01, gamma: 0.1, omega: 0.1, phi: 0.95, rho: 0.5 },
  { alpha: 0.02, beta: 0.005, gamma: 0.3, omega: 0.3, phi: 0.9, rho: 0.85 },
];

export interface FittedForm {
  readonly spec: HwSpec;
  readonly params: HwParams;
  /** State before the first point (the filter's starting point). */
  readonly init: HwState;
  /** State after the last point (the forecast origin). */
  readonly state: HwState;
  /** Robust loss and the number of points in it. */
  readonly loss: number;
  readonly count: number;
  readonly aicc: number;
  readonly evals: number;
  /** True when the caller supplied the initial state. */
  readonly fromGivenInit: boolean;
}

export interface FormFitOptions {
  readonly robust?: RobustOptions;
  /** Parameters held fixed (not estimated). */
  readonly fixed?: Partial<HwParams>;
  /** A given initial state instead of the median-based one. */
  readonly init?: HwState;
  /** First point the filter processes (earlier points only feed the initial state). @default 0 */
  readonly start?: number;
  /** Starting points of the search (the defaults cover the usual regimes). */
  readonly starts?: readonly Partial<HwParams>[];
  /** Evaluation budget per start and free parameter. @default 40 */
  readonly evalsPerParam?: number;
  /** Finish with a restarted simplex around the best point. @default true */
  readonly polish?: boolean;
}

export function fitForm(data: FilterData, n: number, spec: HwSpec, opts: FormFitOptions = {}): FittedForm {
  const robust = opts.robust ?? DEFAULT_ROBUST;
  const fixed = opts.fixed ?? {};
  const start = opts.start ?? 0;
  const mult = spec.seasonal === 'multiplicative';
  const init = opts.init ?? initialState(data, n, spec);
  const work = cloneState(init);
  const names = freeParams(spec, fixed);

  // Objective: robust one-step loss. Work arrays are reused: no allocation per evaluation of the loop.
  const objective = (x: ArrayLike<number>) => {
    work.s1.set(init.s1);
    work.s2.set(init.s2);
    work.level = init.level;
    work.trend = init.trend;
    work.resid = init.resid;
    work.sigma = init.sigma;
    const p = assemble(spec, fixed, names, x);
    return runFilter(data, start, n, mult, p, work, robust.k, robust.lambda).loss;
  };

  let bestX: Float64Array = new Float64Array(0);
  let bestF = Infinity;
  let evals = 0;
  if (names.length > 0) {
    const budget = (opts.evalsPerParam ?? 40) * names.length;
    for (const s of opts.starts ?? STARTS) {
      const x0 = names.map((k: ParamName) => toUnbounded(k, s[k] ?? 0.1));
      const r = nelderMead(objective, x0, { maxEval: budget, step: 1 });
      evals += r.evals;
      if (r.f < bestF) {
        bestF = r.f;
        bestX = r.x;
      }
    }
    // Polish (half budget): a fresh, smaller simplex around the best point escapes a collapsed one.
    if (opts.polish ?? true) {
      const r = nelderMead(objective, bestX, { maxEval: Math.ceil(budget / 2), step: 0.3 });
      evals += r.evals;
      if (r.f <= bestF) bestX = r.x;
    }
  }
  const params = assemble(spec, fixed, names, bestX);
  const state = cloneState(init);
  const res = runFilter(data, start, n, mult, params, state, robust.k, robust.lambda);
  const k = names.length + 1;
  const m = res.count;
  const aicc =
    Number.isFinite(res.loss) && res.loss > 0 && m > k + 1
      ? m * Math.log(res.loss / m) + 2 * k + (2 * k * (k + 1)) / (m - k - 1)
      : res.loss === 0
        ? -Infinity
        : Infinity;
  return { spec, params, init, state, loss: res.loss, count: res.count, aicc, evals: evals + 1, fromGivenInit: opts.init !== undefined };
}
