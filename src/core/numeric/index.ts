// Numeric helpers shared by the forecaster, the drill-down and the explainer: one copy each,
// tested against R (test/unit/numeric/).
export { median, mad, quantile, quantiles, quantileSorted } from './quantile';
export { erfc, normalUpperTail, normalUpperQuantile } from './normal';
