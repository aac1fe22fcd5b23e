// Worker entry (dist/analysisWorker.js): one report load off the extension host's thread, over the
// same Node ports the command line uses (reportContext.ts). Phase 1 reads the config and the CSV
// through safeFiles and builds the table; phase 2 follows at once (forecasts, the context: holidays
// from dist/holidays.js beside this bundle, events and calendars, git deploys only when trusted;
// explanations). The protocol is in analysisProtocol.ts. The worker stays warm between loads (the
// holiday calendar is loaded once per worker); a cancelled load terminates it.
import { parentPort } from 'node:worker_threads';
import { analyze, presentReport } from '../core/pipeline';
import type { FromAnalysisWorker, ToAnalysisWorker } from './analysisProtocol';
import { loadReportTable, ReportLoadError, workspaceContextSources } from './reportContext';

const port = parentPort;
if (!port) throw new Error('analysisWorker.ts runs as a worker thread (see analysisHost.ts)');

const post = (m: FromAnalysisWorker): void => port.postMessage(m);
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

async function load(m: ToAnalysisWorker): Promise<void> {
  const { job } = m;
  let table;
  try {
    table = await loadReportTable(m.root, m.folderName, m.settings, { now: () => m.now });
  } catch (e) {
    post(e instanceof ReportLoadError ? { type: 'loadError', job, problem: e.problem } : { type: 'failed', job, message: message(e) });
    return;
  }
  const { asOf, settleMinutes, timezone } = table.config;
  post({ type: 'table', job, config: { ...(asOf !== undefined ? { asOf } : {}), settleMinutes, timezone }, report: presentReport(table) });
  // No signal: nothing here waits for a cancellation, the host terminates the worker instead, so
  // the steps need no checkpoints (and no yielding between them).
  const context = workspaceContextSources(m.root, {
    zone: table.config.timezone, git: m.trusted, noGitWarning: 'Deploys from git are read only in a trusted workspace.',
  });
  const analysis = await analyze(table, { context });
  post({ type: 'analysis', job, report: presentReport(table, analysis) });
}

port.on('message', (m: ToAnalysisWorker) => {
  if (m?.type !== 'load') return;
  load(m).catch((e: unknown) => post({ type: 'failed', job: m.job, message: message(e) }));
});
