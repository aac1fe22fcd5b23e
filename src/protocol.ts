// The one message protocol between the extension host and the report webview. Both sides import
// this file (it has no `vscode` import and no DOM use) and validate every message at runtime,
// because a webview is a separate, less trusted context. See docs/adr/0005-build-and-protocol.md.
import type { HourlyReport } from './core/report/hourlyReport';
import type { MetricForecast } from './core/report/forecastBands';
import type { ContextItem, TriagedAnomaly } from './core/report/triage';

export const PROTOCOL_VERSION = 1;

/** Week-over-week chart data for one metric: the last 7 days, and the same wall-clock hours a week earlier. */
export interface WeekChart {
  readonly x: readonly number[]; // UTC ms of each hour this week
  readonly thisWeek: readonly (number | null)[];
  readonly lastWeek: readonly (number | null)[];
  /** Day-ahead forecast and bands aligned with x, and the report hours' scores against the 95% band. */
  readonly forecast?: MetricForecast;
}

export interface ReportSnapshot extends HourlyReport {
  readonly id: number; // increases with every snapshot the host builds
  /** 'pending': the table and chart only; forecasts, context and explanations follow in a newer snapshot. */
  readonly analysis: 'pending' | 'done';
  readonly source: string;
  readonly charts: Readonly<Record<string, WeekChart>>;
  /** Holidays, events, deploys and DST changes in the chart's week. */
  readonly context: readonly ContextItem[];
  /** Anomalies in the report window, most severe first, with likely explanations. */
  readonly anomalies: readonly TriagedAnomaly[];
}

export interface LoadProblem {
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
}

// ---- webview -> host -------------------------------------------------------------------------
export type FromWebview =
  | { readonly type: 'ready'; readonly protocol: number }
  | { readonly type: 'refresh' }
  | { readonly type: 'openFile'; readonly file: string; readonly line?: number }
  /** What the webview actually drew, so tests in the extension host can compare it with the core. */
  | {
    readonly type: 'rendered'; readonly snapshotId: number; readonly analysis: 'pending' | 'done'; readonly metric: string; readonly hourColumns: number; readonly chartPoints: number;
    readonly table: readonly { readonly metric: string; readonly values: readonly (number | null)[] }[];
    /** Kinds of the context items listed, and each anomaly's metric with its top explanation's kind. */
    readonly contextKinds: readonly string[];
    readonly anomalies: readonly { readonly metric: string; readonly topKind: string; readonly where: string }[];
  }
  /** The webview is showing a load problem to the user (tests assert on the text shown). */
  | { readonly type: 'problemShown'; readonly message: string }
  | { readonly type: 'webviewError'; readonly message: string };

// ---- host -> webview -------------------------------------------------------------------------
export type ToWebview =
  | { readonly type: 'snapshot'; readonly snapshot: ReportSnapshot }
  | { readonly type: 'loadError'; readonly problem: LoadProblem }
  | { readonly type: 'loading' };

/** Every message travels in an envelope; a reply names the request it answers. */
export interface Envelope<B> {
  readonly id: number;
  readonly inReplyTo?: number;
  readonly body: B;
}

type Check<T> = (v: unknown) => v is T;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max = 10_000): v is string => typeof v === 'string' && v.length <= max;
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNumOrNull = (v: unknown): v is number | null => v === null || isNum(v);
const arrOf = <T>(v: unknown, f: Check<T>, max = 100_000): v is T[] => Array.isArray(v) && v.length <= max && v.every(f);

function envelope<B>(v: unknown, body: (b: unknown) => string | undefined): Envelope<B> {
  if (!isObj(v) || !isInt(v.id) || (v.inReplyTo !== undefined && !isInt(v.inReplyTo))) throw new ProtocolError('message is not an envelope { id, inReplyTo?, body }');
  const problem = body(v.body);
  if (problem) throw new ProtocolError(problem);
  return v as unknown as Envelope<B>;
}

export class ProtocolError extends Error {
  constructor(message: string) { super(`Invalid message: ${message}`); this.name = 'ProtocolError'; }
}

/** Validate a message from the webview (host side). Throws ProtocolError. */
export function parseFromWebview(v: unknown): Envelope<FromWebview> {
  return envelope<FromWebview>(v, b => {
    if (!isObj(b) || !isStr(b.type, 40)) return 'body has no type';
    switch (b.type) {
      case 'ready': return isInt(b.protocol) ? undefined : 'ready needs a protocol version';
      case 'refresh': return undefined;
      case 'openFile': return isStr(b.file, 1000) && (b.line === undefined || isInt(b.line)) ? undefined : 'openFile needs a file';
      case 'webviewError':
      case 'problemShown': return isStr(b.message) ? undefined : `${b.type} needs a message`;
      case 'rendered':
        return isInt(b.snapshotId) && (b.analysis === 'pending' || b.analysis === 'done') && isStr(b.metric, 200) && isInt(b.hourColumns) && isInt(b.chartPoints) &&
          arrOf(b.table, (r): r is unknown => isObj(r) && isStr(r.metric, 200) && arrOf(r.values, isNumOrNull, 1000), 1000) &&
          arrOf(b.contextKinds, (k): k is string => isStr(k, 40), 2000) &&
          arrOf(b.anomalies, (a): a is unknown => isObj(a) && isStr(a.metric, 200) && isStr(a.topKind, 40) && isStr(a.where, 500), 100)
          ? undefined : 'rendered has a malformed table';
      default: return `unknown message type "${b.type}"`;
    }
  });
}

