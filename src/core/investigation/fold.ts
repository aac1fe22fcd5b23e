// The investigation's state: a deterministic fold over its events. The events are sorted by
// (clock, author, id) first, so any order of the same lines gives the same state (two replicas that
// have the same lines agree), and a line written twice (a merge, a retried append) counts once.
// Later in that order wins for what has one value (status, verdict, a role, a hypothesis's status).
// It never throws: a reference to an event the log does not have (yet) is skipped and reported.
// Pure: no vscode, no I/O.
import type {
  ActionState,
  AnomalyCopy,
  CommitLink,
  DrillDifficulty,
  DrillScore,
  FindingKind,
  EvidenceBody,
  EventOf,
  ForeignEvent,
  HypothesisStatus,
  InvestigationEvent,
  Origin,
  Role,
  Status,
  Verdict,
} from './events';
import { parseLog, type LineProblem, type LogLine, type ParsedLog } from './log';

/** Who did something, when (ISO), by which event. */
export interface Stamp {
  readonly id: string;
  readonly by: string;
  readonly at: string;
}

export interface Hypothesis extends Stamp {
  readonly text: string;
  readonly status: HypothesisStatus;
  /** A draft waits for review: it counts as proposed once approved. */
  readonly draft: boolean;
  /** Every review, in order: who approved it or sent it back, when, and why. */
  readonly reviews: readonly (Stamp & { readonly approved: boolean; readonly comment?: string })[];
  /** The evidence ids the latest status named (ids the log has). */
  readonly evidence: readonly string[];
  readonly reason?: string;
  /** Every status change, in order. */
  readonly history: readonly (Stamp & { readonly status: HypothesisStatus; readonly reason?: string })[];
}

export interface Question extends Stamp {
  readonly text: string;
  readonly answers: readonly (Stamp & { readonly text: string })[];
}

export interface ActionItem extends Stamp {
  readonly text: string;
  readonly owner?: string;
  readonly state: ActionState;
}

export interface Finding extends Stamp {
  readonly kind: FindingKind;
  /** From the workspace folder, with '/'. */
  readonly path: string;
  readonly title: string;
}

export interface LinkedCommit extends Stamp {
  readonly hash: string;
  readonly subject: string;
  readonly link: CommitLink;
  readonly committedAt?: string;
}

export interface Participant {
  readonly name: string;
  readonly role?: Role;
  readonly events: number;
  readonly lastAt?: string;
}

/** The timeline: every event in order, folded or kept for a newer version. */
export type TimelineEntry = { readonly event: InvestigationEvent; readonly line: number } | { readonly foreign: ForeignEvent; readonly line: number };

export interface InvestigationState {
  /** From the opened event; undefined when the log has none yet (a fresh file, a lost first line). */
  readonly title?: string;
  readonly origin?: Origin;
  readonly anomaly?: AnomalyCopy;
  readonly opened?: Stamp;
  readonly status: Status;
  readonly closed?: Stamp & { readonly summary: string; readonly rootCause: string; readonly decision: string };
  readonly verdict?: Stamp & { readonly verdict: Verdict; readonly reason?: string };
  readonly participants: readonly Participant[];
  /** The lead now, if anyone has been given the role. */
  readonly lead?: string;
  /** Every role given, in order: the hand-offs (who passed the lead to whom, when). */
  readonly roles: readonly (Stamp & { readonly person: string; readonly role: Role })[];
  readonly notes: readonly (Stamp & { readonly text: string })[];
  readonly hypotheses: readonly Hypothesis[];
  readonly evidence: readonly (Stamp & { readonly body: EvidenceBody })[];
  readonly questions: readonly Question[];
  readonly actions: readonly ActionItem[];
  /** Context items marked expected (true) or not (false), latest per key. */
  readonly contextMarks: readonly (Stamp & { readonly key: string; readonly title: string; readonly expected: boolean })[];
  /** The post-mortems and decision records written from it, latest per path, in the order first written. */
  readonly findings: readonly Finding[];
  /** The commits linked to it, once per hash (the first link in order), in that order. */
  readonly commits: readonly LinkedCommit[];
  /** When it is a drill (issue 16): the first drill started in it, and its reveal when there is one. */
  readonly drill?: Stamp & {
    readonly drillId: string;
    readonly difficulty: DrillDifficulty;
    readonly truthDigest: string;
    readonly revealed?: Stamp & { readonly score: DrillScore };
  };
  readonly timeline: readonly TimelineEntry[];
  /** Lines that could not be read, events that refer to what is not there, ids written twice differently. */
  readonly problems: readonly LineProblem[];
  /** The highest clock in the log: the next event's is one more. */
  readonly maxClock: number;
  readonly lastAt?: string;
}

const stamp = (e: InvestigationEvent): Stamp => ({ id: e.id, by: e.author, at: e.at });

