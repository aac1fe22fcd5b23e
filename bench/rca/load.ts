// Reads benchmark case files (gzipped CSV). Never reads label files: that is score.ts's job alone.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CubeInput } from '../../src/core/drilldown';

export interface CaseRef {
  readonly dataset: string;
  readonly folder: string; // '.' for flat datasets
  readonly name: string; // file stem, the label key
  readonly files: readonly string[]; // one file, or numerator + denominator for a ratio
}

interface Table {
  dims: string[];
  rows: string[][];
  real: number;
  predict: number;
}

function readTable(path: string): Table {
  const text = (path.endsWith('.gz') ? gunzipSync(readFileSync(path)) : readFileSync(path)).toString('utf8');
  const lines = text.split(/\r?\n/).filter(l => l.length > 0);
  const header = lines[0].split(',');
  const real = header.indexOf('real');
  const predict = header.indexOf('predict');
  if (real < 0 || predict < 0) throw new Error(`${path}: no real/predict columns`);
  const dims = header.filter((_, i) => i !== real && i !== predict);
  return { dims, rows: lines.slice(1).map(l => l.split(',')), real, predict };
}

function dimsOf(t: Table, row: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  let k = 0;
  row.forEach((cell, i) => {
    if (i !== t.real && i !== t.predict) out[t.dims[k++]] = cell;
  });
  return out;
}

/** All cases of one dataset folder: B0 has one sub-folder per setting; the others are flat. */
export function listCases(root: string, dataset: string): CaseRef[] {
  const dir = join(root, dataset);
  const folders = readdirSync(dir)
    .filter(f => statSync(join(dir, f)).isDirectory())
    .sort();
  const out: CaseRef[] = [];
  for (const folder of folders.length ? folders : ['.']) {
    const files = readdirSync(join(dir, folder))
      .filter(f => /\.csv(\.gz)?$/.test(f) && !f.startsWith('injection_info'))
      .sort();
    const stems = new Map<string, string[]>();
    for (const f of files) {
      const m = /^(.*?)(\.[ab])?\.csv(\.gz)?$/.exec(f)!;
      stems.set(m[1], [...(stems.get(m[1]) ?? []), join(dir, folder, f)]);
    }
    for (const [name, paths] of stems) out.push({ dataset, folder, name, files: paths.sort() });
  }
  return out;
}

/** Loads one case as the localizer's input; two files (x.a, x.b) make a ratio a/b. */
export function loadCase(c: CaseRef): CubeInput {
  if (c.files.length === 1) {
    const t = readTable(c.files[0]);
    return { kind: 'additive', leaves: t.rows.map(r => ({ dims: dimsOf(t, r), actual: +r[t.real], forecast: +r[t.predict] })) };
  }
  const [a, b] = c.files.map(readTable);
  const den = new Map<string, string[]>();
  for (const r of b.rows) den.set(JSON.stringify(dimsOf(b, r)), r);
  return {
    kind: 'ratio',
    leaves: a.rows.map(r => {
      const dims = dimsOf(a, r);
      const rb = den.get(JSON.stringify(dims));
      if (!rb) throw new Error(`${c.files[1]}: no denominator row for ${JSON.stringify(dims)}`);
      return { dims, actual: { num: +r[a.real], den: +rb[b.real] }, forecast: { num: +r[a.predict], den: +rb[b.predict] } };
    }),
  };
}
