// The host's half of the protocol limits. Every message is fitted to LIMITS (src/protocol.ts) and
// its numbers made finite before it is posted, so the webview's validator, which checks the same
// LIMITS, never refuses the host's own data and leaves the panel waiting. Cut text ends with "…";
// cut lists say how much they left out. Pure: no vscode, no I/O (the host calls fitForWebview).
import {
  CELL_STATUSES,
  clipText,
  isEventKind,
  isHolidayType,
  LIMITS,
  toWebviewProblem,
  type LoadProblem,
  type ReportSnapshot,
  type ToWebview,
  type WeekChart,
} from './protocol';
import { MAX_SCORE } from '../core/anomaly';
import type { MetricForecast } from '../core/report/forecastBands';
import type { ReportCell, ReportHour, ReportRow } from '../core/report/hourlyReport';
import type { Evidence } from '../core/context/types';
import type { CauseRef, ContextItem, HolidayImpact, SourceRef, TriagedAnomaly, TriagedExplanation } from '../core/report/triage';
import type { Contributions, ValueContribution } from '../core/report/heatmap';

/**
 * The message to post instead of `body`: fitted to LIMITS and checked with the webview's own
 * validator. One that still fails, or cannot be fitted (a malformed snapshot: a bug upstream),
 * becomes a loadError saying why, so the panel shows an error instead of waiting for a snapshot
 * it refused. Call it right before postMessage.
 */
export function fitForWebview(body: ToWebview): ToWebview {
  let problem: string | undefined;
  try {
    const fitted: ToWebview =
      body.type === 'snapshot'
        ? { type: 'snapshot', snapshot: fitSnapshot(body.snapshot) }
        : body.type === 'loadError'
          ? { type: 'loadError', problem: fitProblem(body.problem), ...(body.stale ? { stale: fitSnapshot(body.stale) } : {}) }
          : body.type === 'reveal'
            ? fitReveal(body)
            : body;
    problem = toWebviewProblem(fitted);
    if (problem === undefined) return fitted;
  } catch (e) {
    problem = e instanceof Error ? e.message : String(e);
  }
  return { type: 'loadError', problem: { message: clipText(`The report could not be shown: ${problem}`, LIMITS.message) } };
}

/** A reveal the webview accepts: the metric cut as fitSnapshot cuts it (so it still matches), the window at most LIMITS.revealMs. */
export function fitReveal(r: Extract<ToWebview, { type: 'reveal' }>): ToWebview {
  const start = num(r.start);
  const end = Math.min(Math.max(start, num(r.end)), start + LIMITS.revealMs);
  return { type: 'reveal', metric: text(r.metric, LIMITS.label), start, end };
}

/** A load problem the webview accepts; a file path too long to open is dropped rather than cut. */
export function fitProblem(p: LoadProblem): LoadProblem {
  const file = typeof p.file === 'string' && p.file.length <= LIMITS.path ? p.file : undefined;
  const line = file !== undefined && Number.isSafeInteger(p.line) ? p.line : undefined;
  const column = line !== undefined && Number.isSafeInteger(p.column) ? p.column : undefined;
  return {
    message: text(p.message, LIMITS.message),
    ...(file !== undefined ? { file } : {}),
    ...(line !== undefined ? { line } : {}),
    ...(column !== undefined ? { column } : {}),
    ...(p.problems ? { problems: fitProblems(p.problems) } : {}),
    ...(p.action === 'trustWorkspace' ? { action: p.action } : {}),
  };
}

