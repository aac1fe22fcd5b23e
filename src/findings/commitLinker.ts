// Commit links (issue 13, ADR 0018): when a commit lands that carries an `Investigation:` trailer or
// changes an investigation's log, that investigation records it (a `commit` event), so its view links
// from the anomaly to the fix. Commits are read through VS Code's git extension whenever a
// repository's HEAD moves (a commit from Source Control or the terminal, a pull, a checkout). Only
// commits after the HEAD this workspace last saw are read: the first look at a repository links
// nothing of its history. Trusted workspaces only (no git runs in an untrusted one).
import { relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { commitLinks, commitSubject } from '../core/findings/commitLinks';
import type { CommitLink } from '../core/investigation/events';
import type { InvestigationServices } from '../services/investigationServices';
import type { Logger } from '../util/logger';
import { changesOf, gitApi, type GitCommit, type GitRepository } from './gitApi';

/** Commits read back from HEAD at most, per move: a longer jump (a large pull) links its latest ones. */
const MAX_COMMITS = 50;
const headKey = (repo: GitRepository) => `calibrate.commitLinks.head:${repo.rootUri.toString()}`;

export interface CommitLinkerDeps {
  readonly investigations: InvestigationServices;
  readonly log: Logger;
  /** Where the last HEAD seen per repository is kept (the workspace's state). */
  readonly memory: vscode.Memento;
  /** A Live Share guest links nothing: the host's window sees the host's repository. */
  readonly guest: () => boolean;
}

export class CommitLinker implements vscode.Disposable {
  private readonly subs: vscode.Disposable[] = [];
  private readonly watched = new Set<string>();
  /** One scan at a time per repository, in order. */
  private readonly queues = new Map<string, Promise<void>>();
  private disposed = false;
  private started: Promise<void> = Promise.resolve();

  constructor(private readonly deps: CommitLinkerDeps) {}

  /** Start watching the repositories once the workspace is trusted and git is there. */
  start(): Promise<void> {
    return (this.started = this.watchAll());
  }

  private async watchAll(): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      this.subs.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.start()));
      return;
    }
    const api = await gitApi(60_000).catch(() => undefined);
    if (!api || this.disposed) return;
    for (const repo of api.repositories) this.watch(repo);
    this.subs.push(api.onDidOpenRepository(repo => this.watch(repo)));
  }

  /** Watching started and every scan queued so far done (for tests: a commit made now is seen as new). */
  async settled(): Promise<void> {
    await this.started;
    await Promise.all([...this.queues.values()]);
  }

  private watch(repo: GitRepository): void {
    const key = repo.rootUri.toString();
    if (this.watched.has(key)) return;
    this.watched.add(key);
    let head = repo.state.HEAD?.commit;
    this.subs.push(
      repo.state.onDidChange(() => {
        const now = repo.state.HEAD?.commit;
        if (now && now !== head) {
          head = now;
          this.queue(repo);
        }
      }),
    );
    this.queue(repo);
  }

  private queue(repo: GitRepository): void {
    const key = repo.rootUri.toString();
    const next = (this.queues.get(key) ?? Promise.resolve()).then(() =>
      this.scan(repo).catch(e => this.deps.log.warn('findings', `commit links in ${repo.rootUri.fsPath}: ${(e as Error).message}`)),
    );
    this.queues.set(key, next);
  }

  /** The commits since the last HEAD seen, oldest first, each linked where it belongs. */
  private async scan(repo: GitRepository): Promise<void> {
    const head = repo.state.HEAD?.commit;
    if (!head || this.disposed || this.deps.guest()) return;
    const last = this.deps.memory.get<string>(headKey(repo));
    if (last !== head) {
      // The first look at this repository: nothing before now is ours to link.
      // The investigations of the repository's folders, once per scan; a repository without any reads no commit.
      const logs = last === undefined ? [] : await this.logsIn(repo);
      if (logs.length) {
        const log = await repo.log({ maxEntries: MAX_COMMITS });
        const end = log.findIndex(c => c.hash === last);
        for (const c of (end < 0 ? log : log.slice(0, end)).reverse()) await this.link(repo, c, logs);
      }
      await this.deps.memory.update(headKey(repo), head);
    }
  }

  /** The repository's folders that have investigations, with their log names. */
  private async logsIn(repo: GitRepository): Promise<{ folder: vscode.WorkspaceFolder; known: ReadonlySet<string> }[]> {
    const all = await Promise.all(
      foldersIn(repo).map(async folder => ({ folder, known: new Set((await this.deps.investigations.get(folder).all()).map(i => i.name)) })),
    );
    return all.filter(l => l.known.size > 0);
  }

  /** Record the commit in each investigation of the repository's folders it belongs to. */
  private async link(repo: GitRepository, commit: GitCommit, logs: readonly { folder: vscode.WorkspaceFolder; known: ReadonlySet<string> }[]): Promise<void> {
    let changed: string[] | undefined; // absolute paths, read once, only when a trailer did not say enough
    for (const { folder, known } of logs) {
      let links = commitLinks({ hash: commit.hash, message: commit.message }, known);
      if (links.size < known.size) {
        changed ??= (await changesOf(repo, commit)).flatMap(c => [c.uri.fsPath, c.originalUri.fsPath]);
        const files = changed.map(p => relative(folder.uri.fsPath, p).split(sep).join('/')).filter(p => !p.startsWith('..'));
        links = commitLinks({ hash: commit.hash, message: commit.message, files }, known);
      }
      for (const [name, how] of links) await this.record(folder, name, commit, how);
    }
  }

  private async record(folder: vscode.WorkspaceFolder, name: string, commit: GitCommit, link: CommitLink): Promise<void> {
    const service = this.deps.investigations.get(folder);
    // Another window (or a peer) may have linked it: read the log as it is now.
    if ((await service.get(name))?.commits.some(c => c.hash === commit.hash)) return;
    await service.append(name, 'commit', commitData(commit, link));
    this.deps.log.info('findings', `linked commit ${commit.hash.slice(0, 12)} to ${name} (${link})`);
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.subs.splice(0)) s.dispose();
  }
}

/** The commit event's data for a commit git read. */
export function commitData(commit: GitCommit, link: CommitLink) {
  const when = commit.commitDate ?? commit.authorDate;
  return {
    hash: commit.hash,
    subject: commitSubject(commit.message),
    link,
    ...(when && Number.isFinite(when.getTime()) ? { committedAt: when.toISOString() } : {}),
  };
}

/** The workspace folders inside the repository (a folder in a subdirectory of it, or the repository itself). */
function foldersIn(repo: GitRepository): vscode.WorkspaceFolder[] {
  const root = repo.rootUri.fsPath;
  return (vscode.workspace.workspaceFolders ?? []).filter(f => {
    if (f.uri.scheme !== 'file') return false;
    const r = relative(root, f.uri.fsPath);
    return r === '' || (!r.startsWith('..') && !r.startsWith(sep) && !/^[A-Za-z]:/.test(r));
  });
}
