// Forecast bands for the panel: for each of the chart's 7 days, a day-ahead forecast of the metric
// total fitted on the history before that day (the same forecaster as the benchmark). The last
// day's forecast is the report window's, and scores each of its 24 hours against the 95% band.
import type { Dataset, Series } from '../types';
import type { ReportConfig } from '../config/reportConfig';
import { forecastSeries } from '../forecast';
import { pointScores } from '../anomaly';
import { metricTotals } from './totals';

export interface MetricForecast {
  /** Aligned with the week chart's x; null where no forecast was made. */
  readonly mean: (number | null)[];
  readonly lower80: (number | null)[];
  readonly upper80: (number | null)[];
  readonly lower95: (number | null)[];
  readonly upper95: (number | null)[];
  /** For the report's hours: the residual against the 95% band (|score| > 1 is outside it). */
  readonly scores: (number | null)[];
}

export interface ForecastBands {
  readonly byMetric: Record<string, MetricForecast>;
  readonly problems: string[];
}

const DAY_STEPS = 24;

export function buildForecastBands(config: ReportConfig, data: Dataset, chartX: readonly number[], reportHours: number): ForecastBands {
  const byMetric: Record<string, MetricForecast> = {};
  const problems: string[] = [];
  const firstIndex = (chartX[0] - data.start) / data.step;
  for (const m of config.metrics) {
    const totals = metricTotals(data, m);
    const series: Series = { metric: m.id, dims: {}, start: data.start, step: data.step, values: totals.values };
    const empty = () => chartX.map(() => null as number | null);
    const f = { mean: empty(), lower80: empty(), upper80: empty(), lower95: empty(), upper95: empty(), scores: [] as (number | null)[] };
    try {
      for (let off = 0; off < chartX.length; off += DAY_STEPS) {
        const horizon = Math.min(DAY_STEPS, chartX.length - off);
        const fc = forecastSeries(series, { zone: config.timezone, trainEnd: firstIndex + off, horizon });
        const i80 = fc.intervals.find(i => i.level === 0.8)!;
        const i95 = fc.intervals.find(i => i.level === 0.95)!;
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
        }
      }
      byMetric[m.id] = f;
    } catch (e) {
      problems.push(`No forecast for ${m.label}: ${(e as Error).message}`);
    }
  }
  return { byMetric, problems };
}

const fin = (v: number): number | null => (Number.isFinite(v) ? v : null);
