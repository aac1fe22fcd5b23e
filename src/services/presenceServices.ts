// Presence bound to VS Code, one PresenceService per workspace folder while a report or an
// investigation view of it is open: my presence file (what the report and the views tell it), the
// others' through a FileSystemWatcher, the .gitignore line (appended once, the user told why), and
// follow mode (whom I follow; their focus sent to my report). Presence never goes into a log or git.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { followedPresence, leadOf, PRESENCE_DIR, PRESENCE_IGNORE_LINE, type Focus, type Presence } from '../core/presence';
import type { Role } from '../core/investigation/events';
import { clipText, LIMITS, PRESENCE_PEOPLE, toWebviewProblem, type PresenceMessage, type ReportFocus } from '../messaging/protocol';
import type { Logger } from '../util/logger';
import type { InvestigationServices } from './investigationServices';
import { ensurePresenceIgnored, NodePresenceFiles, PresenceService, type PresenceFiles } from './presence';

/** Who is viewing one investigation, and which item, as its view shows them. */
export interface ViewPresence {
  readonly author: string;
  readonly role?: Role;
  readonly item?: string;
}

export interface PresenceServicesDeps {
  readonly log: Logger;
  readonly investigations: InvestigationServices;
  /** The folder's presence directory (default: Node on the local disk; a Live Share guest passes a workspace.fs one). */
  readonly files?: (folder: vscode.WorkspaceFolder) => PresenceFiles;
}

interface FolderPresence {
  readonly service: PresenceService;
  readonly subs: vscode.Disposable[];
  retained: number;
  readonly reports: Set<(m: PresenceMessage) => void>;
  readonly views: Map<(people: ViewPresence[]) => void, string>;
  report: ReportFocus;
  item?: { readonly investigation: string; readonly id?: string };
  following?: { readonly author: string; readonly seq: number };
  stopped?: string;
}

export class PresenceServices implements vscode.Disposable {
  /** This window's id: one person may have two windows on one folder. */
  readonly window = randomBytes(12).toString('hex');
  private readonly folders = new Map<string, FolderPresence>();
  private seq = 0;
  private readonly subs: vscode.Disposable[];

  constructor(private readonly deps: PresenceServicesDeps) {
    // A role changed, an investigation started: the roles shown and the lead to follow change.
    this.subs = [deps.investigations.onDidChange(e => this.folders.has(key(e.folder)) && this.publish(e.folder))];
  }

  /** While the returned disposable lives, this window is present in the folder (a report or a view is open). */
  retain(folder: vscode.WorkspaceFolder): vscode.Disposable {
    const f = this.folder(folder);
    f.retained++;
    let done = false;
    return new vscode.Disposable(() => {
      if (done) return;
      done = true;
      if (--f.retained > 0) return;
      this.folders.delete(key(folder));
      f.subs.forEach(s => s.dispose());
      f.service.dispose(); // deletes my file
    });
  }

  /** A report of the folder: it is sent the presence message now and at every change. */
  attachReport(folder: vscode.WorkspaceFolder, post: (m: PresenceMessage) => void): vscode.Disposable {
    const held = this.retain(folder);
    const f = this.folder(folder);
    f.reports.add(post);
    this.publish(folder);
    return new vscode.Disposable(() => {
      f.reports.delete(post);
      held.dispose();
    });
  }

  /** An investigation view: it is sent who else is viewing that investigation, and which item. */
  attachView(folder: vscode.WorkspaceFolder, name: string, post: (people: ViewPresence[]) => void): vscode.Disposable {
    const held = this.retain(folder);
    const f = this.folder(folder);
    f.views.set(post, name);
    this.publish(folder);
    return new vscode.Disposable(() => {
      f.views.delete(post);
      held.dispose();
    });
  }

  /** My report's focus changed. `acted`: I chose it myself, so I stop following. */
  reportFocus(folder: vscode.WorkspaceFolder, focus: ReportFocus, acted: boolean): void {
    const f = this.folders.get(key(folder));
    if (!f) return;
    f.report = focus;
    if (acted && f.following) this.stop(folder, f, `Stopped following ${f.following.author}: you chose something yourself.`);
    this.write(folder, f);
  }

