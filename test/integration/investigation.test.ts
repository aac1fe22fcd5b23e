// Investigations in the real extension host (issue 11): starting from an anomaly writes a log on
// disk whose fold is what the service serves (the view and the tree read the service); a fresh
// service over the same folder (a reloaded window) folds the same state; two appenders in one host
// lose nothing; the second start from one anomaly opens the first investigation.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CalibrateApi } from '../../src/extension';
import { foldLog, idFromBytes, type InvestigationState } from '../../src/core/investigation';
import { InvestigationService } from '../../src/services/investigationService';
import { FileLogStore, INVESTIGATIONS_DIR } from '../../src/services/investigationStore';

const EXT_ID = 'calibrate-dev.calibrate';

async function api(): Promise<CalibrateApi> {
  const ext = vscode.extensions.getExtension<CalibrateApi>(EXT_ID)!;
  return ext.isActive ? ext.exports : ext.activate();
}

const folder = () => vscode.workspace.workspaceFolders![0];
const dir = () => join(folder().uri.fsPath, INVESTIGATIONS_DIR);

/** What a window reading the log from scratch sees (the timeline's line numbers are the file's own, so they agree too). */
/** The investigation view's tab, once the workbench lists it (tabs follow the panel by a message). */
async function viewTab(title: string | undefined): Promise<vscode.Tab | undefined> {
  const find = () =>
    vscode.window.tabGroups.all
      .flatMap(g => g.tabs)
      .find(x => x.input instanceof vscode.TabInputWebview && x.input.viewType.endsWith('calibrate.investigation') && x.label === title);
  for (const until = Date.now() + 10_000; !find() && Date.now() < until;) await new Promise(r => setTimeout(r, 50));
  return find();
}

const fromDisk = async (name: string): Promise<InvestigationState> => foldLog(await readFile(join(dir(), `${name}.jsonl`), 'utf8'));

/** A service of its own over the folder's logs, as another window would have (no watcher: it reads on demand). */
function otherWindow(author: string): InvestigationService {
  return new InvestigationService({
    store: new FileLogStore(folder().uri.fsPath, () => ({ dispose() {} })),
    events: { author, now: Date.now, newId: () => idFromBytes(randomBytes(12)) },
    dateOf: ms => new Date(ms).toISOString().slice(0, 10),
  });
}

