// Builders for investigation logs in tests: events written as a real writer writes them (newEvent,
// eventLine), with ids and times from counters so every log is reproducible.
import fc from 'fast-check';
import {
  eventLine,
  foldLog,
  newEvent,
  type EventData,
  type EventType,
  type InvestigationEvent,
  type InvestigationState,
} from '../../../src/core/investigation';

export const T0 = Date.parse('2026-11-03T17:30:00Z');

/** A writer: its own author, a clock it keeps from what it has seen, ids `<author>-000001`…. */
let writers = 0;

export class Writer {
  private n = 0;
  /** Each writer draws its own ids, as random ids would be: two writers never share one. */
  private readonly prefix: string;
  constructor(
    readonly author: string,
    private maxClock = 0,
  ) {
    this.prefix = `${author.replace(/[^A-Za-z0-9]/g, '').slice(0, 20) || 'anon'}${++writers}`;
  }
  /** See another replica's lines (Lamport: the next clock is after everything seen). */
  see(text: string): void {
    this.maxClock = Math.max(this.maxClock, foldLog(text).maxClock);
  }
  event<T extends EventType>(type: T, data: EventData[T]): InvestigationEvent {
    const id = `${this.prefix}-${String(++this.n).padStart(6, '0')}`;
    const e = newEvent({ author: this.author, now: () => T0 + this.maxClock * 60_000, newId: () => id }, this.maxClock, type, data);
    this.maxClock = e.clock;
    return e;
  }
  line<T extends EventType>(type: T, data: EventData[T]): string {
    return eventLine(this.event(type, data));
  }
}

/** The lines of a text (each with its newline). */
export const linesOf = (text: string): string[] => text.split(/(?<=\n)/).filter(l => l !== '');

/**
 * The state without what depends on where lines sit in the file: the line numbers of the timeline
 * and the problems (a permutation moves them). Everything else must be equal.
 */
export function semantic(s: InvestigationState): unknown {
  const { problems: _p, timeline, ...rest } = s;
  return JSON.parse(JSON.stringify({ ...rest, timeline: timeline.map(t => ('event' in t ? { event: t.event } : { foreign: t.foreign })) }));
}

/** Problems with their line numbers taken out, sorted: what a permutation must keep. */
export const problemKinds = (s: InvestigationState): string[] =>
  s.problems.map(p => p.message.replace(/\blines? \d+( and \d+)?/g, 'line #').replace(/line \d+ is used, line \d+/, 'line # is used, line #')).sort();

/** One thing a person does, for generated logs: which type, and a pick among earlier targets. */
export type Op =
  | { readonly kind: 'note' | 'hypothesis' | 'draft' | 'question' | 'action'; readonly text: string }
  | { readonly kind: 'review'; readonly pick: number; readonly approved: boolean }
  | { readonly kind: 'hypothesisStatus'; readonly pick: number; readonly status: 'supported' | 'rejected' | 'proposed'; readonly withEvidence: boolean }
  | { readonly kind: 'evidence'; readonly points: number }
  | { readonly kind: 'answer'; readonly pick: number }
  | { readonly kind: 'actionState'; readonly pick: number; readonly state: 'open' | 'done' | 'dropped' }
  | { readonly kind: 'verdict'; readonly verdict: 'real' | 'expected' | 'dataProblem' | 'falseAlarm' }
  | { readonly kind: 'role'; readonly person: string; readonly role: 'lead' | 'learner' | 'observer' }
  | { readonly kind: 'status'; readonly status: 'open' | 'monitoring' | 'resolved' }
  | { readonly kind: 'closed' }
  | { readonly kind: 'finding'; readonly adr: boolean; readonly pick: number }
  | { readonly kind: 'commit'; readonly pick: number }
  | { readonly kind: 'foreign'; readonly newer: boolean };

const people = fc.constantFrom('ana', 'bo', 'Chloé');
export const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom('note', 'hypothesis', 'draft', 'question', 'action' as const), text: fc.string({ minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant('review' as const), pick: fc.nat(), approved: fc.boolean() }),
  fc.record({
    kind: fc.constant('hypothesisStatus' as const),
    pick: fc.nat(),
    status: fc.constantFrom('supported', 'rejected', 'proposed' as const),
    withEvidence: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('evidence' as const), points: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('answer' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('actionState' as const), pick: fc.nat(), state: fc.constantFrom('open', 'done', 'dropped' as const) }),
  fc.record({ kind: fc.constant('verdict' as const), verdict: fc.constantFrom('real', 'expected', 'dataProblem', 'falseAlarm' as const) }),
  fc.record({ kind: fc.constant('role' as const), person: people, role: fc.constantFrom('lead', 'learner', 'observer' as const) }),
  fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom('open', 'monitoring', 'resolved' as const) }),
  fc.record({ kind: fc.constant('closed' as const) }),
  // Few paths and hashes, so the same finding is written again and the same commit linked twice (two windows, two peers).
  fc.record({ kind: fc.constant('finding' as const), adr: fc.boolean(), pick: fc.nat() }),
  fc.record({ kind: fc.constant('commit' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('foreign' as const), newer: fc.boolean() }),
);

