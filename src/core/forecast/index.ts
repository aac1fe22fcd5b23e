// Public surface of the forecasting engine.
export { fitHoltWinters, forecastHoltWinters, type Candidate, type HoltWintersModel, type HoltWintersOptions, type HwForecast } from './holtWinters';
export { CLIP_CANDIDATES, type PeriodSelection } from './select';
export { forecastSeries, defaultPeriods, type SeriesForecast, type SeriesForecastOptions } from './series';
export { localPhases, cyclicPhases } from './phases';
export type { HwParams, HwSpec, HwState, RobustOptions, SeasonalForm, TrendForm } from './types';
