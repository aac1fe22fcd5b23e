// What the panel shows beside the numbers: the context of the chart's week (holidays with their
// expected impact, events, deploys, DST changes) and the report window's anomalies, each with its
// ranked likely explanations. Pure: the host gathers calendars, events and git history.
import type { MetricConfig, ReportConfig } from '../config/reportConfig';
import type { Dataset } from '../types';
import { anomalySegments } from '../anomaly';
import { describeImpact, type ContextWindow, type EventKind, type Explainer, type Explanation, type HolidayType } from '../context';
import type { MetricForecast } from './forecastBands';
import { metricTotals, type MetricTotals } from './totals';
import { whereDrillResult, type SliceFinding } from './whereDrill';
import { anomalyContributions, type Contributions } from './heatmap';

export type ContextKind = 'holiday' | 'event' | 'deploy' | 'dst';

/** Where an event was declared: a workspace file and its line (1-based; 0 when unknown). */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
}

/**
 * What every context item has: `title` and `detail` are for display only (nothing parses them);
 * the kind's own fields carry the values. Instants are UTC ms.
 */
interface ContextItemBase {
  readonly title: string;
  readonly detail: string;
  readonly start: number;
  readonly end: number; // = start for instants (deploys, DST changes)
}

export interface HolidayItem extends ContextItemBase {
  readonly kind: 'holiday';
  /** ISO 3166-1 alpha-2, as the holiday calendar keys it. */
  readonly country: string;
  /** The subdivision, for a state holiday. */
  readonly state?: string;
  /** English name. */
  readonly name: string;
  /** Name in the country's first language, when it differs. */
  readonly localName?: string;
  readonly holidayType: HolidayType;
  /** What the explainer expects of it on the report's first metric, learned from the data; absent without an explainer. */
  readonly impact?: HolidayImpact;
}

/** A holiday's expected impact as the explainer estimates it (HolidayImpactModel in core/context/impact.ts). */
export interface HolidayImpact {
  /** The metric it was estimated for. */
  readonly metric: string;
  /** The expected multiplier on the affected slice (0.72 = -28%). */
  readonly ratio: number;
  /** 'history': learned from this holiday's past occurrences in the data; 'type-prior': from other days off there; 'default-prior': no data, a prior for its type. */
  readonly basis: 'history' | 'type-prior' | 'default-prior';
  /** How many past occurrences of this holiday the data holds. */
  readonly occurrences: number;
  /** The most recent of them: its local date and measured ratio. */
  readonly last?: { readonly date: string; readonly ratio: number };
}

export interface EventItem extends ContextItemBase {
  readonly kind: 'event';
  readonly name: string;
  readonly eventKind: EventKind;
  /** ISO country codes; empty = everywhere. */
  readonly countries: readonly string[];
  /** Declared relative impact (-0.2 = -20%), when declared. */
  readonly expectedImpact?: number;
  readonly source: SourceRef;
}

export interface DeployItem extends ContextItemBase {
  readonly kind: 'deploy';
  /** The tag, or the merge commit's abbreviated hash, as git listed it. */
  readonly ref: string;
  readonly deployKind: 'tag' | 'merge';
  readonly message: string;
}

export interface DstItem extends ContextItemBase {
  readonly kind: 'dst';
  /** The zones whose clocks change at this instant. */
  readonly zones: readonly string[];
  /** The change of UTC offset, hours: +1 forward, -1 back. */
  readonly shiftHours: number;
}

export type ContextItem = HolidayItem | EventItem | DeployItem | DstItem;

/**
 * The context item an explanation points at, by the values that identify it (not by its title):
 * what the palette links to and what incidents group by.
 */
export type CauseRef =
  | { readonly kind: 'holiday'; readonly country: string; readonly state?: string; readonly name: string; readonly start: number }
  | { readonly kind: 'event'; readonly name: string; readonly start: number; readonly source: SourceRef }
  | { readonly kind: 'deploy'; readonly ref: string; readonly deployKind: 'tag' | 'merge' }
  | { readonly kind: 'dst'; readonly zones: readonly string[] };

/**
 * One explanation as the panel, the palette and the writers read it: the explainer's own fields
 * (the title is for display only: nothing parses it, use `cause`), with the context item reduced to
 * a reference that survives JSON.
 */
export interface TriagedExplanation extends Pick<Explanation, 'title' | 'confidence' | 'evidence' | 'slice'> {
  readonly kind: string;
  /** True when the cause sat in the baseline week, not in the anomaly itself. */
  readonly inBaseline: boolean;
  /** The context item behind it; absent for causes without one (late data, a data gap, unexplained). */
  readonly cause?: CauseRef;
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
  /**
   * Every dimension's values by their change and share of the change (the heat-map), from the cube
   * the drill-down searched; absent without dimensions (or with only one value in each).
   */
  readonly contributions?: Contributions;
  readonly explanations: readonly TriagedExplanation[];
}

