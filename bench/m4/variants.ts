// Engine options per benchmark variant: the one place a `--variant NAME` becomes options of the
// forecasting engine (src/core/forecast, forecastSeries). 'default' passes nothing, so the run
// measures exactly what the report panel gets. An ablation (say, a selection switched off) adds one
// entry here once the engine exposes the switch; nothing else in the runner changes.

import type { SeriesForecastOptions } from '../../src/core/forecast';

/** What a variant may set: everything but the call's own zone, horizon and window end. */
export type VariantOptions = Omit<SeriesForecastOptions, 'zone' | 'horizon' | 'trainEnd'>;

export const VARIANTS: Readonly<Record<string, VariantOptions>> = {
  default: {},
  // Ablation of ADR 0019 (per-series model selection). 'default' = periods chosen per series, clip k = 2.5.
  'fixed-daily-weekly': { selection: { periodSelection: 'fixed' } }, // before ADR 0019
  'select-clip': { selection: { robust: 'auto' } }, // periods and clip threshold both chosen per series
  'select-clip-only': { selection: { periodSelection: 'fixed', robust: 'auto' } }, // clip threshold only
  'validate-periods': { selection: { periodSelection: 'validate' } }, // periods also by validation error
  'no-clip': { selection: { robust: false } }, // periods chosen, no clipping at all
};

/** The engine options of a variant; throws, naming the known ones, for an unknown name. */
export function variantOptions(name: string): VariantOptions {
  if (!Object.hasOwn(VARIANTS, name)) throw new Error(`Unknown variant "${name}"; known: ${Object.keys(VARIANTS).join(', ')}.`);
  return VARIANTS[name];
}

/** The model name in the output files: `calibrate`, or `calibrate_<variant>` so a variant never overwrites the default's files. */
export function modelName(variant: string): string {
  return variant === 'default' ? 'calibrate' : `calibrate_${variant}`;
}
