// The evidence arithmetic shared by every candidate: how abnormal a slice is, how well a predicted
// effect fits it (a Gaussian likelihood ratio on log(actual/expected)), and how much of the total
// deviation the slice accounts for.
import type { Dataset, DimValues } from '../types';
import { mad } from '../numeric';
import type { Baseline } from './baseline';
import { claimedElsewhere, type ClaimedElsewhere } from './localized';
import { aggregate, type SegmentProfile } from './profile';

/** The slice a candidate points at: one dimension with some of its values, or everything. */
export interface Target {
  readonly dim?: string;
  readonly values?: readonly string[];
  /** Whether the cause moves every leaf of the slice alike (default true); see localized.ts. */
  readonly uniform?: boolean;
}

export interface TargetStats {
  readonly actual: number;
  readonly expected: number;
  /** log(actual / expected) over the segment. */
  readonly logRatio: number;
  /** Noise of logRatio over a segment of this length, from the slice's own history. */
  readonly sigma: number;
  /**
   * Share of the total deviation this target accounts for, less the part the drill-down localizer
   * gives to causes that spill out of the target (`elsewhere`).
   */
  readonly share: number;
  /** The target's own share before that correction (Adtributor's explanatory power). */
  readonly rawShare: number;
  readonly elsewhere: ClaimedElsewhere;
  readonly filter: Record<string, string>;
}

/** Robust hourly noise of log(actual / baseline) per aggregate, cached per explainer. */
export class NoiseModel {
  private readonly cache = new Map<string, number>();
  constructor(
    private readonly ds: Dataset,
    private readonly baseline: Baseline,
  ) {}

  hourly(metric: string, filter: DimValues): number {
    const key = `${metric}|${JSON.stringify(Object.entries(filter).sort())}`;
    let s = this.cache.get(key);
    if (s === undefined) {
      const a = aggregate(this.ds, metric, filter, this.ds.start, this.ds.end, this.baseline);
      const logs: number[] = [];
      for (let k = 0; k < a.actual.length; k++) {
        const x = a.actual[k] as number;
        const e = a.expected[k] as number;
        if (x > 0 && e > 0) logs.push(Math.log(x / e));
      }
      s = mad(logs) * 1.4826;
      if (!Number.isFinite(s) || s <= 0) s = 0.1;
      this.cache.set(key, s);
    }
    return s;
  }
}

/** Hours inside one segment are correlated: count at most 6 as independent. */
export function segmentSigma(hourly: number, buckets: number): number {
  return Math.max(0.01, hourly / Math.sqrt(Math.max(1, Math.min(buckets, 6))));
}

export function statsFor(t: Target, prof: SegmentProfile, segDims: DimValues, metric: string, noise: NoiseModel): TargetStats | undefined {
  const n = prof.total.buckets;
  if (t.dim === undefined || !t.values?.length) {
    const { actual, expected } = prof.total;
    if (!(actual > 0 && expected > 0)) return undefined;
    const elsewhere = claimedElsewhere(prof.localization, { uniform: t.uniform !== false }, prof.total.delta, segDims);
    return {
      actual,
      expected,
      logRatio: Math.log(actual / expected),
      sigma: segmentSigma(noise.hourly(metric, segDims), n),
      share: 1 - elsewhere.share,
      rawShare: 1,
      elsewhere,
      filter: { ...segDims },
    };
  }
  let actual = 0;
  let expected = 0;
  let share = 0;
  let varSum = 0;
  for (const v of t.values) {
    const s = prof.slices.find(x => x.dim === t.dim && x.value === v);
    if (!s) continue;
    actual += s.actual;
    expected += s.expected;
    share += s.share;
    varSum += (s.expected * noise.hourly(metric, { ...segDims, [t.dim]: v })) ** 2;
  }
  if (!(actual > 0 && expected > 0)) return undefined;
  const hourly = Math.sqrt(varSum) / expected;
  const filter = t.values.length === 1 ? { ...segDims, [t.dim]: t.values[0] as string } : { ...segDims };
  const elsewhere = claimedElsewhere(prof.localization, t, prof.total.delta, segDims);
  return {
    actual,
    expected,
    logRatio: Math.log(actual / expected),
    sigma: segmentSigma(hourly, n),
    share: share - elsewhere.share,
    rawShare: share,
    elsewhere,
    filter,
  };
}

const LOG_2PI = Math.log(2 * Math.PI);
export function logNormal(x: number, mu: number, sd: number): number {
  return -0.5 * ((x - mu) / sd) ** 2 - Math.log(sd) - 0.5 * LOG_2PI;
}

/** Model error no candidate can beat: hourly shapes and the one-week baseline are never exact. */
export const MODEL_FLOOR = 0.04;

/**
 * Log likelihood of the observed log(actual/expected) if the cause moved the slice by exp(mu),
 * give or take tau, on top of the slice's noise. Absolute, not a ratio: candidates compete on how
 * well they fit, and a precise prediction that fits earns more than a vague one (Occam factor).
 */
export function fitLL(logRatio: number, sigma: number, mu: number, tau: number): number {
  return Math.max(-60, logNormal(logRatio, mu, Math.hypot(tau, sigma, MODEL_FLOOR)));
}

/** Spread of an anomaly whose cause is unknown: the "unexplained" hypothesis. */
export const UNKNOWN_TAU = 0.6;

/** Penalty for explaining only part of the total deviation: 2 * log(share), share in [0.02, 1]. */
export function shareTerm(share: number): number {
  return 2 * Math.log(Math.min(1, Math.max(0.02, share)));
}

export function pct(x: number, digits = 0): string {
  const v = x * 100;
  return `${v >= 0 ? '+' : ''}${v.toFixed(digits)}%`;
}
