// The hourly key-business-metrics report: the last 24 complete hours in the report time zone,
// each compared with the same local wall-clock hour 7 calendar days earlier (Luxon keeps the
// wall clock across DST, so that is 167, 168 or 169 real hours back).
import { DateTime } from 'luxon';
import { InputError, type Dataset } from '../types';
import { formatStep } from '../csv/timestamp';
import type { ReportConfig } from '../config/reportConfig';
import { metricTotals } from './totals';

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

export function buildHourlyReport(config: ReportConfig, data: Dataset, now: number): HourlyReport {
  if (data.step !== HOUR) {
    throw new InputError(data.source, undefined, 'hourly data (a step of 1 hour)', `the data has a step of ${formatStep(data.step)}`);
  }
  const zone = config.timezone;
  const asOf = config.asOf ?? now;
  const n = Math.round((data.end - data.start) / HOUR);
  // An hour is complete once it has ended and the settle time has passed.
  const lastComplete = Math.min(n - 1, Math.floor((asOf - config.settleMinutes * 60_000 - data.start) / HOUR) - 1);
  if (lastComplete < 24 + 7 * 24 - 1) {
    throw new Error(`The hourly report needs at least 8 days of complete hours before ${DateTime.fromMillis(asOf, { zone }).toISO()}; ${data.source} has ${Math.max(0, lastComplete + 1)}.`);
  }
  const warnings: string[] = [];
  const ageHours = (asOf - (data.start + (lastComplete + 1) * HOUR)) / HOUR;
  if (ageHours >= 2) warnings.push(`The latest complete hour ended ${Math.floor(ageHours)} hours before the report time: data may be delayed.`);

  const first = lastComplete - 23;
  const lastWeekIndex = (i: number): number | null => {
    const lw = DateTime.fromMillis(data.start + i * HOUR, { zone }).minus({ days: 7 }).toMillis();
    const j = (lw - data.start) / HOUR;
    return Number.isInteger(j) && j >= 0 && j < n ? j : null;
  };
  const hours: ReportHour[] = [];
  for (let i = first; i <= lastComplete; i++) {
    const at = data.start + i * HOUR;
    const local = DateTime.fromMillis(at, { zone });
    const lw = local.minus({ days: 7 });
    const dh = dayLength(local);
    hours.push({
      at, local: local.toISO()!, label: local.toFormat('HH:mm'), date: local.toISODate()!,
      offsetChanged: lw.offset !== local.offset,
      ...(dh !== 24 ? { dayHours: dh as 23 | 25 } : {}),
    });
  }
  const totals = new Map(config.metrics.map(m => [m.id, metricTotals(data, m)]));
  const rows: ReportRow[] = config.metrics.map(m => {
    const t = totals.get(m.id)!;
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
  const p = lastComplete + 1;
  if (p < n) {
    const arrivedShare: Record<string, number | null> = Object.create(null); // keyed by metric id, which may be "__proto__"
    const j = lastWeekIndex(p);
    for (const m of config.metrics) {
      const t = totals.get(m.id)!;
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
    title: config.title, timezone: zone, asOf, thresholds: config.thresholds, hours, rows, pending,
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
