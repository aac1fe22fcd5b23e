// The Node ports of the report pipeline (src/core/pipeline) over a workspace folder, shared by the
// extension's analysis worker (analysisWorker.ts, started by loadReport.ts) and the command line
// (src/cli/report.ts). No vscode import: the host passes what only VS Code knows (the folder's name,
// whether the workspace is trusted), as plain data.
//   - the data: the CSV the config names, streamed through safeFiles (inside the folder, size-capped),
//     or a Prometheus source (src/sources/prometheus), contacted only when the caller allows it (a
//     trusted workspace) with credentials the caller passes in memory (VS Code's SecretStorage, or
//     the command line's environment). The extension fetches on the host, where the folder's
//     PrometheusCache outlives a load and a worker, and hands the worker the dataset;
//   - the context: the holiday calendar (loaded lazily, once per process or worker), the team's events
//     (.calibrate/events.yaml, .ics calendars, in a worker), and deploys from git, only when allowed.
import { parseReportConfig, type PrometheusSourceConfig, type ReportConfig, type SourceConfig } from '../core/config/reportConfig';
import { HolidayCalendar } from '../core/context';
import { buildTable, type CancelSignal, type Clock, type ContextSources, type DataSource, type ReportTable, type YieldNow } from '../core/pipeline';
import { InputError, type Dataset } from '../core/types';
import type { LoadProblem } from '../messaging/protocol';
import { loadWorkspaceEvents } from '../context/workspaceEvents';
import { readGitDeploys } from '../context/gitDeploys';
import { readCsvSource, readReportConfigText } from '../workspace/reportFiles';
import { MAX_YAML_BYTES, readWorkspaceText, WorkspaceFileError } from '../workspace/safeFiles';
import { prometheusDataSource, type FetchStats, type PrometheusAuth, type PrometheusCache } from '../sources/prometheus';

export interface ReportSettings {
  readonly configPath: string;
  readonly maxCsvBytes: number;
}

/** The report cannot be built: the problem names the file (and line) to fix. */
export class ReportLoadError extends Error {
  constructor(readonly problem: LoadProblem) {
    super(problem.message);
  }
}

/** Our ports take a CancelSignal; the Node readers want the AbortSignal it is. */
const abortSignal = (signal: CancelSignal | undefined): { signal?: AbortSignal } => (signal ? { signal: signal as AbortSignal } : {});

/** The CSV source named by the config, read from the folder (see reportFiles.readCsvSource). */
export function csvDataSource(root: string, path: string, maxCsvBytes: number): DataSource {
  return { read: signal => readCsvSource(root, path, maxCsvBytes, abortSignal(signal).signal) };
}

let calendar: Promise<HolidayCalendar> | undefined;

/** The holiday calendar, loaded once per process; a failed load is tried again next time. */
function holidayCalendar(): Promise<HolidayCalendar> {
  calendar ??= HolidayCalendar.load();
  return calendar.catch((e: unknown) => {
    calendar = undefined;
    throw e;
  });
}

export interface ContextOptions {
  /** The report zone: events without a zone and floating calendar times use it. */
  readonly zone: string;
  /**
   * Read deploys from git. A repository's config can make git run programs, so the host allows it
   * only in a trusted workspace; the command line unless --no-git.
   */
  readonly git: boolean;
  /** Why deploys are not read when git is false; no warning when undefined. */
  readonly noGitWarning?: string;
}

/** The workspace's context sources. */
export function workspaceContextSources(root: string, opts: ContextOptions): ContextSources {
  return {
    holidays: holidayCalendar,
    events: (window, signal) => loadWorkspaceEvents(root, { defaultZone: opts.zone, from: window.from, to: window.to, ...abortSignal(signal) }),
    async deploys(window, signal) {
      if (!opts.git) return { deploys: [], warnings: opts.noGitWarning ? [opts.noGitWarning] : [] };
      const r = await readGitDeploys({ cwd: root, from: window.from, to: window.to, ...abortSignal(signal) });
      // "no repository" is normal for a data-only folder: keep it quiet.
      return { deploys: r.deploys, warnings: r.warnings.filter(w => !/not a git repository|not inside a git work tree/.test(w)) };
    },
  };
}

