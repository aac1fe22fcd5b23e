// The investigation channel's messages between the extension host and the investigation view (one
// webview per investigation log): their types and strict runtime validation, both ways. Requests and
// replies travel through channel.ts (ADR 0012). Both bundles import this file: no `vscode`, no DOM.
// Unlike protocol.ts it takes values from src/core/investigation/events.ts (the event checks, which
// are pure and small): the view validates the state it is sent with the same checks the log is read
// with, so a malformed state is refused as a whole instead of crashing the drawing half-way.
import { parseEnvelope, replyProblem, type Envelope, type ErrorReply, type OkReply } from './channel';
import {
  ACTION_STATES,
  checkEvent,
  dataProblem,
  HYPOTHESIS_STATUSES,
  isCommitHash,
  isEventId,
  isInsidePath,
  LIMITS as LOG_LIMITS,
  ROLES,
  STATUSES,
  VERDICTS,
  type EventData,
  type ReportPlace,
} from '../core/investigation/events';
import type { InvestigationState } from '../core/investigation/fold';
import type { WeeklyCount } from '../core/investigation/summary';

export const INVESTIGATION_PROTOCOL_VERSION = 1;

// What the view needs of the log's vocabulary, re-exported: webview/ imports only the message layer.
export { ACTION_STATES, HYPOTHESIS_STATUSES, LIMITS as LOG_LIMITS, ROLES, STATUSES, VERDICTS } from '../core/investigation/events';
export type { ActionState, EvidenceBody, FrozenSeries, HypothesisStatus, ReportPlace, Role, Status, Verdict } from '../core/investigation/events';
export type { InvestigationState, TimelineEntry } from '../core/investigation/fold';
export type { WeeklyCount } from '../core/investigation/summary';

/** The most a message may carry, beyond what each event's own checks bound. */
export const LIMITS = {
  type: 40,
  /** A log's name (its file name without .jsonl). */
  name: 300,
  message: 10_000,
  href: 2_000,
  /** Events of one log the view accepts: 10,000 must work (issue 11); ten times that is refused. */
  timeline: 100_000,
  /** Lines of a log: openLine beyond this is refused. */
  lines: 10_000_000,
} as const;

/**
 * The events the composer writes. `opened` starts a log (a command), `evidence` is pinned from the
 * report panel, `contextMark` comes from the report's context list: the view never writes those.
 */
export const COMPOSER_EVENT_TYPES = [
  'note',
  'hypothesis',
  'hypothesisStatus',
  'review',
  'question',
  'answer',
  'action',
  'actionState',
  'verdict',
  'role',
  'status',
  'closed',
] as const satisfies readonly (keyof EventData)[];
export type ComposerEventType = (typeof COMPOSER_EVENT_TYPES)[number];

export const FINDING_ACTIONS = ['postmortem', 'adr', 'linkCommit'] as const;
export type FindingAction = (typeof FINDING_ACTIONS)[number];

/** The id of the JSON block in which the host writes the view's first state message into its page (ADR 0025). */
export const FIRST_STATE_ELEMENT_ID = 'first-state';

/** Timeline entries the view gets at first, and more per "show older". */
export const TIMELINE_PAGE = 500;

/**
 * The folded state as the view gets it: without `notes` (the timeline shows them) and with only the
 * latest timeline entries it asked for, counting the rest. A 10,000-event log is then a message of a
 * few hundred KB per change rather than megabytes (each append posts the state again).
 */
export interface ViewedState extends Omit<InvestigationState, 'notes'> {
  /** Timeline entries before the first one sent. */
  readonly olderEntries: number;
}

/** The state to post: the latest `entries` timeline entries. */
export function viewedState(s: InvestigationState, entries: number): ViewedState {
  const { notes: _, timeline, ...rest } = s;
  const from = Math.max(0, timeline.length - Math.max(1, entries));
  return { ...rest, timeline: from ? timeline.slice(from) : timeline, olderEntries: from };
}

// ---- host -> view ------------------------------------------------------------------------------
export type ToInvestigationView =
  /**
   * The investigation as folded now. `me`: the author name this window writes as. `readOnly`: a
   * read-only Live Share guest (ADR 0016): the view shows no composer and no control that writes.
   */
  | {
      readonly type: 'state';
      readonly name: string;
      readonly me: string;
      readonly state: ViewedState;
      readonly weekly?: WeeklyCount;
      readonly readOnly?: true;
    }
  /** The log was deleted or moved: the view says so and keeps its drafts. */
  | { readonly type: 'gone'; readonly name: string; readonly message: string }
  /** Who else is viewing this investigation, and which item (presence, issue 12): never redraws the view. */
  | { readonly type: 'presence'; readonly people: readonly ViewPresenceMark[] };

