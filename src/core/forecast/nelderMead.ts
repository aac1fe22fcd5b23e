// Nelder-Mead simplex minimiser (Lagarias et al. 1998 coefficients), unconstrained: callers map
// bounded parameters through a logistic transform so every point the simplex visits is admissible.

export interface NelderMeadOptions {
  /** Evaluation budget. @default 200 * dimension */
  readonly maxEval?: number;
  /** Stop when the spread of simplex values falls below tol * (|best| + tiny). @default 1e-7 */
  readonly tol?: number;
  /** Initial step along each axis. @default 0.5 */
  readonly step?: number;
}

export interface NelderMeadResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly evals: number;
}

export function nelderMead(fn: (x: Float64Array) => number, x0: ArrayLike<number>, opts: NelderMeadOptions = {}): NelderMeadResult {
  const n = x0.length;
  const maxEval = opts.maxEval ?? 200 * n;
  const tol = opts.tol ?? 1e-7;
  const step = opts.step ?? 0.5;
  const f = (x: Float64Array) => {
    const v = fn(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const pts: Float64Array[] = [];
  const vals: number[] = [];
  for (let i = 0; i <= n; i++) {
    const p = Float64Array.from(x0);
    if (i > 0) p[i - 1] += step;
    pts.push(p);
    vals.push(f(p));
  }
  let evals = n + 1;
  const order = Array.from({ length: n + 1 }, (_, i) => i);
  const cen = new Float64Array(n);
  const xr = new Float64Array(n);
  const xe = new Float64Array(n);
  const xc = new Float64Array(n);
  const along = (out: Float64Array, worst: Float64Array, coef: number) => {
    for (let j = 0; j < n; j++) out[j] = cen[j] + coef * (worst[j] - cen[j]);
  };
  while (evals < maxEval) {
    order.sort((a, b) => vals[a] - vals[b]);
    const best = order[0];
    const worst = order[n];
    const second = order[n - 1];
    if (Math.abs(vals[worst] - vals[best]) <= tol * (Math.abs(vals[best]) + 1e-30)) break;
    cen.fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cen[j] += pts[order[i]][j] / n;
    along(xr, pts[worst], -1);
    const fr = f(xr);
    evals++;
    if (fr < vals[best]) {
      along(xe, pts[worst], -2);
      const fe = f(xe);
      evals++;
      const takeE = fe < fr;
      pts[worst].set(takeE ? xe : xr);
      vals[worst] = takeE ? fe : fr;
    } else if (fr < vals[second]) {
      pts[worst].set(xr);
      vals[worst] = fr;
    } else {
      const outside = fr < vals[worst];
      along(xc, pts[worst], outside ? -0.5 : 0.5);
      const fc = f(xc);
      evals++;
      if (fc < (outside ? fr : vals[worst])) {
        pts[worst].set(xc);
        vals[worst] = fc;
      } else {
        // Shrink towards the best point.
        for (let i = 1; i <= n; i++) {
          const k = order[i];
          for (let j = 0; j < n; j++) pts[k][j] = pts[best][j] + 0.5 * (pts[k][j] - pts[best][j]);
          vals[k] = f(pts[k]);
        }
        evals += n;
      }
    }
  }
  let bi = 0;
  for (let i = 1; i <= n; i++) if (vals[i] < vals[bi]) bi = i;
  return { x: pts[bi], f: vals[bi], evals };
}
