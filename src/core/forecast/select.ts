// Per-series choice of what the data supports: which seasonal periods (daily alone, or daily and
// weekly; the default) and, with robust: 'auto' (opt-in), how hard to clip past anomalies. Nothing
// here is a global constant tuned on a benchmark: a candidate is kept only on the series' own evidence
// (a significance test; for the clip, the in-sample rolling-origin error that also chooses the trend),
// and a cheap test or too little data prunes a candidate before it is fitted
// (docs/adr/0019-forecast-model-selection.md).

import type { ErrorModel } from './intervals';
import type { FilterData } from './recursion';
import type { RobustOptions } from './types';

/**
 * Long periods a series must hold to fit and validate a second (long) season: two to start the
 * honest in-sample replay (intervals.ts, honestStart) and one to score its forecasts on.
 */
export const MIN_LONG_SEASONS = 3;

/** One-sided 5% normal quantile of the seasonality test (as in the M4 Naive2 seasonality test). */
const Z95 = 1.645;

export interface WeeklyEvidence {
  /** Autocorrelation of the differences at the short lag, at the long lag and its multiples (pooled). */
  readonly r: number;
  /** Bartlett bound it must exceed. */
  readonly bound: number;
  readonly significant: boolean;
}

/**
 * Is there a long cycle beyond the short one? The short-lag differences z_t = y_t - y_{t-m1} remove
 * the daily pattern and the level; what is left repeats with the long period only if the days of the
 * week differ (Mondays rise the same way every week). Test: autocorrelation of z at lag m2 (pooled
 * with its multiples 2·m2, 3·m2 that the window holds; N = all their pairs) above the
 * one-sided 5% Bartlett bound Z95 / sqrt(N) * sqrt(1 + 2 sum_{k<=m1} r_k^2) (the M4 seasonality
 * test's form, applied to z). The autocorrelations are of the ranks of z (Spearman's), so a past incident,
 * which makes a few huge differences, cannot hide a weekly cycle or fake one. A weather-driven or
 * flat-weekday series fails the test and is not given a weekly season.
 */
export function weeklyEvidence(data: FilterData, n: number, m1: number, m2: number): WeeklyEvidence {
  const { y, skip } = data;
  const idx: number[] = [];
  const z = new Float64Array(n).fill(NaN);
  for (let t = m1; t < n; t++) {
    if (skip[t] || skip[t - m1]) continue;
    const v = y[t] - y[t - m1];
    if (!Number.isFinite(v)) continue;
    z[t] = v;
    idx.push(t);
  }
  const cnt = idx.length;
  if (cnt < 2 * m2) return { r: NaN, bound: NaN, significant: false };
  // Centred average ranks (ties share their mean rank, so a run of equal values adds no signal).
  idx.sort((a, b) => z[a] - z[b]);
  const rank = new Float64Array(n).fill(NaN);
  for (let i = 0; i < cnt;) {
    let j = i;
    while (j + 1 < cnt && z[idx[j + 1]] === z[idx[i]]) j++;
    for (let q = i; q <= j; q++) rank[idx[q]] = (i + j) / 2 - (cnt - 1) / 2;
    i = j + 1;
  }
  let c0 = 0;
  for (const t of idx) c0 += rank[t] * rank[t];
  if (!(c0 > 0)) return { r: NaN, bound: NaN, significant: false };
  // Each lag's products averaged over its own pairs: a gap (a week without data) removes pairs
  // from some lags more than from others and must not bias them towards 0.
  let pairs = 0;
  let prods = 0;
  const acf = (k: number) => {
    let s = 0;
    let c = 0;
    for (let t = k; t < n; t++) {
      const a = rank[t];
      const b = rank[t - k];
      if (Number.isFinite(a) && Number.isFinite(b)) {
        s += a * b;
        c++;
      }
    }
    pairs = c;
    prods = s;
    return c > 0 ? s / c / (c0 / cnt) : 0;
  };
  // Bartlett's sum of squared autocorrelations, each less its sampling variance (about 1/pairs), over
  // lags up to the short period: without a long cycle z is short-memory (its strongest correlation is
  // the one the differencing makes at lag m1), and the lags between m1 and m2 would only count the
  // long cycle's own echoes (Saturday against Monday) against it.
  let ss = 0;
  for (let k = 1; k <= m1; k++) {
    const rk = acf(k);
    if (pairs > 0) ss += rk * rk - 1 / pairs;
  }
  ss = Math.max(0, ss);
  // The long lag and its multiples (one, two, three weeks), pooled: a week without data leaves few
  // pairs one week apart but more two weeks apart.
  let sum = 0;
  let all = 0;
  for (let k = m2; k < n - m1; k += m2) {
    acf(k);
    sum += prods;
    all += pairs;
  }
  if (all < 2) return { r: NaN, bound: NaN, significant: false };
  const r = sum / all / (c0 / cnt);
  const bound = (Z95 / Math.sqrt(all)) * Math.sqrt(1 + 2 * ss);
  return { r, bound, significant: r > bound };
}

