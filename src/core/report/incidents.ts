// Incidents: the report window's anomalies grouped by their likely cause, for palette triage. Four
// metrics dropping after one deploy are one incident to look at, not four. Pure: no vscode, no I/O.
//
// The rule: anomalies whose top explanation points at the same cause form one incident. The cause
// is named by its structured values, never by its title (causeKey): a deploy by its git ref, a
// holiday by its country and name, an event by its name and declaration, a clock change by its
// zones, each also by whether it sat in the baseline week; an explanation without a context item
// (late data, a data gap) by its kind and slice. An anomaly without an explanation, or whose top
// explanation is "unexplained", is an incident of its own: two unexplained drops share no cause.
import { DateTime } from 'luxon';
import type { TriagedAnomaly, TriagedExplanation } from './triage';

/** The top explanation of an anomaly, as the report carries it. */
export type Cause = TriagedExplanation;

export interface Incident {
  /** The grouping key: causeKey of the shared cause, or a key unique to the one unexplained anomaly. */
  readonly key: string;
  /** The shared top explanation; undefined when unexplained. */
  readonly cause: Cause | undefined;
  /** Its anomalies, most severe first (never empty). */
  readonly anomalies: readonly TriagedAnomaly[];
  /** The highest severity among them: incidents are ranked by it. */
  readonly severity: number;
  /** The anomaly with the largest change against its forecast: the incident's headline number. */
  readonly headline: TriagedAnomaly;
  /** From the earliest start to the latest end, UTC ms. */
  readonly start: number;
  readonly end: number;
  /** The cause's confidence over its anomalies, lowest and highest (equal for one). */
  readonly confidence: { readonly min: number; readonly max: number } | undefined;
  /** The drill-down slice most of its anomalies point at first ("platform=ios"), if any. */
  readonly where: string | undefined;
}

const UNEXPLAINED = 'unexplained';

/** True when the anomaly has a cause that can be shared (not none, not "unexplained"). */
export function topCause(a: TriagedAnomaly): Cause | undefined {
  const top = a.explanations[0];
  return top && top.kind !== UNEXPLAINED ? top : undefined;
}

/** The anomaly's identity in a report: its metric and start (one metric has one anomaly per start). */
export function anomalyKey(a: Pick<TriagedAnomaly, 'metric' | 'start'>): string {
  return `${a.metric}\u0000${a.start}`;
}

/** A drill-down slice as people write it: "country=US & platform=ios". */
export function sliceText(dims: Readonly<Record<string, string>>): string {
  return Object.entries(dims)
    .map(([k, v]) => `${k}=${v}`)
    .join(' & ');
}

/** A slice as a key: its entries in key order, so { a, b } and { b, a } are one slice. */
function sliceKey(dims: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(dims).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * What makes two explanations the same cause, from their structured values only: the kind and the
 * context item's identity (deploy ref; holiday country, state and name; event name and
 * declaration; DST zones) and whether it sat in the baseline week. Without a context item (late
 * data, a data gap, a DST shift the explainer found in the data), the kind and the slice.
 */
export function causeKey(x: Pick<Cause, 'kind' | 'slice' | 'inBaseline' | 'cause'>): string {
  const when = x.inBaseline ? 'baseline' : 'now';
  const c = x.cause;
  const parts: readonly (string | number)[] = !c
    ? [x.kind, sliceKey(x.slice)]
    : c.kind === 'deploy'
      ? [c.kind, c.ref]
      : c.kind === 'holiday'
        ? [c.kind, c.country, c.state ?? '', c.name, when]
        : c.kind === 'event'
          ? [c.kind, c.name, c.source.file, c.source.line, when]
          : [c.kind, [...c.zones].sort().join(','), when];
  return JSON.stringify(parts);
}

/** Group anomalies by their top cause; the most severe incident first (ties keep the report's order). */
export function groupIncidents(anomalies: readonly TriagedAnomaly[]): Incident[] {
  const groups = new Map<string, TriagedAnomaly[]>();
  for (const a of anomalies) {
    const cause = topCause(a);
    const key = cause ? causeKey(cause) : `${UNEXPLAINED}\u0000${anomalyKey(a)}`;
    const g = groups.get(key);
    if (g) g.push(a);
    else groups.set(key, [a]);
  }
  const out = [...groups].map(([key, members]) => incidentOf(key, members));
  return out.sort((a, b) => b.severity - a.severity);
}

/**
 * The incidents as the panel draws them: each one's title (incidentTitle) and its anomalies as
 * indices into `anomalies` (the report's list), most severe incident first. Every anomaly is in
 * exactly one incident; one with a cause of its own is an incident of one.
 */
