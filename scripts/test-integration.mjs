// Integration suite: mocha inside the real VS Code extension host (code-server's Node 24 host),
// on a fresh copy of the generated demo workspace. Exit code = test result.
// Results: test-results/integration.json ({ passed, failed, ... }).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startCodeServer, workbenchUrl, launchBrowser, log, runtimeReady, relayHostRun } from './runtime/harness.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const RESULTS = path.join(ROOT, 'test-results/integration.json');
const timeoutMs = Number(process.env.CALIBRATE_IT_TIMEOUT ?? 600) * 1000;
fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
fs.rmSync(RESULTS, { force: true });

if (!runtimeReady()) execFileSync('bash', [path.join(ROOT, 'scripts/runtime/setup.sh')], { stdio: 'inherit' });
execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--tests'], { stdio: 'inherit', cwd: ROOT });
const demo = fs.mkdtempSync(path.join(os.tmpdir(), 'calibrate-it-'));
execFileSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'scripts/gen-demo.ts'), '--out', demo], {
  stdio: 'inherit',
  cwd: ROOT,
});
const workspace = path.join(demo, 'workspace');

let cs, browser, exitCode;
try {
  cs = await startCodeServer({ workspace });
  // The Live Share stub (test/fixtures/liveshare-stub: a test fixture, never packaged) is installed
  // into this run's own extensions folder (code-server loads one extension under development only).
  // Its default is no session (Role.None): every suite sees what it sees without Live Share unless
  // it turns the stub on (test/integration/liveShare.test.ts).
  fs.cpSync(path.join(ROOT, 'test/fixtures/liveshare-stub'), path.join(cs.tmp, 'ext', 'ms-vsliveshare.vsliveshare-0.0.0-stub'), { recursive: true });
  browser = await launchBrowser(cs);
  const { page } = browser;
  const { exited } = await relayHostRun(page, line => console.log(line));
  const url = workbenchUrl(cs, workspace, {
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(ROOT, 'out/integration/index.js'),
    env: { CALIBRATE_TEST_RESULTS: RESULTS, CALIBRATE_DEMO_DIR: demo },
  });
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  log('workbench loading; waiting for the extension-host test run');
  exitCode = await Promise.race([exited, new Promise(r => setTimeout(() => r('timeout'), timeoutMs))]);
  if (exitCode === 'timeout') {
    log(`TIMEOUT after ${timeoutMs / 1000}s`);
    exitCode = 1;
  }
} catch (e) {
  log('ERROR', e.stack || e.message);
  exitCode = 1;
} finally {
  if (browser) await browser.context.close().catch(() => {});
  if (cs) await cs.stop();
  fs.rmSync(demo, { recursive: true, force: true });
}
if (!fs.existsSync(RESULTS)) {
  fs.writeFileSync(RESULTS, JSON.stringify({ passed: [], failed: [{ title: 'integration run', error: 'the suite did not report results' }] }));
  exitCode = 1;
}
const r = JSON.parse(fs.readFileSync(RESULTS, 'utf8'));
console.log(`integration: ${r.passed.length} passed, ${r.failed.length} failed`);
process.exit(exitCode === 0 && r.failed.length === 0 ? 0 : 1);
