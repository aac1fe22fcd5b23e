// Scoring a drill at its reveal (issue 16, ADR 0021): the learner's investigations in the drill
// workspace against the hidden truth. Pure: the caller folds the logs and checks the truth's digest.
//
//   found        an investigation whose anomaly or pinned evidence overlaps the truth's window, with a
//                verdict that says the numbers did move (real, expected or dataProblem: a data gap's
//                right verdict is dataProblem, not real); falseAlarm or no verdict is not found.
//   cause kind   an explicit tag (#cause:gap) in a supported hypothesis, the verdict's reason or the
//                closing root cause; else the kind whose words those texts use most (a tie is not right).
//   slice        #slice:dim=value&dim=value tags, else the slices of the evidence the supported
//                hypotheses cite, else of all evidence pinned: exact-set F1 against the truth's slice,
//                the drill-down's own scorer (src/core/drilldown/setScore.ts).
//   window       the best intersection over union of the investigated windows with the truth's.
//   minutes      from the drill's start to the first hypothesis that was later supported, when found.
//   passed       found, the right cause kind, slice F1 >= 0.5, and at least half of the investigated
//                window inside the truth's. Not the IoU: the report flags only the hours outside the
//                band, so a learner who investigates the flagged part of a day-long dip located it right.
import type { DrillScore, EvidenceBody, Verdict } from '../../investigation/events';
import type { InvestigationState } from '../../investigation/fold';
import { caseCounts, causeSet, f1, sliceCause } from '../../drilldown/setScore';
import { DRILL_KINDS, type DrillKind, type DrillTruth } from './truth';

export const PASS_SLICE_F1 = 0.5;
/** Of the investigated window, the share that must lie inside the truth's window to pass. */
export const PASS_WINDOW_INSIDE = 0.5;

/** One investigation of the drill workspace, by log name. */
export interface DrillWork {
  readonly name: string;
  readonly state: InvestigationState;
}

/** The score and how it was reached, for the reveal's text. */
export interface DrillResult {
  readonly score: DrillScore;
  /** The investigation that found it (or came closest). */
  readonly investigation?: string;
  readonly verdict?: Verdict;
  /** The kind the learner named: a kind, 'ambiguous' (a tie), or undefined (none named). */
  readonly namedKind?: DrillKind | 'ambiguous';
  /** The slices the learner named, canonical ("country=IN&platform=ios"). */
  readonly namedSlices: readonly string[];
  readonly truthSlice: string;
  /** The investigated window that overlapped best, UTC ms. */
  readonly window?: { readonly start: number; readonly end: number };
}

/** Words that name each kind (lower case). Tags are exact: #cause:late_data (or late-data). */
const KIND_WORDS: Readonly<Record<DrillKind, RegExp>> = {
  holiday: /holiday|festival|day off|national day|vacation/g,
  incident: /incident|outage|deploy|release|rollout|regression|crash|bug\b|broke|rollback/g,
  late_data: /\blate\b|delay|\blag\b|backfill|arriv|partial|incomplete|ingest/g,
  event: /\bevent|\bmatch\b|\bgame\b|concert|launch|campaign|promotion|sports|football/g,
  dst: /\bdst\b|daylight|clock|summer time|winter time|time change|offset/g,
  gap: /\bgap|missing|no data|no rows|absent|empty/g,
};

/** Why the drill cannot be revealed yet, or undefined: nobody has given a verdict in the drill workspace. */
export function revealProblem(work: readonly DrillWork[]): string | undefined {
  return work.some(w => w.state.verdict)
    ? undefined
    : 'no investigation in the drill has a verdict yet: investigate what you found and give your verdict, then reveal';
}