export interface IncidentGroup {
  readonly title: string;
  readonly anomalies: readonly number[];
}

export function incidentGroups(anomalies: readonly TriagedAnomaly[], zone: string): IncidentGroup[] {
  const index = new Map(anomalies.map((a, i) => [a, i]));
  return groupIncidents(anomalies).map(i => ({ title: incidentTitle(i, zone), anomalies: i.anomalies.map(a => index.get(a)!) }));
}

function incidentOf(key: string, members: readonly TriagedAnomaly[]): Incident {
  const sorted = [...members].sort((a, b) => b.severity - a.severity);
  const cause = topCause(sorted[0]);
  const confidences = cause ? sorted.map(a => a.explanations[0].confidence) : [];
  const headline = sorted.reduce((best, a) => (Math.abs(a.vsForecastPct) > Math.abs(best.vsForecastPct) ? a : best));
  return {
    key,
    cause,
    anomalies: sorted,
    severity: sorted[0].severity,
    headline,
    start: Math.min(...sorted.map(a => a.start)),
    end: Math.max(...sorted.map(a => a.end)),
    confidence: confidences.length ? { min: Math.min(...confidences), max: Math.max(...confidences) } : undefined,
    where: commonSlice(sorted),
  };
}

/** The first slice most anomalies name (the earliest, most severe, on a tie). */
function commonSlice(members: readonly TriagedAnomaly[]): string | undefined {
  const counts = new Map<string, number>();
  for (const a of members) {
    const first = a.where[0];
    if (first) counts.set(sliceText(first.dims), (counts.get(sliceText(first.dims)) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [s, n] of counts) if (best === undefined || n > counts.get(best)!) best = s;
  return best;
}

// ---- words --------------------------------------------------------------------------------------

/** "−17%" / "+4.2%": the change against the forecast, with a real minus sign. */
export function signedPct(pct: number): string {
  const abs = Math.abs(pct);
  const s = abs < 10 ? abs.toFixed(1) : abs.toFixed(0);
  return `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${s}%`;
}

/** "▼ −17%": the direction and the change against the forecast. */
export function severityText(a: Pick<TriagedAnomaly, 'direction' | 'vsForecastPct'>): string {
  return `${a.direction === 'down' ? '▼' : '▲'} ${signedPct(a.vsForecastPct)}`;
}

/** "Tue 01:00–07:00" in the report zone; the end's day is named when it differs. */
export function windowText(start: number, end: number, zone: string): string {
  const s = DateTime.fromMillis(start, { zone });
  const e = DateTime.fromMillis(end, { zone });
  return `${s.toFormat('ccc HH:mm')}–${e.toFormat(s.hasSame(e, 'day') ? 'HH:mm' : 'ccc HH:mm')}`;
}

/** "96%", or "61–96%" when the cause is more certain for some anomalies than for others. */
export function confidenceText(c: Incident['confidence']): string {
  if (!c) return '';
  const lo = Math.round(c.min * 100);
  const hi = Math.round(c.max * 100);
  return lo === hi ? `${hi}%` : `${lo}–${hi}%`;
}

/** One line for the incident: "Deploy ios-v7.4.0: 4 metrics, Tue 01:00–07:00, platform=ios". */
export function incidentTitle(i: Incident, zone: string): string {
  const what = i.cause ? i.cause.title : 'Unexplained';
  const labels = [...new Set(i.anomalies.map(a => a.label))];
  const metrics = labels.length > 1 ? `${labels.length} metrics` : `${labels[0]}${i.anomalies.length > 1 ? ` (${i.anomalies.length} anomalies)` : ''}`;
  return `${what}: ${metrics}, ${windowText(i.start, i.end, zone)}${i.where ? `, ${i.where}` : ''}`;
}

// ---- where a cause leads ------------------------------------------------------------------------

/** What a cause can open: the deploy's git ref (as git listed it), or the event's declaration. */
export interface CauseLinks {
  readonly deploy?: { readonly ref: string; readonly kind: 'tag' | 'merge' };
  readonly source?: { readonly file: string; readonly line: number };
}

/**
 * The deploy or event behind a cause, from its structured reference: a deploy's git ref (git
 * itself is asked about it before anything runs, gitShowStat) or an event's declaration. Nothing
 * for other kinds, or a cause without a reference.
 */
export function causeLinks(cause: Pick<Cause, 'cause'> | undefined): CauseLinks {
  const c = cause?.cause;
  if (c?.kind === 'deploy') return { deploy: { ref: c.ref, kind: c.deployKind } };
  if (c?.kind === 'event' && c.source.file) return { source: { file: c.source.file, line: c.source.line } };
  return {};
}
