// The investigation log's events: one JSON object per line of
// .calibrate/investigations/<date>-<slug>.jsonl (ADR 0003, amended by ADR 0015). Each carries its
// format version `v`, a random `id`, the wall time `at` (for people), a Lamport `clock` (for order),
// its `author`, a `type` and that type's `data`. Everything here is validated as it is read: a log
// is a file anyone can edit, merge or break, and a peer's line is as untrusted as a webview message.
// Pure: no vscode, no I/O.

/** The version this Calibrate writes. A line with a higher `v` is kept and shown, not folded. */
export const LOG_VERSION = 1;

/** How large things may be. A note longer than MAX_TEXT is refused at the composer with its draft kept. */
export const LIMITS = {
  /** Markdown text of a note, hypothesis, answer, summary: 64 KiB of characters. */
  text: 65_536,
  /** One-line fields: a title, an author, a metric, an owner. */
  short: 300,
  /** Points of a pinned chart (a week of hours is 168; a month 720). */
  points: 2_000,
  /** Rows and columns of a pinned table, and explanations or evidence lines. */
  rows: 200,
  columns: 20,
  /** One line of the log. A longer line is reported, kept, and skipped. */
  line: 1_048_576,
} as const;

export type Role = 'lead' | 'learner' | 'observer';
export type Status = 'open' | 'monitoring' | 'resolved';
export type Verdict = 'real' | 'expected' | 'dataProblem' | 'falseAlarm';
export type HypothesisStatus = 'proposed' | 'supported' | 'rejected';
export type ActionState = 'open' | 'done' | 'dropped';
export type Origin = 'anomaly' | 'blank' | 'missed';

export const ROLES: readonly Role[] = ['lead', 'learner', 'observer'];
export const STATUSES: readonly Status[] = ['open', 'monitoring', 'resolved'];
export const VERDICTS: readonly Verdict[] = ['real', 'expected', 'dataProblem', 'falseAlarm'];
export const HYPOTHESIS_STATUSES: readonly HypothesisStatus[] = ['proposed', 'supported', 'rejected'];
export const ACTION_STATES: readonly ActionState[] = ['open', 'done', 'dropped'];
export const ORIGINS: readonly Origin[] = ['anomaly', 'blank', 'missed'];
export type FindingKind = 'postmortem' | 'adr';
export const FINDING_KINDS: readonly FindingKind[] = ['postmortem', 'adr'];
/** How a commit came to be linked: its message's Investigation: trailer, it changed the log, or by hand. */
export type CommitLink = 'trailer' | 'log' | 'manual';
export const COMMIT_LINKS: readonly CommitLink[] = ['trailer', 'log', 'manual'];
export type DrillDifficulty = 'easy' | 'medium' | 'hard';
export const DRILL_DIFFICULTIES: readonly DrillDifficulty[] = ['easy', 'medium', 'hard'];

/** How a drill went (issue 16), scored at its reveal against the hidden truth. */
export interface DrillScore {
  /** The injected anomaly was investigated (an investigation's window overlaps it) and given a verdict that it is there (real, expected or a data problem). */
  readonly found: boolean;
  /** The supported hypothesis named the injected cause's kind. */
  readonly causeKindRight: boolean;
  /** The drill-down's exact-set F1 of the slice named against the injected slice, 0..1. */
  readonly sliceF1: number;
  /** Overlap of the investigated window with the injected one (intersection over union), 0..1. */
  readonly windowOverlap: number;
  /** From the drill's start to the first hypothesis later supported, when there is one. */
  readonly minutesToFirstCorrectHypothesis?: number;
  readonly passed: boolean;
}

/** A place in the report: a metric (or one slice of it) over a window. Evidence links back through it. */
export interface ReportPlace {
  readonly metric: string;
  /** {} for the metric's total. */
  readonly slice: Readonly<Record<string, string>>;
  /** UTC ms. */
  readonly start: number;
  readonly end: number;
}

/** The numbers that triggered an investigation, frozen when it was opened: the log reads the same next month. */
export interface AnomalyCopy extends ReportPlace {
  readonly label: string;
  readonly direction: 'up' | 'down';
  readonly severity: number;
  readonly vsForecastPct: number;
  /** The report's time zone (IANA), so times read as the report showed them. */
  readonly zone: string;
  /** The hours of the window: actual, forecast and its 95% band (null where missing). */
  readonly series: FrozenSeries;
  readonly explanations: readonly { readonly title: string; readonly confidence: number }[];
  /** The report config's version (a digest of its text), so a later reader knows what it was measured with. */
  readonly configVersion: string;
}

