// The contribution table for the UI (ThirdEye's dimension heat-map): per dimension and value, the
// baseline, the current value, the change and its share of the total change.
import { encodeCube, type Cube } from './cube';
import type { ContributionRow, ContributionTable, CubeInput } from './types';

interface Acc {
  v: number;
  f: number;
  na: number;
  da: number;
  nf: number;
  df: number;
}
const zero = (): Acc => ({ v: 0, f: 0, na: 0, da: 0, nf: 0, df: 0 });

function add(a: Acc, cube: Cube, i: number): void {
  a.v += cube.v[i];
  a.f += cube.f[i];
  const r = cube.ratio;
  if (r) {
    a.na += r.na[i];
    a.da += r.da[i];
    a.nf += r.nf[i];
    a.df += r.df[i];
  }
}

const pct = (x: number, of: number): number | null => (of !== 0 && Number.isFinite(x / of) ? (100 * x) / of : null);
const share = (x: number, of: number): number => pct(x, of) ?? 0;

/**
 * Builds the table. Additive: sums; shares are of the total. Ratio: each value's own ratio; its
 * contribution is its rate effect on the total ratio (mix shifts excluded); shares are of the
 * denominator (the traffic mix).
 * @throws TypeError / RangeError on malformed leaves, like localize().
 */
export function contributionTable(input: CubeInput): ContributionTable {
  const cube = encodeCube(input);
  const total = zero();
  for (let i = 0; i < cube.n; i++) add(total, cube, i);
  const ratio = cube.kind === 'ratio';
  const base = ratio ? total.nf / total.df : total.f;
  const cur = ratio ? total.na / total.da : total.v;
  const totalChange = cur - base;
  const dimensions = cube.dimensions.map((dimension, d) => {
    const accs = cube.labels[d].map(zero);
    for (let i = 0; i < cube.n; i++) add(accs[cube.codes[d][i]], cube, i);
    const rows: ContributionRow[] = accs.map((a, c) => {
      const baseline = ratio ? a.nf / a.df : a.f;
      const current = ratio ? a.na / a.da : a.v;
      const effect = ratio ? (a.v - a.f) / total.da : a.v - a.f;
      return {
        dimension,
        value: cube.labels[d][c],
        baseline,
        current,
        changePct: pct(current - baseline, Math.abs(baseline)),
        contributionPct: pct(effect, totalChange),
        sharePctBefore: ratio ? share(a.df, total.df) : share(a.f, total.f),
        sharePctAfter: ratio ? share(a.da, total.da) : share(a.v, total.v),
      };
    });
    const weight = (r: ContributionRow): number => Math.abs(r.contributionPct ?? 0);
    rows.sort((x, y) => weight(y) - weight(x) || x.value.localeCompare(y.value));
    return { dimension, rows, top: rows.length ? weight(rows[0]) : 0 };
  });
  dimensions.sort((x, y) => y.top - x.top || x.dimension.localeCompare(y.dimension));
  return { kind: cube.kind, baseline: base, current: cur, dimensions: dimensions.map(({ dimension, rows }) => ({ dimension, rows })) };
}
