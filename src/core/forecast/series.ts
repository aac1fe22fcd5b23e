// Forecasting a domain Series (regular UTC grid) in the report time zone: the entry point the
// report, triage and drills call. Same code path as the benchmark (fitHoltWinters + forecastHoltWinters).

import type { Series } from '../types';
import { fitHoltWinters, forecastHoltWinters, type HoltWintersModel } from './holtWinters';
import { localPhases } from './phases';

const DAY = 86_400_000;

export interface SeriesForecastOptions {
  /** IANA zone of the report, e.g. "America/New_York": seasonal positions follow its wall clock. */
  readonly zone: string;
  /** Steps to forecast after the training window. */
  readonly horizon: number;
  /** Training window = values [trainStart, trainEnd). @default the whole series */
  readonly trainEnd?: number;
  /** @default max(0, trainEnd - 4 weeks) for sub-daily data, else 0 */
  readonly trainStart?: number;
  /** Seasonal periods in steps. @default daily and weekly (or daily only with under two weeks of data) */
  readonly periods?: readonly number[];
  /** Interval levels. @default [0.8, 0.95] */
  readonly levels?: readonly number[];
  /** Aligned with series.values: 1 = exclude from fitting (known holidays from the context engine). */
  readonly mask?: Uint8Array;
}

export interface SeriesForecast {
  readonly metric: string;
  readonly dims: Series['dims'];
  /** UTC ms of the first forecast bucket (= the end of the training window). */
  readonly start: number;
  readonly step: number;
  /** Index in series.values of the first forecast bucket. */
  readonly startIndex: number;
  readonly mean: Float64Array;
  readonly intervals: readonly { readonly level: number; readonly lower: Float64Array; readonly upper: Float64Array }[];
  readonly model: HoltWintersModel;
}

/** Daily and weekly periods of a sub-daily grid (daily only with under two weeks); weekly for daily data. */
export function defaultPeriods(step: number, n: number): number[] {
  if (step === DAY) {
    if (n >= 14) return [7];
    throw new Error(`Series too short: ${n} days, need at least two weeks (14).`);
  }
  if (DAY % step !== 0) throw new Error(`No default seasonal periods for a step of ${step} ms; pass periods explicitly.`);
  const perDay = DAY / step;
  if (n >= 14 * perDay) return [perDay, 7 * perDay];
  if (n >= 2 * perDay) return [perDay];
  throw new Error(`Series too short: ${n} points, need at least two days (${2 * perDay}).`);
}

export function forecastSeries(series: Series, opts: SeriesForecastOptions): SeriesForecast {
  const n = series.values.length;
  const end = opts.trainEnd ?? n;
  if (!Number.isInteger(end) || end < 1 || end > n) throw new Error(`trainEnd must be an index in 1..${n}, got ${end}.`);
  const start = opts.trainStart ?? (series.step < DAY ? Math.max(0, end - 28 * (DAY / series.step)) : 0);
  const y = series.values.slice(start, end);
  const periods = opts.periods ?? defaultPeriods(series.step, y.length);
  const phases = localPhases(series.start + start * series.step, series.step, y.length + opts.horizon, periods, opts.zone);
  const model = fitHoltWinters(y, {
    periods,
    phases,
    mask: opts.mask?.slice(start, end),
    maxHorizon: opts.horizon,
  });
  const fc = forecastHoltWinters(model, opts.horizon, opts.levels ?? [0.8, 0.95]);
  return {
    metric: series.metric,
    dims: series.dims,
    start: series.start + end * series.step,
    step: series.step,
    startIndex: end,
    mean: fc.mean,
    intervals: fc.intervals,
    model,
  };
}