export interface FrozenSeries {
  readonly x: readonly number[];
  readonly actual: readonly (number | null)[];
  readonly expected?: readonly (number | null)[];
  readonly lower?: readonly (number | null)[];
  readonly upper?: readonly (number | null)[];
  /** The same hours a week earlier. */
  readonly lastWeek?: readonly (number | null)[];
}

/** Pinned evidence, frozen: the values are in the event. */
export type EvidenceBody =
  | { readonly kind: 'chart'; readonly title: string; readonly place: ReportPlace; readonly zone: string; readonly series: FrozenSeries }
  | {
      readonly kind: 'table';
      readonly title: string;
      readonly place: ReportPlace;
      readonly columns: readonly string[];
      readonly rows: readonly (readonly (string | number | null)[])[];
    }
  | {
      readonly kind: 'explanation';
      readonly title: string;
      readonly place: ReportPlace;
      readonly confidence: number;
      readonly evidence: readonly string[];
    }
  | {
      readonly kind: 'context';
      readonly title: string;
      readonly place?: ReportPlace;
      readonly contextKind: 'holiday' | 'event' | 'deploy' | 'dst';
      readonly start: number;
      readonly end?: number;
      readonly detail?: string;
    };

/** Each event type's data. Add a type here, in DATA_CHECKS, and in the fold. */
export interface EventData {
  readonly opened: { readonly title: string; readonly origin: Origin; readonly anomaly?: AnomalyCopy };
  readonly note: { readonly text: string };
  /** `draft`: a learner's hypothesis, proposed once the lead (or an expert) approves it (a review event). */
  readonly hypothesis: { readonly text: string; readonly draft?: boolean };
  /** A review of a draft hypothesis: approved (it becomes proposed), or sent back with a comment. */
  readonly review: { readonly hypothesis: string; readonly approved: boolean; readonly comment?: string };
  readonly hypothesisStatus: { readonly hypothesis: string; readonly status: HypothesisStatus; readonly evidence: readonly string[]; readonly reason?: string };
  readonly evidence: EvidenceBody;
  readonly question: { readonly text: string };
  readonly answer: { readonly question: string; readonly text: string };
  readonly action: { readonly text: string; readonly owner?: string };
  readonly actionState: { readonly action: string; readonly state: ActionState; readonly owner?: string };
  readonly verdict: { readonly verdict: Verdict; readonly reason?: string };
  readonly role: { readonly person: string; readonly role: Role };
  readonly status: { readonly status: Status };
  readonly closed: { readonly summary: string; readonly rootCause: string; readonly decision: string };
  readonly contextMark: {
    readonly key: string;
    readonly contextKind: 'holiday' | 'event' | 'deploy' | 'dst';
    readonly title: string;
    readonly start: number;
    readonly expected: boolean;
  };
  /** A post-mortem or decision record written from the investigation: its path from the workspace folder, with '/'. */
  readonly finding: { readonly kind: FindingKind; readonly path: string; readonly title: string };
  /** A commit that carries the fix (or the findings): from the anomaly to the change, for later readers. */
  readonly commit: { readonly hash: string; readonly subject: string; readonly link: CommitLink; readonly committedAt?: string };
  /**
   * A drill (issue 16) in this investigation: `started` when the learner was given it (truthDigest:
   * the SHA-256 of the hidden truth, so a truth edited since is told apart), `revealed` with its score.
   */
  readonly drill: {
    readonly drillId: string;
    readonly phase: 'started' | 'revealed';
    readonly difficulty: DrillDifficulty;
    readonly truthDigest: string;
    readonly score?: DrillScore;
  };
}

export type EventType = keyof EventData;

interface Envelope {
  readonly v: number;
  readonly id: string;
  /** ISO 8601 UTC: when, for people. The order is the clock's. */
  readonly at: string;
  readonly clock: number;
  readonly author: string;
}

/** One event this version understands. */
export type InvestigationEvent = { [T in EventType]: Envelope & { readonly type: T; readonly data: EventData[T] } }[EventType];
export type EventOf<T extends EventType> = Extract<InvestigationEvent, { type: T }>;

