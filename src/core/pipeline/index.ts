// The report pipeline over ports (ADR pending; see docs/architecture.md "One report load"):
//   loadTable / buildTable (phase 1: window, totals once, table, week chart)
//   analyze (phase 2: forecast bands, context, anomalies with structured explanations)
//   presentReport (both as the panel's snapshot parts)
export type { CancelSignal, Clock, ContextSources, DataSource, TimeWindow, YieldNow } from './ports';
export { buildTable, loadTable, type ReportTable } from './table';
export { analyze, type AnalysisPorts, type ReportAnalysis } from './analyze';
export { presentReport, type PresentedReport } from './present';
export type { ReportWindow } from '../report/hourlyReport';
export type { TotalsByMetric, MetricTotals } from '../report/totals';
export type { AnalyzedAnomaly, ContextItem } from '../report/triage';
