import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseFromWebview, parseToWebview, migrateUiState, ownEntry, ProtocolError, LIMITS, snapshotProblem } from '../../src/protocol';

const snapshot = () => ({
  id: 3, analysis: 'done', title: 'T', timezone: 'UTC', asOf: 0, thresholds: { amber: 5, red: 15 }, source: 'd.csv', warnings: [], dstDays: [],
  hours: [{ at: 0, local: '1970-01-01T00:00:00.000Z', label: '00:00', date: '1970-01-01', offsetChanged: false }],
  rows: [{ metric: 'm', label: 'M', derived: false, cells: [{ value: 1, lastWeek: 2, deltaPct: -50, status: 'red' }] }],
  charts: { m: { x: [0], thisWeek: [1], lastWeek: [null] } },
  context: [{ kind: 'holiday', title: 'IN holiday: Gandhi Jayanti', detail: 'IN is expected at -35%', start: 0, end: 1 }],
  anomalies: [{ metric: 'm', label: 'M', start: 0, end: 1, direction: 'down', severity: 2, vsForecastPct: -20, where: [{ dims: { country: 'IN' }, relativeChange: -0.4, share: 0.8 }], explanations: [{ kind: 'holiday', title: 'x', confidence: 0.8, evidence: ['e'] }] }],
});

