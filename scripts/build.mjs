// One esbuild script, several entry points (see docs/adr/0005-build-and-protocol.md):
//   dist/extension.js  – extension host (Node, CommonJS, `vscode` external)
//   dist/webview/webview.js – the report panel (browser, IIFE, no `vscode` import possible), alone in
//                        its folder: the webview may load from that folder only (src/panel/csp.ts)
//   dist/icsWorker.js  – .ics calendars parsed in a worker thread that can be terminated (Node, CommonJS)
//   dist/analysisWorker.js – a report load (both phases) off the extension host's thread (Node,
//                        CommonJS); like extension.js it finds holidays.js and icsWorker.js beside it
//   dist/drillWorker.js – a drill's data prepared off the extension host's thread (Node, CommonJS)
//   dist/cli.js        – the `calibrate` command line (Node, CommonJS, shebang); it finds
//                        dist/icsWorker.js beside it. Not shipped in the .vsix (.vscodeignore).
//   out/integration/   – integration suites, run inside the real VS Code extension host
// Usage: node scripts/build.mjs [--watch] [--tests] [--production]
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none' };

// date-holidays lives in its own bundle: the lazy import() of it becomes a runtime require of
// ./holidays.js next to the bundle (extension.js, analysisWorker.js: the worker loads it).
const holidaysAlongside = {
  name: 'holidays-alongside',
  setup(b) {
    b.onResolve({ filter: /^date-holidays$/ }, () => ({ path: './holidays.js', external: true }));
  },
};

const targets = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [holidaysAlongside],
  },
  { ...common, entryPoints: ['src/holidaysBundle.ts'], outfile: 'dist/holidays.js', platform: 'node', format: 'cjs', target: 'node20' },
  // .ics calendars are parsed in a worker that can be terminated (src/context/icsIsolated.ts).
  { ...common, entryPoints: ['src/context/icsWorker.ts'], outfile: 'dist/icsWorker.js', platform: 'node', format: 'cjs', target: 'node20' },
  // Drills are prepared in a worker thread (src/learning/drillIsolated.ts).
  {
    ...common,
    entryPoints: ['src/learning/drillWorker.ts'],
    outfile: 'dist/drillWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [holidaysAlongside],
  },
  // Report loads run in a worker thread (src/report/analysisHost.ts): the host's event loop never waits for them.
  {
    ...common,
    entryPoints: ['src/report/analysisWorker.ts'],
    outfile: 'dist/analysisWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [holidaysAlongside],
  },
  // The command line for CI and pre-commit hooks (docs/cli.md); executable through its shebang.
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  { ...common, entryPoints: ['webview/main.ts'], outfile: 'dist/webview/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
  // The investigation view (src/panel/investigationPanel.ts): its own bundle, in the same folder (the one script root).
  {
    ...common,
    entryPoints: ['webview/investigation/main.ts'],
    outfile: 'dist/webview/investigation.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];
if (args.has('--tests')) {
  const suites = fs
    .readdirSync('test/integration')
    .filter(f => f.endsWith('.ts'))
    .map(f => path.join('test/integration', f));
  targets.push({ ...common, entryPoints: suites, outdir: 'out/integration', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'mocha'] });
}

const t0 = Date.now();
if (args.has('--watch')) {
  for (const t of targets) await (await esbuild.context(t)).watch();
  console.log('[build] watching…');
} else {
  await Promise.all(targets.map(t => esbuild.build(t)));
  const size = f => (fs.statSync(f).size / 1024).toFixed(0) + ' KiB';
  console.log(
    `[build] ${targets.length} bundles in ${Date.now() - t0} ms: extension ${size('dist/extension.js')}, holidays ${size('dist/holidays.js')} (loaded on first use), webview ${size('dist/webview/webview.js')}, analysis worker ${size('dist/analysisWorker.js')}, cli ${size('dist/cli.js')}`,
  );
  fs.chmodSync('dist/cli.js', 0o755); // runnable as ./dist/cli.js too, not only through npm's bin link
}
