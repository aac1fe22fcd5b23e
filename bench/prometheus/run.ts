// Prometheus source benchmark (issue 15, ADR 0022): the demo's history (30 series x 4 metrics) read
// from a real Prometheus and a real VictoriaMetrics on 127.0.0.1 (Debian's packages, started and
// backfilled by scripts/metrics-servers.mjs), against the CSV read of the same data in the same run.
//   npm run bench:prometheus [-- --runs 5]
// Per server and run: a cold load of 6 weeks (a new cache), then a refresh one hour later (the same
// cache: only the new hour and the hours still arriving are asked for). Prints the medians, the
// request counts and the reply bytes, and each against the CSV read (readCsvSource, as the worker).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseReportConfig, type PrometheusSourceConfig, type ReportConfig } from '../../src/core/config/reportConfig';
import { CSV_PATH, generateDemo } from '../../src/core/demo';
import { PrometheusCache, prometheusDataSource } from '../../src/sources/prometheus';
import { readCsvSource } from '../../src/workspace/reportFiles';
import type { MetricsServer } from '../../scripts/metrics-servers.mjs';

const HOUR = 3_600_000;
const METRICS = ['page_views', 'signups', 'job_applies', 'messages_sent'];
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 5) || 5;
const demo = generateDemo();

function config(url: string): ReportConfig<PrometheusSourceConfig> {
  const queries = METRICS.map(m => `    ${m}:\n      query: sum by (country, platform) (${m})\n`).join('');
  const text = demo.files['.calibrate/report.yaml']!.replace(
    /source:\n {2}type: csv\n {2}path: .*\n/,
    `source:\n  type: prometheus\n  url: ${url}\n  history: 6w\n  queries:\n${queries}`,
  );
  return parseReportConfig(text, '.calibrate/report.yaml', { prometheus: true }) as ReportConfig<PrometheusSourceConfig>;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number): string => `${x.toFixed(0)} ms`;

interface Row {
  cold: number[];
  refresh: number[];
  coldRequests: number;
  coldBytes: number;
  refreshRequests: number;
  refreshBytes: number;
  series: number;
  hours: number;
}

async function measure(server: MetricsServer): Promise<Row> {
  const c = config(server.url);
  const row: Row = { cold: [], refresh: [], coldRequests: 0, coldBytes: 0, refreshRequests: 0, refreshBytes: 0, series: 0, hours: 0 };
  for (let i = 0; i < runs; i++) {
    let now = c.asOf! - HOUR;
    const src = prometheusDataSource({ config: c, configFile: '.calibrate/report.yaml', clock: { now: () => now }, cache: new PrometheusCache() });
    let t0 = performance.now();
    const cold = await src.read();
    row.cold.push(performance.now() - t0);
    const after = { ...src.stats };
    now = c.asOf!;
    t0 = performance.now();
    const warm = await src.read();
    row.refresh.push(performance.now() - t0);
    if (warm.end !== cold.end + HOUR) throw new Error('the refresh did not add the new hour');
    Object.assign(row, {
      coldRequests: after.requests,
      coldBytes: after.bytes,
      refreshRequests: src.stats.requests - after.requests,
      refreshBytes: src.stats.bytes - after.bytes,
      series: cold.series.length,
      hours: cold.series[0]!.values.length,
    });
  }
  return row;
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'calibrate-bench-prom-'));
  fs.mkdirSync(path.join(root, path.dirname(CSV_PATH)), { recursive: true });
  fs.writeFileSync(path.join(root, CSV_PATH), demo.csv);
  const t0 = Date.now();
  // Imported, not required: the script is an ES module with top-level await.
  const { startPrometheus, startVictoriaMetrics } = await import('../../scripts/metrics-servers.mjs');
  const [prom, vm] = await Promise.all([startPrometheus({ csv: demo.csv }), startVictoriaMetrics({ csv: demo.csv })]);
  console.log(`servers up in ${Date.now() - t0} ms (prometheus ${prom.url}, victoria-metrics ${vm.url}); ${runs} runs each, medians`);
  try {
    const csv: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      await readCsvSource(root, CSV_PATH, 1e9);
      csv.push(performance.now() - s);
    }
    const csvMs = median(csv);
    console.log(`CSV (${(Buffer.byteLength(demo.csv) / 1e6).toFixed(1)} MB, ${demo.csv.split('\n').length - 2} rows, the whole demo history): ${ms(csvMs)}`);
    console.log('| server | cold 6 w: time | requests | bytes | vs CSV | refresh +1 h: time | requests | bytes | vs CSV |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const [name, server] of [
      ['Prometheus', prom],
      ['VictoriaMetrics', vm],
    ] as const) {
      const r = await measure(server);
      const [cold, refresh] = [median(r.cold), median(r.refresh)];
      console.log(
        `| ${name} (${r.series} series x ${r.hours} h) | ${ms(cold)} | ${r.coldRequests} | ${r.coldBytes.toLocaleString('en-US')} | ${(cold / csvMs).toFixed(2)}x ` +
          `| ${ms(refresh)} | ${r.refreshRequests} | ${r.refreshBytes.toLocaleString('en-US')} | ${(refresh / csvMs).toFixed(2)}x |`,
      );
      const ok = cold < 3000 && refresh < 300 && r.refreshRequests <= METRICS.length;
      if (!ok) process.exitCode = 1;
      console.log(
        `  targets: cold < 3 s ${cold < 3000 ? 'met' : 'MISSED'}; refresh < 300 ms ${refresh < 300 ? 'met' : 'MISSED'}; <= 1 request per metric ${r.refreshRequests <= METRICS.length ? 'met' : 'MISSED'}`,
      );
    }
  } finally {
    await Promise.all([prom.stop(), vm.stop()]);
    fs.rmSync(root, { recursive: true, force: true });
  }
}

void main();
