// The Prometheus source against REAL servers on 127.0.0.1 (Debian's prometheus and victoria-metrics,
// installed by scripts/runtime/setup.sh, started by scripts/metrics-servers.mjs): the demo's history
// read from the CSV, from Prometheus and from VictoriaMetrics gives identical numbers; a refresh asks
// only for new hours; and the three faults end in the documented message or in success.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseReportConfig, type PrometheusSourceConfig, type ReportConfig } from '../../../src/core/config/reportConfig';
import { parseLongCsv } from '../../../src/core/csv';
import { CSV_PATH, generateDemo } from '../../../src/core/demo';
import type { Dataset } from '../../../src/core/types';
import { nodeTransport, PrometheusCache, PrometheusSourceError, prometheusDataSource, type Transport } from '../../../src/sources/prometheus';
import type { MetricsServer } from '../../../scripts/metrics-servers.mjs';

const HOUR = 3_600_000;
const demo = generateDemo();
const METRICS = ['page_views', 'signups', 'job_applies', 'messages_sent'];

/** The demo's own report config, its CSV source swapped for a Prometheus source at `url`. */
function demoConfig(url: string, opts: { history?: string; timeout?: string } = {}): ReportConfig<PrometheusSourceConfig> {
  const queries = METRICS.map(m => `    ${m}:\n      query: sum by (country, platform) (${m})\n`).join('');
  const source = `source:\n  type: prometheus\n  url: ${url}\n  history: ${opts.history ?? '8w'}\n  timeout: ${opts.timeout ?? '15s'}\n  queries:\n${queries}`;
  const text = demo.files['.calibrate/report.yaml']!.replace(/source:\n {2}type: csv\n {2}path: .*\n/, source);
  return parseReportConfig(text, '.calibrate/report.yaml', { prometheus: true }) as ReportConfig<PrometheusSourceConfig>;
}

const fast = { retries: 3, backoffMs: 50, maxRetryAfterMs: 5000 };

function load(
  url: string,
  o: { history?: string; timeout?: string; cache?: PrometheusCache; now?: () => number; transport?: Transport; parallelism?: number; maxPoints?: number } = {},
) {
  const config = demoConfig(url, o);
  return prometheusDataSource({
    config,
    configFile: '.calibrate/report.yaml',
    clock: { now: o.now ?? (() => config.asOf!) },
    retry: fast,
    ...(o.cache ? { cache: o.cache } : {}),
    ...(o.transport ? { transport: o.transport } : {}),
    ...(o.parallelism ? { parallelism: o.parallelism } : {}),
    ...(o.maxPoints ? { maxPoints: o.maxPoints } : {}),
  });
}

/** Series by metric and slice, for comparing data sets whatever their series order. */
function numbers(d: Dataset): Map<string, number[]> {
  return new Map(d.series.map(s => [`${s.metric}${JSON.stringify(d.dimensions.map(k => s.dims[k]))}`, [...s.values]]));
}

function assertSameNumbers(a: Dataset, b: Dataset): void {
  assert.deepEqual([a.dimensions, [...a.metrics].sort(), a.start, a.end, a.step], [b.dimensions, [...b.metrics].sort(), b.start, b.end, b.step]);
  const [x, y] = [numbers(a), numbers(b)];
  assert.deepEqual([...x.keys()].sort(), [...y.keys()].sort());
  for (const [k, v] of x) assert.deepEqual(v, y.get(k), k);
  assert.equal(a.gaps.length, b.gaps.length);
}

/** A local HTTP proxy to `target` that can delay or fail requests (the slow server, the 503s). */
async function proxy(target: string, behave: (n: number) => { delayMs?: number; status?: number }): Promise<{ url: string; close(): Promise<void> }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    const { delayMs = 0, status } = behave(++n);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () =>
      setTimeout(() => {
        if (status) return res.writeHead(status, { 'content-type': 'text/plain' }).end('service unavailable (proxy)');
        const up = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, r => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        });
        up.on('error', () => res.destroy());
        up.end(Buffer.concat(chunks));
      }, delayMs),
    );
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}

