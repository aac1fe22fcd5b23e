// What the host's Calibrate does while it hosts a Live Share session (ADR 0016): publish each
// folder's analysed report for the guests (hostReport.ts), take the guests' events from the
// inbox (inbox.ts), and write the findings guests ask for (findingRequests.ts, ADR 0028), all
// watched. A running drill (ADR 0021) is a folder of its own inside the workspace folder: its report
// is published in it and its inbox taken the same way, so a guest pairs on the host's drill. Nothing
// runs outside a hosted session: without Live Share, or as a guest, this is idle. When the session
// ends the published reports are taken away.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { drillFolder } from '../learning/drillFolders';
import { DRILLS_DIR, drillWork, runningDrills } from '../learning/drills';
import type { ReportServices } from '../services/reportServices';
import type { ReportState } from '../services/reportService';
import { ensureUnionMerge } from '../services/gitAttributes';
import { FileLogStore } from '../services/investigationStore';
import type { Logger } from '../util/logger';
import { publishReport, unpublishReport } from './hostReport';
import { InboxProcessor } from './inbox';
import { INBOX_DIR } from './inboxRules';
import { REQUESTS_DIR, type FindingReply, type FindingRequest } from './findingRequestRules';
import { FindingRequestProcessor } from './findingRequests';
import type { LiveShare } from './liveShare';

/** How often, while hosting, the inboxes are swept for files whose watcher event was missed. */
const INBOX_SWEEP_MS = 5_000;

export interface HostSideDeps {
  readonly liveShare: LiveShare;
  readonly reports: ReportServices;
  readonly log: Logger;
  /** A guest's finding, written in this window as the host's own command writes one (writeFindingForGuest). */
  readonly findingForGuest: (folder: vscode.WorkspaceFolder, request: FindingRequest) => Promise<FindingReply>;
}

export class HostSide implements vscode.Disposable {
  private hosting: vscode.Disposable[] | undefined;
  private readonly subs: vscode.Disposable[];

  constructor(private readonly deps: HostSideDeps) {
    this.subs = [deps.liveShare.onDidChangeSession(() => this.update())];
    void deps.liveShare.ready.then(() => this.update());
  }

  /** A folder's report changed: published while hosting, once analysed. */
  onReportState(folder: vscode.WorkspaceFolder, state: ReportState): void {
    if (!this.hosting || !state.complete || state.update.type !== 'snapshot' || state.update.snapshot.analysis !== 'done') return;
    this.publish(folder, state.update.snapshot);
  }

  dispose(): void {
    this.subs.forEach(s => s.dispose());
    this.stop();
  }

  private update(): void {
    if (this.deps.liveShare.isHost && !this.hosting) this.start();
    else if (!this.deps.liveShare.isHost && this.hosting) this.stop();
  }