describe('webview protocol', () => {
  it('accepts well-formed messages in both directions', () => {
    assert.equal(parseFromWebview({ id: 1, body: { type: 'ready', protocol: 1 } }).body.type, 'ready');
    assert.equal(parseFromWebview({ id: 2, body: { type: 'rendered', snapshotId: 3, analysis: 'done', metric: 'm', hourColumns: 24, chartPoints: 9, table: [{ metric: 'm', values: [1, null] }], contextKinds: ['holiday'], warnings: ['w'], anomalies: [{ metric: 'm', topKind: 'deploy', where: 'platform=ios', narrowed: false }] } }).body.type, 'rendered');
    assert.equal(parseToWebview({ id: 1, inReplyTo: 1, body: { type: 'snapshot', snapshot: snapshot() } }).inReplyTo, 1);
    assert.equal(parseToWebview({ id: 2, body: { type: 'loadError', problem: { message: 'x', file: 'a', line: 2 } } }).body.type, 'loadError');
  });

  it('rejects unknown types, missing envelopes and malformed payloads', () => {
    assert.throws(() => parseFromWebview({ body: { type: 'ready', protocol: 1 } }), ProtocolError);
    assert.throws(() => parseFromWebview({ id: 1, body: { type: 'runShell', cmd: 'rm -rf /' } }), /unknown message type "runShell"/);
    assert.throws(() => parseFromWebview({ id: 1, body: { type: 'rendered', snapshotId: 1, analysis: 'pending', metric: 'm', hourColumns: 24, chartPoints: 1, table: [{ metric: 'm', values: ['1'] }], contextKinds: [], anomalies: [] } }), /malformed table/);
    assert.throws(() => parseFromWebview({ id: 1, body: { type: 'openFile', file: 42 } }), /openFile needs a file/);
  });

  it('rejects snapshots whose rows do not match the hours, or carry non-finite numbers', () => {
    const s = snapshot();
    s.rows[0].cells.push({ value: 1, lastWeek: 1, deltaPct: 0, status: 'green' });
    assert.throws(() => parseToWebview({ id: 1, body: { type: 'snapshot', snapshot: s } }), /rows are malformed/);
    const t = snapshot();
    (t.rows[0].cells[0] as { value: number }).value = NaN;
    assert.throws(() => parseToWebview({ id: 1, body: { type: 'snapshot', snapshot: t } }), /rows are malformed/);
    const u = snapshot();
    u.charts.m.lastWeek = [];
    assert.throws(() => parseToWebview({ id: 1, body: { type: 'snapshot', snapshot: u } }), /chart series are malformed/);
    const w = snapshot();
    (w.anomalies[0] as { direction: string }).direction = 'sideways';
    assert.throws(() => parseToWebview({ id: 1, body: { type: 'snapshot', snapshot: w } }), /anomalies are malformed/);
    const v = snapshot();
    (v.rows[0].cells[0] as { status: string }).status = '<img onerror=alert(1)>';
    assert.throws(() => parseToWebview({ id: 1, body: { type: 'snapshot', snapshot: v } }), /rows are malformed/);
  });

  it('enforces the shared LIMITS exactly at their edges', () => {
    const at = (f: (s: ReturnType<typeof snapshot>, n: number) => void, limit: number) => {
      const ok = snapshot();
      f(ok, limit);
      const over = snapshot();
      f(over, limit + 1);
      return [snapshotProblem(ok), snapshotProblem(over)];
    };
    assert.deepEqual(at((s, n) => { s.rows[0].label = 'x'.repeat(n); }, LIMITS.label), [undefined, 'snapshot rows are malformed']);
    assert.deepEqual(at((s, n) => { s.title = 'x'.repeat(n); }, LIMITS.title), [undefined, 'snapshot header is malformed']);
    assert.deepEqual(at((s, n) => { s.context[0].title = 'x'.repeat(n); }, LIMITS.title), [undefined, 'snapshot context is malformed']);
    assert.deepEqual(at((s, n) => { s.context[0].detail = 'x'.repeat(n); }, LIMITS.detail), [undefined, 'snapshot context is malformed']);
    assert.deepEqual(at((s, n) => { s.anomalies[0].where[0].dims.country = 'x'.repeat(n); }, LIMITS.label), [undefined, 'snapshot anomalies are malformed']);
    assert.deepEqual(at((s, n) => { (s.warnings as string[]) = Array.from({ length: n }, () => 'w'); }, LIMITS.warnings), [undefined, 'snapshot warnings are malformed']);
    assert.deepEqual(at((s, n) => { (s.warnings as string[]) = ['x'.repeat(n)]; }, LIMITS.message), [undefined, 'snapshot warnings are malformed']);
  });

  it('checks arrived shares are numbers, and a load problem\'s file and line as openFile would', () => {
    const s = { ...snapshot(), pending: { at: 0, label: '01:00', arrivedShare: { m: 0.5, n: null } } };
    assert.equal(snapshotProblem(s), undefined);
    assert.equal(snapshotProblem({ ...s, pending: { ...s.pending, arrivedShare: { m: '50%' } } }), 'snapshot pending hour is malformed');
    assert.throws(() => parseToWebview({ id: 1, body: { type: 'loadError', problem: { message: 'x', file: 'a'.repeat(LIMITS.path + 1) } } }), /loadError needs a problem message/);
    assert.throws(() => parseToWebview({ id: 1, body: { type: 'loadError', problem: { message: 'x', file: 'a', line: 1.5 } } }), /loadError needs a problem message/);
  });

  it('looks up keyed snapshot data by own entries only', () => {
    const charts = JSON.parse('{"__proto__": {"x": [1]}, "m": {"x": [2]}}') as Record<string, { x: number[] }>;
    assert.deepEqual(ownEntry(charts, '__proto__'), { x: [1] });
    assert.deepEqual(ownEntry(charts, 'm'), { x: [2] });
    assert.equal(ownEntry(charts, 'constructor'), undefined);
    assert.equal(ownEntry(charts, 'toString'), undefined);
  });

  it('never throws anything but ProtocolError, whatever arrives', () => {
    fc.assert(fc.property(fc.anything(), v => {
      for (const parse of [parseFromWebview, parseToWebview]) {
        try { parse(v); } catch (e) { if (!(e instanceof ProtocolError)) return false; }
      }
      return true;
    }), { numRuns: 2000 });
  });

  it('migrates persisted UI state and drops anything unexpected', () => {
    assert.deepEqual(migrateUiState({ v: 1, metric: 'signups' }), { v: 1, metric: 'signups' });
    assert.deepEqual(migrateUiState({ v: 0, data: [1, 2, 3] }), { v: 1 });
    assert.deepEqual(migrateUiState(undefined), { v: 1 });
  });
});
