// An anomaly's contribution heat-map (ThirdEye's): every dimension's values by their own change and
// by their share of the total change, bounded for the panel. The figures are the drill-down's own:
// contributionTable over the very cube whereDrill searched (the window against the same hours last
// week), so the heat-map, the "where" line and the evidence give a slice the same numbers.
import { contributionTable, type AdditiveLeaf, type ContributionRow, type CubeInput, type RatioLeaf } from '../drilldown';

/** One row of the heat-map: a dimension value, or the values folded into one row (`others`). */
export interface ValueContribution {
  /** The dimension value as in the data; '' for the row that folds the rest. */
  readonly value: string;
  /** How many values this row folds together ("12 others"): absent for a single value, else at least 2. */
  readonly others?: number;
  /** Over the anomaly's window: the drill-down's baseline and the actual; null when unknown (only gaps, or a ratio without volume). */
  readonly expected: number | null;
  readonly actual: number | null;
  /** actual / expected − 1 (−0.6 = 60% below); null when the expected value is 0 or unknown. */
  readonly relativeChange: number | null;
  /** Its share of the total before, 0–1 (for a ratio, of the denominator: its traffic); null when the total was 0. */
  readonly shareBefore: number | null;
  /**
   * Its share of the total change: 1 = all of it, negative = against it (for a ratio, its rate
   * effect, as the drill-down measures it); null when the total did not change.
   */
  readonly contribution: number | null;
  /** Slices of this value left out for a missing number: gaps, never filled. Absent when none. */
  readonly gaps?: number;
}

export interface DimensionContributions {
  readonly dimension: string;
  /** By |contribution|, the largest first (ties by value); the rest folded into a last row. */
  readonly values: readonly ValueContribution[];
}

export interface Contributions {
  readonly kind: 'additive' | 'ratio';
  /** The whole metric over the window: the drill-down's baseline and the actual (a ratio as num/den). */
  readonly expected: number | null;
  readonly actual: number | null;
  /** Only dimensions with more than one value, the most explanatory first. */
  readonly dimensions: readonly DimensionContributions[];
  /** Slices left out for a missing number (gaps, never filled); 0 when none. */
  readonly gaps: number;
}

/**
 * How much of a cube the panel is shown: the values of a dimension beyond `maxValues` are folded
 * into one row (never a row of one: a single extra value is shown as itself), and the least
 * explanatory dimensions beyond `maxDimensions` are left out.
 */
export const HEATMAP_BOUNDS = { maxValues: 10, maxDimensions: 8 } as const;

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
const fraction = (pct: number | null): number | null => (pct === null ? null : finite(pct / 100));

/**
 * The heat-map of one anomaly's cube (whereDrill's). A leaf without a forecast or with a non-finite
 * number is a gap: left out of every figure (as the drill-down leaves it out) and counted.
 * @throws like contributionTable on malformed leaves.
 */
export function anomalyContributions(input: CubeInput, bounds: { readonly maxValues?: number; readonly maxDimensions?: number } = {}): Contributions {
  const maxValues = Math.max(1, bounds.maxValues ?? HEATMAP_BOUNDS.maxValues);
  const maxDimensions = Math.max(0, bounds.maxDimensions ?? HEATMAP_BOUNDS.maxDimensions);
  const table = contributionTable(input);
  const counts = leafCounts(input);
  // A total of 0 (or no volume, for a ratio) has no shares; contributionTable says 0 there.
  const sharesKnown = input.kind === 'ratio' ? Number.isFinite(table.baseline) : table.baseline !== 0;
  const row = (r: ContributionRow, c: LeafCount, others?: number): ValueContribution => {
    const onlyGaps = c.data === 0;
    const n = (x: number): number | null => (onlyGaps ? null : finite(x));
    return {
      value: others ? '' : r.value,
      ...(others ? { others } : {}),
      expected: n(r.baseline),
      actual: n(r.current),
      relativeChange: onlyGaps ? null : fraction(r.changePct),
      shareBefore: onlyGaps || !sharesKnown ? null : fraction(r.sharePctBefore),
      contribution: onlyGaps ? null : fraction(r.contributionPct),
      ...(c.gaps ? { gaps: c.gaps } : {}),
    };
  };
  const dimensions = table.dimensions
    .filter(d => d.rows.length > 1)
    .slice(0, maxDimensions)
    .map(({ dimension, rows }) => {
      const count = (r: ContributionRow): LeafCount => counts.get(dimension)?.get(r.value) ?? { data: 0, gaps: 0 };
      // Never a folded row of one value: one value past the bound is shown as itself.
      const shown = rows.length > maxValues + 1 ? rows.slice(0, maxValues) : rows;
      const rest = rows.slice(shown.length);
      const values = shown.map(r => row(r, count(r)));
      if (rest.length) {
        const c = rest.map(count).reduce((a, x) => ({ data: a.data + x.data, gaps: a.gaps + x.gaps }), { data: 0, gaps: 0 });
        values.push(row(folded(input.kind, rest), c, rest.length));
      }
      return { dimension, values };
    });
  const gaps = leaves(input).filter(isGap).length;
  return { kind: table.kind, expected: finite(table.baseline), actual: finite(table.current), dimensions, gaps };
}

