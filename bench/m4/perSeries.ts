// Per-series M4 scores (PROTOCOL.md section 3, the formulas of scripts/30_score.py) beside seasonal
// naive (m = 24), to see where the engine loses: by training length and series by series. The
// aggregates the runner reports come from the folder's scorer; these are for reading the spread.

import type { Bands } from './format';

export const M = 24;

export interface SeriesScore {
  readonly id: string;
  readonly n: number;
  readonly sMAPE: number;
  readonly MASE: number;
  readonly MSIS: number;
  /** Share of the test points inside the 80% and 95% bands. */
  readonly cov80: number;
  readonly cov95: number;
  /** MASE of seasonal naive (m = 24) on the same series: the ratio MASE / snaiveMASE says who wins. */
  readonly snaiveMASE: number;
}

/** In-sample seasonal-naive MAE at lag m over the whole training part (the M4 scale). */
export function maseScale(train: ArrayLike<number>, m = M): number {
  let s = 0;
  for (let t = m; t < train.length; t++) s += Math.abs(train[t] - train[t - m]);
  return s / (train.length - m);
}

export function scoreSeries(id: string, train: ArrayLike<number>, test: ArrayLike<number>, f: Bands): SeriesScore {
  const H = test.length;
  const sc = maseScale(train);
  let sm = 0,
    ae = 0,
    is = 0,
    in80 = 0,
    in95 = 0,
    aeNaive = 0;
  for (let h = 0; h < H; h++) {
    const y = test[h];
    const e = Math.abs(y - f.mean[h]);
    sm += (200 * e) / (Math.abs(y) + Math.abs(f.mean[h]));
    ae += e;
    const l = f.lo95[h];
    const u = f.hi95[h];
    is += u - l + (y < l ? 40 * (l - y) : 0) + (y > u ? 40 * (y - u) : 0);
    if (y >= f.lo80[h] && y <= f.hi80[h]) in80++;
    if (y >= l && y <= u) in95++;
    aeNaive += Math.abs(y - train[train.length - M + (h % M)]);
  }
  return { id, n: train.length, sMAPE: sm / H, MASE: ae / H / sc, MSIS: is / H / sc, cov80: in80 / H, cov95: in95 / H, snaiveMASE: aeNaive / H / sc };
}

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '-');

/** Lines that summarise the spread: by training length, the worst series, coverage far off. */
export function spreadLines(scores: readonly SeriesScore[], worst = 10): string[] {
  if (scores.length === 0) return [];
  const lines = [
    '| training length | series | MASE | sNaive MASE | wins vs sNaive | cov80 | cov95 | series with cov95 < 0.8 |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const n of [...new Set(scores.map(s => s.n))].sort((a, b) => a - b)) {
    const g = scores.filter(s => s.n === n);
    lines.push(
      `| ${n} | ${g.length} | ${f3(mean(g.map(s => s.MASE)))} | ${f3(mean(g.map(s => s.snaiveMASE)))} | ${g.filter(s => s.MASE < s.snaiveMASE).length} | ` +
        `${f3(mean(g.map(s => s.cov80)))} | ${f3(mean(g.map(s => s.cov95)))} | ${g.filter(s => s.cov95 < 0.8).length} |`,
    );
  }
  const byRatio = [...scores].sort((a, b) => b.MASE / b.snaiveMASE - a.MASE / a.snaiveMASE).slice(0, worst);
  lines.push('', `Worst ${byRatio.length} series by MASE / sNaive MASE:`, '| series | n | MASE | sNaive MASE | ratio | cov95 |', '|---|---|---|---|---|---|');
  for (const s of byRatio) lines.push(`| ${s.id} | ${s.n} | ${f3(s.MASE)} | ${f3(s.snaiveMASE)} | ${f3(s.MASE / s.snaiveMASE)} | ${f3(s.cov95)} |`);
  return lines;
}

export function perSeriesCsv(scores: readonly SeriesScore[], cpuS: ReadonlyMap<string, number>, specs: ReadonlyMap<string, string>): string {
  const rows = ['dataset,train_len,sMAPE,MASE,MSIS,cov80,cov95,snaive_MASE,cpu_s,spec'];
  for (const s of scores)
    rows.push(
      [s.id, s.n, s.sMAPE, s.MASE, s.MSIS, s.cov80, s.cov95, s.snaiveMASE, cpuS.get(s.id) ?? NaN, specs.get(s.id) ?? '']
        .map(v => (typeof v === 'number' && !Number.isFinite(v) ? 'NA' : String(v)))
        .join(','),
    );
  return rows.join('\n') + '\n';
}
