// The investigation view's end of the message layer, without a DOM (unit-tested in Node): `ready`
// gets the state to draw; states and `gone` arrive as notifications; every request the user makes
// ends visibly: `append` resolves with undefined (written) or the reason it was not, which the
// composer shows while keeping the draft.
import { Channel, RequestTimeout, type ErrorReply, type OkReply } from '../../src/messaging/channel';
import {
  INVESTIGATION_PROTOCOL_VERSION,
  LIMITS,
  parseToInvestigationView,
  toInvestigationViewProblem,
  type ComposerEventType,
  type FindingAction,
  type FromInvestigationView,
  type InvestigationReadyReply,
  type ReportPlace,
  type ToInvestigationView,
} from '../../src/messaging/investigationProtocol';

export interface InvestigationViewPort {
  state(m: Extract<ToInvestigationView, { type: 'state' }>): void;
  gone(m: Extract<ToInvestigationView, { type: 'gone' }>): void;
  /** The view could not show what the host sent, or the host did not answer. */
  failed(reason: string): void;
  /** A request failed (a link refused, a file that would not open): said in the status line. */
  notice(text: string): void;
  /** Who else views this investigation (presence): never redraws the view. */
  presence?(m: Extract<ToInvestigationView, { type: 'presence' }>): void;
}

export const REQUEST_TIMEOUT_MS = 15_000;

const why = (e: unknown) => (e instanceof RequestTimeout ? `the extension host did not answer within ${e.timeoutMs / 1000} s` : (e as Error).message);

export class InvestigationLink {
  private readonly channel: Channel<FromInvestigationView, ToInvestigationView>;

  constructor(
    transport: { post(envelope: unknown): void },
    private readonly view: InvestigationViewPort,
    timeoutMs = REQUEST_TIMEOUT_MS,
  ) {
    this.channel = new Channel<FromInvestigationView, ToInvestigationView>({
      name: 'investigation',
      send: e => transport.post(e),
      parse: parseToInvestigationView,
      onNotify: body => this.guarded(() => this.draw(body)),
      onInvalid: reason =>
        this.guarded(() => {
          throw new Error(reason);
        }),
      timeoutMs,
    });
  }

  receive(raw: unknown): void {
    this.channel.receive(raw);
  }

  /**
   * The state the host wrote into the page (ADR 0025), drawn before `ready` is answered. It crossed
   * a boundary like a message, so it is checked like one: a refused one is told to the host, and the
   * view waits for `ready`, which brings the same state.
   */
  first(text: string | null | undefined): void {
    if (!text) return;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return this.reportError('The state written into the page is not JSON; waiting for the host to send it.');
    }
    const problem = toInvestigationViewProblem(body) ?? ((body as { type: unknown }).type === 'state' ? undefined : 'it is not a state');
    if (problem) return this.reportError(`The state written into the page was refused (${problem}); waiting for the host to send it.`);
    this.guarded(() => this.draw(body as ToInvestigationView));
  }

  async ready(): Promise<void> {
    try {
      const reply = await this.channel.request<InvestigationReadyReply>({ type: 'ready', protocol: INVESTIGATION_PROTOCOL_VERSION });
      this.guarded(() => this.draw(reply));
    } catch (e) {
      this.view.failed(`The investigation could not be loaded: ${why(e)}.`);
    }
  }

  /** Write one event. Undefined when written; else why not, in the user's words. */
  async append(eventType: ComposerEventType, data: Record<string, unknown>): Promise<string | undefined> {
    try {
      await this.channel.request<OkReply>({ type: 'append', eventType, data });
      return undefined;
    } catch (e) {
      return why(e);
    }
  }

  openPlace(place: ReportPlace): Promise<void> {
    return this.act(
      { type: 'openPlace', place: { metric: place.metric, slice: { ...place.slice }, start: place.start, end: place.end } },
      'Could not show it in the report',
    );
  }

  openLink(href: string): Promise<void> {
    return this.act({ type: 'openLink', href }, `Could not open ${href.slice(0, 200)}`);
  }

  openLine(line: number): Promise<void> {
    return this.act({ type: 'openLine', line }, `Could not open the log at line ${line}`);
  }

  openFinding(path: string, how: 'preview' | 'edit'): Promise<void> {
    return this.act({ type: 'openFinding', path, how }, `Could not open ${path.slice(0, 200)}`);
  }

  openCommit(hash: string): Promise<void> {
    return this.act({ type: 'openCommit', hash }, `Could not show commit ${hash.slice(0, 12)}`);
  }

  findingAction(action: FindingAction): Promise<void> {
    return this.act({ type: 'findingAction', action }, 'Could not start it');
  }

  /** Ask for the latest `entries` timeline entries (the state follows). */
  timeline(entries: number): Promise<void> {
    return this.act({ type: 'timeline', entries }, 'Could not show older entries');
  }

  /** The item (event id) the reader focuses now, for the others' presence. */
  focus(item: string | undefined): void {
    this.channel.notify(item ? { type: 'focus', item } : { type: 'focus' });
  }

  reportError(message: string): void {
    this.channel.notify({ type: 'webviewError', message: message.slice(0, LIMITS.message) });
  }

  private async act(body: FromInvestigationView, failure: string): Promise<void> {
    try {
      await this.channel.request<OkReply>(body);
    } catch (e) {
      this.view.notice(`${failure}: ${why(e)}`);
    }
  }

  /** Draws; if that throws (a refused message, a drawing bug), shows the error and tells the host. */
  private guarded(draw: () => void): void {
    try {
      draw();
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      this.view.failed(`The investigation could not be shown: ${reason}`);
      this.reportError(`The investigation could not be shown: ${reason}`);
    }
  }

  private draw(body: ToInvestigationView | ErrorReply | OkReply): void {
    switch (body.type) {
      case 'state':
        return this.view.state(body);
      case 'gone':
        return this.view.gone(body);
      case 'presence':
        return this.view.presence?.(body);
      default:
        throw new Error(`"${body.type}" answers nothing here`);
    }
  }
}