/** The snapshot within LIMITS, every number finite (or null where the type allows it). */
export function fitSnapshot(s: ReportSnapshot): ReportSnapshot {
  const cuts: string[] = []; // what was left out, said first among the warnings
  const first = <T>(xs: readonly T[], max: number, what: string): readonly T[] => {
    if (xs.length > max) cuts.push(`${xs.length - max} more ${what} are not shown (at most ${max}).`);
    return xs.slice(0, max);
  };
  // Hours and cells: the latest hours matter most, so a cut keeps the last ones.
  const hours = s.hours.slice(-LIMITS.hours).map(fitHour);
  const rows = first(s.rows, LIMITS.rows, 'metrics').map(r => fitRow(r, hours.length));
  const metrics = new Set(rows.map(r => r.metric));
  const charts = record<WeekChart>();
  for (const [id, c] of Object.entries(s.charts)) {
    const key = text(id, LIMITS.label); // matches the row's metric, cut the same way
    if (metrics.has(key)) charts[key] = fitChart(c, hours.length);
  }
  const context = first(s.context, LIMITS.context, 'context items').map(fitContextItem);
  const anomalies = first(s.anomalies, LIMITS.anomalies, 'anomalies (the least severe)').map(fitAnomaly);
  const warnings = withMore(
    [...cuts, ...s.warnings].map(w => text(w, LIMITS.message)),
    LIMITS.warnings,
    n => `… and ${n} more warnings`,
  );
  // Incidents keep the anomalies that were kept, each in one incident only; one left empty goes.
  const grouped = new Set<number>();
  const kept = (i: number): boolean => Number.isSafeInteger(i) && i >= 0 && i < anomalies.length && !grouped.has(i) && !!grouped.add(i);
  const incidents = s.incidents.map(g => ({ title: text(g.title, LIMITS.title), anomalies: g.anomalies.filter(kept) })).filter(g => g.anomalies.length > 0);
  return {
    id: int(s.id),
    analysis: s.analysis === 'done' ? 'done' : 'pending',
    title: text(s.title, LIMITS.title),
    timezone: text(s.timezone, LIMITS.timezone),
    source: text(s.source, LIMITS.path),
    asOf: num(s.asOf),
    thresholds: { amber: num(s.thresholds.amber), red: num(s.thresholds.red) },
    hours,
    rows,
    ...(s.pending
      ? {
          pending: {
            at: num(s.pending.at),
            label: text(s.pending.label, LIMITS.hourLabel),
            date: text(s.pending.date, LIMITS.date),
            // One per row: cut like the rows (the first kept), or padded with empties.
            cells: rows
              .map((_, i) => s.pending!.cells[i])
              .map(c => ({ value: numOrNull(c?.value), lastWeek: numOrNull(c?.lastWeek), arrivedShare: numOrNull(c?.arrivedShare) })),
            arrivedShare: record(Object.entries(s.pending.arrivedShare).map(([k, v]) => [text(k, LIMITS.label), numOrNull(v)])),
            arrived: numOrNull(s.pending.arrived),
          },
        }
      : {}),
    freshness: { ageHours: Math.max(0, int(s.freshness.ageHours)), stale: s.freshness.stale === true },
    dstDays: s.dstDays.slice(0, LIMITS.dstDays).map(d => ({ date: text(d.date, LIMITS.date), hours: int(d.hours) })),
    charts,
    context,
    anomalies,
    incidents,
    warnings,
    problems: fitProblems(s.problems),
    ...(s.expectedContext ? { expectedContext: s.expectedContext.filter(k => typeof k === 'string' && k.length <= LIMITS.key).slice(0, LIMITS.context) } : {}),
    ...(s.investigations
      ? {
          investigations: s.investigations.slice(0, LIMITS.anomalies * 4).map(m => ({
            ...m,
            metric: text(m.metric, LIMITS.label),
            name: text(m.name, LIMITS.label),
            title: text(m.title, LIMITS.title),
            participants: m.participants.slice(0, 10).map(p => text(p, LIMITS.label)),
          })),
        }
      : {}),
    ...(s.weekly ? { weekly: s.weekly } : {}),
  };
}

