// The report load in a worker thread (src/report/analysisHost.ts + analysisWorker.ts), run from the
// sources through tsx as icsIsolated's worker is: on a demo workspace generated with a seed no
// other test uses, it must give the very snapshot the in-process pipeline gives, stop when its
// signal aborts (its worker terminated), and bring a load error back with its file and line.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { analyze, presentReport } from '../../../src/core/pipeline';
import { analysisWorkerCounts, closeAnalysisWorkers, scheduling, startWorkerLoad, startWorkerSlice } from '../../../src/report/analysisHost';
import { sliceChart } from '../../../src/core/report/sliceChart';
import { loadReportTable, nodeYield, ReportLoadError, workspaceContextSources } from '../../../src/report/reportContext';
import { copier, generateDemo, tempDir } from '../helpers/demoWorkspace';

const SEED = '9009';
const settings = { configPath: '.calibrate/report.yaml', maxCsvBytes: 200 * 1024 * 1024 };
const NOW = Date.parse('2026-11-03T17:20:00Z');

/** Until `check` holds (a worker's exit is reported asynchronously). */
async function eventually(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) assert.fail(`${what} within ${ms} ms: ${JSON.stringify(analysisWorkerCounts())}`);
    await new Promise(r => setTimeout(r, 20));
  }
}

