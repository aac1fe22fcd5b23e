// Real metrics servers on 127.0.0.1 for the Prometheus source's tests and benchmark: Debian's
// `prometheus` (history backfilled with promtool before it starts) and `victoria-metrics` (history
// loaded through its import API). Installs nothing: scripts/runtime/setup.sh installs the packages.
// Recipe and the flags that matter: ../shared/metrics-backends/README.md.
/* global AbortSignal */
//
//   import { startPrometheus, startVictoriaMetrics, csvToOpenMetrics } from './metrics-servers.mjs';
//   const prom = await startPrometheus({ csv });   // { url, pid, timings, stop() }
//
//   node scripts/metrics-servers.mjs start --csv demo/workspace/data/metrics.csv --dir /tmp/ms &
//     prints "prometheus URL PID" and "victoria-metrics URL PID", and stays until stopped
//   node scripts/metrics-servers.mjs stop --dir /tmp/ms
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);
const HOUR_S = 3600;
const sleep = ms => new Promise(r => setTimeout(r, ms));

/**
 * The long CSV (timestamp,metric,value,<dims...>, no quoted cells, as the demo writes it) as
 * OpenMetrics for promtool (seconds, "# EOF") or, with `ms`, Prometheus text for VictoriaMetrics'
 * import (milliseconds). The row of the hour starting at T is a sample at T + 1h: a query's value at
 * E is the hour ending at E (src/sources/prometheus/source.ts). Empty cells are no sample.
 */
export function csvToOpenMetrics(csv, { ms = false } = {}) {
  const lines = csv.split(/\r?\n/);
  const header = lines[0].split(',');
  const [ti, mi, vi] = ['timestamp', 'metric', 'value'].map(n => header.indexOf(n));
  const dims = header.map((n, i) => [n, i]).filter(([, i]) => i !== ti && i !== mi && i !== vi);
  const families = new Map(); // metric -> lines (families must not interleave)
  for (let k = 1; k < lines.length; k++) {
    if (!lines[k]) continue;
    const c = lines[k].split(',');
    if (c[vi] === '') continue;
    const t = Date.parse(c[ti]) / 1000 + HOUR_S;
    const labels = dims.map(([n, i]) => `${n}="${c[i].replace(/["\\]/g, '\\$&')}"`).join(',');
    if (!families.has(c[mi])) families.set(c[mi], []);
    families.get(c[mi]).push(`${c[mi]}{${labels}} ${c[vi]} ${ms ? t * 1000 : t}`);
  }
  let out = '';
  for (const [m, ls] of families) out += `# TYPE ${m} gauge\n${ls.join('\n')}\n`;
  return ms ? out : `${out}# EOF\n`;
}

async function waitFor(fn, { timeoutMs, what, exited }) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`${what} exited while starting`);
    try {
      if (await fn()) return;
    } catch (e) {
      last = e;
    }
    await sleep(50);
  }
  throw new Error(`${what} not ready after ${timeoutMs} ms${last ? `: ${last.message}` : ''}`);
}

/** Stops the child by its own PID and waits for it to exit. */
function stopChild(child, timeoutMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise(resolve => {
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function handle(name, child, dir, url, timings, log) {
  return {
    name,
    url,
    pid: child.pid,
    dir,
    timings,
    log,
    /** Stops the server; SIGKILL when `kill` (the "server killed during a load" fault). */
    async stop({ kill = false } = {}) {
      if (kill && child.exitCode === null) {
        const gone = new Promise(r => child.once('exit', r));
        child.kill('SIGKILL');
        await gone;
      } else await stopChild(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Prometheus on 127.0.0.1:<free port> with `csv` (or `openMetricsFile`) backfilled before it starts. */
export async function startPrometheus({ csv, openMetricsFile, readyTimeoutMs = 30_000 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'calibrate-prom-'));
  const data = path.join(dir, 'data');
  fs.mkdirSync(data);
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 1h\n'); // no scrape configs
  const t0 = Date.now();
  let om = openMetricsFile;
  if (csv !== undefined) fs.writeFileSync((om = path.join(dir, 'history.om')), csvToOpenMetrics(csv));
  // --max-block-duration: one block instead of one per 2 h (promtool re-parses the input per block).
  if (om) await execFileP('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=1458h', '-q', om, data], { maxBuffer: 64 << 20 });
  const backfillMs = Date.now() - t0;
  const child = spawn(
    'prometheus',
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${data}`,
      '--storage.tsdb.retention.time=10y', // the default 15d deletes backfilled blocks at start
      '--web.listen-address=127.0.0.1:0', // the kernel picks the port; read it from the log
      '--query.max-concurrency=4',
      '--log.level=info',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  let port;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', s => {
    log = (log + s).slice(-200_000);
    port ??= Number(/msg="Listening on" address=127\.0\.0\.1:(\d+)/.exec(log)?.[1]) || undefined;
  });
  const t1 = Date.now();
  try {
    await waitFor(async () => port && (await fetch(`http://127.0.0.1:${port}/-/ready`, { signal: AbortSignal.timeout(1000) })).status === 200, {
      timeoutMs: readyTimeoutMs,
      what: 'prometheus',
      exited: () => child.exitCode !== null,
    });
  } catch (e) {
    await stopChild(child);
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`${e.message}\n${log.slice(-2000)}`, { cause: e });
  }
  return handle('prometheus', child, dir, `http://127.0.0.1:${port}`, { backfillMs, startMs: Date.now() - t1 }, () => log);
}

/**
 * The TCP port a PID listens on (VictoriaMetrics logs the configured ":0", not the real port): its
 * socket inodes from /proc/PID/fd, looked up among the LISTEN sockets of /proc/net/tcp. No `ss` needed.
 */
async function listeningPort(pid) {
  const inodes = new Set();
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      /* closed meanwhile */
    }
  }
  for (const line of fs.readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[3] === '0A' && inodes.has(f[9])) return parseInt(f[1].split(':')[1], 16); // 0A: LISTEN
  }
  return undefined;
}

