// One M4 series forecast the way the report panel forecasts a metric: forecastSeries (the engine's
// entry point that src/core/report/forecastBands.ts calls) on a regular hourly grid in a report
// zone, with the engine's defaults for everything else (training window, seasonal periods, levels).
// Any engine change therefore shows up here. M4 timestamps are nominal (1970-01-01T00:00Z + i h):
// the zone is UTC and hour-of-day or weekday mean nothing beyond position.
// Not applied: the panel's band floor (forecastBands.ts, at least 0.5% of the level), a display
// floor for noiseless histories, not part of the forecast.

import { forecastSeries } from '../../src/core/forecast';
import type { BenchForecast } from '../forecast/model';
import type { VariantOptions } from './variants';

export const HOUR = 3_600_000;

/** The same shape as the shared benchmark's forecast: the mean, the 80% and 95% bounds, the chosen form (for the timings file). */
export type M4Forecast = BenchForecast;

/** Forecasts `horizon` hours after the training values `train` (first at the nominal epoch). */
export function calibrateM4(id: string, train: Float64Array, horizon: number, options: VariantOptions): M4Forecast {
  const fc = forecastSeries({ metric: id, dims: {}, start: 0, step: HOUR, values: train }, { ...options, zone: 'UTC', horizon, levels: [0.8, 0.95] });
  const band = (level: number) => {
    const b = fc.intervals.find(i => i.level === level);
    if (!b) throw new Error(`The engine returned no ${level * 100}% interval.`);
    return b;
  };
  const i80 = band(0.8);
  const i95 = band(0.95);
  const { spec } = fc.model.form;
  const window = fc.model.n;
  return {
    mean: fc.mean,
    lo80: i80.lower,
    hi80: i80.upper,
    lo95: i95.lower,
    hi95: i95.upper,
    spec: `${spec.seasonal} trend=${spec.trend} periods=${spec.periods.join('/')} ar=${spec.ar} n=${window}`,
  };
}
