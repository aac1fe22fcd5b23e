// Shared fixtures for the demo tests: seed 42 generated and parsed once.
import { generateDemo, type DemoOutput } from '../../../src/core/demo';
import { parseLongCsv } from '../../../src/core/csv';
import type { Dataset } from '../../../src/core/types';

export const HOUR = 3_600_000;
let cached: { out: DemoOutput; data: Dataset } | undefined;

export function demo42(): { out: DemoOutput; data: Dataset } {
  if (!cached) {
    const out = generateDemo({ seed: 42 });
    cached = { out, data: parseLongCsv(out.csv, 'data/metrics.csv') };
  }
  return cached;
}

export interface Filter {
  metric?: string;
  country?: string;
  platform?: string;
}

/** Sum of the matching series over the buckets whose start lies in [from, to). */
export function total(d: Dataset, f: Filter, from: number, to: number): number {
  let s = 0;
  for (const x of d.series) {
    if ((f.metric ?? 'page_views') !== x.metric) continue;
    if (f.country && x.dims.country !== f.country) continue;
    if (f.platform && x.dims.platform !== f.platform) continue;
    const i0 = Math.max(0, Math.ceil((from - x.start) / x.step));
    const i1 = Math.min(x.values.length, Math.ceil((to - x.start) / x.step));
    for (let i = i0; i < i1; i++) s += x.values[i];
  }
  return s;
}
