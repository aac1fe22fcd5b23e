// Where the deviation sits, leaf by leaf: the drill-down localizer (ADR 0007) run once per segment
// over every leaf of the metric (every combination of all dimensions) during the segment's hours,
// against the explainer's own baseline. The whole cube, not only the segment's slice: whether a
// drop in Brazil is a Brazilian cause or a platform-wide one shows only outside Brazil. Candidates
// use it as evidence: deviation that the localizer gives to a cause shaped unlike the candidate's
// footprint is not that candidate's to claim (ADR 0008).
import { localize } from '../drilldown';
import type { AnomalySegment, Dataset, DimValues } from '../types';
import type { Baseline } from './baseline';
import { matches } from './profile';
import type { LocalizedCause, LocalizedLeaf, Localization } from './types';

/** Leaves fewer than this: nothing to localize. */
const MIN_LEAVES = 4;
/** Root causes kept: beyond a few, the rest is noise for this purpose. */
const MAX_CAUSES = 5;

/**
 * Sums every leaf series of the segment's metric over the segment's buckets (where both the actual
 * and the baseline are known) and localizes the deviation. Undefined when the data has no
 * dimensions, too few leaves, or the localizer refuses the input.
 */
export function localizeSegment(seg: AnomalySegment, ds: Dataset, baseline: Baseline): Localization | undefined {
  const dimsAll = ds.dimensions;
  if (!dimsAll.length) return undefined;
  const i0 = Math.max(0, Math.ceil((seg.start - ds.start) / ds.step));
  const i1 = Math.min(Math.round((ds.end - ds.start) / ds.step), Math.ceil((seg.end - ds.start) / ds.step));
  const leaves: LocalizedLeaf[] = [];
  const cube: { dims: DimValues; actual: number; forecast: number }[] = [];
  for (const s of ds.series) {
    if (s.metric !== seg.metric || !dimsAll.every(d => typeof s.dims[d] === 'string')) continue;
    const off = Math.round((s.start - ds.start) / ds.step);
    let actual = 0;
    let expected = 0;
    for (let i = i0; i < i1; i++) {
      const k = i - off;
      if (k < 0 || k >= s.values.length) continue;
      const a = s.values[k] as number;
      const e = baseline(s, k);
      if (!Number.isFinite(a) || !Number.isFinite(e)) continue;
      actual += a;
      expected += e;
    }
    const dims = Object.fromEntries(dimsAll.map(d => [d, s.dims[d] as string])) as DimValues;
    leaves.push({ dims, delta: actual - expected, expected });
    cube.push({ dims, actual, forecast: expected });
  }
  if (leaves.length < MIN_LEAVES) return undefined;
  let roots;
  let warnings;
  try {
    ({ rootCauses: roots, warnings } = localize({ kind: 'additive', leaves: cube }, { maxElements: MAX_CAUSES }));
  } catch {
    return undefined;
  }
  const claimed = new Uint8Array(leaves.length);
  const causes: LocalizedCause[] = roots.map(r => {
    const mine: number[] = [];
    leaves.forEach((l, i) => {
      if (!claimed[i] && matches(l.dims, r.dims)) {
        claimed[i] = 1;
        mine.push(i);
      }
    });
    return { dims: r.dims, share: r.explanatoryPower, relativeChange: r.relativeChange, leaves: mine };
  });
  const slices = dimsAll.reduce((a, d) => a + new Set(leaves.map(l => l.dims[d])).size, 0);
  return { leaves, causes, slices, warnings };
}

/** The footprint of a candidate inside a segment: one dimension with some of its values, or the whole segment. */
export interface Footprint {
  readonly dim?: string;
  readonly values?: readonly string[];
  /**
   * True (the default) when the cause moves every leaf of its footprint alike: a holiday or a
   * clock change moves all platforms of a country, a deploy tagged for ios moves ios in every
   * country. False for a cause with no predicted pattern (a deploy that names no slice).
   */
  readonly uniform?: boolean;
}

export interface ClaimedElsewhere {
  /** Share of the segment's total deviation, inside the footprint, that belongs to localized causes the footprint cannot produce. */
  readonly share: number;
  /**
   * Log Bayes factor for the candidate from causes the footprint can produce: the localizer,
   * which knows nothing of the candidate, landed on its footprint. Under another cause that would
   * be chance (about |footprint values| in K single-dimension slices), so log(K / |values|),
   * weighted by the share of the segment's deviation those causes carry (at most 1).
   */
  readonly support: number;
  readonly by: readonly { readonly label: string; readonly share: number; readonly relativeChange: number | null }[];
}

const NONE: ClaimedElsewhere = { share: 0, support: 0, by: [] };

/**
 * The part of the footprint's deviation (inside the segment `segDims`) that belongs to localized
 * causes whose shape a uniform candidate cannot produce: a cause spilling out of the footprint
 * (platform=ios against a DST footprint of eight countries, or against a holiday in Brazil: those
 * leaves moved with leaves outside it), or one finer than the footprint (platform=ios inside a
 * country with a holiday). Only the cause's excess over the rest of the footprint's own relative
 * change is taken away, so a cause that merely shares the footprint's movement costs nothing.
 * A cause the footprint contains and is no finer than (country=JP for a holiday in Japan, or for
 * a clock change in eight countries) is the candidate's to claim.
 */
export function claimedElsewhere(loc: Localization | undefined, f: Footprint, totalDelta: number, segDims: DimValues = {}): ClaimedElsewhere {
  if (!loc || !loc.causes.length || totalDelta === 0 || f.uniform === false) return NONE;
  // The footprint in the whole cube: the slice the candidate names (a deploy tagged ios moves ios in
  // every country, whatever the segment), or, when the segment already fixes it, the segment.
  const named = f.dim !== undefined && !!f.values?.length;
  const fixed = new Set(named ? [f.dim as string] : Object.keys(segDims));
  const inGlobal = (l: LocalizedLeaf): boolean => (named ? f.values?.includes(l.dims[f.dim as string] as string) === true : matches(l.dims, segDims));
  const inside = (l: LocalizedLeaf): boolean => matches(l.dims, segDims) && inGlobal(l);
  let share = 0;
  let matched = 0;
  const by: ClaimedElsewhere['by'][number][] = [];
  for (const c of loc.causes) {
    const ls = c.leaves.map(i => loc.leaves[i] as LocalizedLeaf);
    const inF = ls.filter(inside);
    if (!inF.length) continue;
    const contained = ls.every(inGlobal);
    const finer = Object.keys(c.dims).some(d => !fixed.has(d));
    if (contained && !finer) {
      // The footprint can produce it.
      matched += inF.reduce((a, l) => a + l.delta, 0) / totalDelta;
      continue;
    }
    const mine = new Set(c.leaves);
    let rd = 0;
    let re = 0;
    loc.leaves.forEach((l, i) => {
      if (!mine.has(i) && inside(l)) {
        rd += l.delta;
        re += l.expected;
      }
    });
    const rate = re > 0 ? rd / re : 0;
    const d = inF.reduce((a, l) => a + l.delta - rate * l.expected, 0);
    const part = d / totalDelta;
    if (!(part > 0)) continue;
    share += part;
    by.push({
      label: Object.entries(c.dims)
        .map(([k, v]) => `${k}=${v}`)
        .join(', '),
      share: c.share,
      relativeChange: c.relativeChange,
    });
  }
  const k = loc.slices;
  const width = named ? (f.values?.length ?? 1) : 1;
  const support = matched > 0 && k > width ? Math.min(1, matched) * Math.log(k / width) : 0;
  return { share, support, by };
}
