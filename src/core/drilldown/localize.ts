// Public entry point: which partial combinations of dimension values explain the deviation.
// Algorithm and settings: docs/adr/0007-drill-down-localizer.md.
import type { DimValues } from '../types';
import { normalUpperQuantile, normalUpperTail } from '../numeric';
import { planSearch } from './budget';
import { encodeCube, type Cube } from './cube';
import { buildCuboids, type Cuboid } from './cuboids';
import { fitNoise, leafThreshold } from './noise';
import { countCandidates, greedySearch, leafTerms } from './search';
import type { CubeInput, Found, LocalizeOptions, LocalizeResult, RootCause } from './types';

/**
 * Defaults shared by every data set (see the ADR for why these values). The last three bound the
 * search (budget.ts): deepest layer, most cuboids, most leaf x cuboid cells.
 */
export const DEFAULTS = {
  alpha: 0.01,
  complexity: 1,
  maxElements: 20,
  refits: 2,
  minSpread: 3,
  minCoverage: 0.5,
  maxLayer: 5,
  maxCuboids: 256,
  maxCells: 2 ** 23,
} as const;

/**
 * Localizes the root causes of the deviation between actual and forecast in a cube. For a segment
 * of several time points, pass per-leaf totals over the segment (for a ratio, numerator and
 * denominator totals). Leaves without a forecast are skipped (counted in `skippedLeaves`).
 * @example
 * localize({ kind: 'additive', leaves: [{ dims: { country: 'IN', platform: 'ios' }, actual: 40, forecast: 100 }, ...] })
 * // -> { rootCauses: [{ dims: { country: 'IN' }, relativeChange: -0.6, explanatoryPower: 0.97, ... }], ... }
 * @throws TypeError / RangeError on malformed leaves (the message names the leaf index) or options.
 */
export function localize(input: CubeInput, options: LocalizeOptions = {}): LocalizeResult {
  const alpha = options.alpha ?? DEFAULTS.alpha;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`localize: alpha must be in (0, 1), got ${alpha}`);
  const limits = {
    maxLayer: options.maxLayer ?? DEFAULTS.maxLayer,
    maxCuboids: options.maxCuboids ?? DEFAULTS.maxCuboids,
    maxCells: options.maxCells ?? DEFAULTS.maxCells,
  };
  for (const [k, x] of Object.entries(limits)) if (!(x >= 1)) throw new RangeError(`localize: ${k} must be >= 1, got ${x}`);
  const full = encodeCube(input);
  // The search runs on the varying dimensions, within the budget; reported values use every leaf.
  const plan = planSearch(full, limits);
  const cube = plan.cube;
  const codes = { codes: cube.codes, active: plan.dims };
  const cuboids = buildCuboids(cube, plan.dims, plan.maxLayer);
  const t = { ...DEFAULTS, ...options.tuning };
  const settings = { complexity: t.complexity, minSpread: t.minSpread, minCoverage: t.minCoverage, maxElements: options.maxElements ?? DEFAULTS.maxElements };
  // The first noise fit sees the anomalous leaves too, which inflates it when root causes are
  // large; refit on the leaves left unexplained and search again until the answer is stable.
  let noise = fitNoise(cube.v, cube.f);
  let explained: Uint8Array = new Uint8Array(cube.n);
  let explainedTail: Uint8Array = explained;
  let found: Found[] = [];
  let zThreshold = Infinity;
  let m = 1;
  for (let round = 0; round < t.refits + 1; round++) {
    const { p, q } = leafTerms(cube.v, cube.f, noise);
    m = countCandidates(cuboids, q);
    zThreshold = normalUpperQuantile(alpha / (2 * m));
    const leafZ = leafThreshold(cube.v, cube.f, noise, i => !explainedTail[i], m, alpha, zThreshold);
    const next =
      noise.linear + noise.quadratic > 0 ? greedySearch(codes, cuboids, plan.dims.length, p, q, { ...settings, zThreshold, leafThreshold: leafZ }) : [];
    const same = next.length === found.length && next.every((e, k) => e.cuboid === found[k].cuboid && e.element === found[k].element);
    found = next;
    if (same || found.length === 0) break;
    explained = coveredBy(cube, cuboids, found, 1);
    // Single leaves found so far are the tail itself: keep them in the tail estimate.
    explainedTail = coveredBy(cube, cuboids, found, 2);
    noise = fitNoise(cube.v, cube.f, i => !explained[i]);
  }
  const totals = sumWhere(full, () => true);
  const rootCauses = found.map(({ cuboid, element, z }) => {
    const c = cuboids[cuboid];
    // The element's values, matched against every leaf of the input (the search cube may be summed).
    const at = c.dims.map(d => ({ d, code: cube.codes[d][c.sample[element]] }));
    const s = sumWhere(full, i => at.every(({ d, code }) => full.codes[d][i] === code));
    return describe(full, at, s, totals, z, m);
  });
  return {
    kind: full.kind,
    dimensions: full.dimensions,
    actual: metricValue(full, totals, 'actual'),
    forecast: metricValue(full, totals, 'forecast'),
    rootCauses,
    noise,
    zThreshold,
    skippedLeaves: full.skipped,
    warnings: plan.warnings,
  };
}

