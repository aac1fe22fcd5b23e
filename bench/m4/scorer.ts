// Running the folder's own scorer (scripts/30_score.py) on our forecasts file. It needs Python 3
// with numpy; when either is missing the forecasts are still on disk, and we say how to score them.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SCORER = join('scripts', '30_score.py');

/** The benchmark folder: --data, then CALIBRATE_M4_BENCH, then ../shared/bench/m4-hourly from the repo root or the working directory. */
export function findBenchRoot(explicit: string | undefined, repoRoot: string): string {
  const candidates = explicit
    ? [resolve(explicit)]
    : [process.env.CALIBRATE_M4_BENCH, join(repoRoot, '..', 'shared', 'bench', 'm4-hourly'), resolve('..', 'shared', 'bench', 'm4-hourly')]
        .filter((c): c is string => !!c)
        .map(c => resolve(c));
  const found = candidates.find(c => existsSync(join(c, 'protocol.json')) && existsSync(join(c, SCORER)));
  if (!found)
    throw new Error(`No M4 hourly benchmark folder (protocol.json and ${SCORER}) at: ${candidates.join(', ')}. Pass --data <dir> or set CALIBRATE_M4_BENCH.`);
  return found;
}

export type ScorerResult = { ok: true; stdout: string } | { ok: false; why: string };

/** Runs `python3 scripts/30_score.py <forecasts> --no-write` in the benchmark folder. */
export function runScorer(root: string, forecastsFile: string): ScorerResult {
  const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  if (probe.error) return { ok: false, why: `python3 is not available (${probe.error.message})` };
  if (probe.status !== 0) return { ok: false, why: `python3 has no numpy (${probe.stderr.trim().split('\n').pop()}); install python3-numpy` };
  const run = spawnSync('python3', [SCORER, resolve(forecastsFile), '--no-write'], { cwd: root, encoding: 'utf8', maxBuffer: 16 << 20 });
  if (run.error || run.status !== 0) return { ok: false, why: `the scorer failed (exit ${run.status}): ${(run.stderr || run.error?.message || '').trim()}` };
  return { ok: true, stdout: run.stdout };
}

/** What to tell the user when the scorer could not run. */
export function howToScore(root: string, forecastsFile: string): string {
  return `To score them: cd ${root} && python3 ${SCORER} ${resolve(forecastsFile)} --no-write`;
}
