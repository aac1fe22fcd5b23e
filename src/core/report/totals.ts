// Totals of a metric over all slices, on the dataset grid. A bucket where any slice is missing
// is flagged rather than silently summed short.
import type { Dataset } from '../types';
import type { MetricConfig } from '../config/reportConfig';

export interface MetricTotals {
  readonly values: Float64Array; // NaN where nothing arrived
  readonly incomplete: Uint8Array; // 1 where at least one slice is missing
  /**
   * The data metrics this one reads (its id, or a ratio's numerator and denominator) that have no
   * rows at all: the metric has no data yet, and every value is NaN. Absent when all are there.
   */
  readonly missing?: readonly string[];
}

export function additiveTotals(data: Dataset, metric: string): MetricTotals {
  const n = Math.round((data.end - data.start) / data.step);
  const values = new Float64Array(n);
  const incomplete = new Uint8Array(n);
  const present = new Uint8Array(n);
  let found = false;
  for (const s of data.series) {
    if (s.metric !== metric) continue;
    found = true;
    const off = Math.round((s.start - data.start) / data.step);
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i];
      if (Number.isNaN(v)) incomplete[off + i] = 1;
      else {
        values[off + i] += v;
        present[off + i] = 1;
      }
    }
  }
  if (!found) throw new Error(`metric "${metric}" is not in ${data.source} (it has: ${data.metrics.join(', ') || 'no metrics'})`);
  for (let i = 0; i < n; i++) if (!present[i]) values[i] = NaN;
  return { values, incomplete };
}

/** A derived metric is the ratio of the totals, never a sum of per-slice ratios. */
export function metricTotals(data: Dataset, m: MetricConfig): MetricTotals {
  if (!m.ratio) return additiveTotals(data, m.id);
  const num = additiveTotals(data, m.ratio.numerator);
  const den = additiveTotals(data, m.ratio.denominator);
  const values = new Float64Array(num.values.length);
  const incomplete = new Uint8Array(num.values.length);
  for (let i = 0; i < values.length; i++) {
    const d = den.values[i];
    values[i] = d > 0 ? num.values[i] / d : NaN;
    incomplete[i] = num.incomplete[i] | den.incomplete[i];
  }
  return { values, incomplete };
}

/** Every metric's totals, keyed by metric id (a Map: an id may be "__proto__"). */
export type TotalsByMetric = ReadonlyMap<string, MetricTotals>;

/**
 * The totals of each metric of the report, computed once per load and handed to the presenter (the
 * hourly table, the week chart) and the analysis (forecast bands, triage), which all read them.
 */
export function totalsFor(data: Dataset, metrics: readonly MetricConfig[]): TotalsByMetric {
  return new Map(metrics.map(m => [m.id, reportTotals(data, m)]));
}

/** The data metrics `m` reads that have no rows in `data`. */
export function missingMetrics(data: Dataset, m: MetricConfig): string[] {
  const reads = m.ratio ? [m.ratio.numerator, m.ratio.denominator] : [m.id];
  return [...new Set(reads.filter(id => !data.metrics.includes(id)))];
}

/**
 * A report metric's totals. A metric of the config with no rows yet (a new metric, a feed not
 * delivering) does not stop the report: its totals are all gaps and name what is missing, and its
 * row says so (hourlyReport.ts). Elsewhere (a slice chart) a missing metric is an error.
 */
function reportTotals(data: Dataset, m: MetricConfig): MetricTotals {
  const missing = missingMetrics(data, m);
  if (!missing.length) return metricTotals(data, m);
  const n = Math.round((data.end - data.start) / data.step);
  return { values: new Float64Array(n).fill(NaN), incomplete: new Uint8Array(n), missing };
}

/** The totals of `m` from a precomputed map; a metric missing from it is a bug upstream. */
export function totalsOf(totals: TotalsByMetric, m: MetricConfig): MetricTotals {
  const t = totals.get(m.id);
  if (!t) throw new Error(`no totals for metric "${m.id}": compute them with totalsFor() over the report's metrics`);
  return t;
}
