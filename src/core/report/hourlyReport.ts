// The hourly key-business-metrics report: the last 24 complete hours in the report time zone,
// each compared with the same local wall-clock hour 7 calendar days earlier (Luxon keeps the
// wall clock across DST, so that is 167, 168 or 169 real hours back).
import { DateTime } from 'luxon';
import { InputError, type Dataset } from '../types';
import { formatStep } from '../csv/timestamp';
import type { ReportConfig } from '../config/reportConfig';
import { weekEarlierIndex } from '../time';
import { totalsFor, totalsOf, type TotalsByMetric } from './totals';

const HOUR = 3_600_000;
export type CellStatus = 'green' | 'amber' | 'red' | 'na' | 'gap';

export interface ReportCell {
  readonly value: number | null;
  readonly lastWeek: number | null;
  readonly deltaPct: number | null;
  readonly status: CellStatus;
}

export interface ReportHour {
  readonly at: number; // UTC ms of the bucket start
  readonly local: string; // ISO local time with offset, in the report zone
  readonly label: string; // "HH:mm"
  readonly date: string; // local "yyyy-MM-dd"
  /** The UTC offset differs from the same hour last week (a DST change in between). */
  readonly offsetChanged: boolean;
  /** Hours in this local day when it is not 24 (a DST day). */
  readonly dayHours?: 23 | 25;
}

export interface ReportRow {
  readonly metric: string;
  readonly label: string;
  readonly derived: boolean;
  readonly cells: readonly ReportCell[];
  /** The metric has no data yet (no rows for it, or for a ratio's part): why its cells are empty. */
  readonly noData?: string;
}

/**
 * The hour after the window, partly arrived: shown as a partial column, never compared or coloured.
 * Per-metric records are keyed by metric id (no prototype: an id may be "__proto__").
 */
export interface PendingHour {
  readonly at: number;
  readonly label: string;
  /** Local "yyyy-MM-dd" in the report zone, as the hours carry it. */
  readonly date: string;
  /** One per row, in the rows' order: the hour's partial column. */
  readonly cells: readonly PendingCell[];
  /** What has arrived so far, as a share of the same hour last week: volume metrics only (null for a ratio metric, a rate is not a volume). */
  readonly arrivedShare: Readonly<Record<string, number | null>>;
  /** The hour's arrival as one number: the median share over the volume metrics; null when none has a last week to compare with. */
  readonly arrived: number | null;
}

/** A metric in the partly arrived hour: never compared, so no delta and no status. */
export interface PendingCell {
  /** So far: a volume's partial sum, a ratio metric's rate over what has arrived. */
  readonly value: number | null;
  /** The same hour last week (complete). */
  readonly lastWeek: number | null;
  /** value / lastWeek for a volume metric; null for a ratio metric (a rate is not a volume). */
  readonly arrivedShare: number | null;
}

/** How old the data is against the report clock (see STALE_AFTER_HOURS). */
export interface DataFreshness {
  /** Whole hours from the end of the latest complete hour (the window's end) to the report clock. */
  readonly ageHours: number;
  /** The latest complete hour is older than STALE_AFTER_HOURS past its settle time: the window is not "the last 24 hours". */
  readonly stale: boolean;
}

export interface HourlyReport {
  readonly title: string;
  readonly timezone: string;
  readonly asOf: number;
  readonly thresholds: { readonly amber: number; readonly red: number };
  readonly hours: readonly ReportHour[];
  readonly rows: readonly ReportRow[];
  readonly pending?: PendingHour;
  readonly freshness: DataFreshness;
  readonly dstDays: readonly { date: string; hours: number }[];
  readonly warnings: readonly string[];
}

/**
 * The report's window, computed once per load and fed to the table, the week chart, the forecast
 * bands and the triage: the last 24 complete hours before the report clock, and the chart's 7 days
 * up to the last of them.
 */
export interface ReportWindow {
  readonly zone: string;
  /** The report clock (UTC ms): the config's asOf, or now. */
  readonly asOf: number;
  readonly step: number;
  /** Dataset indices of the first and the last of the report's complete hours. */
  readonly first: number;
  readonly last: number;
  /** UTC ms: the start of the first report hour, and the end of the last one (exclusive). */
  readonly start: number;
  readonly end: number;
  /** The number of report hours (24). */
  readonly hours: number;
  /** The dataset index of the hour after the window, when the data has it (partly arrived). */
  readonly pending?: number;
  readonly freshness: DataFreshness;
  /** The week chart's axis: the UTC ms of each hour of the 7 days that end with the window. */
  readonly chartX: readonly number[];
  /** About the window itself. Stale data is not a warning: it is `freshness`, drawn as a banner. */
  readonly warnings: readonly string[];
}

