// The smallest snapshot the webview accepts: one hour, one metric, no analysis results. Tests spread
// it and add what they check (context, anomalies, incidents, warnings).
import type { ReportSnapshot } from '../../../src/messaging/protocol';
import type { CellStatus } from '../../../src/core/report/hourlyReport';
export function oneHourSnapshot(metric = 'm', label = 'M') {
  return {
    id: 3,
    analysis: 'done' as const,
    title: 'T',
    timezone: 'UTC',
    asOf: 0,
    thresholds: { amber: 5, red: 15 },
    source: 'd.csv',
    warnings: [] as string[],
    problems: { count: 0, listed: [] as ReportSnapshot['problems']['listed'] },
    dstDays: [] as { date: string; hours: number }[],
    freshness: { ageHours: 0, stale: false },
    hours: [{ at: 0, local: '1970-01-01T00:00:00.000Z', label: '00:00', date: '1970-01-01', offsetChanged: false }],
    rows: [{ metric, label, derived: false, cells: [{ value: 1 as number, lastWeek: 2, deltaPct: -50, status: 'red' as CellStatus }] }],
    charts: { [metric]: { x: [0], thisWeek: [1], lastWeek: [null] as (number | null)[] } },
  };
}