/** Another person viewing the investigation: their role in it, and the item (event id) they focus. */
export interface ViewPresenceMark {
  readonly author: string;
  readonly role?: string;
  readonly item?: string;
}

/** What the host answers to `ready`. */
export type InvestigationReadyReply = ToInvestigationView;

// ---- view -> host ------------------------------------------------------------------------------
/**
 * Requests, each answered `ok` (or the ready reply) or with an error reply whose message the view
 * shows: `append` one event (the host checks it with the log's own checks before writing);
 * `openPlace` reopens the report at a pinned evidence's place; `openLink` opens an http, https or
 * mailto link through VS Code's confirmation; `openLine` opens the log at a problem's line.
 * `webviewError` is a notification.
 */
export type FromInvestigationView =
  | { readonly type: 'ready'; readonly protocol: number }
  | { readonly type: 'append'; readonly eventType: ComposerEventType; readonly data: Readonly<Record<string, unknown>> }
  | { readonly type: 'openPlace'; readonly place: ReportPlace }
  | { readonly type: 'openLink'; readonly href: string }
  | { readonly type: 'openLine'; readonly line: number }
  /** Open a finding the log records (by its path): in the markdown preview beside, or in an editor. */
  | { readonly type: 'openFinding'; readonly path: string; readonly how: 'preview' | 'edit' }
  /** Show the changes of a commit the log links. */
  | { readonly type: 'openCommit'; readonly hash: string }
  /** Run a findings command on this investigation: write the post-mortem, record the decision, link a commit. */
  | { readonly type: 'findingAction'; readonly action: FindingAction }
  /** Send the latest `entries` timeline entries from now on ("show older"); answered ok, the state follows. */
  | { readonly type: 'timeline'; readonly entries: number }
  | { readonly type: 'webviewError'; readonly message: string }
  /** Notification: the item (an event id) the reader focuses now, or none (presence, issue 12). */
  | { readonly type: 'focus'; readonly item?: string };

// ---- checks ------------------------------------------------------------------------------------
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max: number, min = 0): v is string => typeof v === 'string' && v.length >= min && v.length <= max;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const oneOf = (v: unknown, xs: readonly string[]): boolean => typeof v === 'string' && xs.includes(v);
const onlyKeys = (b: Obj, ...allowed: string[]): boolean => Object.keys(b).every(k => k === 'type' || allowed.includes(k));
const NAME_RE = /^[\w.-]+$/;
const isLogName = (v: unknown): v is string => isStr(v, LIMITS.name, 1) && NAME_RE.test(v);

/** The schemes a link in the view may open (through VS Code's external-link confirmation). */
const OPENABLE = new Set(['http:', 'https:', 'mailto:']);

/** True for an absolute http, https (with a host) or mailto link; both ends use it. */
export function isOpenableHref(href: unknown): boolean {
  if (!isStr(href, LIMITS.href, 1)) return false;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  if (!OPENABLE.has(url.protocol)) return false;
  return url.protocol === 'mailto:' || url.hostname.length > 0;
}

/** Why `v` is not a place in the report (metric, slice, start <= end), or undefined. */
export function placeProblem(v: unknown): string | undefined {
  if (!isObj(v) || !onlyKeys(v, 'metric', 'slice', 'start', 'end')) return 'a place is { metric, slice, start, end }';
  if (!isStr(v.metric, LOG_LIMITS.short, 1)) return 'a place needs a metric';
  const slice = v.slice;
  if (
    !isObj(slice) ||
    Object.keys(slice).length > LOG_LIMITS.columns ||
    !Object.entries(slice).every(([k, x]) => isStr(k, LOG_LIMITS.short, 1) && isStr(x, LOG_LIMITS.short))
  ) {
    return 'a place needs a slice of dimension names to values';
  }
  return isNum(v.start) && isNum(v.end) && v.start <= v.end ? undefined : 'a place needs start <= end';
}

