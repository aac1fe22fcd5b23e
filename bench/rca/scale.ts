// Scale check: a 100,000-leaf cube over 5 dimensions (10 values each) with one injected root cause.
import { localize, type AdditiveLeaf } from '../../src/core/drilldown';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

export function scaleCheck(): { leaves: number; cpuMs: number; wallMs: number; found: string } {
  const u = rng(42);
  const leaves: AdditiveLeaf[] = [];
  const v = (d: string, k: number): string => `${d}${k}`;
  for (let i = 0; i < 100_000; i++) {
    const k = [i % 10, Math.floor(i / 10) % 10, Math.floor(i / 100) % 10, Math.floor(i / 1000) % 10, Math.floor(i / 10000)];
    const dims = { a: v('a', k[0]), b: v('b', k[1]), c: v('c', k[2]), d: v('d', k[3]), e: v('e', k[4]) };
    const forecast = u() < 0.2 ? 0 : 100 * -Math.log(u()); // sparse, heavy-tailed sizes
    const noise = 1 + 0.05 * (u() + u() + u() - 1.5);
    const effect = k[1] === 3 && k[3] === 7 ? 0.6 : 1; // root cause b=b3 & d=d7
    leaves.push({ dims, forecast, actual: forecast * noise * effect });
  }
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = localize({ kind: 'additive', leaves });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(cpu0);
  const found = r.rootCauses
    .map(rc =>
      Object.entries(rc.dims)
        .map(([a, b]) => `${a}=${b}`)
        .join('&'),
    )
    .join(';');
  return { leaves: leaves.length, cpuMs: (c.user + c.system) / 1000, wallMs, found };
}