/** At most LIMITS.problems listed, the count kept whole; a problem whose path is too long to open is dropped (and still counted). */
function fitProblems(p: ReportSnapshot['problems'] | undefined): ReportSnapshot['problems'] {
  const pos = (v: unknown): number | undefined => (Number.isSafeInteger(v) && (v as number) >= 1 ? (v as number) : undefined);
  const listed = (p?.listed ?? [])
    .filter(x => typeof x.file === 'string' && x.file.length <= LIMITS.path)
    .slice(0, LIMITS.problems)
    .map(x => {
      const line = pos(x.line);
      const column = line !== undefined ? pos(x.column) : undefined;
      return {
        severity: x.severity === 'warning' ? ('warning' as const) : ('error' as const),
        file: x.file,
        ...(line !== undefined ? { line } : {}),
        ...(column !== undefined ? { column } : {}),
        text: text(x.text, LIMITS.message),
      };
    });
  return { count: Math.max(listed.length, int(p?.count)), listed };
}

function fitHour(h: ReportHour): ReportHour {
  return {
    at: num(h.at),
    local: text(h.local, LIMITS.local),
    label: text(h.label, LIMITS.hourLabel),
    date: text(h.date, LIMITS.date),
    offsetChanged: h.offsetChanged === true,
    ...(h.dayHours === 23 || h.dayHours === 25 ? { dayHours: h.dayHours } : {}),
  };
}

const GAP: ReportCell = { value: null, lastWeek: null, deltaPct: null, status: 'gap' };

function fitRow(r: ReportRow, hours: number): ReportRow {
  // One cell per hour: cut like the hours (the latest kept), or padded with gaps.
  const cells = aligned(r.cells, hours, GAP).map(c => ({
    value: numOrNull(c.value),
    lastWeek: numOrNull(c.lastWeek),
    deltaPct: numOrNull(c.deltaPct),
    status: CELL_STATUSES.includes(c.status) ? c.status : 'na',
  }));
  const noData = r.noData === undefined ? {} : { noData: text(r.noData, LIMITS.message) };
  return { metric: text(r.metric, LIMITS.label), label: text(r.label, LIMITS.label), derived: r.derived === true, cells, ...noData };
}

function fitChart(c: WeekChart, hours: number): WeekChart {
  const x = c.x.slice(-LIMITS.chartPoints).map(num);
  const series = (ys: readonly (number | null)[]) => aligned(ys, x.length, null).map(numOrNull);
  const f: MetricForecast | undefined = c.forecast && {
    mean: series(c.forecast.mean),
    lower80: series(c.forecast.lower80),
    upper80: series(c.forecast.upper80),
    lower95: series(c.forecast.lower95),
    upper95: series(c.forecast.upper95),
    // Scores are for the report's hours; a missing one is null (not scored).
    scores: aligned(c.forecast.scores, hours, null).map(v => (typeof v === 'number' && !Number.isNaN(v) ? bounded(v, MAX_SCORE) : null)),
  };
  return { x, thisWeek: series(c.thisWeek), lastWeek: series(c.lastWeek), ...(f ? { forecast: f } : {}) };
}

function fitContextItem(i: ContextItem): ContextItem {
  const base = { title: text(i.title, LIMITS.title), detail: text(i.detail, LIMITS.detail), start: num(i.start), end: num(i.end) };
  switch (i.kind) {
    case 'holiday':
      return {
        kind: 'holiday',
        ...base,
        country: text(i.country, LIMITS.label),
        ...(i.state !== undefined ? { state: text(i.state, LIMITS.label) } : {}),
        name: text(i.name, LIMITS.title),
        ...(i.localName !== undefined ? { localName: text(i.localName, LIMITS.title) } : {}),
        holidayType: isHolidayType(i.holidayType) ? i.holidayType : 'public',
        ...(i.impact ? { impact: fitImpact(i.impact) } : {}),
      };
    case 'event':
      return {
        kind: 'event',
        ...base,
        name: text(i.name, LIMITS.title),
        eventKind: isEventKind(i.eventKind) ? i.eventKind : 'other',
        countries: i.countries.slice(0, LIMITS.countries).map(c => text(c, LIMITS.label)),
        ...(i.expectedImpact !== undefined ? { expectedImpact: num(i.expectedImpact) } : {}),
        // A path too long to open is dropped rather than cut, as in fitProblem.
        source: fitSource(i.source) ?? { file: '', line: 0 },
      };
    case 'deploy':
      return {
        kind: 'deploy',
        ...base,
        ref: text(i.ref, LIMITS.ref),
        deployKind: i.deployKind === 'merge' ? 'merge' : 'tag',
        message: text(i.message, LIMITS.detail),
      };
    case 'dst':
      return { kind: 'dst', ...base, zones: i.zones.slice(0, LIMITS.zones).map(z => text(z, LIMITS.timezone)), shiftHours: num(i.shiftHours) };
    // Not a kind the webview draws (a bug upstream): shown as a bare event named by its title.
    default:
      return { kind: 'event', ...base, name: base.title, eventKind: 'other', countries: [], source: { file: '', line: 0 } };
  }
}

