// The bounded, deterministic fuzz budget that runs inside `npm test` (fixed seeds, ~60 s in all).
// Any crash (an exception that is not the target's domain error) or hang fails its target's test;
// unclear messages are counted and printed. The larger random budget: `npm run fuzz`.
// Run alone: npx mocha test/fuzz/fuzz.test.ts
import assert from 'node:assert/strict';
import { distinct, FuzzChild, runTarget, table, type TargetReport } from './harness';
import { TARGETS } from './targets';

const SEED = Number(process.env.FUZZ_TEST_SEED ?? 20261106);
const TIMEOUT_MS = 3000;
/** Inputs per target at cost 1; a target of cost c gets RUNS / c (the engines are slower). */
const RUNS = Number(process.env.FUZZ_TEST_RUNS ?? 300);
/** Per-target cap, so one pathological target (every input a hang) cannot eat the whole budget. */
const DEADLINE_MS = 6000;

describe('fuzz (deterministic budget)', function () {
  this.timeout(120_000);
  const child = new FuzzChild(768);
  const reports: TargetReport[] = [];
  before(async () => child.warm());
  after(() => {
    child.stop();
    console.log(`\nfuzz seed ${SEED} (replay: npm run fuzz -- --seed ${SEED} --target <name> --path <path>)\n${table(reports)}`);
    const unclear = reports.reduce((a, r) => a + r.unclear, 0);
    if (unclear) console.log(`${unclear} unclear message(s), counted, not failed; first of each kind:`);
    for (const { first, count } of distinct(reports.flatMap(r => r.failures.filter(f => f.kind === 'unclear'))))
      console.log(`  ${first.target} x${count} path ${first.path}: ${first.message.slice(0, 300)}`);
  });

  for (const t of TARGETS) {
    it(`${t.name}: no crashes or hangs`, async () => {
      const r = await runTarget(t, child, {
        seed: SEED,
        runs: Math.max(4, Math.round(RUNS / (t.cost ?? 1))),
        timeoutMs: Math.min(t.timeoutMs ?? TIMEOUT_MS, 10_000),
        deadlineMs: DEADLINE_MS,
      });
      reports.push(r);
      const bad = distinct(r.failures.filter(f => f.kind !== 'unclear'));
      assert.equal(
        r.crashes + r.hangs,
        0,
        `${r.crashes} crash(es), ${r.hangs} hang(s) in ${r.inputs} inputs:\n${bad.map(({ first: f, count }) => `  [${f.kind}] x${count} --seed ${f.seed} --target ${f.target} --path ${f.path}: ${f.message.split('\n')[0].slice(0, 300)}\n    input: ${f.input.slice(0, 400)}`).join('\n')}`,
      );
    });
  }
});