/**
 * 'auto': the long period is kept when the data can hold and check it and the weekly-evidence test
 * finds it; 'validate': as 'auto', and then the short period alone is fitted too and the one with the
 * lower validation error kept (measured, not the default: a holiday fortnight at the end of the window
 * makes it drop a weekly cycle that is there, docs/adr/0019); 'fixed': the periods as given.
 */
export type PeriodSelection = 'auto' | 'validate' | 'fixed';

/**
 * The period sets worth fitting, cheapest first. With one period, or with selection off: the periods
 * as given. With two: the short period alone, plus both when the series holds MIN_LONG_SEASONS long
 * periods and passes the weekly-evidence test. `notes` says why a candidate was pruned.
 */
export function periodCandidates(
  data: FilterData,
  n: number,
  periods: readonly number[],
  mode: PeriodSelection,
): { sets: (readonly number[])[]; notes: string[]; evidence?: WeeklyEvidence } {
  if (periods.length < 2 || mode === 'fixed') return { sets: [periods], notes: [] };
  const [m1, m2] = periods;
  const short = [m1];
  if (Math.floor(n / m2) < MIN_LONG_SEASONS)
    return {
      sets: [short],
      notes: [`period ${m2} not fitted: ${n} points hold fewer than ${MIN_LONG_SEASONS} of its seasons, too few to estimate and check it`],
    };
  const evidence = weeklyEvidence(data, n, m1, m2);
  if (!evidence.significant)
    return {
      sets: [short],
      notes: [
        `period ${m2} not fitted: no cycle of that length beyond the ${m1}-step one (autocorrelation at multiples of ${m2} steps ${evidence.r.toFixed(3)} <= ${evidence.bound.toFixed(3)})`,
      ],
      evidence,
    };
  // The test decides; 'validate' also fits the short set and lets the validation error choose.
  return { sets: mode === 'validate' ? [short, periods] : [periods], notes: [], evidence };
}

/**
 * Clip thresholds (in robust standard deviations of the one-step errors, the filter's running scale)
 * tried per series with robust: 'auto' (not the default: measured in ADR 0019, it gained too little): the first fits the structure, the second is refitted from its parameters, and
 * the one with the lower validation error is kept. 2.5 clips incidents (ADR 0006); 5 clips only gross
 * errors (a normal error passes 5 sigma once in about 1.7 million), so a series whose large errors
 * are real moves follows them, while a x10 spike or a drop to zero is still kept out of the state.
 * Not Infinity: with no clip at all a spike at the last hour enters the state in full, which no
 * validation window can see (it has no point after it).
 */
export const CLIP_CANDIDATES: readonly number[] = [2.5, 5];

export function robustFor(k: number, lambda: number): RobustOptions {
  return Number.isFinite(k) ? { k, lambda } : { k: Infinity, lambda: 0 };
}

/**
 * Does `alt` forecast better than `base` by more than chance? Paired over the in-sample origins both
 * scored (same form, same origins): the mean gain must exceed one standard error (the one-standard-
 * error rule of model selection). Origins closer than the horizon share target points, so the
 * standard error counts one independent window per mean horizon of the score, not one per origin.
 */
export function clearlyBetter(base: ErrorModel, alt: ErrorModel, horizon: number): boolean {
  const a = base.originScores;
  const b = alt.originScores;
  let n = 0;
  let sum = 0;
  let sum2 = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = a[i] - b[i];
    if (!Number.isFinite(d)) continue;
    n++;
    sum += d;
    sum2 += d * d;
  }
  if (n < 2) return false;
  const mean = sum / n;
  const sd = Math.sqrt(Math.max(0, (sum2 - n * mean * mean) / (n - 1)));
  // The score weighs horizon h by 1/h, so its mean horizon is H / (1 + 1/2 + ... + 1/H).
  let harmonic = 0;
  for (let h = 1; h <= Math.max(1, horizon); h++) harmonic += 1 / h;
  const windows = Math.max(1, (n * base.stride * harmonic) / Math.max(1, horizon));
  return mean > 0 && mean > sd / Math.sqrt(windows);
}