function fitImpact(x: HolidayImpact): HolidayImpact {
  return {
    metric: text(x.metric, LIMITS.label), // matches the row's metric, cut the same way
    ratio: num(x.ratio),
    basis: x.basis === 'history' || x.basis === 'type-prior' ? x.basis : 'default-prior',
    occurrences: Math.max(0, int(x.occurrences)),
    ...(x.last ? { last: { date: text(x.last.date, LIMITS.date), ratio: num(x.last.ratio) } } : {}),
  };
}

/** A declaration's place the webview accepts, or undefined when its path is too long to open (never cut). */
function fitSource(src: SourceRef): SourceRef | undefined {
  return typeof src.file === 'string' && src.file.length <= LIMITS.path
    ? { file: src.file, line: Number.isSafeInteger(src.line) && src.line >= 0 ? src.line : 0 }
    : undefined;
}

/**
 * The cause within LIMITS, or undefined (no cause) when what identifies it cannot be kept as it is:
 * a git ref or a path too long would link to something else once cut. Names are cut like titles.
 */
function fitCause(c: CauseRef): CauseRef | undefined {
  switch (c.kind) {
    case 'holiday':
      return {
        kind: 'holiday',
        country: text(c.country, LIMITS.label),
        ...(c.state !== undefined ? { state: text(c.state, LIMITS.label) } : {}),
        name: text(c.name, LIMITS.title),
        start: num(c.start),
      };
    case 'event': {
      const source = fitSource(c.source);
      return source && { kind: 'event', name: text(c.name, LIMITS.title), start: num(c.start), source };
    }
    case 'deploy':
      return typeof c.ref === 'string' && c.ref.length <= LIMITS.ref
        ? { kind: 'deploy', ref: c.ref, deployKind: c.deployKind === 'merge' ? 'merge' : 'tag' }
        : undefined;
    case 'dst':
      return { kind: 'dst', zones: c.zones.slice(0, LIMITS.zones).map(z => text(z, LIMITS.timezone)) };
    default:
      return undefined;
  }
}

/** One line of evidence: its text cut, its values finite (a NaN or an infinity is left out), at most LIMITS.values of them. */
function fitEvidence(e: Evidence): Evidence {
  if (e.values === undefined) return { text: text(e.text, LIMITS.detail) };
  const values = Object.entries(e.values).flatMap(([k, v]): [string, number | string][] =>
    typeof v === 'number' ? (Number.isFinite(v) ? [[text(k, LIMITS.label), v]] : []) : [[text(k, LIMITS.label), text(v, LIMITS.detail)]],
  );
  return { text: text(e.text, LIMITS.detail), values: record(values.slice(0, LIMITS.values)) };
}

function fitExplanation(x: TriagedExplanation): TriagedExplanation {
  const cause = x.cause && fitCause(x.cause);
  return {
    kind: text(x.kind, LIMITS.type),
    title: text(x.title, LIMITS.title),
    // A confidence is a probability; NaN (an impossible expected impact) means none.
    confidence: Math.min(1, Math.max(0, num(x.confidence))),
    evidence: withMore(x.evidence.map(fitEvidence), LIMITS.evidence, n => ({ text: `… and ${n} more` })),
    slice: record(
      Object.entries(x.slice)
        .slice(0, LIMITS.dims)
        .map(([k, v]) => [text(k, LIMITS.label), text(v, LIMITS.label)]),
    ),
    inBaseline: x.inBaseline === true,
    ...(cause ? { cause } : {}),
  };
}

