// A deliberately simple anomaly detector for the bench (the real scorer lives elsewhere): per
// aggregate, log(actual / same hour last week), robust z with a Poisson term, contiguous runs.
import type { Baseline } from '../../src/core/context/baseline';
import { aggregate } from '../../src/core/context/profile';
import { mad } from '../../src/core/numeric';
import type { AnomalySegment, Dataset, DimValues } from '../../src/core/types';

export interface DetectOptions {
  /** |z| above which a bucket is anomalous. */
  readonly z: number;
  /** And |actual/expected - 1| at least this. */
  readonly minRel: number;
}

export const DEFAULT_DETECT: DetectOptions = { z: 3.5, minRel: 0.1 };

/**
 * `splitAt`: bucket start (UTC ms) from which buckets are unsettled; a run never spans it, as the
 * report shows the pending hour apart from the settled ones.
 */
export function detectSegments(
  ds: Dataset,
  metric: string,
  filter: DimValues,
  baseline: Baseline,
  opts = DEFAULT_DETECT,
  splitAt = Infinity,
): AnomalySegment[] {
  const a = aggregate(ds, metric, filter, ds.start, ds.end, baseline);
  const n = a.actual.length;
  const logs = new Float64Array(n).fill(NaN);
  const calm: number[] = [];
  for (let k = 0; k < n; k++) {
    const x = a.actual[k] as number;
    const e = a.expected[k] as number;
    if (!(x > 0 && e > 0)) continue;
    logs[k] = Math.log(x / e);
    if (e > 200) calm.push(logs[k] as number);
  }
  const s0 = calm.length > 20 ? mad(calm) * 1.4826 : 0.05;
  const z = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const l = logs[k] as number;
    const e = a.expected[k] as number;
    z[k] = Number.isNaN(l) ? 0 : l / Math.sqrt(s0 * s0 + 2 / e);
    if (Math.abs(Math.expm1(l)) < opts.minRel) z[k] = 0;
  }
  const out: AnomalySegment[] = [];
  let k = 0;
  while (k < n) {
    const zk = z[k] as number;
    if (Math.abs(zk) < opts.z) {
      k++;
      continue;
    }
    const sign = Math.sign(zk);
    let j = k;
    let peak = k;
    let actual = 0;
    let expected = 0;
    const pending = (a.times[k] as number) >= splitAt;
    while (j < n && Math.sign(z[j] as number) === sign && Math.abs(z[j] as number) >= opts.z && (a.times[j] as number) >= splitAt === pending) {
      if (Math.abs(z[j] as number) > Math.abs(z[peak] as number)) peak = j;
      actual += a.actual[j] as number;
      expected += a.expected[j] as number;
      j++;
    }
    out.push({
      metric,
      dims: { ...filter },
      start: a.times[k] as number,
      end: (a.times[j - 1] as number) + ds.step,
      peakAt: a.times[peak] as number,
      direction: sign > 0 ? 'up' : 'down',
      severity: Math.abs(z[peak] as number) / 2,
      actual,
      expected,
    });
    k = j;
  }
  return out;
}

/** Segments on the total and on every single dimension value, for every metric. */
export function detectAll(ds: Dataset, baseline: Baseline, opts = DEFAULT_DETECT, splitAt = Infinity): AnomalySegment[] {
  const out: AnomalySegment[] = [];
  for (const metric of ds.metrics) {
    out.push(...detectSegments(ds, metric, {}, baseline, opts, splitAt));
    for (const dim of ds.dimensions) {
      const values = [...new Set(ds.series.filter(s => s.metric === metric).map(s => s.dims[dim] as string))].sort();
      for (const v of values) out.push(...detectSegments(ds, metric, { [dim]: v }, baseline, opts, splitAt));
    }
  }
  return out;
}
