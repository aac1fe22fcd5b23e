// The metrics-report panel host: a view of its folder's report service, restored by a serializer
// after reload. The service owns the data; the webview says `ready` and gets the report back.
import { isRemoteFolder, uriInFolder } from '../vsls/sharedFiles';
import * as vscode from 'vscode';
import { Channel, type OkReply } from '../messaging/channel';
import {
  clipText,
  LIMITS,
  parseFromWebview,
  PROTOCOL_VERSION,
  toWebviewProblem,
  type FromWebview,
  type ReadyReply,
  type ReportSnapshot,
  type ToWebview,
} from '../messaging/protocol';
import { parseDiagnosticFromWebview, type DiagnosticFromWebview, type DiagnosticToWebview, type Shown } from '../messaging/diagnostics';
import { Disposable } from '../util/dispose';
import type { Logger } from '../util/logger';
import type { ReportService, ReportState } from '../services/reportService';
import { resolveWorkspaceFile } from '../workspace/safeFiles';
import { fitForWebview } from '../messaging/fitSnapshot';
import { listedContextItem, listedDeploy, listedSource } from '../messaging/contextRequests';
import { openDeployCommit, type GitShowDocuments } from '../commands/deployCommit';
import type { ContextMarks } from '../services/contextMarks';
import { investigationMarks, weekOf } from '../services/investigationMarks';
import { freezeEvidence } from '../services/evidence';
import { openByName, pinEvidence, startFromAnomaly, type InvestigateDeps } from '../commands/investigate';
import type { PinTarget, PresenceMessage } from '../messaging/protocol';
import type { PresenceServices } from '../services/presenceServices';
import { reportHtml } from './html';

type SliceChartReply = Extract<ToWebview, { type: 'sliceChart' }>;

export type RenderedReport = Exclude<DiagnosticFromWebview, Shown>;

/** An anomaly to bring forward, named as in the snapshot: metric and start, with its end for the chart's window. */
export interface AnomalyTarget {
  readonly metric: string;
  readonly start: number;
  readonly end: number;
}

export interface ReportPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly log: Logger;
  /** The read-only `git show` documents (a deploy's commit when the git extension cannot show it). */
  readonly gitShow: GitShowDocuments;
  /** Where "expected" marks on context items are recorded (the investigation being worked on, else the session). */
  readonly marks: ContextMarks;
  /** The folder's investigations: the report shows who is on each anomaly, and starts, opens and pins through them. */
  readonly investigate: InvestigateDeps;
  /** Presence (issue 12): the report tells where the reader is, shows who else is here, and follows the lead. */
  readonly presence?: PresenceServices;
  /**
   * Test instrumentation (the diagnostics channel): what the webview drew, and what it shows when
   * the panel becomes visible again. Undefined in production: the webview then does not speak it.
   */
  readonly diagnostics?: {
    readonly onRendered: (r: RenderedReport) => void;
    readonly onShown: (s: Shown) => void;
  };
}

/** How long the host waits for the webview to answer a diagnostics request. */
const DIAGNOSTICS_TIMEOUT_MS = 10_000;

/** Shown when no workspace folder is open: there is no report (and no service) to show. */
const NO_FOLDER: ReadyReply = {
  type: 'loadError',
  problem: { message: 'Open a folder that contains a report config (.calibrate/report.yaml) to see its metrics report.' },
};

/**
 * One report webview: a view of its folder's ReportService. It draws the service's state when the
 * webview says `ready` (the cached report when the inputs are unchanged: a tab switch computes
 * nothing) and each newer state the service fires. ReportPanels (panelManager.ts) opens and tracks them.
 */
export class ReportPanel extends Disposable {
  static readonly viewType = 'calibrate.report';
  private readonly channel: Channel<ToWebview, FromWebview>;
  private readonly diagnostics: Channel<DiagnosticToWebview, DiagnosticFromWebview> | undefined;
  /** The webview has said `ready` (it has a message listener): states are posted only after that. */
  private ready = false;
  /** The newest service state posted to this webview: an older one is never drawn over it. */
  private shown = 0;
  /** A reveal asked for while the webview could not hear it (not ready, or hidden): posted after its next `ready`. */
  private pendingReveal: AnomalyTarget | undefined;
  /** A state the service fired while a `ready` was being answered: the answer carries it. */
  private firedDuringReady: ReportState | undefined;
  /** The last analysed report posted: the webview keeps showing its context while a newer one is analysed. */
  private lastAnalysed: ReportSnapshot | undefined;
  /** The last snapshot posted (before its marks): posted again when the folder's investigations change. */
  private lastPosted: Extract<ToWebview, { type: 'snapshot' }> | undefined;
  /** The investigation marks last posted (JSON): the snapshot is posted again only when they change. */
  private shownMarks = '';
  /** The latest presence message: posted again after each `ready` (a webview that was rebuilt). */
  private presence: PresenceMessage | undefined;

