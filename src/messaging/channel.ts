// Request and response over a one-way message transport (VS Code's webview postMessage), shared by
// the host and the webview. A request gets exactly one answer: the other side's reply, an error
// reply (its handler threw, or it refused the request), or a timeout here. Every incoming message is
// validated by the direction's own parser before anything reads it. No `vscode`, no DOM, no Node
// built-ins: both bundles import this file. See docs/adr/0012-message-layer.md.

/** The logical channels: the report's messages, test instrumentation, and the investigation view's (investigationProtocol.ts). */
export type ChannelName = 'report' | 'diagnostics' | 'investigation';

/** Every message travels in an envelope. `request`: the sender waits for a reply naming its id. */
export interface Envelope<B> {
  readonly channel: ChannelName;
  readonly id: number;
  readonly body: B;
  readonly request?: true;
  readonly inReplyTo?: number;
}

/** The answer to a request whose handler failed or that the receiver refused. Either side may send it. */
export interface ErrorReply {
  readonly type: 'error';
  readonly message: string;
}

/** The answer to a request that needs no data back. */
export interface OkReply {
  readonly type: 'ok';
}

export class ProtocolError extends Error {
  constructor(message: string) {
    super(`Invalid message: ${message}`);
    this.name = 'ProtocolError';
  }
}

/** The other side answered a request with an error reply. */
export class RequestFailed extends Error {
  constructor(
    readonly requestType: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequestFailed';
  }
}

/** No answer came in time. The request may still run on the other side; a late answer is dropped. */
export class RequestTimeout extends Error {
  constructor(
    readonly requestType: string,
    readonly timeoutMs: number,
  ) {
    super(`no answer to "${requestType}" within ${timeoutMs} ms`);
    this.name = 'RequestTimeout';
  }
}

