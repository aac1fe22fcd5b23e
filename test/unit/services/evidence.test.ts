// Freezing the report into the investigation log: the anomaly an investigation opens from, pinned
// evidence of each kind, and the marks the report shows. Everything comes from the host's snapshot;
// what cannot be pinned says why.
import * as assert from 'node:assert/strict';
import { checkEvent, foldLog, LOG_VERSION, eventLine, type InvestigationEvent } from '../../../src/core/investigation';
import { anomalyTitle, freezeAnomaly, freezeEvidence } from '../../../src/services/evidence';
import { investigationMarks, weekOf } from '../../../src/services/investigationMarks';
import { LoggedContextMarks } from '../../../src/services/loggedContextMarks';
import { contextKey, type ReportSnapshot } from '../../../src/messaging/protocol';
import { oneHourSnapshot } from '../messaging/snapshotFixture';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 24, 0);
const x = Array.from({ length: 48 }, (_, i) => T0 + i * H);
const series = (f: (i: number) => number) => x.map((_, i) => f(i));
const deploy = {
  kind: 'deploy' as const,
  deployKind: 'tag' as const,
  ref: 'ios-v7.4.0',
  title: 'Deploy ios-v7.4.0',
  detail: 'Merge: fix',
  message: 'fix',
  start: T0 + 20 * H,
  end: T0 + 20 * H,
};

function snapshot(): ReportSnapshot {
  const base = oneHourSnapshot('orders', 'Orders');
  const anomaly = {
    metric: 'orders',
    label: 'Orders',
    start: T0 + 20 * H,
    end: T0 + 24 * H,
    direction: 'down' as const,
    severity: 3.2,
    vsForecastPct: -23.4,
    where: [],
    contributions: {
      kind: 'additive' as const,
      expected: 1000,
      actual: 770,
      gaps: 0,
      dimensions: [
        {
          dimension: 'platform',
          values: [
            { value: 'ios', expected: 400, actual: 170, relativeChange: -0.575, shareBefore: 0.4, contribution: 1 },
            { value: 'android', expected: 600, actual: 600, relativeChange: 0, shareBefore: 0.6, contribution: 0 },
          ],
        },
      ],
    },
    explanations: [
      { kind: 'deploy', title: 'Deploy ios-v7.4.0', confidence: 0.81, evidence: [{ text: 'iOS fell 57%' }], slice: { platform: 'ios' }, inBaseline: false },
    ],
  };
  return {
    ...base,
    timezone: 'Europe/Berlin',
    charts: {
      orders: {
        x,
        thisWeek: series(i => (i === 21 ? NaN : 100 + i)).map(v => (Number.isNaN(v) ? null : v)),
        lastWeek: series(i => 90 + i),
        forecast: {
          mean: series(i => 110 + i),
          lower80: series(() => 0),
          upper80: series(() => 0),
          lower95: series(i => 100 + i),
          upper95: series(i => 120 + i),
          scores: series(() => 0),
        },
      },
    },
    context: [deploy],
    anomalies: [anomaly],
    incidents: [],
  } as unknown as ReportSnapshot;
}

/** The event the log would hold: it must pass the log's own check. */
function asEvent(type: 'opened' | 'evidence', data: unknown): InvestigationEvent {
  const e = { v: LOG_VERSION, id: 'abcdef', at: '2026-11-30T10:00:00Z', clock: 1, author: 'ana', type, data };
  const c = checkEvent(JSON.parse(eventLine(e as InvestigationEvent)));
  assert.ok('ok' in c, JSON.stringify(c));
  return c.ok;
}

