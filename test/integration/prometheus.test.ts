// The Prometheus source in the real extension host (ADR 0022), against the real servers started
// here on 127.0.0.1 (Debian's prometheus and victoria-metrics, installed by scripts/runtime/setup.sh;
// scripts/metrics-servers.mjs backfills the demo's CSV into both). The demo workspace gets a second
// config, .calibrate/prometheus.yaml, chosen with calibrate.reportConfigPath; the report service
// loads it as the panel does (Refresh). Checked: the same report from the CSV, from Prometheus and
// from VictoriaMetrics; a refresh with one new hour asks at most one request per metric; and the
// three faults (the server killed during a load, a slow server past the timeout, 503 twice then
// success) end in the documented message at the config's url line with the last good report kept
// beneath it, or in success.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CalibrateApi } from '../../src/extension';
import type { ReportSnapshot } from '../../src/messaging/protocol';
import type { ReportState } from '../../src/services/reportService';
import type { MetricsServer } from '../../scripts/metrics-servers.mjs';
import { setCalibrateSetting } from './settings';

const EXT_ID = 'calibrate-dev.calibrate';
const HOUR = 3_600_000;
const CONFIG = '.calibrate/prometheus.yaml';
const METRICS = ['page_views', 'signups', 'job_applies', 'messages_sent'];
const folder = () => vscode.workspace.workspaceFolders![0]!;
const inWorkspace = (p: string) => path.join(folder().uri.fsPath, p);

async function api(): Promise<CalibrateApi> {
  const ext = vscode.extensions.getExtension<CalibrateApi>(EXT_ID)!;
  return ext.isActive ? ext.exports : ext.activate();
}

/** The demo's config with its CSV source replaced by a Prometheus source (asOf moved by `shiftMs`). */
function promConfig(url: string, o: { timeout?: string; shiftMs?: number } = {}): string {
  const csvConfig = fs.readFileSync(inWorkspace('.calibrate/report.yaml'), 'utf8');
  const queries = METRICS.map(m => `    ${m}:\n      query: sum by (country, platform) (${m})\n`).join('');
  const source = `source:\n  type: prometheus\n  url: ${url}\n  history: 8w\n  timeout: ${o.timeout ?? '30s'}\n  queries:\n${queries}`;
  let text = csvConfig.replace(/source:\n {2}type: csv\n {2}path: .*\n/, source);
  if (o.shiftMs) {
    const m = /^asOf: (\S+)/m.exec(text)!;
    text = text.replace(m[1]!, new Date(Date.parse(m[1]!) + o.shiftMs).toISOString());
  }
  assert.notEqual(text, csvConfig);
  return text;
}

const urlLine = (text: string) => text.split('\n').findIndex(l => l.startsWith('  url:')) + 1;

