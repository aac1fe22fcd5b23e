// The host adapter of the report pipeline (src/core/pipeline): a load runs in a worker thread
// (analysisWorker.ts over the Node ports of reportContext.ts, started by analysisHost.ts), so the
// extension host's event loop never waits for the CSV parser, the forecasts or the explainer. The
// host passes plain data (the folder's path, the settings, trust, the clock) and turns the worker's
// snapshot parts into the panel's snapshots. Phase 1 (loadReport) is the table and week chart;
// phase 2 (analyzeReport) the forecasts, context and explanations, which the worker starts as soon
// as phase 1 ends. A load takes an AbortSignal: a newer load (refresh, file change) aborts the
// older one, whose worker is terminated at once; its promise rejects with the signal's reason.
//
// A remote source (Prometheus, ADR 0022) is fetched here, on the host, before the worker starts:
// the folder's PrometheusCache (the hours already fetched) must outlive a load, and a worker is
// terminated when its load is cancelled and ends when idle. The HTTP I/O does not block the host's
// event loop; the worker gets the dataset by message. The credentials stay on the host, in memory.
import * as vscode from 'vscode';
import type { ReportSnapshot } from '../messaging/protocol';
import type { SliceChart } from '../core/report/sliceChart';
import type { Dataset, DimValues } from '../core/types';
import type { PrometheusAuth, PrometheusCache } from '../sources/prometheus';
import { startWorkerLoad, startWorkerSlice, type WorkerLoad } from './analysisHost';
import type { TableConfig } from './analysisProtocol';
import { fetchRemoteDataset, type ReportSettings, type SourceOptions } from './reportContext';

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
  /** Read from a remote source (no file changes when its data does). */
  readonly remote: boolean;
}

let snapshotIds = 0;

/**
 * Phase 1, fast: parse the config and data and build the table and the week chart. The heavier
 * analysis (forecasts, context, explanations) follows in analyzeReport, so the table shows at once.
 * Rejects with a ReportLoadError, or the signal's reason. `signal` also cancels phase 2.
 */
export async function loadReport(
  folder: vscode.WorkspaceFolder,
  settings: ReportSettings,
  now = Date.now(),
  signal?: AbortSignal,
  remote: RemoteSource = {},
): Promise<LoadedReport> {
  const dataset = await remoteDataset(folder, settings, now, remote, signal);
  // git runs only in trusted workspaces: a repository's config can make git run programs.
  const load = startWorkerLoad(
    {
      root: folder.uri.fsPath,
      folderName: folder.name,
      settings: { configPath: settings.configPath, maxCsvBytes: settings.maxCsvBytes },
      trusted: vscode.workspace.isTrusted,
      now,
      ...(dataset ? { dataset } : {}),
    },
    signal,
  );
  const { config, report } = await load.table;
  return { config, snapshot: { ...report, id: ++snapshotIds, analysis: 'pending' }, load, remote: dataset !== undefined };
}

/** What a folder's remote source needs from the host: its cache across loads, and the credentials. */
export interface RemoteSource {
  /** The folder's fetched hours, kept across loads (a refresh asks only for new hours). */
  readonly cache?: PrometheusCache;
  /** SecretStorage's credentials for the source URL's origin. */
  readonly auth?: (url: string) => Promise<PrometheusAuth | undefined>;
  /** Told when the folder's config names a remote source (even if the load then fails). */
  readonly onRemote?: () => void;
}

/**
 * A remote source's dataset, fetched on the host; undefined for a CSV source. An untrusted
 * workspace contacts no server: the problem says so, and the panel offers to trust it.
 */
function remoteDataset(
  folder: vscode.WorkspaceFolder,
  settings: ReportSettings,
  now: number,
  remote: RemoteSource,
  signal?: AbortSignal,
): Promise<Dataset | undefined> {
  const opts: SourceOptions = {
    contact: vscode.workspace.isTrusted,
    ...(remote.cache ? { cache: remote.cache } : {}),
    ...(remote.auth ? { auth: remote.auth } : {}),
    ...(remote.onRemote ? { onRemote: remote.onRemote } : {}),
  };
  return fetchRemoteDataset(folder.uri.fsPath, folder.name, settings, now, opts, signal);
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
export async function chartSlice(
  folder: vscode.WorkspaceFolder,
  settings: ReportSettings,
  asOf: number,
  metric: string,
  dims: DimValues,
  remote: RemoteSource = {},
): Promise<SliceChart> {
  // A remote source: from the cache, so only the hours still arriving are asked for again.
  const dataset = await remoteDataset(folder, settings, asOf, remote);
  return startWorkerSlice({
    root: folder.uri.fsPath,
    folderName: folder.name,
    settings: { configPath: settings.configPath, maxCsvBytes: settings.maxCsvBytes },
    trusted: vscode.workspace.isTrusted,
    now: asOf,
    metric,
    dims,
    ...(dataset ? { dataset } : {}),
  });
}