  /** My investigation view's focused item (undefined: none). */
  itemFocus(folder: vscode.WorkspaceFolder, investigation: string, item: string | undefined): void {
    const f = this.folders.get(key(folder));
    if (!f) return;
    f.item = { investigation, ...(item ? { id: item } : {}) };
    this.write(folder, f);
  }

  /** Whom I follow in the folder, if anyone. */
  following(folder: vscode.WorkspaceFolder): string | undefined {
    return this.folders.get(key(folder))?.following?.author;
  }

  /**
   * Follow the lead of the investigation this folder works on (or `author`); without one, the person
   * picked among those present. Already following: stop. Returns whom I follow now.
   */
  async toggleFollow(folder: vscode.WorkspaceFolder, opts: { readonly on?: boolean; readonly author?: string } = {}): Promise<string | undefined> {
    const held = this.retain(folder); // the command may run before a report is open
    try {
      const f = this.folder(folder);
      if (f.following && opts.on !== true) {
        this.stop(folder, f, `Stopped following ${f.following.author}.`);
        this.write(folder, f);
        return undefined;
      }
      if (opts.on === false) return undefined;
      await f.service.loaded;
      const author = opts.author ?? this.lead(folder) ?? (await this.pick(f));
      if (!author) return undefined;
      f.following = { author, seq: ++this.seq };
      f.stopped = undefined;
      this.deps.log.info('presence', `following ${author}`);
      this.write(folder, f);
      return author;
    } finally {
      held.dispose();
    }
  }

  /** The others present in the folder (fresh, not this window), for tests and the API. */
  others(folder: vscode.WorkspaceFolder): Presence[] {
    return this.folders.get(key(folder))?.service.shown() ?? [];
  }

  /** This window's presence file name in the folder, while present. */
  myFile(folder: vscode.WorkspaceFolder): string | undefined {
    return this.folders.get(key(folder))?.service.file;
  }

  /** Writes of my presence in the folder so far (the [measure] lines). */
  writes(folder: vscode.WorkspaceFolder): number {
    return this.folders.get(key(folder))?.service.writes ?? 0;
  }

  dispose(): void {
    for (const f of this.folders.values()) {
      f.subs.forEach(s => s.dispose());
      f.service.dispose();
    }
    this.folders.clear();
    this.subs.forEach(s => s.dispose());
  }

