// The calibrate model as the benchmark calls it: the same entry points the panel uses
// (fitHoltWinters + forecastHoltWinters with wall-clock phases), default settings, no per-dataset
// or per-origin tuning. Only the training window is passed in.

import { fitHoltWinters, forecastHoltWinters } from '../../src/core/forecast/holtWinters';
import { localPhases } from '../../src/core/forecast/phases';

export interface BenchForecast {
  readonly mean: Float64Array;
  readonly lo80: Float64Array;
  readonly hi80: Float64Array;
  readonly lo95: Float64Array;
  readonly hi95: Float64Array;
  readonly spec: string;
}

/**
 * Fits on y (the training window, first point at UTC ms `start`, regular `step` ms or monthly when
 * step is NaN) and forecasts H steps. The bench timestamps are wall-clock values marked Z, so the
 * report zone is UTC here.
 */
export function calibrateForecast(y: Float64Array, start: number, step: number, periods: number[], H: number): BenchForecast {
  const phases = Number.isFinite(step) ? localPhases(start, step, y.length + H, periods, 'UTC') : undefined;
  const model = fitHoltWinters(y, { periods, phases, maxHorizon: H });
  const fc = forecastHoltWinters(model, H, [0.8, 0.95]);
  const [i80, i95] = fc.intervals;
  const { spec, params: p } = model.form;
  const desc =
    `${spec.seasonal} trend=${spec.trend} periods=${spec.periods.join('/')} ar=${spec.ar} ` +
    `alpha=${p.alpha.toPrecision(4)} beta=${p.beta.toPrecision(4)} gamma=${p.gamma.toPrecision(4)} omega=${p.omega.toPrecision(4)} phi=${p.phi.toPrecision(4)} rho=${p.rho.toPrecision(4)} evals=${model.form.evals}`;
  return { mean: fc.mean, lo80: i80.lower, hi80: i80.upper, lo95: i95.lower, hi95: i95.upper, spec: desc };
}
