// The few parts of VS Code's built-in git extension API (extensions/git/src/api/git.d.ts, version 1)
// that findings use: find a folder's repository, stage files, prefill the commit message. Declared
// here rather than copied whole: the extension is optional (disabled, or absent in some hosts).
import * as vscode from 'vscode';

export interface GitInputBox {
  value: string;
}

export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly inputBox: GitInputBox;
  add(paths: string[]): Promise<void>;
}

export interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly repositories: readonly GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}

interface GitExtension {
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

/** The repository a folder is in: the one git has open, else opened now (git may not have scanned it yet). */
export async function repositoryOf(api: GitApi, folder: vscode.Uri): Promise<GitRepository | undefined> {
  return api.getRepository(folder) ?? (await api.openRepository?.(folder).catch(() => null)) ?? undefined;
}
