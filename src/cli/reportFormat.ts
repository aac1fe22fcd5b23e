// How `calibrate report` prints the report: a compact text table for people (red/amber/green as in
// the panel, with letters so the meaning survives without colour), and a stable JSON document
// (version 1, docs/cli.md) for CI jobs and chat bots. Plain Node, no vscode import.
import { DateTime } from 'luxon';
import type { ReportAnalysis, ReportTable } from '../core/pipeline';
import { staleDataWarning, type CellStatus, type ReportCell } from '../core/report/hourlyReport';
import { causeOf, type AnalyzedAnomaly, type CauseRef, type ContextItem } from '../core/report/triage';
import type { SliceFinding } from '../core/report/whereDrill';
import { printable } from './problems';

// ---- JSON --------------------------------------------------------------------------------------

/** Version 1 of the JSON form. Instants are UTC ISO-8601 strings; numbers are raw (null when unknown). */
export interface ReportJson {
  readonly version: 1;
  readonly title: string;
  readonly timezone: string;
  readonly source: string;
  readonly asOf: string;
  readonly thresholds: { readonly amber: number; readonly red: number };
  readonly window: {
    readonly start: string;
    readonly end: string;
    readonly hours: readonly { readonly start: string; readonly local: string; readonly label: string }[];
    readonly chart: { readonly start: string; readonly end: string };
  };
  readonly rows: readonly {
    readonly metric: string;
    readonly label: string;
    readonly derived: boolean;
    readonly cells: readonly {
      readonly start: string;
      readonly value: number | null;
      readonly lastWeek: number | null;
      readonly deltaPct: number | null;
      readonly status: CellStatus;
    }[];
  }[];
  readonly pending: { readonly start: string; readonly arrivedShare: Readonly<Record<string, number | null>> } | null;
  readonly anomalies: readonly AnomalyJson[];
  readonly context: readonly ContextItemJson[];
  readonly warnings: readonly string[];
}

/** An object type with its instants (`start`, `end`) as ISO strings; distributes over a union. */
type WithIsoInstants<T> = T extends unknown ? { readonly [K in keyof T]: K extends 'start' | 'end' ? string : T[K] } : never;

/**
 * A context item: `kind`, `title`, `detail`, `start`, `end` (display text and instants), plus its
 * kind's values: a holiday's `country`, `state?`, `name`, `localName?`, `holidayType`; an event's
 * `name`, `eventKind`, `countries`, `expectedImpact?`, `source: { file, line }`; a deploy's `ref`,
 * `deployKind`, `message`; a clock change's `zones`, `shiftHours`.
 */
export type ContextItemJson = WithIsoInstants<ContextItem>;

/** An explanation's cause (its context item's identifying values), instants as ISO strings. */
export type CauseJson = WithIsoInstants<CauseRef>;

export interface AnomalyJson {
  readonly metric: string;
  readonly label: string;
  readonly start: string;
  readonly end: string;
  readonly direction: 'up' | 'down';
  readonly severity: number;
  readonly vsForecastPct: number;
  readonly where: readonly SliceFinding[];
  readonly whereNote: string | null;
  readonly explanations: readonly {
    readonly kind: string;
    readonly title: string;
    readonly confidence: number;
    readonly slice: Readonly<Record<string, string>>;
    readonly inBaseline: boolean;
    readonly evidence: readonly { readonly text: string; readonly values: Readonly<Record<string, number | string | null>> }[];
    /** The context item: a deploy, holiday, event or DST change, its instants as ISO strings; null for none. */
    readonly ref: Readonly<Record<string, unknown>> | null;
    /** The context item's identifying values (what the palette links to and groups by); null for none. */
    readonly cause: CauseJson | null;
  }[];
}

const iso = (t: number): string => new Date(t).toISOString();
const num = (v: number): number | null => (Number.isFinite(v) ? v : null);
/** A context item's fields, with its instants (start, end, at) as ISO strings. */
const refJson = (ref: object | undefined): Record<string, unknown> | null => {
  if (!ref) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ref)) out[k] = (k === 'start' || k === 'end' || k === 'at') && typeof v === 'number' ? iso(v) : v;
  return out;
};

/** A copy with `start` and `end` as ISO strings (numbers elsewhere untouched). */
function isoInstants<T extends object>(o: T | undefined): WithIsoInstants<T> | undefined {
  if (!o) return undefined;
  const out = { ...o } as Record<string, unknown>;
  for (const k of ['start', 'end']) if (typeof out[k] === 'number') out[k] = iso(out[k]);
  return out as WithIsoInstants<T>;
}

