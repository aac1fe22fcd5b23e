// Small hand-built datasets for report tests: values are a function of the UTC bucket start.
import type { Dataset, Series } from '../../../src/core/types';
import type { ReportConfig } from '../../../src/core/config/reportConfig';
import type { ReportSnapshot } from '../../../src/messaging/protocol';
import { buildHourlyReport } from '../../../src/core/report/hourlyReport';
import { buildWeekCharts } from '../../../src/core/report/weekChart';
import { buildForecastBands } from '../../../src/core/report/forecastBands';
import { triageReport } from '../../../src/core/report/triage';
import { incidentGroups } from '../../../src/core/report/incidents';

export const HOUR = 3_600_000;

export function dataset(start: number, hours: number, metrics: Record<string, (at: number, slice: string) => number>, slices = ['a', 'b']): Dataset {
  const series: Series[] = [];
  for (const [metric, f] of Object.entries(metrics)) {
    for (const slice of slices) {
      const values = new Float64Array(hours);
      for (let i = 0; i < hours; i++) values[i] = f(start + i * HOUR, slice);
      series.push({ metric, dims: { slice }, start, step: HOUR, values });
    }
  }
  return { source: 'test.csv', dimensions: ['slice'], metrics: Object.keys(metrics), start, end: start + hours * HOUR, step: HOUR, series, gaps: [] };
}

export function config(over: Partial<ReportConfig> = {}): ReportConfig {
  return {
    version: 1,
    title: 'Test',
    timezone: 'America/Los_Angeles',
    source: { type: 'csv', path: 'test.csv' },
    metrics: [{ id: 'views', label: 'Views' }],
    dimensions: [],
    thresholds: { amber: 5, red: 15 },
    settleMinutes: 0,
    ...over,
  };
}

/** A finished snapshot built from the core the way the host builds it (loadReport + analyzeReport), minus context. */
export function coreSnapshot(cfg: ReportConfig, data: Dataset, now: number): ReportSnapshot {
  const report = buildHourlyReport(cfg, data, now);
  const charts = buildWeekCharts(cfg, data, report);
  const metrics = Object.keys(charts);
  const bands = buildForecastBands(cfg, data, charts[metrics[0]].x, report.hours.length);
  const withBands = Object.fromEntries(metrics.map(m => [m, { ...charts[m], forecast: bands.byMetric[m] }]));
  const anomalies = triageReport(cfg, data, bands.byMetric, report.hours[0].at, report.hours.length, undefined);
  return {
    ...report,
    id: 1,
    analysis: 'done',
    source: data.source,
    charts: withBands,
    context: [],
    anomalies,
    incidents: incidentGroups(anomalies, cfg.timezone),
    warnings: [...report.warnings, ...bands.problems],
    problems: { count: 0, listed: [] },
  };
}

/** What the webview receives: the message through JSON, as postMessage carries it. */
export const overTheWire = (body: unknown): unknown => JSON.parse(JSON.stringify({ channel: 'report', id: 1, body }));
