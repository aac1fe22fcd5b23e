// Scoring, ported from ../shared/bench/rca/score.mjs (the papers' protocol): per case an exact
// match of canonicalized root-cause sets gives TP/FP/FN; per dataset micro-F1 over all cases.
// This is the only module that reads label files; the localizer never sees them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseCounts, causeSet, f1, precision, recall, type Counts } from '../../src/core/drilldown/setScore';

// The protocol itself lives in core (src/core/drilldown/setScore.ts): the drills score a slice with it too.
export { f1, precision, recall, type Counts };
export const toSet = causeSet;

/** Labels of one folder: case stem -> set of canonical root causes. */
export function readLabels(root: string, dataset: string, folder: string): Map<string, Set<string>> {
  const text = readFileSync(join(root, dataset, folder, 'injection_info.csv'), 'utf8');
  const lines = text.split(/\r?\n/).filter(l => l.length > 0);
  const header = lines[0].split(',');
  const ts = header.indexOf('timestamp');
  const set = header.indexOf('set');
  const out = new Map<string, Set<string>>();
  for (const l of lines.slice(1)) {
    const cells = l.split(',');
    out.set(cells[ts], toSet(cells[set]));
  }
  return out;
}

/** Scores predictions (key folder\0case -> pred string) against every labelled case of a dataset. */
export function scoreDataset(root: string, dataset: string, folders: readonly string[], preds: Map<string, string>): Counts {
  const c: Counts = { n: 0, tp: 0, fp: 0, fn: 0 };
  for (const folder of folders) {
    for (const [name, truth] of readLabels(root, dataset, folder)) {
      const one = caseCounts(truth, toSet(preds.get(`${folder}\0${name}`))); // missing prediction = all false negatives
      c.n++;
      c.tp += one.tp;
      c.fp += one.fp;
      c.fn += one.fn;
    }
  }
  return c;
}

export interface Reference {
  method: string;
  counts: Counts;
  medianCpuS: number;
}

/** Reference results (reference/<method>-<dataset>.jsonl), re-scored with the same protocol. */
export function readReferences(root: string, dataset: string, folders: readonly string[]): Reference[] {
  const dir = join(root, 'reference');
  const out: Reference[] = [];
  for (const method of ['riskloc', 'robustspot', 'adt']) {
    let text: string;
    try {
      text = readFileSync(join(dir, `${method}-${dataset}.jsonl`), 'utf8');
    } catch {
      continue;
    }
    const preds = new Map<string, string>();
    const cpu: number[] = [];
    for (const line of text.split('\n').filter(Boolean)) {
      const r = JSON.parse(line) as { folder: string; case: string; pred: string; cpu_s?: number };
      preds.set(`${r.folder || '.'}\0${r.case}`, r.pred);
      if (typeof r.cpu_s === 'number') cpu.push(r.cpu_s);
    }
    cpu.sort((a, b) => a - b);
    out.push({ method, counts: scoreDataset(root, dataset, folders, preds), medianCpuS: pct(cpu, 0.5) });
  }
  return out;
}

/** Percentile of an ascending-sorted array (linear interpolation); NaN when empty. */
export function pct(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
