// The weekly calibration review (issue 16): for one ISO week (Monday to Sunday in the report's time
// zone), what the report flagged and what became of it, what was missed and why, how right the
// explanations' confidences were over the confirmed causes, each person's calls, and the lessons.
// Built from the investigation logs (folded) and the week's flagged anomalies (the adapter runs the
// report for the week's days). Drills are listed apart: their anomalies were injected, not seen.
// Pure: no vscode, no I/O.
import { DateTime } from 'luxon';
import type { ExplanationKind } from '../context/types';
import type { InvestigationState } from '../investigation/fold';
import { investigationsOf, type Investigation } from '../investigation/summary';
import type { Verdict } from '../investigation/events';
import {
  calibrationByKind,
  calibrationOf,
  fitCalibration,
  type CalibrationConstants,
  type CalibrationFigures,
  type FitCase,
  type Outcome,
} from './calibration';

// ---- weeks ----------------------------------------------------------------------------------------

export interface IsoWeek {
  readonly weekYear: number;
  readonly week: number;
}

const WEEK_RE = /^(\d{4})-W(\d{2})$/;

/** "2026-W48" → the week, or undefined when it is not one (W53 only in years that have it). */
export function parseIsoWeek(text: string): IsoWeek | undefined {
  const m = WEEK_RE.exec(text.trim());
  if (!m) return undefined;
  const w = { weekYear: Number(m[1]), week: Number(m[2]) };
  const d = DateTime.fromObject({ weekYear: w.weekYear, weekNumber: w.week, weekday: 1 }, { zone: 'UTC' });
  return d.isValid && d.weekNumber === w.week && d.weekYear === w.weekYear ? w : undefined;
}

export const weekName = (w: IsoWeek): string => `${w.weekYear}-W${String(w.week).padStart(2, '0')}`;

/** The week holding instant `t` in `zone`. */
export function weekOf(t: number, zone: string): IsoWeek {
  const d = DateTime.fromMillis(t, { zone });
  return { weekYear: d.weekYear, week: d.weekNumber };
}

/** [Monday 00:00, next Monday 00:00) in `zone`, as UTC ms (a DST week is 167 or 169 hours). */
export function weekRange(w: IsoWeek, zone: string): { readonly start: number; readonly end: number } {
  const mon = DateTime.fromObject({ weekYear: w.weekYear, weekNumber: w.week, weekday: 1 }, { zone }).startOf('day');
  return { start: mon.toMillis(), end: mon.plus({ weeks: 1 }).toMillis() };
}

/** The `count` weeks up to the one holding `now`, newest first: the quick pick's choices. */
export function recentWeeks(now: number, zone: string, count = 6): IsoWeek[] {
  const d = DateTime.fromMillis(now, { zone });
  return Array.from({ length: count }, (_, i) => {
    const x = d.minus({ weeks: i });
    return { weekYear: x.weekYear, week: x.weekNumber };
  });
}

// ---- inputs ---------------------------------------------------------------------------------------

/** An anomaly the report flagged in the week (the report's analysis, run for the week's hours). */
export interface FlaggedAnomaly {
  readonly metric: string;
  readonly label: string;
  /** UTC ms, [start, end). */
  readonly start: number;
  readonly end: number;
  readonly direction: 'up' | 'down';
  readonly vsForecastPct: number;
  /** Best first, as the report ranked them. */
  readonly explanations: readonly { readonly kind: ExplanationKind; readonly title: string; readonly confidence: number }[];
}

export interface ReviewInput {
  readonly week: IsoWeek;
  /** The report's IANA time zone: the week's days are its days. */
  readonly zone: string;
  readonly investigations: readonly Investigation[];
  readonly flagged: readonly FlaggedAnomaly[];
  /** The explainer's constants in use (the report config's, else the shipped ones). */
  readonly constants: CalibrationConstants;
  /** Hand-off suggestions from the learning ladder; undefined when none could be made. */
  readonly handoffs?: readonly string[];
  /** Why the flagged list may be incomplete (the report could not run for some days). */
  readonly flaggedNotes?: readonly string[];
}

// ---- the review -----------------------------------------------------------------------------------

export interface Cause {
  readonly title: string;
  /** An explanation kind, or "holiday or event" when a pinned explanation's title cannot tell. */
  readonly kind: string;
  /** Where it was confirmed: "supported hypothesis", "context marked expected", … */
  readonly from: string;
}

