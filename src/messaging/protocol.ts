// The report channel's messages between the extension host and the report webview: their types,
// LIMITS and runtime validation. Both sides import this file (no `vscode`, no DOM) and validate every
// message, because a webview is a separate, less trusted context; webview-to-host messages are
// checked strictly (no unknown field). Requests and replies travel through channel.ts; test
// instrumentation has its own channel (diagnostics.ts). See docs/adr/0012-message-layer.md.
import { parseEnvelope, replyProblem, type Envelope, type ErrorReply, type OkReply } from './channel';
import type { HourlyReport } from '../core/report/hourlyReport';
import type { MetricForecast } from '../core/report/forecastBands';
import type { CellStatus } from '../core/report/hourlyReport';
import type { EventKind, HolidayType } from '../core/context/types';
import type { CauseRef, ContextItem, ContextKind, TriagedAnomaly } from '../core/report/triage';
import type { ProblemList } from '../core/types';
import type { IncidentGroup } from '../core/report/incidents';
import type { Verdict } from '../core/investigation/events';
import type { WeeklyCount } from '../core/investigation/summary';

export const PROTOCOL_VERSION = 1;

/**
 * The most a message may carry. The webview refuses anything larger (a less trusted context should
 * not lay out a megabyte title), and the host fits every message to the same numbers before posting
 * it (fitForWebview in fitSnapshot.ts), so the host can never send what the webview refuses.
 * Text is measured in UTF-16 code units (String.length).
 */
export const LIMITS = {
  type: 40, // a message type; a kind of context item or explanation
  label: 200, // metric ids and labels, dimension values
  title: 500, // report, context-item (an event name) and explanation titles
  detail: 2_000, // a context item's detail (a merge subject), one line of evidence
  message: 10_000, // a warning, a load problem, an error
  timezone: 100,
  path: 1_000, // the data source, a file to open
  hourLabel: 10, // "HH:mm"
  date: 20, // "yyyy-MM-dd"
  local: 40, // ISO local time with offset
  where: 500, // the drill-down slices of one anomaly, as the webview reports them
  hours: 200,
  rows: 500,
  warnings: 50,
  /** Problems listed in the inputs (the count may be higher: MAX_LISTED_PROBLEMS in core). */
  problems: 200,
  dstDays: 20,
  context: 2_000,
  anomalies: 100,
  explanations: 10,
  evidence: 50,
  slices: 20,
  /** Dimensions in one explanation's slice. */
  dims: 20,
  /** Named values behind one line of evidence. */
  values: 20,
  /** Countries of one event. */
  countries: 300,
  /** Zones whose clocks change at one instant. */
  zones: 50,
  ref: 300, // a deploy's git ref: a tag or a commit hash
  key: 2_000, // a context item's key (contextKey): its kind and identifying values
  chartPoints: 5_000,
  tableValues: 1_000,
  /** An anomaly's heat-map: its dimensions, and the rows of each (values, and the one folding the rest). */
  heatmapDimensions: 20,
  heatmapValues: 25,
  /** A reveal's window: one week of hours at most (the chart's span). */
  revealMs: 7 * 24 * 3_600_000,
} as const;

/** Cell statuses and context kinds the webview draws; anything else is refused. */
export const CELL_STATUSES: readonly CellStatus[] = ['green', 'amber', 'red', 'na', 'gap'];
export const CONTEXT_KINDS: readonly ContextKind[] = ['holiday', 'event', 'deploy', 'dst'];

// Every holiday type and event kind of the core, as values (this file only imports core's types);
// a Record, so a kind added in core that is missing here fails to compile.
const HOLIDAY_TYPES: Readonly<Record<HolidayType, true>> = { public: true, bank: true, school: true, optional: true, observance: true };
const EVENT_KINDS: Readonly<Record<EventKind, true>> = { sports: true, launch: true, email_send: true, incident: true, maintenance: true, other: true };
export const isHolidayType = (v: unknown): v is HolidayType => typeof v === 'string' && Object.hasOwn(HOLIDAY_TYPES, v);
export const isEventKind = (v: unknown): v is EventKind => typeof v === 'string' && Object.hasOwn(EVENT_KINDS, v);

/** What a context item's or an explanation's kind is called in the panel and the palette triage alike. */
export const KIND_WORDS: Readonly<Record<string, string>> = {
  holiday: 'Holiday',
  event: 'Event',
  deploy: 'Deploy',
  dst: 'DST',
  late_data: 'Late data',
  data_gap: 'Data gap',
  unexplained: 'Unexplained',
};

/** Text cut to `max` code units, ending with "…" when cut; never splits a surrogate pair. */
export function clipText(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max - 1;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--; // half an emoji would render as a replacement character
  return `${s.slice(0, Math.max(0, end))}…`;
}

