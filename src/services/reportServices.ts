// The registry of report services, one per workspace folder, created on first use and kept for
// the session (the cache outlives the panel: closing and reopening the tab shows it at once).
// Binds each service to VS Code: the load pipeline (src/report/loadReport.ts), the settings and
// workspace trust, a vscode.EventEmitter, and one file watcher per folder. A folder whose config
// names a remote source (Prometheus, ADR 0022) keeps its PrometheusCache here, for the session:
// a refresh, or the reload when the hour ends, asks only for the new hours. Credentials come from
// SecretStorage (sourceCredentials.ts); new ones, and trust granted, reload what is shown.
import * as vscode from 'vscode';
import { analyzeReport, chartSlice, closeAnalysisWorkers, loadReport, ReportLoadError, type LoadedReport } from '../report/loadReport';
import { readSettings } from '../settings';
import type { Logger } from '../util/logger';
import { FileHasher, fingerprintInputs, type ReportInputs } from './fingerprint';
import { gitRefsDigest } from './gitState';
import { clockValidUntil } from './reportCache';
import { ReportService, type LoadOutcome, type ReportPipeline, type ReportState } from './reportService';
import type { ReportSnapshot } from '../messaging/protocol';
import { pairedPipeline, type PairedBase } from '../vsls/hostReport';
import { PrometheusCache } from '../sources/prometheus';
import { memorySecrets, SourceCredentials, type SecretsLike } from './sourceCredentials';

/** What a folder's report is loaded from: its own files, or (a Live Share guest) the host's published report. */
type Base = LoadedReport | PairedBase<LoadedReport>;

export interface ReportServicesDeps {
  readonly log: Logger;
  readonly clock: () => number;
  readonly onOutcome?: (o: LoadOutcome) => void;
  /** Each state of a folder's report (the Problems panel follows them), and the end of its service. */
  readonly onState?: (folder: vscode.WorkspaceFolder, state: ReportState) => void;
  readonly onDropped?: (folder: vscode.WorkspaceFolder) => void;
  /**
   * Live Share (src/vsls/hostReport.ts, ADR 0016): while `guest()` is true the folder's report is the
   * host's published one, read from the shared workspace: no analysis, no git, no data source here.
   */
  readonly fromHost?: {
    readonly guest: () => boolean;
    readonly pipeline: (folder: vscode.WorkspaceFolder) => ReportPipeline<ReportSnapshot>;
    /** The published file, relative to the folder: watched like the report's own inputs. */
    readonly file: string;
  };
  /** The extension's SecretStorage (context.secrets): data source credentials. In memory when absent. */
  readonly secrets?: SecretsLike;
}

/** The files a report reads: the config and calendars under .calibrate/, and any CSV in the folder. */
const WATCHED = '**/{.calibrate/*.yaml,.calibrate/**/*.ics,*.csv}';

export class ReportServices implements vscode.Disposable {
  private readonly services = new Map<
    string,
    { readonly service: ReportService<Base>; readonly disposables: vscode.Disposable[]; readonly remote: () => boolean }
  >();
  private readonly subscriptions: vscode.Disposable[];
  /** Data source credentials (SecretStorage), for the sources and Calibrate: Set Data Source Credentials. */
  readonly credentials: SourceCredentials;

