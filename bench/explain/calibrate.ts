// Fit the softmax temperature and the "unexplained" score on training seeds: minimise the negative
// log-likelihood of the right answers (any candidate naming a matched cause, or "unexplained").
// The fit itself is core's (src/core/learning/calibration.ts), shared with the weekly review.
import { fitCalibration as fitOutcomes, recalibrate, type CalibrationConstants } from '../../src/core/learning/calibration';
import { isRight } from './match';
import type { Row } from './metrics';

export type Calib = CalibrationConstants;
export { recalibrate };

/** The temperature fitted freely, the "unexplained" score within [-3, 0] (a prior judgement, see core). */
export function fitCalibration(rows: readonly Row[], shipped: Calib): Calib & { nll: number; shippedNll: number } {
  return fitOutcomes(
    rows.map(r => ({ explanations: r.expl, isRight: x => isRight(x, r.matches) })),
    shipped,
  );
}