export interface SeenItem {
  readonly label: string;
  readonly metric: string;
  readonly start: number;
  readonly end: number;
  readonly direction: 'up' | 'down';
  readonly vsForecastPct: number;
  readonly top?: { readonly title: string; readonly confidence: number };
  readonly investigations: readonly {
    readonly name: string;
    readonly title: string;
    readonly verdict?: Verdict;
    readonly cause?: Cause;
    readonly why?: string;
  }[];
}

export interface MissedItem {
  readonly kind: 'reported' | 'unexamined';
  readonly title: string;
  readonly start?: number;
  readonly end?: number;
  /** The investigation it was reported in (reported misses). */
  readonly investigation?: string;
  readonly reportedBy?: string;
  readonly why: string;
}

export interface DrillItem {
  readonly investigation: string;
  readonly title: string;
  readonly difficulty: string;
  readonly startedBy: string;
  readonly result: string;
}

export interface CalibrationSection {
  readonly all: CalibrationFigures;
  readonly byKind: readonly { readonly kind: string; readonly figures: CalibrationFigures }[];
}

export interface PersonCalls {
  readonly person: string;
  /** Hypotheses they wrote this week, with where the evidence took each. */
  readonly hypotheses: readonly { readonly text: string; readonly status: string; readonly reason?: string; readonly investigation: string }[];
  readonly draftsApproved: number;
  readonly draftsSentBack: number;
  readonly reviewsGiven: number;
  readonly verdictsGiven: number;
}

export interface Lesson {
  readonly text: string;
  readonly by: string;
  readonly investigation: string;
}

export interface RefitProposal {
  readonly cases: number;
  readonly current: CalibrationConstants;
  readonly proposed: CalibrationConstants;
  /** Mean negative log-likelihood of the right answers: lower is better calibrated. */
  readonly currentNll: number;
  readonly proposedNll: number;
}

export interface WeeklyReview {
  readonly week: string;
  readonly zone: string;
  readonly start: number;
  readonly end: number;
  /** Investigations opened or closed in the week (drills included). 0: nothing to review. */
  readonly investigationsInWeek: number;
  readonly seen: readonly SeenItem[];
  readonly missed: readonly MissedItem[];
  readonly drills: readonly DrillItem[];
  /** Over the causes confirmed in the week, and over every cause confirmed up to its end. */
  readonly calibration: { readonly week: CalibrationSection; readonly toDate: CalibrationSection };
  /** Investigations of the week with a verdict but no confirmed cause, and why they do not count. */
  readonly unconfirmed: readonly { readonly name: string; readonly title: string; readonly why: string }[];
  readonly people: readonly PersonCalls[];
  readonly lessons: readonly Lesson[];
  readonly findings: readonly { readonly path: string; readonly title: string; readonly kind: string; readonly investigation: string }[];
  readonly handoffs?: readonly string[];
  readonly refit: { readonly proposal: RefitProposal } | { readonly notYet: string };
  readonly flaggedNotes: readonly string[];
}

/**
 * A re-fit moves two global constants, so it needs confirmed cases overall, not per kind. Below 30,
 * one case moves the accuracy by more than 3 points and a single odd case can set the grid's
 * minimum; the benchmark fitted the shipped constants on hundreds of segments (ADR 0008).
 */
export const REFIT_MIN_CASES = 30;
/** Per-kind figures from fewer cases are shown, marked as too few to read a trend from. */
export const KIND_MIN_CASES = 10;

const inRange = (at: string | undefined, r: { start: number; end: number }) => {
  const t = at === undefined ? NaN : Date.parse(at);
  return t >= r.start && t < r.end;
};

/** Notes that carry a lesson: the post-mortem's prefixes (src/core/findings/postmortem.ts) and the issue's. */
const LESSON_RE = /^(lesson|learned|what i learned|went well|went wrong|lucky)\s*:\s*/i;

