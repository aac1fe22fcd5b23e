// The expected value of a bucket that the explainer compares with: the same local wall-clock hour
// 7 calendar days earlier, in the report zone (Luxon keeps the wall clock). The forecast bands are
// not used here; the report's triage compares with them (core/report/forecastBands.ts, triage.ts).
import type { Series } from '../types';
import { weekEarlierIndex } from '../time';

/** Expected value of `series` at bucket `index`; NaN when unknown (before history, or a gap). */
export type Baseline = (series: Series, index: number) => number;

const WEEK = 7 * 86_400_000;

/** Bucket index of the same wall-clock time one week earlier, per bucket of a grid; -1 if none. */
export function weekLagIndex(start: number, step: number, length: number, zone: string): Int32Array {
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) out[i] = weekEarlierIndex({ start, step }, i, zone) ?? -1;
  return out;
}

const lagCache = new Map<string, Int32Array>();

function cachedLag(start: number, step: number, length: number, zone: string): Int32Array {
  const key = `${start}|${step}|${length}|${zone}`;
  let lag = lagCache.get(key);
  if (!lag) {
    if (lagCache.size > 64) lagCache.clear();
    lag = weekLagIndex(start, step, length, zone);
    lagCache.set(key, lag);
  }
  return lag;
}

/** Same hour last week in `zone`. Cheap per call: the lag table is cached per grid and zone. */
export function sameHourLastWeek(zone: string): Baseline {
  return (s, i) => {
    if (s.step >= WEEK) return NaN;
    const lag = cachedLag(s.start, s.step, s.values.length, zone);
    const j = lag[i] ?? -1;
    return j >= 0 ? (s.values[j] as number) : NaN;
  };
}
