// Public entry points on plain arrays: fit a (double-)seasonal Holt-Winters model, choosing the
// form by an in-sample rolling-origin holdout, and forecast with intervals at any level.

import { fitForm, DEFAULT_ROBUST, STARTS, type FittedForm } from './fit';
import { endShift, type EndShift } from './endShift';
import { cloneState, seasonLevels } from './init';
import { buildErrorModel, honestStart, intervalAt, mixtureIntervalAt, type ErrorModel } from './intervals';
import { extendPhases, forecastPath } from './predict';
import { cyclicPhases } from './phases';
import { runFilter, type FilterData } from './recursion';
import { CLIP_CANDIDATES, clearlyBetter, periodCandidates, robustFor, type PeriodSelection } from './select';
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
  /**
   * Clipping of outlying errors while fitting; false turns it off, 'auto' chooses the threshold per
   * series among `clipCandidates` by the validation error (lambda 0.02; opt-in, measured in ADR 0019:
   * not the default). @default { k: 2.5, lambda: 0.02 }
   */
  readonly robust?: RobustOptions | false | 'auto';
  /** Thresholds 'auto' tries, the first fitting the structure. @default CLIP_CANDIDATES (select.ts) */
  readonly clipCandidates?: readonly number[];
  /**
   * With two periods, 'auto' drops the long one when the data cannot hold it or shows no cycle of
   * that length (select.ts); 'validate' also compares both by validation error; 'fixed' fits them as given.
   * @default 'auto'
   */
  readonly periodSelection?: PeriodSelection;
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

/** A fitted form with its AICc, holdout error (NaN for the short screening fits) and clip threshold. */
export interface Candidate {
  readonly spec: HwSpec;
  readonly aicc: number;
  readonly holdoutMae: number;
  readonly k: number;
}

