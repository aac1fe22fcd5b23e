// Scores calibrate and every reference model on the same origins and prints the comparison table,
// the speed ratios and the acceptance targets of issue #3. Also writes results.md to the out dir.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { uptime, loadavg } from 'node:os';
import { loadProtocol, loadSeries, readForecasts, readMedianCpu, referenceModels } from './protocol';
import { score, type Score } from './metrics';

const MAIN = ['taylor', 'nyc_taxi_hourly', 'nyc_taxi_30min'];
const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '-');

function medianOf(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

function ourTimes(out: string, ds: string): { wall: number; cpu: number } {
  const rows = readFileSync(join(out, 'timings', `${ds}__calibrate.csv`), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  const c = rows.map(r => r.split(','));
  return { wall: medianOf(c.map(x => Number(x[3]))), cpu: medianOf(c.map(x => Number(x[4]))) };
}

/**
 * The reference with the lowest MASE among those scored on at least one origin. A reference that
 * failed on every origin has no score (MASE NaN): it is skipped, never named the best with "-".
 * Undefined when no reference was scored.
 */
export function bestReference<T extends { readonly s: Pick<Score, 'MASE' | 'nOk'> }>(refs: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const r of refs) if (r.s.nOk > 0 && Number.isFinite(r.s.MASE) && (!best || r.s.MASE < best.s.MASE)) best = r;
  return best;
}

export function printReport(root: string, out: string, datasets: string[]): void {
  const lines: string[] = [];
  const say = (s: string) => (console.log(s), lines.push(s));
  const fails: string[] = [];
  say(`# calibrate forecast bench (protocol: ${root})`);
  say(
    `load average ${loadavg()
      .map(v => v.toFixed(2))
      .join(' ')} (uptime ${Math.round(uptime())} s); times are per origin, fit + forecast + intervals`,
  );
  say('');
  say('| dataset | h | ok/origins | MASE | sMAPE | cov80 | cov95 | MSIS95 | median ms (cpu/wall) | best reference: MASE (ratio) | snaive MASE (ratio) |');
  say('|---|---|---|---|---|---|---|---|---|---|---|');
  const speed: string[] = [];
  for (const p of loadProtocol(root)) {
    if (!datasets.includes(p.name)) continue;
    const { y } = loadSeries(root, p);
    const H = Math.max(...p.horizons);
    const ours = readForecasts(join(out, 'forecasts', `${p.name}__calibrate.csv`), H);
    const refs = referenceModels(root, p.name).map(m => ({
      m,
      table: readForecasts(join(root, 'reference-forecasts', 'forecasts', `${p.name}__${m}.csv`), H),
    }));
    const t = ourTimes(out, p.name);
    for (const h of p.horizons) {
      const s = score(y, p, ours, h);
      const rs = refs.map(r => ({ m: r.m, s: score(y, p, r.table, h) }));
      const best = bestReference(rs);
      const sn = rs.find(r => r.m === 'snaive' && r.s.nOk > 0);
      say(
        `| ${p.name} | ${h} | ${s.nOk}/${p.origins.length} | ${f3(s.MASE)} | ${s.sMAPE.toFixed(2)} | ${f3(s.cov80)} | ${f3(s.cov95)} | ${s.MSIS95.toFixed(2)} | ` +
          `${(t.cpu * 1000).toFixed(1)} / ${(t.wall * 1000).toFixed(1)} | ${best ? `${best.m}: ${f3(best.s.MASE)} (${f3(s.MASE / best.s.MASE)})` : 'none scored'} | ` +
          `${sn ? `${f3(sn.s.MASE)} (${f3(s.MASE / sn.s.MASE)})` : '-'} |`,
      );
      if (best) checkTargets(p.name, h, s, best.s, fails);
      else fails.push(`${p.name} h=${h}: no reference model produced a forecast on any origin: nothing to compare with`);
      if (s.nOk < p.origins.length) fails.push(`${p.name} h=${h}: only ${s.nOk} of ${p.origins.length} origins produced a forecast`);
    }
    const hwAdd = readMedianCpu(join(root, 'reference-forecasts', 'timings', `${p.name}__hw_add.csv`));
    const hwMult = readMedianCpu(join(root, 'reference-forecasts', 'timings', `${p.name}__hw_mult.csv`));
    const tbats = readMedianCpu(join(root, 'reference-forecasts', 'timings', `${p.name}__tbats.csv`));
    const dshw = readMedianCpu(join(root, 'reference-forecasts', 'timings', `${p.name}__dshw_multistart.csv`));
    speed.push(
      `| ${p.name} | ${(t.cpu * 1000).toFixed(1)} | ${f3(hwAdd / t.cpu)} / ${f3(hwMult / t.cpu)} | ${f3(tbats / t.cpu)} | ${Number.isFinite(dshw) ? f3(dshw / t.cpu) : '-'} |`,
    );
    const limit = p.name === 'nyc_taxi_hourly' ? 0.05 : p.name === 'taylor' || p.name === 'nyc_taxi_30min' ? 0.25 : Infinity;
    if (t.cpu > limit) fails.push(`${p.name}: median ${Math.round(t.cpu * 1000)} ms > ${limit * 1000} ms`);
    if (MAIN.includes(p.name) && (hwAdd / t.cpu < 10 || hwMult / t.cpu < 10 || tbats / t.cpu < 100))
      fails.push(`${p.name}: speed ratio below 10x HoltWinters / 100x tbats`);
  }
  say('');
  say('Speed (median CPU per origin; reference CPU from reference-forecasts/timings, measured on another run):');
  say('| dataset | calibrate ms | x faster than R HoltWinters add / mult | x faster than tbats | x faster than dshw_multistart |');
  say('|---|---|---|---|---|');
  speed.forEach(say);
  say('');
  say(fails.length ? `Targets NOT met:\n- ${fails.join('\n- ')}` : 'All targets met.');
  writeFileSync(join(out, 'results.md'), lines.join('\n') + '\n');
}

function checkTargets(ds: string, h: number, s: Score, best: Score, fails: string[]): void {
  if (MAIN.includes(ds)) {
    if (!(s.MASE < best.MASE)) fails.push(`${ds} h=${h}: MASE ${f3(s.MASE)} not below best reference ${f3(best.MASE)}`);
    if (!(s.cov95 >= 0.92 && s.cov95 <= 0.98)) fails.push(`${ds} h=${h}: cov95 ${f3(s.cov95)} outside [0.92, 0.98]`);
    if (!(s.cov80 >= 0.75 && s.cov80 <= 0.85)) fails.push(`${ds} h=${h}: cov80 ${f3(s.cov80)} outside [0.75, 0.85]`);
  } else if (!(s.MASE <= best.MASE)) fails.push(`${ds} h=${h}: MASE ${f3(s.MASE)} worse than best reference ${f3(best.MASE)}`);
}