export const REPORT_HOURS = 24;
/**
 * Data is stale when its latest complete hour ended more than this many hours before the report
 * clock, past the config's settle time. On time, an hourly feed's latest complete hour ended between
 * settleMinutes and settleMinutes + 1 hour ago; 2 hours means at least one whole hourly delivery is
 * missing beyond the one that may just be running late, which an on-call reader must be told before
 * reading "the last 24 hours". A frozen `asOf` (the demo, drills) is judged against its own clock.
 */
export const STALE_AFTER_HOURS = 2;
const CHART_HOURS = 7 * 24;

/** Throws an InputError (not hourly) or an Error (fewer than 8 days of complete hours). */
export function reportWindow(config: ReportConfig, data: Dataset, now: number): ReportWindow {
  if (data.step !== HOUR) {
    throw new InputError(data.source, undefined, 'hourly data (a step of 1 hour)', `the data has a step of ${formatStep(data.step)}`);
  }
  const zone = config.timezone;
  const asOf = config.asOf ?? now;
  const n = Math.round((data.end - data.start) / HOUR);
  const settle = config.settleMinutes * 60_000;
  // An hour is complete once it has ended and the settle time has passed.
  const byClock = Math.min(n - 1, Math.floor((asOf - settle - data.start) / HOUR) - 1);
  const stale = asOf - (data.start + (byClock + 1) * HOUR) > settle + STALE_AFTER_HOURS * HOUR;
  // Stale data ends before the clock: when it stopped, its last hour may still have been arriving
  // (an export taken mid-hour), and compared as complete it would show as a drop in every volume
  // metric. The clock cannot tell, so that hour is the partial column, shown with its arrival.
  const lastComplete = stale && byClock === n - 1 ? n - 2 : byClock;
  if (lastComplete < REPORT_HOURS + CHART_HOURS - 1) {
    throw new Error(
      `The hourly report needs at least 8 days of complete hours before ${DateTime.fromMillis(asOf, { zone }).toISO()}; ${data.source} has ${Math.max(0, lastComplete + 1)}.`,
    );
  }
  const warnings: string[] = [];
  // Whole hours: the report cache's clock boundaries (src/services/reportCache.ts) are whole hours from the data's hour starts.
  const ageHours = Math.floor((asOf - (data.start + (lastComplete + 1) * HOUR)) / HOUR);
  const first = lastComplete - (REPORT_HOURS - 1);
  const lastAt = data.start + lastComplete * HOUR;
  const chartX: number[] = [];
  for (let at = lastAt - (CHART_HOURS - 1) * HOUR; at <= lastAt; at += HOUR) if (at >= data.start) chartX.push(at);
  return {
    zone,
    asOf,
    step: HOUR,
    first,
    last: lastComplete,
    start: data.start + first * HOUR,
    end: lastAt + HOUR,
    hours: REPORT_HOURS,
    ...(lastComplete + 1 < n ? { pending: lastComplete + 1 } : {}),
    freshness: { ageHours, stale },
    chartX,
    warnings,
  };
}

export function buildHourlyReport(config: ReportConfig, data: Dataset, now: number): HourlyReport {
  const window = reportWindow(config, data, now);
  return hourlyReportFrom(config, data, window, totalsFor(data, config.metrics));
}

