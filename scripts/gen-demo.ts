// Writes the demo workspace (a real git repo with release tags) and its ground truth.
// Usage: npx tsx scripts/gen-demo.ts [--seed N] [--out DIR] [--force]
//   <out>/workspace/        data/metrics.csv, .calibrate/{report,events}.yaml, README.md, git history
//   <out>/ground-truth.json what was injected (outside the workspace, so drill learners can't see it)
// Idempotent: the same seed's untouched output is left alone; a workspace with user changes is
// never overwritten unless --force.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_SEED, generateDemo, type DemoOutput } from '../src/core/demo';
import { withFrozenExample } from '../src/workspace/demoExample';

const run = promisify(execFile);
const MARKER = '.calibrate/demo-seed';
const GENERATOR = 'calibrate-demo/1';
// The extension's per-user presence files must not count as user changes.
const GITIGNORE = '.calibrate/presence/\n';
// Ignore the user's global hooks and signing so the history is the same on every machine.
const GIT_FLAGS = ['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false'];

interface Marker {
  generator: string;
  seed: number;
  output: string;
  files: Record<string, string>;
  tags: string[];
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function parseArgs(argv: string[]): { seed: number; out: string; force: boolean } {
  let seed = DEFAULT_SEED;
  let out = 'demo';
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seed') {
      const v = argv[++i];
      if (v === undefined || !/^\d+$/.test(v) || Number(v) > 0xffffffff) usage(`--seed needs an integer 0..4294967295, got ${JSON.stringify(v)}`);
      seed = Number(v);
    } else if (a === '--out') {
      out = argv[++i] ?? usage('--out needs a directory');
    } else if (a === '--force') force = true;
    else if (a === '--help' || a === '-h') usage();
    else usage(`unknown argument ${JSON.stringify(a)}`);
  }
  return { seed, out, force };
}

function usage(problem?: string): never {
  if (problem) console.error(`gen-demo: ${problem}`);
  console.error('Usage: npx tsx scripts/gen-demo.ts [--seed N] [--out DIR] [--force]');
  process.exit(problem ? 1 : 0);
}

function workspaceFiles(demo: DemoOutput): Record<string, string> {
  return { ...demo.files, '.gitignore': GITIGNORE };
}

function makeMarker(seed: number, demo: DemoOutput): Marker {
  const files = Object.fromEntries(Object.entries(workspaceFiles(demo)).map(([p, t]) => [p, sha(t)]));
  const output = sha(JSON.stringify({ files, groundTruth: demo.groundTruth, deploys: demo.deploys }));
  return { generator: GENERATOR, seed, output, files, tags: demo.deploys.map(d => d.tag) };
}

async function git(cwd: string, args: string[], date?: number): Promise<string> {
  const env = { ...process.env };
  if (date !== undefined) env.GIT_AUTHOR_DATE = env.GIT_COMMITTER_DATE = `${Math.floor(date / 1000)} +0000`;
  const { stdout } = await run('git', [...GIT_FLAGS, ...args], { cwd, env });
  return stdout.trimEnd();
}

/** Why the existing workspace is not our untouched output; [] when it is. */
async function userChanges(ws: string, marker: Marker | undefined): Promise<string[]> {
  if (!marker) return [`${ws} exists and is not a generated demo workspace (no ${MARKER})`];
  const problems: string[] = [];
  for (const [p, hash] of Object.entries(marker.files)) {
    const f = path.join(ws, p);
    if (!fs.existsSync(f)) problems.push(`${p} was deleted`);
    else if (sha(fs.readFileSync(f, 'utf8')) !== hash) problems.push(`${p} was changed`);
  }
  try {
    const status = await git(ws, ['status', '--porcelain']);
    if (status) problems.push(`uncommitted changes:\n${status}`);
    const count = Number(await git(ws, ['rev-list', '--count', 'HEAD']));
    if (count !== 1 + marker.tags.length) problems.push(`the history has ${count} commits, the generator made ${1 + marker.tags.length}`);
  } catch (e) {
    problems.push(`not a readable git repository (${(e as Error).message.split('\n')[0]})`);
  }
  return problems;
}