/** VictoriaMetrics on 127.0.0.1:<free port>, with `csv` imported through /api/v1/import/prometheus. */
export async function startVictoriaMetrics({ csv, readyTimeoutMs = 30_000 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'calibrate-vm-'));
  const child = spawn(
    'victoria-metrics',
    [
      '-httpListenAddr=127.0.0.1:0',
      `-storageDataPath=${path.join(dir, 'data')}`,
      '-retentionPeriod=100y', // counted from the wall clock: the default month drops older samples at import
      '-search.latencyOffset=0s',
      '-search.disableCache',
      '-loggerLevel=WARN',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', s => (log = (log + s).slice(-200_000)));
  const t1 = Date.now();
  let port;
  try {
    await waitFor(
      async () => {
        port ??= await listeningPort(child.pid);
        return port && (await (await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) })).text()).includes('OK');
      },
      { timeoutMs: readyTimeoutMs, what: 'victoria-metrics', exited: () => child.exitCode !== null },
    );
  } catch (e) {
    await stopChild(child);
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`${e.message}\n${log.slice(-2000)}`, { cause: e });
  }
  const startMs = Date.now() - t1;
  const url = `http://127.0.0.1:${port}`;
  const t2 = Date.now();
  if (csv !== undefined) {
    const r = await fetch(`${url}/api/v1/import/prometheus`, { method: 'POST', body: csvToOpenMetrics(csv, { ms: true }) });
    if (!r.ok) throw new Error(`victoria-metrics import: HTTP ${r.status} ${await r.text()}`);
    await fetch(`${url}/internal/force_flush`); // queryable now
  }
  return handle('victoria-metrics', child, dir, url, { importMs: Date.now() - t2, startMs }, () => log);
}

// ---- command line: start both and keep them running until stopped ------------------------------
if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = n => {
    const i = process.argv.indexOf(`--${n}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const [cmd] = process.argv.slice(2);
  const dir = arg('dir') ?? path.join(os.tmpdir(), 'calibrate-metrics-servers');
  const pidFile = path.join(dir, 'servers.json');
  if (cmd === 'start') {
    // Stays in the foreground: the servers log to its pipes. `stop` (or Ctrl+C) ends it and them.
    const csv = arg('csv') ? fs.readFileSync(arg('csv'), 'utf8') : undefined;
    fs.mkdirSync(dir, { recursive: true });
    const servers = await Promise.all([startPrometheus({ csv }), startVictoriaMetrics({ csv })]);
    fs.writeFileSync(pidFile, JSON.stringify({ pid: process.pid, servers: servers.map(s => ({ name: s.name, url: s.url, pid: s.pid })) }));
    for (const s of servers) console.log(`${s.name} ${s.url} ${s.pid}`);
    const stop = async () => {
      await Promise.all(servers.map(s => s.stop()));
      fs.rmSync(pidFile, { force: true });
      process.exit(0);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  } else if (cmd === 'stop') {
    if (!fs.existsSync(pidFile)) {
      console.log(`nothing started in ${dir}`);
      process.exit(0);
    }
    const { pid } = JSON.parse(fs.readFileSync(pidFile, 'utf8'));
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      fs.rmSync(pidFile, { force: true }); // already gone
    }
    for (let i = 0; i < 150 && fs.existsSync(pidFile); i++) await sleep(100);
    console.log(fs.existsSync(pidFile) ? `servers of ${pid} still stopping` : 'stopped');
  } else {
    console.error('usage: node scripts/metrics-servers.mjs start [--csv FILE] [--dir DIR] | stop [--dir DIR]');
    process.exit(2);
  }
}
