// Contiguous anomalous segments from per-point scores: runs of |score| > threshold in one direction,
// bridging short gaps, each with its peak, severity and the week-over-week delta beside it.

import type { AnomalySegment, DimValues } from '../types';
import { pointScores } from './score';

/** An AnomalySegment plus what the report shows next to it. */
export interface ScoredSegment extends AnomalySegment {
  /** Number of buckets in the segment. */
  readonly length: number;
  /** Sum over the same buckets one week earlier (NaN if unavailable). */
  readonly lastWeek: number;
  /** actual - lastWeek, and its ratio to lastWeek. */
  readonly wowDelta: number;
  readonly wowRatio: number;
}

export interface SegmentInput {
  readonly metric: string;
  readonly dims: DimValues;
  /** UTC ms of bucket 0 and the step. */
  readonly start: number;
  readonly step: number;
  readonly actual: ArrayLike<number>;
  readonly mean: ArrayLike<number>;
  readonly lower: ArrayLike<number>;
  readonly upper: ArrayLike<number>;
  /** Values one week before each bucket (optional), for the week-over-week delta. */
  readonly lastWeek?: ArrayLike<number>;
}

export interface SegmentOptions {
  /** |score| above this is anomalous. @default 1 (outside the interval) */
  readonly threshold?: number;
  /** Normal or missing buckets a segment may bridge. @default 1 */
  readonly maxGap?: number;
  /** Shortest segment kept, in buckets. @default 1 */
  readonly minLength?: number;
}

export function anomalySegments(input: SegmentInput, opts: SegmentOptions = {}): ScoredSegment[] {
  const threshold = opts.threshold ?? 1;
  const maxGap = opts.maxGap ?? 1;
  const minLength = opts.minLength ?? 1;
  if (!(threshold > 0)) throw new Error(`threshold must be > 0, got ${threshold}.`);
  const s = pointScores(input.actual, input.mean, input.lower, input.upper);
  const out: ScoredSegment[] = [];
  let h = 0;
  while (h < s.length) {
    if (!(Math.abs(s[h]) > threshold)) {
      h++;
      continue;
    }
    const dir = s[h] > 0 ? 1 : -1;
    let last = h;
    let j = h + 1;
    while (j < s.length && j - last - 1 <= maxGap) {
      if (Math.abs(s[j]) > threshold) {
        if ((s[j] > 0 ? 1 : -1) !== dir) break;
        last = j;
      }
      j++;
    }
    if (last - h + 1 >= minLength) out.push(build(input, s, h, last, dir));
    h = last + 1;
  }
  return out;
}

function build(input: SegmentInput, s: Float64Array, a: number, b: number, dir: number): ScoredSegment {
  let peak = a;
  let actual = 0;
  let expected = 0;
  let lastWeek = 0;
  for (let h = a; h <= b; h++) {
    if (Math.abs(s[h]) > Math.abs(s[peak]) || !Number.isFinite(s[peak])) peak = h;
    if (Number.isFinite(input.actual[h])) {
      actual += input.actual[h];
      expected += input.mean[h];
      lastWeek += input.lastWeek ? input.lastWeek[h] : NaN;
    }
  }
  const wowDelta = actual - lastWeek;
  return {
    metric: input.metric,
    dims: input.dims,
    start: input.start + a * input.step,
    end: input.start + (b + 1) * input.step,
    peakAt: input.start + peak * input.step,
    direction: dir > 0 ? 'up' : 'down',
    severity: Math.abs(s[peak]),
    actual,
    expected,
    length: b - a + 1,
    lastWeek,
    wowDelta,
    wowRatio: lastWeek !== 0 ? wowDelta / lastWeek : NaN,
  };
}