function readMarker(ws: string): Marker | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(ws, MARKER), 'utf8')) as Marker;
    return m.generator === GENERATOR && typeof m.output === 'string' ? m : undefined;
  } catch {
    return undefined;
  }
}

async function writeWorkspace(ws: string, seed: number, demo: DemoOutput, marker: Marker): Promise<void> {
  const files = { ...workspaceFiles(demo), [MARKER]: JSON.stringify(marker, null, 2) + '\n' };
  for (const [p, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(ws, p)), { recursive: true });
    fs.writeFileSync(path.join(ws, p), text);
  }
  await git(ws, ['init', '-q', '-b', 'main']);
  await git(ws, ['config', 'user.name', 'Calibrate Demo']);
  await git(ws, ['config', 'user.email', 'demo@calibrate.invalid']);
  await git(ws, ['add', '--', ...Object.keys(files)]);
  await git(ws, ['commit', '-q', '-m', `Demo workspace: key business metrics (seed ${seed})`], Date.parse(demo.groundTruth.start));
  for (const d of demo.deploys) {
    const at = Date.parse(d.at);
    await git(ws, ['commit', '-q', '--allow-empty', '-m', d.message], at);
    await git(ws, ['tag', '-a', d.tag, '-m', d.message], at);
  }
}

async function main(): Promise<number> {
  const t0 = performance.now();
  const { seed, out, force } = parseArgs(process.argv.slice(2));
  const ws = path.resolve(out, 'workspace');
  const truthPath = path.resolve(out, 'ground-truth.json');
  const generated = generateDemo({ seed });
  // The example investigation's anomaly, frozen from the report pipeline run over the demo (seconds).
  const demo: DemoOutput = { ...generated, files: await withFrozenExample(generated) };
  const genMs = performance.now() - t0;
  const marker = makeMarker(seed, demo);
  const truth = JSON.stringify(demo.groundTruth, null, 2) + '\n';

  const exists = fs.existsSync(ws) && fs.readdirSync(ws).length > 0;
  if (exists) {
    const old = readMarker(ws);
    const problems = await userChanges(ws, old);
    if (problems.length && !force) {
      console.error(`gen-demo: ${ws} has changes that are not the generator's; nothing was written.`);
      for (const p of problems) console.error(`  - ${p}`);
      console.error('Move your work elsewhere, or run again with --force to replace the workspace.');
      return 2;
    }
    if (!problems.length && old!.output === marker.output) {
      if (!fs.existsSync(truthPath) || fs.readFileSync(truthPath, 'utf8') !== truth) fs.writeFileSync(truthPath, truth);
      console.log(`gen-demo: ${ws} already holds seed ${seed}'s output; left as is (${(performance.now() - t0).toFixed(0)} ms).`);
      return 0;
    }
    console.log(problems.length ? `gen-demo: --force: replacing ${ws}` : `gen-demo: replacing the untouched demo (seed ${old!.seed}) with seed ${seed}`);
    fs.rmSync(ws, { recursive: true, force: true });
  }

  fs.mkdirSync(ws, { recursive: true });
  await writeWorkspace(ws, seed, demo, marker);
  fs.writeFileSync(truthPath, truth);
  const rows = demo.csv.split('\n').length - 2;
  console.log(`gen-demo: seed ${seed}, generated in ${genMs.toFixed(0)} ms`);
  for (const [p, text] of Object.entries(workspaceFiles(demo))) {
    console.log(`  ${path.join(ws, p)}  ${(Buffer.byteLength(text) / 1024).toFixed(1)} KiB${p.endsWith('.csv') ? `, ${rows} rows` : ''}`);
  }
  console.log(`  ${path.join(ws, MARKER)}  (generator marker)`);
  console.log(`  ${truthPath}  ${demo.groundTruth.effects.length} effects`);
  console.log(`  git: ${1 + demo.deploys.length} commits on main, tags ${demo.deploys.map(d => d.tag).join(', ')}`);
  console.log(`gen-demo: done in ${(performance.now() - t0).toFixed(0)} ms`);
  return 0;
}

main().then(
  code => process.exit(code),
  (e: unknown) => {
    console.error(`gen-demo: ${(e as Error).stack ?? String(e)}`);
    process.exit(1);
  },
);
