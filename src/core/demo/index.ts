// Demo data generator, pure core: same seed, byte-identical workspace files and ground truth.
export { generateDemo, DEFAULT_SEED, CSV_PATH, type DemoOptions, type DemoOutput } from './generate';
export type { Deploy } from './scenario';
export { AS_OF, WINDOW_START, GRID_END, REPORT_ZONE } from './scenario';
export { COUNTRIES, METRICS, PLATFORMS } from './world';
export { createRng, type Rng } from './prng';
export type { GroundTruth, InjectedEffect, InjectedKind } from './groundTruth';
export { EXAMPLE_METRIC } from './investigation';
