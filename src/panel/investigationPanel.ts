// The investigation view: one webview per investigation log, a live view of its folder's
// InvestigationService. It posts the folded state on `ready` and on every change the service fires
// (an append here, another window's, a hand edit, git), `gone` when the log disappears, and writes
// what the composer sends after checking it with the log's own checks. See issue 11 and ADR 0015.
import * as vscode from 'vscode';
import { Channel, type OkReply } from '../messaging/channel';
import {
  INVESTIGATION_PROTOCOL_VERSION,
  isOpenableHref,
  parseFromInvestigationView,
  TIMELINE_PAGE,
  viewedState,
  type FindingAction,
  type FromInvestigationView,
  type InvestigationReadyReply,
  type ToInvestigationView,
} from '../messaging/investigationProtocol';
import { dataProblem, type EventData, type EventType, type ReportPlace } from '../core/investigation/events';
import type { InvestigationState } from '../core/investigation/fold';
import type { InvestigationService } from '../services/investigationService';
import { Disposable } from '../util/dispose';
import { resolveInWorkspace } from '../workspace/safeFiles';
import type { Logger } from '../util/logger';
import { investigationHtml, investigationWebviewOptions } from './investigationHtml';
import type { PresenceServices } from '../services/presenceServices';
import { isRemoteFolder } from '../vsls/sharedFiles';

export interface InvestigationPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly log: Logger;
  /** The folder's investigation service (one per folder, owned by the caller). */
  readonly service: (folder: vscode.WorkspaceFolder) => InvestigationService;
  /** The name this window writes as: the `me` of the view, and the only person whose role it may set. */
  readonly author: () => string;
  /** Reopen the report at a pinned evidence's place (the report panel's reveal). */
  readonly openPlace: (folder: vscode.WorkspaceFolder, place: ReportPlace) => Promise<void>;
  /** The view was focused: pins and marks from the report go to this investigation now. */
  readonly onFocus?: (folder: vscode.WorkspaceFolder, name: string) => void;
  /** The log's file, to open it at a problem's line. */
  readonly logUri: (folder: vscode.WorkspaceFolder, name: string) => vscode.Uri;
  /** A read-only Live Share guest (ADR 0016): the view writes nothing, and appends are refused here too. */
  readonly readOnly?: () => boolean;
  /** A Live Share guest (ADR 0016): the folder's files are the host's, opened through the workspace (vsls:), not from this disk. */
  readonly guest?: () => boolean;
  /** Show a linked commit's changes (the deploy commit's viewer: the changes editor, else `git show`). */
  readonly openCommit: (folder: vscode.WorkspaceFolder, hash: string) => Promise<void>;
  /** Presence (issue 12): who else views this investigation and which item; the item I focus. */
  readonly presence?: PresenceServices;
}

/** How long the host waits for the view to answer (it asks nothing today; the channel needs a bound). */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * How long a new view's document waits for the log being written, to carry its first state. VS Code
 * takes about 185 ms from creating a panel to its frame starting to load, and the write about 20
 * (measured on the demo, bench/investigation/README.md): a wait this long delays nothing.
 */
const FIRST_STATE_WAIT_MS = 150;

/** Resolves when `p` settles or after `ms`, whichever comes first; never rejects. */
function settled(p: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>(resolve => {
    const timer = setTimeout(resolve, ms);
    void p.then(
      () => (clearTimeout(timer), resolve()),
      () => (clearTimeout(timer), resolve()),
    );
  });
}

/** What the view saves with setState (investigationHtml's body attributes), for the serializer. */
export interface InvestigationViewState {
  readonly name: string;
  readonly folder: string;
}

/** The serializer's state, checked: it is the webview's, so it is not trusted. */
export function parseInvestigationViewState(v: unknown): InvestigationViewState | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { name, folder } = v as Record<string, unknown>;
  return typeof name === 'string' && /^[\w.-]{1,300}$/.test(name) && typeof folder === 'string' && folder.length <= 4_000 ? { name, folder } : undefined;
}

