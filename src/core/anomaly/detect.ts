// Forecast a series from its history up to `from`, score the buckets after it against the interval
// at each horizon, and group them into segments, in one call. Only the unit tests call it: the
// report (core/report/forecastBands.ts) and triage (core/report/triage.ts) compose these steps
// themselves, and bench/explain has its own simple detector.

import type { Series } from '../types';
import { forecastSeries, type SeriesForecast, type SeriesForecastOptions } from '../forecast/series';
import { weekEarlierIndex } from '../time';
import { pointScores } from './score';
import { anomalySegments, type ScoredSegment, type SegmentOptions } from './segments';

export interface DetectOptions extends Omit<SeriesForecastOptions, 'trainEnd' | 'horizon'>, SegmentOptions {
  /** Index of the first bucket to score; the model trains on the buckets before it. */
  readonly from: number;
  /** Buckets to score. @default the rest of the series */
  readonly horizon?: number;
  /** Interval level the scores refer to. @default 0.95 */
  readonly level?: number;
}

export interface Detection {
  readonly forecast: SeriesForecast;
  /** Per-bucket score from `from` on (|score| > 1 = outside the interval). */
  readonly scores: Float64Array;
  /** Value one week earlier for each scored bucket (NaN if before the series). */
  readonly lastWeek: Float64Array;
  readonly segments: ScoredSegment[];
}

export function detectAnomalies(series: Series, opts: DetectOptions): Detection {
  const n = series.values.length;
  const horizon = opts.horizon ?? n - opts.from;
  if (horizon < 1 || opts.from + horizon > n) throw new Error(`Nothing to score: from=${opts.from}, horizon=${horizon}, ${n} buckets.`);
  const level = opts.level ?? 0.95;
  const levels = [...new Set([...(opts.levels ?? [0.8, 0.95]), level])];
  const forecast = forecastSeries(series, { ...opts, trainEnd: opts.from, horizon, levels });
  const band = forecast.intervals.find(i => i.level === level)!;
  const actual = series.values.subarray(opts.from, opts.from + horizon);
  // Same local wall-clock time 7 calendar days earlier (167, 168 or 169 hours back across DST),
  // exactly as the hourly report compares.
  const lastWeek = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) {
    const j = weekEarlierIndex(series, opts.from + h, opts.zone);
    lastWeek[h] = j === undefined ? NaN : (series.values[j] as number);
  }
  const scores = pointScores(actual, forecast.mean, band.lower, band.upper);
  const segments = anomalySegments(
    {
      metric: series.metric,
      dims: series.dims,
      start: forecast.start,
      step: series.step,
      actual,
      mean: forecast.mean,
      lower: band.lower,
      upper: band.upper,
      lastWeek,
    },
    opts,
  );
  return { forecast, scores, lastWeek, segments };
}
