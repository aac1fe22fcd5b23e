// The metrics-report panel host: a view of its folder's report service, restored by a serializer
// after reload. The service owns the data; the webview says `ready` and gets the report back.
import * as vscode from 'vscode';
import { parseFromWebview, PROTOCOL_VERSION, type Envelope, type FromWebview, type ToWebview } from '../protocol';
import { Disposable } from '../util/dispose';
import type { Logger } from '../util/logger';
import type { ReportService, ReportState } from '../services/reportService';
import { resolveWorkspaceFile } from '../workspace/safeFiles';
import { fitForWebview } from '../fitSnapshot';
import { reportHtml } from './html';

export type RenderedReport = Extract<FromWebview, { type: 'rendered' | 'problemShown' }>;

/** An anomaly to bring forward, named as in the snapshot: metric and start, with its end for the chart's window. */
export interface AnomalyTarget {
  readonly metric: string;
  readonly start: number;
  readonly end: number;
}

export interface ReportPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly log: Logger;
  readonly onRendered: (r: RenderedReport) => void;
}

/** Shown when no workspace folder is open: there is no report (and no service) to show. */
const NO_FOLDER: ToWebview = { type: 'loadError', problem: { message: 'Open a folder that contains a report config (.calibrate/report.yaml) to see its metrics report.' } };

/**
 * One report webview: a view of its folder's ReportService. It draws the service's state when the
 * webview says `ready` (the cached report when the inputs are unchanged: a tab switch computes
 * nothing) and each newer state the service fires. ReportPanels (panelManager.ts) opens and tracks them.
 */
export class ReportPanel extends Disposable {
  static readonly viewType = 'calibrate.report';
  private nextId = 1;
  /** The webview has said `ready` (it has a message listener): states are posted only after that. */
  private ready = false;
  /** The newest service state posted to this webview: an older one is never drawn over it. */
  private shown = 0;
  /** A reveal asked for while the webview could not hear it (not ready, or hidden): posted after its next `ready`. */
  private pendingReveal: AnomalyTarget | undefined;

  /**
   * `folder`: the workspace folder whose report this is, fixed for the panel's lifetime (undefined:
   * none was open, and the panel says so), with its service.
   */
  constructor(private readonly panel: vscode.WebviewPanel, private readonly deps: ReportPanelDeps, readonly folder: vscode.WorkspaceFolder | undefined, private readonly service: ReportService | undefined) {
    super();
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon.png');
    panel.webview.html = reportHtml(panel.webview, deps.extensionUri);
    this.register(panel.webview.onDidReceiveMessage(m => void this.receive(m)));
    this.register(panel.onDidDispose(() => this.dispose()));
    if (service) {
      // While open, the service reloads on file changes; the panel draws what it fires.
      this.register(service.retain());
      this.register(service.onDidChange(s => { if (this.ready) void this.show(s); }));
    }
  }

  /** Closed by the user or disposed: it draws nothing more. */
  get isClosed(): boolean { return this.isDisposed; }

  reveal(): void { this.panel.reveal(); }

  /**
   * Bring the panel forward on one anomaly: the webview opens its card and charts its metric zoomed
   * to its window (and waits for the analysis if it has not arrived yet). A hidden webview is
   * rebuilt when shown, so the reveal is then posted after its `ready` and the report.
   */
  async revealAnomaly(target: AnomalyTarget): Promise<void> {
    const listening = this.ready && this.panel.visible;
    this.panel.reveal();
    if (!listening) {
      this.pendingReveal = target;
      return;
    }
    this.pendingReveal = undefined;
    await this.post({ type: 'reveal', ...target });
  }

  override dispose(): void {
    if (this.isDisposed) return;
    super.dispose();
    this.panel.dispose();
  }

  /** Rebuild the report from the files and redraw (the Refresh command): the cache is bypassed. */
  async refresh(): Promise<void> {
    await this.post({ type: 'loading' });
    await this.service?.refresh();
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
        return this.onReady(msg.id);
      case 'refresh':
        await this.service?.refresh();
        return;
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

  /**
   * A new webview (first open, or shown again after it was hidden): draw the service's report of the
   * current inputs, from its cache when they are unchanged; a load it starts draws as it goes.
   */
  private async onReady(inReplyTo: number): Promise<void> {
    this.ready = true;
    this.shown = 0; // a new webview has drawn nothing yet
    if (!this.service) return this.post(NO_FOLDER, inReplyTo);
    const t0 = Date.now();
    const ticket = await this.service.request('ready');
    if (ticket.current) {
      await this.show(ticket.current, inReplyTo);
      this.deps.log.info('panel', `ready: ${ticket.decision}, report posted ${Date.now() - t0} ms after the webview's ready`);
    }
    // After the report (or before the load's first state): the webview keeps it until its anomaly arrives.
    const reveal = this.pendingReveal;
    this.pendingReveal = undefined;
    if (reveal) await this.post({ type: 'reveal', ...reveal });
  }

  private async show(state: ReportState, inReplyTo?: number): Promise<void> {
    if (state.version <= this.shown) return;
    this.shown = state.version;
    await this.post(state.update, inReplyTo);
  }

  private async openFile(file: string, line?: number): Promise<void> {
    if (this.folder) await openWorkspaceFile(this.folder, file, line, this.deps.log);
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

/**
 * Open `file` (relative to the folder) at `line` in an editor, if it is a regular file whose real
 * path is inside the folder; else warn. For requests from the (less trusted) webview, and for
 * paths read from workspace data (an event's `source`): a link in the workspace could otherwise
 * open, say, ~/.ssh/config.
 */
export async function openWorkspaceFile(folder: vscode.WorkspaceFolder, file: string, line: number | undefined, log: Logger): Promise<void> {
  let real: string;
  try {
    real = await resolveWorkspaceFile(folder.uri.fsPath, file, 'a file in the workspace');
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    log.warn('panel', `refused to open a file: ${why}`);
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
