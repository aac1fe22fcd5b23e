// Real demo workspaces in temp folders, and the `calibrate` bundle built as scripts/build.mjs builds
// it: shared by the tests that run the command line or the analysis worker on real files.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

export const REPO = join(__dirname, '..', '..', '..');

/** A fresh temp folder, by its real path (macOS and some CI put tmpdir behind a link). */
export function tempDir(prefix: string): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

/** `scripts/gen-demo.ts --seed SEED --out BASE/demo`; returns the workspace and the ground truth file. */
export function generateDemo(base: string, seed: string | number): { workspace: string; groundTruth: string } {
  const gen = spawnSync('npx', ['tsx', 'scripts/gen-demo.ts', '--seed', String(seed), '--out', join(base, 'demo')], { cwd: REPO, encoding: 'utf8' });
  assert.equal(gen.status, 0, gen.stderr);
  return { workspace: join(base, 'demo', 'workspace'), groundTruth: join(base, 'demo', 'ground-truth.json') };
}

/** Copies of `workspace` under `base`, each changed by `edit` (links kept as links). */
export function copier(base: string, workspace: string): (edit: (ws: string) => void) => string {
  let copies = 0;
  return edit => {
    const ws = join(base, `copy${++copies}`);
    cpSync(workspace, ws, { recursive: true, verbatimSymlinks: true });
    edit(ws);
    return ws;
  };
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** BASE/dist/cli.js with dist/icsWorker.js beside it, as the release has them; returns a runner. */
export async function buildCli(base: string): Promise<{ cli: string; run: (args: string[], opts?: { cwd?: string; env?: NodeJS.ProcessEnv }) => Run }> {
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning', absWorkingDir: REPO } as const;
  const cli = join(base, 'dist', 'cli.js');
  await Promise.all([
    esbuild.build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: cli, banner: { js: '#!/usr/bin/env node' } }),
    esbuild.build({ ...common, entryPoints: ['src/context/icsWorker.ts'], outfile: join(base, 'dist', 'icsWorker.js') }),
  ]);
  chmodSync(cli, 0o755);
  // Through its shebang, output piped (not a terminal).
  const run = (args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run => {
    const r = spawnSync(cli, args, { cwd: opts.cwd ?? base, env: opts.env ?? process.env, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  return { cli, run };
}
