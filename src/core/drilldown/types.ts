// Public types of the drill-down localizer. Pure data: no `vscode`, no I/O.
import type { DimValues } from '../types';

/** One leaf of an additive metric: totals over the anomalous time point or segment. */
export interface AdditiveLeaf {
  readonly dims: DimValues;
  readonly actual: number;
  /** NaN or undefined = no forecast; the leaf is then left out of the search. */
  readonly forecast: number | undefined;
}

/** Numerator and denominator totals, e.g. stalls and views. Never a pre-divided ratio. */
export interface Fraction {
  readonly num: number;
  readonly den: number;
}

/** One leaf of a derived metric num/den. Sum numerators and denominators over a segment separately. */
export interface RatioLeaf {
  readonly dims: DimValues;
  readonly actual: Fraction;
  readonly forecast: Fraction | undefined;
}

export type CubeInput =
  { readonly kind: 'additive'; readonly leaves: readonly AdditiveLeaf[] } | { readonly kind: 'ratio'; readonly leaves: readonly RatioLeaf[] };

export interface LocalizeOptions {
  /**
   * Family-wise false-alarm rate of the significance test, shared by all candidate elements.
   * @default 0.01
   */
  readonly alpha?: number;
  /**
   * Deepest combination searched (number of dimensions in one element). Lowered further, with a
   * warning, when the combinations would exceed `maxCuboids` or `maxCells`. @default 5
   */
  readonly maxLayer?: number;
  /** Most cuboids (combinations of dimensions) searched, whatever the cube's size. @default 256 */
  readonly maxCuboids?: number;
  /**
   * Search budget in leaf x cuboid cells (time and memory). A cube too large to search pairs of
   * dimensions within it is first summed over its dimensions with the most values, with a warning.
   * @default 2 ** 23
   */
  readonly maxCells?: number;
  /** Stop after this many root-cause elements. @default 20 */
  readonly maxElements?: number;
  /**
   * Overrides of the search settings, for sensitivity studies only (see ADR 0007 for their meaning):
   * `complexity` (1), `refits` (2), `minSpread` (3), `minCoverage` (0.5; above 1 turns the
   * parent-for-children rule off, like a huge `minSpread` turns the ancestor rule off).
   */
  readonly tuning?: Partial<Record<'complexity' | 'refits' | 'minSpread' | 'minCoverage', number>>;
}

/** One root-cause element, e.g. { country: 'US', platform: 'ios' }. */
export interface RootCause {
  readonly dims: DimValues;
  /** Metric value of the element: sum for additive, num/den for ratio. */
  readonly actual: number;
  readonly forecast: number;
  /** Own relative change actual/forecast - 1; null when the forecast is 0. */
  readonly relativeChange: number | null;
  /** Share of the total deviation this element explains (1 = all of it; can be negative or >1). */
  readonly explanatoryPower: number;
  /** Leaves with data under this element (both values present and not both 0). */
  readonly leaves: number;
  /** 1 - Bonferroni-corrected p-value of the element's deviation, in [0, 1]. */
  readonly confidence: number;
  /** Signed z-score of the element's deviation under the fitted noise model. */
  readonly z: number;
}

export interface NoiseModel {
  /** Leaf variance = linear * size + quadratic * size^2, size = (|actual| + |forecast|) / 2. */
  readonly linear: number;
  readonly quadratic: number;
}

export interface LocalizeResult {
  readonly kind: 'additive' | 'ratio';
  readonly dimensions: readonly string[];
  readonly actual: number;
  readonly forecast: number;
  /** Root causes, most significant first. Empty = nothing significant. */
  readonly rootCauses: readonly RootCause[];
  readonly noise: NoiseModel;
  /** |z| a candidate had to reach. */
  readonly zThreshold: number;
  /** Leaves left out: missing forecast or non-finite values. */
  readonly skippedLeaves: number;
  /**
   * What the search left out to stay within its budget (dimensions summed away, layers not
   * searched), one sentence each, for the user to see beside the root causes. Empty when none.
   */
  readonly warnings: readonly string[];
}

/** One row of the contribution table (ThirdEye's heat-map). Percentages are in percent. */
export interface ContributionRow {
  readonly dimension: string;
  readonly value: string;
  readonly baseline: number;
  readonly current: number;
  /** null when the baseline is 0. */
  readonly changePct: number | null;
  /** Share of the total change, in percent; null when the total did not change. */
  readonly contributionPct: number | null;
  /** Share of the total (additive) or of the denominator (ratio) before and after, in percent. */
  readonly sharePctBefore: number;
  readonly sharePctAfter: number;
}

export interface ContributionTable {
  readonly kind: 'additive' | 'ratio';
  readonly baseline: number;
  readonly current: number;
  /** Dimensions, the most explanatory first; rows inside each, the most explanatory first. */
  readonly dimensions: readonly { readonly dimension: string; readonly rows: readonly ContributionRow[] }[];
}

// The search's own types (search.ts, ripple.ts, localize.ts), kept here so that search.ts and
// ripple.ts need not import each other. Not meant for callers of the localizer.

/** Just the per-dimension value codes of the cube, and the dimensions searched (see budget.ts). */
export interface CubeCodes {
  readonly codes: readonly Int32Array[];
  readonly active: readonly number[];
}

export interface SearchSettings {
  /** |z| an element with many leaves must reach (normal law, Bonferroni). */
  readonly zThreshold: number;
  /** |z| a single leaf must reach (empirical tail); elements in between interpolate by 1/sqrt(n). */
  readonly leafThreshold: number;
  /** Weight of the description-length penalty that breaks near-ties toward coarser elements. */
  readonly complexity: number;
  readonly maxElements: number;
  /** Effective number of sibling slices that must share a deviation before their parent is named instead. */
  readonly minSpread: number;
  /** Share of a parent's weight that same-direction children must hold for the parent to replace them. */
  readonly minCoverage: number;
}

export interface Found {
  readonly cuboid: number;
  readonly element: number;
  readonly z: number;
}