  constructor(private readonly deps: ReportServicesDeps) {
    this.credentials = new SourceCredentials(deps.secrets ?? memorySecrets());
    this.subscriptions = [
      // A folder removed from the workspace takes its report with it.
      vscode.workspace.onDidChangeWorkspaceFolders(e => {
        for (const f of e.removed) this.drop(f.uri.toString());
      }),
      // Trust granted: a remote source may now be contacted (trust is part of the fingerprint).
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.sourceChanged()),
    ];
    // New credentials: reload what is shown, whatever the cache holds (a 401 is cached for a minute).
    const changed = this.credentials.onDidChange(() => {
      for (const { service, remote } of this.services.values()) if (remote() && service.current()) void service.refresh();
    });
    this.subscriptions.push({ dispose: () => void changed.dispose() });
  }

  /** The folder's service, created on first use. */
  get(folder: vscode.WorkspaceFolder): ReportService<Base> {
    const key = folder.uri.toString();
    const known = this.services.get(key);
    if (known) return known.service;
    const { fromHost } = this.deps;
    const local = pipelineFor(folder, this.credentials);
    const service = new ReportService<Base>({
      name: folder.name,
      pipeline: fromHost ? pairedPipeline(local.pipeline, fromHost.pipeline(folder), fromHost.guest) : local.pipeline,
      reloadWhenExpired: () => local.remote() && !fromHost?.guest(),
      emitter: new vscode.EventEmitter<ReportState>(),
      log: this.deps.log,
      clock: this.deps.clock,
      ...(this.deps.onOutcome ? { onOutcome: this.deps.onOutcome } : {}),
    });
    // The hourly data lands as files: reload when the config, a calendar or any CSV of this folder
    // changes (another root's files are another report's). The service debounces, and fingerprints:
    // a save without changes loads nothing.
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, WATCHED));
    const changed = () => service.filesChanged();
    // The folder's warm analysis worker ends with its service, not after its idle timeout.
    const worker = { dispose: () => closeAnalysisWorkers(folder.uri.fsPath) };
    const states = service.onDidChange(s => this.deps.onState?.(folder, s));
    const dropped = { dispose: () => this.deps.onDropped?.(folder) };
    const disposables = [watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed), states, service, worker, dropped];
    if (fromHost) {
      const published = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, fromHost.file));
      disposables.push(published, published.onDidChange(changed), published.onDidCreate(changed), published.onDidDelete(changed));
    }
    this.services.set(key, { service, disposables, remote: local.remote });
    return service;
  }

  /** Where reports come from changed (a Live Share role): each report shown so far loads again, from the right source. */
  sourceChanged(): void {
    for (const { service } of this.services.values()) if (service.current()) void service.request('watch');
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    for (const key of [...this.services.keys()]) this.drop(key);
  }

  private drop(key: string): void {
    const s = this.services.get(key);
    if (!s) return;
    this.services.delete(key);
    for (const d of s.disposables) d.dispose();
  }
}

/** The load pipeline of one folder, as the service sees it; `remote()`: its last load read a remote source. */
function pipelineFor(folder: vscode.WorkspaceFolder, credentials: SourceCredentials): { pipeline: ReportPipeline<LoadedReport>; remote: () => boolean } {
  const files = new FileHasher();
  // The folder's fetched hours, for the session (a config that changes its queries frees theirs).
  // Whether the last load's config named a remote source, whether or not the load succeeded (new
  // credentials must reload a report that failed with a 401).
  let lastRemote = false;
  const remote = {
    cache: new PrometheusCache(),
    auth: (url: string) => credentials.get(url),
    onRemote: () => {
      lastRemote = true;
    },
  };
  const pipeline: ReportPipeline<LoadedReport> = {
    inputs(): ReportInputs {
      const s = readSettings(vscode.workspace, folder);
      return { root: folder.uri.fsPath, configPath: s.reportConfigPath, maxCsvBytes: s.maxCsvBytes, trusted: vscode.workspace.isTrusted };
    },
    fingerprint: (inputs, signal) => fingerprintInputs(inputs, { files, gitRefs: (cwd, s) => gitRefsDigest(cwd, s ? { signal: s } : {}) }, signal),
    load: async (inputs, now, signal) => {
      lastRemote = false;
      return loadReport(folder, { configPath: inputs.configPath, maxCsvBytes: inputs.maxCsvBytes }, now, signal, remote);
    },
    snapshotOf: base => base.snapshot,
    validUntil: (base, now) =>
      clockValidUntil(now, {
        frozen: base.config.asOf !== undefined,
        origin: base.snapshot.hours[0]?.at ?? 0,
        settleMs: base.config.settleMinutes * 60_000,
      }),
    analyze: (base, signal) => analyzeReport(folder, base, signal),
    problemOf: e => (e instanceof ReportLoadError ? e.problem : { message: e instanceof Error ? e.message : String(e) }),
    slice: (inputs, asOf, metric, dims) => chartSlice(folder, { configPath: inputs.configPath, maxCsvBytes: inputs.maxCsvBytes }, asOf, metric, dims, remote),
  };
  return { pipeline, remote: () => lastRemote };
}