  private folder(folder: vscode.WorkspaceFolder): FolderPresence {
    const known = this.folders.get(key(folder));
    if (known) return known;
    const service = new PresenceService({
      // Local folders on disk; another scheme (a Live Share guest's vsls:) only through the files it is given (src/vsls/).
      files: this.deps.files?.(folder) ?? (folder.uri.scheme === 'file' ? new NodePresenceFiles(folder.uri.fsPath) : NO_PRESENCE_FILES),
      window: this.window,
      author: () => this.deps.investigations.author(),
      watch: changed => {
        const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `${PRESENCE_DIR}/*.json`));
        const fire = (uri: vscode.Uri) => changed(uri.path.slice(uri.path.lastIndexOf('/') + 1));
        const subs = [watcher, watcher.onDidChange(fire), watcher.onDidCreate(fire), watcher.onDidDelete(fire)];
        return { dispose: () => subs.forEach(s => s.dispose()) };
      },
      beforeFirstWrite: () => this.ignoreInGit(folder),
      log: (level, m) => this.deps.log[level]('presence', m),
    });
    const f: FolderPresence = { service, subs: [], retained: 0, reports: new Set(), views: new Map(), report: {} };
    f.subs.push(service.onDidChange(() => this.publish(folder)));
    this.folders.set(key(folder), f);
    return f;
  }

  /** My presence, from what the report and the views told: written by the service's throttle. */
  private write(folder: vscode.WorkspaceFolder, f: FolderPresence): void {
    const investigation = f.item?.investigation ?? this.deps.investigations.workingOn(folder);
    const focus: Focus = { ...f.report, ...(f.item?.id && f.item.investigation === investigation ? { item: f.item.id } : {}) };
    f.service.update({ focus, investigation, following: f.following?.author });
    this.publish(folder);
  }

  private stop(folder: vscode.WorkspaceFolder, f: FolderPresence, why: string): void {
    this.deps.log.info('presence', why);
    f.following = undefined;
    f.stopped = why;
  }

  /** The lead of the investigation the folder works on, unless it is me. */
  private lead(folder: vscode.WorkspaceFolder): string | undefined {
    const name = this.deps.investigations.workingOn(folder);
    const state = name ? this.deps.investigations.get(folder).peek(name) : undefined;
    return state && leadOf(state.participants, this.deps.investigations.author());
  }

  private async pick(f: FolderPresence): Promise<string | undefined> {
    const people = [...new Set(f.service.shown().map(p => p.author))];
    if (!people.length) {
      void vscode.window.showInformationMessage(
        'Nobody else has this folder’s report or an investigation open right now, and the investigation you are working on has no other lead: there is nobody to follow.',
      );
      return undefined;
    }
    return vscode.window.showQuickPick(people, {
      title: 'Follow whom?',
      placeHolder: 'Your report will show what they look at until you choose something yourself',
    });
  }

  /** Their role in the investigation their presence names. */
  private roleOf(folder: vscode.WorkspaceFolder, p: Presence): Role | undefined {
    const state = p.investigation ? this.deps.investigations.get(folder).peek(p.investigation) : undefined;
    return state?.participants.find(x => x.name === p.author)?.role;
  }

  /** Send every report and view of the folder what it shows of presence now. */
  private publish(folder: vscode.WorkspaceFolder): void {
    const f = this.folders.get(key(folder));
    if (!f) return;
    const shown = f.service.shown();
    if (f.reports.size) {
      const followed = f.following && followedPresence(shown, f.following.author);
      const m: PresenceMessage = {
        type: 'presence',
        people: shown.slice(0, PRESENCE_PEOPLE).map(p => {
          const role = this.roleOf(folder, p);
          return {
            author: clipText(p.author, LIMITS.label),
            ...(role ? { role } : {}),
            focus: reportPart(p.focus),
            ...(p.following ? { following: clipText(p.following, LIMITS.label) } : {}),
          };
        }),
        ...(f.following
          ? {
              following: {
                author: clipText(f.following.author, LIMITS.label),
                seq: f.following.seq,
                ...(followed ? { focus: reportPart(followed.focus) } : {}),
              },
            }
          : {}),
        ...(f.stopped ? { stopped: f.stopped } : {}),
      };
      f.stopped = undefined;
      const why = toWebviewProblem(m);
      if (why) this.deps.log.warn('presence', `not shown: ${why}`);
      else for (const post of f.reports) post(m);
    }
    for (const [post, name] of f.views) {
      post(
        shown
          .filter(p => p.investigation === name)
          .slice(0, PRESENCE_PEOPLE)
          .map(p => {
            const role = this.roleOf(folder, p);
            return { author: p.author, ...(role ? { role } : {}), ...(p.focus.item ? { item: p.focus.item } : {}) };
          }),
      );
    }
  }

  /** Before the first presence file: keep the folder out of git (appended once; the user is told why). */
  private async ignoreInGit(folder: vscode.WorkspaceFolder): Promise<void> {
    if (folder.uri.scheme !== 'file' || !(await ensurePresenceIgnored(folder.uri.fsPath))) return;
    this.deps.log.info('presence', `added "${PRESENCE_IGNORE_LINE}" to .gitignore`);
    void vscode.window
      .showInformationMessage(
        `Calibrate added "${PRESENCE_IGNORE_LINE}" to .gitignore: it shows who else has this folder open and where they look, rewritten up to ten times a second. That is nobody’s history, so it stays out of git (and out of every investigation log).`,
        'Open .gitignore',
      )
      .then(pick => pick && vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, '.gitignore')));
  }
}

/** The report's half of a focus (no investigation item). */
function reportPart(f: Focus): ReportFocus {
  return {
    ...(f.metric !== undefined ? { metric: f.metric } : {}),
    ...(f.hour !== undefined ? { hour: f.hour } : {}),
    ...(f.slice ? { slice: { ...f.slice } } : {}),
    ...(f.anomaly ? { anomaly: { metric: f.anomaly.metric, start: f.anomaly.start } } : {}),
  };
}

const key = (folder: vscode.WorkspaceFolder) => folder.uri.toString();

/** No presence where there are no files for it: nothing read, nothing written. */
const NO_PRESENCE_FILES: PresenceFiles = {
  list: async () => [],
  read: async () => undefined,
  write: async () => undefined,
  remove: async () => undefined,
};