/**
 * A keyed entry of a snapshot record (charts by metric id, arrived shares), own properties only:
 * a metric named "constructor" or "__proto__" must find its own entry or none, never Object.prototype's.
 */
export function ownEntry<V>(rec: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(rec, key) ? rec[key] : undefined;
}

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
  /** The anomalies grouped by their top cause, most severe first: each anomaly's index in exactly one. */
  readonly incidents: readonly IncidentGroup[];
  /** What is wrong in the report's files that did not stop it (rows left as gaps, metrics with no data, events left out), each at its file and line. */
  readonly problems: ProblemList;
  /**
   * The context items someone marked "expected" (their contextKey), as the host knows them when it
   * posts the snapshot: the marks are not part of the analysis, so a cached report carries them too.
   */
  readonly expectedContext?: readonly string[];
  /**
   * The investigations of the report's anomalies (src/services/investigationService.ts), as the host
   * knows them when it posts the snapshot: who is on each, and its verdict. Not part of the analysis.
   */
  readonly investigations?: readonly InvestigationMark[];
  /** This week's counter of flagged anomalies and their verdicts, from the folder's investigations. */
  readonly weekly?: WeeklyCount;
}

/** An investigation of one anomaly of the report, named by the anomaly's metric and start. */
export interface InvestigationMark {
  readonly metric: string;
  readonly start: number;
  /** The log's name (file without .jsonl): the webview asks to open it by this. */
  readonly name: string;
  readonly title: string;
  readonly closed: boolean;
  readonly verdict?: Verdict;
  /** "ana (lead)", at most a few. */
  readonly participants: readonly string[];
}

/** What a pin names: the host builds the frozen evidence from its own snapshot, never from values the webview sends. */
export type PinTarget =
  /** The chart's current window: the metric's total (dims {}) or one slice. */
  | { readonly kind: 'chart'; readonly metric: string; readonly dims: Readonly<Record<string, string>>; readonly start: number; readonly end: number }
  /** An anomaly's heat-map (its contributions table). */
  | { readonly kind: 'heatmap'; readonly metric: string; readonly start: number }
  /** The explanation at `index` of an anomaly. */
  | { readonly kind: 'explanation'; readonly metric: string; readonly start: number; readonly index: number }
  /** A context item, by its contextKey. */
  | { readonly kind: 'context'; readonly key: string };

export interface LoadProblem {
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  /** 1-based, on `line`. */
  readonly column?: number;
  /**
   * Every problem found in the report's files when it failed (the config's other mistakes, bad
   * rows): for the Problems panel, so the reader fixes them all at once rather than one per load.
   */
  readonly problems?: ProblemList;
  /** A way out the panel offers besides opening the file: 'trustWorkspace' (a remote source in an untrusted workspace). */
  readonly action?: 'trustWorkspace';
}

// ---- webview -> host -------------------------------------------------------------------------
/**
 * Requests (the host answers each): `ready` with the report to draw (a snapshot, a load problem, or
 * `loading` when a load has started and its states follow); `refresh`, `openFile` and the context
 * actions with `ok`, or an error reply saying why not. `webviewError` is a notification.
 * The context actions name only what the host's current snapshot lists, and the host checks that
 * (src/messaging/contextRequests.ts): `openDeploy` a deploy's ref, `openSource` an event's or a
 * problem's file and line, `markContext` a context item by its contextKey. `showProblems` opens VS
 * Code's Problems panel, where the report's problems are diagnostics.
 */
export type FromWebview =
  | { readonly type: 'ready'; readonly protocol: number }
  | { readonly type: 'refresh' }
  /** Open VS Code's workspace trust editor (the problem's 'trustWorkspace' action). */
  | { readonly type: 'trustWorkspace' }
  | { readonly type: 'openFile'; readonly file: string; readonly line?: number; readonly column?: number }
  | { readonly type: 'openDeploy'; readonly ref: string }
  | { readonly type: 'openSource'; readonly file: string; readonly line: number }
  | { readonly type: 'markContext'; readonly key: string; readonly expected: boolean }
  /** Start (or open, if one is open) the investigation of an anomaly of the snapshot, by metric and start. */
  | { readonly type: 'startInvestigation'; readonly metric: string; readonly start: number }
  /** Open an investigation by its log's name (from the snapshot's investigations). */
  | { readonly type: 'openInvestigation'; readonly name: string }
  /** Pin evidence to the investigation being worked on (the host asks which when it is not clear). */
  | { readonly type: 'pinEvidence'; readonly target: PinTarget }
  | { readonly type: 'showProblems' }
  /** Chart one slice of a metric (a heat-map row, an anomaly's "where"): answered with `sliceChart`. */
  | { readonly type: 'sliceChart'; readonly metric: string; readonly dims: Readonly<Record<string, string>> }
  | { readonly type: 'webviewError'; readonly message: string }
  /** Notification: where the reader is now (presence); `acted`: the reader did it (it stops following), not a followed focus applied. */
  | { readonly type: 'focus'; readonly focus: ReportFocus; readonly acted: boolean }
  /** Follow the lead (or pick whom), or stop following: answered ok. */
  | { readonly type: 'follow'; readonly on: boolean };