interface Sums {
  v: number;
  f: number;
  na: number;
  da: number;
  nf: number;
  df: number;
  leaves: number;
}

function sumWhere(cube: Cube, inside: (i: number) => boolean): Sums {
  const s: Sums = { v: 0, f: 0, na: 0, da: 0, nf: 0, df: 0, leaves: 0 };
  const r = cube.ratio;
  for (let i = 0; i < cube.n; i++) {
    if (!inside(i)) continue;
    s.v += cube.v[i];
    s.f += cube.f[i];
    if (r) {
      s.na += r.na[i];
      s.da += r.da[i];
      s.nf += r.nf[i];
      s.df += r.df[i];
    }
    if (cube.v[i] !== 0 || cube.f[i] !== 0 || (r && (r.da[i] !== 0 || r.df[i] !== 0))) s.leaves++;
  }
  return s;
}

/** Additive: sums. Ratio: num/den (NaN with no volume), so ratios are never summed. */
function metricValue(cube: Cube, s: Sums, which: 'actual' | 'forecast'): number {
  if (!cube.ratio) return which === 'actual' ? s.v : s.f;
  return which === 'actual' ? s.na / s.da : s.nf / s.df;
}

function describe(cube: Cube, at: readonly { d: number; code: number }[], s: Sums, t: Sums, z: number, m: number): RootCause {
  const dims: Record<string, string> = {};
  for (const { d, code } of at) dims[cube.dimensions[d]] = cube.labels[d][code];
  const actual = metricValue(cube, s, 'actual');
  const forecast = metricValue(cube, s, 'forecast');
  // Ratio: the element's rate effect on the total ratio, over the total ratio change.
  const explanatoryPower = cube.ratio ? (s.v - s.f) / t.da / (t.na / t.da - t.nf / t.df) : (s.v - s.f) / (t.v - t.f);
  return {
    dims: dims as DimValues,
    actual,
    forecast,
    relativeChange: forecast !== 0 && Number.isFinite(forecast) ? actual / forecast - 1 : null,
    explanatoryPower: Number.isFinite(explanatoryPower) ? explanatoryPower : 0,
    leaves: s.leaves,
    confidence: Math.max(0, 1 - Math.min(1, 2 * m * normalUpperTail(Math.abs(z)))),
    z,
  };
}

function coveredBy(cube: Cube, cuboids: readonly Cuboid[], found: readonly Found[], minLeaves: number): Uint8Array {
  const out = new Uint8Array(cube.n);
  for (const { cuboid, element } of found) {
    const ids = cuboids[cuboid].ids;
    const inside: number[] = [];
    for (let i = 0; i < cube.n; i++) if (ids[i] === element && (cube.v[i] !== 0 || cube.f[i] !== 0)) inside.push(i);
    if (inside.length >= minLeaves) for (const i of inside) out[i] = 1;
  }
  return out;
}
