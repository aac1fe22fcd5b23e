// Per-slice deviations over an anomaly segment: actual vs baseline per dimension value, and each
// value's share of the total deviation (Adtributor's explanatory power). Additive metrics only.
import type { AnomalySegment, Dataset, DimValues, Series } from '../types';
import type { Baseline } from './baseline';
import type { Localization } from './types';

export interface Deviation {
  readonly actual: number;
  readonly expected: number;
  readonly delta: number; // actual - expected
  readonly rel: number; // delta / expected
  /** Buckets summed (both actual and baseline known). */
  readonly buckets: number;
  /** Buckets with a missing actual in any matching series. */
  readonly missing: number;
}

export interface SliceDeviation extends Deviation {
  readonly dim: string;
  readonly value: string;
  /** delta / total delta: the share of the total deviation this value accounts for. */
  readonly share: number;
}

export interface Aggregate {
  readonly times: number[];
  readonly actual: Float64Array; // NaN where any matching series is missing
  readonly expected: Float64Array;
}

export interface SegmentProfile {
  readonly total: Deviation;
  readonly slices: readonly SliceDeviation[];
  readonly totalSeries: Aggregate;
  /** Where the drill-down localizer puts the deviation (see localized.ts); absent when not run. */
  readonly localization?: Localization;
}

export function matches(dims: DimValues, filter: DimValues): boolean {
  for (const k in filter) if (dims[k] !== filter[k]) return false;
  return true;
}

/** Sum of matching series over [from, to), bucket by bucket, with the baseline alongside. */
export function aggregate(ds: Dataset, metric: string, filter: DimValues, from: number, to: number, baseline: Baseline): Aggregate {
  const i0 = Math.max(0, Math.ceil((from - ds.start) / ds.step));
  const i1 = Math.min(Math.round((ds.end - ds.start) / ds.step), Math.ceil((to - ds.start) / ds.step));
  const n = Math.max(0, i1 - i0);
  const actual = new Float64Array(n);
  const expected = new Float64Array(n);
  const list: Series[] = ds.series.filter(s => s.metric === metric && matches(s.dims, filter));
  if (!list.length) {
    actual.fill(NaN);
    expected.fill(NaN);
  }
  for (const s of list) {
    const off = Math.round((s.start - ds.start) / ds.step);
    for (let k = 0; k < n; k++) {
      const i = i0 + k - off;
      const v = i >= 0 && i < s.values.length ? (s.values[i] as number) : NaN;
      actual[k] = (actual[k] as number) + v;
      expected[k] = (expected[k] as number) + (i >= 0 && i < s.values.length ? baseline(s, i) : NaN);
    }
  }
  const times = Array.from({ length: n }, (_, k) => ds.start + (i0 + k) * ds.step);
  return { times, actual, expected };
}

export function deviation(a: Aggregate): Deviation {
  let actual = 0;
  let expected = 0;
  let buckets = 0;
  let missing = 0;
  for (let k = 0; k < a.actual.length; k++) {
    const x = a.actual[k] as number;
    const e = a.expected[k] as number;
    if (Number.isNaN(x)) missing++;
    if (Number.isNaN(x) || Number.isNaN(e)) continue;
    actual += x;
    expected += e;
    buckets++;
  }
  const delta = actual - expected;
  return { actual, expected, delta, rel: expected !== 0 ? delta / expected : 0, buckets, missing };
}

/** Values of every dimension not fixed by the segment, with their deviations and shares. */
export function profileSegment(seg: AnomalySegment, ds: Dataset, baseline: Baseline): SegmentProfile {
  const totalSeries = aggregate(ds, seg.metric, seg.dims, seg.start, seg.end, baseline);
  const total = deviation(totalSeries);
  const slices: SliceDeviation[] = [];
  for (const dim of ds.dimensions) {
    if (dim in seg.dims) continue;
    const values = new Set<string>();
    for (const s of ds.series) if (s.metric === seg.metric && matches(s.dims, seg.dims) && s.dims[dim] !== undefined) values.add(s.dims[dim] as string);
    for (const value of values) {
      const d = deviation(aggregate(ds, seg.metric, { ...seg.dims, [dim]: value }, seg.start, seg.end, baseline));
      slices.push({ ...d, dim, value, share: total.delta !== 0 ? d.delta / total.delta : 0 });
    }
  }
  return { total, slices, totalSeries };
}