function anomalyJson(a: AnalyzedAnomaly): AnomalyJson {
  return {
    metric: a.metric,
    label: a.label,
    start: iso(a.start),
    end: iso(a.end),
    direction: a.direction,
    severity: a.severity,
    vsForecastPct: a.vsForecastPct,
    where: a.where,
    whereNote: a.whereNote ?? null,
    explanations: a.explanations.map(x => ({
      kind: x.kind,
      title: x.title,
      confidence: x.confidence,
      slice: x.slice,
      inBaseline: !!x.inBaseline,
      evidence: x.evidence.map(e => ({
        text: e.text,
        values: Object.fromEntries(Object.entries(e.values ?? {}).map(([k, v]) => [k, typeof v === 'number' ? num(v) : v])),
      })),
      ref: refJson(x.ref),
      cause: isoInstants(causeOf(x)) ?? null,
    })),
  };
}

export function reportJson(table: ReportTable, analysis: ReportAnalysis): ReportJson {
  const { report, window, config } = table;
  const step = window.step;
  return {
    version: 1,
    title: report.title,
    timezone: report.timezone,
    source: config.source.path,
    asOf: iso(report.asOf),
    thresholds: { amber: report.thresholds.amber, red: report.thresholds.red },
    window: {
      start: iso(window.start),
      end: iso(window.end),
      hours: report.hours.map(h => ({ start: iso(h.at), local: h.local, label: h.label })),
      chart: { start: iso(window.chartX[0] ?? window.start), end: iso(window.end) },
    },
    rows: report.rows.map(r => ({
      metric: r.metric,
      label: r.label,
      derived: r.derived,
      cells: r.cells.map((c, i) => ({ start: iso(window.start + i * step), value: c.value, lastWeek: c.lastWeek, deltaPct: c.deltaPct, status: c.status })),
    })),
    pending: report.pending ? { start: iso(report.pending.at), arrivedShare: { ...report.pending.arrivedShare } } : null,
    anomalies: analysis.anomalies.map(anomalyJson),
    context: analysis.context.map(c => isoInstants(c)!),
    warnings: warningsOf(table, analysis),
  };
}

/** The report's warnings, stale data first (the panel draws that as a banner; a terminal needs the words). */
function warningsOf(table: ReportTable, analysis: ReportAnalysis): string[] {
  const stale = staleDataWarning(table.report);
  return [...(stale ? [stale] : []), ...table.report.warnings, ...analysis.warnings];
}

// ---- text --------------------------------------------------------------------------------------

/** The widest line the text form aims at. */
export const TEXT_WIDTH = 120;
/** Hour columns shown with their change; the 24-hour strip shows every hour's status. */
export const TEXT_HOURS = 10;
const LABEL = 18;
const CELL = 7;

const MARK: Record<CellStatus, string> = { green: '.', amber: 'a', red: 'R', gap: '?', na: '-' };
const SGR: Partial<Record<CellStatus, string>> = { green: '\u001b[32m', amber: '\u001b[33m', red: '\u001b[1;31m', gap: '\u001b[2m', na: '\u001b[2m' };
const paint = (s: string, status: CellStatus, colour: boolean): string => (colour && SGR[status] ? `${SGR[status]}${s}\u001b[0m` : s);

