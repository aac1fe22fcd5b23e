// Phase 1 of a report load, fast: the report window, every metric's totals (once), and the table
// and week chart presented from them. The table shows at once; analyze() (phase 2) reuses all of it.
import type { ReportConfig } from '../config/reportConfig';
import { joinProblems, MAX_LISTED_PROBLEMS, type Dataset, type InputProblem, type ProblemList } from '../types';
import { hourlyReportFrom, reportWindow, type HourlyReport, type ReportWindow } from '../report/hourlyReport';
import { totalsFor, type TotalsByMetric } from '../report/totals';
import { noDataText } from '../report/hourlyReport';
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
  /** What is wrong in the config and the data that did not stop the report (rows left as gaps, metrics with no data). */
  readonly problems: ProblemList;
}

/**
 * Throws an InputError (data not hourly), an Error (fewer than 8 days of complete hours, no metric
 * of the config has rows): the report cannot be built. A metric with no rows is a problem, not an
 * error: its row says it has no data. `configFile` (workspace-relative) is where those problems point.
 */
export function buildTable(config: ReportConfig, dataset: Dataset, clock: Clock, configFile = '.calibrate/report.yaml'): ReportTable {
  const window = reportWindow(config, dataset, clock.now());
  const totals = totalsFor(dataset, config.metrics);
  const noData = config.metrics.filter(m => totals.get(m.id)?.missing);
  if (noData.length === config.metrics.length) {
    const has = dataset.metrics.join(', ') || 'none';
    throw new Error(`None of the report's metrics has rows in ${dataset.source} (its metrics: ${has}). Check the metric ids in ${configFile}.`);
  }
  const missing: InputProblem[] = noData.map(m => ({
    severity: 'warning',
    file: configFile,
    ...(m.line !== undefined ? { line: m.line } : {}),
    ...(m.column !== undefined ? { column: m.column } : {}),
    text: `${noDataText(totals.get(m.id)!.missing!, dataset.source)} Its row shows no data. Expected a metric of the data (it has: ${dataset.metrics.join(', ')}).`,
  }));
  return {
    problems: joinProblems([config.warnings, missing, dataset.rowProblems], MAX_LISTED_PROBLEMS),
    config,
    dataset,
    window,
    totals,
    report: hourlyReportFrom(config, dataset, window, totals),
    charts: weekChartsFrom(config, dataset, window, totals),
  };
}

/** Reads the data from its source, then builds the table. */
export async function loadTable(config: ReportConfig, source: DataSource, clock: Clock, signal?: CancelSignal, configFile?: string): Promise<ReportTable> {
  const dataset = await source.read(signal);
  signal?.throwIfAborted();
  return buildTable(config, dataset, clock, configFile);
}
