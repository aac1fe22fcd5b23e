// npm run bench:forecast [-- --data <dir>] [--datasets a,b] [--out <dir>]
// Runs the shared rolling-origin protocol with the calibrate model, writes forecasts and timings in
// the protocol's format, scores them with the reference formulas and prints the comparison.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadProtocol, loadSeries, type ForecastTable } from './protocol';
import { calibrateForecast } from './model';
import { printReport } from './report';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const root = resolve(arg('data') ?? process.env.CALIBRATE_FORECAST_BENCH ?? '../shared/bench/forecast');
const out = resolve(arg('out') ?? 'bench/out/forecast');
const only = arg('datasets')?.split(',');
mkdirSync(join(out, 'forecasts'), { recursive: true });
mkdirSync(join(out, 'timings'), { recursive: true });

const fmt = (v: number) => (Number.isFinite(v) ? String(v) : 'NA');
const results: { name: string; table: ForecastTable; wall: number[] }[] = [];
for (const p of loadProtocol(root)) {
  if (only && !only.includes(p.name)) continue;
  const s = loadSeries(root, p);
  const H = Math.max(...p.horizons);
  const L = p.train_len;
  // Monthly data (airpassengers) has no fixed step in ms: phases are cyclic then.
  const step = p.name === 'airpassengers' ? NaN : s.t[1] - s.t[0];
  const fRows = ['"dataset","model","origin","step","mean","lo80","hi80","lo95","hi95"'];
  const tRows = ['"dataset","model","origin","wall_s","cpu_s","status","spec"'];
  const table: ForecastTable = new Map();
  const wall: number[] = [];
  for (const o of p.origins) {
    const y = s.y.slice(o - L, o); // the training window only: nothing of the test window is visible
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    let status = 'ok';
    let spec = '';
    let fc;
    try {
      fc = calibrateForecast(y, s.t[o - L], step, p.periods, H);
      spec = fc.spec;
    } catch (e) {
      status = `error: ${(e as Error).message.replace(/[\r\n,"]+/g, ' ')}`;
    }
    const w = (performance.now() - w0) / 1000;
    const cu = process.cpuUsage(c0);
    const cpu = (cu.user + cu.system) / 1e6;
    wall.push(w);
    const nan = new Float64Array(H).fill(NaN);
    const f = fc ?? { mean: nan, lo80: nan, hi80: nan, lo95: nan, hi95: nan };
    table.set(o, f);
    for (let h = 0; h < H; h++)
      fRows.push(`"${p.name}","calibrate",${o},${h + 1},${fmt(f.mean[h])},${fmt(f.lo80[h])},${fmt(f.hi80[h])},${fmt(f.lo95[h])},${fmt(f.hi95[h])}`);
    tRows.push(`"${p.name}","calibrate",${o},${w.toFixed(5)},${cpu.toFixed(5)},"${status}","${spec}"`);
  }
  writeFileSync(join(out, 'forecasts', `${p.name}__calibrate.csv`), fRows.join('\n') + '\n');
  writeFileSync(join(out, 'timings', `${p.name}__calibrate.csv`), tRows.join('\n') + '\n');
  results.push({ name: p.name, table, wall });
}
printReport(
  root,
  out,
  results.map(r => r.name),
);