/**
 * An anomaly's heat-map within LIMITS: dimensions and rows cut (the core bounds them well below
 * that), labels cut like the where slices', numbers finite or null (unknown), counts whole.
 */
function fitContributions(c: Contributions): Contributions {
  const row = (v: ValueContribution): ValueContribution => {
    const others = int(v.others);
    const gaps = int(v.gaps);
    return {
      value: text(v.value, LIMITS.label),
      ...(others >= 2 ? { others } : {}),
      expected: numOrNull(v.expected),
      actual: numOrNull(v.actual),
      relativeChange: numOrNull(v.relativeChange),
      shareBefore: numOrNull(v.shareBefore),
      contribution: numOrNull(v.contribution),
      ...(gaps >= 1 ? { gaps } : {}),
    };
  };
  return {
    kind: c.kind === 'ratio' ? 'ratio' : 'additive',
    expected: numOrNull(c.expected),
    actual: numOrNull(c.actual),
    dimensions: c.dimensions.slice(0, LIMITS.heatmapDimensions).map(d => ({
      dimension: text(d.dimension, LIMITS.label),
      values: d.values.slice(0, LIMITS.heatmapValues).map(row),
    })),
    gaps: Math.max(0, int(c.gaps)),
  };
}

function fitAnomaly(a: TriagedAnomaly): TriagedAnomaly {
  return {
    metric: text(a.metric, LIMITS.label),
    label: text(a.label, LIMITS.label),
    start: num(a.start),
    end: num(a.end),
    direction: a.direction === 'up' ? 'up' : 'down',
    severity: Math.abs(bounded(a.severity, MAX_SCORE)), // Infinity (a zero-width band) ranks as the most severe
    vsForecastPct: bounded(a.vsForecastPct, Number.MAX_VALUE),
    where: a.where.slice(0, LIMITS.slices).map(w => ({
      dims: record(Object.entries(w.dims).map(([k, v]) => [text(k, LIMITS.label), text(v, LIMITS.label)])),
      relativeChange: numOrNull(w.relativeChange),
      share: num(w.share),
      ...(w.of !== undefined ? { of: text(w.of, LIMITS.label) } : {}),
    })),
    ...(a.whereNote !== undefined ? { whereNote: text(a.whereNote, LIMITS.detail) } : {}),
    ...(a.contributions ? { contributions: fitContributions(a.contributions) } : {}),
    explanations: a.explanations.slice(0, LIMITS.explanations).map(fitExplanation),
  };
}

/** At most `max` lines: all of them, or the first max - 1 and a line saying how many more there were. */
function withMore<T>(xs: readonly T[], max: number, more: (n: number) => T): T[] {
  return xs.length <= max ? [...xs] : [...xs.slice(0, max - 1), more(xs.length - max + 1)];
}

/** Exactly `n` items aligned at the end (the latest): older ones cut, or `fill` prepended. */
function aligned<T>(xs: readonly T[], n: number, fill: T): T[] {
  return xs.length >= n ? xs.slice(xs.length - n) : [...Array<T>(n - xs.length).fill(fill), ...xs];
}

/** A record without a prototype: a key "__proto__" is an entry like any other. */
function record<V>(entries: Iterable<readonly [string, V]> = []): Record<string, V> {
  const out = Object.create(null) as Record<string, V>;
  for (const [k, v] of entries) out[k] = v;
  return out;
}

const text = (v: unknown, max: number): string => clipText(typeof v === 'string' ? v : String(v ?? ''), max);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** NaN as 0, infinities as ±max. */
const bounded = (v: number, max: number): number => (Number.isNaN(v) ? 0 : Math.max(-max, Math.min(max, v)));
const int = (v: unknown): number =>
  typeof v === 'number' && Number.isFinite(v) ? Math.max(Number.MIN_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, Math.round(v))) : 0;
