// The product part of the explanation bench: the report pipeline (src/core/pipeline: loadTable,
// analyze, presentReport) as `calibrate report` runs it on a generated demo workspace, in memory,
// at several report clocks per seed, scored on what the report shows against the generator's
// ground truth. Protocol and results: bench/explain/README.md, "Product (the report pipeline)".
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { parseReportConfig } from '../../src/core/config/reportConfig';
import { parseEventsYaml } from '../../src/core/context/events';
import type { HolidayCalendar } from '../../src/core/context/holidays';
import type { ContextEvent, Deploy } from '../../src/core/context/types';
import { parseLongCsv } from '../../src/core/csv';
import { AS_OF, generateDemo, type InjectedEffect } from '../../src/core/demo';
import {
  analyze,
  loadTable,
  presentReport,
  type AnalyzedAnomaly,
  type ContextSources,
  type PresentedReport,
  type ReportAnalysis,
} from '../../src/core/pipeline';
import { MAX_ANOMALIES, type CauseRef, type TriagedAnomaly } from '../../src/core/report/triage';
import { nodeYield } from '../../src/report/reportContext';
import { demoDeploys, isObservable, shifted, ZONE } from './demo';
import type { BenchEffect } from './inject';
import { evaluationSegment, matchesOf, satisfies, type Match, type Span } from './match';
import { ratio } from './metrics';

const HOUR = 3_600_000;
/** The paths `calibrate report` reads in the demo workspace (its default --config; the events file). */
export const REPORT_CONFIG = '.calibrate/report.yaml';
export const EVENTS_FILE = '.calibrate/events.yaml';

/** The injected effects judged here: those whose cause the report can name (a holiday, an event, a deploy). */
export const TARGET_KINDS: ReadonlySet<InjectedEffect['kind']> = new Set(['holiday', 'event', 'incident', 'email_send']);

/**
 * The report clock an effect is judged at: the first whole hour at or after its end, at most a day
 * after its start, so the 24-hour report window holds all of it (a holiday: its local day). A clock
 * whose window would end where the shipped clock's does (or later) is the shipped clock itself.
 */
export function clockFor(e: Pick<InjectedEffect, 'start' | 'end'>, shipped: number): number {
  const s = Date.parse(e.start);
  const at = Math.ceil(Math.min(Date.parse(e.end), s + 24 * HOUR) / HOUR) * HOUR;
  return at >= Math.floor(shipped / HOUR) * HOUR ? shipped : at;
}

/** The long CSV as it stood at `clock`: the header and the rows of the hours that began before it. */
export function csvBefore(csv: string, clock: number): string {
  const lines = csv.split('\n');
  const kept = lines.slice(1).filter(l => l !== '' && Date.parse(l.slice(0, l.indexOf(','))) < clock);
  return [lines[0], ...kept].join('\n') + '\n';
}

