// A data set back to the long CSV the report reads (`timestamp,metric,value,<dims...>`): the drill
// workspace's copy of the data. A missing value (a gap) is a missing row, as a real gap would be.
// Rows by hour, then in the data set's series order, so the same data set gives the same text. Pure.
import type { Dataset } from '../../types';

const cell = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');
/** Up to 6 decimals, no exponent for ordinary counts: what a person would have exported. */
const num = (v: number): string => (Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6));

export function datasetCsv(ds: Dataset): string {
  const dims = [...ds.dimensions];
  const rows: string[] = [['timestamp', 'metric', 'value', ...dims].map(cell).join(',')];
  const series = ds.series.map(s => ({ s, tail: dims.map(d => cell(s.dims[d] ?? '')).join(','), metric: cell(s.metric) }));
  for (let t = ds.start; t < ds.end; t += ds.step) {
    const ts = iso(t);
    for (const { s, tail, metric } of series) {
      const i = Math.round((t - s.start) / s.step);
      const v = i >= 0 && i < s.values.length ? s.values[i]! : NaN;
      if (Number.isFinite(v)) rows.push(`${ts},${metric},${num(v)}${dims.length ? ',' + tail : ''}`);
    }
  }
  return rows.join('\n') + '\n';
}
