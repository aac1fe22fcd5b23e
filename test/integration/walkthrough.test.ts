// The Getting Started walkthrough's commands in the real extension host (issue 10, point 11): each
// is registered, Create Demo Workspace writes the demo where it is told (without reopening the
// window here), Open Report Config and Open Report Data open the folder's config and its CSV, and
// the walkthrough itself opens.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXT_ID = 'calibrate-dev.calibrate';

async function activeEditorPath(suffix: string, timeoutMs = 20_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const p = vscode.window.activeTextEditor?.document.uri.fsPath ?? '';
    if (p.endsWith(suffix)) return p;
    if (Date.now() > until) throw new Error(`the active editor is "${p}", not …${suffix}`);
    await new Promise(r => setTimeout(r, 200));
  }
}

describe('The Getting Started walkthrough in the real extension host', function () {
  this.timeout(90_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'calibrate-it-walkthrough-'));
  before(async () => {
    const ext = vscode.extensions.getExtension(EXT_ID)!;
    if (!ext.isActive) await ext.activate();
  });
  after(async () => {
    fs.rmSync(tmp, { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("registers every command the walkthrough's steps offer", async () => {
    const pkg = vscode.extensions.getExtension(EXT_ID)!.packageJSON as { contributes: { walkthroughs: { steps: { description: string }[] }[] } };
    const offered = pkg.contributes.walkthroughs.flatMap(w => w.steps).flatMap(s => [...s.description.matchAll(/\]\(command:([\w.]+)/g)].map(m => m[1]));
    const all = new Set(await vscode.commands.getCommands(true));
    assert.ok(offered.length >= 5);
    for (const id of offered) assert.ok(all.has(id), `${id} is registered`);
  });

  it('Create Demo Workspace writes the demo, with its release tags, into a new folder', async () => {
    const dir = vscode.Uri.file(path.join(tmp, 'calibrate-demo'));
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('calibrate.createDemo', dir, { open: false });
    assert.equal(written?.fsPath, dir.fsPath);
    for (const f of ['data/metrics.csv', '.calibrate/report.yaml', '.calibrate/events.yaml', '.vscode/settings.json'])
      assert.ok(fs.existsSync(path.join(dir.fsPath, f)), f);
    assert.ok(fs.existsSync(path.join(dir.fsPath, '.git')), 'a git repository, for the deploys');
    // Never over anything: the same folder again is refused (with a message), and nothing changes.
    const again = await vscode.commands.executeCommand<vscode.Uri | undefined>('calibrate.createDemo', dir, { open: false });
    assert.equal(again, undefined);
  });

  it("Open Report Config and Open Report Data open the folder's config and the CSV it names", async () => {
    await vscode.commands.executeCommand('calibrate.openReportConfig');
    await activeEditorPath(path.join('.calibrate', 'report.yaml'));
    await vscode.commands.executeCommand('calibrate.openReportData');
    await activeEditorPath(path.join('data', 'metrics.csv'));
  });

  it('opens as a walkthrough', async () => {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXT_ID}#gettingStarted`, false);
    const until = Date.now() + 20_000;
    let label = '';
    while (Date.now() < until) {
      label = vscode.window.tabGroups.activeTabGroup.activeTab?.label ?? '';
      if (/Welcome|Walkthrough|Get Started/i.test(label)) break;
      await new Promise(r => setTimeout(r, 200));
    }
    assert.match(label, /Welcome|Walkthrough|Get Started/i);
  });
});
