// This week against last week for the panel chart: the 7 days up to the latest complete hour,
// each hour paired with the same local wall-clock hour 7 calendar days earlier.
import type { Dataset } from '../types';
import type { ReportConfig } from '../config/reportConfig';
import { weekEarlierIndex } from '../time';
import { reportWindow, type HourlyReport, type ReportWindow } from './hourlyReport';
import { totalsFor, totalsOf, type TotalsByMetric } from './totals';

export interface WeekChartData {
  readonly x: number[];
  readonly thisWeek: (number | null)[];
  readonly lastWeek: (number | null)[];
}

/** The charts for a report already built (recomputes the window and the totals: prefer weekChartsFrom). */
export function buildWeekCharts(config: ReportConfig, data: Dataset, report: HourlyReport): Record<string, WeekChartData> {
  return weekChartsFrom(config, data, reportWindow(config, data, report.asOf), totalsFor(data, config.metrics));
}

/** The charts over the window's chart axis and totals computed once (see reportWindow and totalsFor). */
export function weekChartsFrom(config: ReportConfig, data: Dataset, window: ReportWindow, totals: TotalsByMetric): Record<string, WeekChartData> {
  const x = [...window.chartX];
  const idx = x.map(at => (at - data.start) / data.step);
  const lwIdx = idx.map(i => weekEarlierIndex(data, i, config.timezone) ?? null);
  // Keyed by metric id without a prototype: `out["__proto__"] = …` on a plain object would set its
  // prototype instead of adding the metric's chart.
  const out: Record<string, WeekChartData> = Object.create(null);
  for (const m of config.metrics) {
    const t = totalsOf(totals, m);
    const val = (i: number | null) => (i === null || !Number.isFinite(t.values[i]) ? null : t.values[i]);
    out[m.id] = { x, thisWeek: idx.map(val), lastWeek: lwIdx.map(val) };
  }
  return out;
}
