// The investigation services, one per workspace folder, bound to VS Code: the logs on disk
// (investigationStore.ts), a FileSystemWatcher (another window's appends, git, a hand edit), the
// author's name, the report zone's dates for file names, and the .gitattributes union merge.
// Also which investigation each folder is working on (the one pins and marks go to).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { DateTime } from 'luxon';
import * as vscode from 'vscode';
import { idFromBytes } from '../core/investigation';
import type { Investigation } from '../core/investigation/summary';
import type { Logger } from '../util/logger';
import { readSettings } from '../settings';
import { ensureUnionMerge } from './gitAttributes';
import { InvestigationService, type LogStore } from './investigationService';
import { FileLogStore, INVESTIGATIONS_DIR } from './investigationStore';

export interface InvestigationServicesDeps {
  readonly log: Logger;
  /** The report zone of a folder, when its report is loaded: file names use its dates. */
  readonly zoneOf: (folder: vscode.WorkspaceFolder) => string | undefined;
  readonly now?: () => number;
  /**
   * Live Share (src/vsls, ADR 0016). While `active()` this window is a guest: the logs are read
   * through the shared workspace and appends go to the host's inbox (`store`), and the author is
   * the Live Share display name (`name`): a guest never runs git. `known` settles once the role is
   * known (the author waits for it).
   */
  readonly guest?: {
    readonly active: () => boolean;
    readonly name: () => string | undefined;
    readonly known: () => Promise<void>;
    readonly store: (folder: vscode.WorkspaceFolder, local: LogStore) => LogStore;
  };
}

export class InvestigationServices implements vscode.Disposable {
  private readonly services = new Map<string, { service: InvestigationService; disposables: vscode.Disposable[] }>();
  private readonly working = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<{ folder: vscode.WorkspaceFolder; name: string | undefined }>();
  /** Any folder's investigations changed (`name`: that log; undefined: the list). */
  readonly onDidChange = this.changed.event;
  private authorName: string | undefined;
  private authorLookup: Promise<void> | undefined;

  constructor(private readonly deps: InvestigationServicesDeps) {}

  get(folder: vscode.WorkspaceFolder): InvestigationService {
    const key = folder.uri.toString();
    const known = this.services.get(key);
    if (known) return known.service;
    const disposables: vscode.Disposable[] = [];
    const local = new FileLogStore(folder.uri.fsPath, changed => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `${INVESTIGATIONS_DIR}/*.jsonl`));
      const fire = (uri: vscode.Uri) => changed(uri.path.slice(uri.path.lastIndexOf('/') + 1).replace(/\.jsonl$/, ''));
      const subs = [watcher, watcher.onDidChange(fire), watcher.onDidCreate(fire), watcher.onDidDelete(fire)];
      return { dispose: () => subs.forEach(s => s.dispose()) };
    });
    const store = this.deps.guest ? this.deps.guest.store(folder, local) : local;
    const now = this.deps.now ?? Date.now;
    const author = () => this.author();
    const service = new InvestigationService({
      store,
      // A getter: git's user.name arrives after the first read.
      events: {
        get author() {
          return author();
        },
        now,
        newId: () => idFromBytes(randomBytes(12)),
      },
      dateOf: ms => DateTime.fromMillis(ms, { zone: this.deps.zoneOf(folder) ?? 'local' }).toISODate() ?? new Date(ms).toISOString().slice(0, 10),
      // The log is written already: a .gitattributes that cannot be written is a warning, not a failed start.
      onFirstLog: async () => {
        // A guest's first log is created by the host, which adds the union merge there.
        if (this.deps.guest?.active()) return;
        await ensureUnionMerge(folder, this.deps.log).catch(e =>
          this.deps.log.warn('investigations', `could not add the union merge to .gitattributes: ${(e as Error).message}`),
        );
      },
      ready: () => this.authorKnown(),
    });
    disposables.push(
      service.onDidChange(name => this.changed.fire({ folder, name })),
      { dispose: () => service.dispose() },
    );
    this.services.set(key, { service, disposables });
    return service;
  }

  /** The folder's investigations as known now (read in the background on first use: listeners hear when). */
  known(folder: vscode.WorkspaceFolder): Investigation[] {
    const service = this.get(folder);
    const all = service.allKnown();
    if (!service.isLoaded) void service.all().catch(e => this.deps.log.warn('investigations', `could not read the investigations: ${(e as Error).message}`));
    return all;
  }

  /** The investigation a folder is working on: the one last started or opened, while it exists. */
  workingOn(folder: vscode.WorkspaceFolder): string | undefined {
    const name = this.working.get(folder.uri.toString());
    return name && this.get(folder).peek(name) ? name : undefined;
  }

  setWorkingOn(folder: vscode.WorkspaceFolder, name: string): void {
    this.working.set(folder.uri.toString(), name);
  }

  /**
   * Who writes: the `calibrate.yourName` setting, else git's user.name (not in an untrusted
   * workspace: no git there), else the OS user. Read once; writes wait for it (authorKnown).
   */
  author(): string {
    const guest = this.deps.guest?.active() ? this.deps.guest.name() : undefined;
    if (guest) return guest;
    void this.authorKnown();
    return this.authorName ?? (readSettings(vscode.workspace).yourName || userInfo().username || 'someone');
  }

  private authorKnown(): Promise<void> {
    return (this.authorLookup ??= (async () => {
      const set = readSettings(vscode.workspace).yourName;
      // A Live Share guest never runs git: wait for the role before asking it.
      await this.deps.guest?.known();
      const git = !set && vscode.workspace.isTrusted && !this.deps.guest?.active() ? await gitUserName() : undefined;
      this.authorName = set || git || userInfo().username || 'someone';
    })());
  }

  dispose(): void {
    for (const s of this.services.values()) s.disposables.forEach(d => d.dispose());
    this.services.clear();
    this.changed.dispose();
  }
}

/** git's user.name as a commit in the (first) folder would take it: the repository's own, else the global one. */
function gitUserName(): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.find(f => f.uri.scheme === 'file');
  return new Promise(resolve => {
    execFile('git', ['config', 'user.name'], { timeout: 2000, ...(folder ? { cwd: folder.uri.fsPath } : {}) }, (err, out) =>
      resolve(err ? undefined : out.trim().slice(0, 100) || undefined),
    );
  });
}
