// The host adapter of the report pipeline (src/core/pipeline): builds its ports from the workspace
// folder (reportContext.ts) and turns its results into the panel's snapshots. Phase 1 (loadReport)
// is the table and week chart; phase 2 (analyzeReport) the forecasts, context and explanations.
// A load takes an AbortSignal: a newer load (refresh, file change) aborts the older one, which then
// stops at its next checkpoint between metrics and rejects with an AbortError.
import * as vscode from 'vscode';
import type { ReportConfig } from '../core/config/reportConfig';
import type { Dataset } from '../core/types';
import { analyze, presentReport, type ReportTable } from '../core/pipeline';
import type { ReportSnapshot } from '../protocol';
import { loadReportTable, nodeYield, workspaceContextSources, type ReportSettings } from './reportContext';

export { ReportLoadError, type ReportSettings } from './reportContext';

export interface LoadedReport {
  readonly config: ReportConfig;
  readonly dataset: Dataset;
  readonly snapshot: ReportSnapshot;
  /** Phase 1's domain facts (window, totals), which phase 2 reuses. */
  readonly table: ReportTable;
}

let snapshotIds = 0;

/**
 * Phase 1, fast: parse the config and data and build the table and the week chart. The heavier
 * analysis (forecasts, context, explanations) follows in analyzeReport, so the table shows at once.
 * Rejects with a ReportLoadError, or the signal's AbortError.
 */
export async function loadReport(folder: vscode.WorkspaceFolder, settings: ReportSettings, now = Date.now(), signal?: AbortSignal): Promise<LoadedReport> {
  const table = await loadReportTable(folder.uri.fsPath, folder.name, settings, { now: () => now }, signal);
  const snapshot: ReportSnapshot = { ...presentReport(table), id: ++snapshotIds, analysis: 'pending' };
  return { config: table.config, dataset: table.dataset, snapshot, table };
}

/**
 * Phase 2: forecast bands, the week's context and the anomalies' explanations. Never throws, except
 * the signal's AbortError when a newer load superseded this one.
 */
export async function analyzeReport(folder: vscode.WorkspaceFolder, base: LoadedReport, signal?: AbortSignal): Promise<ReportSnapshot> {
  // git runs only in trusted workspaces: a repository's config can make git run programs.
  const context = workspaceContextSources(folder.uri.fsPath, {
    zone: base.config.timezone, git: vscode.workspace.isTrusted, noGitWarning: 'Deploys from git are read only in a trusted workspace.',
  });
  const analysis = await analyze(base.table, { context, yieldNow: nodeYield }, signal);
  return { ...presentReport(base.table, analysis), id: ++snapshotIds, analysis: 'done' };
}
