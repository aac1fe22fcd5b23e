// `npm test`: every check and all four suites, in one command, from a fresh clone.
//   static: type-check (host + webview) and lint
//   unit: mocha on the pure core, in plain Node
//   fuzz: the bounded, fixed-seed fuzz budget (test/fuzz), each input in a child under a hard time limit
//   integration: mocha inside a real VS Code extension host (code-server)
//   e2e: the packaged extension in a real VS Code, driven in headless Chromium
// Ends with one line totalling the suites: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const RESULTS = path.join(ROOT, 'test-results');
const bin = name => path.join(ROOT, 'node_modules/.bin', name);
const t0 = Date.now();
const problems = [];

function step(name, cmd, args, env = {}) {
  const s = Date.now();
  console.log(`\n=== ${name}`);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  console.log(`=== ${name}: ${ok ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - s) / 1000).toFixed(1)} s`);
  if (!ok) problems.push(name);
  return ok;
}

fs.mkdirSync(RESULTS, { recursive: true });
for (const f of ['unit.json', 'fuzz.json', 'integration.json', 'e2e.json']) fs.rmSync(path.join(RESULTS, f), { force: true });

// Idempotent: installs Chromium, git, Node 24 and code-server on a fresh machine, then only checks.
if (!step('runtime', 'bash', ['scripts/runtime/setup.sh'])) console.log('the VS Code runtime could not be installed: integration and e2e will fail');
step('build', process.execPath, ['scripts/build.mjs']);
step('type-check', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
step('type-check webview', bin('tsc'), ['--noEmit', '-p', 'webview/tsconfig.json']);
step('type-check e2e', bin('tsc'), ['--noEmit', '-p', 'test/e2e/tsconfig.json']);
step('lint', bin('eslint'), ['.']);
step('format', bin('prettier'), ['--check', '.']);
step('unit', bin('mocha'), ['--reporter', 'scripts/mocha-count-reporter.cjs', 'test/unit/**/*.test.ts'], {
  CALIBRATE_TEST_RESULTS: path.join(RESULTS, 'unit.json'),
});
step('fuzz', bin('mocha'), ['--reporter', 'scripts/mocha-count-reporter.cjs', 'test/fuzz/fuzz.test.ts'], {
  CALIBRATE_TEST_RESULTS: path.join(RESULTS, 'fuzz.json'),
});
step('integration', process.execPath, ['scripts/test-integration.mjs']);
step('e2e', bin('mocha'), ['--config', 'test/e2e/.mocharc.json', '--reporter', 'scripts/mocha-count-reporter.cjs'], {
  CALIBRATE_TEST_RESULTS: path.join(RESULTS, 'e2e.json'),
});

let passed = 0,
  failed = 0;
console.log('\n=== summary');
for (const suite of ['unit', 'fuzz', 'integration', 'e2e']) {
  const f = path.join(RESULTS, `${suite}.json`);
  if (!fs.existsSync(f)) {
    console.log(`${suite}: no results (the suite did not run)`);
    failed++;
    continue;
  }
  const r = JSON.parse(fs.readFileSync(f, 'utf8'));
  console.log(`${suite}: ${r.passed.length} passed, ${r.failed.length} failed`);
  for (const x of r.failed) console.log(`  ✗ ${x.title}`);
  passed += r.passed.length;
  failed += r.failed.length;
}
if (problems.length) console.log(`failed steps: ${problems.join(', ')}`);
console.log(`wall time ${((Date.now() - t0) / 1000).toFixed(0)} s; screenshots in test-results/`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(problems.length || failed ? 1 : 0);
