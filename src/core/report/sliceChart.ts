// One slice of a metric charted as the metric is: this week, the same hours last week, and its own
// day-ahead forecast bands, over the report's chart axis. A slice is a set of dimension values
// ("platform=ios", or an anomaly's "where" slice "country=US & platform=ios"); the metric's totals
// over the series in it are what is charted (a ratio metric stays a ratio of the slice's totals).
import type { Dataset, DimValues } from '../types';
import type { ReportConfig } from '../config/reportConfig';
import type { ReportWindow } from './hourlyReport';
import { metricForecast, type MetricForecast } from './forecastBands';
import { metricTotals } from './totals';
import { weekChartsFrom, type WeekChartData } from './weekChart';

export interface SliceChart extends WeekChartData {
  readonly metric: string;
  readonly dims: DimValues;
  /** Absent when the slice cannot be forecast (too short, too sparse); `forecastProblem` says why. */
  readonly forecast?: MetricForecast;
  readonly forecastProblem?: string;
}

/** Why a slice cannot be charted (an unknown metric, dimension or value), or undefined. */
export function sliceProblem(config: ReportConfig, data: Dataset, metric: string, dims: DimValues): string | undefined {
  if (!config.metrics.some(m => m.id === metric)) return `"${metric}" is not a metric of this report`;
  const keys = Object.keys(dims);
  if (!keys.length) return 'a slice names at least one dimension value';
  for (const k of keys) {
    if (!data.dimensions.includes(k)) return `"${k}" is not a dimension of ${data.source} (it has: ${data.dimensions.join(', ') || 'none'})`;
    if (!data.series.some(s => s.dims[k] === dims[k])) return `no data for ${k}=${dims[k]} in ${data.source}`;
  }
  return undefined;
}

/** The dataset's series inside the slice: every named dimension has the named value. */
function sliceOf(data: Dataset, dims: DimValues): Dataset {
  const entries = Object.entries(dims);
  return { ...data, series: data.series.filter(s => entries.every(([k, v]) => s.dims[k] === v)) };
}

/** Throws with sliceProblem's message for a slice that cannot be charted. */
export function sliceChart(config: ReportConfig, data: Dataset, window: ReportWindow, metric: string, dims: DimValues): SliceChart {
  const problem = sliceProblem(config, data, metric, dims);
  if (problem) throw new Error(problem);
  const m = config.metrics.find(x => x.id === metric)!;
  const slice = sliceOf(data, dims);
  const totals = metricTotals(slice, m);
  const one = { ...config, metrics: [m] };
  const chart = weekChartsFrom(one, slice, window, new Map([[m.id, totals]]))[m.id];
  try {
    return { metric, dims, ...chart, forecast: metricForecast(config, m, slice, totals, window.chartX, window.hours) };
  } catch (e) {
    return { metric, dims, ...chart, forecastProblem: e instanceof Error ? e.message : String(e) };
  }
}