/**
 * The values past the bound as one row. Contributions, shares and an additive metric's values add
 * up; a ratio's is the folded values' numerators over their denominators, recovered as each value's
 * ratio weighted by its share of the denominator (before for the baseline, after for the actual).
 */
function folded(kind: 'additive' | 'ratio', rows: readonly ContributionRow[]): ContributionRow {
  const sum = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0);
  const weighted = (pairs: readonly [number, number][]): number => {
    const known = pairs.filter(([, w]) => w > 0); // a value without volume has no ratio (NaN)
    return sum(known.map(([x, w]) => x * w)) / sum(known.map(([, w]) => w));
  };
  const baseline = kind === 'additive' ? sum(rows.map(r => r.baseline)) : weighted(rows.map(r => [r.baseline, r.sharePctBefore]));
  const current = kind === 'additive' ? sum(rows.map(r => r.current)) : weighted(rows.map(r => [r.current, r.sharePctAfter]));
  const contributions = rows.map(r => r.contributionPct).filter((x): x is number => x !== null);
  return {
    dimension: rows[0]?.dimension ?? '',
    value: '',
    baseline,
    current,
    changePct: baseline !== 0 && Number.isFinite((current - baseline) / baseline) ? (100 * (current - baseline)) / Math.abs(baseline) : null,
    contributionPct: contributions.length ? sum(contributions) : null,
    sharePctBefore: sum(rows.map(r => r.sharePctBefore)),
    sharePctAfter: sum(rows.map(r => r.sharePctAfter)),
  };
}

interface LeafCount {
  /** Leaves with both numbers. */
  data: number;
  /** Leaves left out for a missing number. */
  gaps: number;
}

/**
 * The drill-down's rule for a leaf it leaves out (LocalizeResult.skippedLeaves): no forecast, or a
 * number that is not finite.
 */
function isGap(leaf: AdditiveLeaf | RatioLeaf): boolean {
  const f = leaf.forecast;
  if (f === undefined) return true;
  if (typeof f === 'number') return !Number.isFinite(f) || !Number.isFinite(leaf.actual as number);
  const a = leaf.actual as { num: number; den: number };
  return ![a.num, a.den, f.num, f.den].every(Number.isFinite);
}

/** Per dimension and value, its leaves with data and its gaps. */
function leafCounts(input: CubeInput): Map<string, Map<string, LeafCount>> {
  const out = new Map<string, Map<string, LeafCount>>();
  for (const leaf of leaves(input)) {
    const gap = isGap(leaf);
    for (const [d, v] of Object.entries(leaf.dims)) {
      let byValue = out.get(d);
      if (!byValue) out.set(d, (byValue = new Map()));
      const c = byValue.get(v) ?? { data: 0, gaps: 0 };
      byValue.set(v, gap ? { data: c.data, gaps: c.gaps + 1 } : { data: c.data + 1, gaps: c.gaps });
    }
  }
  return out;
}

const leaves = (input: CubeInput): readonly (AdditiveLeaf | RatioLeaf)[] => input.leaves;
