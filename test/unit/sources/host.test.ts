// The Prometheus source as the host and the command line use it (ADR 0022): credentials kept by
// origin and never in an error, an untrusted workspace that contacts nothing, and `calibrate check`
// that validates a Prometheus config with line numbers without contacting the server unless --probe.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateDemo } from '../../../src/core/demo';
import { check } from '../../../src/cli/check';
import { envCredentials } from '../../../src/cli/report';
import { fetchRemoteDataset, loadReportTable, ReportLoadError, UNTRUSTED_SOURCE } from '../../../src/report/reportContext';
import { credentialOrigin, memorySecrets, SourceCredentials } from '../../../src/services/sourceCredentials';
import { parseFromWebview, parseToWebview } from '../../../src/messaging/protocol';
import { fitForWebview } from '../../../src/messaging/fitSnapshot';

const METRICS = ['page_views', 'signups', 'job_applies', 'messages_sent'];
const SECRET = 's3cret-token-42';

/** The demo workspace with its CSV source replaced by a Prometheus source at `url` (plus `extra` source keys). */
function workspace(url: string, extra = ''): { root: string; urlLine: number } {
  const demo = generateDemo();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'calibrate-prom-'));
  const queries = METRICS.map(m => `    ${m}:\n      query: sum by (country, platform) (${m})\n`).join('');
  const source = `source:\n  type: prometheus\n  url: ${url}\n${extra}  queries:\n${queries}`;
  const text = demo.files['.calibrate/report.yaml']!.replace(/source:\n {2}type: csv\n {2}path: .*\n/, source);
  fs.mkdirSync(path.join(root, '.calibrate'), { recursive: true });
  fs.writeFileSync(path.join(root, '.calibrate/report.yaml'), text);
  return { root, urlLine: text.split('\n').findIndex(l => l.startsWith('  url:')) + 1 };
}

/** A local server that answers every request with `status` and records the Authorization headers it got. */
async function server(status: number, body: string): Promise<{ url: string; seen: (string | undefined)[]; close(): Promise<void> }> {
  const seen: (string | undefined)[] = [];
  const s = http.createServer((req, res) => {
    seen.push(req.headers.authorization);
    req.resume();
    req.on('end', () => res.writeHead(status, { 'content-type': 'application/json' }).end(body));
  });
  await new Promise<void>(r => s.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, seen, close: () => new Promise<void>(r => s.close(() => r())) };
}

const settings = { configPath: '.calibrate/report.yaml', maxCsvBytes: 1e6 };