/** The table over a window and totals computed once (see reportWindow and totalsFor). */
export function hourlyReportFrom(config: ReportConfig, data: Dataset, window: ReportWindow, totals: TotalsByMetric): HourlyReport {
  const { zone, asOf, first, last: lastComplete } = window;
  const warnings = [...window.warnings];
  const lastWeekIndex = (i: number): number | null => weekEarlierIndex(data, i, zone) ?? null;
  const hours: ReportHour[] = [];
  for (let i = first; i <= lastComplete; i++) {
    const at = data.start + i * HOUR;
    const local = DateTime.fromMillis(at, { zone });
    const lw = local.minus({ days: 7 });
    const dh = dayLength(local);
    hours.push({
      at,
      local: local.toISO()!,
      label: local.toFormat('HH:mm'),
      date: local.toISODate()!,
      offsetChanged: lw.offset !== local.offset,
      ...(dh !== 24 ? { dayHours: dh as 23 | 25 } : {}),
    });
  }
  const rows: ReportRow[] = config.metrics.map(m => {
    const t = totalsOf(totals, m);
    const cells: ReportCell[] = [];
    for (let i = first; i <= lastComplete; i++) {
      const j = lastWeekIndex(i);
      const value = fin(t.values[i]);
      const lastWeek = j === null ? null : fin(t.values[j]);
      const gap = t.incomplete[i] === 1 || (j !== null && t.incomplete[j] === 1) || value === null;
      const deltaPct = value !== null && lastWeek !== null && lastWeek !== 0 ? ((value - lastWeek) / Math.abs(lastWeek)) * 100 : null;
      const status: CellStatus = gap ? 'gap' : deltaPct === null ? 'na' : classify(deltaPct, config.thresholds);
      cells.push({ value, lastWeek, deltaPct, status });
    }
    return { metric: m.id, label: m.label, derived: !!m.ratio, cells, ...(t.missing ? { noData: noDataText(t.missing, data.source) } : {}) };
  });

  const pending = window.pending === undefined ? undefined : pendingHour(config, data, window.pending, totals, zone);

  const dstDays = new Map<string, number>();
  for (const h of hours) {
    for (const d of [DateTime.fromMillis(h.at, { zone }), DateTime.fromMillis(h.at, { zone }).minus({ days: 7 })]) {
      const len = dayLength(d);
      if (len !== 24) dstDays.set(d.toISODate()!, len);
    }
  }
  return {
    title: config.title,
    timezone: zone,
    asOf,
    thresholds: config.thresholds,
    hours,
    rows,
    pending,
    freshness: window.freshness,
    dstDays: [...dstDays].map(([date, h]) => ({ date, hours: h })).sort((a, b) => a.date.localeCompare(b.date)),
    warnings,
  };
}

/** "No data yet: no rows for "signups" in data/metrics.csv." */
export function noDataText(missing: readonly string[], source: string): string {
  return `No data yet: no rows for ${missing.map(id => `"${id}"`).join(' or ')} in ${source}.`;
}

/**
 * One line for plain-text readers (the command line) when the data is stale; the panel draws a
 * banner from `freshness` instead. Undefined when the data is fresh.
 */
export function staleDataWarning(r: Pick<HourlyReport, 'freshness' | 'hours' | 'timezone'>): string | undefined {
  if (!r.freshness.stale || !r.hours.length) return undefined;
  const end = DateTime.fromMillis(r.hours[r.hours.length - 1].at + HOUR, { zone: r.timezone });
  return `Stale data: the latest complete hour ended ${ageText(r.freshness.ageHours)} before the report time. The report covers the 24 hours to ${end.toFormat('ccc d LLL HH:mm')}, not the last 24 hours.`;
}

/** "5 hours", "3 days" (whole days from 48 hours on). */
export function ageText(hours: number): string {
  if (hours < 48) return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  const days = Math.floor(hours / 24);
  return `${days} days`;
}

/** The partly arrived hour at dataset index `p`: its values so far, and how much of last week's volume has arrived. */
function pendingHour(config: ReportConfig, data: Dataset, p: number, totals: TotalsByMetric, zone: string): PendingHour {
  const arrivedShare: Record<string, number | null> = Object.create(null); // keyed by metric id, which may be "__proto__"
  const j = weekEarlierIndex(data, p, zone) ?? null;
  const cells = config.metrics.map((m): PendingCell => {
    const t = totalsOf(totals, m);
    const value = fin(t.values[p]);
    const lastWeek = j === null ? null : fin(t.values[j]);
    // A rate of 2% is not "2% arrived"; a tiny last week can overflow.
    const share = m.ratio || value === null || !lastWeek ? null : fin(value / lastWeek);
    arrivedShare[m.id] = share;
    return { value, lastWeek, arrivedShare: share };
  });
  const at = data.start + p * HOUR;
  const local = DateTime.fromMillis(at, { zone });
  const arrived = median(cells.map(c => c.arrivedShare).filter((x): x is number => x !== null));
  return { at, label: local.toFormat('HH:mm'), date: local.toISODate()!, cells, arrivedShare, arrived };
}

/** The middle value (the mean of the two middle ones), null for none: one metric with a tiny last week does not move it. */
function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}

export function classify(deltaPct: number, th: { amber: number; red: number }): CellStatus {
  const a = Math.abs(deltaPct);
  return a >= th.red ? 'red' : a >= th.amber ? 'amber' : 'green';
}

function dayLength(d: DateTime): number {
  const s = d.startOf('day');
  return Math.round(s.plus({ days: 1 }).diff(s, 'hours').hours);
}

const fin = (v: number): number | null => (Number.isFinite(v) ? v : null);
