// The metrics-report panel host: one panel, restored by a serializer after reload. The host owns
// the data; the webview says `ready` and gets one snapshot back as the reply.
import * as vscode from 'vscode';
import { parseFromWebview, PROTOCOL_VERSION, type Envelope, type FromWebview, type ToWebview } from '../protocol';
import { Disposable } from '../util/dispose';
import type { Logger } from '../util/logger';
import { analyzeReport, loadReport, ReportLoadError } from '../report/loadReport';
import { readSettings } from '../settings';
import { resolveWorkspaceFile } from '../workspace/safeFiles';
import { fitForWebview } from '../fitSnapshot';
import { reportHtml, reportWebviewOptions } from './html';

export type RenderedReport = Extract<FromWebview, { type: 'rendered' | 'problemShown' }>;

export interface ReportPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly log: Logger;
  readonly onRendered: (r: RenderedReport) => void;
  readonly clock: () => number;
  /** How each load ended: analysed to the end, or stopped early by a newer one (tests count these). */
  readonly onLoadEnded?: (outcome: LoadOutcome) => void;
}

export type LoadOutcome = 'analysed' | 'stopped';

export class ReportPanel extends Disposable {
  static readonly viewType = 'calibrate.report';
  private static current: ReportPanel | undefined;
  private nextId = 1;
  /** The load under way: a newer one aborts it, so a superseded analysis stops instead of running on. */
  private load: AbortController | undefined;

