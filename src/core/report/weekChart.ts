// This week against last week for the panel chart: the 7 days up to the latest complete hour,
// each hour paired with the same local wall-clock hour 7 calendar days earlier.
import { DateTime } from 'luxon';
import type { Dataset } from '../types';
import type { ReportConfig } from '../config/reportConfig';
import type { HourlyReport } from './hourlyReport';
import { metricTotals } from './totals';

export interface WeekChartData {
  readonly x: number[];
  readonly thisWeek: (number | null)[];
  readonly lastWeek: (number | null)[];
}

export function buildWeekCharts(config: ReportConfig, data: Dataset, report: HourlyReport): Record<string, WeekChartData> {
  const HOUR = data.step;
  const last = report.hours[report.hours.length - 1].at;
  const x: number[] = [];
  const idx: number[] = [];
  const lwIdx: (number | null)[] = [];
  const n = Math.round((data.end - data.start) / HOUR);
  for (let at = last - (7 * 24 - 1) * HOUR; at <= last; at += HOUR) {
    if (at < data.start) continue;
    x.push(at);
    idx.push((at - data.start) / HOUR);
    const j = (DateTime.fromMillis(at, { zone: config.timezone }).minus({ days: 7 }).toMillis() - data.start) / HOUR;
    lwIdx.push(Number.isInteger(j) && j >= 0 && j < n ? j : null);
  }
  // Keyed by metric id without a prototype: `out["__proto__"] = …` on a plain object would set its
  // prototype instead of adding the metric's chart.
  const out: Record<string, WeekChartData> = Object.create(null);
  for (const m of config.metrics) {
    const t = metricTotals(data, m);
    const val = (i: number | null) => (i === null || !Number.isFinite(t.values[i]) ? null : t.values[i]);
    out[m.id] = { x, thisWeek: idx.map(val), lastWeek: lwIdx.map(val) };
  }
  return out;
}
