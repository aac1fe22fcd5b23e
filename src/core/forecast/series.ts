// Forecasting a domain Series (regular UTC grid) in the report time zone: the entry point the
// report, triage and drills call. Same code path as the benchmark (fitHoltWinters + forecastHoltWinters).

import type { Series } from '../types';
import { fitHoltWinters, forecastHoltWinters, type HoltWintersModel, type HoltWintersOptions } from './holtWinters';
import { initSeasons } from './init';
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
  /** Per-series model selection (select.ts, ADR 0019); the defaults are what the panel uses, the bench's ablations switch them. */
  readonly selection?: Pick<HoltWintersOptions, 'periodSelection' | 'robust' | 'clipCandidates'>;
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
  /**
   * Why this forecast is less certain than usual, in words a report can show beside the band: seasons
   * of the training window without data, or a season dropped for want of data (the model's technical
   * notes stay in `model.notes`).
   */
  readonly notes: readonly string[];
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
  const mask = opts.mask?.slice(start, end);
  const { periods, notes } = opts.periods ? { periods: opts.periods, notes: [] } : periodsWithData(y, mask, series.step, defaultPeriods(series.step, y.length));
  const phases = localPhases(series.start + start * series.step, series.step, y.length + opts.horizon, periods, opts.zone);
  const model = fitHoltWinters(y, {
    periods,
    phases,
    mask,
    maxHorizon: opts.horizon,
    ...opts.selection,
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
    notes,
  };
}

/** A season's noun and adjective by its length in ms. */
const SEASON_NAMES: Record<number, readonly [string, string]> = { [DAY]: ['day', 'daily'], [7 * DAY]: ['week', 'weekly'] };

/**
 * The default periods, degraded to what the data can carry: a season needs two of its periods with
 * data to be initialised (init.ts), so with fewer weeks of data than that the weekly season is dropped
 * and the daily one used alone. Seasons without any data are passed over by the initialisation; the
 * notes say so, since the pattern and the band then rest on fewer seasons than the window holds.
 */
function periodsWithData(y: Float64Array, mask: Uint8Array | undefined, step: number, periods: number[]): { periods: number[]; notes: string[] } {
  const skip = new Uint8Array(y.length);
  for (let t = 0; t < y.length; t++) skip[t] = !Number.isFinite(y[t]) || mask?.[t] ? 1 : 0;
  const data = { y, skip, ph1: new Int32Array(0), ph2: new Int32Array(0) };
  const name = (m: number) => SEASON_NAMES[m * step]?.[0] ?? `season of ${m} points`;
  const adjective = (m: number) => SEASON_NAMES[m * step]?.[1] ?? `${m}-point`;
  const notes: string[] = [];
  let use = periods;
  const long = periods[periods.length - 1];
  if (periods.length === 2 && initSeasons(data, y.length, long, 2).length < 2) {
    use = [periods[0]];
    const withData = initSeasons(data, y.length, long, Infinity).length;
    notes.push(
      `Only ${withData} ${name(long)}${withData === 1 ? '' : 's'} of the training window ${withData === 1 ? 'has' : 'have'} data: the forecast uses the ${adjective(periods[0])} pattern alone, without the ${adjective(long)} one.`,
    );
  }
  const m = use[use.length - 1];
  const all = Math.floor(y.length / m);
  const empty = all - initSeasons(data, y.length, m, Infinity).length;
  if (empty > 0)
    notes.push(
      `${empty} of the ${all} ${name(m)}s of the training window ${empty === 1 ? 'has' : 'have'} no data: the seasonal pattern and the band's width are learned from the other ${all - empty}, so the band is less certain.`,
    );
  return { periods: use, notes };
}
