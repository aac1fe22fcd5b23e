// The presenter: the table and the analysis as the panel's snapshot parts (the host adds the id and
// the phase). Explanations keep their evidence values, slice and cause (the context item's
// identifying values, toTriaged); only the scores and the full refs stay behind. Titles and
// details are display text: nothing downstream parses them.
import type { HourlyReport } from '../report/hourlyReport';
import { incidentGroups, type IncidentGroup } from '../report/incidents';
import type { MetricForecast } from '../report/forecastBands';
import { toTriaged, type ContextItem, type TriagedAnomaly } from '../report/triage';
import type { WeekChartData } from '../report/weekChart';
import type { ReportAnalysis, WarningSource } from './analyze';
import type { ReportTable } from './table';

export interface PresentedReport extends HourlyReport {
  readonly source: string;
  readonly charts: Readonly<Record<string, WeekChartData & { readonly forecast?: MetricForecast }>>;
  readonly context: readonly ContextItem[];
  readonly anomalies: readonly TriagedAnomaly[];
  /** The anomalies grouped by their top cause (incidents.ts), as the palette triage groups them. */
  readonly incidents: readonly IncidentGroup[];
  /** The warnings that name a workspace file, with the file and line to open. */
  readonly warningSources?: readonly WarningSource[];
}

/** Phase 1 alone (no analysis yet), or both phases. */
export function presentReport(table: ReportTable, analysis?: ReportAnalysis): PresentedReport {
  const { report, charts, config } = table;
  if (!analysis) return { ...report, source: config.source.path, charts, context: [], anomalies: [], incidents: [] };
  const withBands: Record<string, WeekChartData & { forecast?: MetricForecast }> = Object.create(null);
  for (const [id, c] of Object.entries(charts)) {
    const forecast = Object.hasOwn(analysis.forecasts, id) ? analysis.forecasts[id] : undefined;
    withBands[id] = { ...c, forecast };
  }
  const anomalies = analysis.anomalies.map(toTriaged);
  return {
    ...report,
    source: config.source.path,
    charts: withBands,
    context: analysis.context,
    anomalies,
    incidents: incidentGroups(anomalies, config.timezone),
    warnings: [...report.warnings, ...analysis.warnings],
    ...(analysis.warningSources?.length ? { warningSources: analysis.warningSources } : {}),
  };
}
