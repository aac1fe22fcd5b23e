// The webview's end of the message layer, without a DOM so it is testable in Node: the report
// channel (ready, refresh, openFile, the context list's and the investigations' actions are requests the host answers;
// snapshots, problems and reveals arrive as notifications) and, when switched on, the diagnostics channel. A message the
// webview refuses, a snapshot it cannot draw, or a host that does not answer becomes a visible error
// and a `webviewError` to the host: the panel is never left on "Loading…".
import { Channel, RequestTimeout, type ErrorReply, type OkReply } from '../src/messaging/channel';
import {
  clipText,
  LIMITS,
  parseToWebview,
  PROTOCOL_VERSION,
  type FromWebview,
  type LoadProblem,
  type PinTarget,
  type PresenceMessage,
  type ReadyReply,
  type ReportFocus,
  type ReportSnapshot,
  type ToWebview,
} from '../src/messaging/protocol';
import { pinWhat } from './investigationModel';
import { parseDiagnosticToWebview, type DiagnosticFromWebview, type DiagnosticToWebview, type Shown } from '../src/messaging/diagnostics';

export type RevealRequest = Omit<Extract<ToWebview, { type: 'reveal' }>, 'type'>;

export interface HostMessageView {
  snapshot(s: ReportSnapshot): void;
  /** The host could not build the report; `stale` is the last report it could build, from older files. */
  problem(p: LoadProblem, stale?: ReportSnapshot): void;
  /** The webview could not show what the host sent, or the host did not answer; `reason` says why. */
  failed(reason: string): void;
  loading(): void;
  /** Bring an anomaly forward (open its card, chart its window); ignored by a view without one. */
  reveal?(r: RevealRequest): void;
  /** A request the user made failed (a file that could not be opened): say so without replacing the report. */
  notice(text: string): void;
  /** Who else is here, and whom I follow (never redraws the report). */
  presence?(m: PresenceMessage): void;
}

/** The raw transport: VS Code's postMessage and the window's message events. */
export interface Transport {
  post(envelope: unknown): void;
}

/** How long the webview waits for the host to answer a request. */
export const REQUEST_TIMEOUT_MS = 15_000;

export interface HostLinkOptions {
  /** Speak the diagnostics channel (the host switched it on): `describe` answers with this. */
  readonly describe?: () => Shown;
  readonly timeoutMs?: number;
}

export class HostLink {
  private readonly report: Channel<FromWebview, ToWebview>;
  private readonly diagnostics: Channel<DiagnosticFromWebview, DiagnosticToWebview> | undefined;

  constructor(
    transport: Transport,
    private readonly view: HostMessageView,
    opts: HostLinkOptions = {},
  ) {
    const timeoutMs = opts.timeoutMs ?? REQUEST_TIMEOUT_MS;
    this.report = new Channel<FromWebview, ToWebview>({
      name: 'report',
      send: e => transport.post(e),
      parse: parseToWebview,
      onNotify: body => this.guarded(() => this.draw(body)),
      onInvalid: reason =>
        this.guarded(() => {
          throw new Error(reason);
        }),
      timeoutMs,
    });
    const describe = opts.describe;
    this.diagnostics =
      describe &&
      new Channel<DiagnosticFromWebview, DiagnosticToWebview>({
        name: 'diagnostics',
        send: e => transport.post(e),
        parse: parseDiagnosticToWebview,
        onRequest: () => describe(),
        timeoutMs,
      });
  }

  /** A raw message from the host: routed to its channel, which validates it. */
  receive(raw: unknown): void {
    const channel = typeof raw === 'object' && raw !== null ? (raw as { channel?: unknown }).channel : undefined;
    if (channel === 'diagnostics') this.diagnostics?.receive(raw);
    else this.report.receive(raw);
  }

  /** The handshake: ask the host for the report and draw its answer, or say why none came. */
  async ready(): Promise<void> {
    try {
      const reply = await this.report.request<ReadyReply>({ type: 'ready', protocol: PROTOCOL_VERSION });
      this.guarded(() => this.draw(reply));
    } catch (e) {
      this.view.failed(e instanceof RequestTimeout ? `The extension host did not answer within ${e.timeoutMs / 1000} s.` : (e as Error).message);
    }
  }

  /** Rebuild the report from the files; its states arrive as notifications. */
  async refresh(): Promise<void> {
    try {
      await this.report.request<OkReply>({ type: 'refresh' });
    } catch (e) {
      this.view.notice(`Refresh failed: ${(e as Error).message}`);
    }
  }