/**
 * An event's `source` ("file:line", as the events and calendar parsers record it) as a file and a
 * line: the part after the last colon when it is a line number, else the whole as the file.
 */
export function sourceRef(source: string): SourceRef {
  const i = source.lastIndexOf(':');
  const line = i >= 0 ? source.slice(i + 1) : '';
  return /^\d{1,9}$/.test(line) ? { file: source.slice(0, i), line: Number(line) } : { file: source, line: 0 };
}

/** The week's context as a flat, time-ordered list, with each holiday's expected impact. */
export function contextItems(ctx: ContextWindow, explainer: Explainer | undefined, metric: string): ContextItem[] {
  const items: ContextItem[] = [];
  for (const [country, hs] of Object.entries(ctx.holidays)) {
    for (const h of hs) {
      if (h.type === 'observance' || h.type === 'school') continue; // days most people work: noise in a list
      const est = explainer?.impact.estimate(h, metric, h.start);
      const impact = est ? describeImpact(country, h, est) : `${country}: ${h.name}`;
      const last = est?.occurrences[est.occurrences.length - 1];
      items.push({
        kind: 'holiday',
        title: `${country} holiday: ${h.name}${h.localName ? ` (${h.localName})` : ''}`,
        detail: `${impact} · ${h.type}`,
        start: h.start,
        end: h.end,
        country,
        ...(h.state ? { state: h.state } : {}),
        name: h.name,
        ...(h.localName ? { localName: h.localName } : {}),
        holidayType: h.type,
        ...(est
          ? {
              impact: {
                metric,
                ratio: est.ratio,
                basis: est.source,
                occurrences: est.occurrences.length,
                ...(last ? { last: { date: last.date, ratio: last.ratio } } : {}),
              },
            }
          : {}),
      });
    }
  }
  for (const e of ctx.events) {
    const impact = e.expectedImpact !== undefined ? ` · expected ${e.expectedImpact >= 0 ? '+' : ''}${Math.round(e.expectedImpact * 100)}%` : '';
    items.push({
      kind: 'event',
      title: e.name,
      detail: `${e.kind.replace('_', ' ')}${e.countries.length ? ` · ${e.countries.join(', ')}` : ''}${impact} · ${e.source}`,
      start: e.start,
      end: e.end,
      name: e.name,
      eventKind: e.kind,
      countries: [...e.countries],
      ...(e.expectedImpact !== undefined ? { expectedImpact: e.expectedImpact } : {}),
      source: sourceRef(e.source),
    });
  }
  for (const d of ctx.deploys) {
    const deployKind = d.kind === 'tag' ? 'tag' : 'merge';
    items.push({
      kind: 'deploy',
      title: `Deploy ${d.ref}`,
      detail: `${deployKind}: ${d.message}`,
      start: d.at,
      end: d.at,
      ref: d.ref,
      deployKind,
      message: d.message,
    });
  }
  const seen = new Set<number>();
  for (const t of ctx.dst) {
    if (seen.has(t.at)) continue; // zones that change together (e.g. US/Eastern and US/Pacific at their own 2 am) stay separate; identical instants merge
    seen.add(t.at);
    const zones = ctx.dst.filter(x => x.at === t.at).map(x => x.zone);
    const shift = (t.offsetAfter - t.offsetBefore) / 60;
    items.push({
      kind: 'dst',
      title: `Clocks ${shift > 0 ? 'forward' : 'back'} ${Math.abs(shift)} h`,
      detail: zones.join(', '),
      start: t.at,
      end: t.at,
      zones,
      shiftHours: shift,
    });
  }
  return items.sort((a, b) => a.start - b.start || a.kind.localeCompare(b.kind));
}

/**
 * An anomaly with its explanations as the explainer made them: each evidence keeps its values, and
 * each explanation its context item (`ref`: the deploy, holiday, event or DST change) and slice.
 * The panel's TriagedAnomaly is this without the scores, each ref reduced to its identifying values (toTriaged).
 */
export interface AnalyzedAnomaly extends Omit<TriagedAnomaly, 'explanations'> {
  /** The top explanations, best first (at most 3). */
  readonly explanations: readonly Explanation[];
}

/** At most this many anomalies are kept, the most severe. */
export const MAX_ANOMALIES = 8;