export function scoreDrill(truth: DrillTruth, startedAt: string, work: readonly DrillWork[]): DrillResult {
  const t0 = Date.parse(truth.start);
  const t1 = Date.parse(truth.end);
  const truthSlice = sliceCause(truth.slice);
  const rated = work.map(w => {
    const best = windowsOf(w.state).reduce<{ iou: number; window?: { start: number; end: number } }>(
      (acc, win) => {
        const iou = overlap(win.start, win.end, t0, t1);
        return iou > acc.iou ? { iou, window: win } : acc;
      },
      { iou: 0 },
    );
    const verdict = w.state.verdict?.verdict;
    return { w, ...best, found: best.iou > 0 && verdict !== undefined && verdict !== 'falseAlarm' };
  });
  // The one that found it with the best window; else the closest, for the reveal to say what was near.
  rated.sort((a, b) => Number(b.found) - Number(a.found) || b.iou - a.iou || (a.w.name < b.w.name ? -1 : 1));
  const top = rated[0];
  const found = !!top?.found;
  const state = top?.w.state;
  const supported = state ? state.hypotheses.filter(h => h.status === 'supported') : [];
  const texts = state ? [...supported.map(h => h.text), state.verdict?.reason ?? '', state.closed?.rootCause ?? ''] : [];
  const namedKind = found ? kindNamed(texts) : undefined;
  const namedSlices = found && state ? slicesNamed(state, texts) : [];
  const sliceF1 = found ? f1(caseCounts(causeSet(truthSlice), new Set(namedSlices))) : 0;
  // The first hypothesis of a finding investigation that was later supported, from the drill's start.
  const firsts = rated
    .filter(r => r.found)
    .flatMap(r => r.w.state.hypotheses.filter(h => h.status === 'supported').map(h => Date.parse(h.at)))
    .filter(Number.isFinite);
  const minutes = firsts.length ? Math.max(0, Math.round((Math.min(...firsts) - Date.parse(startedAt)) / 6_000) / 10) : undefined;
  const windowOverlap = found ? round3(top!.iou) : 0;
  const causeKindRight = namedKind === truth.kind;
  const score: DrillScore = {
    found,
    causeKindRight,
    sliceF1: round3(sliceF1),
    windowOverlap,
    ...(minutes !== undefined && Number.isFinite(minutes) ? { minutesToFirstCorrectHypothesis: minutes } : {}),
    passed: found && causeKindRight && sliceF1 >= PASS_SLICE_F1 && insideShare(top!.window, t0, t1) >= PASS_WINDOW_INSIDE,
  };
  return {
    score,
    ...(top && top.iou > 0 ? { investigation: top.w.name } : {}),
    ...(state?.verdict ? { verdict: state.verdict.verdict } : {}),
    ...(namedKind ? { namedKind } : {}),
    namedSlices,
    truthSlice,
    ...(found && top?.window ? { window: top.window } : {}),
  };
}

/** The kind named: tags first, else the kind with the most distinct words; a tie is 'ambiguous'. */
export function kindNamed(texts: readonly string[]): DrillKind | 'ambiguous' | undefined {
  const text = texts.join('\n').toLowerCase();
  const tagged = new Set(
    [...text.matchAll(/#cause:([a-z_-]+)/g)].map(m => m[1]!.replace(/-/g, '_')).filter((k): k is DrillKind => (DRILL_KINDS as readonly string[]).includes(k)),
  );
  if (tagged.size) return tagged.size === 1 ? [...tagged][0] : 'ambiguous';
  const counts = DRILL_KINDS.map(k => ({ k, n: new Set([...text.matchAll(KIND_WORDS[k])].map(m => m[0])).size }));
  const max = Math.max(...counts.map(c => c.n));
  if (max === 0) return undefined;
  const top = counts.filter(c => c.n === max);
  return top.length === 1 ? top[0]!.k : 'ambiguous';
}

/** The slices named: #slice: tags, else the supported hypotheses' evidence, else all evidence, else the anomaly's own slice. */
function slicesNamed(state: InvestigationState, texts: readonly string[]): string[] {
  const tags = texts.flatMap(t => [...t.matchAll(/#slice:(\S+)/g)].map(m => m[1]!.replace(/[.,;)]+$/, '')));
  if (tags.length) return [...causeSet(tags.join(';'))];
  const cited = new Set(state.hypotheses.filter(h => h.status === 'supported').flatMap(h => h.evidence));
  const sliceOf = (b: EvidenceBody) => (b.place ? sliceCause(b.place.slice) : '');
  const of = (evidence: typeof state.evidence) => [...new Set(evidence.map(e => sliceOf(e.body)).filter(Boolean))];
  const fromCited = of(state.evidence.filter(e => cited.has(e.id)));
  if (fromCited.length) return fromCited;
  const fromAll = of(state.evidence);
  if (fromAll.length) return fromAll;
  const own = state.anomaly ? sliceCause(state.anomaly.slice) : '';
  return own ? [own] : [];
}

/** The windows an investigation looked at: its anomaly's, and each pinned evidence's place (a context item's time). */
function windowsOf(s: InvestigationState): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  if (s.anomaly) out.push({ start: s.anomaly.start, end: s.anomaly.end });
  for (const e of s.evidence) {
    const b = e.body;
    if (b.place) out.push({ start: b.place.start, end: b.place.end });
    else if (b.kind === 'context') out.push({ start: b.start, end: b.end ?? b.start });
  }
  return out;
}

/** Intersection over union of [a0, a1) and [b0, b1); an instant inside the other counts as a sliver. */
export function overlap(a0: number, a1: number, b0: number, b1: number): number {
  const inter = Math.min(a1, b1) - Math.max(a0, b0);
  const union = Math.max(a1, b1) - Math.min(a0, b0);
  if (union <= 0) return 0;
  if (inter > 0) return inter / union;
  // An instant (a deploy pinned as context) inside the window overlaps it, barely.
  return (a0 === a1 && a0 >= b0 && a0 < b1) || (b0 === b1 && b0 >= a0 && b0 < a1) ? 1e-6 : 0;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The share of the investigated window that lies inside [t0, t1): 0 without a window. */
function insideShare(win: { start: number; end: number } | undefined, t0: number, t1: number): number {
  if (!win || !(win.end > win.start)) return 0;
  return Math.max(0, Math.min(win.end, t1) - Math.max(win.start, t0)) / (win.end - win.start);
}
