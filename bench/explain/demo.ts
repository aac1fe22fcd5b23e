// The generated demo as both parts of the bench read it (the engine part in run.ts, the product part
// in product.ts): the report zone, each country's zone, which injected effects leave a trace, and
// the generator's releases as `git tag` lists them in the demo workspace.
// Imports src/core/demo, hence date-holidays: run.ts loads this module only after its cold timings.
import { COUNTRIES, REPORT_ZONE, type DemoOutput } from '../../src/core/demo';
import type { Deploy } from '../../src/core/context/types';
import type { BenchEffect } from './inject';
import { observable, relativeShift } from './match';

/** The demo's report zone (its report.yaml's `timezone`). */
export const ZONE = REPORT_ZONE;

export const zoneOf = (country: string): string | undefined => COUNTRIES.find(c => c.code === country)?.zone;

export const isObservable = (e: BenchEffect): boolean => observable(e, ZONE, zoneOf);

/** Did `country`'s clock move against the report zone's across this DST effect? */
export const shifted = (e: BenchEffect, country: string): boolean => relativeShift(e, country, ZONE, zoneOf);

/**
 * The releases as the product reads them from the demo's git history (scripts/gen-demo.ts makes one
 * annotated tag per release, dated at the release, with the release message as its subject).
 */
export function demoDeploys(demo: Pick<DemoOutput, 'deploys'>): Deploy[] {
  return demo.deploys.map(d => ({ ref: d.tag, at: Date.parse(d.at), message: d.message, kind: 'tag' as const }));
}