/** Node's checkpoint: let pending callbacks (an abort) run before the next synchronous step. */
export const nodeYield: YieldNow = () => new Promise(resolve => setImmediate(resolve));

/** How a remote source (Prometheus) may be read in this load. */
export interface SourceOptions {
  /** The dataset the host already fetched for this load: the worker builds its table from it. */
  readonly dataset?: Dataset;
  /** False in an untrusted workspace: a remote source is never contacted (default: true). */
  readonly contact?: boolean;
  /**
   * The credentials for the source's URL, in memory only (VS Code's SecretStorage by the URL's
   * origin, or CALIBRATE_PROMETHEUS_TOKEN on the command line). Asked only once contact is allowed.
   */
  readonly auth?: (url: string) => Promise<PrometheusAuth | undefined> | PrometheusAuth | undefined;
  /** The folder's cache of fetched hours, kept across loads by the caller (incremental refresh). */
  readonly cache?: PrometheusCache;
  /** Added to: requests, retries and reply bytes of the fetch. */
  readonly stats?: FetchStats;
  /** Told when the config names a remote source, before any contact (a failed load is still a remote one). */
  readonly onRemote?: () => void;
}

/** The problem of an untrusted workspace whose report reads a remote source (the panel offers to trust it). */
export const UNTRUSTED_SOURCE = 'trustWorkspace';

/**
 * Phase 1 over a folder: the config (through safeFiles), the source, then the pipeline's table.
 * Rejects with a ReportLoadError naming the file to fix, or the signal's AbortError. `configAdvice`
 * ends the message for a missing config: how to name another one.
 */
export async function loadReportTable(
  root: string,
  folderName: string,
  settings: ReportSettings,
  clock: Clock,
  signal?: AbortSignal,
  configAdvice = 'set calibrate.reportConfigPath',
  source: SourceOptions = {},
): Promise<ReportTable> {
  const config = await readConfig(root, folderName, settings, signal, configAdvice);
  try {
    const dataset =
      config.source.type === 'csv'
        ? await csvDataSource(root, config.source.path, settings.maxCsvBytes).read(signal)
        : (source.dataset ?? (await fetchPrometheus(root, config as ReportConfig<PrometheusSourceConfig>, settings.configPath, clock.now(), source, signal)));
    signal?.throwIfAborted();
    return buildTable(tableConfig(config, dataset), dataset, clock, settings.configPath);
  } catch (e) {
    throw loadError(e, settings.configPath);
  }
}

/**
 * The dataset of a folder whose config names a remote source, or undefined for a CSV source (the
 * worker streams it itself). The extension calls this on the host, where the folder's cache lives.
 */
export async function fetchRemoteDataset(
  root: string,
  folderName: string,
  settings: ReportSettings,
  now: number,
  source: SourceOptions,
  signal?: AbortSignal,
): Promise<Dataset | undefined> {
  const config = await readConfig(root, folderName, settings, signal, undefined, true);
  if (!config || config.source.type === 'csv') return undefined;
  source.onRemote?.();
  try {
    return await fetchPrometheus(root, config as ReportConfig<PrometheusSourceConfig>, settings.configPath, now, source, signal);
  } catch (e) {
    throw loadError(e, settings.configPath);
  }
}

/**
 * The report config of a folder, any source type; a ReportLoadError names what to fix. `remoteOnly`
 * (the host, before a load): undefined for a config that cannot be read or parsed, or whose text
 * cannot name a remote source (not parsed on the host's thread then): the worker reads it again and
 * reports its problems, all of them, as it does for a CSV source.
 */