async function until<T>(f: () => T | undefined, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what} within ${ms} ms`);
    await new Promise(r => setTimeout(r, 50));
  }
}

/** Refresh the open report (the panel's Refresh) and wait for its complete state: the full analysis, or a problem. */
async function refresh(a: CalibrateApi): Promise<ReportState> {
  const v0 = a.reportState()?.version ?? 0;
  await vscode.commands.executeCommand('calibrate.refreshReport');
  return until(
    () => {
      const s = a.reportState();
      return s && s.version > v0 && s.complete ? s : undefined;
    },
    120_000,
    'no complete report',
  );
}

/** Load the report from `text` written to CONFIG (or the CSV config when undefined). */
async function loadFrom(a: CalibrateApi, text: string | undefined): Promise<ReportState> {
  if (text !== undefined) fs.writeFileSync(inWorkspace(CONFIG), text);
  await setCalibrateSetting('reportConfigPath', text === undefined ? undefined : CONFIG);
  return refresh(a);
}

function snapshotOf(s: ReportState): ReportSnapshot {
  assert.equal(s.update.type, 'snapshot', s.update.type === 'loadError' ? s.update.problem.message : '');
  return (s.update as { snapshot: ReportSnapshot }).snapshot;
}

/** What the panel draws, without the snapshot's id and its source's name. */
function numbers(s: ReportSnapshot): unknown {
  const { id: _id, source: _source, ...rest } = s;
  return JSON.parse(JSON.stringify(rest));
}

/** A local proxy in front of `target`: counts requests, and may delay, fail or kill them. */
async function proxy(
  target: () => string,
  behave: (n: number) => { delayMs?: number; status?: number; kill?: boolean } = () => ({}),
): Promise<{ url: string; count(): number; close(): Promise<void> }> {
  let n = 0;
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const b = behave(++n);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (b.kill) return void killed();
      setTimeout(() => {
        if (b.status) return void res.writeHead(b.status, { 'content-type': 'text/plain' }).end('service unavailable (test proxy)');
        const up = http.request(`${target()}${req.url}`, { method: req.method, headers: req.headers }, r => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        });
        up.on('error', () => res.destroy());
        up.end(Buffer.concat(chunks));
      }, b.delayMs ?? 0);
    });
  });
  /** The server dies: connections in flight drop, and nothing listens any more. */
  const killed = () => {
    server.close();
    for (const s of sockets) s.destroy();
  };
  server.on('connection', s => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    count: () => n,
    close: () =>
      new Promise<void>(r => {
        killed();
        r();
      }),
  };
}

describe('Prometheus source in the extension host, against real servers', function () {
  this.timeout(240_000);
  let prom: MetricsServer;
  let vm: MetricsServer;
  let csvReport: ReportSnapshot;
  const proxies: { close(): Promise<void> }[] = [];

  before(async () => {
    const root = vscode.extensions.getExtension(EXT_ID)!.extensionPath;
    // A real dynamic import (the suite is bundled as CommonJS): the script is an ES module.
    const load = new Function('p', 'return import(p)') as (p: string) => Promise<typeof import('../../scripts/metrics-servers.mjs')>;
    const servers = await load(path.join(root, 'scripts/metrics-servers.mjs'));
    const csv = fs.readFileSync(inWorkspace('data/metrics.csv'), 'utf8');
    const t0 = Date.now();
    [prom, vm] = await Promise.all([servers.startPrometheus({ csv }), servers.startVictoriaMetrics({ csv })]);
    console.log(`[measure] metrics servers up in ${Date.now() - t0} ms`);
    const a = await api();
    await vscode.commands.executeCommand('calibrate.openReport');
    csvReport = snapshotOf(await loadFrom(a, undefined));
    assert.equal(csvReport.source, 'data/metrics.csv');
  });

  after(async () => {
    await Promise.all(proxies.map(p => p.close()));
    await Promise.all([prom?.stop(), vm?.stop()]);
    await setCalibrateSetting('reportConfigPath', undefined);
    fs.rmSync(inWorkspace(CONFIG), { force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the same report from the CSV, from Prometheus and from VictoriaMetrics', async () => {
    const a = await api();
    const fromProm = snapshotOf(await loadFrom(a, promConfig(prom.url)));
    assert.equal(fromProm.source, prom.url);
    assert.deepEqual(numbers(fromProm), numbers(csvReport));
    const fromVm = snapshotOf(await loadFrom(a, promConfig(vm.url)));
    assert.equal(fromVm.source, vm.url);
    assert.deepEqual(numbers(fromVm), numbers(csvReport));
    assert.ok(fromProm.anomalies.length > 0, 'the demo has anomalies to compare');
  });

  it('a refresh with one new hour asks at most one request per metric', async () => {
    const a = await api();
    const p = await proxy(() => prom.url);
    proxies.push(p);
    const before = snapshotOf(await loadFrom(a, promConfig(p.url, { shiftMs: -HOUR })));
    const cold = p.count();
    assert.ok(cold >= METRICS.length, `cold load: ${cold} requests`);
    const after = snapshotOf(await loadFrom(a, promConfig(p.url)));
    const warm = p.count() - cold;
    console.log(`[measure] prometheus in the host: cold load ${cold} requests; one new hour ${warm} requests`);
    assert.ok(warm >= 1 && warm <= METRICS.length, `one new hour: ${warm} requests`);
    assert.equal(after.asOf - before.asOf, HOUR);
    assert.deepEqual(numbers(after), numbers(csvReport), 'the refreshed report is the CSV report');
    // A refresh with nothing new asks again only for the hours still arriving: at most one request per metric.
    const again = p.count();
    snapshotOf(await refresh(a));
    assert.ok(p.count() - again <= METRICS.length, `${p.count() - again} requests`);
  });

  it('503 twice, then success', async () => {
    const a = await api();
    const p = await proxy(
      () => vm.url,
      n => (n <= 2 ? { status: 503 } : {}),
    );
    proxies.push(p);
    const s = snapshotOf(await loadFrom(a, promConfig(p.url)));
    assert.deepEqual(numbers(s), numbers(csvReport));
    assert.ok(p.count() >= METRICS.length + 2, `${p.count()} requests`);
  });

  it('a slow server past the timeout: the timeout message at the url line, the last good report kept', async () => {
    const a = await api();
    const p = await proxy(
      () => vm.url,
      () => ({ delayMs: 3000 }),
    );
    proxies.push(p);
    const text = promConfig(p.url, { timeout: '1s' });
    const t0 = Date.now();
    const s = await loadFrom(a, text);
    assert.equal(s.update.type, 'loadError');
    if (s.update.type !== 'loadError') return;
    assert.match(
      s.update.problem.message,
      /did not answer the query of \w+ within 1 s\. Expected an answer within source\.timeout: raise it, or make the query cheaper/,
    );
    assert.equal(s.update.problem.file, CONFIG);
    assert.ok(s.update.problem.line !== undefined && s.update.problem.line > urlLine(text), 'at the query of the metric');
    assert.ok(s.update.stale, 'the last good report stays beneath the problem');
    assert.deepEqual(numbers(s.update.stale), numbers(csvReport));
    assert.ok(Date.now() - t0 < 20_000, `${Date.now() - t0} ms`);
  });

  // Last: it kills the shared Prometheus.
  it('the server killed during a load: the unreachable message at the url line, the last good report kept', async () => {
    const a = await api();
    const p = await proxy(
      () => prom.url,
      n => (n === 1 ? { kill: true } : {}),
    );
    proxies.push(p);
    const text = promConfig(p.url);
    const loading = loadFrom(a, text);
    // The first request kills the server (and the proxy that stands for it): every request in flight drops.
    await until(() => (p.count() >= 1 ? true : undefined), 30_000, 'no request');
    await prom.stop({ kill: true });
    const s = await loading;
    assert.equal(s.update.type, 'loadError');
    if (s.update.type !== 'loadError') return;
    assert.match(
      s.update.problem.message,
      /nothing answers at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)\. Expected a server listening at source\.url: start it, or correct the URL and port\./,
    );
    assert.equal(s.update.problem.file, CONFIG);
    assert.equal(s.update.problem.line, urlLine(text));
    assert.ok(s.update.stale, 'the last good report stays beneath the problem');
    assert.deepEqual(numbers(s.update.stale), numbers(csvReport));
  });
});