/** (clock, author, id): the one order every replica agrees on. Plain code-unit comparison, never locale. */
export function eventOrder(a: { clock: number; author: string; id: string }, b: { clock: number; author: string; id: string }): number {
  return a.clock - b.clock || cmp(a.author, b.author) || cmp(a.id, b.id);
}
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One line per id: equal lines are one event; different lines with one id keep the smaller text (any order picks the same) and are reported. */
function unique<E extends { id: string }>(lines: readonly LogLine<E>[], problems: LineProblem[]): LogLine<E>[] {
  const byId = new Map<string, LogLine<E>>();
  for (const l of lines) {
    const seen = byId.get(l.event.id);
    if (!seen) byId.set(l.event.id, l);
    else if (seen.raw !== l.raw) {
      const [keep, drop] = seen.raw < l.raw ? [seen, l] : [l, seen];
      byId.set(l.event.id, keep);
      problems.push({
        line: Math.max(seen.line, l.line),
        message: `lines ${Math.min(seen.line, l.line)} and ${Math.max(seen.line, l.line)} have the same id "${l.event.id}" with different content: line ${keep.line} is used, line ${drop.line} is kept in the file and skipped`,
      });
    } else if (l.line < seen.line) byId.set(l.event.id, l);
  }
  return [...byId.values()];
}

/** Fold a log's text. */
export function foldLog(text: string): InvestigationState {
  return fold(parseLog(text));
}

