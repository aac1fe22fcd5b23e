// Small hand-built datasets for report tests: values are a function of the UTC bucket start.
import type { Dataset, Series } from '../../../src/core/types';
import type { ReportConfig } from '../../../src/core/config/reportConfig';

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
    version: 1, title: 'Test', timezone: 'America/Los_Angeles', source: { type: 'csv', path: 'test.csv' },
    metrics: [{ id: 'views', label: 'Views' }], dimensions: [], thresholds: { amber: 5, red: 15 }, settleMinutes: 0,
    ...over,
  };
}
