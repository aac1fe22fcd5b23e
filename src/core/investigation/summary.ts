// What lists of investigations show (the tree, `calibrate investigation list`, the report's
// "under investigation" marks, the weekly counter), from folded states. Pure: no vscode, no I/O.
import type { Verdict } from './events';
import type { InvestigationState } from './fold';

/** One investigation of a folder: its file's name (without .jsonl) and its folded state. */
export interface Investigation {
  readonly name: string;
  readonly state: InvestigationState;
}

export interface InvestigationSummary {
  readonly name: string;
  readonly title: string;
  readonly status: InvestigationState['status'];
  readonly closed: boolean;
  readonly verdict?: Verdict;
  /** The metric and window it was opened from, if from an anomaly. */
  readonly metric?: string;
  readonly start?: number;
  readonly end?: number;
  /** "name (lead)", in name order. */
  readonly participants: readonly string[];
  readonly openedAt?: string;
  readonly lastAt?: string;
  readonly problems: number;
}

export function summarize(inv: Investigation): InvestigationSummary {
  const s = inv.state;
  return {
    name: inv.name,
    title: s.title ?? inv.name,
    status: s.status,
    closed: s.closed !== undefined,
    ...(s.verdict ? { verdict: s.verdict.verdict } : {}),
    ...(s.anomaly ? { metric: s.anomaly.metric, start: s.anomaly.start, end: s.anomaly.end } : {}),
    participants: s.participants.map(p => (p.role ? `${p.name} (${p.role})` : p.name)),
    ...(s.opened ? { openedAt: s.opened.at } : {}),
    ...(s.lastAt ? { lastAt: s.lastAt } : {}),
    problems: s.problems.length,
  };
}

/** The key of the anomaly an investigation was opened from: its metric, slice and start (as incidents.ts's anomalyKey, plus the slice). */
export function investigatedKey(metric: string, slice: Readonly<Record<string, string>>, start: number): string {
  const dims = Object.entries(slice).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([metric, dims, start]);
}

/**
 * The open investigation of an anomaly (same metric and slice, windows overlapping), if any: an
 * anomaly found again an hour later, with a window one hour longer, is the same anomaly.
 */
export function openInvestigationOf(
  invs: readonly Investigation[],
  a: { readonly metric: string; readonly slice?: Readonly<Record<string, string>>; readonly start: number; readonly end: number },
): Investigation | undefined {
  const key = investigatedKey(a.metric, a.slice ?? {}, 0);
  return invs.find(i => {
    const x = i.state.anomaly;
    return !i.state.closed && x !== undefined && investigatedKey(x.metric, x.slice, 0) === key && x.start < a.end && a.start < x.end;
  });
}

/** The investigations touching an anomaly (open or closed, newest first): the report shows their verdict and who is on it. */
export function investigationsOf(
  invs: readonly Investigation[],
  a: { readonly metric: string; readonly start: number; readonly end: number },
): Investigation[] {
  return invs
    .filter(i => {
      const x = i.state.anomaly;
      return x !== undefined && x.metric === a.metric && Object.keys(x.slice).length === 0 && x.start < a.end && a.start < x.end;
    })
    .sort((p, q) => (p.state.closed ? 1 : 0) - (q.state.closed ? 1 : 0) || cmp(q.state.opened?.at ?? '', p.state.opened?.at ?? ''));
}
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Verdicts in the words lists show them in (the tree, triage). */
export const VERDICT_WORDS: Readonly<Record<Verdict, string>> = { real: 'real', expected: 'expected', dataProblem: 'data problem', falseAlarm: 'false alarm' };

const HOUR = 3_600_000;

/** "45 min", "3 h", "5 d": how long ago `at` (ISO) was, for lists (the tree, `calibrate investigation list`). */
export function ageText(at: string | undefined, now: number): string | undefined {
  if (at === undefined) return undefined;
  const h = Math.max(0, (now - Date.parse(at)) / HOUR);
  return h < 1 ? `${Math.round(h * 60)} min` : h < 48 ? `${Math.round(h)} h` : `${Math.round(h / 24)} d`;
}

/** The week's counter: what was flagged and how it was labelled. */
export interface WeeklyCount {
  /** Investigations opened from a flagged anomaly. */
  readonly flagged: number;
  readonly real: number;
  readonly expected: number;
  readonly dataProblem: number;
  readonly falseAlarm: number;
  /** Anomalies the report did not flag, reported by people. */
  readonly missed: number;
  /** Flagged, with no verdict yet. */
  readonly unlabelled: number;
}

/** Count the investigations opened in [from, to) (UTC ms). */
export function weeklyCount(invs: readonly Investigation[], from: number, to: number): WeeklyCount {
  const c = { flagged: 0, real: 0, expected: 0, dataProblem: 0, falseAlarm: 0, missed: 0, unlabelled: 0 };
  for (const { state: s } of invs) {
    const at = s.opened ? Date.parse(s.opened.at) : NaN;
    if (!(at >= from && at < to)) continue;
    if (s.origin === 'missed') c.missed++;
    else if (s.origin === 'anomaly') {
      c.flagged++;
      if (s.verdict) c[s.verdict.verdict]++;
      else c.unlabelled++;
    }
  }
  return c;
}
