// Composition root: everything Calibrate does in VS Code is wired here, once.
import * as vscode from 'vscode';
import { createLogger } from './util/logger';
import { scheduling } from './report/analysisHost';
import { ReportPanel, type RenderedReport, type ReportPanelDeps } from './panel/reportPanel';
import { ReportPanels } from './panel/panelManager';
import { ReportServices } from './services/reportServices';
import { ReportDiagnostics } from './services/reportDiagnostics';
import type { LoadOutcome, ReportState } from './services/reportService';
import type { Shown } from './messaging/diagnostics';
import { registerCommands } from './commands';
import type { CommandDeps } from './commands/command';
import { openReport } from './commands/openReport';
import { GIT_SHOW_SCHEME, GitShowDocuments, TriageCursor, triageData, type TriageData } from './commands/triage';
import { openDeployCommit } from './commands/deployCommit';
import { readSettings } from './settings';
import { LoggedContextMarks } from './services/loggedContextMarks';
import { AnomalyStatusBar } from './statusBar';
import { InvestigationServices } from './services/investigationServices';
import { InvestigationPanels, parseInvestigationViewState } from './panel/investigationPanel';
import { restoredReportFolder } from './panel/restoreReport';
import type { ToInvestigationView } from './messaging/investigationProtocol';
import { InvestigationsTree } from './views/investigationsTree';
import type { InvestigateDeps } from './commands/investigate';
import type { InvestigationService } from './services/investigationService';
import { FileLogStore, INVESTIGATIONS_DIR } from './services/investigationStore';
import { PresenceServices } from './services/presenceServices';
import type { Presence } from './core/presence';
import { LiveShare, type PairSession } from './vsls/liveShare';
import { fromHostPipeline, SNAPSHOT_FILE } from './vsls/hostReport';
import { HostSide } from './vsls/hostSide';
import { isRemoteFolder } from './vsls/sharedFiles';
import { pairedLogStore, SharedLogStore } from './vsls/sharedLogStore';
import { FindingsUi, writeFindingForGuest } from './findings/writeFinding';
import { CommitLinker } from './findings/commitLinker';

export type { LoadOutcome } from './services/reportService';
export type { TriageData } from './commands/triage';

/** What activate() returns: used by the integration tests and by other extensions. */
export interface CalibrateApi {
  readonly activatedInMs: number;
  /** Resolves with the next report the webview draws (test and development modes: the diagnostics channel). */
  nextRender(timeoutMs?: number): Promise<RenderedReport>;
  /** Resolves when a report panel is made visible again and its webview says what it shows (diagnostics channel). */
  nextShown(timeoutMs?: number): Promise<Shown>;
  /**
   * How report loads went since activation, summed over folders: loads started, analyses that ran
   * to the end ('analysed') or were stopped by a newer load ('stopped'), loads that ended in a
   * problem ('failed'), and requests answered from the cache, unchanged inputs ('cached').
   */
  loadOutcomes(): Readonly<Record<LoadOutcome, number>>;
  /**
   * The folder's report as its service holds it now (default: the first folder), without loading:
   * a snapshot, or a load problem with the last good report beneath it (ADR 0014). For tests.
   */
  reportState(folder?: vscode.WorkspaceFolder): ReportState | undefined;
  /** What Calibrate: Triage Anomalies lists for the folder (default: the first), without any UI: its report service's incidents. */
  triage(folder?: vscode.WorkspaceFolder): Promise<TriageData>;
  /** The folder's investigation service (default: the first folder): what the tree and the views read. */
  investigations(folder?: vscode.WorkspaceFolder): InvestigationService;
  /** The Investigations tree as text rows ("Open (1)", "  <title> — open · real · ana · 3 min ago"). */
  investigationTree(): Promise<string[]>;
  /**
   * Presence in the folder (default: the first): the others shown (fresh, not this window), my
   * presence file's name while I am present (a report or view open), whom I follow, my writes so far.
   */
  presence(folder?: vscode.WorkspaceFolder): { others: Presence[]; myFile: string | undefined; following: string | undefined; writes: number; window: string };
  /** The Live Share session as Calibrate sees it (role, read-only, my name, the peers); settles once the API is known. */
  liveShare(): Promise<PairSession>;
  /** Fires with the new state when the Live Share session changes or someone joins or leaves. */
  onDidChangeLiveShare(listener: (s: PairSession) => void): vscode.Disposable;
  /** The last message an open investigation view was sent (the folder's first by default), or undefined. */
  investigationView(name: string, folder?: vscode.WorkspaceFolder): ToInvestigationView | undefined;
  /** Commit links (ADR 0018): resolves once the repositories are watched and every commit seen so far is linked. */
  commitLinksSettled(): Promise<void>;
}