/** Anomalies in the report window (outside the 95% band), most severe first, each explained. */
export function triageReport(
  config: ReportConfig,
  data: Dataset,
  forecasts: Readonly<Record<string, MetricForecast>>,
  windowStart: number,
  hours: number,
  explainer: Explainer | undefined,
  max = MAX_ANOMALIES,
): TriagedAnomaly[] {
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
export function metricAnomalies(
  config: ReportConfig,
  data: Dataset,
  m: MetricConfig,
  f: MetricForecast,
  window: { readonly start: number; readonly hours: number },
  totals: MetricTotals,
  explainer: Explainer | undefined,
): AnalyzedAnomaly[] {
  const { start: windowStart, hours } = window;
  const n = f.mean.length;
  const tail = (a: readonly (number | null)[]) => a.slice(n - hours).map(v => v ?? NaN);
  const i0 = (windowStart - data.start) / data.step;
  const actual = Array.from(totals.values.subarray(i0, i0 + hours));
  const segs = anomalySegments(
    { metric: m.id, dims: {}, start: windowStart, step: data.step, actual, mean: tail(f.mean), lower: tail(f.lower95), upper: tail(f.upper95) },
    {},
  );
  return segs.map(s => {
    const explanations = explainer ? explainer.explain(s).slice(0, 3) : [];
    // Against the same hours last week, unscaled: the explainer's baseline, so a slice the drill-down
    // names carries the numbers its explanation's evidence gives it (one number per slice).
    const where = whereDrillResult(data, m, s.start, s.end, config.timezone);
    const slices = where.slices.length ? where.slices : causeSlice(explanations, m.id);
    const contributions = where.cube && anomalyContributions(where.cube);
    return {
      metric: m.id,
      label: m.label,
      start: s.start,
      end: s.end,
      direction: s.direction,
      severity: s.severity,
      vsForecastPct: s.expected ? ((s.actual - s.expected) / Math.abs(s.expected)) * 100 : 0,
      explanations,
      where: [...slices],
      ...(where.warnings.length ? { whereNote: where.warnings.join(' ') } : {}),
      ...(contributions?.dimensions.length ? { contributions } : {}),
    };
  });
}

/**
 * When the drill-down finds no slice significant, the slice the top explanation points at, with the
 * figures its evidence gives (sliceEvidence's values: `actual`, `expected`, `rawShare`, `metric`),
 * so the "where" line and the evidence say the same. None for an unexplained anomaly or a cause of
 * the whole total.
 */
export function causeSlice(explanations: readonly Pick<Explanation, 'kind' | 'slice' | 'evidence'>[], metric: string): SliceFinding[] {
  const top = explanations[0];
  if (!top || top.kind === 'unexplained' || !Object.keys(top.slice).length) return [];
  const v = top.evidence.find(e => {
    const x = e.values;
    return x && typeof x.actual === 'number' && typeof x.expected === 'number' && typeof x.rawShare === 'number';
  })?.values;
  if (!v) return [];
  const [actual, expected, share] = [v.actual as number, v.expected as number, v.rawShare as number];
  const of = typeof v.metric === 'string' && v.metric !== metric ? v.metric : undefined;
  return [{ dims: { ...top.slice }, relativeChange: expected > 0 ? actual / expected - 1 : null, share, ...(of ? { of } : {}) }];
}

/** The most severe first, at most `max` (a stable sort: equal severities keep the metrics' order). */
export function rankAnomalies<T extends { readonly severity: number }>(anomalies: readonly T[], max = MAX_ANOMALIES): T[] {
  return [...anomalies].sort((a, b) => b.severity - a.severity).slice(0, max);
}

/**
 * The context item behind an explanation, by its identifying values; undefined when it has none
 * (or its ref is not of its kind).
 */
export function causeOf(x: Pick<Explanation, 'kind' | 'ref'>): CauseRef | undefined {
  const r = x.ref;
  if (!r) return undefined;
  if (x.kind === 'holiday' && 'rule' in r) return { kind: 'holiday', country: r.country, ...(r.state ? { state: r.state } : {}), name: r.name, start: r.start };
  if (x.kind === 'event' && 'source' in r) return { kind: 'event', name: r.name, start: r.start, source: sourceRef(r.source) };
  if (x.kind === 'deploy' && 'message' in r) return { kind: 'deploy', ref: r.ref, deployKind: r.kind === 'tag' ? 'tag' : 'merge' };
  if (x.kind === 'dst' && 'offsetBefore' in r) return { kind: 'dst', zones: [r.zone] };
  return undefined;
}

/** As the panel, the palette and the writers read it: the explanations keep their evidence values, slice and cause; the scores stay behind. */
export function toTriaged(a: AnalyzedAnomaly): TriagedAnomaly {
  return {
    ...a,
    explanations: a.explanations.map(x => {
      const cause = causeOf(x);
      return {
        kind: x.kind,
        title: x.title,
        confidence: x.confidence,
        evidence: x.evidence.map(e => (e.values ? { text: e.text, values: { ...e.values } } : { text: e.text })),
        slice: { ...x.slice },
        inBaseline: x.inBaseline === true,
        ...(cause ? { cause } : {}),
      };
    }),
  };
}
