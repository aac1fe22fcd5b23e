// The report read from a real Prometheus (ADR 0022) as a user sees it: the packaged .vsix in a real
// VS Code (code-server) in headless Chromium, the demo workspace's config pointed at a Prometheus
// started here on 127.0.0.1 (Debian's prometheus, backfilled with the demo's CSV by
// scripts/metrics-servers.mjs). Screenshot: test-results/report-prometheus.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { MetricsServer } from '../../scripts/metrics-servers.mjs';
import { openDemoWorkbench, findFrame, paintedPixels, runCommand } from './workbench';

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'test-results');
const METRICS = ['page_views', 'signups', 'job_applies', 'messages_sent'];

describe('metrics report from Prometheus in the browser (e2e)', function () {
  let workbench: Awaited<ReturnType<typeof openDemoWorkbench>> | undefined;
  let prom: MetricsServer | undefined;
  let page: Page;
  let frame: Frame;

  before(async function () {
    this.timeout(900_000);
    workbench = await openDemoWorkbench('calibrate-e2e-prom-');
    page = workbench.page;
    const servers = await import('../../scripts/metrics-servers.mjs');
    const ws = workbench.workspace;
    prom = await servers.startPrometheus({ csv: fs.readFileSync(path.join(ws, 'data/metrics.csv'), 'utf8') });
    // The team's config, its source moved from the CSV to the Prometheus that holds the same history.
    const file = path.join(ws, '.calibrate/report.yaml');
    const queries = METRICS.map(m => `    ${m}:\n      query: sum by (country, platform) (${m})\n`).join('');
    const text = fs
      .readFileSync(file, 'utf8')
      .replace(/source:\n {2}type: csv\n {2}path: .*\n/, `source:\n  type: prometheus\n  url: ${prom.url}\n  history: 8w\n  queries:\n${queries}`);
    assert.match(text, /type: prometheus/);
    fs.writeFileSync(file, text);
  });

  after(async () => {
    await workbench?.close();
    await prom?.stop();
  });

  it('opens the report read from Prometheus: 24 hour columns, the anomalies, the source named', async () => {
    await runCommand(page, 'Calibrate: Open Metrics Report');
    frame = await findFrame(page, 'table.report');
    await frame.waitForSelector('#app[data-analysis="done"]', { timeout: 90_000 });
    assert.equal(await frame.locator('thead th[data-hour]').count(), 24);
    assert.equal(await frame.locator('table.report tbody tr').count(), 5, 'five metrics in the demo config');
    assert.match(await frame.locator('.report-header .meta').innerText(), new RegExp(`source ${prom!.url.replace(/[.:/]/g, '\\$&')}`));
    assert.ok((await frame.locator('.anomaly').count()) >= 1, 'the demo anomalies, from Prometheus');
    await page.waitForTimeout(500);
    assert.ok((await paintedPixels(frame, '#week-chart')) > 2000, 'chart painted');
    fs.mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: path.join(OUT, 'report-prometheus.png') });
  });
});
