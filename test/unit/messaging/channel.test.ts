// Request and response over a one-way transport: every request gets exactly one answer (a reply, an
// error reply, a timeout, or "closed"), a malformed request gets an error reply instead of silence,
// and a late answer is dropped, not delivered to somebody else.
import assert from 'node:assert/strict';
import { Channel, ChannelClosed, parseEnvelope, replyProblem, RequestFailed, RequestTimeout, type Envelope } from '../../../src/messaging/channel';

type Ask = { type: 'add'; a: number; b: number } | { type: 'boom' } | { type: 'slow' } | { type: 'note'; text: string };
type Answer = { type: 'sum'; value: number };
type Wire = Ask | Answer | { type: 'ok' } | { type: 'error'; message: string };

const parse = (raw: unknown): Envelope<Wire> =>
  parseEnvelope<Wire>(raw, 'report', b => {
    const o = b as Record<string, unknown>;
    if (typeof o !== 'object' || o === null) return 'body has no type';
    if (o.type === 'add') return typeof o.a === 'number' && typeof o.b === 'number' ? undefined : 'add needs two numbers';
    if (o.type === 'sum') return typeof o.value === 'number' ? undefined : 'sum needs a value';
    if (o.type === 'note') return typeof o.text === 'string' ? undefined : 'note needs text';
    if (o.type === 'boom' || o.type === 'slow') return undefined;
    return replyProblem(o);
  });

/** Two channels joined by an asynchronous, JSON-cloning transport (as postMessage is), with a log of what crossed. */
function pair(timeoutMs = 200) {
  const log = { wire: [] as unknown[], invalid: [] as string[], stray: [] as string[], notes: [] as string[] };
  const sides: { host?: Channel<Wire, Wire>; view?: Channel<Wire, Wire> } = {};
  const deliver = (to: () => Channel<Wire, Wire> | undefined) => (e: unknown) => {
    const copy = JSON.parse(JSON.stringify(e));
    log.wire.push(copy);
    setTimeout(() => to()?.receive(copy), 0);
  };
  const hostSide = (sides.host = new Channel<Wire, Wire>({
    name: 'report',
    send: deliver(() => sides.view),
    parse,
    timeoutMs,
    onRequest: async body => {
      if (body.type === 'add') return { type: 'sum', value: body.a + body.b };
      if (body.type === 'slow') {
        await new Promise(r => setTimeout(r, timeoutMs * 2));
        return { type: 'ok' };
      }
      throw new Error(`cannot ${body.type}`);
    },
    onNotify: b => {
      if (b.type === 'note') log.notes.push(b.text);
    },
    onInvalid: r => log.invalid.push(r),
    onStray: r => log.stray.push(r),
  }));
  const viewSide = (sides.view = new Channel<Wire, Wire>({
    name: 'report',
    send: deliver(() => sides.host),
    parse,
    timeoutMs,
    onInvalid: r => log.invalid.push(r),
    onStray: r => log.stray.push(r),
  }));
  return { host: hostSide, view: viewSide, log, sendRaw: (raw: unknown) => deliver(() => hostSide)(raw) };
}

describe('messaging: request and response', () => {
  it('answers a request with its reply, and delivers a notification', async () => {
    const { view, log } = pair();
    assert.deepEqual(await view.request({ type: 'add', a: 2, b: 3 }), { type: 'sum', value: 5 });
    view.notify({ type: 'note', text: 'hi' });
    await new Promise(r => setTimeout(r, 5));
    assert.deepEqual(log.notes, ['hi']);
    assert.deepEqual(log.wire[0], { channel: 'report', id: 1, request: true, body: { type: 'add', a: 2, b: 3 } });
    assert.deepEqual(log.wire[1], { channel: 'report', id: 1, inReplyTo: 1, body: { type: 'sum', value: 5 } });
  });

  it('pairs concurrent answers with their own requests', async () => {
    const { view } = pair();
    const sums = await Promise.all([1, 2, 3, 4].map(a => view.request<Answer>({ type: 'add', a, b: 10 })));
    assert.deepEqual(
      sums.map(s => s.value),
      [11, 12, 13, 14],
    );
  });

  it("rejects with the other side's error when its handler throws", async () => {
    const { view } = pair();
    await assert.rejects(view.request({ type: 'boom' }), (e: unknown) => e instanceof RequestFailed && e.requestType === 'boom' && e.message === 'cannot boom');
  });

  it('gives a malformed request an error reply instead of leaving its sender to time out', async () => {
    const { view, log } = pair(5_000);
    const t0 = Date.now();
    await assert.rejects(view.request({ type: 'add', a: 1 } as unknown as Ask), /Invalid message: add needs two numbers/);
    assert.ok(Date.now() - t0 < 1_000, 'answered, not timed out');
    assert.deepEqual(log.invalid, ['Invalid message: add needs two numbers']);
  });

  it('times out, and drops the late answer as stray', async () => {
    const { view, log } = pair(50);
    await assert.rejects(view.request({ type: 'slow' }), (e: unknown) => e instanceof RequestTimeout && e.message === 'no answer to "slow" within 50 ms');
    await new Promise(r => setTimeout(r, 120));
    assert.equal(log.stray.length, 1);
    assert.match(log.stray[0], /nobody is waiting for/);
  });

  it('fails waiting requests when closed, and refuses new ones', async () => {
    const { view } = pair(5_000);
    const waiting = view.request({ type: 'slow' });
    view.close();
    await assert.rejects(waiting, ChannelClosed);
    await assert.rejects(view.request({ type: 'add', a: 1, b: 1 }), ChannelClosed);
  });

  it('refuses what is not its envelope: another channel, extra fields, an unknown reply', async () => {
    const { log, sendRaw } = pair();
    sendRaw({ channel: 'diagnostics', id: 1, body: { type: 'note', text: 'x' } });
    sendRaw({ channel: 'report', id: 1, body: { type: 'note', text: 'x' }, extra: true });
    sendRaw({ channel: 'report', id: 2, inReplyTo: 99, body: { type: 'ok' } });
    sendRaw({ channel: 'report', id: 3, body: { type: 'error', message: 'unasked' } });
    await new Promise(r => setTimeout(r, 5));
    assert.equal(log.invalid.length, 2);
    assert.deepEqual(log.notes, []);
    assert.equal(log.stray.length, 2);
  });

  it('fails a request whose post throws, at once', async () => {
    const c = new Channel<Wire, Wire>({
      name: 'report',
      send: () => {
        throw new Error('webview is disposed');
      },
      parse,
      timeoutMs: 5_000,
    });
    await assert.rejects(c.request({ type: 'boom' }), /could not post it: webview is disposed/);
  });
});