/** An event with a valid envelope that this version cannot fold: a newer `v`, or a type it does not know. Kept and shown. */
export interface ForeignEvent extends Envelope {
  readonly type: string;
  readonly data: unknown;
  readonly why: string;
}

// ---- validation ------------------------------------------------------------------------------------
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max: number, min = 1): v is string => typeof v === 'string' && v.length >= min && v.length <= max;
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const oneOf = <T extends string>(v: unknown, xs: readonly T[]): v is T => typeof v === 'string' && (xs as readonly string[]).includes(v);
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);
const ID_RE = /^[A-Za-z0-9_-]{6,64}$/;
export const isEventId = (v: unknown): v is string => typeof v === 'string' && ID_RE.test(v);
/** A full SHA-1 or SHA-256 object name, lower case. */
const HASH_RE = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
export const isCommitHash = (v: unknown): v is string => typeof v === 'string' && HASH_RE.test(v);
/** A relative path with '/' that stays inside its folder: no '..', no leading '/', no drive, no backslash. */
export const isInsidePath = (v: unknown): v is string =>
  str(v, LIMITS.short) &&
  !/^[/\\]|^[A-Za-z]:|\\/.test(v) &&
  ![...v].some(c => c.charCodeAt(0) < 0x20) &&
  v.split('/').every(part => part !== '..' && part !== '.' && part !== '');
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

/** Why `o` has keys other than `keys`, or undefined. Unknown keys in a known type are refused: a typo must not pass silently. */
function extraKeys(o: Obj, keys: readonly string[]): string | undefined {
  const extra = Object.keys(o).filter(k => !keys.includes(k));
  return extra.length ? `unexpected field${extra.length > 1 ? 's' : ''} ${extra.map(k => `"${k}"`).join(', ')}` : undefined;
}

const nums = (v: unknown, max: number) => Array.isArray(v) && v.length <= max && v.every(x => x === null || num(x));
const strs = (v: unknown, maxItems: number, maxLen: number) => Array.isArray(v) && v.length <= maxItems && v.every(x => str(x, maxLen, 0));

function sliceProblem(v: unknown): string | undefined {
  if (!isObj(v)) return 'slice must be an object of dimension names to values';
  const entries = Object.entries(v);
  if (entries.length > LIMITS.columns) return 'slice has too many dimensions';
  return entries.every(([k, x]) => str(k, LIMITS.short) && str(x, LIMITS.short, 0)) ? undefined : 'slice values must be short strings';
}

function placeProblem(v: unknown, what = 'place'): string | undefined {
  if (!isObj(v)) return `${what} must be an object with metric, slice, start and end`;
  if (!str(v.metric, LIMITS.short)) return `${what}.metric must be a metric id`;
  const s = sliceProblem(v.slice);
  if (s) return `${what}.${s}`;
  if (!num(v.start) || !num(v.end) || v.end < v.start) return `${what} needs start <= end, in UTC ms`;
  return undefined;
}

function seriesProblem(v: unknown): string | undefined {
  if (!isObj(v) || !nums(v.x, LIMITS.points) || !nums(v.actual, LIMITS.points)) return `series needs x and actual, at most ${LIMITS.points} points each`;
  const n = (v.x as unknown[]).length;
  for (const k of ['actual', 'expected', 'lower', 'upper', 'lastWeek'] as const) {
    if (v[k] !== undefined && (!nums(v[k], LIMITS.points) || (v[k] as unknown[]).length !== n)) return `series.${k} must have one number or null per hour of x`;
  }
  return extraKeys(v, ['x', 'actual', 'expected', 'lower', 'upper', 'lastWeek']);
}

const CONTEXT_KINDS = ['holiday', 'event', 'deploy', 'dst'] as const;

function anomalyProblem(v: unknown): string | undefined {
  if (!isObj(v)) return 'anomaly must be an object';
  const p = placeProblem(v, 'anomaly');
  if (p) return p;
  if (!str(v.label, LIMITS.short) || !oneOf(v.direction, ['up', 'down']) || !num(v.severity) || !num(v.vsForecastPct)) {
    return 'anomaly needs a label, a direction (up or down), a severity and vsForecastPct';
  }
  if (!str(v.zone, LIMITS.short) || !str(v.configVersion, LIMITS.short, 0)) return 'anomaly needs the report zone and configVersion';
  const s = seriesProblem(v.series);
  if (s) return `anomaly.${s}`;
  const ex = v.explanations;
  if (!Array.isArray(ex) || ex.length > LIMITS.rows || !ex.every(e => isObj(e) && str(e.title, LIMITS.text) && num(e.confidence))) {
    return 'anomaly.explanations must be a list of { title, confidence }';
  }
  return extraKeys(v, [
    'metric',
    'slice',
    'start',
    'end',
    'label',
    'direction',
    'severity',
    'vsForecastPct',
    'zone',
    'series',
    'explanations',
    'configVersion',
  ]);
}

