// The Node ports of the report pipeline (src/core/pipeline) over a workspace folder, shared by the
// extension's analysis worker (analysisWorker.ts, started by loadReport.ts) and the command line
// (src/cli/report.ts). No vscode import: the host passes what only VS Code knows (the folder's name,
// whether the workspace is trusted), as plain data.
//   - the data: the CSV the config names, streamed through safeFiles (inside the folder, size-capped);
//   - the context: the holiday calendar (loaded lazily, once per process or worker), the team's events
//     (.calibrate/events.yaml, .ics calendars, in a worker), and deploys from git, only when allowed.
import { parseReportConfig } from '../core/config/reportConfig';
import { HolidayCalendar } from '../core/context';
import { buildTable, type CancelSignal, type Clock, type ContextSources, type DataSource, type ReportTable, type YieldNow } from '../core/pipeline';
import { InputError } from '../core/types';
import type { LoadProblem } from '../messaging/protocol';
import { loadWorkspaceEvents } from '../context/workspaceEvents';
import { readGitDeploys } from '../context/gitDeploys';
import { readCsvSource, readReportConfigText } from '../workspace/reportFiles';
import { WorkspaceFileError } from '../workspace/safeFiles';

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

/**
 * Phase 1 over a folder: the config (through safeFiles), the CSV source, then the pipeline's table.
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
): Promise<ReportTable> {
  let text: string;
  try {
    text = await readReportConfigText(root, settings.configPath, signal);
  } catch (e) {
    if (e instanceof WorkspaceFileError && e.refusal === 'missing') {
      throw new ReportLoadError({
        message: `No report config at ${settings.configPath} in ${folderName}. Create one (see the README's "Config format"), or ${configAdvice}.`,
        file: settings.configPath,
      });
    }
    throw loadError(e, settings.configPath);
  }
  try {
    const config = parseReportConfig(text, settings.configPath);
    const dataset = await csvDataSource(root, config.source.path, settings.maxCsvBytes).read(signal);
    signal?.throwIfAborted();
    return buildTable(config, dataset, clock, settings.configPath);
  } catch (e) {
    throw loadError(e, settings.configPath);
  }
}

/** As a ReportLoadError; a cancellation (AbortError) passes through unchanged. */
function loadError(e: unknown, configPath: string): unknown {
  if (e instanceof Error && e.name === 'AbortError') return e;
  // A path that is absolute or leads outside cannot be opened: point at the config that names it.
  if (e instanceof WorkspaceFileError && (e.refusal === 'path' || e.refusal === 'outside'))
    return new ReportLoadError({ message: e.message, file: configPath });
  if (e instanceof InputError)
    return new ReportLoadError({ message: e.message, file: e.file, line: e.line, ...(e.column !== undefined ? { column: e.column } : {}) });
  return new ReportLoadError({ message: e instanceof Error ? e.message : String(e), file: configPath });
}
