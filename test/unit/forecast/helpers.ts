// Deterministic synthetic series for the forecaster tests.

/** Park-Miller LCG in (0, 1): reproducible noise without a dependency. */
export function rng(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** Standard normal by Box-Muller. */
export function gauss(u: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** Hourly traffic: level * daily shape * weekday factor + AR(1) noise (phi 0.6, sd `sd`). */
export function hourlyTraffic(n: number, seed: number, sd = 3, level = 100): Float64Array {
  const g = gauss(rng(seed));
  const y = new Float64Array(n);
  let e = 0;
  for (let t = 0; t < n; t++) {
    const hour = t % 24;
    const day = Math.floor(t / 24) % 7;
    const daily = 1 + 0.5 * Math.sin((2 * Math.PI * (hour - 6)) / 24);
    const weekly = day >= 5 ? 0.8 : 1;
    e = 0.6 * e + sd * g();
    y[t] = level * daily * weekly + e;
  }
  return y;
}