  /**
   * `folder`: the workspace folder whose report this is, fixed for the panel's lifetime (undefined:
   * none was open, and the panel says so), with its service.
   */
  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: ReportPanelDeps,
    readonly folder: vscode.WorkspaceFolder | undefined,
    private readonly service: ReportService | undefined,
  ) {
    super();
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon.png');
    const send = (e: unknown) => panel.webview.postMessage(e);
    this.channel = new Channel<ToWebview, FromWebview>({
      name: 'report',
      send,
      parse: parseFromWebview,
      timeoutMs: DIAGNOSTICS_TIMEOUT_MS,
      onRequest: body => this.answer(body),
      onNotify: body => {
        if (body.type === 'webviewError') deps.log.error('webview', body.message);
        if (body.type === 'focus' && folder) deps.presence?.reportFocus(folder, body.focus, body.acted);
      },
      onInvalid: why => deps.log.warn('panel', `refused a message from the webview: ${why}`),
      onStray: why => deps.log.info('panel', why),
    });
    const diag = deps.diagnostics;
    this.diagnostics =
      diag &&
      new Channel<DiagnosticToWebview, DiagnosticFromWebview>({
        name: 'diagnostics',
        send,
        parse: parseDiagnosticFromWebview,
        timeoutMs: DIAGNOSTICS_TIMEOUT_MS,
        onNotify: body => {
          if (body.type === 'rendered')
            deps.log.info('panel', `webview rendered snapshot ${body.snapshotId}: ${body.hourColumns} hour columns, ${body.chartPoints} chart points`);
          if (body.type !== 'shown') diag.onRendered(body);
        },
        onInvalid: why => deps.log.warn('panel', `refused a diagnostics message: ${why}`),
      });
    panel.webview.html = reportHtml(panel.webview, deps.extensionUri, {
      diagnostics: diag !== undefined,
      ...(folder ? { folder: folder.uri.toString() } : {}),
    });
    this.register(panel.webview.onDidReceiveMessage(m => this.route(m)));
    this.register(panel.onDidDispose(() => this.dispose()));
    if (diag)
      this.register(
        panel.onDidChangeViewState(e => {
          if (e.webviewPanel.visible && this.ready) void this.describe(diag.onShown);
        }),
      );
    if (folder && deps.presence)
      this.register(
        deps.presence.attachReport(folder, m => {
          this.presence = m;
          // Never through fitted(): presence is checked where it is built, and a bad one is dropped, not shown as an error.
          if (this.ready && !this.isDisposed) this.channel.notify(m);
        }),
      );
    if (service) {
      // While open, the service reloads on file changes; the panel draws what it fires. The webview
      // is kept while hidden (retainContextWhenHidden), so a hidden panel keeps up too.
      this.register(service.retain());
      // An investigation started, a verdict given, in this window or another: the marks on the report change.
      const folderKey = folder?.uri.toString();
      this.register(
        deps.investigate.investigations.onDidChange(e => {
          // Only when what the report shows of them changed: a pin or a note changes nothing here, and a
          // redraw would take the reader's focus (and the pin button's confirmation) away.
          if (e.folder.uri.toString() !== folderKey || !this.ready || !this.lastPosted) return;
          const marks = this.investigationMarksOf(this.lastPosted.snapshot);
          if (JSON.stringify(marks) !== this.shownMarks) this.channel.notify(this.fitted(this.lastPosted, marks));
        }),
      );
      this.register(
        service.onDidChange(s => {
          if (this.ready) this.show(s);
          else this.firedDuringReady = s;
        }),
      );
    }
  }

  /** Closed by the user or disposed: it draws nothing more. */
  get isClosed(): boolean {
    return this.isDisposed;
  }

  reveal(): void {
    this.panel.reveal();
  }

  /**
   * Bring the panel forward on one anomaly: the webview opens its card and charts its metric zoomed
   * to its window (and waits for the analysis if it has not arrived yet). A hidden webview is
   * rebuilt when shown, so the reveal is then posted after its `ready` and the report.
   */
  revealAnomaly(target: AnomalyTarget): void {
    this.panel.reveal();
    if (!this.ready) {
      this.pendingReveal = target;
      return;
    }
    this.pendingReveal = undefined;
    this.post({ type: 'reveal', ...target });
  }

  override dispose(): void {
    if (this.isDisposed) return;
    super.dispose();
    this.channel.close();
    this.diagnostics?.close();
    this.panel.dispose();
  }

  /** Rebuild the report from the files and redraw (the Refresh command): the cache is bypassed. */
  async refresh(): Promise<void> {
    this.post({ type: 'loading' });
    await this.service?.refresh();
  }

  /** A raw message from the webview, to its channel (which validates it). */
  private route(raw: unknown): void {
    const channel = typeof raw === 'object' && raw !== null ? (raw as { channel?: unknown }).channel : undefined;
    if (channel === 'diagnostics') {
      if (this.diagnostics) this.diagnostics.receive(raw);
      else this.deps.log.warn('panel', 'refused a diagnostics message: the channel is off');
    } else this.channel.receive(raw);
  }

  /** The webview's requests. A throw becomes an error reply the webview shows. */
  private async answer(body: FromWebview): Promise<ReadyReply | OkReply | SliceChartReply> {
    switch (body.type) {
      case 'ready':
        if (body.protocol !== PROTOCOL_VERSION) this.deps.log.warn('panel', `webview speaks protocol ${body.protocol}, host ${PROTOCOL_VERSION}`);
        return this.onReady();
      case 'refresh':
        if (!this.service) throw new Error('no workspace folder is open, so there is no report to refresh');
        // Accepted: its states follow as notifications (a load problem among them), so the answer does not wait for it.
        void this.service.refresh();
        return { type: 'ok' };
      case 'openFile':
        if (!this.folder) throw new Error('no workspace folder is open');
        await openWorkspaceFileOrThrow(this.folder, body.file, body.line, this.deps.log, body.column);
        return { type: 'ok' };
      case 'showProblems':
        // The report's problems are diagnostics there (src/services/reportDiagnostics.ts).
        await vscode.commands.executeCommand('workbench.actions.view.problems');
        return { type: 'ok' };
      case 'trustWorkspace':
        // A remote source in an untrusted workspace: VS Code's own trust editor decides (the report reloads once trusted).
        await vscode.commands.executeCommand('workbench.trust.manage');
        return { type: 'ok' };
      case 'openDeploy':
        return this.openDeploy(body.ref);
      case 'openSource':
        return this.openSource(body.file, body.line);
      case 'markContext':
        return this.markContext(body.key, body.expected);
      case 'sliceChart':
        return this.sliceChart(body.metric, body.dims);
      case 'startInvestigation':
        if (!this.folder) throw new Error('no workspace folder is open');
        await startFromAnomaly(this.deps.investigate, this.folder, body.metric, body.start);
        return { type: 'ok' };
      case 'openInvestigation':
        if (!this.folder) throw new Error('no workspace folder is open');
        await openByName(this.deps.investigate, this.folder, body.name);
        return { type: 'ok' };
      case 'pinEvidence':
        return this.pin(body.target);
      case 'follow':
        if (!this.folder || !this.deps.presence) throw new Error('no workspace folder is open');
        await this.deps.presence.toggleFollow(this.folder, { on: body.on });
        return { type: 'ok' };
      default:
        throw new Error(`"${body.type}" is not a request`);
    }
  }

  /** One slice of a metric of the report on screen, charted against its own forecast in the folder's worker. */
  private async sliceChart(metric: string, dims: Readonly<Record<string, string>>): Promise<SliceChartReply> {
    const report = this.service?.latest();
    if (!this.service || !report?.rows.some(r => r.metric === metric)) throw new Error(`the report has no metric "${metric}"`);
    const c = await this.service.sliceChart(metric, { ...dims });
    const reply: SliceChartReply = {
      type: 'sliceChart',
      metric,
      dims: c.dims,
      chart: { x: c.x, thisWeek: c.thisWeek, lastWeek: c.lastWeek, ...(c.forecast ? { forecast: c.forecast } : {}) },
      ...(c.forecastProblem ? { forecastProblem: clipText(c.forecastProblem, LIMITS.message) } : {}),
    };
    // The webview refuses what breaks its limits: say so here, as an error reply it shows.
    const problem = toWebviewProblem(reply);
    if (problem) throw new Error(problem);
    return reply;
  }

  /** Pin what the webview names, frozen from the report the host has (never from values the webview sends). */
  private async pin(target: PinTarget): Promise<OkReply> {
    const snapshot = this.listed(s => (s.analysis === 'done' ? s : undefined));
    if (!this.folder || !this.service || !snapshot) throw new Error('the report is not analysed yet: pin once it is');
    const slice = target.kind === 'chart' && Object.keys(target.dims).length ? await this.service.sliceChart(target.metric, { ...target.dims }) : undefined;
    const body = freezeEvidence(
      snapshot,
      target,
      slice && { x: slice.x, thisWeek: slice.thisWeek, lastWeek: slice.lastWeek, ...(slice.forecast ? { forecast: slice.forecast } : {}) },
    );
    const title = await pinEvidence(this.deps.investigate, this.folder, body);
    this.deps.log.info('panel', `pinned ${body.kind} "${body.title}" to ${title}`);
    return { type: 'ok' };
  }

  // ---- the context list's actions: each acts only on what the service's current report lists ----

  /** A deploy of the report: its commit, in the git extension's changes editor or as `git show`. */
  private async openDeploy(ref: string): Promise<OkReply> {
    const deploy = this.listed(s => listedDeploy(s, ref));
    if (!this.folder || !deploy) throw new Error(`the report lists no deploy ${ref}`);
    await openDeployCommit(this.folder, { ref: deploy.ref, kind: deploy.deployKind }, this.deps);
    return { type: 'ok' };
  }

  /** An event's (or calendar entry's) declaration, or a warning's file, at its line (0: the top). */
  private async openSource(file: string, line: number): Promise<OkReply> {
    if (!this.folder || !this.listed(s => listedSource(s, file, line) || undefined))
      throw new Error(`the report does not list ${file}${line ? `:${line}` : ''}`);
    await openWorkspaceFileOrThrow(this.folder, file, line || undefined, this.deps.log);
    return { type: 'ok' };
  }

  /** Mark a context item of the report "expected" (or withdraw the mark); later reports carry the marks. */
  private async markContext(key: string, expected: boolean): Promise<OkReply> {
    const item = this.listed(s => listedContextItem(s, key));
    if (!this.folder || !item) throw new Error('the report no longer lists that context item');
    await this.deps.marks.mark(this.folder.uri.toString(), item, expected);
    this.deps.log.info('panel', `${item.title}: ${expected ? 'marked expected' : 'mark withdrawn'}`);
    return { type: 'ok' };
  }

  /**
   * What the service's current report lists, else what the last analysed report this webview was
   * sent lists (while a newer one is analysed, the webview still shows that one's context).
   */
  private listed<T>(find: (s: ReportSnapshot) => T | undefined): T | undefined {
    const now = this.service?.latest();
    return (now && find(now)) ?? (this.lastAnalysed && find(this.lastAnalysed));
  }

  /**
   * The snapshot with the folder's current "expected" marks and investigations: they are not part of
   * the analysis (or its cache).
   */
  private withMarks(body: ToWebview, known?: Marks): ToWebview {
    if (body.type !== 'snapshot' || !this.folder) return body;
    this.lastPosted = body;
    if (body.snapshot.analysis === 'done') this.lastAnalysed = body.snapshot;
    const marks = known ?? this.investigationMarksOf(body.snapshot);
    this.shownMarks = JSON.stringify(marks);
    return { type: 'snapshot', snapshot: { ...body.snapshot, ...marks } };
  }

  /** What the report shows of the folder's investigations (and the "expected" marks, some recorded in them) for this snapshot. */
  private investigationMarksOf(s: ReportSnapshot): Marks {
    if (!this.folder) return {};
    const invs = this.deps.investigate.investigations.known(this.folder);
    return {
      expectedContext: this.deps.marks.expectedKeys(this.folder.uri.toString()),
      investigations: investigationMarks(s, invs),
      weekly: weekOf(s, invs, Date.now()),
    };
  }

  /**
   * A new webview (first open, or reloaded): answer with the service's report of the current inputs,
   * from its cache when they are unchanged, or "loading" while a load it starts runs (its states
   * follow as notifications).
   */
  private async onReady(): Promise<ReadyReply> {
    this.ready = false;
    this.firedDuringReady = undefined;
    if (!this.service) {
      this.ready = true;
      return NO_FOLDER;
    }
    const t0 = Date.now();
    const ticket = await this.service.request('ready');
    const state = newer(ticket.current, this.firedDuringReady);
    this.firedDuringReady = undefined;
    // From here every state the service fires is posted after this answer (one thread, posts in order).
    this.ready = true;
    this.shown = state?.version ?? 0;
    if (state) this.deps.log.info('panel', `ready: ${ticket.decision}, report answered ${Date.now() - t0} ms after the webview's ready`);
    // After the report (or "loading"): the webview keeps the reveal until its anomaly arrives.
    const reveal = this.pendingReveal;
    this.pendingReveal = undefined;
    if (reveal) queueMicrotask(() => this.post({ type: 'reveal', ...reveal }));
    const presence = this.presence;
    if (presence) queueMicrotask(() => !this.isDisposed && this.channel.notify({ ...presence, stopped: undefined }));
    return state ? (this.fitted(state.update) as ReadyReply) : { type: 'loading' };
  }

  /** Diagnostics: ask the webview what it shows now (the panel was made visible again). */
  private async describe(onShown: (s: Shown) => void): Promise<void> {
    try {
      onShown(await this.diagnostics!.request<Shown>({ type: 'describe' }));
    } catch (e) {
      this.deps.log.warn('panel', `the webview did not describe itself: ${(e as Error).message}`);
    }
  }

  private show(state: ReportState): void {
    if (state.version <= this.shown) return;
    this.shown = state.version;
    this.post(state.update);
  }

  /**
   * Fit to the webview's own limits (one definition, src/messaging/protocol.ts LIMITS): a message the
   * webview would refuse becomes a visible loadError here, never an endless spinner there. `marks`:
   * already computed for this snapshot (an investigation change), else computed here.
   */
  private fitted(body: ToWebview, marks?: Marks): ToWebview {
    const fitted = fitForWebview(this.withMarks(body, marks));
    if (fitted.type === 'loadError' && body.type === 'snapshot') this.deps.log.error('panel', fitted.problem.message);
    return fitted;
  }

  private post(body: ToWebview): void {
    if (!this.isDisposed) this.channel.notify(this.fitted(body));
  }
}

