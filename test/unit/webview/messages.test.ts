// The webview's handling of host messages, without a DOM: a message it refuses, or a snapshot it
// cannot draw, shows an error and tells the host, instead of leaving the panel on "Loading…".
import assert from 'node:assert/strict';
import { handleHostMessage, type HostMessageView } from '../../../webview/messages';
import type { FromWebview, LoadProblem, ReportSnapshot } from '../../../src/protocol';

function fakeView(draw: (s: ReportSnapshot) => void = () => undefined) {
  const calls = { snapshots: [] as ReportSnapshot[], problems: [] as LoadProblem[], failed: [] as string[], loading: 0, posted: [] as FromWebview[] };
  const view: HostMessageView = {
    snapshot: s => { calls.snapshots.push(s); draw(s); },
    problem: p => calls.problems.push(p),
    failed: r => calls.failed.push(r),
    loading: () => calls.loading++,
    post: b => calls.posted.push(b),
  };
  return { view, calls };
}

const snapshot = (label = 'Views') => ({
  id: 3, analysis: 'done', title: 'T', timezone: 'UTC', asOf: 0, thresholds: { amber: 5, red: 15 }, source: 'd.csv', warnings: [], dstDays: [],
  hours: [{ at: 0, local: '1970-01-01T00:00:00.000Z', label: '00:00', date: '1970-01-01', offsetChanged: false }],
  rows: [{ metric: 'views', label, derived: false, cells: [{ value: 1, lastWeek: 2, deltaPct: -50, status: 'red' }] }],
  charts: { views: { x: [0], thisWeek: [1], lastWeek: [null] } }, context: [], anomalies: [],
});

describe('webview: messages from the host', () => {
  it('draws a valid snapshot, shows a load problem, marks loading', () => {
    const { view, calls } = fakeView();
    handleHostMessage({ id: 1, body: { type: 'snapshot', snapshot: snapshot() } }, view);
    handleHostMessage({ id: 2, body: { type: 'loadError', problem: { message: 'bad.csv:3: no' } } }, view);
    handleHostMessage({ id: 3, body: { type: 'loading' } }, view);
    assert.equal(calls.snapshots.length, 1);
    assert.deepEqual(calls.problems, [{ message: 'bad.csv:3: no' }]);
    assert.equal(calls.loading, 1);
    assert.deepEqual(calls.failed, []);
    assert.deepEqual(calls.posted, []);
  });

  it('shows a refused snapshot as an error with the reason, and tells the host', () => {
    const { view, calls } = fakeView();
    handleHostMessage({ id: 1, body: { type: 'snapshot', snapshot: snapshot('L'.repeat(201)) } }, view);
    assert.equal(calls.snapshots.length, 0);
    assert.deepEqual(calls.failed, ['Invalid message: snapshot rows are malformed']);
    assert.deepEqual(calls.posted, [{ type: 'webviewError', message: 'The report could not be shown: Invalid message: snapshot rows are malformed' }]);
  });

  it('shows an error for a severity that JSON turned into null, or for anything that is not a message', () => {
    const s = { ...snapshot(), anomalies: [{ metric: 'views', label: 'Views', start: 0, end: 1, direction: 'up', severity: Infinity, vsForecastPct: 5, where: [], explanations: [] }] };
    const { view, calls } = fakeView();
    handleHostMessage(JSON.parse(JSON.stringify({ id: 1, body: { type: 'snapshot', snapshot: s } })), view);
    handleHostMessage('not a message', view);
    assert.deepEqual(calls.failed, ['Invalid message: snapshot anomalies are malformed', 'Invalid message: message is not an envelope { id, inReplyTo?, body }']);
    assert.equal(calls.posted.length, 2);
  });

  it('shows an error when drawing a valid snapshot fails', () => {
    const { view, calls } = fakeView(() => { throw new TypeError("Cannot read properties of undefined (reading 'map')"); });
    handleHostMessage({ id: 1, body: { type: 'snapshot', snapshot: snapshot() } }, view);
    assert.deepEqual(calls.failed, ["Cannot read properties of undefined (reading 'map')"]);
    assert.equal(calls.posted[0].type, 'webviewError');
  });
});