export function activate(context: vscode.ExtensionContext): CalibrateApi {
  const t0 = Date.now();
  const channel = vscode.window.createOutputChannel('Calibrate', { log: true });
  const log = createLogger(channel);
  // A report load's worker starved by other programs (ADR 0026) is worth a line in the log.
  scheduling.notes = text => log.warn('report', text);
  const renderWaiters: ((r: RenderedReport) => void)[] = [];
  const shownWaiters: ((s: Shown) => void)[] = [];
  const outcomes: Record<LoadOutcome, number> = { started: 0, analysed: 0, stopped: 0, failed: 0, cached: 0 };
  const problems = new ReportDiagnostics();
  // Live Share (ADR 0016), optional: without it the role is 'none' and nothing below changes.
  const liveShare = new LiveShare(log);
  // A guest window: by the session's role, or by its folders (a joined workspace is vsls:, from the first moment).
  const isGuest = () => liveShare.isGuest || (vscode.workspace.workspaceFolders ?? []).some(f => f.uri.scheme === 'vsls');
  // Built once the report services are (it publishes their reports): their states reach it through here.
  const host: { side?: HostSide } = {};
  const reports = new ReportServices({
    log,
    clock: () => Date.now(),
    onOutcome: o => {
      outcomes[o]++;
    },
    onState: (folder, state) => {
      problems.show(folder, state);
      host.side?.onReportState(folder, state);
    },
    fromHost: { guest: isGuest, pipeline: fromHostPipeline, file: SNAPSHOT_FILE },
    onDropped: folder => problems.clear(folder),
    // Data source credentials (ADR 0022): VS Code's SecretStorage, handed to a source in memory only.
    secrets: context.secrets,
  });
  const gitShow = new GitShowDocuments();
  const investigations = new InvestigationServices({
    log,
    zoneOf: f => reports.get(f).latest()?.timezone,
    guest: {
      active: isGuest,
      name: () => liveShare.me,
      // The role is known once Live Share's API answers; a Live Share that never answers does not hold writes forever.
      known: () => Promise.race([liveShare.ready, new Promise<void>(r => setTimeout(r, 10_000))]),
      store: (folder, local) =>
        pairedLogStore(
          local,
          new SharedLogStore(
            folder.uri,
            () => liveShare.readOnly,
            w => local.watch(w),
          ),
          isGuest,
        ),
    },
  });
  // Who writes is read now (git's user.name, asynchronously), not when the first investigation starts.
  investigations.author();
  // Presence (issue 12): who else has this folder open, where they look; follow the lead.
  const presence = new PresenceServices({ log, investigations });
  const investigationViews = new InvestigationPanels({
    extensionUri: context.extensionUri,
    log,
    service: f => investigations.get(f),
    author: () => investigations.author(),
    // A pinned evidence's "Show in report": the folder's report, on that metric and window.
    openPlace: async (folder, place) => {
      await panels.reveal(folder, { metric: place.metric, start: place.start, end: place.end });
    },
    onFocus: (folder, name) => investigations.setWorkingOn(folder, name),
    // A guest's log is the host's file, through the workspace (vsls:).
    logUri: (folder, name) =>
      isGuest() || isRemoteFolder(folder)
        ? vscode.Uri.joinPath(folder.uri, ...INVESTIGATIONS_DIR.split('/'), `${name}.jsonl`)
        : vscode.Uri.file(new FileLogStore(folder.uri.fsPath, () => ({ dispose() {} })).path(name)),
    readOnly: () => liveShare.readOnly,
    guest: isGuest,
    presence,
    // A linked commit (ADR 0018) opens as a deploy's does; a full hash is what a "merge" ref is resolved to.
    openCommit: async (folder, hash) => {
      await openDeployCommit(folder, { ref: hash, kind: 'merge', linked: true }, { gitShow, log });
    },
  });
  const findings = new FindingsUi();
  const hostSide = (host.side = new HostSide({
    liveShare,
    reports,
    log,
    findingForGuest: (folder, request) => writeFindingForGuest({ investigations, findings }, folder, request),
  }));
  // A role change (the stub in tests; a real guest is one from the start) reloads what is viewed from the right source.
  const pairing = liveShare.onDidChangeSession(() => {
    reports.sourceChanged();
    investigationViews.repostAll();
  });
  const investigate: InvestigateDeps = {
    log,
    reports,
    investigations,
    showInvestigation: (folder, name, writing) => investigationViews.show(folder, name, writing),
    closeInvestigation: (folder, name) => investigationViews.close(folder, name),
  };
  const panelDeps: ReportPanelDeps = {
    presence,
    investigate,
    extensionUri: context.extensionUri,
    log,
    gitShow,
    // "Expected" marks on context items: in the log of the investigation being worked on, else for the session.
    marks: new LoggedContextMarks({
      known: uri => withFolder(uri, f => investigations.known(f)) ?? [],
      workingOn: uri => withFolder(uri, f => investigations.workingOn(f)),
      record: async (uri, name, mark) => {
        await withFolder(uri, f => investigations.get(f).append(name, 'contextMark', mark));
      },
    }),
    // Test instrumentation only where tests and benchmarks run: production webviews never speak it.
    diagnostics:
      context.extensionMode === vscode.ExtensionMode.Production
        ? undefined
        : {
            onRendered: r => renderWaiters.splice(0).forEach(w => w(r)),
            onShown: s => shownWaiters.splice(0).forEach(w => w(s)),
          },
  };
  const panels = new ReportPanels(panelDeps, reports);
  const commandDeps: CommandDeps = {
    ...investigate,
    panels,
    reports,
    workspaceState: context.workspaceState,
    cursor: new TriageCursor(),
    gitShow,
    log,
    presence,
    findings,
    globalStorage: context.globalStorageUri,
    guest: isGuest,
  };
  const tree = new InvestigationsTree(investigations);
  // Commits that carry an investigation's trailer, or change its log, are linked to it (ADR 0018).
  const commitLinker = new CommitLinker({ investigations, log, memory: context.workspaceState, guest: isGuest });
  void commitLinker.start();

  context.subscriptions.push(
    channel,
    vscode.window.registerWebviewPanelSerializer(ReportPanel.viewType, {
      deserializeWebviewPanel: async (panel, state) => {
        const restored = await restoredReportFolder(state, context.workspaceState);
        if ('folder' in restored) panels.revive(panel, restored.folder);
        else {
          log.info('panel', `a report panel was not restored: ${restored.gone}`);
          panel.dispose();
        }
      },
    }),
    vscode.window.registerWebviewPanelSerializer(InvestigationPanels.viewType, {
      deserializeWebviewPanel: async (panel, state) => {
        const s = parseInvestigationViewState(state);
        const folder = s && vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(s.folder));
        if (s && folder) investigationViews.revive(panel, folder, s.name);
        else panel.dispose();
      },
    }),
    liveShare,
    hostSide,
    commitLinker,
    pairing,
    panels,
    reports,
    problems,
    investigationViews,
    investigations,
    presence,
    tree,
    commandDeps.findings,
    vscode.window.createTreeView('calibrate.investigations', { treeDataProvider: tree, showCollapseAll: true }),
    vscode.workspace.registerTextDocumentContentProvider(GIT_SHOW_SCHEME, gitShow),
    new AnomalyStatusBar(reports, 'calibrate.triage'),
  );
  registerCommands(context, commandDeps);

  // Opening on startup reads workspace files with no click: an untrusted workspace cannot switch it on (settings.ts).
  if (readSettings(vscode.workspace).openReportOnStartup) void openReport.run(commandDeps);
  const activatedInMs = Date.now() - t0;
  log.info('activate', `activated in ${activatedInMs} ms`);
  return {
    activatedInMs,
    loadOutcomes: () => ({ ...outcomes }),
    triage: async folder => {
      const f = folder ?? vscode.workspace.workspaceFolders?.[0];
      if (!f) throw new Error('no workspace folder is open');
      return triageData(reports, f);
    },
    investigationTree: () => tree.rows(),
    reportState: folder => {
      const f = folder ?? vscode.workspace.workspaceFolders?.[0];
      return f && reports.get(f).current();
    },
    presence: folder => {
      const f = folder ?? vscode.workspace.workspaceFolders?.[0];
      if (!f) throw new Error('no workspace folder is open');
      return { others: presence.others(f), myFile: presence.myFile(f), following: presence.following(f), writes: presence.writes(f), window: presence.window };
    },
    liveShare: async () => {
      await liveShare.ready;
      return liveShare.state();
    },
    onDidChangeLiveShare: listener => vscode.Disposable.from(liveShare.onDidChangeSession(listener), liveShare.onDidChangePeers(listener)),
    commitLinksSettled: () => commitLinker.settled(),
    investigationView: (name, folder) => {
      const f = folder ?? vscode.workspace.workspaceFolders?.[0];
      return f && investigationViews.lastSent(f, name);
    },
    investigations: folder => {
      const f = folder ?? vscode.workspace.workspaceFolders?.[0];
      if (!f) throw new Error('no workspace folder is open');
      return investigations.get(f);
    },
    nextRender: (timeoutMs = 60_000) => nextOf(renderWaiters, timeoutMs, 'no report rendered'),
    nextShown: (timeoutMs = 60_000) => nextOf(shownWaiters, timeoutMs, 'no report panel shown again'),
  };
}

/** `f` of the workspace folder with this URI, if it is still open. */
function withFolder<T>(uri: string, f: (folder: vscode.WorkspaceFolder) => T): T | undefined {
  const folder = vscode.workspace.workspaceFolders?.find(x => x.uri.toString() === uri);
  return folder && f(folder);
}

/** The next value a waiter list receives, or a rejection after `timeoutMs`. */
function nextOf<T>(waiters: ((v: T) => void)[], timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const waiter = (v: T) => {
      clearTimeout(timer);
      resolve(v);
    };
    const timer = setTimeout(() => {
      waiters.splice(waiters.indexOf(waiter) >>> 0, 1);
      reject(new Error(`${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    waiters.push(waiter);
  });
}

export function deactivate(): void {
  /* everything is in context.subscriptions */
}
