// `calibrate check`: every input the report reads, read as the extension reads it (safeFiles, the
// core parsers, calendars in a worker) and every problem collected instead of stopping at the first.
// Plain Node, no vscode import. A Prometheus source (ADR 0022) is checked as config (every key,
// with its line) without contacting the server; `probe` (--probe) also fetches it, with the
// credentials of the environment (CALIBRATE_PROMETHEUS_TOKEN, or _USER and _PASSWORD), and checks
// the data as it checks a CSV's.
import { readdir } from 'node:fs/promises';
import { parseReportConfig, type PrometheusSourceConfig, type ReportConfig, type SourceConfig } from '../core/config/reportConfig';
import { parseEventsYaml } from '../core/context/events';
import { clip, LongCsvParser } from '../core/csv';
import { buildHourlyReport } from '../core/report/hourlyReport';
import { InputError, type Dataset } from '../core/types';
import { parseIcsIsolated } from '../context/icsIsolated';
import { MAX_CALENDARS } from '../context/workspaceEvents';
import { MAX_ICS_BYTES, MAX_YAML_BYTES, readWorkspaceText, resolveInWorkspace, streamWorkspaceFile, WorkspaceFileError } from '../workspace/safeFiles';
import { outlineConfig, type ConfigOutline } from './configOutline';
import { logProblems, readLogs } from './investigation';
import { fromInputError, fromInputProblem, icsSeverity, type Problem, type Severity } from './problems';
import { prometheusDataSource, type PrometheusAuth } from '../sources/prometheus';

export interface CheckOptions {
  /** The workspace folder (absolute). */
  readonly root: string;
  /** The report config, relative to root. */
  readonly configPath: string;
  readonly maxCsvBytes: number;
  /** The report clock when the config has no asOf (ms). */
  readonly now: number;
  /** Fetch a remote source's data to check it too (--probe); by default its server is not contacted. */
  readonly probe?: boolean;
  /** The credentials a probe sends (from the environment). */
  readonly auth?: PrometheusAuth;
}

export interface CheckResult {
  readonly problems: Problem[];
  /** Workspace-relative paths read, in order (an optional file that is absent is not listed). */
  readonly files: string[];
}

const EVENTS = '.calibrate/events.yaml';
const WEEK = 7 * 24 * 3600_000;

export async function check(opts: CheckOptions): Promise<CheckResult> {
  const { root, configPath } = opts;
  const problems: Problem[] = [];
  const files: string[] = [];
  /** An InputError is the input's problem; anything else is a bug and ends the check. */
  const note = (e: unknown, severity: Severity = 'error'): void => {
    if (!(e instanceof InputError)) throw e;
    problems.push(fromInputError(e, severity));
  };
  const read = async (rel: string, what: string, maxBytes: number, optional = false): Promise<string | undefined> => {
    try {
      const text = await readWorkspaceText(root, rel, { what, maxBytes });
      files.push(rel);
      return text;
    } catch (e) {
      if (optional && e instanceof WorkspaceFileError && e.refusal === 'missing') return undefined;
      files.push(rel);
      note(e);
      return undefined;
    }
  };

  // The report config, then what can be read of it even when it is refused.
  const configText = await read(configPath, 'the report config (option --config)', MAX_YAML_BYTES);
  let config: ReportConfig<SourceConfig> | undefined;
  let outline: ConfigOutline | undefined;
  if (configText !== undefined) {
    const read = outlineConfig(configText, configPath);
    if ('yamlErrors' in read) read.yamlErrors.forEach(e => note(e));
    else {
      outline = read;
      try {
        config = parseReportConfig(configText, configPath, { prometheus: true });
        // Keys that do nothing (a typo such as `tresholds:`): the config is used, so warnings.
        problems.push(...(config.warnings ?? []).map(fromInputProblem));
      } catch (e) {
        note(e);
      }
    }
  }
  // A refused config's source path is still checked, unless the config was refused for that path.
  const fallback = outline?.sourcePath;
  const remote = config?.source.type === 'prometheus' ? (config as ReportConfig<PrometheusSourceConfig>) : undefined;
  const sourcePath = remote
    ? undefined
    : config?.source.type === 'csv'
      ? config.source.path
      : fallback && !/^([\\/]|[A-Za-z]:)/.test(fallback) && !fallback.split(/[\\/]/).includes('..')
        ? fallback
        : undefined;

  let data: Dataset | undefined;
  if (sourcePath !== undefined) {
    files.push(sourcePath);
    data = await readCsv(root, sourcePath, opts.maxCsvBytes).catch((e: unknown) => void note(e));
  }
  if (remote && opts.probe) data = await probe(root, remote, configPath, opts).catch((e: unknown) => void note(e));
  const dataName = remote ? remote.source.url : sourcePath;
  if (data?.rowProblems) problems.push(...rowProblems(data.rowProblems, data.source));
  if (data && outline) {
    // The report shows such a metric's row as "no data" (rows may not have arrived yet): a warning.
    const present = new Set(data.metrics);
    const has = clip(data.metrics.join(', ') || 'no metrics');
    for (const ref of outline.dataRefs) {
      if (present.has(ref.id)) continue;
      const role = ref.role ? `, ${ref.role},` : '';
      problems.push({
        severity: 'warning',
        file: configPath,
        line: ref.line,
        ...(ref.line !== undefined && ref.column !== undefined ? { column: ref.column } : {}),
        text: `metric "${ref.id}"${role} has no rows in ${dataName} yet; its row shows no data. Expected a metric of the data (it has: ${has}).`,
      });
    }
  }
  if (data && config) {
    // The report's other demands on the data (an hourly step, 8 days of complete hours), for the
    // metrics that are there: a missing one is reported above, with its line.
    const present = new Set(data.metrics);
    const metrics = config.metrics.filter(m => (m.ratio ? [m.ratio.numerator, m.ratio.denominator] : [m.id]).every(id => present.has(id)));
    try {
      if (metrics.length) buildHourlyReport({ ...config, source: { type: 'csv', path: data.source }, metrics }, data, opts.now);
    } catch (e) {
      note(
        e instanceof InputError
          ? e
          : new InputError(data.source, undefined, 'data the hourly report can use', String((e as Error).message ?? e).replace(/\.$/, '')),
      );
    }
  }

  // Events and calendars, in the window the report would read them in.
  const zone = config?.timezone ?? 'UTC';
  const clock = config?.asOf ?? opts.now;
  const window = data ? { from: data.start, to: data.end } : { from: clock - 8 * WEEK, to: clock };
  const eventsText = await read(EVENTS, "the team's events file", MAX_YAML_BYTES, true);
  if (eventsText !== undefined) parseEventsYaml(eventsText, EVENTS, zone).errors.forEach(e => note(e));

  const calendars: string[] = [];
  for (const dir of ['.calibrate', '.calibrate/calendars']) calendars.push(...(await icsFiles(root, dir, note)));
  for (const rel of calendars.slice(MAX_CALENDARS)) {
    note(new InputError(rel, undefined, `at most ${MAX_CALENDARS} calendars under .calibrate/`, 'skipped, so its events are not used'));
  }
  for (const rel of calendars.slice(0, MAX_CALENDARS)) {
    const text = await read(rel, 'an iCalendar (.ics) file', MAX_ICS_BYTES);
    if (text === undefined) continue;
    // In a worker with the extension's wall-clock limit (the bundle finds dist/icsWorker.js beside it).
    const r = await parseIcsIsolated(text, rel, { defaultZone: zone, ...window });
    for (const e of r.errors) note(e, icsSeverity(e));
  }

  // Investigation logs: every line the fold skips, at its line (ADR 0015).
  const logs = await readLogs(root);
  files.push(...logs.files);
  problems.push(...logs.problems, ...logs.logs.flatMap(logProblems));
  return { problems, files };
}