export function buildWeeklyReview(input: ReviewInput): WeeklyReview {
  const range = weekRange(input.week, input.zone);
  const all = input.investigations;
  const touches = (i: Investigation) =>
    inRange(i.state.opened?.at, range) ||
    inRange(i.state.closed?.at, range) ||
    inRange(i.state.verdict?.at, range) ||
    (i.state.anomaly !== undefined && i.state.anomaly.start < range.end && range.start < i.state.anomaly.end);
  const weekInvs = all.filter(touches);
  const drills = weekInvs.filter(i => i.state.drill);
  const real = weekInvs.filter(i => !i.state.drill);
  const realAll = all.filter(i => !i.state.drill);
  const flagged = input.flagged.filter(a => a.start < range.end && range.start < a.end).sort((a, b) => a.start - b.start || cmp(a.metric, b.metric));
  const causeOf = (s: InvestigationState) => confirmedCause(s, input.flagged);

  // Seen: the report's flagged anomalies, then the ones an investigation froze that this run did not list.
  const used = new Set<string>();
  const seen: SeenItem[] = flagged.map(a => {
    const invs = investigationsOf(realAll, a).sort((p, q) => cmp(p.name, q.name));
    for (const i of invs) used.add(i.name);
    return {
      label: a.label,
      metric: a.metric,
      start: a.start,
      end: a.end,
      direction: a.direction,
      vsForecastPct: a.vsForecastPct,
      ...(a.explanations[0] ? { top: { title: a.explanations[0].title, confidence: a.explanations[0].confidence } } : {}),
      investigations: invs.map(i => investigationLine(i, causeOf(i.state))),
    };
  });
  for (const i of real) {
    const x = i.state.anomaly;
    if (used.has(i.name) || i.state.origin !== 'anomaly' || !x) continue;
    seen.push({
      label: x.label,
      metric: x.metric,
      start: x.start,
      end: x.end,
      direction: x.direction,
      vsForecastPct: x.vsForecastPct,
      ...(x.explanations[0] ? { top: x.explanations[0] } : {}),
      investigations: [investigationLine(i, causeOf(i.state))],
    });
  }
  seen.sort((a, b) => a.start - b.start || cmp(a.metric, b.metric));

  const missed: MissedItem[] = [
    ...real
      .filter(i => i.state.origin === 'missed')
      .map(i => ({
        kind: 'reported' as const,
        title: i.state.title ?? i.name,
        ...(i.state.anomaly ? { start: i.state.anomaly.start, end: i.state.anomaly.end } : {}),
        investigation: i.name,
        ...(i.state.opened ? { reportedBy: i.state.opened.by } : {}),
        why: whyMissed(i.state),
      })),
    ...seen
      .filter(s => s.investigations.length === 0)
      .map(s => ({
        kind: 'unexamined' as const,
        title: `${s.label} ${s.direction} ${Math.abs(Math.round(s.vsForecastPct))}% vs forecast`,
        start: s.start,
        end: s.end,
        why: s.top
          ? `No investigation touches it. The report explained it as “${s.top.title}” (${Math.round(s.top.confidence * 100)}%), which may have been read as expected.`
          : 'No investigation touches it, and the report had no explanation for it.',
      })),
  ];

  // Calibration: the top explanation frozen when the investigation was opened, against the confirmed cause.
  const unconfirmed: WeeklyReview['unconfirmed'][number][] = [];
  const outcomesOf = (invs: readonly Investigation[], note: boolean) =>
    invs.flatMap(i => {
      const x = i.state.anomaly;
      const top = x?.explanations[0];
      const cause = causeOf(i.state);
      if (!top || !cause) {
        if (note && i.state.verdict)
          unconfirmed.push({
            name: i.name,
            title: i.state.title ?? i.name,
            why: top
              ? unconfirmedWhy(i.state)
              : i.state.origin === 'missed'
                ? 'reported as missed: the report stated no confidence to score'
                : 'its anomaly has no frozen explanation',
          });
        return [];
      }
      return [{ confidence: top.confidence, right: names(top.title, cause), kind: cause.kind }];
    });
  const confirmedBy = (i: Investigation) => i.state.verdict && Date.parse(i.state.verdict.at) < range.end;
  const weekOutcomes = outcomesOf(
    real.filter(i => i.state.verdict && inRange(i.state.verdict.at, range)),
    true,
  );
  const toDateInvs = realAll.filter(confirmedBy);
  const toDate = outcomesOf(toDateInvs, false);
  const section = (o: readonly (Outcome & { kind: string })[]): CalibrationSection => ({ all: calibrationOf(o), byKind: calibrationByKind(o) });

  return {
    week: weekName(input.week),
    zone: input.zone,
    ...range,
    investigationsInWeek: weekInvs.filter(i => inRange(i.state.opened?.at, range) || inRange(i.state.closed?.at, range)).length,
    seen,
    missed,
    drills: drills
      .map(i => {
        const d = i.state.drill!;
        const sc = d.revealed?.score;
        return {
          investigation: i.name,
          title: i.state.title ?? i.name,
          difficulty: d.difficulty,
          startedBy: d.by,
          result: sc
            ? `${sc.passed ? 'passed' : 'not passed'}: ${sc.found ? 'found' : 'not found'}, cause kind ${sc.causeKindRight ? 'right' : 'wrong'}, slice F1 ${sc.sliceF1.toFixed(2)}, window overlap ${sc.windowOverlap.toFixed(2)}`
            : 'not revealed yet',
        };
      })
      .sort((a, b) => cmp(a.investigation, b.investigation)),
    calibration: { week: section(weekOutcomes), toDate: section(toDate) },
    unconfirmed: unconfirmed.sort((a, b) => cmp(a.name, b.name)),
    people: peopleCalls(weekInvs, range),
    lessons: weekInvs
      .flatMap(i =>
        i.state.notes.flatMap(n => {
          const m = LESSON_RE.exec(n.text.trim());
          return m && inRange(n.at, range) ? [{ text: n.text.trim(), by: n.by, investigation: i.name }] : [];
        }),
      )
      .sort((a, b) => cmp(a.investigation, b.investigation)),
    findings: weekInvs
      .flatMap(i => i.state.findings.filter(f => inRange(f.at, range)).map(f => ({ path: f.path, title: f.title, kind: f.kind, investigation: i.name })))
      .sort((a, b) => cmp(a.path, b.path)),
    ...(input.handoffs ? { handoffs: input.handoffs } : {}),
    refit: refitOf(toDateInvs, input.constants, causeOf),
    flaggedNotes: input.flaggedNotes ?? [],
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function investigationLine(i: Investigation, cause: Cause | undefined): SeenItem['investigations'][number] {
  const s = i.state;
  return {
    name: i.name,
    title: s.title ?? i.name,
    ...(s.verdict ? { verdict: s.verdict.verdict } : {}),
    ...(cause ? { cause } : s.verdict ? { why: unconfirmedWhy(s) } : { why: 'no verdict yet' }),
  };
}

/** Why a reported miss was missed, from the record: the verdict's reason, the root cause, or the first note. */
function whyMissed(s: InvestigationState): string {
  const why = s.verdict?.reason ?? s.closed?.rootCause ?? s.notes[0]?.text;
  return why ? why.trim() : 'The log does not say yet: a note on why the report did not flag it would help the next review.';
}

function unconfirmedWhy(s: InvestigationState): string {
  if (s.verdict?.verdict === 'falseAlarm') return 'a false alarm has no cause to confirm';
  if (!s.hypotheses.some(h => h.status === 'supported')) return 'no hypothesis was supported';
  return 'no cause confirmed';
}

// ---- the confirmed cause --------------------------------------------------------------------------

/** The kind an explanation's title says (the explainer's fixed titles); events and holidays are named freely. */
export function kindOfTitle(title: string): string {
  const t = title.trim();
  if (/^unexplained\b/i.test(t)) return 'unexplained';
  if (/^deploy\s/i.test(t)) return 'deploy';
  if (/^dst shift\b/i.test(t)) return 'dst';
  if (/^latest hour still filling\b/i.test(t)) return 'late_data';
  if (/^missing data\b/i.test(t)) return 'data_gap';
  return 'holiday or event';
}

const norm = (t: string) =>
  t
    .trim()
    .toLowerCase()
    .replace(/^last week:\s*/, '')
    .replace(/\s+/g, ' ');

/** Whether the explanation titled `title` names the cause. */
export function names(title: string, cause: Cause): boolean {
  const k = kindOfTitle(title);
  if (cause.kind === 'unexplained') return k === 'unexplained';
  if (cause.kind === 'data') return k === 'late_data' || k === 'data_gap';
  const [a, b] = [norm(title), norm(cause.title)];
  return a.length > 0 && b.length > 0 && (a === b || a.startsWith(b) || b.startsWith(a));
}

/**
 * The cause the record confirms, or undefined: a verdict other than "false alarm", and either a
 * supported hypothesis (its pinned context item or explanation names the cause; with only charts
 * and tables, the cause was none the explainer knows: "unexplained", or "data" for a data problem),
 * or, for an "expected" verdict, a context item marked expected.
 */
export function confirmedCause(s: InvestigationState, flagged: readonly FlaggedAnomaly[] = []): Cause | undefined {
  const v = s.verdict?.verdict;
  if (!v || v === 'falseAlarm') return undefined;
  const supported = s.hypotheses.filter(h => h.status === 'supported');
  const byId = new Map(s.evidence.map(e => [e.id, e.body]));
  for (const h of supported) {
    for (const id of h.evidence) {
      const b = byId.get(id);
      if (b?.kind === 'context') return { title: b.title, kind: b.contextKind, from: 'the supported hypothesis’s pinned context' };
      if (b?.kind === 'explanation') {
        const kind = kindOfTitle(b.title);
        const known = flagged.flatMap(a => a.explanations).find(x => norm(x.title) === norm(b.title))?.kind;
        return { title: b.title, kind: kind === 'holiday or event' && known ? known : kind, from: 'the supported hypothesis’s pinned explanation' };
      }
    }
  }
  if (v === 'expected') {
    const mark = s.contextMarks.find(m => m.expected);
    if (mark) return { title: mark.title, kind: mark.key.split(':')[0] ?? 'holiday or event', from: 'a context item marked expected' };
  }
  if (!supported.length) return undefined;
  return v === 'dataProblem'
    ? { title: 'A data problem', kind: 'data', from: 'the supported hypothesis, with a data-problem verdict' }
    : { title: 'None the explainer knows', kind: 'unexplained', from: 'the supported hypothesis, with no context item pinned' };
}

// ---- each person's calls --------------------------------------------------------------------------

function peopleCalls(invs: readonly Investigation[], range: { start: number; end: number }): PersonCalls[] {
  const by = new Map<string, { hypotheses: PersonCalls['hypotheses'][number][]; approved: number; sentBack: number; reviews: number; verdicts: number }>();
  const of = (p: string) => by.get(p) ?? by.set(p, { hypotheses: [], approved: 0, sentBack: 0, reviews: 0, verdicts: 0 }).get(p)!;
  for (const { name, state } of invs) {
    for (const h of state.hypotheses) {
      if (inRange(h.at, range))
        of(h.by).hypotheses.push({ text: h.text, status: h.draft ? 'draft' : h.status, ...(h.reason ? { reason: h.reason } : {}), investigation: name });
      for (const r of h.reviews) {
        if (!inRange(r.at, range)) continue;
        of(r.by).reviews++;
        if (r.approved) of(h.by).approved++;
        else of(h.by).sentBack++;
      }
    }
    if (state.verdict && inRange(state.verdict.at, range)) of(state.verdict.by).verdicts++;
  }
  return [...by.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([person, c]) => ({
      person,
      hypotheses: c.hypotheses,
      draftsApproved: c.approved,
      draftsSentBack: c.sentBack,
      reviewsGiven: c.reviews,
      verdictsGiven: c.verdicts,
    }));
}

// ---- re-fit ---------------------------------------------------------------------------------------

/**
 * Frozen explanations keep only their title and confidence (the top 3). Under the constants in use,
 * a confidence is exp(score / T) / Z, so T · ln(confidence) is the score up to a shared constant; the
 * candidates not kept are one "rest" candidate with the remaining mass. An approximation (the rest
 * is several candidates), good enough to say whether another temperature fits this team better.
 */
function fitCases(invs: readonly Investigation[], current: CalibrationConstants, causeOf: (s: InvestigationState) => Cause | undefined): FitCase[] {
  return invs.flatMap(i => {
    const ex = i.state.anomaly?.explanations ?? [];
    const cause = causeOf(i.state);
    if (!ex.length || !cause) return [];
    const rest = Math.max(0, 1 - ex.reduce((a, x) => a + x.confidence, 0));
    const cands = [...ex, ...(rest > 1e-9 ? [{ title: '(the rest)', confidence: rest }] : [])].map(x => ({
      kind: (x.title === '(the rest)' ? 'event' : kindOfTitle(x.title) === 'unexplained' ? 'unexplained' : 'event') as ExplanationKind,
      title: x.title,
      confidence: x.confidence,
      score: current.temperature * Math.log(Math.max(x.confidence, 1e-12)),
      evidence: [],
      slice: {},
    }));
    return [{ explanations: cands, isRight: x => x.title !== '(the rest)' && names(x.title, cause) }];
  });
}

function refitOf(invs: readonly Investigation[], current: CalibrationConstants, causeOf: (s: InvestigationState) => Cause | undefined): WeeklyReview['refit'] {
  const cases = fitCases(invs, current, causeOf);
  if (cases.length < REFIT_MIN_CASES)
    return { notYet: `${cases.length} confirmed case${cases.length === 1 ? '' : 's'} so far; a re-fit is proposed from ${REFIT_MIN_CASES}.` };
  const fit = fitCalibration(cases, current);
  if (fit.temperature === current.temperature && fit.unexplainedScore === current.unexplainedScore)
    return { notYet: `The ${cases.length} confirmed cases fit the constants in use best: nothing to change.` };
  if (fit.nll >= fit.shippedNll) return { notYet: `Other constants fit the ${cases.length} confirmed cases no better: nothing to change.` };
  return {
    proposal: {
      cases: cases.length,
      current,
      proposed: { temperature: fit.temperature, unexplainedScore: fit.unexplainedScore },
      currentNll: fit.shippedNll,
      proposedNll: fit.nll,
    },
  };
}