/** The channel was closed (the panel was disposed) before the answer came. */
export class ChannelClosed extends Error {
  constructor(readonly requestType: string) {
    super(`the channel closed before "${requestType}" was answered`);
    this.name = 'ChannelClosed';
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const ENVELOPE_KEYS = new Set(['channel', 'id', 'body', 'request', 'inReplyTo']);

/**
 * An envelope's own fields, checked strictly (no other keys), and its body by `body` (undefined:
 * valid, else why not). Throws ProtocolError.
 */
export function parseEnvelope<B>(v: unknown, channel: ChannelName, body: (b: unknown) => string | undefined): Envelope<B> {
  if (
    !isObj(v) ||
    v.channel !== channel ||
    !Number.isSafeInteger(v.id) ||
    (v.request !== undefined && v.request !== true) ||
    (v.inReplyTo !== undefined && !Number.isSafeInteger(v.inReplyTo)) ||
    Object.keys(v).some(k => !ENVELOPE_KEYS.has(k))
  ) {
    throw new ProtocolError(`message is not a ${channel} envelope { channel, id, body, request?, inReplyTo? }`);
  }
  if (v.request && v.inReplyTo !== undefined) throw new ProtocolError('a message cannot be both a request and a reply');
  const problem = body(v.body);
  if (problem) throw new ProtocolError(problem);
  return v as unknown as Envelope<B>;
}

/** The body checks every direction shares: the two generic replies. */
export function replyProblem(b: Record<string, unknown>): string | undefined {
  if (b.type === 'ok') return Object.keys(b).length === 1 ? undefined : 'ok carries nothing';
  if (b.type === 'error') return typeof b.message === 'string' && b.message.length <= 10_000 ? undefined : 'error needs a message';
  return `unknown message type "${String(b.type)}"`;
}

type Typed = { readonly type: string };

export interface ChannelOptions<Send extends Typed, Receive extends Typed> {
  readonly name: ChannelName;
  /** Hand an envelope to the transport. A rejected post fails the request it carried. */
  readonly send: (envelope: Envelope<Send | ErrorReply | OkReply>) => void | PromiseLike<unknown>;
  /** Validate an incoming envelope of this channel; throws ProtocolError. */
  readonly parse: (raw: unknown) => Envelope<Receive | ErrorReply | OkReply>;
  /** Answer a request: its result is the reply; a throw becomes an error reply with its message. */
  readonly onRequest?: (body: Receive) => Send | OkReply | PromiseLike<Send | OkReply>;
  readonly onNotify?: (body: Receive) => void;
  /** A message that failed validation (it is dropped; a request among them gets an error reply). */
  readonly onInvalid?: (reason: string) => void;
  /** Harmless but worth a log line: a reply nobody waits for (a late one, after a timeout), a failed post. */
  readonly onStray?: (reason: string) => void;
  /** How long a request waits for its answer, unless it says otherwise. */
  readonly timeoutMs: number;
}

interface Pending {
  readonly type: string;
  readonly resolve: (body: unknown) => void;
  readonly reject: (e: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class Channel<Send extends Typed, Receive extends Typed> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  constructor(private readonly opts: ChannelOptions<Send, Receive>) {}

  /** A message that expects no answer. */
  notify(body: Send): void {
    if (this.closed) return;
    void this.post({ channel: this.opts.name, id: this.nextId++, body }).catch(e => this.opts.onStray?.(`could not post "${body.type}": ${messageOf(e)}`));
  }

  /**
   * Send `body` and wait for its answer. Resolves with the reply's body (never an error reply);
   * rejects with RequestFailed (an error reply), RequestTimeout or ChannelClosed.
   */
  request<R extends Receive | OkReply = Receive | OkReply>(body: Send, timeoutMs = this.opts.timeoutMs): Promise<R> {
    if (this.closed) return Promise.reject(new ChannelClosed(body.type));
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestTimeout(body.type, timeoutMs));
      }, timeoutMs);
      this.pending.set(id, { type: body.type, resolve: resolve as (b: unknown) => void, reject, timer });
      this.post({ channel: this.opts.name, id, body, request: true }).then(undefined, e =>
        this.settle(id, undefined, new RequestFailed(body.type, `could not post it: ${messageOf(e)}`)),
      );
    });
  }

  /** An incoming message of this channel (the transport's router decides which channel it is). */
  receive(raw: unknown): void {
    if (this.closed) return;
    let env: Envelope<Receive | ErrorReply | OkReply>;
    try {
      env = this.opts.parse(raw);
    } catch (e) {
      this.opts.onInvalid?.(messageOf(e));
      // A malformed request whose id we can still read gets an error reply, so its sender does not wait out its timeout.
      const id = isObj(raw) && raw.request === true && Number.isSafeInteger(raw.id) ? (raw.id as number) : undefined;
      if (id !== undefined) this.reply(id, { type: 'error', message: messageOf(e) });
      return;
    }
    if (env.inReplyTo !== undefined) return this.answer(env.inReplyTo, env.body);
    if (env.body.type === 'ok' || env.body.type === 'error') return this.opts.onStray?.(`a "${env.body.type}" that answers nothing`);
    const body = env.body as Receive;
    if (env.request) void this.handle(env.id, body);
    else this.opts.onNotify?.(body);
  }

  /** Fail every request still waiting, and send or accept nothing more. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [id, p] of [...this.pending]) this.settle(id, undefined, new ChannelClosed(p.type));
  }

  private async handle(id: number, body: Receive): Promise<void> {
    let answer: Send | OkReply | ErrorReply;
    try {
      if (!this.opts.onRequest) throw new Error(`"${body.type}" is not a request here`);
      answer = await this.opts.onRequest(body);
    } catch (e) {
      answer = { type: 'error', message: messageOf(e) };
    }
    this.reply(id, answer);
  }

  private reply(inReplyTo: number, body: Send | OkReply | ErrorReply): void {
    if (this.closed) return;
    void this.post({ channel: this.opts.name, id: this.nextId++, inReplyTo, body }).catch(e =>
      this.opts.onStray?.(`could not post the answer to ${inReplyTo}: ${messageOf(e)}`),
    );
  }

  /** The transport's send, with a synchronous throw turned into a rejection. */
  private post(envelope: Envelope<Send | ErrorReply | OkReply>): Promise<unknown> {
    try {
      return Promise.resolve(this.opts.send(envelope));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  private answer(id: number, body: Receive | ErrorReply | OkReply): void {
    const p = this.pending.get(id);
    if (!p) return this.opts.onStray?.(`an answer to ${id}, which nobody is waiting for (it timed out, or was never asked)`);
    if (body.type === 'error') this.settle(id, undefined, new RequestFailed(p.type, (body as ErrorReply).message));
    else this.settle(id, body);
  }

  private settle(id: number, body: unknown, error?: Error): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    if (error) p.reject(error);
    else p.resolve(body);
  }
}
