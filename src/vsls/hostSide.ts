// What the host's Calibrate does while it hosts a Live Share session (ADR 0016): publish each
// folder's analysed report for the guests (hostReport.ts) and take the guests' events from the
// inbox (inbox.ts), watched. Nothing runs outside a hosted session: without Live Share, or as a
// guest, this is idle. When the session ends the published report is taken away.
import * as vscode from 'vscode';
import type { ReportServices } from '../services/reportServices';
import type { ReportState } from '../services/reportService';
import { ensureUnionMerge } from '../services/gitAttributes';
import { FileLogStore } from '../services/investigationStore';
import type { Logger } from '../util/logger';
import { publishReport, unpublishReport } from './hostReport';
import { InboxProcessor } from './inbox';
import { INBOX_DIR } from './inboxRules';
import type { LiveShare } from './liveShare';

export interface HostSideDeps {
  readonly liveShare: LiveShare;
  readonly reports: ReportServices;
  readonly log: Logger;
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
    const { log, reports } = this.deps;
    const hosting: vscode.Disposable[] = [];
    this.hosting = hosting;
    log.info('liveShare', 'hosting a Live Share session: publishing the report and taking guests’ events from the inbox');
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const inbox = new InboxProcessor({
        root: folder.uri.fsPath,
        store: new FileLogStore(folder.uri.fsPath, () => ({ dispose() {} })),
        log,
        readOnlyAuthors: () => this.deps.liveShare.peers().flatMap(p => (p.readOnly && p.name ? [p.name] : [])),
        onCreated: () => ensureUnionMerge(folder, log),
      });
      const drain = () => void inbox.drain().catch(e => log.error('inbox', 'could not take the guests’ events', e));
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `${INBOX_DIR}/**`));
      hosting.push(watcher, watcher.onDidCreate(drain), watcher.onDidChange(drain));
      drain();
      // The guests see the report the host has; if it has none yet, it is built now (here, on the host).
      const service = reports.get(folder);
      const latest = service.current();
      if (latest?.complete && latest.update.type === 'snapshot') this.publish(folder, latest.update.snapshot);
      else void service.load('command').catch(e => log.warn('liveShare', `the report for guests could not be built: ${(e as Error).message}`));
    }
  }

  private stop(): void {
    if (!this.hosting) return;
    this.hosting.splice(0).forEach(d => d.dispose());
    this.hosting = undefined;
    for (const folder of vscode.workspace.workspaceFolders ?? [])
      if (folder.uri.scheme === 'file') this.enqueue(folder, () => unpublishReport(folder.uri.fsPath));
    this.deps.log.info('liveShare', 'no longer hosting: the published report is taken away');
  }

  private publish(folder: vscode.WorkspaceFolder, snapshot: Parameters<typeof publishReport>[2]): void {
    if (folder.uri.scheme !== 'file') return;
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
