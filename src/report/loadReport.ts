// Adapter: reads the team's report config and its CSV source from the workspace and runs the pure
// core over them. File errors come back as LoadProblems that name the file and line.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { parseReportConfig, type ReportConfig } from '../core/config/reportConfig';
import { LongCsvParser } from '../core/csv';
import { InputError, type Dataset } from '../core/types';
import { buildHourlyReport } from '../core/report/hourlyReport';
import { buildWeekCharts } from '../core/report/weekChart';
import { buildForecastBands } from '../core/report/forecastBands';
import { contextItems, triageReport } from '../core/report/triage';
import type { LoadProblem, ReportSnapshot } from '../protocol';
import { loadReportContext } from './reportContext';

export interface ReportSettings {
  readonly configPath: string;
  readonly maxCsvBytes: number;
}

export function readSettings(folder: vscode.WorkspaceFolder): ReportSettings {
  const c = vscode.workspace.getConfiguration('calibrate', folder.uri);
  return {
    configPath: c.get<string>('reportConfigPath', '.calibrate/report.yaml'),
    maxCsvBytes: Math.max(1, c.get<number>('maxCsvSizeMB', 200)) * 1024 * 1024,
  };
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
export async function loadReport(folder: vscode.WorkspaceFolder, settings: ReportSettings, now = Date.now()): Promise<LoadedReport> {
  const configUri = vscode.Uri.joinPath(folder.uri, settings.configPath);
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(configUri));
  } catch {
    throw new ReportLoadError({ message: `No report config at ${settings.configPath} in ${folder.name}. Create one (see the README's "Config format"), or set calibrate.reportConfigPath.`, file: settings.configPath });
  }
  try {
    const config = parseReportConfig(text, settings.configPath);
    const dataset = await readCsv(vscode.Uri.joinPath(folder.uri, config.source.path), config.source.path, settings.maxCsvBytes);
    const report = buildHourlyReport(config, dataset, now);
    const charts = buildWeekCharts(config, dataset, report);
    return { config, dataset, snapshot: { ...report, id: ++snapshotIds, analysis: 'pending', source: config.source.path, charts, context: [], anomalies: [] } };
  } catch (e) {
    if (e instanceof InputError) throw new ReportLoadError({ message: e.message, file: e.file, line: e.line });
    throw new ReportLoadError({ message: e instanceof Error ? e.message : String(e), file: settings.configPath });
  }
}

/** Phase 2: forecast bands, the week's context and the anomalies' explanations. Never throws. */
export async function analyzeReport(folder: vscode.WorkspaceFolder, base: LoadedReport): Promise<ReportSnapshot> {
  const { config, dataset, snapshot } = base;
  const done = (extra: Partial<ReportSnapshot>): ReportSnapshot => ({ ...snapshot, ...extra, id: ++snapshotIds, analysis: 'done' });
  try {
    const metrics = Object.keys(snapshot.charts);
    const x = metrics.length ? snapshot.charts[metrics[0]].x : [];
    const bands = buildForecastBands(config, dataset, x, snapshot.hours.length);
    const charts = Object.fromEntries(metrics.map(m => [m, { ...snapshot.charts[m], forecast: bands.byMetric[m] }]));
    const ctx = await loadReportContext(folder, config, dataset);
    const weekEnd = snapshot.hours[snapshot.hours.length - 1].at + dataset.step;
    const context = contextItems(ctx.explainer?.context ?? emptyContext(config.timezone), ctx.explainer, config.metrics[0].id)
      .filter(i => i.end >= (x[0] ?? weekEnd) && i.start < weekEnd);
    const anomalies = triageReport(config, dataset, bands.byMetric, snapshot.hours[0].at, snapshot.hours.length, ctx.explainer);
    return done({ charts, context, anomalies, warnings: [...snapshot.warnings, ...bands.problems, ...ctx.warnings] });
  } catch (e) {
    return done({ warnings: [...snapshot.warnings, `Forecasts and explanations are unavailable: ${e instanceof Error ? e.message : String(e)}`] });
  }
}

function emptyContext(reportZone: string) {
  return { from: 0, to: 0, reportZone, holidays: {}, events: [], deploys: [], dst: [], unknownCountries: [] };
}

/** Stream the CSV through the core parser, so a huge file is refused early rather than read whole. */
async function readCsv(uri: vscode.Uri, relPath: string, maxBytes: number): Promise<Dataset> {
  let size: number;
  try {
    size = (await vscode.workspace.fs.stat(uri)).size;
  } catch {
    throw new InputError(relPath, undefined, 'the CSV file named by source.path in the report config', 'file not found');
  }
  if (size > maxBytes) {
    throw new InputError(relPath, undefined, `a file of at most ${Math.round(maxBytes / 1048576)} MB (setting calibrate.maxCsvSizeMB), or an aggregated source such as Prometheus`, `file is ${(size / 1048576).toFixed(0)} MB`);
  }
  const parser = new LongCsvParser(relPath, { maxBytes });
  const stream = fs.createReadStream(uri.fsPath, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const chunk of stream) parser.push(chunk as string);
  return parser.end();
}