describe('report: the load in a worker thread', function () {
  this.timeout(180_000);
  let base: string;
  let demo: string;
  let copy: ReturnType<typeof copier>;

  before(() => {
    base = tempDir('calibrate-worker-');
    demo = generateDemo(base, SEED).workspace;
    copy = copier(base, demo);
  });
  after(async () => {
    // The starvation test turns the idle class off for the process: other suites start as the host does.
    scheduling.idleClass = true;
    scheduling.notes = undefined;
    await closeAnalysisWorkers();
    rmSync(base, { recursive: true, force: true });
  });

  it('gives the snapshot parts of the in-process pipeline, phase 1 then phase 2, and keeps its worker warm', async () => {
    const job = { root: demo, folderName: 'workspace', settings, trusted: true, now: NOW };
    const load = startWorkerLoad(job);
    const table = await load.table;
    const analysed = await load.analysis;

    const local = await loadReportTable(demo, 'workspace', settings, { now: () => NOW });
    const analysis = await analyze(local, { context: workspaceContextSources(demo, { zone: local.config.timezone, git: true }), yieldNow: nodeYield });
    // Deep and strict: the same values, and the same prototypes (records keyed by metric id have none).
    assert.deepStrictEqual(table.report, presentReport(local));
    assert.deepStrictEqual(analysed, presentReport(local, analysis));
    assert.deepStrictEqual(table.config, {
      ...(local.config.asOf !== undefined ? { asOf: local.config.asOf } : {}),
      settleMinutes: local.config.settleMinutes,
      timezone: local.config.timezone,
    });
    assert.equal(Object.getPrototypeOf(analysed.charts), null);
    // It is a real analysis: forecasts, the demo's deploys from git, explained anomalies.
    assert.ok(analysed.anomalies.length > 0);
    assert.ok(analysed.context.some(c => c.kind === 'deploy'));
    assert.ok(Object.values(analysed.charts).every(c => c.forecast !== undefined));

    // The finished worker waits for the folder's next load, which it serves with the same answer.
    await eventually(() => analysisWorkerCounts().idle === 1, 'the worker is kept warm');
    const spawned = analysisWorkerCounts().spawned;
    const again = startWorkerLoad(job);
    assert.deepStrictEqual(await again.table, table);
    assert.deepStrictEqual(await again.analysis, analysed);
    assert.equal(analysisWorkerCounts().spawned, spawned, 'no new worker');
  });

  it('reads no deploys in an untrusted workspace, and says why', async () => {
    const r = await startWorkerLoad({ root: demo, folderName: 'workspace', settings, trusted: false, now: NOW }).analysis;
    assert.ok(!r.context.some(c => c.kind === 'deploy'));
    assert.ok(r.warnings.includes('Deploys: Deploys from git are read only in a trusted workspace.'), r.warnings.join('\n'));
  });

  for (const when of ['during phase 1', 'during phase 2'] as const) {
    it(`stops when its signal aborts ${when}: the promises reject with the reason and the worker is terminated`, async () => {
      await closeAnalysisWorkers();
      await eventually(() => analysisWorkerCounts().live === 0, 'no worker left');
      const controller = new AbortController();
      const reason = new DOMException('superseded', 'AbortError');
      const load = startWorkerLoad({ root: demo, folderName: 'workspace', settings, trusted: true, now: NOW }, controller.signal);
      assert.equal(analysisWorkerCounts().live, 1);
      if (when === 'during phase 2') await load.table;
      controller.abort(reason);
      if (when === 'during phase 1') await assert.rejects(load.table, (e: unknown) => e === reason);
      const t0 = Date.now();
      await assert.rejects(load.analysis, (e: unknown) => e === reason);
      assert.ok(Date.now() - t0 < 100, 'at once, not after the analysis');
      await eventually(() => analysisWorkerCounts().live === 0, 'the worker is terminated');
      assert.equal(analysisWorkerCounts().idle, 0, 'not kept for the next load');
    });
  }

  it('does not start a worker for a signal already aborted', async () => {
    const spawned = analysisWorkerCounts().spawned;
    const reason = new Error('gone');
    const load = startWorkerLoad({ root: join(base, 'nowhere'), folderName: 'x', settings, trusted: false, now: NOW }, AbortSignal.abort(reason));
    await assert.rejects(load.table, (e: unknown) => e === reason);
    await assert.rejects(load.analysis, (e: unknown) => e === reason);
    assert.equal(analysisWorkerCounts().spawned, spawned);
  });

  it('brings a bad row back as a gap and a problem at its line, and a load error as a ReportLoadError with the file to fix', async () => {
    const badCsv = copy(ws => {
      const f = join(ws, 'data/metrics.csv');
      const lines = readFileSync(f, 'utf8').split('\n');
      lines[5] = lines[5].replace(/,(\d+),/, ',twelve,');
      writeFileSync(f, lines.join('\n'));
    });
    const load = startWorkerLoad({ root: badCsv, folderName: 'copy', settings, trusted: false, now: NOW });
    const isProblem =
      (file: string, line: number | undefined, message: RegExp) =>
      (e: unknown): boolean => {
        assert.ok(e instanceof ReportLoadError, String(e));
        assert.equal(e.problem.file, file);
        assert.equal(e.problem.line, line);
        assert.match(e.problem.message, message);
        return true;
      };
    const { report } = await load.table;
    const bad = report.problems.listed.filter(p => p.file === 'data/metrics.csv');
    assert.equal(bad.length, 1, JSON.stringify(report.problems));
    assert.equal(bad[0].line, 6);
    assert.match(bad[0].text, /bad value "twelve"/);
    assert.equal((await load.analysis).problems.count, report.problems.count, 'the analysis keeps the problems');

    const missing = startWorkerLoad({
      root: badCsv,
      folderName: 'copy',
      settings: { ...settings, configPath: '.calibrate/missing.yaml' },
      trusted: false,
      now: NOW,
    });
    await assert.rejects(missing.table, isProblem('.calibrate/missing.yaml', undefined, /^No report config at \.calibrate\/missing\.yaml in copy\. /));
  });

  it("charts a slice from the warm worker's last table, as the in-process core does, and says what is wrong with a bad slice", async () => {
    const job = { root: demo, folderName: 'workspace', settings, trusted: true, now: NOW };
    const load = startWorkerLoad(job);
    const { report } = await load.table;
    await load.analysis;
    const spawned = analysisWorkerCounts().spawned;
    const chart = await startWorkerSlice({ ...job, now: report.asOf, metric: 'page_views', dims: { platform: 'ios' } });
    assert.equal(analysisWorkerCounts().spawned, spawned, 'the warm worker answered');
    const local = await loadReportTable(demo, 'workspace', settings, { now: () => NOW });
    const expected = sliceChart(local.config, local.dataset, local.window, 'page_views', { platform: 'ios' });
    assert.deepStrictEqual(chart.thisWeek, expected.thisWeek);
    assert.deepStrictEqual(chart.forecast?.mean, expected.forecast?.mean);
    assert.ok(chart.forecast, chart.forecastProblem);
    await assert.rejects(
      startWorkerSlice({ ...job, now: report.asOf, metric: 'page_views', dims: { platform: 'blackberry' } }),
      /no data for platform=blackberry/,
    );
    await assert.rejects(startWorkerSlice({ ...job, now: report.asOf, metric: 'nope', dims: { platform: 'ios' } }), /"nope" is not a metric/);
  });

  it('without chrt a worker is only niced: its load is not watched for starvation, and completes', async () => {
    await closeAnalysisWorkers();
    const path = process.env.PATH;
    const before = analysisWorkerCounts();
    // A worker copies the environment when it starts: with no chrt on its PATH it cannot join the idle class.
    process.env.PATH = tempDir('calibrate-no-chrt-');
    let load;
    try {
      load = startWorkerLoad({ root: demo, folderName: 'workspace', settings, trusted: true, now: NOW });
    } finally {
      process.env.PATH = path;
    }
    let done = false;
    const analysed = load.analysis.finally(() => (done = true));
    await eventually(() => analysisWorkerCounts().watching === 0, 'the watch stops once the worker says it is not in the idle class', 20_000);
    assert.equal(done, false, 'the watch stopped before the load ended (not only with it)');
    assert.ok((await analysed).anomalies.length > 0, 'a whole analysis');
    assert.equal(analysisWorkerCounts().idleScheduled, before.idleScheduled, 'no worker joined the idle class');
    await closeAnalysisWorkers();
  });

  (process.platform === 'linux' ? it : it.skip)(
    'runs in the idle class, and moves a load starved by programs that keep every core busy to a niced worker (ADR 0026)',
    async () => {
      assert.ok(analysisWorkerCounts().idleScheduled >= 1, "the loads above ran in the idle class (util-linux's chrt)");
      await closeAnalysisWorkers();
      const notes: string[] = [];
      scheduling.notes = t => notes.push(t);
      const before = analysisWorkerCounts();
      // A build on every core: busy loops at the test's own priority.
      const hogs: ChildProcess[] = [];
      try {
        for (let i = 0; i < availableParallelism(); i++) hogs.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
        await new Promise(r => setTimeout(r, 300));
        const load = startWorkerLoad({ root: demo, folderName: 'workspace', settings, trusted: true, now: NOW });
        await eventually(() => analysisWorkerCounts().starved === before.starved + 1, 'the starved load is moved', 20_000);
        for (const h of hogs) h.kill('SIGKILL');
        const analysed = await load.analysis;
        assert.ok(analysed.anomalies.length > 0 && Object.values(analysed.charts).every(c => c.forecast !== undefined), 'a whole analysis');
        assert.ok((await load.table).report.rows.length > 0);
      } finally {
        for (const h of hogs) h.kill('SIGKILL');
      }
      assert.equal(notes.length, 1);
      assert.match(notes[0]!, /^The report's analysis worker waited \d+ ms for a CPU and ran \d+ ms: other programs keep this machine busy\./);
      assert.equal(scheduling.idleClass, false, 'later workers are only niced');
      const spawned = analysisWorkerCounts().spawned;
      await startWorkerLoad({ root: demo, folderName: 'workspace', settings, trusted: true, now: NOW }).analysis;
      assert.equal(analysisWorkerCounts().idleScheduled, before.idleScheduled + 1, 'only the starved worker was in the idle class');
      assert.ok(analysisWorkerCounts().spawned >= spawned);
    },
  );
});