export interface HoltWintersModel {
  readonly form: FittedForm;
  /** Every form fitted, with its AICc and holdout error (NaN for the short screening fits); `notes` says why any was skipped. */
  readonly candidates: readonly Candidate[];
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

function checkInputs(y: Float64Array, o: HoltWintersOptions, selectPeriods: boolean): void {
  const p = o.periods;
  if (p.length < 1 || p.length > 2) throw new Error(`Expected one or two seasonal periods, got ${p.length}.`);
  for (const m of p) if (!Number.isInteger(m) || m < 2) throw new Error(`Seasonal period must be an integer >= 2, got ${m}.`);
  if (p.length === 2 && p[1] % p[0] !== 0) throw new Error(`The second period (${p[1]}) must be a multiple of the first (${p[0]}).`);
  // With period selection a series too short for the long period is fitted with the short one alone.
  const m = selectPeriods ? p[0] : p[p.length - 1];
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
  const mode: PeriodSelection = opts.init === undefined ? (opts.periodSelection ?? 'auto') : 'fixed';
  const selectPeriods = mode !== 'fixed' && opts.periods.length === 2;
  checkInputs(y, opts, selectPeriods);
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
  const ph1 = opts.phases?.[0] ?? cyclicPhases(n, periods[0]);
  const ph2 = periods.length === 2 ? (opts.phases?.[1] ?? cyclicPhases(n, periods[1])) : new Int32Array(ph1.length);
  const noWeek = new Int32Array(ph1.length);
  const dataFor = (set: readonly number[]): FilterData => ({ y, skip, ph1, ph2: set.length === 2 ? ph2 : noWeek });
  const notes: string[] = [];
  // Which periods the data supports (select.ts): pruned by data length and a cheap test first.
  const plan = periodCandidates(dataFor(periods), n, periods, mode);
  notes.push(...plan.notes);
  const longest = Math.max(...plan.sets.map(s => s[s.length - 1]));
  const shortest = Math.min(...plan.sets.map(s => s[s.length - 1]));
  if (usable < shortest) throw new Error(`Only ${usable} usable points; need at least one full season.`);
  const clips = clipCandidates(opts);
  let robust = robustFor(clips[0], opts.robust && opts.robust !== 'auto' ? opts.robust.lambda : DEFAULT_ROBUST.lambda);

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
    const lv = seasonLevels({ y, skip, ph1: new Int32Array(0), ph2: new Int32Array(0) }, n, longest);
    if (lv.length >= 7 && monotone(lv)) trends.push('additive');
  }
  const H = Math.max(1, opts.maxHorizon ?? longest);
  const burn = Math.min(periods[0], Math.floor(n / 4)) + (opts.start ?? 0);
  const candidates: Candidate[] = [];
  let best: { form: FittedForm; errors: ErrorModel; data: FilterData } | undefined;
  const fitOpts = () => ({ robust, fixed: opts.fixed, init: opts.init, start: opts.start });
  const specOf = (set: readonly number[], seasonal: SeasonalForm, trend: TrendForm): HwSpec => ({ seasonal, trend, periods: [...set], ar: opts.ar ?? true });
  // Stage 1: screen the seasonal forms with a short search (one start, no polish) by AICc, on the
  // fullest period set (the form is a property of the series, not of its periods).
  const sets = [...plan.sets].reverse();
  const first = dataFor(sets[0]);
  let screen: FittedForm | undefined;
  if (seasonals.length > 1)
    for (const seasonal of seasonals) {
      const f = fitForm(first, n, specOf(sets[0], seasonal, trends[0]), { ...fitOpts(), starts: [STARTS[0]], polish: false, evalsPerParam: 25 });
      candidates.push({ spec: f.spec, aicc: f.aicc, holdoutMae: NaN, k: robust.k }); // screening fit
      if (!screen || f.aicc < screen.aicc) screen = f;
    }
  const winner = screen?.spec.seasonal ?? seasonals[0];
  // Stage 2: the full search (two starts and a polish) for each period set (one set, unless
  // periodSelection is 'validate'), the next one warm-started from the previous; the sets are compared by their h-step errors over the same validation origins
  // (those the longest set can score honestly), the shorter set winning ties.
  const validFrom =
    plan.sets.length > 1
      ? Math.max(...plan.sets.map(s => honestStart(n, { spec: specOf(s, winner, 'none'), fromGivenInit: opts.init !== undefined }, burn).from))
      : 0;
  let prev: HwParams | undefined = screen?.params;
  for (const set of sets) {
    const data = dataFor(set);
    const starts = prev ? [prev, STARTS[1]] : undefined;
    const form = fitForm(data, n, specOf(set, winner, trends[0]), { ...fitOpts(), starts });
    const errors = buildErrorModel(data, n, form, H, robust, burn, validFrom);
    candidates.push({ spec: form.spec, aicc: form.aicc, holdoutMae: errors.validMae, k: robust.k });
    if (!best || errors.validMae <= best.errors.validMae) best = { form, errors, data };
    prev = form.params;
  }
  const data = best!.data;
  // Stage 3: the trend forms, warm-started where stage 2 ended plus a mild trend, chosen by holdout.
  // The in-sample rolling-origin h-step error (honest origins, up to the horizon asked for) judges what
  // a trend does to multi-step forecasts, which the one-step AICc cannot.
  const warm: Partial<HwParams>[] = [{ ...best!.form.params, beta: 0.01, phi: 0.95 }];
  const chosenSet = best!.form.spec.periods;
  for (const trend of trends.slice(1)) {
    const form = fitForm(data, n, specOf(chosenSet, winner, trend), { ...fitOpts(), starts: warm, evalsPerParam: 25 });
    const errors = buildErrorModel(data, n, form, H, robust, burn);
    candidates.push({ spec: form.spec, aicc: form.aicc, holdoutMae: errors.mae, k: robust.k });
    if (better(errors.mae, form.aicc, best!.errors.mae, best!.form.aicc)) best = { form, errors, data };
  }
  // Stage 4: the clip threshold, refitted from the chosen parameters (short search) and kept if its
  // validation error is lower: past anomalies are clipped only where clipping forecasts better.
  // The first threshold stays unless another is clearly better (select.ts, clearlyBetter).
  const base = best!;
  for (const k of clips.slice(1)) {
    const r = robustFor(k, robust.lambda);
    const form = fitForm(data, n, base.form.spec, { ...fitOpts(), robust: r, starts: [base.form.params], polish: false, evalsPerParam: 15 });
    const errors = buildErrorModel(data, n, form, H, r, burn);
    candidates.push({ spec: form.spec, aicc: form.aicc, holdoutMae: errors.mae, k });
    if (clearlyBetter(best!.errors, errors, H)) {
      best = { form, errors, data };
      robust = r;
    }
  }
  const { form, errors } = best!;
  const fitted = new Float64Array(n).fill(NaN);
  const st = cloneState(form.init);
  const clipped = new Int8Array(n);
  const mult = form.spec.seasonal === 'multiplicative';
  runFilter(data, opts.start ?? 0, n, mult, form.params, st, robust.k, robust.lambda, { fitted, clipped });
  // An outlier or a level shift at the very end: keep both hypotheses (endShift.ts).
  const shift = Number.isFinite(robust.k) ? endShift(data, n, opts.start ?? 0, form, robust, clipped) : undefined;
  return { form, candidates, notes, n, data, robust, errors, fitted, shift };
}

/** Clip thresholds to try: the given one alone, none, or the per-series candidates. */
function clipCandidates(opts: HoltWintersOptions): readonly number[] {
  if (opts.robust === false) return [Infinity];
  if (opts.robust === 'auto') return opts.clipCandidates ?? CLIP_CANDIDATES;
  return [(opts.robust ?? DEFAULT_ROBUST).k];
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