/** Validate a message from the host (webview side). Throws ProtocolError. */
export function parseToWebview(v: unknown): Envelope<ToWebview> {
  return envelope<ToWebview>(v, b => {
    if (!isObj(b) || !isStr(b.type, 40)) return 'body has no type';
    switch (b.type) {
      case 'loading': return undefined;
      case 'loadError': return isObj(b.problem) && isStr(b.problem.message) ? undefined : 'loadError needs a problem message';
      case 'snapshot': return snapshotProblem(b.snapshot);
      default: return `unknown message type "${b.type}"`;
    }
  });
}

function snapshotProblem(s: unknown): string | undefined {
  if (!isObj(s)) return 'snapshot is not an object';
  if (s.analysis !== 'pending' && s.analysis !== 'done') return 'snapshot analysis state is malformed';
  if (!isInt(s.id) || !isStr(s.title, 500) || !isStr(s.timezone, 100) || !isNum(s.asOf) || !isStr(s.source, 1000) ||
    !isObj(s.thresholds) || !isNum(s.thresholds.amber) || !isNum(s.thresholds.red)) return 'snapshot header is malformed';
  const hourOk = (h: unknown) => isObj(h) && isNum(h.at) && isStr(h.label, 10) && isStr(h.date, 20) && isStr(h.local, 40) && typeof h.offsetChanged === 'boolean';
  if (!arrOf(s.hours, hourOk as Check<unknown>, 200)) return 'snapshot hours are malformed';
  const cellOk = (c: unknown) => isObj(c) && isNumOrNull(c.value) && isNumOrNull(c.lastWeek) && isNumOrNull(c.deltaPct) && ['green', 'amber', 'red', 'na', 'gap'].includes(c.status as string);
  const rowOk = (r: unknown) => isObj(r) && isStr(r.metric, 200) && isStr(r.label, 200) && typeof r.derived === 'boolean' && arrOf(r.cells, cellOk as Check<unknown>, 200) && (r.cells as unknown[]).length === (s.hours as unknown[]).length;
  if (!arrOf(s.rows, rowOk as Check<unknown>, 500)) return 'snapshot rows are malformed';
  if (!arrOf(s.warnings, (w): w is string => isStr(w), 50)) return 'snapshot warnings are malformed';
  if (!arrOf(s.dstDays, (d): d is unknown => isObj(d) && isStr(d.date, 20) && isInt(d.hours), 20)) return 'snapshot dstDays are malformed';
  if (s.pending !== undefined && !(isObj(s.pending) && isNum(s.pending.at) && isStr(s.pending.label, 10) && isObj(s.pending.arrivedShare))) return 'snapshot pending hour is malformed';
  const itemOk = (i: unknown) => isObj(i) && ['holiday', 'event', 'deploy', 'dst'].includes(i.kind as string) && isStr(i.title, 500) && isStr(i.detail, 2000) && isNum(i.start) && isNum(i.end);
  if (!arrOf(s.context, itemOk as Check<unknown>, 2000)) return 'snapshot context is malformed';
  const explOk = (x: unknown) => isObj(x) && isStr(x.kind, 40) && isStr(x.title, 500) && isNum(x.confidence) && arrOf(x.evidence, (e): e is string => isStr(e, 2000), 50);
  const anomalyOk = (a: unknown) => isObj(a) && isStr(a.metric, 200) && isStr(a.label, 200) && isNum(a.start) && isNum(a.end) && (a.direction === 'up' || a.direction === 'down') &&
    isNum(a.severity) && isNum(a.vsForecastPct) && arrOf(a.explanations, explOk as Check<unknown>, 10) &&
    arrOf(a.where, (w): w is unknown => isObj(w) && isObj(w.dims) && Object.values(w.dims).every(v => isStr(v, 200)) && isNumOrNull(w.relativeChange) && isNum(w.share), 20);
  if (!arrOf(s.anomalies, anomalyOk as Check<unknown>, 100)) return 'snapshot anomalies are malformed';
  if (!isObj(s.charts)) return 'snapshot charts are malformed';
  for (const c of Object.values(s.charts)) {
    if (!isObj(c) || !arrOf(c.x, isNum, 5000) || !arrOf(c.thisWeek, isNumOrNull, 5000) || !arrOf(c.lastWeek, isNumOrNull, 5000) ||
      (c.thisWeek as unknown[]).length !== (c.x as unknown[]).length || (c.lastWeek as unknown[]).length !== (c.x as unknown[]).length) return 'snapshot chart series are malformed';
    if (c.forecast !== undefined) {
      const f = c.forecast;
      const n = (c.x as unknown[]).length;
      const aligned = (v: unknown) => arrOf(v, isNumOrNull, 5000) && (v as unknown[]).length === n;
      if (!isObj(f) || !aligned(f.mean) || !aligned(f.lower80) || !aligned(f.upper80) || !aligned(f.lower95) || !aligned(f.upper95) ||
        !arrOf(f.scores, isNumOrNull, 200) || (f.scores as unknown[]).length !== (s.hours as unknown[]).length) return 'snapshot forecast is malformed';
    }
  }
  return undefined;
}

/** The versioned UI state the webview persists with setState: UI only, never data. */
export interface WebviewUiState {
  readonly v: 1;
  readonly metric?: string;
}

export function migrateUiState(raw: unknown): WebviewUiState {
  if (isObj(raw) && raw.v === 1) return { v: 1, metric: isStr(raw.metric, 200) ? raw.metric : undefined };
  return { v: 1 };
}
