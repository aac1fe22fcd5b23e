// "Supersedes ADR N" in the real extension host (issue 13), on the demo workspace: Record Decision
// with { supersedes: N } writes the new ADR linking to ADR N, and changes ADR N's status only in
// its editor: the document is dirty with "superseded by", the file on disk is unchanged, and undo
// gives the disk text back. Without it, the command asks (Escape writes nothing). When ADR N has
// unsaved words in an editor, the change is made to them.
import * as assert from 'node:assert/strict';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import type { CalibrateApi } from '../../src/extension';
import type { FindingResult } from '../../src/findings/writeFinding';
import { until } from './until';

const EXT_ID = 'calibrate-dev.calibrate';

async function api(): Promise<CalibrateApi> {
  const ext = vscode.extensions.getExtension<CalibrateApi>(EXT_ID)!;
  return ext.isActive ? ext.exports : ext.activate();
}

const folder = () => vscode.workspace.workspaceFolders![0];
const adrDir = () => join(folder().uri.fsPath, 'docs', 'adr');

/** A new ADR in the demo's docs/adr (made when missing), numbered after the highest, 4 digits. */
async function oldAdr(slug: string, text: string): Promise<{ number: number; path: string }> {
  await mkdir(adrDir(), { recursive: true });
  const highest = Math.max(0, ...(await readdir(adrDir())).map(f => Number(/^(\d+)-/.exec(f)?.[1] ?? 0)));
  const number = highest + 1;
  const path = join(adrDir(), `${String(number).padStart(4, '0')}-${slug}.md`);
  await writeFile(path, text);
  return { number, path };
}

const recordDecision = async (title: string, supersedes: number) => {
  const name = await (await api()).investigations().start({ title, origin: 'blank' });
  const r = await vscode.commands.executeCommand<FindingResult>('calibrate.recordDecision', { folder: folder().uri.toString(), name, supersedes });
  assert.ok(r, 'the command returns what it did');
  assert.equal(r.written.length, 1, 'the new ADR is written');
  return r;
};

const docOf = (path: string) => vscode.workspace.textDocuments.find(d => d.uri.fsPath === path);

describe('Supersedes ADR N in the real extension host', function () {
  this.timeout(120_000);
  const touched: string[] = [];

  // VS Code for the Web (code-server) auto saves by default: off here, to see the edit as a
  // desktop user does, unsaved. A user's own auto save saves it like any other edit.
  before(async () => {
    await api();
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    await until('auto save off', () => vscode.workspace.getConfiguration('files').get('autoSave') === 'off', 20_000);
  });
  after(async () => {
    // Their unsaved edits are the test's: reverted, so closing asks nothing.
    for (const p of touched) {
      const doc = docOf(p);
      if (!doc?.isDirty) continue;
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global);
  });

  it('links the new ADR to the old one, whose status changes in its editor only (dirty, disk unchanged), and undo takes it back', async () => {
    const disk = '---\nstatus: accepted\ndate: 2026-11-01\n---\n\n# Keep the metrics in SQLite\n\nWe keep them in SQLite.\n';
    const old = await oldAdr('keep-the-metrics-in-sqlite', disk);
    touched.push(old.path);
    const r = await recordDecision('Move the metrics to Postgres', old.number);
    const pad = String(old.number).padStart(4, '0');
    const written = r.written[0]!;
    const text = await readFile(written, 'utf8');
    assert.match(text, new RegExp(`^Supersedes \\[ADR ${pad}\\]\\(${pad}-keep-the-metrics-in-sqlite\\.md\\) \\(Keep the metrics in\\s+SQLite\\)\\.$`, 'm'));
    assert.equal(r.superseded, old.path);

    const doc = await until('the old ADR open and dirty', () => (docOf(old.path)?.isDirty ? docOf(old.path) : undefined), 20_000);
    const newFile = basename(written);
    const newPad = /^\d+/.exec(newFile)![0];
    assert.equal(doc.getText(), disk.replace('status: accepted', `status: superseded by [ADR ${newPad}](${newFile})`));
    assert.equal(await readFile(old.path, 'utf8'), disk, 'the file on disk is not changed: the user saves it');
    assert.ok(
      vscode.window.visibleTextEditors.some(e => e.document === doc),
      'the old ADR is shown',
    );

    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await until('undo to give the disk text back', () => doc.getText() === disk, 20_000);
    await until('the document to be clean again', () => !doc.isDirty, 20_000);
    assert.equal(await readFile(old.path, 'utf8'), disk);
  });

  it('without supersedes in its args it asks: Escape writes nothing, "No: a new decision" writes one that supersedes none', async () => {
    const name = await (await api()).investigations().start({ title: 'Decide after asking', origin: 'blank' });
    const before = await readdir(adrDir());
    /** Runs Record Decision, pressing `key` in the pick (again until it opens) until the command ends. */
    const answer = async (key: string) => {
      const done = Promise.resolve(
        vscode.commands.executeCommand<FindingResult | undefined>('calibrate.recordDecision', { folder: folder().uri.toString(), name }),
      );
      let settled = false;
      void done.finally(() => (settled = true));
      await until(
        `the pick to take ${key}`,
        async () => {
          if (!settled) await vscode.commands.executeCommand(key);
          await new Promise(r => setTimeout(r, 200));
          return settled;
        },
        20_000,
      );
      return done;
    };
    assert.equal(await answer('workbench.action.closeQuickOpen'), undefined, 'Escape: nothing done');
    assert.deepEqual(await readdir(adrDir()), before, 'Escape: nothing written');
    const r = (await answer('workbench.action.acceptSelectedQuickOpenItem'))!;
    assert.equal(r.written.length, 1);
    assert.equal(r.superseded, undefined);
    assert.doesNotMatch(await readFile(r.written[0]!, 'utf8'), /^Supersedes /m);
  });

  it('an old ADR with unsaved words in its editor: the status is changed in those words, none are lost', async () => {
    const disk = '# Retry the CSV read\n\n## Status\n\nAccepted\n\n## Context\n\nReads fail.\n';
    const old = await oldAdr('retry-the-csv-read', disk);
    touched.push(old.path);
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(old.path));
    assert.ok(await editor.edit(e => e.insert(new vscode.Position(editor.document.lineCount - 1, 0), 'My unsaved words.\n')));
    assert.ok(editor.document.isDirty);
    await recordDecision('Stop retrying the CSV read', old.number);
    const doc = docOf(old.path)!;
    assert.match(doc.getText(), /\n## Status\n\nSuperseded by \[ADR \d+\]\([^)]+\.md\)\n\n## Context\n/);
    assert.match(doc.getText(), /My unsaved words\.\n/);
    assert.equal(await readFile(old.path, 'utf8'), disk);
  });
});
