// Forecast bands for the panel: for each of the chart's 7 days, a day-ahead forecast of the metric
// total fitted on the history before that day (the same forecaster as the benchmark). The last
// day's forecast is the report window's, and scores each of its 24 hours against the 95% band.
import type { Dataset, Series } from '../types';
import type { MetricConfig, ReportConfig } from '../config/reportConfig';
import { forecastSeries } from '../forecast';
import { pointScores } from '../anomaly';
import type { ReportWindow } from './hourlyReport';
import { metricTotals, totalsOf, type MetricTotals, type TotalsByMetric } from './totals';

export interface MetricForecast {
  /** Aligned with the week chart's x; null where no forecast was made. */
  readonly mean: (number | null)[];
  readonly lower80: (number | null)[];
  readonly upper80: (number | null)[];
  readonly lower95: (number | null)[];
  readonly upper95: (number | null)[];
  /** For the report's hours: the residual against the 95% band (|score| > 1 is outside it). */
  readonly scores: (number | null)[];
  /** Why the report window's band is less certain than usual (e.g. a week without data), for the warnings. */
  readonly notes?: readonly string[];
}

export interface ForecastBands {
  /** Keyed by metric id, without a prototype: a metric may be called "__proto__". */
  readonly byMetric: Record<string, MetricForecast>;
  readonly problems: string[];
}

const DAY_STEPS = 24;

/**
 * The narrowest band a forecast may claim, as a 95% half-width. A history without noise (a constant,
 * an exact repeat, a count that stayed 0) gives a zero-width band, and against it any change scores
 * Infinity, which the report can neither rank nor send. No business metric is measured that exactly:
 * - whole numbers (counts) are not resolved finer than one unit: a 0.5 half-width puts a change of
 *   one (0 then 1 events) just outside the band, at score 2, not infinitely far;
 * - any metric, 0.5% of its level (the forecast, or the history's mean |value| where the forecast is
 *   near 0): a 1% change scores 2, a 0.1% one stays inside.
 * Poisson noise (sqrt of the count) would be wider, but it would also hide a drop in counts that
 * really are regular (cron runs, heartbeats). A floor only: a band wider than this is kept as it is.
 */
const FLOOR_WHOLE = 0.5;
const FLOOR_RELATIVE = 0.005;
/** Normal quantiles: the 80% band's floor keeps the 80/95 width ratio, so the bands stay nested. */
const Z80 = 1.2816;
const Z95 = 1.96;

/** The bands for a chart axis (recomputes each metric's totals: prefer forecastBandsFrom). */
export function buildForecastBands(config: ReportConfig, data: Dataset, chartX: readonly number[], reportHours: number): ForecastBands {
  return collect(config, m => metricForecast(config, m, data, metricTotals(data, m), chartX, reportHours));
}

/** The bands over the window's chart axis and totals computed once (see reportWindow and totalsFor). */
export function forecastBandsFrom(config: ReportConfig, data: Dataset, window: ReportWindow, totals: TotalsByMetric): ForecastBands {
  return collect(config, m => metricForecast(config, m, data, totalsOf(totals, m), window.chartX, window.hours));
}

function collect(config: ReportConfig, one: (m: MetricConfig) => MetricForecast): ForecastBands {
  const byMetric: Record<string, MetricForecast> = Object.create(null);
  const problems: string[] = [];
  for (const m of config.metrics) {
    try {
      byMetric[m.id] = one(m);
    } catch (e) {
      problems.push(forecastProblem(m, e));
    }
  }
  return { byMetric, problems };
}

/** The warning for a metric that could not be forecast. */
export function forecastProblem(m: MetricConfig, e: unknown): string {
  return `No forecast for ${m.label}: ${e instanceof Error ? e.message : String(e)}`;
}

/**
 * One metric's day-ahead forecasts over the chart axis, and the last `reportHours` hours' scores.
 * Throws when the metric cannot be forecast (too short, too few errors for intervals).
 */
export function metricForecast(
  config: ReportConfig,
  m: MetricConfig,
  data: Dataset,
  totals: MetricTotals,
  chartX: readonly number[],
  reportHours: number,
): MetricForecast {
  const firstIndex = (chartX[0] - data.start) / data.step;
  const series: Series = { metric: m.id, dims: {}, start: data.start, step: data.step, values: totals.values };
  const empty = () => chartX.map(() => null as number | null);
  const f = {
    mean: empty(),
    lower80: empty(),
    upper80: empty(),
    lower95: empty(),
    upper95: empty(),
    scores: [] as (number | null)[],
    notes: [] as readonly string[],
  };
  for (let off = 0; off < chartX.length; off += DAY_STEPS) {
    const horizon = Math.min(DAY_STEPS, chartX.length - off);
    const fc = forecastSeries(series, { zone: config.timezone, trainEnd: firstIndex + off, horizon });
    const floor = bandFloor(totals.values.subarray(0, firstIndex + off), !m.ratio);
    const i80 = floored(
      fc.mean,
      fc.intervals.find(i => i.level === 0.8)!,
      h => floor(fc.mean[h]) * (Z80 / Z95),
    );
    const i95 = floored(
      fc.mean,
      fc.intervals.find(i => i.level === 0.95)!,
      h => floor(fc.mean[h]),
    );
    for (let h = 0; h < horizon; h++) {
      f.mean[off + h] = fin(fc.mean[h]);
      f.lower80[off + h] = fin(i80.lower[h]);
      f.upper80[off + h] = fin(i80.upper[h]);
      f.lower95[off + h] = fin(i95.lower[h]);
      f.upper95[off + h] = fin(i95.upper[h]);
    }
    if (off + horizon === chartX.length) {
      // The report window is the last `reportHours` of the chart: score them against this forecast.
      const start = firstIndex + off;
      const actual = totals.values.subarray(start, start + horizon);
      const scores = pointScores(actual, fc.mean, i95.lower, i95.upper);
      f.scores = Array.from(scores.subarray(horizon - reportHours), fin);
      f.notes = fc.notes;
    }
  }
  return f;
}

/** The 95% half-width floor at a forecast value, from the training history (see FLOOR_WHOLE). */
function bandFloor(history: Float64Array, additive: boolean): (mean: number) => number {
  let sum = 0;
  let count = 0;
  let whole = additive; // a ratio of counts is not a count, even when it is always 0 or 1
  for (const v of history) {
    if (!Number.isFinite(v)) continue;
    sum += Math.abs(v);
    count++;
    if (!Number.isInteger(v)) whole = false;
  }
  const level = count ? sum / count : 0;
  return mean => Math.max(whole ? FLOOR_WHOLE : 0, FLOOR_RELATIVE * Math.max(Math.abs(mean), level));
}

/** The interval widened, where narrower, to `floor(h)` on each side of the mean. */
function floored(
  mean: Float64Array,
  band: { lower: Float64Array; upper: Float64Array },
  floor: (h: number) => number,
): { lower: Float64Array; upper: Float64Array } {
  const lower = band.lower.map((v, h) => Math.min(v, mean[h] - floor(h)));
  const upper = band.upper.map((v, h) => Math.max(v, mean[h] + floor(h)));
  return { lower, upper };
}

const fin = (v: number): number | null => (Number.isFinite(v) ? v : null);