class InvestigationPanel extends Disposable {
  private readonly channel: Channel<ToInvestigationView, FromInvestigationView>;
  private readonly service: InvestigationService;
  private ready = false;
  /** Timeline entries the view asked for (its "show older"). */
  private entries = TIMELINE_PAGE;
  /** The last message the view was sent (CalibrateApi.investigationView, for the tests). */
  lastSent: ToInvestigationView | undefined;
  /** The latest presence message: posted again after a `ready`. */
  private presence: ToInvestigationView | undefined;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: InvestigationPanelDeps,
    readonly folder: vscode.WorkspaceFolder,
    readonly name: string,
    /** The log is being written (a start): the view waits for it before reading, rather than reporting it missing. */
    private readonly writing?: Promise<unknown>,
  ) {
    super();
    this.service = deps.service(folder);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon.png');
    this.channel = new Channel<ToInvestigationView, FromInvestigationView>({
      name: 'investigation',
      send: e => panel.webview.postMessage(e),
      parse: parseFromInvestigationView,
      timeoutMs: REQUEST_TIMEOUT_MS,
      onRequest: body => this.answer(body),
      onNotify: body => {
        if (body.type === 'webviewError') deps.log.error('investigation', body.message);
        if (body.type === 'focus') deps.presence?.itemFocus(folder, name, body.item);
      },
      onInvalid: why => deps.log.warn('investigation', `refused a message from the view: ${why}`),
      onStray: why => deps.log.info('investigation', why),
    });
    // The document carries the first state (ADR 0025). A start writes the log meanwhile: the HTML
    // waits for it, but never longer than FIRST_STATE_WAIT_MS (then `ready` brings the state).
    if (writing) void settled(writing, FIRST_STATE_WAIT_MS).then(() => this.writeDocument());
    else this.writeDocument();
    this.register(panel.webview.onDidReceiveMessage(m => this.channel.receive(m)));
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.onDidChangeViewState(e => e.webviewPanel.active && deps.onFocus?.(folder, name)));
    if (deps.presence)
      this.register(
        deps.presence.attachView(folder, name, people => {
          this.presence = { type: 'presence', people };
          // Not through post(): presence is not the view's state (lastSent).
          if (this.ready && !this.isDisposed) this.channel.notify(this.presence);
        }),
      );
    this.register(
      this.service.onDidChange(changed => {
        if (this.ready && (changed === name || changed === undefined)) this.post(this.current());
      }),
    );
  }

  /** The view's document, with the state known now written in (none yet: `ready` brings it). */
  private writeDocument(): void {
    if (this.isDisposed) return;
    const state = this.service.peek(this.name);
    const first = state ? this.message(state) : undefined;
    this.panel.webview.html = investigationHtml(this.panel.webview, this.deps.extensionUri, { name: this.name, folder: this.folder.uri.toString() }, first);
  }

  reveal(): void {
    this.panel.reveal();
  }

  override dispose(): void {
    if (this.isDisposed) return;
    super.dispose();
    this.channel.close();
    this.panel.dispose();
  }

  /** The state known now: the service has read every log once the view is ready, so undefined means gone. */
  private current(): ToInvestigationView {
    return this.message(this.service.peek(this.name));
  }

  private message(state: InvestigationState | undefined): ToInvestigationView {
    if (!state) {
      this.panel.title = `${this.name} (deleted)`;
      return {
        type: 'gone',
        name: this.name,
        message: `The log .calibrate/investigations/${this.name}.jsonl was deleted or moved. Nothing more can be written to it; your draft is kept. Restore the file (git checkout, undo) and this view picks it up again.`,
      };
    }
    this.panel.title = state.title ?? this.name;
    return {
      type: 'state',
      name: this.name,
      me: this.deps.author(),
      state: viewedState(state, this.entries),
      ...(this.deps.readOnly?.() ? { readOnly: true as const } : {}),
    };
  }

  private post(body: ToInvestigationView): void {
    if (this.isDisposed) return;
    this.lastSent = body;
    this.channel.notify(body);
  }

  /** Send the state again (the Live Share session changed: read-only or not, my name). */
  repost(): void {
    if (this.ready) this.post(this.current());
  }

  /** The view's requests. A throw becomes an error reply whose message the view shows. */
  private async answer(body: FromInvestigationView): Promise<InvestigationReadyReply | OkReply> {
    switch (body.type) {
      case 'ready': {
        if (body.protocol !== INVESTIGATION_PROTOCOL_VERSION)
          this.deps.log.warn('investigation', `view speaks protocol ${body.protocol}, host ${INVESTIGATION_PROTOCOL_VERSION}`);
        this.entries = TIMELINE_PAGE;
        await this.writing?.catch(() => undefined);
        const reply = this.message(await this.service.get(this.name));
        this.ready = true;
        this.lastSent = reply;
        const presence = this.presence;
        if (presence) queueMicrotask(() => !this.isDisposed && this.channel.notify(presence));
        return reply;
      }
      case 'append':
        return this.append(body.eventType, body.data);
      case 'openPlace':
        return this.openPlace(body.place);
      case 'openLink':
        return this.openLink(body.href);
      case 'openLine':
        return this.openLine(body.line);
      case 'openFinding':
        return this.openFinding(body.path, body.how);
      case 'openCommit':
        return this.openCommit(body.hash);
      case 'findingAction':
        return this.findingAction(body.action);
      case 'timeline':
        this.entries = body.entries;
        // After the ok: the view gets the longer timeline as the next state.
        queueMicrotask(() => this.post(this.current()));
        return { type: 'ok' };
      default:
        throw new Error(`"${body.type}" is not a request`);
    }
  }

  /** Check with the log's own checks, then append: AppendRefused's message (a deleted log) goes back as is. */
  private async append(type: EventType, data: Readonly<Record<string, unknown>>): Promise<OkReply> {
    if (this.deps.readOnly?.()) throw new Error('Not written: you joined this Live Share session read-only. Ask the host for read-write access.');
    const why = dataProblem(type, data as unknown as EventData[typeof type]);
    if (why) throw new Error(`Not written: ${why}.`);
    if (type === 'role' && data.person !== this.deps.author()) throw new Error(`Not written: this window can set the role of ${this.deps.author()} only.`);
    await this.service.append(this.name, type, data as unknown as EventData[typeof type]);
    return { type: 'ok' };
  }

  /** Only a place this investigation shows (its anomaly, a pinned evidence's): the view names, the host decides. */
  private async openPlace(place: ReportPlace): Promise<OkReply> {
    const state = this.service.peek(this.name);
    const key = placeKey(place);
    const places = [state?.anomaly, ...(state?.evidence ?? []).map(e => e.body.place)].filter((p): p is ReportPlace => p !== undefined);
    if (!places.some(p => placeKey(p) === key)) throw new Error('this investigation has no evidence at that place');
    await this.deps.openPlace(this.folder, place);
    return { type: 'ok' };
  }

  /** http, https and mailto only, through VS Code (which asks the user before leaving for an untrusted site). */
  private async openLink(href: string): Promise<OkReply> {
    if (!isOpenableHref(href)) {
      this.deps.log.warn('investigation', `refused to open a link: ${href.slice(0, 200)}`);
      throw new Error('only http, https and mailto links open from an investigation');
    }
    await vscode.env.openExternal(vscode.Uri.parse(href, true));
    return { type: 'ok' };
  }

  /** Only a finding this log records, and only inside the folder (a link in the path does not lead out). */
  private async openFinding(path: string, how: 'preview' | 'edit'): Promise<OkReply> {
    if (!this.service.peek(this.name)?.findings.some(f => f.path === path)) throw new Error('this investigation records no finding at that path');
    // The log checked the path is inside the folder (isInsidePath); on the host, links are resolved and must stay inside too.
    const uri =
      this.deps.guest?.() || isRemoteFolder(this.folder)
        ? vscode.Uri.joinPath(this.folder.uri, ...path.split('/'))
        : vscode.Uri.file(await resolveInWorkspace(this.folder.uri.fsPath, path, 'the finding'));
    if (how === 'preview') await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    else await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    return { type: 'ok' };
  }

  /** Only a commit this log links: its changes, through the git extension. */
  private async openCommit(hash: string): Promise<OkReply> {
    if (!this.service.peek(this.name)?.commits.some(c => c.hash === hash)) throw new Error('this investigation links no such commit');
    await this.deps.openCommit(this.folder, hash);
    return { type: 'ok' };
  }

  /** The findings commands on this investigation. Not awaited: they ask the user (a pick), and the view's request must not time out on that. */
  private findingAction(action: FindingAction): OkReply {
    if (this.deps.readOnly?.()) throw new Error('You joined this Live Share session read-only: the host writes the findings.');
    const command = { postmortem: 'calibrate.writePostmortem', adr: 'calibrate.recordDecision', linkCommit: 'calibrate.linkCommit' }[action];
    void vscode.commands.executeCommand(command, { folder: this.folder.uri.toString(), name: this.name });
    return { type: 'ok' };
  }

  private async openLine(line: number): Promise<OkReply> {
    const doc = await vscode.workspace.openTextDocument(this.deps.logUri(this.folder, this.name));
    const at = new vscode.Position(Math.min(line, doc.lineCount) - 1, 0);
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(at, at), preview: false });
    return { type: 'ok' };
  }
}

