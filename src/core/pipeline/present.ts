// The presenter: the table and the analysis as the panel's snapshot parts (the host adds the id and
// the phase). Explanations keep their evidence values, slice and cause (the context item's
// identifying values, toTriaged); only the scores and the full refs stay behind. Titles and
// details are display text: nothing downstream parses them.
import type { HourlyReport } from '../report/hourlyReport';
import { incidentGroups, type IncidentGroup } from '../report/incidents';
import type { MetricForecast } from '../report/forecastBands';
import { toTriaged, type ContextItem, type TriagedAnomaly } from '../report/triage';
import type { WeekChartData } from '../report/weekChart';
import type { ReportAnalysis } from './analyze';
import type { ReportTable } from './table';
import { joinProblems, MAX_LISTED_PROBLEMS, type ProblemList } from '../types';

export interface PresentedReport extends HourlyReport {
  readonly source: string;
  readonly charts: Readonly<Record<string, WeekChartData & { readonly forecast?: MetricForecast }>>;
  readonly context: readonly ContextItem[];
  readonly anomalies: readonly TriagedAnomaly[];
  /** The anomalies grouped by their top cause (incidents.ts), as the palette triage groups them. */
  readonly incidents: readonly IncidentGroup[];
  /**
   * What is wrong in the config, the data, the events file and calendars that did not stop the
   * report, each at its file and line: a banner counts them, VS Code's Problems panel lists them.
   */
  readonly problems: ProblemList;
}

/** Phase 1 alone (no analysis yet), or both phases. */
export function presentReport(table: ReportTable, analysis?: ReportAnalysis): PresentedReport {
  const { report, charts, config } = table;
  if (!analysis) return { ...report, source: config.source.path, charts, context: [], anomalies: [], incidents: [], problems: table.problems };
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
    // The events' and calendars' few problems first: a file of bad rows fills the list's cap.
    problems: joinProblems([analysis.problems, table.problems], MAX_LISTED_PROBLEMS),
  };
}