describe('freezing the report for the investigation log', () => {
  it('copies the anomaly with its hours (a gap stays null), forecast band, explanations and config version', () => {
    const s = snapshot();
    const copy = freezeAnomaly(s, s.anomalies[0], 'sha256:abc');
    asEvent('opened', { title: anomalyTitle(s.anomalies[0], 'Tue 21:00'), origin: 'anomaly', anomaly: copy });
    assert.equal(copy.zone, 'Europe/Berlin');
    assert.equal(copy.series.x[0], T0 + 14 * H, 'six hours before the window');
    assert.equal(copy.series.x.at(-1), T0 + 29 * H, 'six hours after');
    assert.equal(copy.series.actual[21 - 14], null, 'the missing hour stays missing');
    assert.deepEqual(copy.series.upper?.slice(0, 2), [134, 135]);
    assert.deepEqual(copy.explanations, [{ title: 'Deploy ios-v7.4.0', confidence: 0.81 }]);
    assert.equal(anomalyTitle(s.anomalies[0], 'Tue 21:00'), 'Orders down 23% vs forecast, Tue 21:00');
  });

  it("pins the chart's window, the heat-map, an explanation and a context item, each a valid event", () => {
    const s = snapshot();
    const chart = freezeEvidence(s, { kind: 'chart', metric: 'orders', dims: {}, start: T0 + 18 * H, end: T0 + 26 * H });
    assert.equal(chart.kind === 'chart' && chart.series.x.length, 8);
    assert.equal(chart.title, 'Orders, Tue 24 Nov 19:00 – Wed 25 Nov 03:00', 'the window, in the report zone, names the pin');
    assert.deepEqual(chart.kind === 'chart' && chart.place, { metric: 'orders', slice: {}, start: T0 + 18 * H, end: T0 + 26 * H });
    const table = freezeEvidence(s, { kind: 'heatmap', metric: 'orders', start: T0 + 20 * H });
    assert.deepEqual(table.kind === 'table' && table.rows[0], ['platform', 'ios', 400, 170, -57.5, 40, 100]);
    const expl = freezeEvidence(s, { kind: 'explanation', metric: 'orders', start: T0 + 20 * H, index: 0 });
    assert.deepEqual(expl.kind === 'explanation' && [expl.confidence, expl.evidence, expl.place.slice], [0.81, ['iOS fell 57%'], { platform: 'ios' }]);
    const ctx = freezeEvidence(s, { kind: 'context', key: contextKey(deploy) });
    assert.equal(ctx.kind === 'context' && ctx.contextKind, 'deploy');
    for (const body of [chart, table, expl, ctx]) asEvent('evidence', body);
    // Frozen: changing the report afterwards does not change what was pinned.
    (s.charts.orders.thisWeek as (number | null)[])[19] = 0;
    assert.equal(chart.kind === 'chart' && chart.series.actual[1], 119);
  });

  it('a slice chart comes from the chart the host computed for it', () => {
    const s = snapshot();
    const slice = { x: x.slice(0, 4), thisWeek: [1, 2, 3, 4], lastWeek: [1, 1, 1, 1] };
    const c = freezeEvidence(s, { kind: 'chart', metric: 'orders', dims: { platform: 'ios' }, start: T0, end: T0 + 4 * H }, slice);
    assert.deepEqual(c.kind === 'chart' && [c.title, c.series.actual, c.series.expected], [
      'Orders (platform=ios), Tue 24 Nov 01:00–05:00',
      [1, 2, 3, 4],
      undefined,
    ]);
    assert.throws(
      () => freezeEvidence(s, { kind: 'chart', metric: 'orders', dims: { platform: 'ios' }, start: T0, end: T0 + H }),
      /no chart of "orders" for that slice/,
    );
  });

  it('says why what is no longer in the report cannot be pinned', () => {
    const s = snapshot();
    assert.throws(() => freezeEvidence(s, { kind: 'heatmap', metric: 'orders', start: 1 }), /no longer lists that anomaly/);
    assert.throws(() => freezeEvidence(s, { kind: 'explanation', metric: 'orders', start: T0 + 20 * H, index: 4 }), /no such explanation/);
    assert.throws(() => freezeEvidence(s, { kind: 'context', key: 'deploy:tag:gone' }), /no longer lists that context item/);
    assert.throws(() => freezeEvidence(s, { kind: 'chart', metric: 'nope', dims: {}, start: 0, end: 1 }), /no chart of "nope"/);
  });
});

describe('what the report shows of investigations', () => {
  const log = (lines: object[]) => foldLog(lines.map(l => JSON.stringify({ v: 1, at: '2026-11-25T10:00:00Z', author: 'ana', ...l }) + '\n').join(''));
  const opened = (id: string, start: number, end: number) => ({
    id,
    clock: 1,
    type: 'opened',
    data: { title: `inv ${id}`, origin: 'anomaly', anomaly: freezeAnomaly(snapshot(), { ...snapshot().anomalies[0], start, end }, '') },
  });

  it('marks an anomaly with the investigations whose window overlaps it: who, verdict, closed', () => {
    const s = snapshot();
    const open = log([
      opened('aaaaaa', T0 + 19 * H, T0 + 21 * H),
      { id: 'rrrrrr', clock: 2, type: 'role', data: { person: 'ana', role: 'lead' } },
      { id: 'vvvvvv', clock: 3, type: 'verdict', data: { verdict: 'real' } },
    ]);
    const elsewhere = log([opened('bbbbbb', T0, T0 + 2 * H)]);
    const marks = investigationMarks(s, [
      { name: 'open-one', state: open },
      { name: 'other', state: elsewhere },
    ]);
    assert.deepEqual(marks, [
      { metric: 'orders', start: T0 + 20 * H, name: 'open-one', title: 'inv aaaaaa', closed: false, verdict: 'real', participants: ['ana (lead)'] },
    ]);
    const week = weekOf(s, [{ name: 'open-one', state: open }], Date.UTC(2026, 10, 27));
    assert.deepEqual([week.flagged, week.real], [1, 1]);
    assert.equal(weekOf(s, [{ name: 'open-one', state: open }], Date.UTC(2026, 11, 3)).flagged, 0, 'last week does not count');
  });

  it('"expected" marks: recorded in the investigation worked on, shown from every log, withdrawn by a later mark', async () => {
    const recorded: unknown[] = [];
    const at: { working?: string } = {};
    const state = log([
      { id: 'mmmmmm', clock: 1, type: 'contextMark', data: { key: 'k1', contextKind: 'event', title: 'Match', start: 0, expected: true } },
      { id: 'nnnnnn', clock: 2, type: 'contextMark', data: { key: 'k2', contextKind: 'event', title: 'Send', start: 0, expected: true } },
      { id: 'oooooo', clock: 3, type: 'contextMark', data: { key: 'k2', contextKind: 'event', title: 'Send', start: 0, expected: false } },
    ]);
    const marks = new LoggedContextMarks({
      known: () => [{ name: 'inv', state }],
      workingOn: () => at.working,
      record: async (_f, name, m) => void recorded.push({ name, ...m }),
    });
    assert.deepEqual(marks.expectedKeys('f'), ['k1']);
    await marks.mark('f', deploy, true);
    assert.deepEqual(recorded, [], 'no investigation worked on: the session keeps it');
    assert.deepEqual([...marks.expectedKeys('f')].sort(), [contextKey(deploy), 'k1']);
    at.working = 'inv';
    await marks.mark('f', deploy, false);
    assert.deepEqual(recorded, [
      { name: 'inv', key: contextKey(deploy), contextKind: 'deploy', title: 'Deploy ios-v7.4.0', start: deploy.start, expected: false },
    ]);
  });
});