// ---- host -> webview -------------------------------------------------------------------------
export type ToWebview =
  | { readonly type: 'snapshot'; readonly snapshot: ReportSnapshot }
  /**
   * The report could not be built. `stale`: the last report that could, from older files, drawn
   * beneath the error and marked as out of date.
   */
  | { readonly type: 'loadError'; readonly problem: LoadProblem; readonly stale?: ReportSnapshot }
  | { readonly type: 'loading' }
  /**
   * Bring one anomaly forward (palette triage, Next/Previous Anomaly): open its card, chart its
   * metric zoomed to its window. Named by metric and start, as in the snapshot's anomalies; a reveal
   * for an anomaly the webview has not received yet waits for the snapshot that has it.
   */
  | { readonly type: 'reveal'; readonly metric: string; readonly start: number; readonly end: number }
  /** The answer to `sliceChart`: the slice's week, against its own forecast when it has one. */
  | {
      readonly type: 'sliceChart';
      readonly metric: string;
      readonly dims: Readonly<Record<string, string>>;
      readonly chart: WeekChart;
      readonly forecastProblem?: string;
    }
  /** Who else is here and where (a separate message: presence never redraws the report). */
  | PresenceMessage;

/** What the host answers to `ready`: the report to draw now. */
export type ReadyReply = Extract<ToWebview, { type: 'snapshot' | 'loadError' | 'loading' }>;

const WEEKLY_KEYS = ['flagged', 'real', 'expected', 'dataProblem', 'falseAlarm', 'missed', 'unlabelled'] as const;
/** Every verdict, checked complete by the compiler (the shared layer may import only types from core). */
const VERDICT_NAMES: readonly string[] = Object.keys({ real: true, expected: true, dataProblem: true, falseAlarm: true } satisfies Record<Verdict, true>);
const investigationMarkOk = (m: unknown): boolean =>
  isObj(m) &&
  isStr(m.metric, LIMITS.label) &&
  isNum(m.start) &&
  isStr(m.name, LIMITS.label) &&
  isStr(m.title, LIMITS.title) &&
  typeof m.closed === 'boolean' &&
  (m.verdict === undefined || VERDICT_NAMES.includes(m.verdict as string)) &&
  strsOk(m.participants, LIMITS.label, 10);

type Check<T> = (v: unknown) => v is T;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max: number = LIMITS.message): v is string => typeof v === 'string' && v.length <= max;
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNumOrNull = (v: unknown): v is number | null => v === null || isNum(v);
const arrOf = <T>(v: unknown, f: Check<T>, max: number): v is T[] => Array.isArray(v) && v.length <= max && v.every(f);
/** No field beyond `allowed` (and `type`): the strict half of validating what a less trusted side sends. */
export const onlyKeys = (b: Record<string, unknown>, ...allowed: string[]): boolean => Object.keys(b).every(k => k === 'type' || allowed.includes(k));

export { ProtocolError } from './channel';
export type { Envelope } from './channel';