  private start(): void {
    const { log } = this.deps;
    const hosting: vscode.Disposable[] = [];
    this.hosting = hosting;
    log.info('liveShare', 'hosting a Live Share session: publishing the report and taking guests’ events from the inbox');
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const drain = this.inboxOf(folder);
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `${INBOX_DIR}/**`));
      hosting.push(watcher, watcher.onDidCreate(drain), watcher.onDidChange(drain));
      drain();
      // Guests' findings (ADR 0028): written here, in the host's folder and repository.
      const answer = this.requestsOf(folder);
      const requests = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `${REQUESTS_DIR}/*.json`));
      hosting.push(requests, requests.onDidCreate(answer));
      answer();
      this.publishOrBuild(folder);
      // The drills' inboxes: one processor per drill, made when its inbox is first written.
      // Only a folder that holds a drill's record is taken: a guest cannot make a drill by writing an inbox.
      const drills = new Map<string, Promise<(() => void) | undefined>>();
      const drillDrain = (id: string) => {
        let d = drills.get(id);
        if (!d) {
          const dir = path.join(folder.uri.fsPath, DRILLS_DIR, id);
          d = drillWork(dir).then(
            w => (w.record ? this.inboxOf(drillFolder(folder, { drillId: id, dir })) : undefined),
            () => undefined,
          );
          drills.set(id, d);
        }
        void d.then(drain => (drain ? drain() : log.warn('inbox', `${DRILLS_DIR}/${id} holds no drill: its inbox is not taken`)));
      };
      const drillWatcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `${DRILLS_DIR}/*/${INBOX_DIR}/**`));
      const onDrillInbox = (uri: vscode.Uri) => {
        const id = path.relative(path.join(folder.uri.fsPath, DRILLS_DIR), uri.fsPath).split(path.sep)[0];
        if (id && id !== '..' && !path.isAbsolute(id)) drillDrain(id);
      };
      hosting.push(drillWatcher, drillWatcher.onDidCreate(onDrillInbox), drillWatcher.onDidChange(onDrillInbox));
      void runningDrills(folder.uri.fsPath).then(
        running => {
          if (this.hosting !== hosting) return;
          for (const d of running) {
            drillDrain(d.drillId);
            this.publishOrBuild(drillFolder(folder, d));
          }
        },
        e => log.warn('liveShare', `the running drills could not be read: ${(e as Error).message}`),
      );
      // The watchers are the fast path; a file written into a folder created a moment before can
      // miss its event (a recursive watcher adds the new folder after the write). A slow sweep takes
      // whatever is left, so a guest's event never waits for the next one.
      const sweep = setInterval(() => {
        drain();
        answer();
        void runningDrills(folder.uri.fsPath).then(
          running => this.hosting === hosting && running.forEach(d => drillDrain(d.drillId)),
          () => undefined,
        );
      }, INBOX_SWEEP_MS);
      hosting.push({ dispose: () => clearInterval(sweep) });
    }
  }

  /** The folder's inbox, taken into its logs: a drain function (a drain during a drain runs once more after it). */
  private inboxOf(folder: vscode.WorkspaceFolder): () => void {
    const { log } = this.deps;
    const inbox = new InboxProcessor({
      root: folder.uri.fsPath,
      store: new FileLogStore(folder.uri.fsPath, () => ({ dispose() {} })),
      log,
      readOnlyAuthors: () => this.readOnlyGuests(),
      onCreated: () => ensureUnionMerge(folder, log),
    });
    return () => void inbox.drain().catch(e => log.error('inbox', `could not take the guests’ events (${folder.name})`, e));
  }

  /** Display names of the session's read-only guests: the host writes nothing for them (events, findings). */
  private readOnlyGuests(): string[] {
    return this.deps.liveShare.peers().flatMap(p => (p.readOnly && p.name ? [p.name] : []));
  }

  /** The folder's finding requests, answered: an answer function (one during another runs once more after it). */
  private requestsOf(folder: vscode.WorkspaceFolder): () => void {
    const { log } = this.deps;
    const requests = new FindingRequestProcessor({
      root: folder.uri.fsPath,
      log,
      readOnlyAuthors: () => this.readOnlyGuests(),
      write: request => this.deps.findingForGuest(folder, request),
    });
    return () => void requests.drain().catch(e => log.error('requests', `could not answer the guests’ finding requests (${folder.name})`, e));
  }

  /** The guests see the report the host has; if it has none yet, it is built now (here, on the host). */
  private publishOrBuild(folder: vscode.WorkspaceFolder): void {
    const service = this.deps.reports.get(folder);
    const latest = service.current();
    if (latest?.complete && latest.update.type === 'snapshot') this.publish(folder, latest.update.snapshot);
    else void service.load('command').catch(e => this.deps.log.warn('liveShare', `the report for guests could not be built: ${(e as Error).message}`));
  }

  private stop(): void {
    if (!this.hosting) return;
    this.hosting.splice(0).forEach(d => d.dispose());
    this.hosting = undefined;
    // The window's folders always (a report left by a session that ended without this), and every drill published.
    for (const folder of vscode.workspace.workspaceFolders ?? []) if (folder.uri.scheme === 'file') this.published.set(folder.uri.toString(), folder);
    for (const folder of this.published.values()) this.enqueue(folder, () => unpublishReport(folder.uri.fsPath));
    this.published.clear();
    this.deps.log.info('liveShare', 'no longer hosting: the published report is taken away');
  }

  /** Every folder whose report was published in this session (the window's and the drills'): unpublished when it ends. */
  private readonly published = new Map<string, vscode.WorkspaceFolder>();

  private publish(folder: vscode.WorkspaceFolder, snapshot: Parameters<typeof publishReport>[2]): void {
    if (folder.uri.scheme !== 'file') return;
    this.published.set(folder.uri.toString(), folder);
    this.enqueue(folder, () =>
      publishReport(folder.uri.fsPath, folder.name, snapshot).then(
        () => this.deps.log.info('liveShare', `${folder.name}: report published for the session’s guests`),
        e => this.deps.log.warn('liveShare', `${folder.name}: the report could not be published for guests: ${(e as Error).message}`),
      ),
    );
  }

  /** One write at a time per folder, in order: an older report never lands over a newer one. */
  private readonly writes = new Map<string, Promise<void>>();
  private enqueue(folder: vscode.WorkspaceFolder, write: () => Promise<void>): void {
    const key = folder.uri.toString();
    this.writes.set(key, (this.writes.get(key) ?? Promise.resolve()).then(write, write));
  }
}