export const COMMIT_HASHES = ['a'.repeat(40), '0123456789abcdef0123456789abcdef01234567', 'b'.repeat(64)];

const PLACE = { metric: 'page_views', slice: { platform: 'ios' }, start: T0 - 4 * 3_600_000, end: T0 };

/** What a writer has made so far (its own view): targets for references. */
export interface Made {
  hypotheses: string[];
  evidence: string[];
  questions: string[];
  actions: string[];
}
export const made = (): Made => ({ hypotheses: [], evidence: [], questions: [], actions: [] });

/** The line a writer appends for `op`; references pick among what `m` holds, or name a missing id when it is empty. */
export function opLine(w: Writer, m: Made, op: Op): string {
  const pick = (xs: string[], i: number) => (xs.length ? xs[i % xs.length]! : 'missing-000');
  switch (op.kind) {
    case 'note':
      return w.line('note', { text: op.text });
    case 'hypothesis':
    case 'draft': {
      const e = w.event('hypothesis', { text: op.text, ...(op.kind === 'draft' ? { draft: true } : {}) });
      m.hypotheses.push(e.id);
      return eventLine(e);
    }
    case 'review':
      return w.line('review', { hypothesis: pick(m.hypotheses, op.pick), approved: op.approved, ...(op.approved ? {} : { comment: 'not yet' }) });
    case 'question': {
      const e = w.event('question', { text: op.text });
      m.questions.push(e.id);
      return eventLine(e);
    }
    case 'action': {
      const e = w.event('action', { text: op.text, owner: 'bo' });
      m.actions.push(e.id);
      return eventLine(e);
    }
    case 'hypothesisStatus':
      return w.line('hypothesisStatus', {
        hypothesis: pick(m.hypotheses, op.pick),
        status: op.status,
        evidence: op.withEvidence && m.evidence.length ? [pick(m.evidence, op.pick)] : [],
      });
    case 'evidence': {
      const x = Array.from({ length: op.points }, (_, i) => PLACE.start + i * 3_600_000);
      const e = w.event('evidence', {
        kind: 'chart',
        title: 'iOS page views',
        place: PLACE,
        zone: 'America/Los_Angeles',
        series: { x, actual: x.map((_, i) => 100 - i) },
      });
      m.evidence.push(e.id);
      return eventLine(e);
    }
    case 'answer':
      return w.line('answer', { question: pick(m.questions, op.pick), text: 'yes' });
    case 'actionState':
      return w.line('actionState', { action: pick(m.actions, op.pick), state: op.state });
    case 'verdict':
      return w.line('verdict', { verdict: op.verdict });
    case 'role':
      return w.line('role', { person: op.person, role: op.role });
    case 'status':
      return w.line('status', { status: op.status });
    case 'closed':
      return w.line('closed', { summary: 's', rootCause: 'r', decision: 'd' });
    case 'finding':
      return w.line('finding', {
        kind: op.adr ? 'adr' : 'postmortem',
        path: op.adr ? `docs/adr/000${op.pick % 2}-fix.md` : 'docs/postmortems/ios.md',
        title: `Finding ${op.pick % 3}`,
      });
    case 'commit':
      return w.line('commit', { hash: COMMIT_HASHES[op.pick % COMMIT_HASHES.length]!, subject: `Fix ${op.pick % 3}`, link: 'trailer' });
    case 'foreign': {
      // As a newer Calibrate would write it: a valid envelope, then what this one cannot fold.
      const e = w.event('note', { text: 'placeholder' });
      return JSON.stringify({ ...e, ...(op.newer ? { v: 2, type: 'note' } : { type: 'poll' }), data: { question: 'lunch?' } }) + '\n';
    }
  }
}

/** A log from one writer: opened, then the ops. */
export function logOf(author: string, ops: readonly Op[]): string {
  const w = new Writer(author);
  const m = made();
  return [w.line('opened', { title: 'iOS page views drop', origin: 'anomaly' }), ...ops.map(op => opLine(w, m, op))].join('');
}
