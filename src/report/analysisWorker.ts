// Worker entry (dist/analysisWorker.js): one report load off the extension host's thread, over the
// same Node ports the command line uses (reportContext.ts). Phase 1 reads the config and the CSV
// through safeFiles and builds the table; phase 2 follows at once (forecasts, the context: holidays
// from dist/holidays.js beside this bundle, events and calendars, git deploys only when trusted;
// explanations). The protocol is in analysisProtocol.ts. The worker stays warm between loads (the
// holiday calendar is loaded once per worker); a cancelled load terminates it.
import { parentPort, workerData } from 'node:worker_threads';
import { analyze, presentReport, type ReportTable } from '../core/pipeline';
import { MAX_LISTED_PROBLEMS, type InputProblem } from '../core/types';
import { check } from '../cli/check';
import type { LoadProblem } from '../messaging/protocol';
import { sliceChart } from '../core/report/sliceChart';
import type { AnalysisWorkerData, FromAnalysisWorker, LoadJob, SliceJob, ToAnalysisWorker } from './analysisProtocol';
import { loadReportTable, ReportLoadError, workspaceContextSources } from './reportContext';
import { idleScheduling, lowerThreadPriority } from './workerPriority';

const port = parentPort;
if (!port) throw new Error('analysisWorker.ts runs as a worker thread (see analysisHost.ts)');
// Below the host's event loop (Linux): a busy worker made the host's main thread wait for a CPU
// for up to 100 ms while a report opened. See workerPriority.ts.
lowerThreadPriority();
// And, when the host asks, in the idle class: the host's thread then never waits behind this one
// (ADR 0026). The host watches for starvation by other programs with the thread id.
const idleTid = (workerData as AnalysisWorkerData | undefined)?.idle ? idleScheduling() : undefined;
port.postMessage({ type: 'scheduling', ...(idleTid !== undefined ? { idleTid } : {}) } satisfies FromAnalysisWorker);

const post = (m: FromAnalysisWorker): void => port.postMessage(m);
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The table of this worker's last load, for slice charts of the report it built. */
let last: { readonly key: string; readonly table: ReportTable } | undefined;
/** A table is named by its folder, settings and report clock (the config's asOf, or the load's now). */
const keyOf = (m: LoadJob, asOf: number): string => JSON.stringify([m.root, m.settings.configPath, m.settings.maxCsvBytes, asOf]);

/** The table for `m`: the last load's when it was built from the same folder and settings for the same report clock. */
async function tableFor(m: LoadJob, reuse: boolean): Promise<ReportTable | undefined> {
  if (reuse && last?.key === keyOf(m, m.now)) return last.table;
  try {
    // A remote source's data comes with the job (the host fetched it); the worker never contacts a server.
    const table = await loadReportTable(m.root, m.folderName, m.settings, { now: () => m.now }, undefined, undefined, {
      contact: false,
      ...(m.dataset ? { dataset: m.dataset } : {}),
    });
    last = { key: keyOf(m, table.window.asOf), table };
    return table;
  } catch (e) {
    post(
      e instanceof ReportLoadError
        ? { type: 'loadError', job: m.job, problem: await withAllProblems(m, e.problem) }
        : { type: 'failed', job: m.job, message: message(e) },
    );
    return undefined;
  }
}

/**
 * The load stopped at its first problem: check every input the way `calibrate check` does, so the
 * Problems panel lists them all and the reader fixes them in one go. Only on failure, so a good load
 * reads nothing twice; a check that fails itself leaves the one problem.
 */
async function withAllProblems(m: LoadJob, problem: LoadProblem): Promise<LoadProblem> {
  try {
    const { problems } = await check({ root: m.root, configPath: m.settings.configPath, maxCsvBytes: m.settings.maxCsvBytes, now: m.now });
    const listed: readonly InputProblem[] = problems.slice(0, MAX_LISTED_PROBLEMS); // a check problem is an InputProblem
    return listed.length ? { ...problem, problems: { count: problems.length, listed } } : problem;
  } catch {
    return problem;
  }
}

async function slice(m: SliceJob): Promise<void> {
  const table = await tableFor(m, true);
  if (!table) return;
  try {
    post({ type: 'slice', job: m.job, chart: sliceChart(table.config, table.dataset, table.window, m.metric, m.dims) });
  } catch (e) {
    // An unknown metric, dimension or value: the message says which.
    post({ type: 'failed', job: m.job, message: message(e) });
  }
}

async function load(m: LoadJob): Promise<void> {
  const { job } = m;
  last = undefined; // a new load: the files may have changed
  const table = await tableFor(m, false);
  if (!table) return;
  const { asOf, settleMinutes, timezone } = table.config;
  post({ type: 'table', job, config: { ...(asOf !== undefined ? { asOf } : {}), settleMinutes, timezone }, report: presentReport(table) });
  // No signal: nothing here waits for a cancellation, the host terminates the worker instead, so
  // the steps need no checkpoints (and no yielding between them).
  const context = workspaceContextSources(m.root, {
    zone: table.config.timezone,
    git: m.trusted,
    noGitWarning: 'Deploys from git are read only in a trusted workspace.',
  });
  const analysis = await analyze(table, { context });
  post({ type: 'analysis', job, report: presentReport(table, analysis) });
}

port.on('message', (m: ToAnalysisWorker) => {
  const run = m?.type === 'load' ? load(m) : m?.type === 'slice' ? slice(m) : undefined;
  run?.catch((e: unknown) => post({ type: 'failed', job: m.job, message: message(e) }));
});
