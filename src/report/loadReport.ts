// Adapter: reads the team's report config and its CSV source from the workspace and runs the pure
// core over them. File errors come back as LoadProblems that name the file and line.
// Files are read only inside the workspace folder, as regular files, size-capped (src/workspace/).
// A load takes an AbortSignal: a newer load (refresh, file change) aborts the older one, which then
// stops at its next checkpoint between the expensive steps and rejects with an AbortError.
import * as vscode from 'vscode';
import { parseReportConfig, type ReportConfig } from '../core/config/reportConfig';
import { InputError, type Dataset } from '../core/types';
import { buildHourlyReport } from '../core/report/hourlyReport';
import { buildWeekCharts } from '../core/report/weekChart';
import { buildForecastBands, type ForecastBands } from '../core/report/forecastBands';
import { contextItems, triageReport } from '../core/report/triage';
import type { LoadProblem, ReportSnapshot } from '../protocol';
import { readCsvSource, readReportConfigText } from '../workspace/reportFiles';
import { WorkspaceFileError } from '../workspace/safeFiles';
import { loadReportContext } from './reportContext';

export interface ReportSettings {
  readonly configPath: string;
  readonly maxCsvBytes: number;
}

export interface LoadedReport {
  readonly config: ReportConfig;
  readonly dataset: Dataset;
  readonly snapshot: ReportSnapshot;
}

let snapshotIds = 0;

export class ReportLoadError extends Error {
  constructor(readonly problem: LoadProblem) { super(problem.message); }
}

/**
 * Phase 1, fast: parse the config and data and build the table and the week chart. The heavier
 * analysis (forecasts, context, explanations) follows in analyzeReport, so the table shows at once.
 */
export async function loadReport(folder: vscode.WorkspaceFolder, settings: ReportSettings, now = Date.now(), signal?: AbortSignal): Promise<LoadedReport> {
  const root = folder.uri.fsPath;
  let text: string;
  try {
    text = await readReportConfigText(root, settings.configPath, signal);
  } catch (e) {
    if (e instanceof WorkspaceFileError && e.refusal === 'missing') {
      throw new ReportLoadError({ message: `No report config at ${settings.configPath} in ${folder.name}. Create one (see the README's "Config format"), or set calibrate.reportConfigPath.`, file: settings.configPath });
    }
    throw loadError(e, settings.configPath);
  }
  try {
    const config = parseReportConfig(text, settings.configPath);
    const dataset = await readCsvSource(root, config.source.path, settings.maxCsvBytes, signal);
    signal?.throwIfAborted();
    const report = buildHourlyReport(config, dataset, now);
    const charts = buildWeekCharts(config, dataset, report);
    return { config, dataset, snapshot: { ...report, id: ++snapshotIds, analysis: 'pending', source: config.source.path, charts, context: [], anomalies: [] } };
  } catch (e) {
    throw loadError(e, settings.configPath);
  }
}

/** As a LoadProblem; a cancellation (AbortError) passes through unchanged. */
function loadError(e: unknown, configPath: string): unknown {
  if (e instanceof Error && e.name === 'AbortError') return e;
  // A path that is absolute or leads outside cannot be opened: point at the config that names it.
  if (e instanceof WorkspaceFileError && (e.refusal === 'path' || e.refusal === 'outside')) return new ReportLoadError({ message: e.message, file: configPath });
  if (e instanceof InputError) return new ReportLoadError({ message: e.message, file: e.file, line: e.line });
  return new ReportLoadError({ message: e instanceof Error ? e.message : String(e), file: configPath });
}

/**
 * Let pending messages run (a refresh that aborts this load), then stop if this load was aborted.
 * The core steps are synchronous: without yielding, an abort could not arrive until they all ended.
 */
async function checkpoint(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return;
  await new Promise(resolve => setImmediate(resolve));
  signal.throwIfAborted();
}

/**
 * Phase 2: forecast bands, the week's context and the anomalies' explanations. Never throws, except
 * the signal's AbortError when a newer load superseded this one.
 */
export async function analyzeReport(folder: vscode.WorkspaceFolder, base: LoadedReport, signal?: AbortSignal): Promise<ReportSnapshot> {
  const { config, dataset, snapshot } = base;
  const done = (extra: Partial<ReportSnapshot>): ReportSnapshot => ({ ...snapshot, ...extra, id: ++snapshotIds, analysis: 'done' });
  try {
    const metrics = Object.keys(snapshot.charts);
    const x = metrics.length ? snapshot.charts[metrics[0]].x : [];
    // One metric at a time (the core's own loop), so a cancellation lands between metrics' forecasts.
    // No prototype, as the core's own byMetric: a metric may be called "__proto__".
    const bands: ForecastBands = { byMetric: Object.create(null), problems: [] };
    for (const m of config.metrics) {
      await checkpoint(signal);
      const one = buildForecastBands({ ...config, metrics: [m] }, dataset, x, snapshot.hours.length);
      if (one.byMetric[m.id]) bands.byMetric[m.id] = one.byMetric[m.id];
      bands.problems.push(...one.problems);
    }
    const charts = Object.fromEntries(metrics.map(m => [m, { ...snapshot.charts[m], forecast: bands.byMetric[m] }]));
    await checkpoint(signal);
    const ctx = await loadReportContext(folder, config, dataset, signal);
    await checkpoint(signal);
    const weekEnd = snapshot.hours[snapshot.hours.length - 1].at + dataset.step;
    const context = contextItems(ctx.explainer?.context ?? emptyContext(config.timezone), ctx.explainer, config.metrics[0].id)
      .filter(i => i.end >= (x[0] ?? weekEnd) && i.start < weekEnd);
    const anomalies = triageReport(config, dataset, bands.byMetric, snapshot.hours[0].at, snapshot.hours.length, ctx.explainer);
    return done({ charts, context, anomalies, warnings: [...snapshot.warnings, ...bands.problems, ...ctx.warnings] });
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    return done({ warnings: [...snapshot.warnings, `Forecasts and explanations are unavailable: ${e instanceof Error ? e.message : String(e)}`] });
  }
}

function emptyContext(reportZone: string) {
  return { from: 0, to: 0, reportZone, holidays: {}, events: [], deploys: [], dst: [], unknownCountries: [] };
}