/**
 * The CSV rows the report leaves as gaps, each with its line and column, and when the parser listed
 * only the first of them, one more problem (file-wide, so printed first) that says how many there are.
 */
function rowProblems(rows: NonNullable<Dataset['rowProblems']>, file: string): Problem[] {
  const listed = rows.listed.map(fromInputProblem);
  if (rows.count <= listed.length) return listed;
  const severity = listed.some(p => p.severity === 'error') ? 'error' : 'warning';
  const text =
    `${rows.count.toLocaleString('en-US')} problems in its rows, each left as a gap; only the first ${listed.length}, by line, are listed. ` +
    'Expected rows that can all be read: fix the listed ones and check again.';
  return [{ severity, file, line: undefined, text }, ...listed];
}

/** A remote source fetched as the report would (--probe): its failures are InputErrors at the config's line. */
async function probe(root: string, config: ReportConfig<PrometheusSourceConfig>, configPath: string, opts: CheckOptions): Promise<Dataset> {
  const caFile = config.source.caFile;
  const ca = caFile ? await readWorkspaceText(root, caFile, { what: 'the CA file named by source.caFile', maxBytes: MAX_YAML_BYTES }) : undefined;
  return prometheusDataSource({
    config,
    configFile: configPath,
    clock: { now: () => config.asOf ?? opts.now },
    ...(opts.auth ? { auth: opts.auth } : {}),
    ...(ca !== undefined ? { ca } : {}),
  }).read();
}

/** The CSV streamed through the core parser, as the extension does (src/workspace/reportFiles.ts). */
async function readCsv(root: string, path: string, maxBytes: number): Promise<Dataset> {
  const parser = new LongCsvParser(path);
  await streamWorkspaceFile(
    root,
    path,
    { what: 'the CSV file named by source.path in the report config', maxBytes, sizeAdvice: ' (option --max-csv-mb)' },
    text => parser.push(text),
  );
  return parser.end();
}

/**
 * The .ics files directly in a folder, sorted, as src/context/workspaceEvents.ts lists them: none if
 * it is absent or not a folder; a folder that links outside the workspace is an error.
 */
async function icsFiles(root: string, relDir: string, note: (e: unknown) => void): Promise<string[]> {
  try {
    const dir = await resolveInWorkspace(root, relDir, 'a folder of calendars');
    return (await readdir(dir))
      .filter(f => f.toLowerCase().endsWith('.ics'))
      .sort()
      .map(f => `${relDir}/${f}`);
  } catch (e) {
    if (e instanceof WorkspaceFileError && e.refusal !== 'missing') note(e);
    return [];
  }
}
