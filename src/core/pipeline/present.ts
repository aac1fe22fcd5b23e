// The presenter: the table and the analysis as the panel's snapshot parts (the host adds the id and
// the phase). Explanations keep their evidence values, slice and cause (the context item's
// identifying values, toTriaged); only the scores and the full refs stay behind. Titles and
// details are display text: nothing downstream parses them.
import type { HourlyReport } from '../report/hourlyReport';
import type { MetricForecast } from '../report/forecastBands';
import { toTriaged, type ContextItem, type TriagedAnomaly } from '../report/triage';
import type { WeekChartData } from '../report/weekChart';
import type { ReportAnalysis } from './analyze';
import type { ReportTable } from './table';

export interface PresentedReport extends HourlyReport {
  readonly source: string;
  readonly charts: Readonly<Record<string, WeekChartData & { readonly forecast?: MetricForecast }>>;
  readonly context: readonly ContextItem[];
  readonly anomalies: readonly TriagedAnomaly[];
}

/** Phase 1 alone (no analysis yet), or both phases. */
export function presentReport(table: ReportTable, analysis?: ReportAnalysis): PresentedReport {
  const { report, charts, config } = table;
  if (!analysis) return { ...report, source: config.source.path, charts, context: [], anomalies: [] };
  const withBands: Record<string, WeekChartData & { forecast?: MetricForecast }> = Object.create(null);
  for (const [id, c] of Object.entries(charts)) {
    const forecast = Object.hasOwn(analysis.forecasts, id) ? analysis.forecasts[id] : undefined;
    withBands[id] = { ...c, forecast };
  }
  return {
    ...report,
    source: config.source.path,
    charts: withBands,
    context: analysis.context,
    anomalies: analysis.anomalies.map(toTriaged),
    warnings: [...report.warnings, ...analysis.warnings],
  };
}
