// `npm start`: set everything up if needed, generate the demo workspace, and start a real VS Code
// (code-server on 127.0.0.1) with Calibrate installed and the metrics report open. Prints the URL.
// Stop with Ctrl+C. Options: --port N (default 8641), --open-browser=false
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCodeServer, workbenchUrl, runtimeReady, log } from './runtime/harness.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const arg = (n, d) => {
  const i = process.argv.indexOf(`--${n}`);
  return i > 0 ? process.argv[i + 1] : d;
};
const port = Number(arg('port', process.env.CALIBRATE_PORT ?? 8641));

if (!runtimeReady()) {
  log('first run: installing the VS Code runtime (code-server + Node 24 + Chromium), about 6 minutes');
  execFileSync('bash', [path.join(ROOT, 'scripts/runtime/setup.sh')], { stdio: 'inherit' });
}
execFileSync(process.execPath, [path.join(ROOT, 'scripts/package.mjs')], { stdio: 'inherit', cwd: ROOT });
try {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'scripts/gen-demo.ts'), '--out', path.join(ROOT, 'demo')], {
    stdio: 'inherit',
    cwd: ROOT,
  });
} catch (e) {
  // Exit 2: the demo workspace holds your changes. Keep them and open it as it is.
  if (e.status !== 2) throw e;
  log('opening the demo workspace as you left it');
}

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const profile = path.join(os.homedir(), '.cache/calibrate/start-profile');
const workspace = path.join(ROOT, 'demo/workspace');
const cs = await startCodeServer({
  workspace,
  port,
  userDataDir: profile,
  vsix: [path.join(ROOT, `${pkg.name}-${pkg.version}.vsix`)],
  settings: { 'calibrate.openReportOnStartup': true, 'workbench.colorTheme': 'Default Dark Modern' },
});
const url = workbenchUrl(cs, workspace);
console.log(
  `\nCalibrate is running on the demo workspace.\n\n  Open ${url}\n\n(code-server on 127.0.0.1:${cs.port}; log: ${path.join(profile, 'code-server.log')}). Ctrl+C stops it.`,
);
const stop = async () => {
  await cs.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