/** The report config with its top-level `asOf` set to `clock` (written as the generator writes it: in `zone`). */
export function withAsOf(yaml: string, clock: number, zone: string): string {
  const iso = DateTime.fromMillis(clock, { zone }).toISO({ suppressMilliseconds: true });
  const out = yaml.replace(/^asOf:[^\S\n]*[^\s#]+/m, `asOf: ${iso}`);
  if (out === yaml) throw new Error('the report config has no top-level asOf to set');
  return out;
}

/** What the top explanation's cause must name for an injected effect. */
export type ExpectedCause =
  | { readonly kind: 'holiday'; readonly country: string; readonly name: string; readonly start: number }
  | { readonly kind: 'event'; readonly name: string; readonly start: number }
  | { readonly kind: 'deploy'; readonly ref: string };

/**
 * The cause of a target effect, from the ground truth and the workspace's own inputs: a holiday by
 * country, name and day; an event (a match, the late newsletter) as events.yaml declares it, starting
 * when the effect starts; an incident by the release tag that preceded it on its slice.
 */
export function expectedCause(
  e: InjectedEffect,
  truth: { readonly effects: readonly InjectedEffect[]; readonly events: readonly ContextEvent[]; readonly deploys: readonly Deploy[] },
): ExpectedCause {
  const start = Date.parse(e.start);
  const declared = (ok: (x: ContextEvent) => boolean): ExpectedCause => {
    const x = truth.events.find(v => v.start === start && ok(v));
    if (!x) throw new Error(`${e.id}: no event in ${EVENTS_FILE} starts with it`);
    return { kind: 'event', name: x.name, start: x.start };
  };
  switch (e.kind) {
    case 'holiday':
      return { kind: 'holiday', country: e.slice.country ?? '', name: e.name, start };
    case 'event':
      return declared(x => x.name === e.name);
    case 'email_send':
      return declared(x => x.kind === 'email_send');
    case 'incident': {
      const onSlice = (d: InjectedEffect): boolean =>
        d.kind === 'deploy' && Date.parse(d.start) <= start && Object.entries(d.slice).every(([k, v]) => e.slice[k] === undefined || e.slice[k] === v);
      const release = truth.effects.filter(onSlice).sort((a, b) => Date.parse(b.start) - Date.parse(a.start))[0];
      const tag = release && truth.deploys.find(d => d.at === Date.parse(release.start));
      if (!tag) throw new Error(`${e.id}: no release precedes it`);
      return { kind: 'deploy', ref: tag.ref };
    }
    default:
      throw new Error(`${e.id}: kind ${e.kind} is not judged by the product part`);
  }
}

/** Does the cause an explanation shows name the expected one? */
export function namesCause(cause: CauseRef | undefined, x: ExpectedCause): boolean {
  if (!cause || cause.kind !== x.kind) return false;
  switch (x.kind) {
    case 'holiday':
      return cause.kind === 'holiday' && cause.country === x.country && cause.name === x.name && cause.start === x.start;
    case 'event':
      return cause.kind === 'event' && cause.name === x.name && cause.start === x.start;
    case 'deploy':
      return cause.kind === 'deploy' && cause.ref === x.ref;
  }
}

const describeCause = (x: ExpectedCause): string =>
  x.kind === 'deploy' ? `deploy ${x.ref}` : x.kind === 'holiday' ? `holiday ${x.country} ${x.name}` : `event ${x.name}`;
const describeFirst = (a: TriagedAnomaly): string => {
  const x = a.explanations[0];
  if (!x) return 'no explanation';
  const c = x.cause;
  const what = !c
    ? x.kind
    : c.kind === 'holiday'
      ? `holiday ${c.country} ${c.name}${x.inBaseline ? ' (baseline)' : ''}`
      : c.kind === 'event'
        ? `event ${c.name}`
        : c.kind === 'deploy'
          ? `deploy ${c.ref}`
          : `dst ${c.zones.join(',')}`;
  return `${what} ${x.confidence.toFixed(2)}`;
};

/** A derived metric's parts (the report config's `ratio`). */
export interface RatioParts {
  readonly numerator: string;
  readonly denominator: string;
}

/**
 * The injected effects an anomaly of the report matches (it is on the total: `dims` {}). match.ts's
 * windows, plus two conditions the report needs:
 * - the anomaly moves the way the effect does: a drop is a "down" anomaly in its own window and an
 *   "up" one in its echo week (the baseline), a lift the reverse; the late newsletter either way (the
 *   usual lift is missing, then it comes); a DST week either way;
 * - a derived metric (a ratio) matches only effects on exactly one of its parts, and DST weeks: an
 *   effect that scales both parts of its slice alike leaves the slice's ratio as it was.
 */
export function anomalyMatches(
  seg: Span & { readonly direction: 'up' | 'down' },
  derived: RatioParts | undefined,
  effects: readonly InjectedEffect[],
): Match[] {
  const parts = derived ? [derived.numerator, derived.denominator] : [seg.metric];
  const found = parts.flatMap(metric => matchesOf({ ...seg, metric }, effects, ZONE, isObservable, shifted));
  const moves = (e: BenchEffect, p: string): boolean => !e.metrics.length || e.metrics.includes(p);
  const agrees = ({ effect: e, role }: Match): boolean => {
    if (e.kind === 'dst') return true;
    if (derived && moves(e, derived.numerator) === moves(e, derived.denominator)) return false;
    if (e.kind === 'email_send' || e.multiplier === 1) return true;
    const up = (role === 'primary') === e.multiplier > 1;
    // A ratio moves against its denominator.
    return (seg.direction === 'up') === (derived && !moves(e, derived.numerator) ? !up : up);
  };
  return found.filter((m, i) => found.findIndex(n => n.effect === m.effect && n.role === m.role) === i && agrees(m));
}

/** An anomaly of one report, as matched to the ground truth (the report's anomalies are on the total). */
interface ShownRow {
  readonly seg: Span;
  readonly matches: readonly Match[];
  readonly shown: TriagedAnomaly;
  readonly analyzed: AnalyzedAnomaly;
}

/**
 * The demo workspace's context sources as the product's Node ports serve them (src/report/reportContext.ts),
 * from memory: the same holiday calendar; events.yaml parsed as loadWorkspaceEvents parses it (no .ics in
 * the demo); the release tags in the window, in the order readGitDeploys lists them.
 */
export function demoSources(files: Readonly<Record<string, string>>, deploys: readonly Deploy[], calendar: HolidayCalendar, zone: string): ContextSources {
  return {
    holidays: () => Promise.resolve(calendar),
    events: () => {
      const text = files[EVENTS_FILE];
      const r = text === undefined ? { events: [], errors: [] } : parseEventsYaml(text, EVENTS_FILE, zone);
      return Promise.resolve({ events: [...r.events].sort((a, b) => a.start - b.start), errors: r.errors });
    },
    deploys: w =>
      Promise.resolve({
        deploys: deploys.filter(d => d.at >= w.from && d.at < w.to).sort((a, b) => a.at - b.at || a.ref.localeCompare(b.ref)),
        warnings: [],
      }),
  };
}

/**
 * `calibrate report` on the demo workspace as it stood at `clock`: the config (with that `asOf`, unless
 * it is the shipped clock), the CSV it names (cut at the clock), then both phases and the presenter.
 * Rejects as the product does when the report cannot be built.
 */
export async function reportAt(
  files: Readonly<Record<string, string>>,
  deploys: readonly Deploy[],
  calendar: HolidayCalendar,
  clock: number,
): Promise<{
  report: PresentedReport;
  analysis: ReportAnalysis;
  ratios: ReadonlyMap<string, RatioParts>;
}> {
  const shipped = clock === AS_OF;
  const configText = files[REPORT_CONFIG] ?? '';
  const config = parseReportConfig(shipped ? configText : withAsOf(configText, clock, ZONE), REPORT_CONFIG);
  const csv = files[config.source.path] ?? '';
  const source = { read: () => Promise.resolve(parseLongCsv(shipped ? csv : csvBefore(csv, clock), config.source.path)) };
  const table = await loadTable(config, source, { now: () => clock });
  const analysis = await analyze(table, { context: demoSources(files, deploys, calendar, config.timezone), yieldNow: nodeYield });
  const report = presentReport(table, analysis);
  const ratios = new Map(config.metrics.flatMap(m => (m.ratio ? [[m.id, m.ratio] as const] : [])));
  return { report, analysis, ratios };
}

interface KindAcc {
  effects: number;
  reportable: number;
  recalled: number;
  top1: number;
  top3: number;
  anyTrue: number;
  kindTop1: number;
  unexplained: number;
}

export interface ProductKindFigures {
  /** Target effects injected (every seed). */
  readonly effects: number;
  /** Those whose report could be built at their clock. */
  readonly reportable: number;
  /** Those among their report's anomalies (a primary-window match). */
  readonly recalled: number;
  readonly recall: number | null;
  /** Of the recalled: the judged anomaly's first explanation names the injected cause / one of the first three does. */
  readonly top1Cause: number | null;
  readonly top3Cause: number | null;
  /**
   * Of the recalled: the judged anomaly's first explanation names an effect it matches, this one or
   * another (an overlapping holiday, a DST week): another true cause, not a wrong one.
   */
  readonly top1AnyTrue: number | null;
  /** Of the reportable: shown and named first (recall × top1Cause). */
  readonly shownAndNamed: number | null;
  /** Of the recalled: the first explanation is of the right kind (the engine bench's criterion, match.ts satisfies). */
  readonly top1Kind: number | null;
  /** Of the recalled: the first explanation is "unexplained". */
  readonly unexplainedTop1: number | null;
}

export interface ProductFigures {
  readonly protocol: string;
  readonly reports: number;
  readonly clocksPerSeed: Record<string, number>;
  /** Reports the product refused to build (the message it gave), by seed and clock. */
  readonly refused: readonly string[];
  /** Warnings the built reports carried (none expected on the demo). */
  readonly warnings: readonly string[];
  readonly byKind: Record<string, ProductKindFigures>;
  readonly perReport: {
    readonly anomalies: number | null;
    /** Anomalies that match no injected effect (primary or echo window, DST weeks included). */
    readonly falseAnomalies: number | null;
    /** Anomalies whose only match is a DST week (a clock change, not an injected traffic effect). */
    readonly dstOnly: number | null;
    /** Reports that kept the maximum number of anomalies (more may have been cut). */
    readonly atCapShare: number | null;
  };
  /** Of all the anomalies shown: the first explanation is "unexplained". */
  readonly unexplainedShare: number | null;
  /**
   * Of all the anomalies shown: the first explanation names an effect the anomaly matches (a DST
   * change in a DST week), or is "unexplained" for an anomaly that matches nothing.
   */
  readonly top1Right: number | null;
  /** Of the false anomalies: the first explanation is "unexplained" (their right answer). */
  readonly falseUnexplainedTop1: number | null;
  /** Every target effect not shown, or shown with another cause first: seed, effect, clock, what came first. */
  readonly misses: readonly string[];
  readonly timings: { readonly reportMsMedian: number; readonly reportMsMax: number; readonly seconds: number };
}

const iso = (t: number): string => new Date(t).toISOString().replace(':00.000Z', 'Z');

export async function runProduct(seeds: readonly number[], calendar: HolidayCalendar, log: (line: string) => void = () => {}): Promise<ProductFigures> {
  const started = performance.now();
  const byKind: Record<string, KindAcc> = {};
  const clocksPerSeed: Record<string, number> = {};
  const refused: string[] = [];
  const warnings: string[] = [];
  const misses: string[] = [];
  const reportMs: number[] = [];
  let anomalies = 0,
    falseAnomalies = 0,
    dstOnly = 0,
    atCap = 0,
    unexplained = 0,
    falseUnexplained = 0,
    firstRight = 0;
  for (const seed of seeds) {
    const demo = generateDemo({ seed });
    const effects = demo.groundTruth.effects;
    const deploys = demoDeploys(demo);
    const events = parseEventsYaml(demo.files[EVENTS_FILE] ?? '', EVENTS_FILE, ZONE).events;
    const targets = effects.filter(e => TARGET_KINDS.has(e.kind) && isObservable(e));
    const wanted = new Map(targets.map(e => [e, expectedCause(e, { effects, events, deploys })]));
    // The first explanation is right when it names an effect the anomaly matches (a DST change for a
    // DST week), or says "unexplained" when the anomaly matches nothing.
    const rightFirst = (row: ShownRow): boolean => {
      const first = row.shown.explanations[0];
      if (!row.matches.length) return first?.kind === 'unexplained';
      return row.matches.some(({ effect: e }) => {
        const want = wanted.get(e as InjectedEffect);
        if (want) return namesCause(first?.cause, want);
        const x = row.analyzed.explanations[0];
        return !!x && satisfies(x, e);
      });
    };
    const clocks = [...new Set([AS_OF, ...targets.map(e => clockFor(e, AS_OF))])].sort((a, b) => a - b);
    clocksPerSeed[seed] = clocks.length;
    const rowsAt = new Map<number, readonly ShownRow[] | undefined>();
    for (const clock of clocks) {
      const t0 = performance.now();
      try {
        const r = await reportAt(demo.files, deploys, calendar, clock);
        if (r.report.warnings.length) warnings.push(`seed ${seed} ${iso(clock)}: ${r.report.warnings.join(' | ')}`);
        const rows = r.report.anomalies.map((shown, i): ShownRow => {
          const seg: Span = { metric: shown.metric, dims: {}, start: shown.start, end: shown.end, severity: shown.severity };
          return {
            seg,
            matches: anomalyMatches({ ...seg, direction: shown.direction }, r.ratios.get(shown.metric), effects),
            shown,
            analyzed: r.analysis.anomalies[i] as AnalyzedAnomaly,
          };
        });
        rowsAt.set(clock, rows);
        anomalies += rows.length;
        if (rows.length >= MAX_ANOMALIES) atCap++;
        for (const row of rows) {
          const top = row.shown.explanations[0]?.kind === 'unexplained';
          if (top) unexplained++;
          if (rightFirst(row)) firstRight++;
          if (!row.matches.length) {
            falseAnomalies++;
            if (top) falseUnexplained++;
          } else if (row.matches.every(m => m.effect.kind === 'dst')) dstOnly++;
        }
      } catch (e) {
        // The product refused to build this report (e.g. fewer than 8 days of data before the clock).
        rowsAt.set(clock, undefined);
        refused.push(`seed ${seed} ${iso(clock)}: ${e instanceof Error ? e.message : String(e)}`);
      }
      reportMs.push(performance.now() - t0);
    }
    for (const e of targets) {
      const k = (byKind[e.kind] ??= { effects: 0, reportable: 0, recalled: 0, top1: 0, top3: 0, anyTrue: 0, kindTop1: 0, unexplained: 0 });
      k.effects++;
      const clock = clockFor(e, AS_OF);
      const rows = rowsAt.get(clock);
      if (!rows) continue;
      k.reportable++;
      const want = wanted.get(e) as ExpectedCause;
      const row = evaluationSegment(e, rows);
      const first = row?.shown.explanations[0];
      const right = !!row && namesCause(first?.cause, want);
      if (row) {
        k.recalled++;
        if (right) k.top1++;
        if (row.shown.explanations.some(x => namesCause(x.cause, want))) k.top3++;
        if (rightFirst(row)) k.anyTrue++;
        const x = row.analyzed.explanations[0];
        if (x && satisfies(x, e)) k.kindTop1++;
        if (first?.kind === 'unexplained') k.unexplained++;
      }
      if (!right)
        misses.push(
          `seed ${seed} @${iso(clock)} ${e.id} (${describeCause(want)}): ${row ? `${row.shown.metric} ${iso(row.shown.start)} first ${describeFirst(row.shown)}` : `not shown (${rows.length} anomalies)`}`,
        );
    }
    log(`product seed ${seed}: ${clocks.length} reports`);
  }
  reportMs.sort((a, b) => a - b);
  const reports = reportMs.length;
  const built = reports - refused.length;
  const all: KindAcc = { effects: 0, reportable: 0, recalled: 0, top1: 0, top3: 0, anyTrue: 0, kindTop1: 0, unexplained: 0 };
  for (const k of Object.values(byKind)) for (const f of Object.keys(all) as (keyof KindAcc)[]) all[f] += k[f];
  return {
    protocol: 'README.md "Product (the report pipeline)"',
    reports,
    clocksPerSeed,
    refused,
    warnings,
    byKind: Object.fromEntries(
      Object.entries({ ...byKind, all }).map(([kind, k]) => [
        kind,
        {
          effects: k.effects,
          reportable: k.reportable,
          recalled: k.recalled,
          recall: ratio(k.recalled, k.reportable),
          top1Cause: ratio(k.top1, k.recalled),
          top3Cause: ratio(k.top3, k.recalled),
          top1AnyTrue: ratio(k.anyTrue, k.recalled),
          shownAndNamed: ratio(k.top1, k.reportable),
          top1Kind: ratio(k.kindTop1, k.recalled),
          unexplainedTop1: ratio(k.unexplained, k.recalled),
        },
      ]),
    ),
    perReport: {
      anomalies: ratio(anomalies, built),
      falseAnomalies: ratio(falseAnomalies, built),
      dstOnly: ratio(dstOnly, built),
      atCapShare: ratio(atCap, built),
    },
    unexplainedShare: ratio(unexplained, anomalies),
    top1Right: ratio(firstRight, anomalies),
    falseUnexplainedTop1: ratio(falseUnexplained, falseAnomalies),
    misses,
    timings: {
      reportMsMedian: Math.round(reportMs[Math.floor(reports / 2)] ?? 0),
      reportMsMax: Math.round(reportMs[reports - 1] ?? 0),
      seconds: Math.round((performance.now() - started) / 100) / 10,
    },
  };
}