async function readConfig(
  root: string,
  folderName: string,
  settings: ReportSettings,
  signal?: AbortSignal,
  configAdvice?: string,
): Promise<ReportConfig<SourceConfig>>;
async function readConfig(
  root: string,
  folderName: string,
  settings: ReportSettings,
  signal: AbortSignal | undefined,
  configAdvice: string | undefined,
  remoteOnly: true,
): Promise<ReportConfig<SourceConfig> | undefined>;
async function readConfig(
  root: string,
  folderName: string,
  settings: ReportSettings,
  signal?: AbortSignal,
  configAdvice = 'set calibrate.reportConfigPath',
  remoteOnly = false,
): Promise<ReportConfig<SourceConfig> | undefined> {
  let text: string;
  try {
    text = await readReportConfigText(root, settings.configPath, signal);
  } catch (e) {
    if (remoteOnly && !(e instanceof Error && e.name === 'AbortError')) return undefined;
    if (e instanceof WorkspaceFileError && e.refusal === 'missing') {
      throw new ReportLoadError({
        message: `No report config at ${settings.configPath} in ${folderName}. Create one (see the README's "Config format"), or ${configAdvice}.`,
        file: settings.configPath,
      });
    }
    throw loadError(e, settings.configPath);
  }
  if (remoteOnly && !/prometheus/.test(text)) return undefined;
  try {
    return parseReportConfig(text, settings.configPath, { prometheus: true });
  } catch (e) {
    if (remoteOnly) return undefined;
    throw loadError(e, settings.configPath);
  }
}

/**
 * The pipeline names the data by source.path (the snapshot's "source", the command line's header):
 * for a remote source that is the dataset's name, its URL. Nothing else in the pipeline reads the source.
 */
function tableConfig(config: ReportConfig<SourceConfig>, dataset: Dataset): ReportConfig {
  return config.source.type === 'csv' ? (config as ReportConfig) : { ...config, source: { type: 'csv', path: dataset.source } };
}

/** Reads a Prometheus source: only when contact is allowed, with the CA file read inside the folder. */
async function fetchPrometheus(
  root: string,
  config: ReportConfig<PrometheusSourceConfig>,
  configPath: string,
  now: number,
  opts: SourceOptions,
  signal?: AbortSignal,
): Promise<Dataset> {
  const src = config.source;
  if (opts.contact === false)
    throw new ReportLoadError({
      message: `This workspace is not trusted, so Calibrate does not contact the data source at ${src.url} that ${configPath} names. Trust this workspace to load the report from it.`,
      file: configPath,
      ...(src.at ? { line: src.at.line } : {}),
      action: UNTRUSTED_SOURCE,
    });
  const auth = await opts.auth?.(src.url);
  const ca = src.caFile
    ? await readWorkspaceText(root, src.caFile, { what: 'the CA file named by source.caFile', maxBytes: MAX_YAML_BYTES, ...abortSignal(signal) })
    : undefined;
  const source = prometheusDataSource({
    config,
    configFile: configPath,
    clock: { now: () => config.asOf ?? now },
    ...(auth ? { auth } : {}),
    ...(opts.cache ? { cache: opts.cache } : {}),
    ...(ca !== undefined ? { ca } : {}),
  });
  try {
    return await source.read(signal);
  } finally {
    if (opts.stats) {
      opts.stats.requests += source.stats.requests;
      opts.stats.retries += source.stats.retries;
      opts.stats.bytes += source.stats.bytes;
    }
  }
}

/** As a ReportLoadError; a cancellation (AbortError) passes through unchanged. */
function loadError(e: unknown, configPath: string): unknown {
  if (e instanceof Error && e.name === 'AbortError') return e;
  if (e instanceof ReportLoadError) return e;
  // A path that is absolute or leads outside cannot be opened: point at the config that names it.
  if (e instanceof WorkspaceFileError && (e.refusal === 'path' || e.refusal === 'outside'))
    return new ReportLoadError({ message: e.message, file: configPath });
  if (e instanceof InputError)
    return new ReportLoadError({ message: e.message, file: e.file, line: e.line, ...(e.column !== undefined ? { column: e.column } : {}) });
  return new ReportLoadError({ message: e instanceof Error ? e.message : String(e), file: configPath });
}