  /** The one panel: revealed if open (it keeps its folder), else opened for `folder` (the open command picks it). */
  static show(deps: ReportPanelDeps, folder: vscode.WorkspaceFolder | undefined): ReportPanel {
    if (ReportPanel.current) {
      ReportPanel.current.panel.reveal();
      return ReportPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(ReportPanel.viewType, 'Metrics Report', vscode.ViewColumn.Active, reportWebviewOptions(deps.extensionUri));
    return new ReportPanel(panel, deps, folder);
  }

  static revive(panel: vscode.WebviewPanel, deps: ReportPanelDeps, folder: vscode.WorkspaceFolder | undefined): ReportPanel {
    ReportPanel.current?.dispose();
    panel.webview.options = reportWebviewOptions(deps.extensionUri);
    return new ReportPanel(panel, deps, folder);
  }

  static get active(): ReportPanel | undefined { return ReportPanel.current; }

  /**
   * The workspace folder whose report this is, fixed for the panel's lifetime (undefined: none was
   * open, and the panel says so). In a multi-root workspace the open command chose it.
   */
  private constructor(private readonly panel: vscode.WebviewPanel, private readonly deps: ReportPanelDeps, readonly folder: vscode.WorkspaceFolder | undefined) {
    super();
    ReportPanel.current = this;
    void vscode.commands.executeCommand('setContext', 'calibrate.reportOpen', true);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon.png');
    panel.webview.html = reportHtml(panel.webview, deps.extensionUri);
    this.register(panel.webview.onDidReceiveMessage(m => void this.receive(m)));
    this.register(panel.onDidDispose(() => this.dispose()));
    // The hourly data lands as files: redraw when the config or any CSV in the workspace changes.
    // Only this panel's folder: another root's files are another report's.
    const glob = '**/{.calibrate/*.yaml,.calibrate/**/*.ics,*.csv}';
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(folder ? new vscode.RelativePattern(folder, glob) : glob));
    const changed = () => this.scheduleRefresh();
    this.register(watcher.onDidChange(changed));
    this.register(watcher.onDidCreate(changed));
    this.register(watcher.onDidDelete(changed));
    this.register({ dispose: () => clearTimeout(this.refreshTimer) });
    this.register({ dispose: () => this.load?.abort() });
  }

  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  /** Debounced: a writer saving a large CSV fires several change events. */
  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.sendReport(), 500);
  }

  reveal(): void { this.panel.reveal(); }

  override dispose(): void {
    if (this.isDisposed) return;
    if (ReportPanel.current === this) {
      ReportPanel.current = undefined;
      void vscode.commands.executeCommand('setContext', 'calibrate.reportOpen', false);
    }
    super.dispose();
    this.panel.dispose();
  }

  /** Rebuild the snapshot and push it (the Refresh command). */
  async refresh(): Promise<void> {
    await this.post({ type: 'loading' });
    await this.sendReport();
  }

  private async receive(raw: unknown): Promise<void> {
    let msg: Envelope<FromWebview>;
    try {
      msg = parseFromWebview(raw);
    } catch (e) {
      this.deps.log.warn('panel', `dropped a message from the webview: ${(e as Error).message}`);
      return;
    }
    const body = msg.body;
    switch (body.type) {
      case 'ready':
        if (body.protocol !== PROTOCOL_VERSION) this.deps.log.warn('panel', `webview speaks protocol ${body.protocol}, host ${PROTOCOL_VERSION}`);
        return this.sendReport(msg.id);
      case 'refresh':
        return this.sendReport(msg.id);
      case 'rendered':
        this.deps.log.info('panel', `webview rendered snapshot ${body.snapshotId}: ${body.hourColumns} hour columns, ${body.chartPoints} chart points`);
        return this.deps.onRendered(body);
      case 'openFile':
        return this.openFile(body.file, body.line);
      case 'problemShown':
        return this.deps.onRendered(body);
      case 'webviewError':
        this.deps.log.error('webview', body.message);
    }
  }

  private async sendReport(inReplyTo?: number): Promise<void> {
    const { folder } = this;
    if (!folder) {
      await this.post({ type: 'loadError', problem: { message: 'Open a folder that contains a report config (.calibrate/report.yaml) to see its metrics report.' } }, inReplyTo);
      return;
    }
    const t0 = Date.now();
    // A newer load (refresh, file change) supersedes this one: stop the older one where it is.
    this.load?.abort();
    const load = (this.load = new AbortController());
    const { signal } = load;
    try {
      const settings = readSettings(vscode.workspace, folder);
      const base = await loadReport(folder, { configPath: settings.reportConfigPath, maxCsvBytes: settings.maxCsvBytes }, this.deps.clock(), signal);
      if (signal.aborted) return;
      this.deps.log.info('panel', `report built in ${Date.now() - t0} ms from ${base.snapshot.source}`);
      await this.post({ type: 'snapshot', snapshot: base.snapshot }, inReplyTo);
      const full = await analyzeReport(folder, base, signal);
      this.deps.onLoadEnded?.('analysed');
      if (signal.aborted) return;
      this.deps.log.info('panel', `analysis done in ${Date.now() - t0} ms: ${full.anomalies.length} anomalies, ${full.context.length} context items`);
      await this.post({ type: 'snapshot', snapshot: full });
    } catch (e) {
      if (signal.aborted) {
        this.deps.log.info('panel', `load superseded after ${Date.now() - t0} ms: stopped`);
        this.deps.onLoadEnded?.('stopped');
        return;
      }
      const problem = e instanceof ReportLoadError ? e.problem : { message: String(e) };
      this.deps.log.error('panel', problem.message);
      await this.post({ type: 'loadError', problem }, inReplyTo);
    }
  }

  private async openFile(file: string, line?: number): Promise<void> {
    const { folder } = this;
    if (!folder) return;
    // Only regular files whose real path is inside the workspace: the request comes from the (less
    // trusted) webview, and a link in the workspace could otherwise open, say, ~/.ssh/config.
    let real: string;
    try {
      real = await resolveWorkspaceFile(folder.uri.fsPath, file, 'a file in the workspace');
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      this.deps.log.warn('panel', `refused to open a file: ${why}`);
      void vscode.window.showWarningMessage(`Calibrate refused to open ${why}`); // the message starts with the file
      return;
    }
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(real));
      const pos = new vscode.Position(Math.max(0, (line ?? 1) - 1), 0);
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
    } catch (e) {
      void vscode.window.showErrorMessage(`Calibrate could not open ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async post(body: ToWebview, inReplyTo?: number): Promise<void> {
    if (this.isDisposed) return;
    // Fit to the webview's own limits (one definition, src/protocol.ts LIMITS): a message the webview
    // would refuse becomes a visible loadError here, never an endless spinner there.
    const fitted = fitForWebview(body);
    if (fitted.type === 'loadError' && body.type === 'snapshot') this.deps.log.error('panel', fitted.problem.message);
    await this.panel.webview.postMessage({ id: this.nextId++, inReplyTo, body: fitted } satisfies Envelope<ToWebview>);
  }
}
