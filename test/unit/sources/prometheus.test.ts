// The Prometheus source against a fake server: config, windows, retries, errors (each naming what
// to do, never the credentials), cancellation, and the incremental cache's request counts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseReportConfig, type PrometheusSourceConfig, type ReportConfig } from '../../../src/core/config/reportConfig';
import { QUERY_KEYS } from '../../../src/core/config/configKeys';
import { InputError } from '../../../src/core/types';
import { PrometheusCache, PrometheusSourceError, prometheusDataSource, type PrometheusAuth, type PrometheusFailure } from '../../../src/sources/prometheus';
import { fakePrometheus, reply, SLICES, valueAt, type FakeServer } from './prometheusFake';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-03T17:20:00Z');
const TOKEN = 'tok-SECRET-9f3a';
const PASSWORD = 'pw-SECRET-77';

const yaml = (source: string, extra = '') => `version: 1
timezone: UTC
${extra}source:
${source}metrics:
  - id: page_views
  - id: signups
  - id: signup_rate
    ratio: { numerator: signups, denominator: page_views }
dimensions:
  country: {}
  platform: {}
`;
const PROM = `  type: prometheus
  url: http://prom.test:9090/
  history: 6w
  timeout: 2s
  headers: { X-Scope-OrgID: team-a }
  queries:
    page_views:
      query: sum by (country, platform) (increase(page_views_total[1h]))
    signups:
      query: sum by (country, platform) (increase(signups_total[1h]))
`;

const parse = (text: string) => parseReportConfig(text, '.calibrate/report.yaml', { prometheus: true });
const config = (source = PROM, extra = '') => parse(yaml(source, extra)) as ReportConfig<PrometheusSourceConfig>;

function errorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof InputError, String(e));
    return e;
  }
  return assert.fail('expected an InputError');
}

function source(
  server: FakeServer,
  opts: { now?: () => number; auth?: PrometheusAuth; cache?: PrometheusCache; maxPoints?: number; cfg?: ReportConfig<PrometheusSourceConfig> } = {},
) {
  return prometheusDataSource({
    config: opts.cfg ?? config(),
    configFile: '.calibrate/report.yaml',
    clock: { now: opts.now ?? (() => NOW) },
    transport: server.transport,
    retry: { retries: 3, backoffMs: 1, maxRetryAfterMs: 2000 },
    ...(opts.auth ? { auth: opts.auth } : {}),
    ...(opts.cache ? { cache: opts.cache } : {}),
    ...(opts.maxPoints ? { maxPoints: opts.maxPoints } : {}),
  });
}

async function failureOf(p: Promise<unknown>): Promise<PrometheusSourceError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof PrometheusSourceError, String(e));
    return e;
  }
  return assert.fail('expected a PrometheusSourceError');
}

