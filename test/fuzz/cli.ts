// `npm run fuzz`: the larger, random budget. Prints the seed; any input replays with
//   npm run fuzz -- --seed <seed> --target <name> --path <path> [--shrink]
// (or FUZZ_SEED / FUZZ_TARGET / FUZZ_PATH / FUZZ_RUNS / FUZZ_TIMEOUT_MS in the environment).
// Options: --runs N (per cost unit, default 300), --timeout MS (default 5000), --budget S (per
// target, default 120), --shrink (shrink one input per distinct failure), --json FILE.
import fs from 'node:fs';
import path from 'node:path';
import { distinct, FuzzChild, runTarget, shrinkFailure, table, type TargetReport } from './harness';
import { TARGETS } from './targets';

function arg(name: string, env: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  return process.env[env];
}

async function main(): Promise<void> {
  const seed = Number(arg('seed', 'FUZZ_SEED') ?? Math.floor(Math.random() * 2 ** 31));
  const runs = Number(arg('runs', 'FUZZ_RUNS') ?? 300);
  const timeoutMs = Number(arg('timeout', 'FUZZ_TIMEOUT_MS') ?? 5000);
  const budgetMs = Number(arg('budget', 'FUZZ_BUDGET_S') ?? 120) * 1000;
  const only = arg('target', 'FUZZ_TARGET')?.split(',');
  const replay = arg('path', 'FUZZ_PATH');
  const shrink = process.argv.includes('--shrink') || process.env.FUZZ_SHRINK === '1';
  const jsonOut = arg('json', 'FUZZ_JSON');
  const targets = TARGETS.filter(t => !only || only.includes(t.name));
  if (!targets.length) throw new Error(`no target among ${only?.join(', ')}; known: ${TARGETS.map(t => t.name).join(', ')}`);
  if (replay && targets.length !== 1) throw new Error('--path replays one input: name one --target');

  console.log(
    `fuzz seed ${seed}${replay ? ` path ${replay}` : ''}; per-input limit ${timeoutMs} ms (targets may set their own); replay: npm run fuzz -- --seed ${seed} --target <name> --path <path>`,
  );
  const child = new FuzzChild();
  const reports: TargetReport[] = [];
  try {
    for (const t of targets) {
      const n = Math.max(1, Math.round(runs / (t.cost ?? 1)));
      const r = await runTarget(t, child, { seed, runs: n, timeoutMs, path: replay, deadlineMs: budgetMs, log: l => console.log(l) });
      console.log(`${t.name}: ${r.inputs} inputs, ${r.crashes} crashes, ${r.hangs} hangs, ${r.unclear} unclear in ${(r.ms / 1000).toFixed(1)} s`);
      reports.push(r);
    }
    console.log(`\n${table(reports)}\n`);
    const all = reports.flatMap(r => r.failures);
    if (all.length) console.log('distinct failures (first input of each; replay with --seed/--target/--path):');
    for (const { first: f, count } of distinct(all)) {
      const t = targets.find(x => x.name === f.target)!;
      const input = shrink && f.kind !== 'unclear' ? await shrinkFailure(t, child, f, { timeoutMs, budgetMs: 60_000 }) : f.input;
      console.log(
        `\n[${f.kind}] ${f.target} x${count}  --seed ${f.seed} --target ${f.target} --path ${f.path}\n  ${f.message.split('\n')[0]}\n  input${shrink ? ' (shrunk)' : ''}: ${input}`,
      );
    }
    if (jsonOut) {
      fs.mkdirSync(path.dirname(jsonOut), { recursive: true });
      fs.writeFileSync(jsonOut, JSON.stringify({ seed, reports }, null, 2));
    }
  } finally {
    child.stop();
  }
  const bad = reports.reduce((a, r) => a + r.crashes + r.hangs, 0);
  console.log(
    `\nfuzz seed ${seed}: ${bad ? `${bad} crash(es)/hang(s)` : 'no crashes or hangs'}; ${reports.reduce((a, r) => a + r.unclear, 0)} unclear message(s)`,
  );
  process.exitCode = bad ? 1 : 0;
}

main().catch(e => {
  console.error(e);
  process.exitCode = 2;
});