/** A place as one comparable string (slice keys sorted). */
function placeKey(p: ReportPlace): string {
  return JSON.stringify([p.metric, Object.entries(p.slice).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)), p.start, p.end]);
}

/** The open investigation views: at most one per log. */
export class InvestigationPanels implements vscode.Disposable {
  static readonly viewType = 'calibrate.investigation';
  private readonly panels = new Map<string, InvestigationPanel>();

  constructor(private readonly deps: InvestigationPanelDeps) {}

  /**
   * The log's view, revealed; opened if it has none. Titled by the investigation. `writing`: the log
   * is being created (a start), so the view opens at once and reads it when it is written: the
   * webview boots while the file is written.
   */
  async show(folder: vscode.WorkspaceFolder, name: string, writing?: { readonly title: string; readonly done: Promise<unknown> }): Promise<void> {
    const open = this.panels.get(keyOf(folder, name));
    if (open) return open.reveal();
    const state = writing ? { title: writing.title } : await this.deps.service(folder).get(name);
    const panel = vscode.window.createWebviewPanel(
      InvestigationPanels.viewType,
      state?.title ?? name,
      // Beside the report when started from it: the pair reads the chart and writes the record side by side.
      reportIsActive() ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active,
      investigationWebviewOptions(this.deps.extensionUri),
    );
    this.adopt(panel, folder, name, writing?.done);
  }

