// Public entry points on plain arrays: fit a (double-)seasonal Holt-Winters model, choosing the
// form by an in-sample rolling-origin holdout, and forecast with intervals at any level.

import { fitForm, DEFAULT_ROBUST, STARTS, type FittedForm } from './fit';
import { endShift, type EndShift } from './endShift';
import { cloneState, seasonLevels } from './init';
import { buildErrorModel, intervalAt, mixtureIntervalAt, type ErrorModel } from './intervals';
import { extendPhases, forecastPath } from './predict';
import { cyclicPhases } from './phases';
import { runFilter, type FilterData } from './recursion';
import type { HwParams, HwSpec, HwState, RobustOptions, SeasonalForm, TrendForm } from './types';

export interface HoltWintersOptions {
  /** One or two seasonal periods in steps, shorter first, e.g. [24, 168]. */
  readonly periods: readonly number[];
  /** @default 'auto' (additive and, for positive series, multiplicative; chosen by AICc) */
  readonly seasonal?: SeasonalForm | 'auto';
  /** @default 'auto' (none or damped, by AICc) */
  readonly trend?: TrendForm | 'auto';
  /** AR(1) adjustment of the errors. @default true */
  readonly ar?: boolean;
  /** Clipping of outlying errors while fitting; false turns it off. @default { k: 2.5, lambda: 0.02 } */
  readonly robust?: RobustOptions | false;
  /** 1 = exclude this point from fitting (e.g. a known holiday); it is treated like a missing value. */
  readonly mask?: Uint8Array;
  /** Seasonal positions per period (e.g. from localPhases); may run past the data to cover the forecast. Default: cyclic. */
  readonly phases?: readonly Int32Array[];
  /** Parameters held fixed instead of estimated. */
  readonly fixed?: Partial<HwParams>;
  /** A given initial state, and the first point to filter from (R's HoltWinters starts after one season). */
  readonly init?: HwState;
  readonly start?: number;
  /** Longest horizon the error model (intervals) must cover. @default the longest period */
  readonly maxHorizon?: number;
}

export interface HoltWintersModel {
  readonly form: FittedForm;
  /** Every form fitted, with its AICc and holdout error (NaN for the short screening fits); `notes` says why any was skipped. */
  readonly candidates: readonly { readonly spec: HwSpec; readonly aicc: number; readonly holdoutMae: number }[];
  readonly notes: readonly string[];
  readonly n: number;
  readonly data: FilterData;
  readonly robust: RobustOptions;
  readonly errors: ErrorModel;
  /** One-step forecasts of the training points (NaN before `start`). */
  readonly fitted: Float64Array;
  /** The level-shift alternative when the window ends in clipped errors (see endShift.ts). */
  readonly shift?: EndShift;
}

export interface HwForecast {
  readonly mean: Float64Array;
  readonly intervals: readonly { readonly level: number; readonly lower: Float64Array; readonly upper: Float64Array }[];
}

function checkInputs(y: Float64Array, o: HoltWintersOptions): void {
  const p = o.periods;
  if (p.length < 1 || p.length > 2) throw new Error(`Expected one or two seasonal periods, got ${p.length}.`);
  for (const m of p) if (!Number.isInteger(m) || m < 2) throw new Error(`Seasonal period must be an integer >= 2, got ${m}.`);
  if (p.length === 2 && p[1] % p[0] !== 0) throw new Error(`The second period (${p[1]}) must be a multiple of the first (${p[0]}).`);
  const m = p[p.length - 1];
  if (y.length < 2 * m) throw new Error(`Series too short: ${y.length} points, need at least two full seasons (${2 * m}).`);
  if (o.mask && o.mask.length < y.length) throw new Error(`Mask has ${o.mask.length} entries for ${y.length} points.`);
}

function monotone(v: Float64Array): boolean {
  let up = true;
  let down = true;
  for (let i = 1; i < v.length; i++) {
    if (!(v[i] > v[i - 1])) up = false;
    if (!(v[i] < v[i - 1])) down = false;
  }
  return up || down;
}

/** Lower holdout error wins; AICc decides when the holdout score is missing or tied. */
function better(mae: number, aicc: number, bestMae: number, bestAicc: number): boolean {
  if (Number.isFinite(mae) && Number.isFinite(bestMae) && mae !== bestMae) return mae < bestMae;
  if (Number.isFinite(mae) !== Number.isFinite(bestMae)) return Number.isFinite(mae);
  return aicc < bestAicc;
}

