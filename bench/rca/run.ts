// npm run bench:rca [-- --data DIR] [--only B0,S] [--out DIR] [--alpha A] [--set k=v,k=v] [--scale]
// Localizes every case, writes bench/out/rca/<dataset>.jsonl and prints F1/precision/recall and
// timing beside the reference results. Same settings for every dataset (the library defaults).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { localize } from '../../src/core/drilldown';
import { listCases, loadCase } from './load';
import { f1, pct, precision, readReferences, recall, scoreDataset } from './score';
import { scaleCheck } from './scale';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const root = resolve(arg('data') ?? process.env.CALIBRATE_RCA_DATA ?? '../shared/bench/rca');
const outDir = resolve(arg('out') ?? 'bench/out/rca');
const datasets = (arg('only') ?? 'B0,S,L,RS').split(',');
// Sensitivity runs only: the defaults are what every dataset gets.
const alpha = arg('alpha') !== undefined ? Number(arg('alpha')) : undefined;
const tuning = Object.fromEntries(
  (arg('set') ?? '')
    .split(',')
    .filter(Boolean)
    .map(kv => [kv.split('=')[0], Number(kv.split('=')[1])]),
);
mkdirSync(outDir, { recursive: true });

const fmt = (x: number, d = 3): string => (Number.isFinite(x) ? x.toFixed(d) : '-');
const rows: string[][] = [['dataset', 'n', 'F1', 'P', 'R', 'med ms', 'p95 ms', 'ref', 'ref F1', 'F1 ratio', 'ref cpu ms', 'time ratio']];
console.log(
  `data: ${root}  (cores ${cpus().length}, load ${loadavg()
    .map(l => l.toFixed(2))
    .join(' ')})`,
);

for (const dataset of datasets) {
  const cases = listCases(root, dataset);
  const preds = new Map<string, string>();
  const lines: string[] = [];
  const times: number[] = [];
  for (const c of cases) {
    const input = loadCase(c);
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const res = localize(input, { alpha, tuning });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpuUsed = process.cpuUsage(cpu0);
    const cpu = (cpuUsed.user + cpuUsed.system) / 1e6;
    const pred = res.rootCauses
      .map(rc =>
        Object.entries(rc.dims)
          .map(([k, v]) => `${k}=${v}`)
          .sort()
          .join('&'),
      )
      .join(';');
    preds.set(`${c.folder}\0${c.name}`, pred);
    times.push(cpu);
    lines.push(JSON.stringify({ dataset, folder: c.folder, case: c.name, pred, wall_s: +wall.toFixed(4), cpu_s: +cpu.toFixed(4), rows: input.leaves.length }));
  }
  writeFileSync(join(outDir, `${dataset}.jsonl`), lines.join('\n') + '\n');
  const folders = [...new Set(cases.map(c => c.folder))];
  const counts = scoreDataset(root, dataset, folders, preds);
  times.sort((a, b) => a - b);
  const med = pct(times, 0.5) * 1000;
  const refs = readReferences(root, dataset, folders);
  const best = refs.reduce<(typeof refs)[number] | undefined>((b, r) => (!b || f1(r.counts) > f1(b.counts) ? r : b), undefined);
  const riskloc = refs.find(r => r.method === 'riskloc');
  const refCpu = (riskloc?.medianCpuS ?? NaN) * 1000;
  rows.push([
    dataset,
    String(counts.n),
    fmt(f1(counts)),
    fmt(precision(counts)),
    fmt(recall(counts)),
    fmt(med, 1),
    fmt(pct(times, 0.95) * 1000, 1),
    best?.method ?? '-',
    fmt(best ? f1(best.counts) : NaN),
    fmt(best ? f1(counts) / f1(best.counts) : NaN, 2),
    fmt(refCpu, 0),
    fmt(med / refCpu, 3),
  ]);
}
const widths = rows[0].map((_, j) => Math.max(...rows.map(r => r[j].length)));
for (const r of rows) console.log(r.map((c, j) => c.padStart(widths[j])).join('  '));
console.log('times are CPU time of localize() per case (parsing excluded); ref cpu = RiskLoc median CPU s/case from reference/');

if (!arg('only') || process.argv.includes('--scale')) {
  const s = scaleCheck();
  console.log(
    `scale: ${s.leaves} leaves x 5 dims localized in ${s.wallMs.toFixed(0)} ms wall, ${s.cpuMs.toFixed(0)} ms CPU (target < 1000 ms); found ${s.found || 'nothing'} (injected b=b3&d=d7)`,
  );
}