/** Validate a report-channel message from the webview (host side), strictly. Throws ProtocolError. */
export function parseFromWebview(v: unknown): Envelope<FromWebview | ErrorReply | OkReply> {
  return parseEnvelope(v, 'report', b => {
    if (!isObj(b) || !isStr(b.type, LIMITS.type)) return 'body has no type';
    switch (b.type) {
      case 'ready':
        return isInt(b.protocol) && onlyKeys(b, 'protocol') ? undefined : 'ready needs a protocol version, and nothing else';
      case 'refresh':
        return onlyKeys(b) ? undefined : 'refresh carries nothing';
      case 'showProblems':
        return onlyKeys(b) ? undefined : 'showProblems carries nothing';
      case 'trustWorkspace':
        return onlyKeys(b) ? undefined : 'trustWorkspace carries nothing';
      case 'openFile':
        return isStr(b.file, LIMITS.path) &&
          (b.line === undefined || isInt(b.line)) &&
          (b.column === undefined || isInt(b.column)) &&
          onlyKeys(b, 'file', 'line', 'column')
          ? undefined
          : 'openFile needs a file (and a line and column), and nothing else';
      case 'openDeploy':
        return isStr(b.ref, LIMITS.ref) && b.ref.length > 0 && onlyKeys(b, 'ref') ? undefined : 'openDeploy needs a ref, and nothing else';
      case 'openSource':
        return isStr(b.file, LIMITS.path) && b.file.length > 0 && isInt(b.line) && b.line >= 0 && onlyKeys(b, 'file', 'line')
          ? undefined
          : 'openSource needs a file and a line, and nothing else';
      case 'markContext':
        return isStr(b.key, LIMITS.key) && b.key.length > 0 && typeof b.expected === 'boolean' && onlyKeys(b, 'key', 'expected')
          ? undefined
          : 'markContext needs a key and expected (true or false), and nothing else';
      case 'startInvestigation':
        return isStr(b.metric, LIMITS.label) && isNum(b.start) && onlyKeys(b, 'metric', 'start')
          ? undefined
          : 'startInvestigation needs a metric and a start, and nothing else';
      case 'openInvestigation':
        return isStr(b.name, LIMITS.label) && /^[A-Za-z0-9][\w.-]*$/.test(b.name) && onlyKeys(b, 'name')
          ? undefined
          : 'openInvestigation needs the log name, and nothing else';
      case 'pinEvidence':
        return isObj(b.target) && onlyKeys(b, 'target') ? pinTargetProblem(b.target) : 'pinEvidence needs a target, and nothing else';
      case 'sliceChart':
        return isStr(b.metric, LIMITS.label) && dimsOk(b.dims, LIMITS.dims) && Object.keys(b.dims as object).length > 0 && onlyKeys(b, 'metric', 'dims')
          ? undefined
          : 'sliceChart needs a metric and dimension values, and nothing else';
      case 'webviewError':
        return isStr(b.message) && onlyKeys(b, 'message') ? undefined : 'webviewError needs a message, and nothing else';
      case 'focus':
        return typeof b.acted === 'boolean' && onlyKeys(b, 'focus', 'acted') ? reportFocusProblem(b.focus) : 'focus needs a focus and acted, and nothing else';
      case 'follow':
        return typeof b.on === 'boolean' && onlyKeys(b, 'on') ? undefined : 'follow needs on (true or false), and nothing else';
      default:
        return replyProblem(b);
    }
  });
}

function pinTargetProblem(t: Record<string, unknown>): string | undefined {
  const has = (...keys: string[]) => Object.keys(t).every(k => k === 'kind' || keys.includes(k));
  switch (t.kind) {
    case 'chart':
      return isStr(t.metric, LIMITS.label) &&
        dimsOk(t.dims, LIMITS.dims) &&
        isNum(t.start) &&
        isNum(t.end) &&
        t.end >= t.start &&
        has('metric', 'dims', 'start', 'end')
        ? undefined
        : 'a chart pin needs a metric, dims and a window (start <= end)';
    case 'heatmap':
      return isStr(t.metric, LIMITS.label) && isNum(t.start) && has('metric', 'start') ? undefined : 'a heat-map pin needs the anomaly: a metric and a start';
    case 'explanation':
      return isStr(t.metric, LIMITS.label) && isNum(t.start) && isInt(t.index) && t.index >= 0 && has('metric', 'start', 'index')
        ? undefined
        : 'an explanation pin needs the anomaly (metric, start) and the explanation index';
    case 'context':
      return isStr(t.key, LIMITS.key) && t.key.length > 0 && has('key') ? undefined : 'a context pin needs the item key';
    default:
      return 'a pin is a chart, a heatmap, an explanation or a context item';
  }
}

/** Validate a message from the host (webview side). Throws ProtocolError. */
export function parseToWebview(v: unknown): Envelope<ToWebview | ErrorReply | OkReply> {
  return parseEnvelope(v, 'report', b => (isObj(b) && (b.type === 'ok' || b.type === 'error') ? replyProblem(b) : toWebviewProblem(b)));
}

/** Why the webview would refuse this message body, or undefined if it accepts it. The host checks with it too. */
export function toWebviewProblem(b: unknown): string | undefined {
  if (!isObj(b) || !isStr(b.type, LIMITS.type)) return 'body has no type';
  switch (b.type) {
    case 'loading':
      return undefined;
    case 'loadError':
      return problemProblem(b.problem) ?? (b.stale === undefined ? undefined : snapshotProblem(b.stale));
    case 'snapshot':
      return snapshotProblem(b.snapshot);
    case 'reveal':
      return revealProblem(b);
    case 'presence':
      return presenceMessageProblem(b);
    case 'sliceChart':
      return isStr(b.metric, LIMITS.label) && dimsOk(b.dims, LIMITS.dims) && optStr(b.forecastProblem, LIMITS.message) && !chartProblem(b.chart, LIMITS.hours)
        ? undefined
        : `sliceChart is malformed${isObj(b.chart) ? `: ${chartProblem(b.chart, LIMITS.hours) ?? 'its metric or slice'}` : ''}`;
    default:
      return `unknown message type "${b.type}"`;
  }
}

/** A reveal names a metric as the snapshot does, and a window of finite instants no longer than LIMITS.revealMs. */
function revealProblem(b: Record<string, unknown>): string | undefined {
  return isStr(b.metric, LIMITS.label) && isNum(b.start) && isNum(b.end) && b.end >= b.start && b.end - b.start <= LIMITS.revealMs
    ? undefined
    : 'reveal needs a metric and a window (start <= end, at most a week)';
}

