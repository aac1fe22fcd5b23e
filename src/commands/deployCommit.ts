// A deploy's commit, opened from the report's context list or the triage quick pick. Only in a
// trusted workspace: a repository's config can make git run programs, and untrusted workspaces run
// no git at all.
//
// Where VS Code's built-in git extension is present and knows the folder's repository, the commit
// opens in the changes (multi-diff) editor, the view Source Control's graph opens for a commit: the
// files it changed, each against its parent. That goes through the extension's public API (v1:
// getRepository/openRepository, getCommit, diffBetween, toGitUri) and the documented `vscode.changes`
// command, not through `git.viewCommit`, which is an internal command whose arguments have changed
// between releases. Both are in code-server 1.139 (checked in its extensions/git and the workbench).
// Otherwise, and for a commit that changes no file (a release tag on an empty commit: the changes
// editor would be empty), `git show --stat` opens in a read-only document.
//
// What git is handed is never the webview's text: a tag is looked up in `git tag --list` and passed
// as its full refs/tags/ name, a merge's abbreviated hash must be hex, both are resolved with
// `rev-parse --end-of-options` to a full commit hash, and only that hash reaches the git extension.
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import type { Logger } from '../util/logger';
import type { GitExtension } from '../findings/gitApi';

export interface DeployRef {
  readonly ref: string;
  readonly kind: 'tag' | 'merge';
  /** A commit linked to an investigation (ADR 0018), not a deploy: its editor is titled by its hash. */
  readonly linked?: true;
}

/** How the commit was shown: the git extension's changes editor, or the `git show --stat` document. */
export type CommitView = 'changes' | 'git-show';

/** The scheme of the read-only `git show` documents: served from memory, only what this module put there. */
export const GIT_SHOW_SCHEME = 'calibrate-git';

/** The text of the read-only documents opened by openDeployCommit, by URI. */
export class GitShowDocuments implements vscode.TextDocumentContentProvider {
  private readonly docs = new Map<string, string>();
  set(uri: vscode.Uri, text: string): void {
    this.docs.set(uri.toString(), text);
  }
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString()) ?? '';
  }
}

export interface DeployCommitDeps {
  readonly gitShow: GitShowDocuments;
  readonly log: Logger;
}

/** Thrown when the workspace is not trusted: the caller says so instead of running git. */
export const UNTRUSTED_GIT = "Calibrate reads git only in a trusted workspace: trust this folder to see the deploy's commit.";

/**
 * Open the deploy's commit: in the git extension's changes editor where it can, else as
 * `git show --stat`. Throws with a message for the user (untrusted, unknown ref, git failed).
 */
export async function openDeployCommit(folder: vscode.WorkspaceFolder, deploy: DeployRef, deps: DeployCommitDeps): Promise<CommitView> {
  if (!vscode.workspace.isTrusted) throw new Error(UNTRUSTED_GIT);
  const cwd = folder.uri.fsPath;
  try {
    const commit = await resolveCommit(cwd, deploy);
    try {
      if (await openInGitExtension(folder, commit, deploy)) return 'changes';
    } catch (e) {
      // The git extension is disabled, still starting, or failed: the git show document still works.
      deps.log.info('deploy', `the git extension could not show ${deploy.ref}: ${messageOf(e)}`);
    }
    const uri = vscode.Uri.from({
      scheme: GIT_SHOW_SCHEME,
      path: `/${folder.name}/${deploy.ref.replace(/[^\w.-]+/g, '_')}.git-show`,
      query: String(Date.now()),
    });
    deps.gitShow.set(uri, await gitShowStat(cwd, deploy));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
    return 'git-show';
  } catch (e) {
    const why = messageOf(e).split('\n')[0];
    deps.log.warn('deploy', `git show ${deploy.ref}: ${why}`);
    throw new Error(`could not show the deploy ${deploy.ref}: ${why}`, { cause: e });
  }
}

