// The few parts of VS Code's built-in git extension API (extensions/git/src/api/git.d.ts, version 1)
// that findings use: find a folder's repository, stage files, prefill the commit message, read the
// commits that land and what they changed (commit links), and a deploy's commit in the changes
// editor (src/commands/deployCommit.ts). Declared
// here rather than copied whole: the extension is optional (disabled, or absent in some hosts).
import * as vscode from 'vscode';

export interface GitInputBox {
  value: string;
}

export interface GitCommit {
  readonly hash: string;
  readonly message: string;
  readonly parents: readonly string[];
  readonly authorDate?: Date;
  readonly authorName?: string;
  readonly commitDate?: Date;
}

/** A file a commit changed: `uri` its path after, `originalUri` before (a rename differs). `status`: the git extension's Status enum. */
export interface GitChange {
  readonly uri: vscode.Uri;
  readonly originalUri: vscode.Uri;
  readonly status: number;
}

export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly inputBox: GitInputBox;
  readonly state: { readonly HEAD?: { readonly commit?: string; readonly name?: string }; readonly onDidChange: vscode.Event<void> };
  add(paths: string[]): Promise<void>;
  log(options?: { readonly maxEntries?: number }): Promise<GitCommit[]>;
  getCommit(ref: string): Promise<GitCommit>;
  diffBetween(ref1: string, ref2: string): Promise<GitChange[]>;
}

export interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly repositories: readonly GitRepository[];
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
  /** A URI of the git extension's file system: the file at `ref` (a commit's side in a diff). */
  toGitUri(uri: vscode.Uri, ref: string): vscode.Uri;
  getRepository(uri: vscode.Uri): GitRepository | null;
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}

export interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

/** The git API once it has looked at the workspace, or undefined (no git extension, disabled, or slow). */
export async function gitApi(timeoutMs = 10_000): Promise<GitApi | undefined> {
  const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!ext) return undefined;
  const exports = ext.isActive ? ext.exports : await ext.activate();
  if (!exports?.enabled) return undefined;
  const api = exports.getAPI(1);
  if (api.state === 'initialized') return api;
  return new Promise(resolve => {
    const timer = setTimeout(() => {
      sub.dispose();
      resolve(api.state === 'initialized' ? api : undefined);
    }, timeoutMs);
    const sub = api.onDidChangeState(s => {
      if (s !== 'initialized') return;
      clearTimeout(timer);
      sub.dispose();
      resolve(api);
    });
  });
}

/** git's empty tree: what a root commit is compared with. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** The files a commit changed, against its first parent (a merge: what it brought in). */
export function changesOf(repo: GitRepository, commit: GitCommit): Promise<GitChange[]> {
  return repo.diffBetween(commit.parents[0] ?? EMPTY_TREE, commit.hash);
}

/** The repository a folder is in: the one git has open, else opened now (git may not have scanned it yet). */
export async function repositoryOf(api: GitApi, folder: vscode.Uri): Promise<GitRepository | undefined> {
  return api.getRepository(folder) ?? (await api.openRepository?.(folder).catch(() => null)) ?? undefined;
}
