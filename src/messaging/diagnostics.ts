// The diagnostics channel: what the webview actually drew, for the integration tests and the panel
// benchmark to compare with the core. It is test instrumentation, not product: the webview speaks it
// only when the host's HTML switches it on (the extension runs in test or development mode), and the
// host hands it only to CalibrateApi's test hooks and its log. See docs/adr/0012-message-layer.md.
import { parseEnvelope, replyProblem, type Envelope, type ErrorReply, type OkReply } from './channel';
import { LIMITS, onlyKeys } from './protocol';

/** What the webview drew for a reveal (reported in `rendered`). */
export interface RevealedAnomaly {
  readonly metric: string;
  readonly start: number;
  /** Its card is open. */
  readonly open: boolean;
  /** The chart's x range, UTC ms. */
  readonly xMin: number;
  readonly xMax: number;
}

/** The webview drew a snapshot: what is on screen, read back from the DOM. */
export interface Rendered {
  readonly type: 'rendered';
  readonly snapshotId: number;
  readonly analysis: 'pending' | 'done';
  readonly metric: string;
  readonly hourColumns: number;
  readonly chartPoints: number;
  readonly table: readonly { readonly metric: string; readonly values: readonly (number | null)[] }[];
  /** Kinds of the context items listed. */
  readonly contextKinds: readonly string[];
  /** The warnings shown above the table, as drawn. */
  readonly warnings: readonly string[];
  /** Each anomaly's metric with its top explanation's kind, its slices as drawn, and whether the drill-down was narrowed. */
  readonly anomalies: readonly { readonly metric: string; readonly topKind: string; readonly where: string; readonly narrowed: boolean }[];
  /** The anomaly a `reveal` brought forward, as drawn: its card open, and the chart's x range. */
  readonly revealed?: RevealedAnomaly;
}

/** The webview is showing a load problem to the user (tests assert on the text shown). */
export interface ProblemShown {
  readonly type: 'problemShown';
  readonly message: string;
}

/** The answer to `describe`: the snapshot on screen now (null: none, a problem or "Loading…"). */
export interface Shown {
  readonly type: 'shown';
  readonly snapshotId: number | null;
  readonly analysis: 'pending' | 'done' | null;
}

export type DiagnosticFromWebview = Rendered | ProblemShown | Shown;
/** `describe`: a request; the webview answers with `shown`. Sent when the panel becomes visible again. */
export type DiagnosticToWebview = { readonly type: 'describe' };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const arrOf = (v: unknown, f: (x: unknown) => boolean, max: number): boolean => Array.isArray(v) && v.length <= max && v.every(f);
const analysisOk = (v: unknown) => v === 'pending' || v === 'done';

function revealedOk(r: unknown): boolean {
  return (
    isObj(r) &&
    isStr(r.metric, LIMITS.label) &&
    isNum(r.start) &&
    typeof r.open === 'boolean' &&
    isNum(r.xMin) &&
    isNum(r.xMax) &&
    onlyKeys(r, 'metric', 'start', 'open', 'xMin', 'xMax')
  );
}

function renderedProblem(b: Record<string, unknown>): string | undefined {
  const rowOk = (r: unknown) => isObj(r) && isStr(r.metric, LIMITS.label) && arrOf(r.values, v => v === null || isNum(v), LIMITS.tableValues);
  const anomalyOk = (a: unknown) =>
    isObj(a) && isStr(a.metric, LIMITS.label) && isStr(a.topKind, LIMITS.type) && isStr(a.where, LIMITS.where) && typeof a.narrowed === 'boolean';
  return isInt(b.snapshotId) &&
    analysisOk(b.analysis) &&
    isStr(b.metric, LIMITS.label) &&
    isInt(b.hourColumns) &&
    isInt(b.chartPoints) &&
    arrOf(b.table, rowOk, LIMITS.rows) &&
    arrOf(b.contextKinds, k => isStr(k, LIMITS.type), LIMITS.context) &&
    arrOf(b.warnings, w => isStr(w, LIMITS.message), LIMITS.warnings) &&
    arrOf(b.anomalies, anomalyOk, LIMITS.anomalies) &&
    (b.revealed === undefined || revealedOk(b.revealed)) &&
    onlyKeys(b, 'snapshotId', 'analysis', 'metric', 'hourColumns', 'chartPoints', 'table', 'contextKinds', 'warnings', 'anomalies', 'revealed')
    ? undefined
    : 'rendered is malformed';
}

/** Validate a diagnostics message from the webview (host side), strictly. Throws ProtocolError. */
export function parseDiagnosticFromWebview(v: unknown): Envelope<DiagnosticFromWebview | ErrorReply | OkReply> {
  return parseEnvelope(v, 'diagnostics', b => {
    if (!isObj(b) || !isStr(b.type, LIMITS.type)) return 'body has no type';
    switch (b.type) {
      case 'rendered':
        return renderedProblem(b);
      case 'problemShown':
        return isStr(b.message, LIMITS.message) && onlyKeys(b, 'message') ? undefined : 'problemShown needs a message';
      case 'shown':
        return (b.snapshotId === null || isInt(b.snapshotId)) && (b.analysis === null || analysisOk(b.analysis)) && onlyKeys(b, 'snapshotId', 'analysis')
          ? undefined
          : 'shown needs a snapshot id and its analysis state (or nulls)';
      default:
        return replyProblem(b);
    }
  });
}

/** Validate a diagnostics message from the host (webview side). Throws ProtocolError. */
export function parseDiagnosticToWebview(v: unknown): Envelope<DiagnosticToWebview | ErrorReply | OkReply> {
  return parseEnvelope(v, 'diagnostics', b => {
    if (!isObj(b)) return 'body has no type';
    return b.type === 'describe' ? (onlyKeys(b) ? undefined : 'describe carries nothing') : replyProblem(b);
  });
}
