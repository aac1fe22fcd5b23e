// A deploy's commit from the report's context list, in the real extension host (issue 10, point 8):
// through VS Code's git extension (its API and the `vscode.changes` editor) when the commit changed
// files, else as the read-only `git show --stat` document. The panel's own request handler calls the
// same openDeployCommit after checking that its report lists the ref (unit- and e2e-tested).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GIT_SHOW_SCHEME, GitShowDocuments, openDeployCommit } from '../../src/commands/deployCommit';
import type { Logger } from '../../src/util/logger';

const TAG = 'calibrate-it-9.9.9';
const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;

/** git in the workspace, with the user's hooks and signing off; an old date keeps the commit out of the report's week. */
function git(cwd: string, args: string[], env: Record<string, string> = {}, input?: string): string {
  return execFileSync('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    input,
    env: { ...process.env, GIT_AUTHOR_DATE: '946684800 +0000', GIT_COMMITTER_DATE: '946684800 +0000', ...env },
    encoding: 'utf8',
  }).trim();
}

/** The title of the active editor tab, once it is `title` (the editors open asynchronously). */
async function activeTab(title: RegExp, timeoutMs = 20_000): Promise<vscode.Tab> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    if (tab && title.test(tab.label)) return tab;
    if (Date.now() > until) throw new Error(`the active tab is "${tab?.label}", not ${title}`);
    await new Promise(r => setTimeout(r, 200));
  }
}

describe("A deploy's commit in the real extension host", function () {
  this.timeout(90_000);
  const folder = () => vscode.workspace.workspaceFolders![0];
  let commit = '';

  before(() => {
    // A release commit that changes two files, tagged, without touching the working tree or HEAD
    // (the other suites read the same workspace): built in a scratch index.
    const cwd = folder().uri.fsPath;
    const index = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'calibrate-it-index-')), 'index');
    const env = { GIT_INDEX_FILE: index };
    git(cwd, ['read-tree', 'HEAD'], env);
    const notes = git(cwd, ['hash-object', '-w', '--stdin'], {}, '# Release 9.9.9\n\n- checkout button moved\n');
    const readme = git(cwd, ['hash-object', '-w', '--stdin'], {}, `${fs.readFileSync(path.join(cwd, 'README.md'), 'utf8')}\nRelease 9.9.9.\n`);
    git(cwd, ['update-index', '--add', '--cacheinfo', `100644,${notes},RELEASE-NOTES.md`], env);
    git(cwd, ['update-index', '--cacheinfo', `100644,${readme},README.md`], env);
    const tree = git(cwd, ['write-tree'], env);
    commit = git(cwd, ['commit-tree', tree, '-p', 'HEAD', '-m', 'Release 9.9.9: checkout button moved']);
    git(cwd, ['tag', TAG, commit]);
  });

  after(async () => {
    git(folder().uri.fsPath, ['tag', '-d', TAG]);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a release commit in the changes editor, through the git extension', async () => {
    assert.ok(vscode.extensions.getExtension('vscode.git'), 'the built-in git extension is present');
    const shown = await openDeployCommit(folder(), { ref: TAG, kind: 'tag' }, { gitShow: new GitShowDocuments(), log: quiet });
    assert.equal(shown, 'changes');
    const tab = await activeTab(/^Deploy calibrate-it-9\.9\.9 /);
    // The changes editor counts the files it lists: the release notes added, the README changed.
    assert.equal(tab.label, `Deploy ${TAG} (${commit.slice(0, 7)}): Release 9.9.9: checkout button moved (2 files)`);
    // Not a text or diff editor of one file: the multi-file changes editor (its input type is not public API).
    assert.ok(!(tab.input instanceof vscode.TabInputText) && !(tab.input instanceof vscode.TabInputTextDiff), 'the changes editor, listing every file');
  });

  it('opens a commit that changed no file (the demo release tags) as its `git show`', async () => {
    const docs = new GitShowDocuments();
    const shown = await openDeployCommit(folder(), { ref: 'ios-v7.4.0', kind: 'tag' }, { gitShow: docs, log: quiet });
    assert.equal(shown, 'git-show');
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.scheme, GIT_SHOW_SCHEME);
    assert.match(editor!.document.uri.path, /ios-v7\.4\.0\.git-show$/);
    // The text this module recorded for that document (the extension's own provider serves the extension's copy).
    assert.match(docs.provideTextDocumentContent(editor!.document.uri), /^tag ios-v7\.4\.0\n[\s\S]*Release ios-app 7\.4\.0/);
  });

  it('refuses a ref git does not know, and an abbreviated "merge" that is not hex, without running it', async () => {
    const deps = { gitShow: new GitShowDocuments(), log: quiet };
    await assert.rejects(openDeployCommit(folder(), { ref: 'no-such-tag', kind: 'tag' }, deps), /could not show the deploy no-such-tag: git does not know/);
    await assert.rejects(openDeployCommit(folder(), { ref: '--output=/tmp/x', kind: 'merge' }, deps), /git does not know the deploy --output/);
  });
});
