// Drills in the real extension host (issue 16): Start Drill on the demo writes the drill under the
// workspace's .calibrate/drills/ and opens its report; the drilled anomaly is in that report's
// triage; a second drill is refused while one runs; an investigation of it, through the services
// the panel and the view use, is refused a reveal until its verdict; Reveal Drill scores it and
// appends the `drill revealed` event to the drill's record.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as vscode from 'vscode';
import type { CalibrateApi } from '../../src/extension';
import { foldLog, type DrillScore } from '../../src/core/investigation';
import { parseTruth, type DrillTruth } from '../../src/core/learning/drill';

const EXT_ID = 'calibrate-dev.calibrate';

async function api(): Promise<CalibrateApi> {
  const ext = vscode.extensions.getExtension<CalibrateApi>(EXT_ID)!;
  return ext.isActive ? ext.exports : ext.activate();
}

interface Started {
  drillId: string;
  folder: vscode.WorkspaceFolder;
  dir: string;
  truth: string;
}

describe('Drills in the real extension host', function () {
  this.timeout(240_000);
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('start on the demo, investigate the drilled anomaly, give a verdict, reveal: the drill event and its score', async () => {
    const a = await api();
    const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const t0 = Date.now();
    // The longest stall of this process's event loop (the extension host's) while the drill is
    // prepared: the demo's weeks are generated and drilled in a worker (drillIsolated.ts). On the
    // host's thread that took 0.5-3 s; the bound leaves room for a busy 2-core machine.
    let longest = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last - 10);
      last = now;
    }, 10);
    let started: Started;
    try {
      started = await vscode.commands.executeCommand<Started>('calibrate.startDrill', { difficulty: 'easy', source: 'demo', seed: 7, kind: 'incident' });
      await new Promise(r => setTimeout(r, 20)); // a stall that ends with the command shows at the next tick
    } finally {
      clearInterval(ticker);
    }
    console.log(`[measure] start a drill on the demo: ${Date.now() - t0} ms, longest event-loop stall ${Math.round(longest)} ms`);
    assert.ok(longest < 400, `the host's event loop stood still for ${Math.round(longest)} ms while the drill was prepared`);
    assert.ok(started, 'the drill started');
    assert.equal(relative(join(root, '.calibrate', 'drills'), started.dir), started.drillId);
    assert.ok(relative(root, started.truth).startsWith('..'), `the truth is outside the workspace: ${started.truth}`);
    assert.ok(!existsSync(join(started.dir, 'truth.json')));
    const truth = parseTruth(readFileSync(started.truth, 'utf8')) as DrillTruth;
    assert.equal(truth.kind, 'incident');

    // One drill at a time.
    assert.equal(await vscode.commands.executeCommand('calibrate.startDrill', { difficulty: 'easy', source: 'demo' }), undefined);
    assert.equal(readdirSync(join(root, '.calibrate', 'drills')).filter(f => f !== '.gitignore').length, 1);

    // The drill's report (its own folder's service) flags the hidden anomaly.
    const triage = await a.triage(started.folder);
    const t1 = Date.parse(truth.start);
    const t2 = Date.parse(truth.end);
    const anomaly = triage.anomalies.find(x => x.start < t2 && x.end > t1);
    assert.ok(anomaly, `the drill's report flags ${truth.start}..${truth.end}: ${JSON.stringify(triage.anomalies.map(x => [x.metric, x.start, x.end]))}`);

    // The learner investigates it, as the panel and the view write it.
    const service = a.investigations(started.folder);
    const name = await service.start({
      title: 'Drill: page views down',
      origin: 'anomaly',
      anomaly: {
        metric: anomaly.metric,
        slice: {},
        start: anomaly.start,
        end: anomaly.end,
        label: anomaly.label,
        direction: anomaly.direction,
        severity: anomaly.severity,
        vsForecastPct: anomaly.vsForecastPct,
        zone: triage.snapshot.timezone,
        series: { x: [], actual: [] },
        explanations: [],
        configVersion: '',
      },
    });
    const chart = await service.append(name, 'evidence', {
      kind: 'chart',
      title: 'the slice that moved',
      place: { metric: anomaly.metric, slice: truth.slice, start: anomaly.start, end: anomaly.end },
      zone: triage.snapshot.timezone,
      series: { x: [], actual: [] },
    });
    const h = await service.append(name, 'hypothesis', { text: 'The release just before it broke the app: an incident after the deploy.' });
    await service.append(name, 'hypothesisStatus', { hypothesis: h.id, status: 'supported', evidence: [chart.id] });

    // No verdict yet: refused, nothing written.
    const records = () =>
      readdirSync(join(started.dir, '.calibrate', 'investigations')).map(f =>
        foldLog(readFileSync(join(started.dir, '.calibrate', 'investigations', f), 'utf8')),
      );
    assert.equal(await vscode.commands.executeCommand('calibrate.revealDrill', { dir: started.dir }), undefined);
    assert.ok(records().every(s => !s.drill?.revealed));

    await service.append(name, 'verdict', { verdict: 'real', reason: 'A broken release' });
    const revealed = await vscode.commands.executeCommand<{ score: DrillScore; markdown: string; published?: string }>('calibrate.revealDrill', {
      dir: started.dir,
    });
    assert.ok(revealed, 'revealed');
    assert.equal(revealed.score.found, true);
    assert.equal(revealed.score.causeKindRight, true);
    assert.equal(revealed.score.sliceF1, 1);
    assert.ok(revealed.score.windowOverlap > 0);
    console.log(`[measure] drill score: ${JSON.stringify(revealed.score)}`);
    const record = records().find(s => s.drill)!;
    assert.equal(record.drill?.drillId, started.drillId);
    assert.deepEqual(record.drill?.revealed?.score, revealed.score);
    assert.match(readFileSync(revealed.markdown, 'utf8'), new RegExp(`^# Drill ${started.drillId}: (passed|not passed)`));
    // The record (only it) joins the team's investigations, where the ladder and the weekly review read it.
    assert.ok(revealed.published, 'the record is copied to the team');
    assert.match(relative(join(root, '.calibrate', 'investigations'), revealed.published), /^[\w.-]+\.jsonl$/);
    const published = foldLog(readFileSync(revealed.published, 'utf8'));
    assert.equal(published.drill?.drillId, started.drillId);
    assert.deepEqual(published.drill?.revealed?.score, revealed.score);
    // Revealed: no drill runs, so a reveal has nothing to do.
    assert.equal(await vscode.commands.executeCommand('calibrate.revealDrill'), undefined);
  });
});
