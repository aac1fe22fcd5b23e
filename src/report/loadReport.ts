// The host adapter of the report pipeline (src/core/pipeline): a load runs in a worker thread
// (analysisWorker.ts over the Node ports of reportContext.ts, started by analysisHost.ts), so the
// extension host's event loop never waits for the CSV parser, the forecasts or the explainer. The
// host passes plain data (the folder's path, the settings, trust, the clock) and turns the worker's
// snapshot parts into the panel's snapshots. Phase 1 (loadReport) is the table and week chart;
// phase 2 (analyzeReport) the forecasts, context and explanations, which the worker starts as soon
// as phase 1 ends. A load takes an AbortSignal: a newer load (refresh, file change) aborts the
// older one, whose worker is terminated at once; its promise rejects with the signal's reason.
import * as vscode from 'vscode';
import type { ReportSnapshot } from '../messaging/protocol';
import type { SliceChart } from '../core/report/sliceChart';
import type { DimValues } from '../core/types';
import { startWorkerLoad, startWorkerSlice, type WorkerLoad } from './analysisHost';
import type { TableConfig } from './analysisProtocol';
import type { ReportSettings } from './reportContext';

export { ReportLoadError, type ReportSettings } from './reportContext';
/** End the warm analysis workers: a folder's when it leaves the workspace, all on deactivation. */
export { closeAnalysisWorkers } from './analysisHost';

export interface LoadedReport {
  /** What the service needs of the config: asOf and settleMinutes (the cache's validity), the zone. */
  readonly config: TableConfig;
  /** Phase 1's snapshot (analysis 'pending'). */
  readonly snapshot: ReportSnapshot;
  /** The load in its worker, which carries on with phase 2. */
  readonly load: WorkerLoad;
}

let snapshotIds = 0;

/**
 * Phase 1, fast: parse the config and data and build the table and the week chart. The heavier
 * analysis (forecasts, context, explanations) follows in analyzeReport, so the table shows at once.
 * Rejects with a ReportLoadError, or the signal's reason. `signal` also cancels phase 2.
 */
export async function loadReport(folder: vscode.WorkspaceFolder, settings: ReportSettings, now = Date.now(), signal?: AbortSignal): Promise<LoadedReport> {
  // git runs only in trusted workspaces: a repository's config can make git run programs.
  const load = startWorkerLoad(
    {
      root: folder.uri.fsPath,
      folderName: folder.name,
      settings: { configPath: settings.configPath, maxCsvBytes: settings.maxCsvBytes },
      trusted: vscode.workspace.isTrusted,
      now,
    },
    signal,
  );
  const { config, report } = await load.table;
  return { config, snapshot: { ...report, id: ++snapshotIds, analysis: 'pending' }, load };
}

/**
 * Phase 2: forecast bands, the week's context and the anomalies' explanations. Never throws, except
 * the signal's reason when a newer load superseded this one (its worker is terminated).
 */
export async function analyzeReport(_folder: vscode.WorkspaceFolder, base: LoadedReport, signal?: AbortSignal): Promise<ReportSnapshot> {
  if (signal?.aborted) {
    base.load.cancel(signal.reason);
    throw signal.reason;
  }
  const stop = (): void => base.load.cancel(signal!.reason);
  signal?.addEventListener('abort', stop, { once: true });
  try {
    const report = await base.load.analysis;
    return { ...report, id: ++snapshotIds, analysis: 'done' };
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

/**
 * One slice of a metric charted against its own forecast, over the report built at `asOf` from the
 * folder's files (the report on screen). Rejects with a message saying what was wrong.
 */
export function chartSlice(folder: vscode.WorkspaceFolder, settings: ReportSettings, asOf: number, metric: string, dims: DimValues): Promise<SliceChart> {
  return startWorkerSlice({
    root: folder.uri.fsPath,
    folderName: folder.name,
    settings: { configPath: settings.configPath, maxCsvBytes: settings.maxCsvBytes },
    trusted: vscode.workspace.isTrusted,
    now: asOf,
    metric,
    dims,
  });
}
