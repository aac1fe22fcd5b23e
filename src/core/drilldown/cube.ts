// Input guards and the columnar encoding every other drill-down module works on.
// A ratio metric is turned into an additive view here, once: the actual numerator against the
// numerator expected at the actual volume and the forecast rate (the rate effect of a mix/rate
// decomposition). Leaves of a ratio are never summed as ratios.
import type { CubeInput, Fraction } from './types';

export interface Cube {
  readonly kind: 'additive' | 'ratio';
  readonly dimensions: readonly string[];
  /** Per dimension, code -> value. */
  readonly labels: readonly (readonly string[])[];
  /** Per dimension, per leaf, the value code. */
  readonly codes: readonly Int32Array[];
  readonly n: number;
  /** Additive view used by the search: actual and expected per leaf (0 for skipped leaves). */
  readonly v: Float64Array;
  readonly f: Float64Array;
  /** Raw numerator/denominator columns, ratio only (for reporting ratios). */
  readonly ratio?: { readonly na: Float64Array; readonly da: Float64Array; readonly nf: Float64Array; readonly df: Float64Array };
  readonly skipped: number;
}

const isNum = (x: unknown): x is number => typeof x === 'number';

function checkFraction(x: Fraction, where: string): void {
  if (!x || !isNum(x.num) || !isNum(x.den)) throw new TypeError(`${where}: expected {num, den} numbers`);
  if (x.den < 0) throw new RangeError(`${where}: denominator ${x.den} is negative; a ratio needs a volume >= 0`);
}

/** Validates the input and encodes it. Throws TypeError/RangeError with the leaf index on bad input. */
export function encodeCube(input: CubeInput): Cube {
  if (!input || (input.kind !== 'additive' && input.kind !== 'ratio')) {
    throw new TypeError("cube: expected { kind: 'additive' | 'ratio', leaves }");
  }
  const leaves = input.leaves;
  if (!Array.isArray(leaves)) throw new TypeError('cube: leaves must be an array');
  const n = leaves.length;
  const dimensions = n > 0 ? Object.keys(leaves[0].dims ?? {}) : [];
  if (n > 0 && dimensions.length === 0) throw new TypeError('cube: leaf 0 has no dimensions');
  const maps = dimensions.map(() => new Map<string, number>());
  const labels: string[][] = dimensions.map(() => []);
  const codes = dimensions.map(() => new Int32Array(n));
  const v = new Float64Array(n);
  const f = new Float64Array(n);
  const ratio = input.kind === 'ratio' ? { na: new Float64Array(n), da: new Float64Array(n), nf: new Float64Array(n), df: new Float64Array(n) } : undefined;
  let skipped = 0;
  for (let i = 0; i < n; i++) {
    const leaf = leaves[i];
    const dims = leaf?.dims;
    if (!dims || Object.keys(dims).length !== dimensions.length) {
      throw new TypeError(`cube: leaf ${i} must have exactly the dimensions ${dimensions.join(', ')}`);
    }
    for (let d = 0; d < dimensions.length; d++) {
      const val = dims[dimensions[d]];
      if (typeof val !== 'string') throw new TypeError(`cube: leaf ${i} has no string value for '${dimensions[d]}'`);
      let c = maps[d].get(val);
      if (c === undefined) {
        c = labels[d].length;
        maps[d].set(val, c);
        labels[d].push(val);
      }
      codes[d][i] = c;
    }
    if (ratio) {
      const l = leaf as { actual: Fraction; forecast: Fraction | undefined };
      checkFraction(l.actual, `cube: leaf ${i} actual`);
      if (l.forecast !== undefined) checkFraction(l.forecast, `cube: leaf ${i} forecast`);
      const ok = l.forecast !== undefined && [l.actual.num, l.actual.den, l.forecast.num, l.forecast.den].every(Number.isFinite);
      if (!ok) {
        skipped++;
        continue;
      }
      ratio.na[i] = l.actual.num;
      ratio.da[i] = l.actual.den;
      ratio.nf[i] = l.forecast!.num;
      ratio.df[i] = l.forecast!.den;
    } else {
      const l = leaf as { actual: number; forecast: number | undefined };
      if (!isNum(l.actual) || (l.forecast !== undefined && !isNum(l.forecast))) {
        throw new TypeError(`cube: leaf ${i} actual and forecast must be numbers`);
      }
      if (l.forecast === undefined || !Number.isFinite(l.forecast) || !Number.isFinite(l.actual)) {
        skipped++;
        continue;
      }
      v[i] = l.actual;
      f[i] = l.forecast;
    }
  }
  if (ratio) rateView(ratio, v, f);
  return { kind: input.kind, dimensions, labels, codes, n, v, f, ratio, skipped };
}

/**
 * v = actual numerator, f = actual volume x forecast rate. A leaf with no forecast volume has no
 * forecast rate, so no rate change: it is set to v = f (it still counts in the totals, as mix).
 */
function rateView(r: NonNullable<Cube['ratio']>, v: Float64Array, f: Float64Array): void {
  for (let i = 0; i < v.length; i++) {
    v[i] = r.na[i];
    f[i] = r.df[i] > 0 ? r.da[i] * (r.nf[i] / r.df[i]) : r.na[i];
  }
}