  /** Close a log's view (a start that had to take another name). */
  close(folder: vscode.WorkspaceFolder, name: string): void {
    this.panels.get(keyOf(folder, name))?.dispose();
  }

  /** A view VS Code restored after a reload (the serializer): it replaces any open for the same log. */
  revive(panel: vscode.WebviewPanel, folder: vscode.WorkspaceFolder, name: string): void {
    this.panels.get(keyOf(folder, name))?.dispose();
    panel.webview.options = investigationWebviewOptions(this.deps.extensionUri);
    this.adopt(panel, folder, name);
  }

  /** Every open view gets its state again (the Live Share session changed). */
  repostAll(): void {
    for (const p of this.panels.values()) p.repost();
  }

  /** The last message a log's view was sent, if it is open (test instrumentation: CalibrateApi). */
  lastSent(folder: vscode.WorkspaceFolder, name: string): ToInvestigationView | undefined {
    return this.panels.get(keyOf(folder, name))?.lastSent;
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
  }

  private adopt(webviewPanel: vscode.WebviewPanel, folder: vscode.WorkspaceFolder, name: string, writing?: Promise<unknown>): void {
    const key = keyOf(folder, name);
    const panel = new InvestigationPanel(webviewPanel, this.deps, folder, name, writing);
    this.panels.set(key, panel);
    webviewPanel.onDidDispose(() => {
      if (this.panels.get(key) === panel) this.panels.delete(key);
    });
  }
}

function keyOf(folder: vscode.WorkspaceFolder, name: string): string {
  return `${folder.uri.toString()}#${name}`;
}

/** The active tab is a metrics report. */
function reportIsActive(): boolean {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputWebview && input.viewType.endsWith('calibrate.report');
}
