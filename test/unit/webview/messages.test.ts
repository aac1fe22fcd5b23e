// The webview's end of the message layer, without a DOM: a message it refuses, a snapshot it cannot
// draw, or a host that never answers shows an error (and tells the host), instead of leaving the
// panel on "Loading…"; refresh and openFile failures become a notice; diagnostics stay off unless
// the host switched them on.
import assert from 'node:assert/strict';
import { oneHourSnapshot } from '../messaging/snapshotFixture';
import { HostLink, type HostMessageView } from '../../../webview/messages';
import { parseFromWebview, type LoadProblem, type ReportSnapshot } from '../../../src/messaging/protocol';

const tick = () => new Promise(r => setTimeout(r, 0));

function fakeView(draw: (s: ReportSnapshot) => void = () => undefined) {
  const calls = { snapshots: [] as ReportSnapshot[], problems: [] as LoadProblem[], failed: [] as string[], loading: 0, notices: [] as string[] };
  const view: HostMessageView = {
    snapshot: s => {
      calls.snapshots.push(s);
      draw(s);
    },
    problem: p => calls.problems.push(p),
    failed: r => calls.failed.push(r),
    loading: () => calls.loading++,
    notice: t => calls.notices.push(t),
  };
  return { view, calls };
}

/** A link whose posts are recorded (as the host would receive them), with the view's calls. */
function fakeLink(draw?: (s: ReportSnapshot) => void, opts: ConstructorParameters<typeof HostLink>[2] = {}) {
  const { view, calls } = fakeView(draw);
  const posted: Record<string, unknown>[] = [];
  const link = new HostLink({ post: e => posted.push(JSON.parse(JSON.stringify(e))) }, view, opts);
  return { link, calls, posted, bodies: () => posted.map(p => p.body as { type: string }) };
}

const snapshot = (label = 'Views') => ({
  ...oneHourSnapshot('views', label),
  context: [],
  anomalies: [],
  incidents: [],
});
const note = (id: number, body: unknown) => ({ channel: 'report', id, body });