export function fitHoltWinters(y: Float64Array, opts: HoltWintersOptions): HoltWintersModel {
  checkInputs(y, opts);
  const n = y.length;
  const periods = opts.periods;
  const skip = new Uint8Array(n);
  let positive = true;
  let usable = 0;
  for (let t = 0; t < n; t++) {
    if (!Number.isFinite(y[t]) || (opts.mask && opts.mask[t])) skip[t] = 1;
    else {
      usable++;
      if (y[t] <= 0) positive = false;
    }
  }
  if (usable < periods[periods.length - 1]) throw new Error(`Only ${usable} usable points; need at least one full season.`);
  const ph1 = opts.phases?.[0] ?? cyclicPhases(n, periods[0]);
  const ph2 = periods.length === 2 ? (opts.phases?.[1] ?? cyclicPhases(n, periods[1])) : new Int32Array(ph1.length);
  const data: FilterData = { y, skip, ph1, ph2 };
  const robust = opts.robust === false ? { k: Infinity, lambda: 0 } : (opts.robust ?? DEFAULT_ROBUST);
  const notes: string[] = [];

  let seasonals: SeasonalForm[] = opts.seasonal && opts.seasonal !== 'auto' ? [opts.seasonal] : ['additive', 'multiplicative'];
  if (!positive && seasonals.includes('multiplicative')) {
    if (opts.seasonal === 'multiplicative')
      throw new Error('Multiplicative seasonality needs a strictly positive series; this one has zeros or negative values. Use seasonal: "additive".');
    seasonals = ['additive'];
    notes.push('multiplicative forms skipped: the series has values <= 0');
  }
  const trends: TrendForm[] = opts.trend && opts.trend !== 'auto' ? [opts.trend] : ['none', 'damped'];
  // An undamped trend is credible only if every season's level moved the same way as the one
  // before, and there are enough seasons for that to be evidence: a two-sided sign test on K-1
  // differences, 2 * 0.5^(K-1) < 0.05, needs K >= 7. Then it is tried as well (e.g. yearly growth).
  if (!opts.trend || opts.trend === 'auto') {
    const lv = seasonLevels({ y, skip, ph1: new Int32Array(0), ph2: new Int32Array(0) }, n, periods[periods.length - 1]);
    if (lv.length >= 7 && monotone(lv)) trends.push('additive');
  }
  const H = Math.max(1, opts.maxHorizon ?? periods[periods.length - 1]);
  const burn = Math.min(periods[0], Math.floor(n / 4)) + (opts.start ?? 0);
  const candidates: { spec: HwSpec; aicc: number; holdoutMae: number }[] = [];
  let best: { form: FittedForm; errors: ErrorModel } | undefined;
  const fitOpts = { robust, fixed: opts.fixed, init: opts.init, start: opts.start };
  const consider = (form: FittedForm, byHoldout: boolean) => {
    const errors = buildErrorModel(data, n, form, H, robust, burn);
    candidates.push({ spec: form.spec, aicc: form.aicc, holdoutMae: errors.mae });
    // Holdout choice: the in-sample rolling-origin h-step error (honest origins, up to the horizon
    // asked for) judges what a trend does to multi-step forecasts, which the one-step AICc cannot.
    if (!best || (byHoldout ? better(errors.mae, form.aicc, best.errors.mae, best.form.aicc) : form.aicc < best.form.aicc)) best = { form, errors };
  };
  const specOf = (seasonal: SeasonalForm, trend: TrendForm): HwSpec => ({ seasonal, trend, periods: [...periods], ar: opts.ar ?? true });
  // Stage 1: screen the seasonal forms with a short search (one start, no polish) by AICc.
  let screen: FittedForm | undefined;
  if (seasonals.length > 1)
    for (const seasonal of seasonals) {
      const f = fitForm(data, n, specOf(seasonal, trends[0]), { ...fitOpts, starts: [STARTS[0]], polish: false, evalsPerParam: 25 });
      candidates.push({ spec: f.spec, aicc: f.aicc, holdoutMae: NaN }); // screening fit
      if (!screen || f.aicc < screen.aicc) screen = f;
    }
  // Stage 2: the full search (two starts and a polish) for the winning seasonal form.
  const winner = screen?.spec.seasonal ?? seasonals[0];
  const starts = screen ? [screen.params, STARTS[1]] : undefined;
  consider(fitForm(data, n, specOf(winner, trends[0]), { ...fitOpts, starts }), false);
  // Stage 3: the trend forms, warm-started where stage 2 ended plus a mild trend, chosen by holdout.
  const warm: Partial<HwParams>[] = [{ ...best!.form.params, beta: 0.01, phi: 0.95 }];
  for (const trend of trends.slice(1)) consider(fitForm(data, n, specOf(winner, trend), { ...fitOpts, starts: warm, evalsPerParam: 25 }), true);
  const { form, errors } = best!;
  const fitted = new Float64Array(n).fill(NaN);
  const st = cloneState(form.init);
  const clipped = new Int8Array(n);
  const mult = form.spec.seasonal === 'multiplicative';
  runFilter(data, opts.start ?? 0, n, mult, form.params, st, robust.k, robust.lambda, { fitted, clipped });
  // An outlier or a level shift at the very end: keep both hypotheses (endShift.ts).
  const shift = endShift(data, n, opts.start ?? 0, form, robust, clipped);
  return { form, candidates, notes, n, data, robust, errors, fitted, shift };
}

/** Forecasts `H` steps after the training data, with intervals at each of `levels` (e.g. [0.8, 0.95]). */
export function forecastHoltWinters(model: HoltWintersModel, H: number, levels: readonly number[] = [0.8, 0.95]): HwForecast {
  if (!Number.isInteger(H) || H < 1) throw new Error(`Horizon must be a positive integer, got ${H}.`);
  const { form, data, n } = model;
  const periods = form.spec.periods;
  const ph1 = extendPhases(data.ph1, periods[0], n + H);
  const ph2 = periods.length === 2 ? extendPhases(data.ph2, periods[1], n + H) : new Int32Array(n + H);
  const mean = new Float64Array(H);
  forecastPath(form.state, form.spec, form.params, ph1, ph2, n, H, mean);
  const sh = model.shift;
  if (sh) {
    // Outlier vs level shift at the end: weighted mean of the two paths, mixture intervals.
    const alt = new Float64Array(H);
    forecastPath(sh.state, form.spec, form.params, ph1, ph2, n, H, alt);
    const out = mean.slice();
    for (let h = 0; h < H; h++) mean[h] = (1 - sh.weight) * out[h] + sh.weight * alt[h];
    return { mean, intervals: levels.map(level => ({ level, ...mixtureIntervalAt(model.errors, out, alt, sh.weight, level) })) };
  }
  return { mean, intervals: levels.map(level => ({ level, ...intervalAt(model.errors, mean, level) })) };
}