function problemProblem(p: unknown): string | undefined {
  // The webview offers to open `file` at `line`, so they are checked as strictly as openFile's.
  return isObj(p) &&
    isStr(p.message) &&
    (p.file === undefined || isStr(p.file, LIMITS.path)) &&
    (p.line === undefined || isInt(p.line)) &&
    (p.column === undefined || isInt(p.column)) &&
    (p.problems === undefined || problemListOk(p.problems)) &&
    (p.action === undefined || p.action === 'trustWorkspace')
    ? undefined
    : 'loadError needs a problem message';
}

/** Why the webview would refuse this snapshot (which limit it breaks), or undefined if it accepts it. */
export function snapshotProblem(s: unknown): string | undefined {
  if (!isObj(s)) return 'snapshot is not an object';
  if (s.analysis !== 'pending' && s.analysis !== 'done') return 'snapshot analysis state is malformed';
  if (
    !isInt(s.id) ||
    !isStr(s.title, LIMITS.title) ||
    !isStr(s.timezone, LIMITS.timezone) ||
    !isNum(s.asOf) ||
    !isStr(s.source, LIMITS.path) ||
    !isObj(s.thresholds) ||
    !isNum(s.thresholds.amber) ||
    !isNum(s.thresholds.red)
  )
    return 'snapshot header is malformed';
  const hourOk = (h: unknown) =>
    isObj(h) &&
    isNum(h.at) &&
    isStr(h.label, LIMITS.hourLabel) &&
    isStr(h.date, LIMITS.date) &&
    isStr(h.local, LIMITS.local) &&
    typeof h.offsetChanged === 'boolean';
  if (!arrOf(s.hours, hourOk as Check<unknown>, LIMITS.hours)) return 'snapshot hours are malformed';
  const cellOk = (c: unknown) =>
    isObj(c) && isNumOrNull(c.value) && isNumOrNull(c.lastWeek) && isNumOrNull(c.deltaPct) && CELL_STATUSES.includes(c.status as CellStatus);
  const rowOk = (r: unknown) =>
    isObj(r) &&
    isStr(r.metric, LIMITS.label) &&
    isStr(r.label, LIMITS.label) &&
    typeof r.derived === 'boolean' &&
    optStr(r.noData, LIMITS.message) &&
    arrOf(r.cells, cellOk as Check<unknown>, LIMITS.hours) &&
    (r.cells as unknown[]).length === (s.hours as unknown[]).length;
  if (!arrOf(s.rows, rowOk as Check<unknown>, LIMITS.rows)) return 'snapshot rows are malformed';
  if (!arrOf(s.warnings, (w): w is string => isStr(w, LIMITS.message), LIMITS.warnings)) return 'snapshot warnings are malformed';
  if (!arrOf(s.dstDays, (d): d is unknown => isObj(d) && isStr(d.date, LIMITS.date) && isInt(d.hours), LIMITS.dstDays)) return 'snapshot dstDays are malformed';
  if (
    s.pending !== undefined &&
    !(
      isObj(s.pending) &&
      isNum(s.pending.at) &&
      isStr(s.pending.label, LIMITS.hourLabel) &&
      isStr(s.pending.date, LIMITS.date) &&
      arrOf(s.pending.cells, (c): c is unknown => isObj(c) && isNumOrNull(c.value) && isNumOrNull(c.lastWeek) && isNumOrNull(c.arrivedShare), LIMITS.rows) &&
      (s.pending.cells as unknown[]).length === (s.rows as unknown[]).length &&
      isObj(s.pending.arrivedShare) &&
      Object.values(s.pending.arrivedShare).every(isNumOrNull) &&
      isNumOrNull(s.pending.arrived)
    )
  )
    return 'snapshot pending hour is malformed';
  if (!isObj(s.freshness) || !isInt(s.freshness.ageHours) || s.freshness.ageHours < 0 || typeof s.freshness.stale !== 'boolean')
    return 'snapshot freshness is malformed';
  if (!arrOf(s.context, contextItemOk as Check<unknown>, LIMITS.context)) return 'snapshot context is malformed';
  if (s.expectedContext !== undefined && !strsOk(s.expectedContext, LIMITS.key, LIMITS.context)) return 'snapshot expected context is malformed';
  if (s.investigations !== undefined && !arrOf(s.investigations, investigationMarkOk as Check<unknown>, LIMITS.anomalies * 4))
    return 'snapshot investigations are malformed';
  if (
    s.weekly !== undefined &&
    !(isObj(s.weekly) && WEEKLY_KEYS.every(k => isInt((s.weekly as Record<string, unknown>)[k]) && (s.weekly as Record<string, number>)[k] >= 0))
  )
    return 'snapshot weekly counter is malformed';
  if (!problemListOk(s.problems)) return 'snapshot problems are malformed';
  const explOk = (x: unknown) =>
    isObj(x) &&
    isStr(x.kind, LIMITS.type) &&
    isStr(x.title, LIMITS.title) &&
    isNum(x.confidence) &&
    arrOf(x.evidence, evidenceOk as Check<unknown>, LIMITS.evidence) &&
    dimsOk(x.slice, LIMITS.dims) &&
    typeof x.inBaseline === 'boolean' &&
    (x.cause === undefined || causeOk(x.cause));
  const sliceOk = (w: unknown) =>
    isObj(w) &&
    isObj(w.dims) &&
    Object.values(w.dims).every(v => isStr(v, LIMITS.label)) &&
    isNumOrNull(w.relativeChange) &&
    isNum(w.share) &&
    optStr(w.of, LIMITS.label);
  const anomalyOk = (a: unknown) =>
    isObj(a) &&
    isStr(a.metric, LIMITS.label) &&
    isStr(a.label, LIMITS.label) &&
    isNum(a.start) &&
    isNum(a.end) &&
    (a.direction === 'up' || a.direction === 'down') &&
    isNum(a.severity) &&
    isNum(a.vsForecastPct) &&
    arrOf(a.explanations, explOk as Check<unknown>, LIMITS.explanations) &&
    arrOf(a.where, sliceOk as Check<unknown>, LIMITS.slices) &&
    (a.whereNote === undefined || isStr(a.whereNote, LIMITS.detail)) &&
    (a.contributions === undefined || contributionsOk(a.contributions));
  if (!arrOf(s.anomalies, anomalyOk as Check<unknown>, LIMITS.anomalies)) return 'snapshot anomalies are malformed';
  // Each anomaly in at most one incident (the webview draws one not in any as an incident of its own).
  const grouped = new Set<unknown>();
  const n = (s.anomalies as unknown[]).length;
  const incidentOk = (g: unknown) =>
    isObj(g) &&
    isStr(g.title, LIMITS.title) &&
    arrOf(g.anomalies, (i): i is number => isInt(i) && i >= 0 && i < n && !grouped.has(i) && !!grouped.add(i), LIMITS.anomalies) &&
    (g.anomalies as unknown[]).length > 0;
  if (!arrOf(s.incidents, incidentOk as Check<unknown>, LIMITS.anomalies)) return 'snapshot incidents are malformed';
  if (!isObj(s.charts)) return 'snapshot charts are malformed';
  for (const c of Object.values(s.charts)) {
    const problem = chartProblem(c, (s.hours as unknown[]).length, true);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Why a week chart is refused: its series must align with its x axis, within LIMITS.chartPoints.
 * `exact`: its forecast scores one per report hour (a snapshot's charts); else at most `hours`.
 */
function chartProblem(c: unknown, hours: number, exact = false): string | undefined {
  const n = isObj(c) && Array.isArray(c.x) ? c.x.length : -1;
  const aligned = (v: unknown) => arrOf(v, isNumOrNull, LIMITS.chartPoints) && v.length === n;
  if (!isObj(c) || !arrOf(c.x, isNum, LIMITS.chartPoints) || !aligned(c.thisWeek) || !aligned(c.lastWeek)) return 'snapshot chart series are malformed';
  if (c.forecast === undefined) return undefined;
  const f = c.forecast;
  if (!isObj(f)) return 'snapshot forecast is malformed';
  const scoresOk = arrOf(f.scores, isNumOrNull, LIMITS.hours) && (exact ? f.scores.length === hours : f.scores.length <= hours);
  return aligned(f.mean) && aligned(f.lower80) && aligned(f.upper80) && aligned(f.lower95) && aligned(f.upper95) && scoresOk
    ? undefined
    : 'snapshot forecast is malformed';
}

// ---- the structured parts of context items and explanations ---------------------------------------

/** A record of dimension values (or a slice): at most `max` entries, keys and values as labels. */
function dimsOk(v: unknown, max: number): boolean {
  return isObj(v) && Object.keys(v).length <= max && Object.entries(v).every(([k, x]) => k.length <= LIMITS.label && isStr(x, LIMITS.label));
}

/** Problems in the inputs: each at a file, a 1-based line and column when known, with its text; the count at least the listed. */
function problemListOk(v: unknown): boolean {
  const pos = (x: unknown) => x === undefined || (isInt(x) && x >= 1);
  const problemOk = (p: unknown) =>
    isObj(p) &&
    (p.severity === 'error' || p.severity === 'warning') &&
    isStr(p.file, LIMITS.path) &&
    pos(p.line) &&
    pos(p.column) &&
    isStr(p.text, LIMITS.message);
  return isObj(v) && arrOf(v.listed, problemOk as Check<unknown>, LIMITS.problems) && isInt(v.count) && v.count >= v.listed.length;
}

const sourceOk = (v: unknown) => isObj(v) && isStr(v.file, LIMITS.path) && isInt(v.line) && v.line >= 0;
const strsOk = (v: unknown, maxEach: number, max: number) => arrOf(v, (x): x is string => isStr(x, maxEach), max);
const optStr = (v: unknown, max: number) => v === undefined || isStr(v, max);

/** One line of evidence: its text, and the finite numbers (or short strings) behind it, if any. */
function evidenceOk(e: unknown): boolean {
  if (!isObj(e) || !isStr(e.text, LIMITS.detail)) return false;
  const v = e.values;
  return (
    v === undefined ||
    (isObj(v) &&
      Object.keys(v).length <= LIMITS.values &&
      Object.entries(v).every(([k, x]) => k.length <= LIMITS.label && (isNum(x) || isStr(x, LIMITS.detail))))
  );
}

/** A context item: the common display fields, and its kind's own values. */
function contextItemOk(i: unknown): boolean {
  if (!isObj(i) || !isStr(i.title, LIMITS.title) || !isStr(i.detail, LIMITS.detail) || !isNum(i.start) || !isNum(i.end)) return false;
  switch (i.kind as ContextKind) {
    case 'holiday':
      return (
        isStr(i.country, LIMITS.label) &&
        optStr(i.state, LIMITS.label) &&
        isStr(i.name, LIMITS.title) &&
        optStr(i.localName, LIMITS.title) &&
        isHolidayType(i.holidayType) &&
        (i.impact === undefined || impactOk(i.impact))
      );
    case 'event':
      return (
        isStr(i.name, LIMITS.title) &&
        isEventKind(i.eventKind) &&
        strsOk(i.countries, LIMITS.label, LIMITS.countries) &&
        (i.expectedImpact === undefined || isNum(i.expectedImpact)) &&
        sourceOk(i.source)
      );
    case 'deploy':
      return isStr(i.ref, LIMITS.ref) && (i.deployKind === 'tag' || i.deployKind === 'merge') && isStr(i.message, LIMITS.detail);
    case 'dst':
      return strsOk(i.zones, LIMITS.timezone, LIMITS.zones) && isNum(i.shiftHours);
    default:
      return false;
  }
}

/**
 * An anomaly's heat-map: per dimension its values (a label each; `others` >= 2 on the row folding
 * the rest), their figures finite or null (unknown: a gap), and counted gaps.
 */
function contributionsOk(c: unknown): boolean {
  const count = (v: unknown, min: number) => v === undefined || (isInt(v) && v >= min);
  const rowOk = (r: unknown) =>
    isObj(r) &&
    isStr(r.value, LIMITS.label) &&
    count(r.others, 2) &&
    isNumOrNull(r.expected) &&
    isNumOrNull(r.actual) &&
    isNumOrNull(r.relativeChange) &&
    isNumOrNull(r.shareBefore) &&
    isNumOrNull(r.contribution) &&
    count(r.gaps, 1);
  const dimensionOk = (d: unknown) => isObj(d) && isStr(d.dimension, LIMITS.label) && arrOf(d.values, rowOk as Check<unknown>, LIMITS.heatmapValues);
  return (
    isObj(c) &&
    (c.kind === 'additive' || c.kind === 'ratio') &&
    isNumOrNull(c.expected) &&
    isNumOrNull(c.actual) &&
    isInt(c.gaps) &&
    c.gaps >= 0 &&
    arrOf(c.dimensions, dimensionOk as Check<unknown>, LIMITS.heatmapDimensions)
  );
}

/** A holiday's expected impact: a finite ratio, how it was learned, and its last occurrence. */
function impactOk(v: unknown): boolean {
  if (!isObj(v) || !isStr(v.metric, LIMITS.label) || !isNum(v.ratio) || !isInt(v.occurrences) || v.occurrences < 0) return false;
  if (v.basis !== 'history' && v.basis !== 'type-prior' && v.basis !== 'default-prior') return false;
  return v.last === undefined || (isObj(v.last) && isStr(v.last.date, LIMITS.date) && isNum(v.last.ratio));
}

/**
 * A context item's key: its kind and the values that identify it (never its display title), the
 * same on both sides. The webview names an item by it (markContext), the host finds the item by it
 * in its snapshot, and marks are kept by it, so a mark survives a redraw and a newer report.
 */
export function contextKey(i: ContextItem): string {
  switch (i.kind) {
    case 'holiday':
      return `holiday:${i.country}:${i.state ?? ''}:${i.name}@${i.start}`;
    case 'event':
      return `event:${i.name}@${i.start}:${i.source.file}:${i.source.line}`;
    case 'deploy':
      return `deploy:${i.deployKind}:${i.ref}`;
    case 'dst':
      return `dst:${i.start}`;
  }
}

/** An explanation's cause: the identifying values of its context item. */
function causeOk(c: unknown): boolean {
  if (!isObj(c)) return false;
  switch (c.kind as CauseRef['kind']) {
    case 'holiday':
      return isStr(c.country, LIMITS.label) && optStr(c.state, LIMITS.label) && isStr(c.name, LIMITS.title) && isNum(c.start);
    case 'event':
      return isStr(c.name, LIMITS.title) && isNum(c.start) && sourceOk(c.source);
    case 'deploy':
      return isStr(c.ref, LIMITS.ref) && (c.deployKind === 'tag' || c.deployKind === 'merge');
    case 'dst':
      return strsOk(c.zones, LIMITS.timezone, LIMITS.zones);
    default:
      return false;
  }
}

/**
 * The versioned UI state the webview persists with setState: UI only, never data. `folder` is the
 * URI of the folder whose report the panel shows (the page's data-folder), so the serializer brings a
 * drill's panel back as the drill's report after a reload, not as the team's (ADR 0021).
 */
export interface WebviewUiState {
  readonly v: 1;
  readonly metric?: string;
  readonly folder?: string;
}

/** Longest folder URI kept in the UI state. */
export const UI_STATE_FOLDER_MAX = 4_000;

export function migrateUiState(raw: unknown): WebviewUiState {
  if (!isObj(raw) || raw.v !== 1) return { v: 1 };
  return {
    v: 1,
    metric: isStr(raw.metric, LIMITS.label) ? raw.metric : undefined,
    ...(isStr(raw.folder, UI_STATE_FOLDER_MAX) && raw.folder ? { folder: raw.folder } : {}),
  };
}

// ---- presence (issue 12) ---------------------------------------------------------------------
/** Where one person is in the report (src/core/presence's Focus, its report half). */
export interface ReportFocus {
  readonly metric?: string;
  /** The hour chosen (UTC ms). */
  readonly hour?: number;
  readonly slice?: Readonly<Record<string, string>>;
  readonly anomaly?: { readonly metric: string; readonly start: number };
}

/** Another person on this folder, as the report shows them. */
export interface PresenceMark {
  readonly author: string;
  /** Their role in the investigation they are working on. */
  readonly role?: string;
  readonly focus: ReportFocus;
  /** Whom they follow. */
  readonly following?: string;
}

export interface PresenceMessage {
  readonly type: 'presence';
  readonly people: readonly PresenceMark[];
  /** Whom I follow, while I do. `seq` changes each time following starts; `focus`: theirs now, to apply. */
  readonly following?: { readonly author: string; readonly seq: number; readonly focus?: ReportFocus };
  /** "Stopped following Ana": said once, with why. */
  readonly stopped?: string;
}

/** Presence limits: people shown at once. */
export const PRESENCE_PEOPLE = 20;

/** Why `f` is not a report focus, or undefined. Strict: both sides check it. */
export function reportFocusProblem(f: unknown): string | undefined {
  if (!isObj(f) || !Object.keys(f).every(k => ['metric', 'hour', 'slice', 'anomaly'].includes(k))) return 'a focus is { metric, hour, slice, anomaly }';
  if (f.metric !== undefined && !isStr(f.metric, LIMITS.label)) return 'focus.metric must be a metric id';
  if (f.hour !== undefined && !isNum(f.hour)) return 'focus.hour must be an instant';
  if (f.slice !== undefined && !dimsOk(f.slice, LIMITS.dims)) return 'focus.slice must be dimension values';
  const a = f.anomaly;
  if (a !== undefined && !(isObj(a) && isStr(a.metric, LIMITS.label) && isNum(a.start) && Object.keys(a).length === 2))
    return 'focus.anomaly must be { metric, start }';
  return undefined;
}

function presenceMessageProblem(b: Record<string, unknown>): string | undefined {
  if (!onlyKeys(b, 'people', 'following', 'stopped')) return 'presence has an unknown field';
  if (!Array.isArray(b.people) || b.people.length > PRESENCE_PEOPLE) return `presence.people must be a list of at most ${PRESENCE_PEOPLE}`;
  for (const p of b.people as unknown[]) {
    if (!isObj(p) || !isStr(p.author, LIMITS.label) || !optStr(p.role, LIMITS.type) || !optStr(p.following, LIMITS.label))
      return 'presence.people has a malformed person';
    const why = reportFocusProblem(p.focus);
    if (why) return why;
  }
  const f = b.following;
  if (f !== undefined && !(isObj(f) && isStr(f.author, LIMITS.label) && isInt(f.seq) && (f.focus === undefined || !reportFocusProblem(f.focus))))
    return 'presence.following must be { author, seq, focus? }';
  return optStr(b.stopped, LIMITS.title) ? undefined : 'presence.stopped must be text';
}
