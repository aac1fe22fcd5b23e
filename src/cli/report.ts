// `calibrate report`: the extension's report pipeline (src/core/pipeline) over the same Node ports
// the host uses (src/report/reportContext.ts: safeFiles, events and calendars, git). Plain Node.
import { analyze, type ReportAnalysis, type ReportTable } from '../core/pipeline';
import { loadReportTable, nodeYield, workspaceContextSources } from '../report/reportContext';
import type { PrometheusAuth } from '../sources/prometheus';

export interface ReportOptions {
  /** The workspace folder (absolute). */
  readonly root: string;
  /** The folder as the user named it, for messages (no absolute path is printed). */
  readonly folderName: string;
  /** The report config, relative to root. */
  readonly configPath: string;
  readonly maxCsvBytes: number;
  /** The report clock when the config has no asOf (ms). */
  readonly now: number;
  /** Read deploys from git (the command line's default; --no-git turns it off). */
  readonly git: boolean;
  /** A Prometheus source's credentials (envCredentials), in memory only. */
  readonly auth?: PrometheusAuth;
}

/**
 * A remote source's credentials on the command line (a CI job's secret variables): a bearer token
 * in CALIBRATE_PROMETHEUS_TOKEN, or basic auth in CALIBRATE_PROMETHEUS_USER and _PASSWORD. Never printed.
 */
export function envCredentials(env: NodeJS.ProcessEnv = process.env): PrometheusAuth | undefined {
  const token = env.CALIBRATE_PROMETHEUS_TOKEN?.trim();
  if (token) return { bearer: token };
  const user = env.CALIBRATE_PROMETHEUS_USER;
  if (user) return { basic: { user, password: env.CALIBRATE_PROMETHEUS_PASSWORD ?? '' } };
  return undefined;
}

export interface BuiltReport {
  readonly table: ReportTable;
  readonly analysis: ReportAnalysis;
}

/** Rejects with a ReportLoadError when the report cannot be built. */
export async function buildReport(opts: ReportOptions): Promise<BuiltReport> {
  const settings = { configPath: opts.configPath, maxCsvBytes: opts.maxCsvBytes };
  const auth = opts.auth;
  const table = await loadReportTable(
    opts.root,
    opts.folderName,
    settings,
    { now: () => opts.now },
    undefined,
    'pass --config PATH',
    auth ? { auth: () => auth } : {},
  );
  const context = workspaceContextSources(opts.root, { zone: table.config.timezone, git: opts.git });
  const analysis = await analyze(table, { context, yieldNow: nodeYield });
  return { table, analysis };
}
