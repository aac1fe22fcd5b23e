// Growth-rate benchmark: how time grows with input size, per family, each measurement in its own
// process under a hard timeout. See README.md for the protocol.
//   npm run bench:growth [-- --root <code root>] [--label after] [--timeout 60] [--only explainEvents,icsEvents]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const HERE = __dirname;
const REPO = path.resolve(HERE, '../..');
const OUT = path.join(REPO, 'bench/out/growth');

export const FAMILIES: { name: string; unit: string; sizes: number[] }[] = [
  { name: 'explainEvents', unit: 'events', sizes: [100, 400, 1600] },
  { name: 'explainEventsDense', unit: 'events', sizes: [100, 400, 1600] },
  { name: 'explainRecurring', unit: 'events', sizes: [100, 400, 1600] },
  { name: 'icsEvents', unit: 'VEVENTs', sizes: [1000, 4000, 16000] },
  { name: 'drillConstantCols', unit: 'extra columns', sizes: [4, 8, 16, 24] },
  { name: 'drillVaryingCols', unit: 'extra columns', sizes: [4, 8, 16, 24] },
  { name: 'csvHeaderMB', unit: 'MB', sizes: [1, 4, 16] },
  { name: 'csvRecordMB', unit: 'MB', sizes: [1, 4, 16] },
  { name: 'csvQuotedMB', unit: 'MB', sizes: [1, 4, 16] },
  { name: 'csvRecordKB', unit: 'KB', sizes: [64, 256, 1000] },
  { name: 'csvQuotedKB', unit: 'KB', sizes: [64, 256, 1000] },
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface Point {
  size: number;
  ms: number | null;
  timedOut: boolean;
  error?: string;
  refused?: string;
}

function measure(root: string, family: string, size: number, timeoutS: number): Promise<Point> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--max-old-space-size=2048', path.join(HERE, 'measure.ts'), root, family, String(size)], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (err += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutS * 1000);
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      if (timedOut) return resolve({ size, ms: null, timedOut: true });
      try {
        const r = JSON.parse(out.trim().split('\n').pop() ?? '') as { ms?: number; error?: string; refused?: string };
        resolve({ size, ms: r.ms ?? null, timedOut: false, ...(r.error ? { error: r.error } : {}), ...(r.refused ? { refused: r.refused } : {}) });
      } catch {
        resolve({ size, ms: null, timedOut: false, error: `exit ${code ?? sig}: ${err.trim().split('\n').slice(-3).join(' ').slice(0, 300)}` });
      }
    });
  });
}

const fmt = (p: Point, timeoutS: number): string =>
  p.timedOut
    ? `> ${timeoutS} s`
    : p.ms === null
      ? `error`
      : `${p.ms >= 1000 ? `${(p.ms / 1000).toFixed(2)} s` : `${p.ms.toFixed(1)} ms`}${p.refused ? ' (refused)' : ''}`;

/** log(t2/t1)/log(n2/n1) between successive sizes; a timeout gives a lower bound (">"). */
function exponents(ps: Point[], timeoutS: number): string[] {
  const out: string[] = [];
  for (let i = 1; i < ps.length; i++) {
    const [a, b] = [ps[i - 1], ps[i]];
    if (a.ms === null) {
      out.push('–');
      continue;
    }
    const t2 = b.ms ?? (b.timedOut ? timeoutS * 1000 : null);
    if (t2 === null) {
      out.push('–');
      continue;
    }
    const k = Math.log(t2 / Math.max(a.ms, 0.01)) / Math.log(b.size / a.size);
    out.push(`${b.ms === null ? '>' : ''}${k.toFixed(2)}`);
  }
  return out;
}

async function main(): Promise<void> {
  const root = path.resolve(arg('root') ?? REPO);
  const label = arg('label') ?? (root === REPO ? 'current' : path.basename(root));
  const timeoutS = Number(arg('timeout') ?? 60);
  const only = arg('only')?.split(',');
  console.log(`growth benchmark: code root ${root} (label "${label}"), timeout ${timeoutS} s per measurement`);
  const results: Record<string, { unit: string; points: Point[]; exponents: string[] }> = {};
  for (const f of FAMILIES.filter(x => !only || only.includes(x.name))) {
    const points: Point[] = [];
    for (const n of f.sizes) {
      // After a timeout a bigger size would time out too: skip it, recorded as a timeout.
      const p = points.some(q => q.timedOut) ? { size: n, ms: null, timedOut: true } : await measure(root, f.name, n, timeoutS);
      points.push(p);
      if (p.error) console.log(`  ${f.name} ${n}: ${p.error}`);
    }
    const ex = exponents(points, timeoutS);
    const base = points[0].ms;
    results[f.name] = { unit: f.unit, points, exponents: ex };
    console.log(`${f.name.padEnd(18)} ${points.map(p => `${p.size} ${f.unit}: ${fmt(p, timeoutS)}`).join(' | ')}`);
    console.log(
      `${''.padEnd(18)} exponent ${ex.join(', ')}; ratio to smallest ${points.map(p => (base && p.ms !== null ? `${(p.ms / base).toFixed(1)}x` : p.timedOut ? `>${base ? ((timeoutS * 1000) / base).toFixed(0) : '?'}x` : '–')).join(', ')}`,
    );
  }
  fs.mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, 'summary.json');
  const prev = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const mine = {
    root,
    timeoutS,
    at: new Date().toISOString(),
    families: { ...((prev[label] as { families?: object } | undefined)?.families ?? {}), ...results },
  };
  fs.writeFileSync(file, JSON.stringify({ ...prev, [label]: mine }, null, 2));
  console.log(`wrote ${path.relative(REPO, file)} (label "${label}")`);
}

void main();