/** Workspace text made safe for a terminal and cut to `max` columns. */
function fit(s: string, max: number): string {
  const t = printable(s);
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

const pct = (v: number): string => `${v >= 0 ? '+' : '-'}${Math.abs(v) >= 999.5 ? '999+' : Math.round(Math.abs(v))}%`;

function cellText(c: ReportCell): string {
  if (c.status === 'gap') return 'gap ';
  if (c.deltaPct === null) return 'n/a ';
  return `${pct(c.deltaPct)}${c.status === 'red' ? 'R' : c.status === 'amber' ? 'a' : ' '}`;
}

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const padStart = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

function whereText(w: readonly SliceFinding[]): string {
  return w
    .map(s => {
      const dims =
        Object.entries(s.dims)
          .map(([k, v]) => `${k}=${v}`)
          .join(' & ') || 'all';
      const change = s.relativeChange === null ? '' : ` ${pct(s.relativeChange * 100)}`;
      return `${dims}${change} (${Math.round(s.share * 100)}% of the change)`;
    })
    .join('; ');
}

/**
 * The report as text: a header, one row per metric (a 24-character strip of the day's statuses,
 * then the last TEXT_HOURS hours' change against last week), a legend, the anomalies with their
 * top explanations, and the warnings. ANSI colours only when `colour`.
 */
export function reportText(table: ReportTable, analysis: ReportAnalysis, colour: boolean): string {
  const { report, window } = table;
  const zone = report.timezone;
  const local = (t: number, fmt: string): string => DateTime.fromMillis(t, { zone }).toFormat(fmt);
  const out: string[] = [];
  out.push(fit(`${report.title} · ${zone} · as of ${local(report.asOf, 'ccc yyyy-MM-dd HH:mm ZZ')}`, TEXT_WIDTH));
  out.push(
    fit(
      `${table.config.source.path}: the ${window.hours} hours ${local(window.start, 'ccc HH:mm')}–${local(window.end, 'ccc HH:mm')}, each against the same hour 7 days earlier`,
      TEXT_WIDTH,
    ),
  );
  out.push('');
  const shown = report.hours.slice(-TEXT_HOURS);
  const skip = report.hours.length - shown.length;
  out.push(`${pad('metric', LABEL)} ${pad('24 h', report.hours.length)}  ${shown.map(h => padStart(h.label, CELL - 1) + ' ').join('')}`.trimEnd());
  for (const r of report.rows) {
    const strip = r.cells.map(c => paint(MARK[c.status], c.status, colour)).join('');
    const cells = r.cells
      .slice(skip)
      .map(c => paint(padStart(cellText(c), CELL), c.status, colour))
      .join('');
    out.push(`${pad(fit(r.label, LABEL), LABEL)} ${strip}  ${cells}`.trimEnd());
  }
  const th = report.thresholds;
  out.push('');
  out.push(
    `${paint('.', 'green', colour)} under ${th.amber}%   ${paint('a', 'amber', colour)} amber, ${th.amber}% or more   ${paint('R', 'red', colour)} red, ${th.red}% or more   ? gap (a slice missing)   - no comparison`,
  );
  out.push('');
  const { anomalies } = analysis;
  // "No anomalies" is a claim about the forecasts: say which metrics had none to judge by.
  const unforecast = table.config.metrics.filter(m => !Object.hasOwn(analysis.forecasts, m.id)).map(m => m.label);
  if (!anomalies.length && unforecast.length === table.config.metrics.length)
    out.push('No anomalies could be judged: no metric has a forecast (see the warnings above).');
  else if (!anomalies.length && unforecast.length)
    out.push(`No anomalies among the metrics with a forecast; ${unforecast.join(', ')} had none (see the warnings above).`);
  else if (!anomalies.length) out.push('No anomalies: every hour of the window is inside its forecast band.');
  else out.push(`Anomalies (${anomalies.length}), outside the 95% forecast band, most severe first:`);
  anomalies.forEach((a, i) => {
    const span = `${local(a.start, 'ccc HH:mm')}–${local(a.end, 'HH:mm')}`;
    const hours = Math.round((a.end - a.start) / window.step);
    out.push('');
    out.push(
      fit(
        `${i + 1}. ${a.label}: ${a.direction}, ${pct(a.vsForecastPct)} against the forecast, ${span} (${hours} h), severity ${a.severity.toFixed(1)}`,
        TEXT_WIDTH,
      ),
    );
    if (a.where.length) out.push(fit(`   where: ${whereText(a.where)}`, TEXT_WIDTH));
    if (a.whereNote) out.push(fit(`   (${a.whereNote})`, TEXT_WIDTH));
    a.explanations.forEach((x, k) => {
      out.push(fit(`   ${padStart(`${Math.round(x.confidence * 100)}%`, 4)}  ${pad(x.kind, 11)} ${x.title}`, TEXT_WIDTH));
      if (k === 0) for (const e of x.evidence.slice(0, 3)) out.push(fit(`                      ${e.text}`, TEXT_WIDTH));
    });
  });
  const warnings = warningsOf(table, analysis);
  if (warnings.length) out.push('');
  for (const w of warnings) out.push(`${colour ? '\u001b[1;33mwarning\u001b[0m' : 'warning'}: ${printable(w)}`);
  return out.join('\n') + '\n';
}
