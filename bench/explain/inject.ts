// Negatives for the bench: the demo generator injects only effects that have a context cause, so
// "unexplained" would never be the right answer and calibration would learn to never say it. Here
// we add drops and spikes in random slices at random times, away from every injected effect in
// that slice; the right answer for them is "unexplained".
import { DateTime } from 'luxon';
import { createRng, type InjectedEffect } from '../../src/core/demo';
import type { Dataset, Series } from '../../src/core/types';

const HOUR = 3_600_000;

export type BenchEffect = Omit<InjectedEffect, 'kind'> & { readonly kind: InjectedEffect['kind'] | 'unexplained' };

export function injectUnexplained(
  ds: Dataset,
  seed: number,
  effects: readonly InjectedEffect[],
  zone: string,
  conflicts: (e: InjectedEffect, country: string, from: number, to: number) => boolean,
  count = 12,
): { ds: Dataset; added: BenchEffect[] } {
  const rng = createRng((seed * 7919 + 17) >>> 0);
  const countries = [...new Set(ds.series.map(s => s.dims.country).filter((c): c is string => !!c))].sort();
  const platforms = [...new Set(ds.series.map(s => s.dims.platform).filter((p): p is string => !!p))].sort();
  const added: BenchEffect[] = [];
  const series = ds.series.map(s => ({ ...s, values: new Float64Array(s.values) }));
  const first = DateTime.fromMillis(ds.start, { zone }).plus({ days: 8 }).toMillis();
  const last = ds.end - 30 * HOUR;
  for (let tries = 0; added.length < count && tries < 500; tries++) {
    const country = countries[rng.int(0, countries.length - 1)] as string;
    const platform = rng.uniform(0, 1) < 0.4 && platforms.length ? platforms[rng.int(0, platforms.length - 1)] : undefined;
    const from = first + Math.floor(rng.uniform(0, (last - first) / HOUR)) * HOUR;
    const to = from + rng.int(2, 8) * HOUR;
    const slice: Record<string, string> = platform ? { country, platform } : { country };
    const week = (t: number): number => DateTime.fromMillis(t, { zone }).plus({ weeks: 1 }).toMillis();
    // Clear of every injected effect for this country, in this week and as seen from the next one.
    const busy =
      effects.some(e => conflicts(e, country, from - 6 * HOUR, week(to) + 6 * HOUR)) ||
      added.some(a => Date.parse(a.start) < week(to) + 6 * HOUR && Date.parse(a.end) > from - 6 * HOUR);
    if (busy) continue;
    const m = Math.round((rng.uniform(0, 1) < 0.6 ? rng.uniform(0.45, 0.72) : rng.uniform(1.4, 1.8)) * 100) / 100;
    const metrics = rng.uniform(0, 1) < 0.5 ? [] : [ds.metrics[rng.int(0, ds.metrics.length - 1)] as string];
    for (const s of series as Series[]) {
      if (metrics.length && !metrics.includes(s.metric)) continue;
      if (Object.entries(slice).some(([k, v]) => s.dims[k] !== v)) continue;
      for (let t = from; t < to; t += HOUR) {
        const i = Math.round((t - s.start) / s.step);
        if (i >= 0 && i < s.values.length) s.values[i] = Math.round((s.values[i] as number) * m);
      }
    }
    const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');
    added.push({
      id: `unexplained-${added.length}`,
      kind: 'unexplained',
      name: `random ${m < 1 ? 'drop' : 'spike'} x${m}`,
      start: iso(from),
      end: iso(to),
      metrics,
      slice,
      multiplier: m,
    });
  }
  return { ds: { ...ds, series }, added };
}