/** openDeployCommit for commands: a failure becomes a VS Code notification. */
export async function showDeployCommit(folder: vscode.WorkspaceFolder, deploy: DeployRef, deps: DeployCommitDeps): Promise<void> {
  try {
    await openDeployCommit(folder, deploy, deps);
  } catch (e) {
    const msg = messageOf(e);
    if (msg === UNTRUSTED_GIT) void vscode.window.showInformationMessage(msg);
    else void vscode.window.showWarningMessage(`Calibrate ${msg}`);
  }
}

// ---- the git extension ------------------------------------------------------------------------

/** Status values of git.d.ts: a file the commit added has no original, one it deleted no new side. */
const INDEX_ADDED = 1;
const INDEX_DELETED = 2;
const DELETED = 6;

/** The commit in the changes editor, each changed file against the first parent; false when the extension cannot. */
async function openInGitExtension(folder: vscode.WorkspaceFolder, commit: string, deploy: DeployRef): Promise<boolean> {
  // Not gitApi(): a deploy's commit does not wait for the extension's first scan; `git show` answers meanwhile.
  const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!ext) return false;
  const git = ext.isActive ? ext.exports : await ext.activate();
  if (!git?.enabled) return false;
  const api = git.getAPI(1);
  const repo = api.getRepository(folder.uri) ?? (await api.openRepository?.(folder.uri)) ?? null;
  if (!repo) return false;
  const c = await repo.getCommit(commit);
  const parent = c.parents[0];
  if (!parent || !/^[0-9a-f]{40,64}$/.test(parent)) return false; // a root commit: git show says it all
  const changes = await repo.diffBetween(parent, commit);
  if (!changes.length) return false; // an empty commit: its message is what there is to see
  const resources = changes.map(ch => [
    ch.uri,
    ch.status === INDEX_ADDED ? undefined : api.toGitUri(ch.originalUri, parent),
    ch.status === DELETED || ch.status === INDEX_DELETED ? undefined : api.toGitUri(ch.uri, commit),
  ]);
  const subject = c.message.split('\n')[0];
  const title = deploy.linked ? `Commit ${commit.slice(0, 8)}` : `Deploy ${deploy.ref} (${commit.slice(0, 7)})`;
  await vscode.commands.executeCommand('vscode.changes', `${title}${subject ? `: ${subject}` : ''}`, resources);
  return true;
}

// ---- git, as git names things -----------------------------------------------------------------

function git(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd,
        timeout: 5000,
        maxBuffer: 4 * 1024 * 1024,
        windowsHide: true,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
      },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    );
  });
}

/** The deploy as git itself names it: a tag's full refs/tags/ name from `git tag --list`, or a merge's commit from its hex prefix. */
async function gitObject(cwd: string, deploy: DeployRef): Promise<string> {
  let object: string | undefined;
  if (deploy.kind === 'tag') {
    const tags = (await git(cwd, ['tag', '--list', '--format=%(refname)'])).split('\n');
    object = tags.find(t => t === `refs/tags/${deploy.ref}`);
  } else if (/^[0-9a-f]{7,40}$/.test(deploy.ref)) {
    object = (await git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${deploy.ref}^{commit}`])).trim();
  }
  if (!object || !/^(refs\/tags\/[^\0\n]+|[0-9a-f]{40,64})$/.test(object)) throw new Error(`git does not know the deploy ${deploy.ref}`);
  return object;
}

/** The deploy's commit as a full hash (a tag peeled to its commit). */
export async function resolveCommit(cwd: string, deploy: DeployRef): Promise<string> {
  const object = await gitObject(cwd, deploy);
  const commit = (await git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${object}^{commit}`])).trim();
  if (!/^[0-9a-f]{40,64}$/.test(commit)) throw new Error(`git does not know the deploy ${deploy.ref}`);
  return commit;
}

/** `git show --stat` of the deploy (a tag with its annotation), after `--end-of-options`. */
export async function gitShowStat(cwd: string, deploy: DeployRef): Promise<string> {
  const object = await gitObject(cwd, deploy);
  return git(cwd, ['show', '--stat', '--no-color', '--no-ext-diff', '--format=fuller', '--end-of-options', object, '--']);
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
