// Engines with adversarial numbers: forecastSeries (src/core/forecast) and localize (src/core/drilldown).
import fc from 'fast-check';
import { forecastSeries } from '../../../src/core/forecast';
import { localize, type CubeInput } from '../../../src/core/drilldown';
import { PropertyViolation, type FuzzTarget } from '../types';

const HOUR = 3_600_000;
const adversarial = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 0, max: 1e4, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(0, 1, -1, NaN, 1e308, -1e308, 1.7976931348623157e308, 5e-324, 1e-300, 1e15, 2 ** 53 + 1) },
  { weight: 1, arbitrary: fc.double({ noNaN: false }) },
);

export interface ForecastInput {
  readonly pattern: string;
  readonly n: number;
  readonly values: readonly number[];
  readonly horizon: number;
  readonly zone: string;
  readonly start: number;
  readonly maskEvery: number;
}

const PATTERNS = ['zeros', 'constant', 'random', 'mostlyNaN', 'zeroThenOne', 'huge', 'alternating', 'seasonalPlusNoise'];

export const forecastTarget: FuzzTarget<ForecastInput> = {
  name: 'forecast',
  cost: 4,
  timeoutMs: 15_000,
  arbitrary: () =>
    fc.record({
      pattern: fc.constantFrom(...PATTERNS),
      n: fc.integer({ min: 48, max: 24 * 21 }),
      values: fc.array(adversarial, { minLength: 1, maxLength: 40 }),
      horizon: fc.constantFrom(1, 24, 48),
      zone: fc.constantFrom('UTC', 'America/Los_Angeles', 'Australia/Lord_Howe', 'Asia/Kathmandu'),
      start: fc.constantFrom(Date.UTC(2026, 9, 1), Date.UTC(2026, 2, 1, 3)),
      maskEvery: fc.constantFrom(0, 0, 5, 1),
    }),
  run: inp => {
    const v = new Float64Array(inp.n);
    for (let i = 0; i < inp.n; i++) {
      const a = inp.values[i % inp.values.length];
      v[i] =
        inp.pattern === 'zeros'
          ? 0
          : inp.pattern === 'constant'
            ? inp.values[0]
            : inp.pattern === 'mostlyNaN'
              ? i % 13 === 0
                ? a
                : NaN
              : inp.pattern === 'zeroThenOne'
                ? i < inp.n / 2
                  ? 0
                  : 1
                : inp.pattern === 'huge'
                  ? a * 1e300
                  : inp.pattern === 'alternating'
                    ? i % 2
                      ? a
                      : -a
                    : inp.pattern === 'seasonalPlusNoise'
                      ? 100 * (1 + Math.sin((2 * Math.PI * i) / 24)) + a
                      : a;
    }
    const mask = inp.maskEvery ? Uint8Array.from({ length: inp.n }, (_, i) => (i % inp.maskEvery === 0 ? 1 : 0)) : undefined;
    let fc_;
    try {
      fc_ = forecastSeries(
        { metric: 'm', dims: {}, start: inp.start, step: HOUR, values: v },
        { zone: inp.zone, horizon: inp.horizon, ...(mask ? { mask } : {}) },
      );
    } catch (e) {
      // Documented: too-short series and bad options are plain Errors / RangeErrors with a message;
      // so is "too few in-sample errors" (all masked or non-finite): buildForecastBands turns these
      // into a "No forecast for ..." warning.
      if (e instanceof Error && (e.constructor === Error || e instanceof RangeError) && /too short|must be|need|no finite|not enough|too few/i.test(e.message))
        return [e.message];
      throw e;
    }
    if (fc_.mean.length !== inp.horizon) throw new PropertyViolation(`forecast has ${fc_.mean.length} points, asked for ${inp.horizon}`);
    for (const iv of fc_.intervals) {
      for (let h = 0; h < inp.horizon; h++) {
        if (iv.lower[h] > iv.upper[h]) throw new PropertyViolation(`interval ${iv.level} at h=${h}: lower ${iv.lower[h]} > upper ${iv.upper[h]}`);
      }
    }
    return [];
  },
};

export interface LocalizeInput {
  readonly kind: 'additive' | 'ratio';
  readonly dims: number;
  readonly card: readonly number[];
  readonly nums: readonly number[];
  readonly effect: number;
  readonly mode: string;
  readonly maxLayer?: number;
}

export const localizeTarget: FuzzTarget<LocalizeInput> = {
  name: 'localize',
  cost: 2,
  arbitrary: () =>
    fc.record({
      kind: fc.constantFrom('additive' as const, 'ratio' as const),
      dims: fc.integer({ min: 1, max: 6 }),
      card: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 6, maxLength: 6 }),
      nums: fc.array(adversarial, { minLength: 1, maxLength: 30 }),
      effect: fc.constantFrom(0, 0.5, 2, 0, -1, 1e10),
      mode: fc.constantFrom('plain', 'zeros', 'constant', 'missingForecast', 'negativeDen', 'huge'),
      maxLayer: fc.option(fc.integer({ min: -1, max: 8 }), { nil: undefined }),
    }),
  run: inp => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'].slice(0, inp.dims);
    let leaves: Record<string, string>[] = [{}];
    for (const [k, d] of names.entries()) leaves = leaves.flatMap(l => Array.from({ length: inp.card[k] }, (_, j) => ({ ...l, [d]: `${d}${j}` })));
    leaves = leaves.slice(0, 3000);
    const num = (i: number): number => (inp.mode === 'zeros' ? 0 : inp.mode === 'constant' ? 5 : inp.mode === 'huge' ? 1e308 : inp.nums[i % inp.nums.length]);
    const hit = (d: Record<string, string>): boolean => d.a === 'a0';
    let cube: CubeInput;
    if (inp.kind === 'additive') {
      cube = {
        kind: 'additive',
        leaves: leaves.map((dims, i) => ({
          dims,
          forecast: inp.mode === 'missingForecast' && i % 3 === 0 ? undefined : num(i),
          actual: num(i + 1) * (hit(dims) ? inp.effect : 1),
        })),
      };
    } else {
      cube = {
        kind: 'ratio',
        leaves: leaves.map((dims, i) => ({
          dims,
          forecast: inp.mode === 'missingForecast' && i % 3 === 0 ? undefined : { num: num(i), den: inp.mode === 'negativeDen' ? -1 : Math.abs(num(i + 2)) },
          actual: { num: num(i + 1) * (hit(dims) ? inp.effect : 1), den: Math.abs(num(i + 3)) },
        })),
      };
    }
    let r;
    try {
      r = localize(cube, inp.maxLayer !== undefined ? { maxLayer: inp.maxLayer } : {});
    } catch (e) {
      // Documented: TypeError / RangeError on malformed leaves or options, naming the leaf or option.
      if ((e instanceof TypeError || e instanceof RangeError) && /^(cube|localize)/.test(e.message)) return [e.message];
      throw e;
    }
    for (const rc of r.rootCauses) {
      if (!(rc.confidence >= 0 && rc.confidence <= 1)) throw new PropertyViolation(`root cause ${JSON.stringify(rc.dims)} has confidence ${rc.confidence}`);
      if (!Number.isFinite(rc.explanatoryPower))
        throw new PropertyViolation(`root cause ${JSON.stringify(rc.dims)} has explanatory power ${rc.explanatoryPower}`);
    }
    return [];
  },
};