function evidenceProblem(d: Obj): string | undefined {
  if (!str(d.title, LIMITS.short)) return 'evidence needs a title';
  switch (d.kind) {
    case 'chart':
      return (
        placeProblem(d.place) ??
        (str(d.zone, LIMITS.short) ? undefined : 'chart evidence needs the zone') ??
        seriesProblem(d.series) ??
        extraKeys(d, ['kind', 'title', 'place', 'zone', 'series'])
      );
    case 'table': {
      const cols = d.columns;
      if (!strs(cols, LIMITS.columns, LIMITS.short)) return `table evidence needs at most ${LIMITS.columns} column names`;
      const ok =
        Array.isArray(d.rows) &&
        d.rows.length <= LIMITS.rows &&
        d.rows.every(r => Array.isArray(r) && r.length === (cols as unknown[]).length && r.every(c => c === null || num(c) || str(c, LIMITS.short, 0)));
      return (
        placeProblem(d.place) ??
        (ok ? undefined : `table rows must have one cell per column, at most ${LIMITS.rows} rows`) ??
        extraKeys(d, ['kind', 'title', 'place', 'columns', 'rows'])
      );
    }
    case 'explanation':
      return (
        placeProblem(d.place) ??
        (num(d.confidence) && d.confidence >= 0 && d.confidence <= 1 ? undefined : 'explanation evidence needs a confidence in [0, 1]') ??
        (strs(d.evidence, LIMITS.rows, LIMITS.text) ? undefined : 'explanation evidence needs its evidence lines') ??
        extraKeys(d, ['kind', 'title', 'place', 'confidence', 'evidence'])
      );
    case 'context':
      if (d.place !== undefined && placeProblem(d.place)) return placeProblem(d.place);
      if (!oneOf(d.contextKind, CONTEXT_KINDS) || !num(d.start) || !optional(d.end, num) || !optional(d.detail, x => str(x, LIMITS.text, 0))) {
        return 'context evidence needs contextKind (holiday, event, deploy or dst) and start';
      }
      return extraKeys(d, ['kind', 'title', 'place', 'contextKind', 'start', 'end', 'detail']);
    default:
      return 'evidence kind must be chart, table, explanation or context';
  }
}

const text = (d: Obj, k: string, what: string) => (str(d[k], LIMITS.text) ? undefined : `${what} needs ${k}: 1 to ${LIMITS.text} characters`);