describe('Prometheus source: config', () => {
  it('parses the source: url, step, history, timeout, headers, queries with their lines', () => {
    const c = config();
    const s = c.source;
    assert.equal(s.type, 'prometheus');
    assert.equal(s.url, 'http://prom.test:9090');
    assert.deepEqual([s.step, s.history, s.timeout, s.maxSeries], [HOUR, 6 * 7 * 24 * HOUR, 2000, 1000]);
    assert.deepEqual({ ...s.headers }, { 'X-Scope-OrgID': 'team-a' });
    assert.deepEqual(Object.keys(s.queries), ['page_views', 'signups']);
    assert.equal(s.queries.page_views!.at?.line, 11);
    assert.deepEqual({ ...s.queries.signups!.labels }, {});
  });

  it('is refused where only CSV is read (the host until it is wired), with its line', () => {
    const e = errorOf(() => parseReportConfig(yaml(PROM), 'r.yaml'));
    assert.match(e.message, /^r\.yaml:4:9: unsupported source type: .*prometheus.*Expected source type `csv`\.$/);
  });

  const cases: [string, string, RegExp][] = [
    ['history under 6 weeks', PROM.replace('history: 6w', 'history: 2w'), /:6:\d+: history 2w is under 6 weeks\. Expected at least 6w/],
    ['a step other than 1h', PROM.replace('history: 6w', 'step: 5m'), /:6:\d+: step 5m is not 1 hour\. Expected `1h`/],
    ['a bad duration', PROM.replace('timeout: 2s', 'timeout: soon'), /:7:\d+: source\.timeout is the text "soon", not a duration/],
    [
      'an Authorization header',
      PROM.replace('X-Scope-OrgID: team-a', 'Authorization: Bearer x'),
      /:8:\d+: header Authorization would put a credential in a file shared through git\. Expected credentials set with Calibrate: Set Data Source Credentials/,
    ],
    ['credentials in the url', PROM.replace('http://prom.test', 'http://me:pw@prom.test'), /:5:\d+: the url holds credentials/],
    ['a metric without a query', PROM.replace(/ {4}signups:\n.*\n/, ''), /no query for "signups"/],
    ['a query for no metric', `${PROM}    orders:\n      query: x\n`, /:14:\d+: query for "orders", which is not a metric of the report/],
    ['a caFile outside the workspace', `${PROM}  caFile: ../ca.pem\n`, /source caFile "\.\.\/ca\.pem" leaves the workspace/],
  ];
  for (const [what, src, re] of cases) it(`refuses ${what}, at its line`, () => assert.match(errorOf(() => parse(yaml(src))).message, re));

  it('warns about an unknown key in a query, at its line', () => {
    const c = parse(
      yaml(
        PROM.replace(
          '      query: sum by (country, platform) (increase(signups',
          '      lables: {}\n      query: sum by (country, platform) (increase(signups',
        ),
      ),
    );
    assert.match(c.warnings![0]!.text, /unknown key `lables` in the query of `signups` is ignored \(did you mean `labels`\?\)/);
    assert.equal(c.warnings![0]!.line, 13);
  });

  it('warns about a key of the other source type, at its line', () => {
    const csv = parseReportConfig(yaml('  type: csv\n  path: d.csv\n  url: http://x\n'), 'r.yaml');
    assert.deepEqual(
      csv.warnings?.map(w => [w.line, w.text]),
      [[6, '`url` is not read with `type: csv` and is ignored. Expected only the keys of a csv source.']],
    );
    assert.equal(config(`${PROM}  path: d.csv\n`).warnings?.[0]?.line, 14);
  });

  it('the JSON schema lists the same query keys', () => {
    const schema = JSON.parse(readFileSync(resolve(__dirname, '../../../media/schema/report.schema.json'), 'utf8'));
    assert.deepEqual(Object.keys(schema.properties.source.properties.queries.additionalProperties.properties).sort(), [...QUERY_KEYS].sort());
  });
});

