// Order statistics: median, MAD and R's default (type 7) quantiles.

/** Median of the finite values of a (copied; the input is not reordered). NaN if none. */
export function median(a: ArrayLike<number>): number {
  const v: number[] = [];
  for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i])) v.push(a[i]);
  if (v.length === 0) return NaN;
  v.sort((x, z) => x - z);
  const h = v.length >> 1;
  return v.length % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
}

/**
 * Median absolute deviation from the median, of the finite values, unscaled: R's
 * `mad(x, constant = 1)`. Multiply by 1.4826 for a consistent estimate of a normal sigma. NaN if none.
 */
export function mad(a: ArrayLike<number>): number {
  const m = median(a);
  const d = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) d[i] = Math.abs(a[i] - m);
  return median(d);
}

/**
 * q-quantile (0 <= q <= 1) of an ascending-sorted array, linear between order statistics: R's
 * default `quantile(x, q, type = 7)`. NaN for an empty input.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  // On an order statistic, or between equal ones, return it as is: as R does, so an infinite
  // neighbour does not turn the answer into Inf * 0 = NaN.
  if (h === lo || sorted[hi] === sorted[lo]) return sorted[lo];
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** q-quantile of a copy of xs (R type 7). NaN for an empty input; NaNs sort last. */
export function quantile(xs: ArrayLike<number>, q: number): number {
  return quantiles(xs, [q])[0];
}

/** Several type-7 quantiles of a copy of xs with one sort. */
export function quantiles(xs: ArrayLike<number>, qs: readonly number[]): number[] {
  // A typed array sorts numerically (NaN last) without a comparator call per pair.
  const a = Float64Array.from(xs).sort();
  return qs.map(q => quantileSorted(a, q));
}
