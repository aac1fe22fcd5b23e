// How well the explainer's stated confidences match how often its first explanation was right:
// reliability bins, expected calibration error (ECE) and Brier score, overall and per cause kind;
// and the re-fit of the explainer's two calibration constants (ADR 0008) to a set of outcomes.
// One implementation for the product (the weekly calibration review, issue 16) and the explanation
// benchmark (bench/explain), so both report the same numbers on the same data. Pure.
import { CALIBRATION, toConfidences } from '../context/explain';
import type { Explanation } from '../context/types';

/** One answered case: the confidence the top explanation stated, and whether it named the cause. */
export interface Outcome {
  readonly confidence: number;
  readonly right: boolean;
}

export interface ReliabilityBin {
  /** "0.7-0.8": the stated confidence's tenth. */
  readonly bin: string;
  readonly n: number;
  /** Mean stated confidence of the bin's cases, and the share of them that were right (3 decimals). */
  readonly confidence: number;
  readonly accuracy: number;
}

export interface CalibrationFigures {
  /** Cases behind every figure. */
  readonly n: number;
  /** Expected calibration error over 10 equal-width bins: the case-weighted gap between confidence and accuracy. */
  readonly ece: number;
  /** Mean squared gap between the stated confidence and 1 (right) or 0 (wrong). */
  readonly brier: number;
  readonly accuracy: number;
  readonly meanConfidence: number;
  /** The non-empty bins, lowest first. */
  readonly reliability: readonly ReliabilityBin[];
}

/** a / b to 3 decimals, or null when there is nothing to divide by. */
export const ratio = (a: number, b: number): number | null => (b ? Math.round((a / b) * 1000) / 1000 : null);
const r3 = (v: number): number => Math.round(v * 1000) / 1000;

/** ECE (10 equal-width bins) and Brier score of the top-1 confidence. With no case, every figure is 0 and n is 0. */
export function calibrationOf(outcomes: readonly Outcome[]): CalibrationFigures {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, ok: 0 }));
  let brier = 0;
  let ok = 0;
  let conf = 0;
  for (const o of outcomes) {
    const right = o.right ? 1 : 0;
    const b = bins[Math.min(9, Math.floor(o.confidence * 10))] as { n: number; conf: number; ok: number };
    b.n++;
    b.conf += o.confidence;
    b.ok += right;
    brier += (o.confidence - right) ** 2;
    ok += right;
    conf += o.confidence;
  }
  const n = outcomes.length || 1;
  const ece = bins.reduce((s, b) => s + (b.n ? (b.n / n) * Math.abs(b.conf / b.n - b.ok / b.n) : 0), 0);
  const reliability = bins
    .map((b, i) => ({ bin: `${i / 10}-${(i + 1) / 10}`, n: b.n, confidence: b.n ? r3(b.conf / b.n) : 0, accuracy: b.n ? r3(b.ok / b.n) : 0 }))
    .filter(b => b.n);
  return { n: outcomes.length, ece: r3(ece), brier: r3(brier / n), accuracy: r3(ok / n), meanConfidence: r3(conf / n), reliability };
}

/** The same figures for each cause kind, kinds in name order. */
export function calibrationByKind(outcomes: readonly (Outcome & { readonly kind: string })[]): { kind: string; figures: CalibrationFigures }[] {
  const by = new Map<string, Outcome[]>();
  for (const o of outcomes) by.set(o.kind, [...(by.get(o.kind) ?? []), o]);
  return [...by.keys()].sort().map(kind => ({ kind, figures: calibrationOf(by.get(kind)!) }));
}

// ---- re-fitting the explainer's constants ---------------------------------------------------------

/** The explainer's calibration constants (src/core/context/explain.ts CALIBRATION, ADR 0008). */
export interface CalibrationConstants {
  readonly temperature: number;
  readonly unexplainedScore: number;
}

export const SHIPPED_CALIBRATION: CalibrationConstants = CALIBRATION;

/** Re-score explanations made with `from` as if made with `to` (the unexplained score is an additive offset). */
export function recalibrate(expl: readonly Explanation[], from: CalibrationConstants, to: CalibrationConstants): Explanation[] {
  const cands = expl.map(({ confidence: _c, ...c }) => ({
    ...c,
    score: c.kind === 'unexplained' ? c.score - from.unexplainedScore + to.unexplainedScore : c.score,
  }));
  return toConfidences(cands, to.temperature);
}

/** One case to fit on: its explanations (made with the constants in use) and which of them were right. */
export interface FitCase {
  readonly explanations: readonly Explanation[];
  readonly isRight: (x: Explanation) => boolean;
}

/** Mean negative log-likelihood of the right answers under `to`. */
export function negLogLikelihood(cases: readonly FitCase[], from: CalibrationConstants, to: CalibrationConstants): number {
  let s = 0;
  for (const c of cases) {
    const ex = recalibrate(c.explanations, from, to);
    const p = ex.filter(x => c.isRight(x)).reduce((a, x) => a + x.confidence, 0);
    s -= Math.log(Math.max(p, 1e-6));
  }
  return s / Math.max(1, cases.length);
}

/**
 * Minimise the negative log-likelihood of the right answers over a grid: the temperature in
 * [0.5, 6] by 0.25, freely; the "unexplained" score within [-3, 0] by 0.5, a prior judgement
 * (data with few uncaused anomalies would push it down without limit; see bench/explain/README.md).
 */
export function fitCalibration(
  cases: readonly FitCase[],
  shipped: CalibrationConstants,
): CalibrationConstants & { readonly nll: number; readonly shippedNll: number } {
  let best = { temperature: shipped.temperature, unexplainedScore: shipped.unexplainedScore, nll: Infinity };
  for (let t = 0.5; t <= 6.001; t += 0.25) {
    for (let u = -3; u <= 0.001; u += 0.5) {
      const v = negLogLikelihood(cases, shipped, { temperature: t, unexplainedScore: u });
      if (v < best.nll) best = { temperature: t, unexplainedScore: u, nll: v };
    }
  }
  return { ...best, nll: r3(best.nll), shippedNll: r3(negLogLikelihood(cases, shipped, shipped)) };
}
