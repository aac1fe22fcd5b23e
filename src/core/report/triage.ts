// What the panel shows beside the numbers: the context of the chart's week (holidays with their
// expected impact, events, deploys, DST changes) and the report window's anomalies, each with its
// ranked likely explanations. Pure: the host gathers calendars, events and git history.
import type { MetricConfig, ReportConfig } from '../config/reportConfig';
import type { Dataset } from '../types';
import { anomalySegments } from '../anomaly';
import { describeImpact, type ContextWindow, type Explainer, type Explanation } from '../context';
import type { MetricForecast } from './forecastBands';
import { metricTotals, type MetricTotals } from './totals';
import { whereDrillResult, type SliceFinding } from './whereDrill';

export type ContextKind = 'holiday' | 'event' | 'deploy' | 'dst';

export interface ContextItem {
  readonly kind: ContextKind;
  readonly title: string;
  readonly detail: string;
  readonly start: number;
  readonly end: number; // = start for instants (deploys, DST changes)
}

export interface TriagedAnomaly {
  readonly metric: string;
  readonly label: string;
  readonly start: number;
  readonly end: number;
  readonly direction: 'up' | 'down';
  /** Peak |residual| over the 95% band's half-width. */
  readonly severity: number;
  /** Actual against the forecast over the segment, %. */
  readonly vsForecastPct: number;
  /** The slices that explain the change (drill-down), most significant first; [] when none stands out. */
  readonly where: readonly SliceFinding[];
  /** Why the drill-down searched less than the whole cube (too many columns, a huge cube), if it did. */
  readonly whereNote?: string;
  readonly explanations: readonly { readonly kind: string; readonly title: string; readonly confidence: number; readonly evidence: readonly string[] }[];
}

/** The week's context as a flat, time-ordered list, with each holiday's expected impact. */
export function contextItems(ctx: ContextWindow, explainer: Explainer | undefined, metric: string): ContextItem[] {
  const items: ContextItem[] = [];
  for (const [country, hs] of Object.entries(ctx.holidays)) {
    for (const h of hs) {
      if (h.type === 'observance' || h.type === 'school') continue; // days most people work: noise in a list
      const impact = explainer ? describeImpact(country, h, explainer.impact.estimate(h, metric, h.start)) : `${country}: ${h.name}`;
      items.push({ kind: 'holiday', title: `${country} holiday: ${h.name}${h.localName ? ` (${h.localName})` : ''}`, detail: `${impact} · ${h.type}`, start: h.start, end: h.end });
    }
  }
  for (const e of ctx.events) {
    const impact = e.expectedImpact !== undefined ? ` · expected ${e.expectedImpact >= 0 ? '+' : ''}${Math.round(e.expectedImpact * 100)}%` : '';
    items.push({ kind: 'event', title: e.name, detail: `${e.kind.replace('_', ' ')}${e.countries.length ? ` · ${e.countries.join(', ')}` : ''}${impact} · ${e.source}`, start: e.start, end: e.end });
  }
  for (const d of ctx.deploys) items.push({ kind: 'deploy', title: `Deploy ${d.ref}`, detail: `${d.kind === 'tag' ? 'tag' : 'merge'}: ${d.message}`, start: d.at, end: d.at });
  const seen = new Set<number>();
  for (const t of ctx.dst) {
    if (seen.has(t.at)) continue; // zones that change together (e.g. US/Eastern and US/Pacific at their own 2 am) stay separate; identical instants merge
    seen.add(t.at);
    const zones = ctx.dst.filter(x => x.at === t.at).map(x => x.zone).join(', ');
    const shift = (t.offsetAfter - t.offsetBefore) / 60;
    items.push({ kind: 'dst', title: `Clocks ${shift > 0 ? 'forward' : 'back'} ${Math.abs(shift)} h`, detail: zones, start: t.at, end: t.at });
  }
  return items.sort((a, b) => a.start - b.start || a.kind.localeCompare(b.kind));
}

/**
 * An anomaly with its explanations as the explainer made them: each evidence keeps its values, and
 * each explanation its context item (`ref`: the deploy, holiday, event or DST change) and slice.
 * The panel's TriagedAnomaly is this, flattened (toTriaged).
 */
export interface AnalyzedAnomaly extends Omit<TriagedAnomaly, 'explanations'> {
  /** The top explanations, best first (at most 3). */
  readonly explanations: readonly Explanation[];
}

/** At most this many anomalies are kept, the most severe. */
export const MAX_ANOMALIES = 8;

/** Anomalies in the report window (outside the 95% band), most severe first, each explained. */
export function triageReport(config: ReportConfig, data: Dataset, forecasts: Readonly<Record<string, MetricForecast>>, windowStart: number, hours: number, explainer: Explainer | undefined, max = MAX_ANOMALIES): TriagedAnomaly[] {
  const out: AnalyzedAnomaly[] = [];
  for (const m of config.metrics) {
    // Own entries only: a metric "constructor" must not find Object.prototype's.
    const f = Object.hasOwn(forecasts, m.id) ? forecasts[m.id] : undefined;
    if (f) out.push(...metricAnomalies(config, data, m, f, { start: windowStart, hours }, metricTotals(data, m), explainer));
  }
  return rankAnomalies(out, max).map(toTriaged);
}

/**
 * One metric's anomalies in the report window: its hours outside the forecast's 95% band, grouped
 * into segments, each drilled down (where) and explained. `totals` are the metric's, computed once.
 */
export function metricAnomalies(config: ReportConfig, data: Dataset, m: MetricConfig, f: MetricForecast, window: { readonly start: number; readonly hours: number }, totals: MetricTotals, explainer: Explainer | undefined): AnalyzedAnomaly[] {
  const { start: windowStart, hours } = window;
  const n = f.mean.length;
  const tail = (a: readonly (number | null)[]) => a.slice(n - hours).map(v => v ?? NaN);
  const i0 = (windowStart - data.start) / data.step;
  const actual = Array.from(totals.values.subarray(i0, i0 + hours));
  const segs = anomalySegments({ metric: m.id, dims: {}, start: windowStart, step: data.step, actual, mean: tail(f.mean), lower: tail(f.lower95), upper: tail(f.upper95) }, {});
  return segs.map(s => {
    const explanations = explainer ? explainer.explain(s).slice(0, 3) : [];
    const where = whereDrillResult(data, m, s.start, s.end, config.timezone, m.ratio ? undefined : s.expected);
    return {
      metric: m.id, label: m.label, start: s.start, end: s.end, direction: s.direction, severity: s.severity,
      vsForecastPct: s.expected ? ((s.actual - s.expected) / Math.abs(s.expected)) * 100 : 0, explanations,
      where: [...where.slices], ...(where.warnings.length ? { whereNote: where.warnings.join(' ') } : {}),
    };
  });
}

/** The most severe first, at most `max` (a stable sort: equal severities keep the metrics' order). */
export function rankAnomalies<T extends { readonly severity: number }>(anomalies: readonly T[], max = MAX_ANOMALIES): T[] {
  return [...anomalies].sort((a, b) => b.severity - a.severity).slice(0, max);
}

/** As the panel shows it: each explanation's evidence as its text. */
export function toTriaged(a: AnalyzedAnomaly): TriagedAnomaly {
  return { ...a, explanations: a.explanations.map(x => ({ kind: x.kind, title: x.title, confidence: x.confidence, evidence: x.evidence.map(e => e.text) })) };
}
