// The report's investigation marks, without a DOM so it is unit-tested in Node: which investigations
// belong to an anomaly (and to a table cell), what a mark and the weekly counter say, and what a pin
// names. The host builds the frozen evidence from its own snapshot: a pin only names its target.
import type { InvestigationMark, PinTarget, ReportSnapshot } from '../src/messaging/protocol';
import { anomalyAt } from './selection';
import type { Range } from './viewRange';

type Anomaly = ReportSnapshot['anomalies'][number];
type AnomalyWindow = Pick<Anomaly, 'metric' | 'start' | 'end'>;
type Verdict = NonNullable<InvestigationMark['verdict']>;

/** A verdict as the report says it. */
export const VERDICT_WORDS: Readonly<Record<Verdict, string>> = {
  real: 'real',
  expected: 'expected',
  dataProblem: 'data problem',
  falseAlarm: 'false alarm',
};

/**
 * The investigations of an anomaly, open ones first: named by its metric and start, or (an anomaly
 * found again with a window that starts earlier) by a start inside its window.
 */
export function marksOf(marks: readonly InvestigationMark[] | undefined, a: AnomalyWindow): InvestigationMark[] {
  const mine = (marks ?? []).filter(m => m.metric === a.metric && (m.start === a.start || (m.start > a.start && m.start < a.end)));
  return mine.sort((p, q) => Number(p.closed) - Number(q.closed));
}

/** The open investigation of an anomaly, if any: the report opens it instead of starting another. */
export const openMarkOf = (marks: readonly InvestigationMark[] | undefined, a: AnomalyWindow): InvestigationMark | undefined =>
  marksOf(marks, a).find(m => !m.closed);

/** "Under investigation: ana (lead), ben (learner) · Verdict: real", or "Investigated: false alarm" once closed. */
export function markText(m: InvestigationMark): string {
  const verdict = m.verdict ? VERDICT_WORDS[m.verdict] : undefined;
  if (m.closed) return `Investigated: ${verdict ?? 'no verdict'}`;
  const who = m.participants.length ? `: ${m.participants.join(', ')}` : '';
  return `Under investigation${who}${verdict ? ` · Verdict: ${verdict}` : ''}`;
}

/** "This week: 3 flagged · real 1 · …", or undefined without a counter. */
export function weeklyText(w: ReportSnapshot['weekly']): string | undefined {
  if (!w) return undefined;
  return (
    `This week: ${w.flagged} flagged · real ${w.real} · expected ${w.expected} · data problem ${w.dataProblem} · ` +
    `false alarm ${w.falseAlarm} · missed ${w.missed} · unlabelled ${w.unlabelled}`
  );
}

/** What a table cell offers to investigate: the anomaly its hour lies in, and that anomaly's open investigation. */
export function cellInvestigation(
  s: ReportSnapshot,
  metric: string,
  hourIndex: number,
): { readonly anomaly: Anomaly; readonly open?: InvestigationMark } | undefined {
  const hour = s.hours[hourIndex];
  const anomaly = hour && anomalyAt(s, metric, hour.at);
  if (!anomaly) return undefined;
  const open = openMarkOf(s.investigations, anomaly);
  return open ? { anomaly, open } : { anomaly };
}

/** The chart's window as drawn (whole milliseconds, widened outward), for the metric's total (dims {}) or a slice. */
export function chartPinTarget(metric: string, dims: Readonly<Record<string, string>> | undefined, shown: Range): PinTarget {
  const start = Math.floor(shown.min);
  return { kind: 'chart', metric, dims: { ...(dims ?? {}) }, start, end: Math.max(start, Math.ceil(shown.max)) };
}

export const heatmapPinTarget = (a: Pick<Anomaly, 'metric' | 'start'>): PinTarget => ({ kind: 'heatmap', metric: a.metric, start: a.start });

/** An explanation by its index in its anomaly's explanations (the cards show them in another order: likely first). */
export function explanationPinTarget(a: Anomaly, x: Anomaly['explanations'][number]): PinTarget | undefined {
  const index = a.explanations.indexOf(x);
  return index < 0 ? undefined : { kind: 'explanation', metric: a.metric, start: a.start, index };
}

export const contextPinTarget = (key: string): PinTarget => ({ kind: 'context', key });

/** What a pin's failure notice and its button call the target. */
export function pinWhat(t: PinTarget): string {
  switch (t.kind) {
    case 'chart':
      return 'the chart';
    case 'heatmap':
      return 'the heat-map';
    case 'explanation':
      return 'the explanation';
    case 'context':
      return 'the context item';
  }
}