/** What the panel adds to a snapshot from the folder's investigations and "expected" marks. */
type Marks = Pick<ReportSnapshot, 'expectedContext' | 'investigations' | 'weekly'>;

/** The newer of two service states. */
function newer(a: ReportState | undefined, b: ReportState | undefined): ReportState | undefined {
  return !a ? b : !b ? a : a.version >= b.version ? a : b;
}

/**
 * Open `file` (relative to the folder) at `line` in an editor, if it is a regular file whose real
 * path is inside the folder. For requests from the (less trusted) webview, and for paths read from
 * workspace data (an event's `source`): a link in the workspace could otherwise open, say,
 * ~/.ssh/config. Throws an error whose message says which file and why not.
 */
export async function openWorkspaceFileOrThrow(
  folder: vscode.WorkspaceFolder,
  file: string,
  line: number | undefined,
  log: Logger,
  column?: number,
): Promise<void> {
  let real: vscode.Uri;
  try {
    // A Live Share guest's folder is the host's, over vsls:: opened through its URI, not from this disk.
    real = isRemoteFolder(folder)
      ? uriInFolder(folder, file, 'a file in the workspace')
      : vscode.Uri.file(await resolveWorkspaceFile(folder.uri.fsPath, file, 'a file in the workspace'));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    log.warn('panel', `refused to open a file: ${why}`);
    throw new Error(`refused to open ${why}`, { cause: e }); // the message starts with the file
  }
  try {
    const doc = await vscode.workspace.openTextDocument(real);
    const pos = new vscode.Position(Math.max(0, (line ?? 1) - 1), Math.max(0, (column ?? 1) - 1));
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
  } catch (e) {
    throw new Error(`could not open ${file}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/** openWorkspaceFileOrThrow, with a failure shown as a VS Code notification (for commands). */
export async function openWorkspaceFile(folder: vscode.WorkspaceFolder, file: string, line: number | undefined, log: Logger): Promise<void> {
  try {
    await openWorkspaceFileOrThrow(folder, file, line, log);
  } catch (e) {
    void vscode.window.showWarningMessage(`Calibrate ${(e as Error).message}`);
  }
}
