// "Which slice explains it?" for one anomaly: the leaves of the metric (every combination of
// dimension values) summed over the segment, against last week's same wall-clock hours scaled to
// the forecast, handed to the drill-down localizer (ADR 0007).
import type { Dataset, DimValues } from '../types';
import type { MetricConfig } from '../config/reportConfig';
import { localize, type CubeInput } from '../drilldown';
import { weekEarlierIndex } from '../time';

export interface SliceFinding {
  readonly dims: DimValues;
  /** The slice's own change against its expected value (-0.6 = 60% below); null if it had none. */
  readonly relativeChange: number | null;
  /** Its share of the segment's total deviation (1 = all of it). */
  readonly share: number;
  /**
   * The metric these figures are of, when not the anomaly's own: a ratio metric explained through
   * its numerator or denominator (the top explanation's slice, see triage causeSlice).
   */
  readonly of?: string;
}

/** What the drill-down found, and what it had to leave out to stay within its budget. */
export interface WhereDrillResult {
  readonly slices: readonly SliceFinding[];
  /** One sentence each (dimensions summed away, combinations not searched); show beside the slices. Empty when none. */
  readonly warnings: readonly string[];
  /** The cube it searched (each slice over the window and the same hours last week): the heat-map's too (heatmap.ts), so both give a slice the same numbers. */
  readonly cube?: CubeInput;
}

/** Buckets of [start, end) and their same wall-clock hours a week earlier, as dataset indices. */
function bucketPairs(data: Dataset, start: number, end: number, zone: string): [number, number][] {
  const out: [number, number][] = [];
  for (let at = start; at < end; at += data.step) {
    const i = (at - data.start) / data.step;
    const j = weekEarlierIndex(data, i, zone);
    if (j !== undefined) out.push([i, j]);
  }
  return out;
}

/**
 * Each slice's sums over the window's hours and the same hours a week earlier. A slice with a gap
 * in either is kept with NaN sums: the drill-down skips it (a gap, never filled), and the heat-map
 * counts it as a gap of its values rather than losing it.
 */
function leafSums(data: Dataset, metric: string, pairs: [number, number][]): Map<string, { dims: DimValues; now: number; before: number }> {
  const out = new Map<string, { dims: DimValues; now: number; before: number }>();
  for (const s of data.series) {
    if (s.metric !== metric) continue;
    const off = (s.start - data.start) / s.step;
    let now = 0,
      before = 0;
    for (const [i, j] of pairs) {
      const a = s.values[i - off],
        b = s.values[j - off];
      if (!Number.isFinite(a) || !Number.isFinite(b)) {
        now = before = NaN;
        break;
      }
      now += a;
      before += b;
    }
    out.set(JSON.stringify(s.dims), { dims: s.dims, now, before });
  }
  return out;
}

/** The slices only; see whereDrillResult for the warnings that go with them. */
export function whereDrill(data: Dataset, m: MetricConfig, start: number, end: number, zone: string, expectedTotal?: number, max = 3): SliceFinding[] {
  return [...whereDrillResult(data, m, start, end, zone, expectedTotal, max).slices];
}

export function whereDrillResult(data: Dataset, m: MetricConfig, start: number, end: number, zone: string, expectedTotal?: number, max = 3): WhereDrillResult {
  const none: WhereDrillResult = { slices: [], warnings: [] };
  if (!data.dimensions.length) return none;
  const pairs = bucketPairs(data, start, end, zone);
  if (!pairs.length) return none;
  let cube: CubeInput;
  const warnings: string[] = [];
  if (m.ratio) {
    const num = leafSums(data, m.ratio.numerator, pairs);
    const den = leafSums(data, m.ratio.denominator, pairs);
    const all = [...num]
      .filter(([k]) => den.has(k))
      .map(([k, n]) => {
        const d = den.get(k)!;
        return { dims: n.dims, actual: { num: n.now, den: d.now }, forecast: { num: n.before, den: d.before } };
      });
    // A ratio's denominator is a volume: a negative one is bad data, and would make the rate meaningless. (A gap, NaN, stays: it is counted as one.)
    const leaves = all.filter(l => !(l.actual.den < 0) && !(l.forecast.den < 0));
    if (leaves.length < all.length) {
      warnings.push(`${all.length - leaves.length} slice(s) with a negative ${m.ratio.denominator} were left out of the drill-down`);
    }
    cube = { kind: 'ratio', leaves };
  } else {
    const sums = [...leafSums(data, m.id, pairs).values()];
    // Scale last week's leaves to the forecast total: the forecast says how big, last week says where.
    const before = sums.reduce((a, l) => (Number.isFinite(l.before) ? a + l.before : a), 0);
    const k = expectedTotal !== undefined && before > 0 ? expectedTotal / before : 1;
    cube = { kind: 'additive', leaves: sums.map(l => ({ dims: l.dims, actual: l.now, forecast: l.before * k })) };
  }
  const res = localize(cube, { maxElements: max });
  return {
    slices: res.rootCauses.map(r => ({ dims: r.dims, relativeChange: r.relativeChange, share: r.explanatoryPower })),
    warnings: [...warnings, ...res.warnings],
    cube,
  };
}