/** Each type's data check: why not, or undefined. */
const DATA_CHECKS: { readonly [T in EventType]: (d: Obj) => string | undefined } = {
  opened: d =>
    (str(d.title, LIMITS.short) ? undefined : 'opened needs a title') ??
    (oneOf(d.origin, ORIGINS) ? undefined : `opened.origin must be ${ORIGINS.join(', ')}`) ??
    (d.anomaly === undefined ? undefined : anomalyProblem(d.anomaly)) ??
    extraKeys(d, ['title', 'origin', 'anomaly']),
  note: d => text(d, 'text', 'note') ?? extraKeys(d, ['text']),
  hypothesis: d =>
    text(d, 'text', 'hypothesis') ??
    (optional(d.draft, x => typeof x === 'boolean') ? undefined : 'hypothesis.draft must be true or false') ??
    extraKeys(d, ['text', 'draft']),
  review: d =>
    (isEventId(d.hypothesis) ? undefined : 'review needs the hypothesis event id') ??
    (typeof d.approved === 'boolean' ? undefined : 'review.approved must be true or false') ??
    (optional(d.comment, x => str(x, LIMITS.text, 0)) ? undefined : 'review.comment must be text') ??
    (d.approved === false && !(typeof d.comment === 'string' && d.comment.trim()) ? 'a hypothesis sent back needs a comment saying why' : undefined) ??
    extraKeys(d, ['hypothesis', 'approved', 'comment']),
  hypothesisStatus: d =>
    (isEventId(d.hypothesis) ? undefined : 'hypothesisStatus needs the hypothesis event id') ??
    (oneOf(d.status, HYPOTHESIS_STATUSES) ? undefined : `hypothesisStatus.status must be ${HYPOTHESIS_STATUSES.join(', ')}`) ??
    (Array.isArray(d.evidence) && d.evidence.length <= LIMITS.rows && d.evidence.every(isEventId)
      ? undefined
      : 'hypothesisStatus.evidence must be a list of evidence event ids') ??
    (optional(d.reason, x => str(x, LIMITS.text, 0)) ? undefined : 'hypothesisStatus.reason must be text') ??
    extraKeys(d, ['hypothesis', 'status', 'evidence', 'reason']),
  evidence: evidenceProblem,
  question: d => text(d, 'text', 'question') ?? extraKeys(d, ['text']),
  answer: d => (isEventId(d.question) ? undefined : 'answer needs the question event id') ?? text(d, 'text', 'answer') ?? extraKeys(d, ['question', 'text']),
  action: d =>
    text(d, 'text', 'action') ?? (optional(d.owner, x => str(x, LIMITS.short)) ? undefined : 'action.owner must be a name') ?? extraKeys(d, ['text', 'owner']),
  actionState: d =>
    (isEventId(d.action) ? undefined : 'actionState needs the action event id') ??
    (oneOf(d.state, ACTION_STATES) ? undefined : `actionState.state must be ${ACTION_STATES.join(', ')}`) ??
    (optional(d.owner, x => str(x, LIMITS.short)) ? undefined : 'actionState.owner must be a name') ??
    extraKeys(d, ['action', 'state', 'owner']),
  verdict: d =>
    (oneOf(d.verdict, VERDICTS) ? undefined : `verdict must be ${VERDICTS.join(', ')}`) ??
    (optional(d.reason, x => str(x, LIMITS.text, 0)) ? undefined : 'verdict.reason must be text') ??
    extraKeys(d, ['verdict', 'reason']),
  role: d =>
    (str(d.person, LIMITS.short) ? undefined : 'role needs a person') ??
    (oneOf(d.role, ROLES) ? undefined : `role must be ${ROLES.join(', ')}`) ??
    extraKeys(d, ['person', 'role']),
  status: d => (oneOf(d.status, STATUSES) ? undefined : `status must be ${STATUSES.join(', ')}`) ?? extraKeys(d, ['status']),
  closed: d =>
    text(d, 'summary', 'closed') ?? text(d, 'rootCause', 'closed') ?? text(d, 'decision', 'closed') ?? extraKeys(d, ['summary', 'rootCause', 'decision']),
  contextMark: d =>
    (str(d.key, LIMITS.text) && oneOf(d.contextKind, CONTEXT_KINDS) && str(d.title, LIMITS.short) && num(d.start) && typeof d.expected === 'boolean'
      ? undefined
      : 'contextMark needs key, contextKind, title, start and expected') ?? extraKeys(d, ['key', 'contextKind', 'title', 'start', 'expected']),
  finding: d =>
    (oneOf(d.kind, FINDING_KINDS) ? undefined : `finding.kind must be ${FINDING_KINDS.join(' or ')}`) ??
    (isInsidePath(d.path) ? undefined : 'finding.path must be a path inside the folder, with / (like docs/postmortems/x.md)') ??
    (str(d.title, LIMITS.short) ? undefined : 'finding needs a title') ??
    extraKeys(d, ['kind', 'path', 'title']),
  commit: d =>
    (isCommitHash(d.hash) ? undefined : 'commit.hash must be the full commit hash (40 or 64 lower-case hex digits)') ??
    (str(d.subject, LIMITS.short, 0) ? undefined : `commit.subject must be its first line, at most ${LIMITS.short} characters`) ??
    (oneOf(d.link, COMMIT_LINKS) ? undefined : `commit.link must be ${COMMIT_LINKS.join(', ')}`) ??
    (optional(d.committedAt, x => typeof x === 'string' && ISO_RE.test(x) && !Number.isNaN(Date.parse(x)))
      ? undefined
      : 'commit.committedAt must be a UTC time like 2026-11-30T09:15:00Z') ??
    extraKeys(d, ['hash', 'subject', 'link', 'committedAt']),
  drill: d =>
    (isEventId(d.drillId) ? undefined : 'drill.drillId must be 6 to 64 letters, digits, _ or -') ??
    (oneOf(d.phase, ['started', 'revealed']) ? undefined : 'drill.phase must be started or revealed') ??
    (oneOf(d.difficulty, DRILL_DIFFICULTIES) ? undefined : `drill.difficulty must be ${DRILL_DIFFICULTIES.join(', ')}`) ??
    (typeof d.truthDigest === 'string' && /^[0-9a-f]{64}$/.test(d.truthDigest) ? undefined : 'drill.truthDigest must be a SHA-256 in hex') ??
    (d.phase === 'revealed' ? drillScoreProblem(d.score) : d.score === undefined ? undefined : 'a started drill has no score yet') ??
    extraKeys(d, ['drillId', 'phase', 'difficulty', 'truthDigest', 'score']),
};