describe('Prometheus source: loading', () => {
  it('builds the Dataset the CSV source would: hour buckets, dimensions, series in order', async () => {
    const server = fakePrometheus();
    const data = await source(server).read();
    assert.deepEqual(data.dimensions, ['country', 'platform']);
    assert.deepEqual(data.metrics, ['page_views', 'signups']);
    assert.equal(data.step, HOUR);
    const to = Math.floor(NOW / HOUR) * HOUR + HOUR; // through the partial hour 17:00
    assert.equal(data.end, to);
    assert.equal(data.start, to - 6 * 7 * 24 * HOUR);
    assert.equal(data.series.length, 6);
    assert.deepEqual(data.series.map(s => `${s.metric}:${s.dims.country}/${s.dims.platform}`).slice(0, 3), [
      'page_views:DE/web',
      'page_views:US/ios',
      'page_views:US/web',
    ]);
    // The value at evaluation time E is the hour ending at E: bucket E - 1h.
    const s = data.series[0]!;
    const q = config().source.queries.page_views!.query;
    assert.equal(s.values[5], valueAt(q, { country: 'DE', platform: 'web' }, (data.start + 6 * HOUR) / 1000));
    assert.deepEqual(data.gaps, []);
    // One request per metric, with the config's headers and the credentials.
    assert.equal(server.calls.length, 2);
    assert.equal(server.calls[0]!.headers['X-Scope-OrgID'], 'team-a');
  });

  it('sends bearer and basic credentials as Authorization', async () => {
    const a = fakePrometheus();
    await source(a, { auth: { bearer: TOKEN } }).read();
    assert.equal(a.calls[0]!.headers.authorization, `Bearer ${TOKEN}`);
    const b = fakePrometheus();
    await source(b, { auth: { basic: { user: 'me', password: PASSWORD } } }).read();
    assert.equal(b.calls[0]!.headers.authorization, `Basic ${Buffer.from(`me:${PASSWORD}`).toString('base64')}`);
  });

  it('splits the history so no request exceeds the points-per-series limit', async () => {
    const server = fakePrometheus();
    const data = await source(server, { maxPoints: 100 }).read();
    assert.equal(server.calls.length, 2 * Math.ceil(1008 / 100));
    for (const c of server.calls) assert.ok((c.end - c.start) / c.step + 1 <= 100, `${(c.end - c.start) / c.step + 1} points`);
    assert.equal(data.series[0]!.values.length, 1008);
    assert.ok(data.series.every(s => s.values.every(v => Number.isFinite(v))));
  });

  it('incremental refresh: one new hour is one request per metric, for the hours not yet final', async () => {
    const server = fakePrometheus();
    const cache = new PrometheusCache();
    let now = NOW;
    const cfg = config(PROM, 'settleMinutes: 30\n');
    const src = source(server, { now: () => now, cache, cfg });
    await src.read();
    assert.equal(server.calls.length, 2);
    now += HOUR;
    const before = server.calls.length;
    const data = await src.read();
    const asked = server.calls.slice(before);
    assert.equal(asked.length, 2, 'one request per metric');
    // At 17:20 the hours 16:00 (settles at 17:30) and 17:00 were still arriving; at 18:20 they and the new
    // 18:00 are asked for, in one run: evaluation times 17:00 to 19:00 (each the end of its hour).
    for (const c of asked)
      assert.deepEqual(
        [new Date(c.start * 1000).toISOString(), new Date(c.end * 1000).toISOString()],
        ['2026-11-03T17:00:00.000Z', '2026-11-03T19:00:00.000Z'],
      );
    assert.equal(data.end, Math.floor(now / HOUR) * HOUR + HOUR);
    assert.equal(data.series[0]!.values.length, 1008, 'the window moved on: the oldest hour dropped');
    // Nothing new: the same load asks only for the hours still arriving.
    await src.read();
    assert.equal(server.calls.length, before + 4);
    assert.ok(src.stats.bytes > 0 && src.stats.requests === 6);
  });

  it('retries 503 twice then succeeds, and 429 with Retry-After', async () => {
    const server = fakePrometheus();
    server.script = [reply(503, 'busy'), reply(503, 'busy')];
    const src = source(server);
    const data = await src.read();
    assert.equal(data.series.length, 6);
    assert.equal(src.stats.retries, 2);
    const slow = fakePrometheus();
    slow.script = [reply(429, 'slow down', { 'retry-after': '1' })];
    const t0 = Date.now();
    await source(slow).read();
    assert.ok(Date.now() - t0 >= 950, 'waited for Retry-After');
  });

  it('does not retry a 4xx other than 429', async () => {
    const server = fakePrometheus();
    server.script = [reply(400, { status: 'error', errorType: 'bad_data', error: 'exceeded maximum resolution of 11,000 points per timeseries' })];
    const e = await failureOf(source(server).read());
    assert.equal(e.failure, 'http');
    assert.match(e.message, /answered HTTP 400 to the query of (page_views|signups): exceeded maximum resolution/);
    assert.equal(server.calls.length, 2); // the other metric's request, not a retry
  });

  // Each failure: its kind, its place in the config, what to do; never the credentials.
  const failures: [string, FakeServer['script'], PrometheusFailure, RegExp][] = [
    [
      'unreachable',
      Array(8).fill({ code: 'ECONNREFUSED' }),
      'unreachable',
      /:5:\d+: nothing answers at http:\/\/prom\.test:9090 \(connection refused\)\. Expected a server listening at source\.url: start it/,
    ],
    [
      'DNS failure',
      [{ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND prom.test' }],
      'dns',
      /cannot resolve prom\.test \(ENOTFOUND\)\. Expected a host name that resolves/,
    ],
    [
      'TLS failure',
      [{ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'unable to verify the first certificate' }],
      'tls',
      /TLS with prom\.test failed .*set source\.caFile to its PEM file/,
    ],
    ['HTTP 5xx', Array(8).fill(reply(502, 'bad gateway: upstream down')), 'http', /answered HTTP 502 after 4 attempts: bad gateway: upstream down/],
    [
      'HTTP 401',
      [reply(401, 'no token')],
      'http',
      /answered HTTP 401 \(unauthorized\): no token\. Expected credentials the server accepts: set them with Calibrate: Set Data Source Credentials/,
    ],
    [
      'a PromQL error',
      [reply(400, { status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:38: parse error: unexpected right parenthesis \')\'' })],
      'promql',
      /:11:\d+: the server refused the query of page_views at 1:38: .*parse error.*; query: sum by \(country, platform\) \(increase\( ⟨here⟩ page_views_total\[1h\]\)\)/,
    ],
    ['not the API', [reply(200, '<html>login</html>')], 'badResponse', /something other than the Prometheus API's JSON/],
  ];
  for (const [what, script, failure, re] of failures)
    it(`${what}: ${failure}, with what to do, and no credentials in the message`, async () => {
      for (const auth of [{ bearer: TOKEN }, { basic: { user: 'me', password: PASSWORD } }]) {
        const server = fakePrometheus();
        server.script = [...script];
        const e = await failureOf(source(server, { auth }).read());
        assert.equal(e.failure, failure);
        assert.match(e.message, re);
        for (const secret of [TOKEN, PASSWORD, Buffer.from(`me:${PASSWORD}`).toString('base64')]) {
          assert.ok(!e.message.includes(secret) && !String(e.stack).includes(secret) && !JSON.stringify(e).includes(secret), 'a credential leaked');
        }
      }
    });

  it('an empty result names the query and the window', async () => {
    const e = await failureOf(source(fakePrometheus(q => (q.includes('signups') ? [] : SLICES))).read());
    assert.equal(e.failure, 'empty');
    assert.match(e.message, /:13:\d+: the query of signups returned no series from 2026-09-22T18:00:00\.000Z to 2026-11-03T18:00:00\.000Z/);
  });

  it('a label a dimension needs, missing: names the label and the metric', async () => {
    const e = await failureOf(source(fakePrometheus(q => (q.includes('signups') ? [{ country: 'US' }] : SLICES))).read());
    assert.equal(e.failure, 'missingLabel');
    assert.match(e.message, /a series of signups has no label platform, which the dimension platform needs \(its labels: country\)/);
    const mapped = config(PROM.replace('    signups:\n', '    signups:\n      labels: { region: country }\n'));
    const m = await failureOf(source(fakePrometheus(), { cfg: mapped }).read());
    assert.match(m.message, /a series of signups has no label region, which the dimension country needs/);
  });

  it('maps labels to dimensions', async () => {
    const mapped = config(PROM.replace('    signups:\n', '    signups:\n      labels: { region: country }\n'));
    const server = fakePrometheus(q => (q.includes('signups') ? SLICES.map(s => ({ region: s.country, platform: s.platform })) : SLICES));
    const data = await source(server, { cfg: mapped }).read();
    assert.deepEqual(data.dimensions, ['country', 'platform']);
    assert.deepEqual(data.series[3]!.dims, { country: 'DE', platform: 'web' });
  });

  it('too many series: the cardinality guard says how many', async () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ country: `C${i}`, platform: 'web' }));
    const e = await failureOf(
      source(
        fakePrometheus(() => many),
        { cfg: config(`${PROM}  maxSeries: 10\n`) },
      ).read(),
    );
    assert.equal(e.failure, 'tooManySeries');
    assert.match(e.message, /returned 12 series\. Expected at most 10 series \(source\.maxSeries\): aggregate with sum by/);
  });

  it('a step mismatch: a range shorter than the step, before any request', async () => {
    const server = fakePrometheus();
    const e = await failureOf(source(server, { cfg: config(PROM.replace('page_views_total[1h]', 'page_views_total[5m]')) }).read());
    assert.equal(e.failure, 'stepMismatch');
    assert.match(e.message, /the query of page_views reads \[5m\] per 1h step.*Expected a range of the step \(1h\)/);
    assert.equal(server.calls.length, 0);
  });

  it('a timeout is not retried, and says what to do', async () => {
    const server = fakePrometheus();
    server.script = ['hang', 'hang'];
    const t0 = Date.now();
    const e = await failureOf(source(server, { cfg: config(PROM.replace('timeout: 2s', 'timeout: 200ms')) }).read());
    assert.equal(e.failure, 'timeout');
    assert.match(e.message, /did not answer the query of \w+ within 200 ms\. Expected an answer within source\.timeout/);
    assert.ok(Date.now() - t0 < 1500);
  });

  it('cancellation aborts the requests in flight and rejects with the reason', async () => {
    const server = fakePrometheus();
    server.script = ['hang', 'hang'];
    const ac = new AbortController();
    const p = source(server).read(ac.signal);
    await new Promise(r => setTimeout(r, 20));
    const reason = new Error('superseded');
    ac.abort(reason);
    await assert.rejects(p, e => e === reason);
    assert.ok(server.calls.every(c => c.signal.aborted));
  });
});
