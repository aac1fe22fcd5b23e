// What the two runners of the in-host suite share: scripts/bench-panel.mjs (the benchmark) and
// scripts/bench-profile.mjs (the same runs with a profiler attached, to say whose code a block was).
// Build the suite (bench/panel/suite.ts), generate the demo, and run the suite in one code-server
// session: VS Code's extension host loads it as extensionTestsPath, and the session ends when its
// run() returns (or at the timeout).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import { startCodeServer, workbenchUrl, launchBrowser, log, runtimeReady, relayHostRun } from '../../scripts/runtime/harness.mjs';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
/** The runner's command line: `--name value` options and `--name` flags. */
const argv = process.argv.slice(2);
export const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
export const flag = name => argv.includes(`--${name}`);

/** Where the built suite sits inside an extension folder (VS Code loads extensionTestsPath from there). */
const SUITE_IN_TREE = 'bench/out/panel/suite/index.js';

/** The code-server runtime (set up once), and this tree built unless told not to. */
export function prepare({ build = true } = {}) {
  if (!runtimeReady()) execFileSync('bash', [path.join(ROOT, 'scripts/runtime/setup.sh')], { stdio: 'inherit' });
  if (build) execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit', cwd: ROOT });
}

/** Bundle bench/panel/suite.ts (vscode left external) into this tree's bench/out; returns its path. */
export async function buildSuite() {
  const outfile = path.join(ROOT, SUITE_IN_TREE);
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'bench/panel/suite.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return outfile;
}

/** The demo (scripts/gen-demo.ts, its fixed seed) in a new temporary folder; returns the folder. */
export function generateDemo(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'scripts/gen-demo.ts'), '--out', dir], {
    stdio: 'inherit',
    cwd: ROOT,
  });
  return dir;
}

export const loadAverage = () =>
  os
    .loadavg()
    .map(x => x.toFixed(2))
    .join(' ');

export function findFiles(dir, pred, acc = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findFiles(p, pred, acc);
    else if (pred(p)) acc.push(p);
  }
  return acc;
}

/**
 * One code-server session: the extension from `tree`, the suite built by buildSuite() with `env`, on
 * a fresh copy of `workspace`. `around` (optional) is called just before the workbench loads and
 * returns an async stop, called when the session ends (a recorder that should see the runs only).
 * Returns how the suite ended ('timeout' if it did not) and the session's Calibrate log.
 */
export async function runSession({ label, tree, workspace, env, timeoutMs, onLine, around }) {
  const suite = path.join(tree, SUITE_IN_TREE);
  if (path.resolve(suite) !== path.join(ROOT, SUITE_IN_TREE)) {
    fs.mkdirSync(path.dirname(suite), { recursive: true });
    fs.copyFileSync(path.join(ROOT, SUITE_IN_TREE), suite);
  }
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), `calibrate-bench-panel-${label}-`));
  execFileSync('cp', ['-a', workspace + '/.', copy]);
  let cs, browser, stopAround, timer, code;
  let logText = '';
  try {
    cs = await startCodeServer({ workspace: copy, keep: true });
    browser = await launchBrowser(cs);
    const { exited } = await relayHostRun(browser.page, line => {
      if (/\[bench\]/.test(line)) onLine(line.replace(/^.*\[bench\]/, '[bench]'));
    });
    const url = workbenchUrl(cs, copy, { extensionDevelopmentPath: tree, extensionTestsPath: suite, env });
    stopAround = await around?.();
    await browser.page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    log(`${label}: workbench loading; the suite runs in the extension host`);
    code = await Promise.race([exited, new Promise(r => (timer = setTimeout(() => r('timeout'), timeoutMs)))]);
    if (code === 'timeout') log(`${label}: TIMEOUT after ${timeoutMs / 1000}s`);
  } finally {
    clearTimeout(timer); // else it keeps the runner alive long after the session
    await stopAround?.();
    if (browser) await browser.context.close().catch(() => {});
    if (cs) {
      await cs.stop();
      logText = findFiles(cs.tmp, p => /Calibrate\.log$/.test(p))
        .map(f => fs.readFileSync(f, 'utf8'))
        .join('\n');
      fs.rmSync(cs.tmp, { recursive: true, force: true });
    }
    fs.rmSync(copy, { recursive: true, force: true });
  }
  return { code, logText };
}
