// Small numeric helpers: quantiles and the normal distribution.

/** q-quantile (0..1) of a copy of xs, linear interpolation (R type 7). NaN for an empty input. */
export function quantile(xs: ArrayLike<number>, q: number): number {
  return quantiles(xs, [q])[0];
}

/** Several quantiles with one sort. */
export function quantiles(xs: ArrayLike<number>, qs: readonly number[]): number[] {
  const a = Float64Array.from(xs).sort();
  return qs.map((q) => {
    if (a.length === 0) return NaN;
    const pos = q * (a.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, a.length - 1);
    return a[lo] + (a[hi] - a[lo]) * (pos - lo);
  });
}

/** Upper tail P(Z > z) of the standard normal, via the erfc fit of Numerical Recipes (rel. error < 1.2e-7). */
export function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const r = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  const upper = r / 2;
  return z >= 0 ? upper : 1 - upper;
}

/** z with P(Z > z) = p, for 0 < p < 0.5 (Acklam's rational approximation, rel. error < 1.2e-9). */
export function normalUpperQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalUpperQuantile: p must be in (0, 1), got ${p}`);
  if (p > 0.5) return -normalUpperQuantile(1 - p);
  const q = Math.sqrt(-2 * Math.log(p));
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const num = ((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5];
  const den = (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1;
  return -num / den;
}