  async openFile(file: string, line?: number, column?: number): Promise<void> {
    try {
      await this.report.request<OkReply>({ type: 'openFile', file, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) });
    } catch (e) {
      this.view.notice(`Could not open ${file}: ${(e as Error).message}`);
    }
  }

  // ---- the context list's actions (contextList.ts): true when the host did it, else a notice says why ----

  /** Open a deploy's commit (the host checks the report lists the ref). */
  openDeploy(ref: string): Promise<boolean> {
    return this.act({ type: 'openDeploy', ref }, `Could not open the deploy ${ref}`);
  }

  /** Open an event's declaration or a warning's file at its line (the host checks the report lists it). */
  openSource(file: string, line: number): Promise<boolean> {
    return this.act({ type: 'openSource', file, line }, `Could not open ${file}${line ? `:${line}` : ''}`);
  }

  /** VS Code's Problems panel, where the report's problems are diagnostics. */
  showProblems(): Promise<boolean> {
    return this.act({ type: 'showProblems' }, 'Could not show the Problems panel');
  }

  /** VS Code's workspace trust editor (a remote source in an untrusted workspace). */
  trustWorkspace(): Promise<boolean> {
    return this.act({ type: 'trustWorkspace' }, 'Could not open the workspace trust editor');
  }

  /** Mark a context item "expected", or withdraw the mark. */
  markContext(key: string, expected: boolean): Promise<boolean> {
    return this.act({ type: 'markContext', key, expected }, expected ? 'Could not mark it expected' : 'Could not withdraw the mark');
  }

  // ---- investigations (investigationMarks.ts): true when the host did it, else a notice says why ----

  /** Start the investigation of an anomaly (the host opens the open one instead, if there is one). */
  startInvestigation(metric: string, start: number): Promise<boolean> {
    return this.act({ type: 'startInvestigation', metric, start }, 'Could not start the investigation');
  }

  /** Open an investigation by its log's name. */
  openInvestigation(name: string): Promise<boolean> {
    return this.act({ type: 'openInvestigation', name }, `Could not open the investigation ${name}`);
  }

  /** Pin what `target` names to the investigation being worked on; the host freezes the values itself. */
  pinEvidence(target: PinTarget): Promise<boolean> {
    return this.act({ type: 'pinEvidence', target }, `Could not pin ${pinWhat(target)}`);
  }

  private async act(body: FromWebview, failure: string): Promise<boolean> {
    try {
      await this.report.request<OkReply>(body);
      return true;
    } catch (e) {
      this.view.notice(`${failure}: ${(e as Error).message}`);
      return false;
    }
  }

  /** Where the reader is now, for the others' presence; `acted`: the reader did it (following stops). */
  focus(focus: ReportFocus, acted: boolean): void {
    this.report.notify({ type: 'focus', focus, acted });
  }

  /** Follow the lead (the host picks whom, or asks), or stop following. */
  follow(on: boolean): Promise<boolean> {
    return this.act({ type: 'follow', on }, on ? 'Could not follow' : 'Could not stop following');
  }

  /** One slice of a metric charted against its own forecast; a failure is a notice (undefined). */
  async sliceChart(metric: string, dims: Readonly<Record<string, string>>): Promise<Extract<ToWebview, { type: 'sliceChart' }> | undefined> {
    try {
      const reply = await this.report.request<Extract<ToWebview, { type: 'sliceChart' }>>({ type: 'sliceChart', metric, dims: { ...dims } });
      if (reply.type !== 'sliceChart') throw new Error(`"${reply.type}" does not answer sliceChart`);
      return reply;
    } catch (e) {
      this.view.notice(
        `Could not chart ${Object.entries(dims)
          .map(([k, v]) => `${k}=${v}`)
          .join(' & ')}: ${(e as Error).message}`,
      );
      return undefined;
    }
  }

  /** The diagnostics channel is on: worth reading back what was drawn. */
  get diagnosing(): boolean {
    return this.diagnostics !== undefined;
  }

  /** Test instrumentation: what was drawn. Sent only when the host switched the channel on. */
  diagnose(body: Exclude<DiagnosticFromWebview, Shown>): void {
    this.diagnostics?.notify(body);
  }

  /** Runs `draw`; if it throws (a refused message, a bug in drawing), shows the error and tells the host. */
  guarded(draw: () => void): void {
    try {
      draw();
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      this.view.failed(reason);
      this.report.notify({ type: 'webviewError', message: clipText(`The report could not be shown: ${reason}`, LIMITS.message) });
    }
  }

  /** An uncaught error in the page: the host logs it. */
  reportError(message: string): void {
    this.report.notify({ type: 'webviewError', message: clipText(message, LIMITS.message) });
  }

  private draw(body: ToWebview | ErrorReply | OkReply): void {
    switch (body.type) {
      case 'snapshot':
        return this.view.snapshot(body.snapshot);
      case 'loadError':
        return this.view.problem(body.problem, body.stale);
      case 'reveal':
        return this.view.reveal?.({ metric: body.metric, start: body.start, end: body.end });
      case 'loading':
        return this.view.loading();
      case 'presence':
        return this.view.presence?.(body);
      default:
        throw new Error(`"${body.type}" answers nothing here`);
    }
  }
}
