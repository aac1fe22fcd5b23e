// Phase 1 of a report load, fast: the report window, every metric's totals (once), and the table
// and week chart presented from them. The table shows at once; analyze() (phase 2) reuses all of it.
import type { ReportConfig } from '../config/reportConfig';
import type { Dataset } from '../types';
import { hourlyReportFrom, reportWindow, type HourlyReport, type ReportWindow } from '../report/hourlyReport';
import { totalsFor, type TotalsByMetric } from '../report/totals';
import { weekChartsFrom, type WeekChartData } from '../report/weekChart';
import type { CancelSignal, Clock, DataSource } from './ports';

/** Phase 1's result: the domain facts (window, totals) and their presentation (report, charts). */
export interface ReportTable {
  readonly config: ReportConfig;
  readonly dataset: Dataset;
  /** The 24 report hours and the 7-day chart axis, computed once. */
  readonly window: ReportWindow;
  /** Each metric's totals over all slices, computed once, keyed by metric id. */
  readonly totals: TotalsByMetric;
  /** The hourly table (the last 24 complete hours against the same hours a week earlier). */
  readonly report: HourlyReport;
  /** This week against last week, per metric id (no prototype: an id may be "__proto__"). */
  readonly charts: Readonly<Record<string, WeekChartData>>;
}

/**
 * Throws an InputError (data not hourly), an Error (fewer than 8 days of complete hours, a metric
 * with no rows): the report cannot be built.
 */
export function buildTable(config: ReportConfig, dataset: Dataset, clock: Clock): ReportTable {
  const window = reportWindow(config, dataset, clock.now());
  const totals = totalsFor(dataset, config.metrics);
  return {
    config,
    dataset,
    window,
    totals,
    report: hourlyReportFrom(config, dataset, window, totals),
    charts: weekChartsFrom(config, dataset, window, totals),
  };
}

/** Reads the data from its source, then builds the table. */
export async function loadTable(config: ReportConfig, source: DataSource, clock: Clock, signal?: CancelSignal): Promise<ReportTable> {
  const dataset = await source.read(signal);
  signal?.throwIfAborted();
  return buildTable(config, dataset, clock);
}