describe('webview: the host link', () => {
  it('asks for the report with `ready` and draws the answer', async () => {
    const { link, calls, posted } = fakeLink();
    const ready = link.ready();
    assert.deepEqual(posted[0], { channel: 'report', id: 1, request: true, body: { type: 'ready', protocol: 1 } });
    link.receive({ channel: 'report', id: 1, inReplyTo: 1, body: { type: 'snapshot', snapshot: snapshot() } });
    await ready;
    assert.equal(calls.snapshots.length, 1);
    assert.deepEqual(calls.failed, []);
  });

  it('says so when the host does not answer `ready` in time, or answers with an error', async () => {
    const slow = fakeLink(undefined, { timeoutMs: 20 });
    await slow.link.ready();
    assert.deepEqual(slow.calls.failed, ['The extension host did not answer within 0.02 s.']);
    const refused = fakeLink();
    const r = refused.link.ready();
    refused.link.receive({ channel: 'report', id: 9, inReplyTo: 1, body: { type: 'error', message: 'no folder' } });
    await r;
    assert.deepEqual(refused.calls.failed, ['no folder']);
  });

  it('draws notifications: a snapshot, a load problem, loading', () => {
    const { link, calls, posted } = fakeLink();
    link.receive(note(1, { type: 'snapshot', snapshot: snapshot() }));
    link.receive(note(2, { type: 'loadError', problem: { message: 'bad.csv:3: no' } }));
    link.receive(note(3, { type: 'loading' }));
    assert.equal(calls.snapshots.length, 1);
    assert.deepEqual(calls.problems, [{ message: 'bad.csv:3: no' }]);
    assert.equal(calls.loading, 1);
    assert.deepEqual(calls.failed, []);
    assert.deepEqual(posted, []);
  });

  it('shows a refused snapshot as an error with the reason, and tells the host', () => {
    const { link, calls, bodies } = fakeLink();
    link.receive(note(1, { type: 'snapshot', snapshot: snapshot('L'.repeat(201)) }));
    assert.equal(calls.snapshots.length, 0);
    assert.deepEqual(calls.failed, ['Invalid message: snapshot rows are malformed']);
    assert.deepEqual(bodies(), [{ type: 'webviewError', message: 'The report could not be shown: Invalid message: snapshot rows are malformed' }]);
  });

  it('shows an error for a severity that JSON turned into null, for an old envelope, or for anything that is not a message', () => {
    const s = {
      ...snapshot(),
      anomalies: [{ metric: 'views', label: 'Views', start: 0, end: 1, direction: 'up', severity: Infinity, vsForecastPct: 5, where: [], explanations: [] }],
    };
    const { link, calls, posted } = fakeLink();
    link.receive(JSON.parse(JSON.stringify(note(1, { type: 'snapshot', snapshot: s }))));
    link.receive({ id: 2, body: { type: 'loading' } }); // no channel: an envelope of protocol 1's first draft
    link.receive('not a message');
    assert.equal(calls.failed[0], 'Invalid message: snapshot anomalies are malformed');
    assert.match(calls.failed[1], /not a report envelope/);
    assert.match(calls.failed[2], /not a report envelope/);
    assert.equal(posted.length, 3);
  });

  it('shows an error when drawing a valid snapshot fails', () => {
    const { link, calls, bodies } = fakeLink(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'map')");
    });
    link.receive(note(1, { type: 'snapshot', snapshot: snapshot() }));
    assert.deepEqual(calls.failed, ["Cannot read properties of undefined (reading 'map')"]);
    assert.equal(bodies()[0].type, 'webviewError');
  });

  it('turns a failed refresh or openFile into a notice, and keeps the report', async () => {
    const { link, calls, posted } = fakeLink();
    const open = link.openFile('../secret', 3);
    assert.deepEqual(posted[0].body, { type: 'openFile', file: '../secret', line: 3 });
    link.receive({ channel: 'report', id: 5, inReplyTo: 1, body: { type: 'error', message: 'refused to open ../secret: it is outside the folder' } });
    await open;
    const refresh = link.refresh();
    link.receive({ channel: 'report', id: 6, inReplyTo: 2, body: { type: 'ok' } });
    await refresh;
    assert.deepEqual(calls.notices, ['Could not open ../secret: refused to open ../secret: it is outside the folder']);
    assert.deepEqual(calls.failed, []);
  });

  it('asks the host to start, open and pin investigations, as messages it accepts; a refusal is a notice, never swallowed', async () => {
    const { link, calls, posted } = fakeLink();
    const start = link.startInvestigation('views', 7_200_000);
    const open = link.openInvestigation('2026-11-03-ios-drop');
    const pin = link.pinEvidence({ kind: 'chart', metric: 'views', dims: {}, start: 0, end: 3_600_000 });
    const refused = link.pinEvidence({ kind: 'context', key: 'deploy:tag:v1' });
    assert.deepEqual(
      posted.map(p => p.body),
      [
        { type: 'startInvestigation', metric: 'views', start: 7_200_000 },
        { type: 'openInvestigation', name: '2026-11-03-ios-drop' },
        { type: 'pinEvidence', target: { kind: 'chart', metric: 'views', dims: {}, start: 0, end: 3_600_000 } },
        { type: 'pinEvidence', target: { kind: 'context', key: 'deploy:tag:v1' } },
      ],
    );
    for (const p of posted) assert.equal(parseFromWebview(p).body.type, (p.body as { type: string }).type, 'the host accepts what the webview sends');
    link.receive({ channel: 'report', id: 1, inReplyTo: 1, body: { type: 'ok' } });
    link.receive({ channel: 'report', id: 2, inReplyTo: 2, body: { type: 'error', message: 'it was deleted' } });
    link.receive({ channel: 'report', id: 3, inReplyTo: 3, body: { type: 'ok' } });
    link.receive({ channel: 'report', id: 4, inReplyTo: 4, body: { type: 'error', message: 'no investigation is open: start one first' } });
    assert.deepEqual(await Promise.all([start, open, pin, refused]), [true, false, true, false]);
    assert.deepEqual(calls.notices, [
      'Could not open the investigation 2026-11-03-ios-drop: it was deleted',
      'Could not pin the context item: no investigation is open: start one first',
    ]);
    assert.deepEqual(calls.failed, [], 'the report stays');
  });

  it('says a start that the host does not answer in time', async () => {
    const { link, calls } = fakeLink(undefined, { timeoutMs: 20 });
    assert.equal(await link.startInvestigation('views', 0), false);
    assert.match(calls.notices[0], /^Could not start the investigation: /);
  });

  it('speaks diagnostics only when the host switched them on, and answers `describe`', async () => {
    const off = fakeLink();
    assert.equal(off.link.diagnosing, false);
    off.link.diagnose({ type: 'problemShown', message: 'x' });
    off.link.receive({ channel: 'diagnostics', id: 1, request: true, body: { type: 'describe' } });
    assert.deepEqual(off.posted, [], 'nothing on the diagnostics channel, not even an error reply');

    const on = fakeLink(undefined, { describe: () => ({ type: 'shown', snapshotId: 3, analysis: 'done' }) });
    on.link.diagnose({ type: 'problemShown', message: 'x' });
    on.link.receive({ channel: 'diagnostics', id: 1, request: true, body: { type: 'describe' } });
    await tick();
    assert.deepEqual(on.posted, [
      { channel: 'diagnostics', id: 1, body: { type: 'problemShown', message: 'x' } },
      { channel: 'diagnostics', id: 2, inReplyTo: 1, body: { type: 'shown', snapshotId: 3, analysis: 'done' } },
    ]);
  });
});