describe('Prometheus source on the host and the command line', () => {
  const roots: string[] = [];
  after(() => roots.forEach(r => fs.rmSync(r, { recursive: true, force: true })));

  it('credentials are kept by the URL origin, and only well-formed entries are read', async () => {
    const secrets = memorySecrets();
    const creds = new SourceCredentials(secrets);
    const changed: string[] = [];
    creds.onDidChange(o => changed.push(o));
    await creds.set('https://prom.example:9090/prometheus', { bearer: SECRET });
    assert.deepEqual(await creds.get('https://prom.example:9090/other/path'), { bearer: SECRET });
    assert.equal(await creds.get('https://prom.example:9091'), undefined);
    assert.equal(await creds.get('http://prom.example:9090'), undefined);
    await creds.set('http://vm:8428', { basic: { user: 'ci', password: 'pw' } });
    assert.deepEqual(await creds.get('http://vm:8428'), { basic: { user: 'ci', password: 'pw' } });
    await secrets.store('calibrate.source:http://bad', '{"bearer": 3}');
    assert.equal(await creds.get('http://bad'), undefined);
    await creds.clear('https://prom.example:9090');
    assert.equal(await creds.get('https://prom.example:9090'), undefined);
    assert.deepEqual(changed, ['https://prom.example:9090', 'http://vm:8428', 'http://bad', 'https://prom.example:9090']);
    assert.equal(credentialOrigin('ftp://x'), undefined);
  });

  it('the command line reads credentials from the environment', () => {
    assert.deepEqual(envCredentials({ CALIBRATE_PROMETHEUS_TOKEN: ' t ' }), { bearer: 't' });
    assert.deepEqual(envCredentials({ CALIBRATE_PROMETHEUS_USER: 'u', CALIBRATE_PROMETHEUS_PASSWORD: 'p' }), { basic: { user: 'u', password: 'p' } });
    assert.equal(envCredentials({}), undefined);
  });

  it('the credentials are sent, and appear in no error (a 401)', async () => {
    const s = await server(401, '{"status":"error","error":"unauthorized"}');
    const { root, urlLine } = workspace(s.url);
    roots.push(root);
    try {
      let remote = 0;
      const fetched = await fetchRemoteDataset(root, 'demo', settings, 0, { auth: () => ({ bearer: SECRET }), onRemote: () => remote++ }).catch(
        (x: unknown) => x,
      );
      assert.ok(fetched instanceof ReportLoadError);
      assert.equal(remote, 1, 'a failed load of a remote source is still a remote one (new credentials reload it)');
      const e = await loadReportTable(root, 'demo', settings, { now: () => 0 }, undefined, undefined, { auth: () => ({ bearer: SECRET }) }).then(
        () => assert.fail('expected a 401'),
        (x: unknown) => x,
      );
      assert.ok(e instanceof ReportLoadError, String(e));
      assert.match(e.problem.message, /answered HTTP 401 \(unauthorized\).*Set Data Source Credentials/);
      assert.equal(e.problem.line, urlLine);
      assert.ok(s.seen.includes(`Bearer ${SECRET}`), 'the token was sent');
      assert.ok(!JSON.stringify(e.problem).includes(SECRET) && !String((e as Error).stack).includes(SECRET), 'the token is in no error');
      const b64 = Buffer.from('ci:pw').toString('base64');
      const basic = await loadReportTable(root, 'demo', settings, { now: () => 0 }, undefined, undefined, {
        auth: () => ({ basic: { user: 'ci', password: 'pw' } }),
      }).catch((x: unknown) => x as ReportLoadError);
      assert.ok(s.seen.includes(`Basic ${b64}`));
      assert.ok(!JSON.stringify((basic as ReportLoadError).problem).includes(b64) && !JSON.stringify((basic as ReportLoadError).problem).includes('pw'));
    } finally {
      await s.close();
    }
  });

  it('an untrusted workspace contacts no source: the problem says so, at the url line, with the trust action', async () => {
    const s = await server(200, '{}');
    const { root, urlLine } = workspace(s.url);
    roots.push(root);
    let asked = false;
    try {
      const e = await loadReportTable(root, 'demo', settings, { now: () => 0 }, undefined, undefined, {
        contact: false,
        auth: () => {
          asked = true;
          return { bearer: SECRET };
        },
      }).then(
        () => assert.fail('expected the untrusted problem'),
        (x: unknown) => x,
      );
      assert.ok(e instanceof ReportLoadError);
      assert.match(e.problem.message, /^This workspace is not trusted, so Calibrate does not contact the data source at http:\/\/127\.0\.0\.1:\d+/);
      assert.equal(e.problem.action, UNTRUSTED_SOURCE);
      assert.equal(e.problem.line, urlLine);
      assert.equal(s.seen.length, 0, 'no request');
      assert.equal(asked, false, 'no credentials read');
    } finally {
      await s.close();
    }
  });

  it('the trust action reaches the webview, and its request is validated', () => {
    const problem = { message: 'This workspace is not trusted…', file: 'r.yaml', line: 4, action: 'trustWorkspace' as const };
    const fitted = fitForWebview({ type: 'loadError', problem });
    assert.deepEqual(fitted, { type: 'loadError', problem });
    assert.equal(parseToWebview({ channel: 'report', id: 1, body: fitted }).body.type, 'loadError');
    assert.throws(() => parseToWebview({ channel: 'report', id: 1, body: { type: 'loadError', problem: { message: 'x', action: 'runShell' } } }), /loadError/);
    assert.equal(parseFromWebview({ channel: 'report', id: 1, body: { type: 'trustWorkspace' } }).body.type, 'trustWorkspace');
    assert.throws(() => parseFromWebview({ channel: 'report', id: 1, body: { type: 'trustWorkspace', url: 'x' } }), /trustWorkspace carries nothing/);
  });

  it('calibrate check: a Prometheus config is checked without contacting the server; --probe contacts it', async () => {
    const s = await server(503, 'down');
    const { root, urlLine } = workspace(s.url);
    roots.push(root);
    try {
      const quiet = await check({ root, configPath: settings.configPath, maxCsvBytes: 1e6, now: Date.now() });
      assert.equal(s.seen.length, 0, 'no request without --probe');
      assert.deepEqual(
        quiet.problems.filter(p => p.severity === 'error'),
        [],
      );
      const probed = await check({ root, configPath: settings.configPath, maxCsvBytes: 1e6, now: Date.now(), probe: true });
      assert.ok(s.seen.length > 0, 'the probe asked the server');
      const err = probed.problems.find(p => p.severity === 'error');
      assert.equal(err?.line, urlLine);
      assert.match(err!.text, /answered HTTP 503/);
    } finally {
      await s.close();
    }
  });

  it('a CSV config is not a remote source: the host fetches nothing and leaves it to the worker', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'calibrate-csv-'));
    roots.push(root);
    fs.mkdirSync(path.join(root, '.calibrate'));
    fs.writeFileSync(path.join(root, '.calibrate/report.yaml'), generateDemo().files['.calibrate/report.yaml']!);
    let remote = 0;
    assert.equal(await fetchRemoteDataset(root, 'demo', settings, 0, { onRemote: () => remote++ }), undefined);
    // A missing or broken config too: the worker reports it, with all its problems.
    assert.equal(await fetchRemoteDataset(root, 'demo', { ...settings, configPath: '.calibrate/none.yaml' }, 0, {}), undefined);
    assert.equal(remote, 0);
  });

  it('calibrate check: a bad Prometheus config is an error at its line', async () => {
    const { root } = workspace('http://127.0.0.1:9', '  step: 5m\n');
    roots.push(root);
    const r = await check({ root, configPath: settings.configPath, maxCsvBytes: 1e6, now: Date.now() });
    const err = r.problems.find(p => p.severity === 'error');
    assert.ok(err && err.line !== undefined, JSON.stringify(r.problems));
    assert.match(err.text, /step 5m is not 1 hour/);
    const text = fs.readFileSync(path.join(root, settings.configPath), 'utf8').split('\n');
    assert.match(text[err.line - 1]!, /step: 5m/);
  });
});