/** Validate an investigation-channel message from the view (host side), strictly. Throws ProtocolError. */
export function parseFromInvestigationView(v: unknown): Envelope<FromInvestigationView | ErrorReply | OkReply> {
  return parseEnvelope(v, 'investigation', b => {
    if (!isObj(b) || !isStr(b.type, LIMITS.type)) return 'body has no type';
    switch (b.type) {
      case 'ready':
        return isInt(b.protocol) && onlyKeys(b, 'protocol') ? undefined : 'ready needs a protocol version, and nothing else';
      case 'append':
        // The data's own fields are checked by the host with the log's checks (dataProblem), which say why in the user's words.
        return oneOf(b.eventType, COMPOSER_EVENT_TYPES) && isObj(b.data) && onlyKeys(b, 'eventType', 'data')
          ? undefined
          : `append needs an eventType (${COMPOSER_EVENT_TYPES.join(', ')}) and its data, and nothing else`;
      case 'openPlace':
        return onlyKeys(b, 'place') ? placeProblem(b.place) : 'openPlace needs a place, and nothing else';
      case 'openLink':
        return isStr(b.href, LIMITS.href, 1) && onlyKeys(b, 'href') ? undefined : 'openLink needs an href, and nothing else';
      case 'openLine':
        return isInt(b.line) && b.line >= 1 && b.line <= LIMITS.lines && onlyKeys(b, 'line')
          ? undefined
          : 'openLine needs a line number from 1, and nothing else';
      case 'openFinding':
        return isInsidePath(b.path) && oneOf(b.how, ['preview', 'edit']) && onlyKeys(b, 'path', 'how')
          ? undefined
          : 'openFinding needs a path inside the folder and how (preview or edit), and nothing else';
      case 'openCommit':
        return isCommitHash(b.hash) && onlyKeys(b, 'hash') ? undefined : 'openCommit needs a full commit hash, and nothing else';
      case 'findingAction':
        return oneOf(b.action, FINDING_ACTIONS) && onlyKeys(b, 'action')
          ? undefined
          : `findingAction needs an action (${FINDING_ACTIONS.join(', ')}), and nothing else`;
      case 'timeline':
        return isInt(b.entries) && b.entries >= 1 && b.entries <= LIMITS.timeline && onlyKeys(b, 'entries')
          ? undefined
          : 'timeline needs a number of entries, and nothing else';
      case 'webviewError':
        return isStr(b.message, LIMITS.message) && onlyKeys(b, 'message') ? undefined : 'webviewError needs a message, and nothing else';
      case 'focus':
        return (b.item === undefined || isEventId(b.item)) && onlyKeys(b, 'item') ? undefined : 'focus needs an event id (or none), and nothing else';
      default:
        return replyProblem(b);
    }
  });
}

/** Validate an investigation-channel message from the host (view side). Throws ProtocolError. */
export function parseToInvestigationView(v: unknown): Envelope<ToInvestigationView | ErrorReply | OkReply> {
  return parseEnvelope(v, 'investigation', b => (isObj(b) && (b.type === 'ok' || b.type === 'error') ? replyProblem(b) : toInvestigationViewProblem(b)));
}

/** Why a host message body is not one the view draws, or undefined. */
export function toInvestigationViewProblem(b: unknown): string | undefined {
  if (!isObj(b)) return 'body has no type';
  switch (b.type) {
    case 'state':
      if (!isLogName(b.name) || !isStr(b.me, LOG_LIMITS.short, 1)) return 'state needs the log name and me';
      if (b.weekly !== undefined && !weeklyOk(b.weekly)) return 'state.weekly must be the weekly counter';
      if (b.readOnly !== undefined && b.readOnly !== true) return 'state.readOnly must be true or absent';
      return stateProblem(b.state);
    case 'gone':
      return isLogName(b.name) && isStr(b.message, LIMITS.message) ? undefined : 'gone needs the log name and a message';
    case 'presence':
      return onlyKeys(b, 'people') &&
        Array.isArray(b.people) &&
        b.people.length <= 20 &&
        b.people.every(
          (p: unknown) =>
            isObj(p) &&
            isStr(p.author, LOG_LIMITS.short, 1) &&
            (p.role === undefined || isStr(p.role, LIMITS.type)) &&
            (p.item === undefined || isEventId(p.item)),
        )
        ? undefined
        : 'presence needs people: at most 20 { author, role?, item? }';
    default:
      return `unknown message type "${String(b.type)}"`;
  }
}

const WEEKLY_KEYS = ['flagged', 'real', 'expected', 'dataProblem', 'falseAlarm', 'missed', 'unlabelled'];
const weeklyOk = (w: unknown) => isObj(w) && WEEKLY_KEYS.every(k => isInt(w[k]) && (w[k] as number) >= 0);

const stampOk = (s: unknown): s is Obj => isObj(s) && isEventId(s.id) && isStr(s.by, LOG_LIMITS.short, 1) && isStr(s.at, 64, 1);
const textOk = (v: unknown) => isStr(v, LOG_LIMITS.text);
const optText = (v: unknown) => v === undefined || textOk(v);
const listOk = (v: unknown, item: (x: unknown) => boolean, max = LIMITS.timeline): boolean => Array.isArray(v) && v.length <= max && v.every(item);