describe('Prometheus source: real Prometheus and VictoriaMetrics', function () {
  this.timeout(120_000);
  let prom: MetricsServer;
  let vm: MetricsServer;
  let csv: Dataset;

  before(async () => {
    const servers = await import('../../../scripts/metrics-servers.mjs');
    const t0 = Date.now();
    [prom, vm] = await Promise.all([servers.startPrometheus({ csv: demo.csv }), servers.startVictoriaMetrics({ csv: demo.csv })]);
    console.log(`      servers up in ${Date.now() - t0} ms: prometheus ${JSON.stringify(prom.timings)}, victoria-metrics ${JSON.stringify(vm.timings)}`);
    csv = parseLongCsv(demo.csv, CSV_PATH);
  });
  after(async () => {
    await Promise.all([prom?.stop(), vm?.stop()]);
  });

  it('the demo from CSV, from Prometheus and from VictoriaMetrics: identical numbers', async () => {
    const fromProm = await load(prom.url).read();
    const fromVm = await load(vm.url).read();
    assert.equal(fromProm.series.length, 120);
    assertSameNumbers(fromProm, csv);
    assertSameNumbers(fromVm, csv);
  });

  for (const which of ['prometheus', 'victoria-metrics'] as const)
    it(`${which}: cold load of 6 weeks, then a refresh with one new hour asks one request per metric`, async () => {
      const url = which === 'prometheus' ? prom.url : vm.url;
      const cache = new PrometheusCache();
      const asOf = demoConfig(url).asOf!;
      let now = asOf - HOUR; // one hour before the demo's clock, so the next hour exists in the data
      const src = load(url, { history: '6w', cache, now: () => now });
      let t0 = performance.now();
      const cold = await src.read();
      const coldMs = performance.now() - t0;
      const coldStats = { ...src.stats };
      assert.equal(cold.series.length, 120);
      assert.equal(cold.series[0]!.values.length, 6 * 7 * 24);
      now = asOf;
      t0 = performance.now();
      const warm = await src.read();
      const warmMs = performance.now() - t0;
      const asked = { requests: src.stats.requests - coldStats.requests, bytes: src.stats.bytes - coldStats.bytes };
      console.log(
        `      ${which}: cold 6w x 30 series x 4 metrics: ${coldMs.toFixed(0)} ms, ${coldStats.requests} requests, ${coldStats.bytes} bytes; ` +
          `refresh +1 hour: ${warmMs.toFixed(0)} ms, ${asked.requests} requests, ${asked.bytes} bytes`,
      );
      assert.ok(asked.requests <= METRICS.length, `${asked.requests} requests`);
      assert.equal(warm.end, cold.end + HOUR);
      // The refreshed window equals the CSV's last 6 weeks.
      const n = warm.series[0]!.values.length;
      const off = (warm.start - csv.start) / HOUR;
      const tail = numbers({ ...csv, series: csv.series.map(s => ({ ...s, values: s.values.slice(off, off + n) })) });
      for (const [k, v] of numbers(warm)) assert.deepEqual(v, tail.get(k), k);
    });

  it('503 twice, then success', async () => {
    const p = await proxy(prom.url, n => (n <= 2 ? { status: 503 } : {}));
    try {
      const src = load(p.url, { parallelism: 1 });
      assertSameNumbers(await src.read(), csv);
      assert.equal(src.stats.retries, 2);
    } finally {
      await p.close();
    }
  });

  it('a slow server past the timeout: the timeout message', async () => {
    const p = await proxy(vm.url, () => ({ delayMs: 3000 }));
    try {
      const t0 = Date.now();
      const e = await load(p.url, { timeout: '500ms' })
        .read()
        .then(
          () => assert.fail('expected a timeout'),
          (x: unknown) => x,
        );
      assert.ok(e instanceof PrometheusSourceError && e.failure === 'timeout', String(e));
      assert.match(e.message, /did not answer the query of \w+ within 500 ms\. Expected an answer within source\.timeout: raise it, or make the query cheaper/);
      assert.ok(Date.now() - t0 < 2500, `${Date.now() - t0} ms`);
    } finally {
      await p.close();
    }
  });

  // Last: it kills the shared Prometheus.
  it('the server killed during a load: the unreachable message', async () => {
    let sent = 0;
    const real = nodeTransport();
    const killing: Transport = async req => {
      if (++sent === 5) await prom.stop({ kill: true });
      return real(req);
    };
    // Small windows, one at a time, so the load is many requests long and the kill lands in its middle.
    const e = await load(prom.url, { transport: killing, parallelism: 1, maxPoints: 100 })
      .read()
      .then(
        () => assert.fail('expected a failure'),
        (x: unknown) => x,
      );
    assert.ok(e instanceof PrometheusSourceError && e.failure === 'unreachable', String(e));
    assert.match(
      e.message,
      /nothing answers at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)\. Expected a server listening at source\.url: start it, or correct the URL and port\./,
    );
    assert.equal(sent, 5 + fast.retries, 'retried, then gave up');
  });
});
