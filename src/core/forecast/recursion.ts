// The Holt-Winters filter: one pass over the series in error-correction form, on typed arrays,
// with no allocation per step. It is the single inner loop used by fitting, in-sample error
// collection and the R-compatibility tests.
//
// Equations (additive; multiplicative divides where this subtracts), with d = s1[phase1], w = s2[phase2]:
//   base = l + phi*b + d + w          forecast without the AR term
//   yhat = base + rho * r_{t-1}       one-step forecast (Taylor 2003 AR(1) adjustment)
//   y*   = yhat + clip(y - yhat, k*sigma)   cleaned observation: outliers cannot drag the state
//   l'   = alpha*(y* - d - w) + (1-alpha)*(l + phi*b)
//   b'   = beta*(l' - l) + (1-beta)*phi*b
//   d'   = gamma*(y* - l' - w) + (1-gamma)*d,   w' = omega*(y* - l' - d) + (1-omega)*w
//   r_t  = y* - base
// With one period, s2 is a single neutral index and omega = 0; with no trend, b = 0 and beta = 0.
// Hook `shiftFrom` reads clipped errors from that point on as a level shift instead (endShift.ts).
// With k = Infinity, one period, phi = 1 and rho = 0 this is exactly R's stats::HoltWinters C loop.

import type { HwParams, HwState } from './types';

export interface FilterData {
  readonly y: Float64Array;
  /** 1 where the point must not update the state: missing value or masked (e.g. a known holiday). */
  readonly skip: Uint8Array;
  /** Phase of each point in the first and second seasonal period (local wall-clock positions). */
  readonly ph1: Int32Array;
  readonly ph2: Int32Array;
}

export interface FilterHooks {
  /** If given, receives the one-step forecast of every point in [from, to). */
  readonly fitted?: Float64Array;
  /** Called before point t is processed, for t = from + originFrom + j*originStride: the state is the forecast origin. */
  readonly onOrigin?: (t: number, state: HwState) => void;
  readonly originFrom?: number;
  readonly originStride?: number;
  /** If given, receives the side of every clipped error in [from, to): +1 above, -1 below, 0 otherwise. */
  readonly clipped?: Int8Array;
  /**
   * From this point on a clipped error is read as a level shift, not an outlier: the level moves by
   * the part beyond the clip before the usual update, which then sees the observation itself.
   */
  readonly shiftFrom?: number;
}

export interface FilterResult {
  /** Sum of the Huber loss of the one-step errors (the squared error when robustness is off). */
  loss: number;
  /** Number of points that contributed to the loss. */
  count: number;
}

/** Runs the filter over [from, to), mutating `state`. Returns NaN loss if the state becomes invalid. */
export function runFilter(
  data: FilterData,
  from: number,
  to: number,
  multiplicative: boolean,
  p: HwParams,
  state: HwState,
  k: number,
  lambda: number,
  hooks?: FilterHooks,
): FilterResult {
  const { y, skip, ph1, ph2 } = data;
  const { alpha, beta, gamma, omega, phi, rho } = p;
  const s1 = state.s1;
  const s2 = state.s2;
  let l = state.level;
  let b = state.trend;
  let r = state.resid;
  let sig2 = state.sigma * state.sigma;
  let loss = 0;
  const k2 = k * k;
  let count = 0;
  const fitted = hooks?.fitted;
  const onOrigin = hooks?.onOrigin;
  const stride = hooks?.originStride ?? 1;
  const clipped = hooks?.clipped;
  const shiftFrom = hooks?.shiftFrom ?? Infinity;
  let nextOrigin = onOrigin ? from + (hooks?.originFrom ?? 0) : Infinity;

  for (let t = from; t < to; t++) {
    if (t === nextOrigin) {
      state.level = l;
      state.trend = b;
      state.resid = r;
      state.sigma = Math.sqrt(sig2);
      onOrigin!(t, state);
      nextOrigin += stride;
    }
    const i1 = ph1[t];
    const i2 = ph2[t];
    const d = s1[i1];
    const w = s2[i2];
    let lb = l + phi * b;
    let base = multiplicative ? lb * d * w : lb + d + w;
    const yhat = base + rho * r;
    if (fitted) fitted[t] = yhat;
    if (skip[t] === 1) {
      // Missing or masked: the state coasts, nothing is learned from this point.
      l = lb;
      b = phi * b;
      r = rho * r;
      continue;
    }
    const e = y[t] - yhat;
    // Compare squares so the common (unclipped) path has no square root on the dependency chain.
    const e2 = e * e;
    const lim2 = k2 * sig2;
    let ec = e;
    if (e2 > lim2) {
      const lim = Math.sqrt(lim2);
      ec = e < 0 ? -lim : lim;
      loss += 2 * lim * (e < 0 ? -e : e) - lim2;
      sig2 = (1 - lambda) * sig2 + lambda * lim2;
      if (clipped) clipped[t] = e < 0 ? -1 : 1;
      if (t >= shiftFrom) {
        // Level shift: the level (not the trend) absorbs the excess; the update then sees y itself.
        const dl = multiplicative ? (e - ec) / (d * w) : e - ec;
        l += dl;
        lb += dl;
        base += e - ec;
        ec = e;
      }
    } else {
      loss += e2;
      sig2 = (1 - lambda) * sig2 + lambda * e2;
    }
    count++;
    const ys = yhat + ec;
    let ln: number;
    if (multiplicative) {
      // Two divisions instead of three: ys/(ln*w) = q*d and ys/(ln*d) = q*w with q = ys/(ln*d*w).
      const a = ys / (d * w);
      ln = alpha * a + (1 - alpha) * lb;
      const q = a / ln;
      s1[i1] = d * (1 + gamma * (q - 1));
      s2[i2] = w * (1 + omega * (q - 1));
    } else {
      ln = alpha * (ys - d - w) + (1 - alpha) * lb;
      s1[i1] = gamma * (ys - ln - w) + (1 - gamma) * d;
      s2[i2] = omega * (ys - ln - d) + (1 - omega) * w;
    }
    b = beta * (ln - l) + (1 - beta) * phi * b;
    l = ln;
    r = ys - base;
  }
  state.level = l;
  state.trend = b;
  state.resid = r;
  state.sigma = Math.sqrt(sig2);
  if (!Number.isFinite(loss) || !Number.isFinite(l)) return { loss: NaN, count };
  return { loss, count };
}