/**
 * Why `s` is not a ViewedState the view can draw, or undefined. It comes from the host's own
 * fold, so this guards against bugs and version skew rather than attack: every field the view reads
 * is checked for its type, events and evidence with the log's own checks.
 */
export function stateProblem(s: unknown): string | undefined {
  if (!isObj(s)) return 'state must be an object';
  if (s.title !== undefined && !isStr(s.title, LOG_LIMITS.short)) return 'state.title must be text';
  if (!oneOf(s.status, STATUSES)) return 'state.status must be open, monitoring or resolved';
  if (s.opened !== undefined && !stampOk(s.opened)) return 'state.opened must be a stamp';
  if (s.anomaly !== undefined && (!isObj(s.anomaly) || dataProblem('opened', { title: 't', origin: 'anomaly', anomaly: s.anomaly } as never))) {
    return `state.anomaly: ${isObj(s.anomaly) ? dataProblem('opened', { title: 't', origin: 'anomaly', anomaly: s.anomaly } as never) : 'must be an object'}`;
  }
  if (s.closed !== undefined && !(stampOk(s.closed) && textOk(s.closed.summary) && textOk(s.closed.rootCause) && textOk(s.closed.decision))) {
    return 'state.closed needs a summary, a root cause and a decision';
  }
  if (s.verdict !== undefined && !(stampOk(s.verdict) && oneOf(s.verdict.verdict, VERDICTS) && optText(s.verdict.reason)))
    return 'state.verdict is not a verdict';
  const checks: [string, (x: unknown) => boolean][] = [
    ['participants', p => isObj(p) && isStr(p.name, LOG_LIMITS.short, 1) && (p.role === undefined || oneOf(p.role, ROLES)) && isInt(p.events)],
    [
      'hypotheses',
      h =>
        stampOk(h) &&
        textOk(h.text) &&
        oneOf(h.status, HYPOTHESIS_STATUSES) &&
        listOk(h.evidence, isEventId) &&
        optText(h.reason) &&
        listOk(h.history, x => stampOk(x) && oneOf(x.status, HYPOTHESIS_STATUSES) && optText(x.reason)),
    ],
    ['evidence', e => stampOk(e) && isObj(e.body) && dataProblem('evidence', e.body as never) === undefined],
    ['questions', q => stampOk(q) && textOk(q.text) && listOk(q.answers, a => stampOk(a) && textOk(a.text))],
    ['actions', a => stampOk(a) && textOk(a.text) && oneOf(a.state, ACTION_STATES) && (a.owner === undefined || isStr(a.owner, LOG_LIMITS.short))],
    ['contextMarks', m => stampOk(m) && isStr(m.key, LOG_LIMITS.text) && isStr(m.title, LOG_LIMITS.short) && typeof m.expected === 'boolean'],
    ['findings', f => stampOk(f) && dataProblem('finding', { kind: f.kind, path: f.path, title: f.title } as never) === undefined],
    [
      'commits',
      c =>
        stampOk(c) &&
        dataProblem('commit', {
          hash: c.hash,
          subject: c.subject,
          link: c.link,
          ...(c.committedAt !== undefined ? { committedAt: c.committedAt } : {}),
        } as never) === undefined,
    ],
    ['timeline', timelineEntryOk],
    ['problems', p => isObj(p) && isInt(p.line) && isStr(p.message, LIMITS.message)],
  ];
  for (const [key, ok] of checks) {
    const list = s[key];
    if (!Array.isArray(list) || list.length > LIMITS.timeline) return `state.${key} must be a list of at most ${LIMITS.timeline}`;
    const bad = list.findIndex(x => !ok(x));
    if (bad >= 0) return `state.${key}[${bad}] is malformed`;
  }
  if (!isInt(s.maxClock)) return 'state.maxClock must be an integer';
  if (!isInt(s.olderEntries) || s.olderEntries < 0) return 'state.olderEntries must be a count';
  return undefined;
}

/** A timeline entry: an event the log's checks accept, or one kept for a newer Calibrate. */
function timelineEntryOk(t: unknown): boolean {
  if (!isObj(t) || !isInt(t.line)) return false;
  if ('event' in t) return 'ok' in checkEvent(t.event);
  const f = t.foreign;
  return (
    isObj(f) &&
    isEventId(f.id) &&
    isStr(f.at, 64, 1) &&
    isStr(f.author, LOG_LIMITS.short, 1) &&
    isStr(f.type, LOG_LIMITS.short, 1) &&
    isStr(f.why, LIMITS.message) &&
    isInt(f.clock)
  );
}
