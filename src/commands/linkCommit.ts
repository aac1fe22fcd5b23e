// Calibrate: Link Commit. Link an existing commit to an investigation by hand (issue 13): a fix that
// landed without the Investigation: trailer, or before the investigation was opened. Args
// { folder, name, commit? } (a URI string, a log name, a hash or ref), else the investigation being
// worked on and a pick of the repository's recent commits (or a hash typed in). Returns the hash linked.
import * as vscode from 'vscode';
import { commitData } from '../findings/commitLinker';
import { gitApi, repositoryOf, type GitCommit, type GitRepository } from '../findings/gitApi';
import { findingTarget } from '../findings/writeFinding';
import type { Command } from './command';
import { pickFolder } from './pickFolder';

const RECENT = 100;
/** A hash or ref as typed: no option (a leading "-"), no range or anything else that git would read as more than a ref. */
const REF_RE = /^(?!-)[\w./^~@{}-]{1,200}$/;

export const linkCommit: Command<'calibrate.linkCommit'> = {
  id: 'calibrate.linkCommit',
  async run(deps, arg?: unknown): Promise<string | undefined> {
    try {
      const target = await findingTarget(deps.investigations, arg, async () => (await pickFolder())?.folder, 'Link a commit to which investigation?');
      if (!target) return undefined;
      const why = (reason: string) => {
        void vscode.window.showInformationMessage(`Calibrate: no commit can be linked: ${reason}.`);
        return undefined;
      };
      // A Live Share guest's folder is the host's, and so is its repository (ADR 0016, 0028).
      if (deps.guest?.())
        return why(
          "the repository is the host's. The host's Calibrate links a commit that carries this investigation's trailer when it lands, and the host can link one by hand (Calibrate: Link Commit)",
        );
      if (!vscode.workspace.isTrusted) return why('this workspace is not trusted, and Calibrate runs no git in it');
      const api = await gitApi();
      if (!api) return why("VS Code's git extension is not available (disabled, or still starting)");
      const repo = await repositoryOf(api, target.folder.uri);
      if (!repo) return why(`${target.folder.name} is not in a git repository`);
      const ref = (arg as { commit?: unknown } | undefined)?.commit;
      const commit = typeof ref === 'string' ? await resolve(repo, ref) : await pick(repo);
      if (!commit) return undefined;
      const service = deps.investigations.get(target.folder);
      const state = await service.get(target.name);
      if (!state) throw new Error(`there is no investigation "${target.name}" in ${target.folder.name}`);
      if (state.commits.some(c => c.hash === commit.hash)) {
        void vscode.window.showInformationMessage(`Calibrate: commit ${commit.hash.slice(0, 12)} is linked to this investigation already.`);
        return commit.hash;
      }
      await service.append(target.name, 'commit', commitData(commit, 'manual'));
      return commit.hash;
    } catch (e) {
      void vscode.window.showErrorMessage(`Calibrate: the commit was not linked: ${(e as Error).message}`);
      return undefined;
    }
  },
};

/** A hash or ref as the commit it names: git says when there is none. */
async function resolve(repo: GitRepository, ref: string): Promise<GitCommit> {
  const r = ref.trim();
  // A ref only: no options or ranges reach git from a typed value.
  if (!REF_RE.test(r)) throw new Error(`"${r.slice(0, 80)}" is not a commit hash or ref`);
  try {
    return await repo.getCommit(r);
  } catch {
    throw new Error(`git knows no commit "${r}" in ${repo.rootUri.fsPath}`);
  }
}

/** The recent commits to pick from, newest first, or a hash typed in. */
async function pick(repo: GitRepository): Promise<GitCommit | undefined> {
  const commits = await repo.log({ maxEntries: RECENT });
  const typed = { label: '$(edit) Enter a commit hash or ref…', commit: undefined as GitCommit | undefined };
  const items = [
    typed,
    ...commits.map(c => ({
      label: `$(git-commit) ${c.hash.slice(0, 8)} ${c.message.split('\n')[0]}`,
      description: [c.authorName, c.authorDate?.toISOString().slice(0, 16).replace('T', ' ')].filter(Boolean).join(', '),
      commit: c as GitCommit | undefined,
    })),
  ];
  const chosen = await vscode.window.showQuickPick(items, { placeHolder: 'Which commit carries the fix?', matchOnDescription: true });
  if (!chosen) return undefined;
  if (chosen.commit) return chosen.commit;
  const ref = await vscode.window.showInputBox({
    prompt: 'A commit hash or ref (a branch, a tag, HEAD~2)',
    validateInput: v => (REF_RE.test(v.trim()) ? undefined : 'A hash or ref: letters, digits, . / ^ ~ @ { } -, not starting with -'),
  });
  return ref ? resolve(repo, ref) : undefined;
}
