// Palette triage in the real extension host (issue 9, item 5): the incidents come from the report
// service without the panel, and Next/Previous Anomaly reveal each anomaly in the panel in turn.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CalibrateApi } from '../../src/extension';
import type { RenderedReport } from '../../src/panel/reportPanel';

const EXT_ID = 'calibrate-dev.calibrate';
const HOUR = 3_600_000;

async function api(): Promise<CalibrateApi> {
  const ext = vscode.extensions.getExtension<CalibrateApi>(EXT_ID)!;
  return ext.isActive ? ext.exports : ext.activate();
}

function reportTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap(g => g.tabs)
    .filter(t => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('calibrate.report'));
}

type Revealed = NonNullable<Extract<RenderedReport, { type: 'rendered' }>['revealed']>;

/** Run the command; resolves with the first render that shows the anomaly `metric`@`start` revealed. */
async function revealedBy(a: CalibrateApi, command: string, expected: { metric: string; start: number }): Promise<Revealed> {
  const until = Date.now() + 90_000;
  const seen: unknown[] = [];
  const wait = (async () => {
    while (Date.now() < until) {
      const r = await a.nextRender(until - Date.now());
      seen.push(r.type === 'rendered' ? (r.revealed ?? 'none') : r);
      if (r.type === 'rendered' && r.revealed?.metric === expected.metric && r.revealed.start === expected.start) return r.revealed;
    }
    throw new Error(`no render revealed ${expected.metric}@${expected.start}: ${JSON.stringify(seen)}`);
  })();
  await vscode.commands.executeCommand(command);
  return wait;
}

describe('Palette triage in the real extension host', function () {
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it("lists the demo's deploy incident from the report service, with no panel open", async () => {
    const a = await api();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const t0 = Date.now();
    const t = await a.triage();
    console.log(
      `[measure] triage data (report loaded by the service) in ${Date.now() - t0} ms: ${t.entries.length} incidents, ${t.anomalies.length} anomalies`,
    );
    assert.equal(reportTabs().length, 0, 'no panel was opened');
    const deploy = t.entries.find(e => e.incident.cause?.kind === 'deploy' && e.incident.cause.title === 'Deploy ios-v7.4.0');
    assert.ok(deploy, JSON.stringify(t.entries.map(e => e.label)));
    assert.ok(deploy.incident.anomalies.length >= 3, `the iOS release explains several metrics: ${deploy.detail}`);
    assert.ok(deploy.incident.anomalies.some(x => x.metric === 'page_views'));
    assert.match(deploy.label, /^▼ −\d+% Deploy ios-v7\.4\.0: \d metrics, Tue \d\d:00–\d\d:00, platform=ios$/);
    assert.match(deploy.description, /^Deploy · likely \(\d+(–\d+)?%\)$/);
    assert.deepEqual(deploy.links, { deploy: { ref: 'ios-v7.4.0', kind: 'tag' } });
    // Sorted most severe first; every anomaly of the report is in exactly one incident.
    const sev = t.entries.map(e => e.incident.severity);
    assert.deepEqual(
      sev,
      [...sev].sort((x, y) => y - x),
    );
    assert.equal(t.anomalies.length, t.snapshot.anomalies.length);
    for (const e of t.entries) if (!e.incident.cause) assert.equal(e.incident.anomalies.length, 1, 'an unexplained anomaly stands alone');
  });

  it('Next and Previous Anomaly reveal each anomaly in the panel in turn, wrapping around', async () => {
    const a = await api();
    const t = await a.triage();
    const list = t.anomalies;
    assert.ok(list.length >= 2, `the demo has several anomalies (${list.length})`);
    const first = await revealedBy(a, 'calibrate.nextAnomaly', list[0]);
    assert.equal(reportTabs().length, 1, 'the panel opened');
    assert.equal(first.open, true, 'its card is expanded');
    assert.equal(first.xMin, list[0].start - 6 * HOUR, 'the chart starts a few hours before the anomaly');
    // ... and ends a few hours after it, or at the week's last hour (the chart does not draw past its data).
    const lastX = t.snapshot.charts[list[0].metric].x.at(-1)!;
    assert.equal(first.xMax, Math.min(list[0].end + 6 * HOUR, lastX), 'and ends a few hours after it, within the week');
    const second = await revealedBy(a, 'calibrate.nextAnomaly', list[1]);
    assert.equal(second.open, true);
    assert.equal(second.xMin, list[1].start - 6 * HOUR);
    await revealedBy(a, 'calibrate.previousAnomaly', list[0]);
    await revealedBy(a, 'calibrate.previousAnomaly', list[list.length - 1]);
    assert.equal(reportTabs().length, 1, 'one panel throughout');
  });
});
