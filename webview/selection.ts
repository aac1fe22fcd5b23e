// What the reader has selected, and how table cells map to anomalies. Pure (no DOM, no Chart.js), so
// it is unit-tested in Node. A cell belongs to an anomaly when its metric matches and its hour lies in
// the anomaly's window; the table marks exactly those cells as "outside the forecast", so the table,
// the cards and the chart never disagree about what is unusual.
import type { ReportSnapshot } from '../src/messaging/protocol';

type Anomaly = ReportSnapshot['anomalies'][number];

/** An anomaly, named as in the snapshot (metric and start) with its end for the chart's window. */
export interface AnomalyRef {
  readonly metric: string;
  readonly start: number;
  readonly end: number;
}

/** The reader's selection: one anomaly everywhere, or one ordinary hour of one metric. */
export type Selection = ({ readonly kind: 'anomaly' } & AnomalyRef) | { readonly kind: 'hour'; readonly metric: string; readonly at: number };

/** The key that names one anomaly in the DOM and in the kept UI state. */
export const anomalyKey = (a: { readonly metric: string; readonly start: number }): string => `${a.metric}@${a.start}`;

/** The anomaly that contains hour `at` of `metric`, the most severe first (the list is ranked). */
export function anomalyAt(s: ReportSnapshot, metric: string, at: number): Anomaly | undefined {
  return s.anomalies.find(a => a.metric === metric && at >= a.start && at < a.end);
}

/** The anomaly a selection names, if the snapshot still has it. */
export function findAnomaly(s: ReportSnapshot, ref: { readonly metric: string; readonly start: number }): Anomaly | undefined {
  return s.anomalies.find(a => a.metric === ref.metric && a.start === ref.start);
}

/**
 * For each table cell ("metric:hourIndex"), the anomaly it belongs to. Every anomaly's hours inside
 * the table's window are in it, and nothing else: the table's forecast marks come from here.
 */
export function anomalyCells(s: ReportSnapshot): Map<string, Anomaly> {
  const cells = new Map<string, Anomaly>();
  for (const a of s.anomalies) {
    s.hours.forEach((h, i) => {
      const key = `${a.metric}:${i}`;
      if (h.at >= a.start && h.at < a.end && !cells.has(key)) cells.set(key, a);
    });
  }
  return cells;
}

/**
 * The selection after a redraw with a newer snapshot: an anomaly that is gone (a change moved it)
 * is dropped, unless the analysis has not arrived yet (it may come back); an hour stays while the
 * table still has it.
 */
export function keepSelection(sel: Selection | undefined, s: ReportSnapshot): Selection | undefined {
  if (!sel) return undefined;
  if (sel.kind === 'hour') return s.rows.some(r => r.metric === sel.metric) && s.hours.some(h => h.at === sel.at) ? sel : undefined;
  if (findAnomaly(s, sel)) return sel;
  return s.analysis === 'pending' ? sel : undefined;
}

/** Where the chart should look for a selection: the anomaly's window, or the hour, with a margin. */
export function selectionWindow(sel: Selection, marginMs: number): { min: number; max: number } {
  return sel.kind === 'anomaly' ? { min: sel.start - marginMs, max: sel.end + marginMs } : { min: sel.at - marginMs, max: sel.at + 3_600_000 + marginMs };
}