export function fold(parsed: ParsedLog): InvestigationState {
  const problems: LineProblem[] = [...parsed.problems];
  const events = unique(parsed.events, problems).sort((a, b) => eventOrder(a.event, b.event));
  const foreign = unique(parsed.foreign, problems).sort((a, b) => eventOrder(a.event, b.event));

  let title: string | undefined, origin: Origin | undefined, anomaly: AnomalyCopy | undefined, opened: Stamp | undefined;
  let status: Status = 'open';
  let closed: InvestigationState['closed'];
  let verdict: InvestigationState['verdict'];
  const people = new Map<string, { name: string; role?: Role; events: number; lastAt?: string }>();
  const person = (name: string) => people.get(name) ?? people.set(name, { name, events: 0 }).get(name)!;
  const notes: (Stamp & { text: string })[] = [];
  const hypotheses = new Map<string, Hypothesis>();
  const evidence = new Map<string, Stamp & { body: EvidenceBody }>();
  const questions = new Map<string, Question>();
  const actions = new Map<string, ActionItem>();
  const marks = new Map<string, Stamp & { key: string; title: string; expected: boolean }>();
  const roles: (Stamp & { person: string; role: Role })[] = [];
  const findings = new Map<string, Finding>();
  const commits = new Map<string, LinkedCommit>();
  let drill: InvestigationState['drill'];
  const missing = (l: LogLine<InvestigationEvent>, what: string, id: string) =>
    problems.push({ line: l.line, message: `line ${l.line} refers to ${what} "${id}", which this log does not have (yet): it is skipped` });

  for (const l of events) {
    const e = l.event;
    const p = person(e.author);
    p.events++;
    p.lastAt = e.at;
    switch (e.type) {
      case 'opened':
        // The first opened event in order names the investigation; a second (a merge of two starts) is in the timeline only.
        if (!opened) {
          ({ title, origin, anomaly } = e.data);
          opened = stamp(e);
        }
        break;
      case 'note':
        notes.push({ ...stamp(e), text: e.data.text });
        break;
      case 'hypothesis':
        hypotheses.set(e.id, { ...stamp(e), text: e.data.text, status: 'proposed', draft: e.data.draft === true, reviews: [], evidence: [], history: [] });
        break;
      case 'review': {
        const h = hypotheses.get(e.data.hypothesis);
        if (!h) {
          missing(l, 'the hypothesis', e.data.hypothesis);
          break;
        }
        const comment = e.data.comment;
        hypotheses.set(h.id, {
          ...h,
          draft: !e.data.approved,
          reviews: [...h.reviews, { ...stamp(e), approved: e.data.approved, ...(comment ? { comment } : {}) }],
        });
        break;
      }
      case 'hypothesisStatus': {
        const h = hypotheses.get(e.data.hypothesis);
        if (!h) {
          missing(l, 'the hypothesis', e.data.hypothesis);
          break;
        }
        const known = e.data.evidence.filter(id => evidence.has(id));
        for (const id of e.data.evidence) if (!evidence.has(id)) missing(l, 'the evidence', id);
        const reason = e.data.reason;
        hypotheses.set(h.id, {
          ...h,
          status: e.data.status,
          evidence: known,
          ...(reason ? { reason } : { reason: undefined }),
          history: [...h.history, { ...stamp(e), status: e.data.status, ...(reason ? { reason } : {}) }],
        });
        break;
      }
      case 'evidence':
        evidence.set(e.id, { ...stamp(e), body: e.data });
        break;
      case 'question':
        questions.set(e.id, { ...stamp(e), text: e.data.text, answers: [] });
        break;
      case 'answer': {
        const q = questions.get(e.data.question);
        if (!q) missing(l, 'the question', e.data.question);
        else questions.set(q.id, { ...q, answers: [...q.answers, { ...stamp(e), text: e.data.text }] });
        break;
      }
      case 'action':
        actions.set(e.id, { ...stamp(e), text: e.data.text, state: 'open', ...(e.data.owner ? { owner: e.data.owner } : {}) });
        break;
      case 'actionState': {
        const a = actions.get(e.data.action);
        if (!a) missing(l, 'the action item', e.data.action);
        else actions.set(a.id, { ...a, state: e.data.state, ...(e.data.owner ? { owner: e.data.owner } : {}) });
        break;
      }
      case 'verdict':
        verdict = { ...stamp(e), verdict: e.data.verdict, ...(e.data.reason ? { reason: e.data.reason } : {}) };
        break;
      case 'role':
        // One lead at a time: handing the lead on makes the previous lead an observer (the expert who
        // now reviews), unless a later role event says otherwise.
        if (e.data.role === 'lead') for (const p of people.values()) if (p.role === 'lead' && p.name !== e.data.person) p.role = 'observer';
        person(e.data.person).role = e.data.role;
        roles.push({ ...stamp(e), person: e.data.person, role: e.data.role });
        break;
      case 'status':
        status = e.data.status;
        closed = undefined; // a status after the close reopens it
        break;
      case 'closed':
        closed = { ...stamp(e), ...e.data };
        status = 'resolved';
        break;
      case 'contextMark':
        marks.set(e.data.key, { ...stamp(e), key: e.data.key, title: e.data.title, expected: e.data.expected });
        break;
      case 'finding':
        // Written again (regenerated, renamed): the latest says what it is; it keeps its place in the list.
        findings.set(e.data.path, { ...stamp(e), kind: e.data.kind, path: e.data.path, title: e.data.title });
        break;
      case 'commit':
        // Two windows (or peers) that both saw the commit land link it twice: it counts once.
        if (!commits.has(e.data.hash)) commits.set(e.data.hash, { ...stamp(e), ...e.data });
        break;
      case 'drill': {
        const { drillId, difficulty, truthDigest, score } = e.data;
        // One drill per investigation: the first started; its first reveal (a second is in the timeline only).
        if (e.data.phase === 'started') drill ??= { ...stamp(e), drillId, difficulty, truthDigest };
        else if (!drill || drill.drillId !== drillId) missing(l, 'the drill', drillId);
        else if (!drill.revealed && score) drill = { ...drill, revealed: { ...stamp(e), score } };
        break;
      }
      default: {
        // Every type checkEvent accepts is handled above; the compiler holds that.
        const exhaustive: never = e;
        void exhaustive;
      }
    }
  }

  const timeline = mergeTimeline(events, foreign);
  const lead = [...people.values()].find(p => p.role === 'lead');
  const last = timeline.at(-1);
  return {
    ...(title !== undefined ? { title } : {}),
    ...(origin ? { origin } : {}),
    ...(anomaly ? { anomaly } : {}),
    ...(opened ? { opened } : {}),
    status,
    ...(closed ? { closed } : {}),
    ...(verdict ? { verdict } : {}),
    participants: [...people.values()].sort((a, b) => cmp(a.name, b.name)).map(p => ({ ...p })),
    ...(lead ? { lead: lead.name } : {}),
    roles,
    notes,
    hypotheses: [...hypotheses.values()].map(h => (h.reason === undefined ? withoutReason(h) : h)),
    evidence: [...evidence.values()],
    questions: [...questions.values()],
    actions: [...actions.values()],
    contextMarks: [...marks.values()],
    findings: [...findings.values()],
    commits: [...commits.values()],
    ...(drill ? { drill } : {}),
    timeline,
    problems: problems.sort((a, b) => a.line - b.line || cmp(a.message, b.message)),
    maxClock: parsed.maxClock,
    ...(last ? { lastAt: 'event' in last ? last.event.at : last.foreign.at } : {}),
  };
}

/** The two sorted lists as one timeline, in order: a merge, not another sort (logs rarely have foreign events). */
function mergeTimeline(events: readonly LogLine<InvestigationEvent>[], foreign: readonly LogLine<ForeignEvent>[]): TimelineEntry[] {
  const out: TimelineEntry[] = new Array(events.length + foreign.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < out.length; k++) {
    out[k] =
      j >= foreign.length || (i < events.length && eventOrder(events[i].event, foreign[j].event) <= 0)
        ? { event: events[i].event, line: events[i++].line }
        : { foreign: foreign[j].event, line: foreign[j++].line };
  }
  return out;
}

function withoutReason(h: Hypothesis): Hypothesis {
  const { reason: _, ...rest } = h;
  return rest;
}

/** The events of one type, in order (for writers that render a part of the log). */
export function eventsOf<T extends InvestigationEvent['type']>(s: InvestigationState, type: T): EventOf<T>[] {
  return s.timeline.flatMap(t => ('event' in t && t.event.type === type ? [t.event as EventOf<T>] : []));
}
