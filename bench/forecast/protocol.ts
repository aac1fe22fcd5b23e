// Reading the shared rolling-origin protocol (protocol.json), its data files and the reference
// forecasts, exactly as ../shared/bench/forecast/PROTOCOL.md describes them.

import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface DatasetProtocol {
  readonly name: string;
  readonly file: string;
  readonly n: number;
  readonly periods: number[];
  readonly main_period: number;
  readonly mase_period: number;
  readonly train_len: number;
  readonly horizons: number[];
  readonly origins: number[];
}

export interface SeriesData {
  readonly t: Float64Array; // UTC ms
  readonly y: Float64Array;
}

/** One model's forecasts: origin -> rows by step (index step-1). */
export type ForecastTable = Map<number, { mean: Float64Array; lo80: Float64Array; hi80: Float64Array; lo95: Float64Array; hi95: Float64Array }>;

export function loadProtocol(root: string): DatasetProtocol[] {
  const raw = JSON.parse(readFileSync(join(root, 'protocol.json'), 'utf8')) as Record<string, Omit<DatasetProtocol, 'name'>>;
  return Object.entries(raw).map(([name, p]) => ({ name, ...p }));
}

export function loadSeries(root: string, p: DatasetProtocol): SeriesData {
  const lines = readFileSync(join(root, p.file), 'utf8').trim().split(/\r?\n/).slice(1);
  const t = new Float64Array(lines.length);
  const y = new Float64Array(lines.length);
  lines.forEach((line, i) => {
    const [ts, v] = line.split(',');
    t[i] = Date.parse(ts);
    y[i] = v === 'NA' || v === '' ? NaN : Number(v);
  });
  if (lines.length !== p.n) throw new Error(`${p.file}: ${lines.length} rows, protocol says ${p.n}`);
  return { t, y };
}

function num(s: string): number {
  return s === 'NA' || s === '' ? NaN : Number(s);
}

/** Parses a forecasts CSV (dataset,model,origin,step,mean,lo80,hi80,lo95,hi95). */
export function readForecasts(file: string, H: number): ForecastTable {
  const out: ForecastTable = new Map();
  const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/).slice(1);
  for (const line of lines) {
    const c = line.split(',').map(s => s.replace(/^"|"$/g, ''));
    const origin = Number(c[2]);
    const step = Number(c[3]);
    let row = out.get(origin);
    if (!row) {
      const mk = () => new Float64Array(H).fill(NaN);
      row = { mean: mk(), lo80: mk(), hi80: mk(), lo95: mk(), hi95: mk() };
      out.set(origin, row);
    }
    if (step < 1 || step > H) continue;
    row.mean[step - 1] = num(c[4]);
    row.lo80[step - 1] = num(c[5]);
    row.hi80[step - 1] = num(c[6]);
    row.lo95[step - 1] = num(c[7]);
    row.hi95[step - 1] = num(c[8]);
  }
  return out;
}

/** Median per-origin CPU seconds of a reference model (timings CSV), or NaN. */
export function readMedianCpu(file: string): number {
  if (!existsSync(file)) return NaN;
  const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/).slice(1);
  const v = lines
    .map(l => Number(l.split(',')[4]))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const h = v.length >> 1;
  return v.length % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
}

/** Reference model names available for a dataset in reference-forecasts/forecasts. */
export function referenceModels(root: string, dataset: string): string[] {
  const dir = join(root, 'reference-forecasts', 'forecasts');
  return readdirSync(dir)
    .filter(f => f.startsWith(`${dataset}__`) && f.endsWith('.csv'))
    .map(f => f.slice(dataset.length + 2, -4))
    .sort();
}
