// Hand-built cubes for the drill-down tests: a seeded generator, so every run sees the same data.
import type { AdditiveLeaf, RatioLeaf } from '../../../src/core/drilldown';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
}

/** Standard normal draws (Box-Muller) from a seeded uniform generator. */
export function gauss(u: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

export const DIMS = {
  country: ['US', 'IN', 'DE', 'FR', 'BR', 'JP'],
  platform: ['ios', 'android', 'web'],
  channel: ['organic', 'paid', 'social', 'email'],
};

/** Every combination of the given dimension values. */
export function grid(dims: Record<string, string[]>): Record<string, string>[] {
  let out: Record<string, string>[] = [{}];
  for (const [name, values] of Object.entries(dims)) out = out.flatMap(d => values.map(v => ({ ...d, [name]: v })));
  return out;
}

export type Effect = (dims: Record<string, string>) => number; // multiplier on the actual

/** Additive cube: forecast 50..1050 per leaf, actual = forecast * effect * (1 + noise * N(0,1)). */
export function additiveCube(effect: Effect, noise = 0.02, seed = 7, dims: Record<string, string[]> = DIMS): AdditiveLeaf[] {
  const u = rng(seed);
  const n = gauss(u);
  return grid(dims).map(d => {
    const forecast = 50 + 1000 * u();
    return { dims: d, forecast, actual: forecast * effect(d) * (1 + noise * n()) };
  });
}

/**
 * Ratio cube (stalls / views): views 200..2200, stall rate 2..6%. `volume` scales actual views,
 * `rate` scales the actual stall rate; counts get a little multiplicative noise.
 */
export function ratioCube(volume: Effect, rate: Effect, noise = 0.02, seed = 11, dims: Record<string, string[]> = DIMS): RatioLeaf[] {
  const u = rng(seed);
  const n = gauss(u);
  return grid(dims).map(d => {
    const views = 200 + 2000 * u();
    const stallRate = 0.02 + 0.04 * u();
    const actualViews = views * volume(d) * (1 + noise * n());
    const actualStalls = actualViews * stallRate * rate(d) * (1 + noise * n());
    return { dims: d, forecast: { num: views * stallRate, den: views }, actual: { num: actualStalls, den: actualViews } };
  });
}

export const none: Effect = () => 1;
