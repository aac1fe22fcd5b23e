// The report service in the real extension host (issue 9): the report is cached by the content of
// its inputs, so showing it again (a reopened or re-shown tab, a save without changes) runs no
// analysis, and a real change runs exactly one.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CalibrateApi } from '../../src/extension';
import type { RenderedReport } from '../../src/panel/reportPanel';

const EXT_ID = 'calibrate-dev.calibrate';
const folder = () => vscode.workspace.workspaceFolders![0];
const inWorkspace = (p: string) => path.join(folder().uri.fsPath, p);
/** Past the service's 500 ms debounce of file events, and the fingerprint after it. */
const SETTLE_MS = 1500;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function api(): Promise<CalibrateApi> {
  const ext = vscode.extensions.getExtension<CalibrateApi>(EXT_ID)!;
  return ext.isActive ? ext.exports : ext.activate();
}

/** The next render that shows the full analysis (a cached report comes analysed at once). */
async function analysedRender(a: CalibrateApi, timeoutMs = 90_000): Promise<RenderedReport & { type: 'rendered' }> {
  for (;;) {
    const r = await a.nextRender(timeoutMs);
    assert.equal(r.type, 'rendered', JSON.stringify(r));
    if (r.type === 'rendered' && r.analysis === 'done') return r;
  }
}

/** Counts since `before`, for the outcomes that say whether anything was computed. */
function delta(a: CalibrateApi, before: ReturnType<CalibrateApi['loadOutcomes']>) {
  const now = a.loadOutcomes();
  return {
    started: now.started - before.started,
    analysed: now.analysed - before.analysed,
    stopped: now.stopped - before.stopped,
    cached: now.cached - before.cached,
  };
}

describe('The report service in the real extension host', function () {
  const configFile = () => inWorkspace('.calibrate/report.yaml');
  let original = '';
  before(() => {
    original = fs.readFileSync(configFile(), 'utf8');
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (fs.readFileSync(configFile(), 'utf8') !== original) {
      fs.writeFileSync(configFile(), original);
      await sleep(SETTLE_MS);
    }
  });

  async function openAnalysed(a: CalibrateApi): Promise<RenderedReport & { type: 'rendered' }> {
    const r = analysedRender(a);
    await vscode.commands.executeCommand('calibrate.openReport');
    return r;
  }

  it('closing and reopening the tab shows the cached report again, with no new analysis', async () => {
    const a = await api();
    const first = await openAnalysed(a);
    await sleep(300); // let the load settle
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const before = a.loadOutcomes();
    const t0 = Date.now();
    const again = await openAnalysed(a);
    const ms = Date.now() - t0;
    console.log(`[measure] reopened tab to the analysed report drawn again ${ms} ms (cached)`);
    assert.equal(again.snapshotId, first.snapshotId, 'the same snapshot, from the cache');
    assert.deepEqual(again.anomalies, first.anomalies);
    const d = delta(a, before);
    assert.equal(d.started, 0, `no load ran: ${JSON.stringify(d)}`);
    assert.equal(d.analysed, 0);
    assert.ok(d.cached >= 1, JSON.stringify(d));
  });

  it('switching to another tab and back shows the cached report again, with no new analysis', async () => {
    const a = await api();
    const first = await openAnalysed(a);
    await sleep(300);
    const before = a.loadOutcomes();
    // Another editor in the same group hides the report. Its webview is kept (retainContextWhenHidden),
    // so switching back redraws nothing: the webview answers `describe` with the snapshot it still shows.
    const doc = await vscode.workspace.openTextDocument(configFile());
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Active, preview: false });
    await sleep(300);
    let redrawn = 0;
    let watching = true;
    const counting = (async () => {
      while (watching) if (await a.nextRender(500).catch(() => undefined)) redrawn++;
    })();
    const t0 = Date.now();
    const shown = a.nextShown(20_000);
    await vscode.commands.executeCommand('calibrate.openReport'); // reveals the open report
    const again = await shown;
    const ms = Date.now() - t0;
    console.log(`[measure] switched back to the report tab to the analysed report shown again ${ms} ms (kept, not redrawn)`);
    assert.deepEqual(again, { type: 'shown', snapshotId: first.snapshotId, analysis: 'done' });
    await sleep(1_000);
    watching = false;
    await counting;
    assert.equal(redrawn, 0, 'nothing was redrawn');
    const d = delta(a, before);
    assert.equal(d.started, 0, `no load ran: ${JSON.stringify(d)}`);
    assert.equal(d.analysed, 0);
  });

  it('a save of the report config without changes runs no analysis', async () => {
    const a = await api();
    await openAnalysed(a);
    await sleep(300);
    const before = a.loadOutcomes();
    let drawn = 0;
    let watching = true;
    const counting = (async () => {
      while (watching) if (await a.nextRender(1000).catch(() => undefined)) drawn++;
    })();
    fs.writeFileSync(configFile(), original); // the same bytes: a save without changes
    // The watcher's request must have come and gone: answered from the cache.
    const deadline = Date.now() + 10_000;
    while (delta(a, before).cached < 1 && Date.now() < deadline) await sleep(100);
    await sleep(SETTLE_MS);
    watching = false;
    await counting;
    const d = delta(a, before);
    assert.ok(d.cached >= 1, `the save was seen and answered from the cache: ${JSON.stringify(d)}`);
    assert.equal(d.started, 0, `no load ran: ${JSON.stringify(d)}`);
    assert.equal(d.analysed, 0);
    assert.equal(drawn, 0, 'nothing was redrawn');
  });

  it('a real change of the config runs exactly one analysis and draws the new snapshot', async () => {
    const a = await api();
    const first = await openAnalysed(a);
    await sleep(300);
    const before = a.loadOutcomes();
    const t0 = Date.now();
    const next = analysedRender(a);
    const changed = original.replace(/amber: \d+/, 'amber: 3');
    assert.notEqual(changed, original, 'the demo config has an amber threshold');
    fs.writeFileSync(configFile(), changed);
    const r = await next;
    console.log(`[measure] config change to the new analysis drawn ${Date.now() - t0} ms (recomputed)`);
    assert.ok(r.snapshotId > first.snapshotId, `a new snapshot: ${r.snapshotId} after ${first.snapshotId}`);
    await sleep(SETTLE_MS);
    const d = delta(a, before);
    assert.equal(d.started, 1, JSON.stringify(d));
    assert.equal(d.analysed, 1, JSON.stringify(d));
    assert.equal(d.stopped, 0, JSON.stringify(d));
  });
});