function drillScoreProblem(s: unknown): string | undefined {
  if (!isObj(s)) return 'a revealed drill needs its score';
  const unit = (v: unknown) => num(v) && v >= 0 && v <= 1;
  if (typeof s.found !== 'boolean' || typeof s.causeKindRight !== 'boolean' || typeof s.passed !== 'boolean')
    return 'drill.score needs found, causeKindRight and passed (true or false)';
  if (!unit(s.sliceF1) || !unit(s.windowOverlap)) return 'drill.score.sliceF1 and windowOverlap must be in [0, 1]';
  if (!optional(s.minutesToFirstCorrectHypothesis, v => num(v) && v >= 0)) return 'drill.score.minutesToFirstCorrectHypothesis must be minutes';
  return extraKeys(s, ['found', 'causeKindRight', 'sliceF1', 'windowOverlap', 'minutesToFirstCorrectHypothesis', 'passed']);
}

export const EVENT_TYPES = Object.keys(DATA_CHECKS) as EventType[];
const isEventType = (t: string): t is EventType => Object.prototype.hasOwnProperty.call(DATA_CHECKS, t);

/** A parsed line: an event to fold, one to keep and show only (newer or unknown), or why it is invalid. */
export type Checked = { readonly ok: InvestigationEvent } | { readonly foreign: ForeignEvent } | { readonly invalid: string };

/** Check one parsed JSON value as an event. Never throws. */
export function checkEvent(v: unknown): Checked {
  if (!isObj(v)) return { invalid: 'a line must be one JSON object' };
  if (!Number.isSafeInteger(v.v) || (v.v as number) < 1) return { invalid: '"v" must be the format version, an integer from 1' };
  if (!isEventId(v.id)) return { invalid: '"id" must be 6 to 64 letters, digits, _ or -' };
  if (typeof v.at !== 'string' || !ISO_RE.test(v.at) || Number.isNaN(Date.parse(v.at))) return { invalid: '"at" must be a UTC time like 2026-11-30T09:15:00Z' };
  if (!Number.isSafeInteger(v.clock) || (v.clock as number) < 1) return { invalid: '"clock" must be a positive integer (the Lamport clock)' };
  if (!str(v.author, LIMITS.short)) return { invalid: `"author" must be a name of 1 to ${LIMITS.short} characters` };
  if (!str(v.type, LIMITS.short)) return { invalid: '"type" must name the event type' };
  const envelope = { v: v.v as number, id: v.id, at: v.at, clock: v.clock as number, author: v.author, type: v.type };
  if (envelope.v > LOG_VERSION)
    return { foreign: { ...envelope, data: v.data, why: `written by a newer Calibrate (log version ${envelope.v}; this one reads ${LOG_VERSION})` } };
  if (!isEventType(v.type)) return { foreign: { ...envelope, data: v.data, why: `an event type this Calibrate does not know ("${v.type}")` } };
  const extra = extraKeys(v, ['v', 'id', 'at', 'clock', 'author', 'type', 'data']);
  if (extra) return { invalid: extra };
  if (!isObj(v.data)) return { invalid: `"data" must be an object (the ${v.type} event's fields)` };
  const why = DATA_CHECKS[v.type](v.data);
  return why ? { invalid: `${v.type}: ${why}` } : { ok: v as unknown as InvestigationEvent };
}

/** Check the data of an event about to be written (the composer, a peer's request): why not, or undefined. */
export function dataProblem<T extends EventType>(type: T, data: EventData[T]): string | undefined {
  return isObj(data) ? DATA_CHECKS[type](data as unknown as Obj) : 'data must be an object';
}
