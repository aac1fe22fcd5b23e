// Fit the softmax temperature and the "unexplained" score on training seeds: minimise the negative
// log-likelihood of the right answers (any candidate naming a matched cause, or "unexplained").
import { toConfidences } from '../../src/core/context/explain';
import type { Explanation } from '../../src/core/context/types';
import { isRight } from './match';
import type { Row } from './metrics';

export interface Calib {
  readonly temperature: number;
  readonly unexplainedScore: number;
}

/** Re-score with other calibration constants (the unexplained score is an additive offset). */
export function recalibrate(expl: readonly Explanation[], from: Calib, to: Calib): Explanation[] {
  const cands = expl.map(({ confidence: _c, ...c }) => ({
    ...c,
    score: c.kind === 'unexplained' ? c.score - from.unexplainedScore + to.unexplainedScore : c.score,
  }));
  return toConfidences(cands, to.temperature);
}

function nll(rows: readonly Row[], from: Calib, to: Calib): number {
  let s = 0;
  for (const r of rows) {
    const ex = recalibrate(r.expl, from, to);
    const p = ex.filter(x => isRight(x, r.matches)).reduce((a, x) => a + x.confidence, 0);
    s -= Math.log(Math.max(p, 1e-6));
  }
  return s / Math.max(1, rows.length);
}

/**
 * The generated world has few anomalies without a cause, and fewer that sit next to a tempting
 * wrong one, so the data alone would push "unexplained" down without limit. Its score is kept
 * within [-3, 0], a prior judgement; the temperature is fitted freely.
 */
export function fitCalibration(rows: readonly Row[], shipped: Calib): Calib & { nll: number; shippedNll: number } {
  let best = { temperature: shipped.temperature, unexplainedScore: shipped.unexplainedScore, nll: Infinity };
  for (let t = 0.5; t <= 6.001; t += 0.25) {
    for (let u = -3; u <= 0.001; u += 0.5) {
      const v = nll(rows, shipped, { temperature: t, unexplainedScore: u });
      if (v < best.nll) best = { temperature: t, unexplainedScore: u, nll: v };
    }
  }
  const r = (x: number): number => Math.round(x * 1000) / 1000;
  return { ...best, nll: r(best.nll), shippedNll: r(nll(rows, shipped, shipped)) };
}