describe('Investigations in the real extension host', function () {
  let name = '';
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('starting from an anomaly writes a log whose fold is what the service serves', async () => {
    const a = await api();
    const t = await a.triage();
    const anomaly = t.anomalies[0];
    assert.ok(anomaly, 'the demo report has anomalies');
    const before = new Set(await readdir(dir()).catch(() => [] as string[]));
    const t0 = Date.now();
    name = (await vscode.commands.executeCommand<string>('calibrate.startInvestigation', {
      folder: folder().uri.toString(),
      metric: anomaly.metric,
      start: anomaly.start,
    }))!;
    console.log(`[measure] start investigation from an anomaly to its view: ${Date.now() - t0} ms`);
    assert.ok(name, 'the command returns the log name');
    const created = (await readdir(dir())).filter(f => !before.has(f));
    assert.deepEqual(created, [`${name}.jsonl`]);
    assert.match(name, /^\d{4}-\d{2}-\d{2}-[a-z0-9-]+$/);
    const disk = await fromDisk(name);
    assert.equal(disk.problems.length, 0, JSON.stringify(disk.problems));
    assert.equal(disk.origin, 'anomaly');
    assert.equal(disk.anomaly?.metric, anomaly.metric);
    assert.equal(disk.anomaly?.start, anomaly.start);
    assert.ok(disk.anomaly!.series.x.length > 0, 'the frozen copy carries the hours');
    assert.equal(disk.anomaly!.series.x.length, disk.anomaly!.series.actual.length);
    assert.ok(disk.anomaly!.configVersion.startsWith('sha256:'), disk.anomaly!.configVersion);
    assert.deepEqual(
      disk.participants.map(p => p.role),
      ['lead'],
    );
    assert.deepEqual(await a.investigations().get(name), disk);
    // The tree lists it among the open ones, with who is on it.
    const rows = await a.investigationTree();
    const openAt = rows.findIndex(r => /^Open \(\d+\)$/.test(r));
    const mine = rows.findIndex(r => r.startsWith(`  ${disk.title} — open · ${disk.participants[0].name} · `));
    assert.ok(openAt >= 0 && mine > openAt && !rows.slice(openAt + 1, mine).some(r => /^Closed/.test(r)), rows.join('\n'));
    // The view opened on it, titled by the investigation.
    assert.ok(await viewTab(disk.title), `a tab titled "${disk.title}"`);
    // The first log made git merge logs line by line.
    assert.match(await readFile(join(folder().uri.fsPath, '.gitattributes'), 'utf8'), /^\.calibrate\/investigations\/\*\.jsonl merge=union$/m);
  });

  it('starting again from the same anomaly opens that investigation, and writes nothing', async () => {
    const a = await api();
    const anomaly = (await a.triage()).anomalies[0];
    const files = await readdir(dir());
    const text = await readFile(join(dir(), `${name}.jsonl`), 'utf8');
    const again = await vscode.commands.executeCommand<string>('calibrate.startInvestigation', {
      folder: folder().uri.toString(),
      metric: anomaly.metric,
      start: anomaly.start,
    });
    assert.equal(again, name);
    assert.deepEqual(await readdir(dir()), files);
    assert.equal(await readFile(join(dir(), `${name}.jsonl`), 'utf8'), text);
  });

  it('two appenders in one host lose nothing, and the extension sees every event', async () => {
    const a = await api();
    const ana = otherWindow('ana');
    const ben = otherWindow('ben');
    const N = 40;
    await Promise.all(
      Array.from({ length: N }, (_, i) => [ana.append(name, 'note', { text: `ana ${i}` }), ben.append(name, 'note', { text: `ben ${i}` })]).flat(),
    );
    const disk = await fromDisk(name);
    assert.equal(disk.problems.length, 0, JSON.stringify(disk.problems));
    const texts = new Set(disk.notes.map(n => n.text));
    for (let i = 0; i < N; i++) assert.ok(texts.has(`ana ${i}`) && texts.has(`ben ${i}`), `note ${i} of each is there`);
    // The extension's own service hears the file change through its watcher.
    const until = Date.now() + 20_000;
    while ((a.investigations().peek(name)?.notes.length ?? 0) < 2 * N && Date.now() < until) await new Promise(r => setTimeout(r, 100));
    assert.deepEqual(a.investigations().peek(name), disk);
  });

  it('a reloaded window (a fresh service over the same files) restores everything', async () => {
    const a = await api();
    await a.investigations().append(name, 'verdict', { verdict: 'real', reason: 'iOS checkout broke after the release' });
    await a.investigations().append(name, 'closed', { summary: 'iOS release broke checkout', rootCause: 'a bad build', decision: 'roll back' });
    const fresh = otherWindow('reader');
    const all = await fresh.all();
    const restored = all.find(i => i.name === name)?.state;
    assert.deepEqual(restored, await a.investigations().get(name));
    assert.equal(restored?.verdict?.verdict, 'real');
    assert.equal(restored?.status, 'resolved');
    // The tree lists it under Closed, with its verdict; the demo's own example is there too.
    const rows = await a.investigationTree();
    const closedAt = rows.findIndex(r => /^Closed \(\d+\)$/.test(r));
    const mine = rows.findIndex(r => r.startsWith(`  ${restored?.title} — closed · real · `));
    assert.ok(closedAt >= 0 && mine > closedAt, rows.join('\n'));
    // Closing and reopening the view reads the same log.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('calibrate.openInvestigation', { folder: folder().uri.toString(), name });
    assert.ok(await viewTab(restored?.title), `a tab titled "${restored?.title}"`);
  });

  it('passes the lead: the log records who passed it to whom, and the previous lead observes', async () => {
    const a = await api();
    const service = a.investigations();
    const pass = await service.start({ title: 'Pass the lead (integration)', origin: 'blank' });
    const me = (await service.get(pass))!.opened!.by;
    await service.append(pass, 'role', { person: me, role: 'lead' });
    const result = await vscode.commands.executeCommand<string>('calibrate.passLead', { folder: folder().uri.toString(), name: pass, to: 'Ben Learner' });
    assert.equal(result, pass);
    const disk = await fromDisk(pass);
    assert.equal(disk.lead, 'Ben Learner');
    assert.equal(disk.participants.find(p => p.name === me)?.role, 'observer');
    assert.deepEqual(
      disk.roles.map(r => [r.by, r.person, r.role]),
      [
        [me, me, 'lead'],
        [me, 'Ben Learner', 'lead'],
      ],
    );
  });
});
