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
}

export interface PendingHour {
  readonly at: number;
  readonly label: string;
  /** What has arrived so far, as a share of the same hour last week (per metric). */
  readonly arrivedShare: Readonly<Record<string, number | null>>;
}

export interface HourlyReport {
  readonly title: string;
  readonly timezone: string;
  readonly asOf: number;
  readonly thresholds: { readonly amber: number; readonly red: number };
  readonly hours: readonly ReportHour[];
  readonly rows: readonly ReportRow[];
  readonly pending?: PendingHour;
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
  /** The week chart's axis: the UTC ms of each hour of the 7 days that end with the window. */
  readonly chartX: readonly number[];
  /** About the window itself ("data may be delayed"). */
  readonly warnings: readonly string[];
}

export const REPORT_HOURS = 24;
const CHART_HOURS = 7 * 24;

/** Throws an InputError (not hourly) or an Error (fewer than 8 days of complete hours). */
export function reportWindow(config: ReportConfig, data: Dataset, now: number): ReportWindow {
  if (data.step !== HOUR) {
    throw new InputError(data.source, undefined, 'hourly data (a step of 1 hour)', `the data has a step of ${formatStep(data.step)}`);
  }
  const zone = config.timezone;
  const asOf = config.asOf ?? now;
  const n = Math.round((data.end - data.start) / HOUR);
  // An hour is complete once it has ended and the settle time has passed.
  const lastComplete = Math.min(n - 1, Math.floor((asOf - config.settleMinutes * 60_000 - data.start) / HOUR) - 1);
  if (lastComplete < REPORT_HOURS + CHART_HOURS - 1) {
    throw new Error(
      `The hourly report needs at least 8 days of complete hours before ${DateTime.fromMillis(asOf, { zone }).toISO()}; ${data.source} has ${Math.max(0, lastComplete + 1)}.`,
    );
  }
  const warnings: string[] = [];
  const ageHours = (asOf - (data.start + (lastComplete + 1) * HOUR)) / HOUR;
  if (ageHours >= 2) warnings.push(`The latest complete hour ended ${Math.floor(ageHours)} hours before the report time: data may be delayed.`);
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
    return { metric: m.id, label: m.label, derived: !!m.ratio, cells };
  });

  let pending: PendingHour | undefined;
  const p = window.pending;
  if (p !== undefined) {
    const arrivedShare: Record<string, number | null> = Object.create(null); // keyed by metric id, which may be "__proto__"
    const j = lastWeekIndex(p);
    for (const m of config.metrics) {
      const t = totalsOf(totals, m);
      const v = fin(t.values[p]);
      const lw = j === null ? null : fin(t.values[j]);
      arrivedShare[m.id] = v !== null && lw ? fin(v / lw) : null; // a tiny last week can overflow
    }
    pending = { at: data.start + p * HOUR, label: DateTime.fromMillis(data.start + p * HOUR, { zone }).toFormat('HH:mm'), arrivedShare };
  }

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
    dstDays: [...dstDays].map(([date, h]) => ({ date, hours: h })).sort((a, b) => a.date.localeCompare(b.date)),
    warnings,
  };
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
