// Cells and anomalies: the table marks exactly the listed anomalies' hours, a cell selects the
// anomaly that contains it, and a selection survives the redraws that still have it.
import assert from 'node:assert/strict';
import { anomalyAt, anomalyCells, keepSelection, selectionWindow, type Selection } from '../../../webview/selection';
import type { ReportSnapshot } from '../../../src/messaging/protocol';

const H = 3_600_000;
const T = Date.UTC(2026, 10, 3, 0);

function snap(anomalies: { metric: string; start: number; end: number }[], analysis: 'pending' | 'done' = 'done'): ReportSnapshot {
  const hours = Array.from({ length: 24 }, (_, i) => ({ at: T + i * H, local: '', label: `${i}:00`, date: '2026-11-03', offsetChanged: false }));
  const cells = hours.map(() => ({ value: 1, lastWeek: 1, deltaPct: 0, status: 'green' as const }));
  return {
    id: 1,
    analysis,
    title: 't',
    timezone: 'UTC',
    asOf: T + 24 * H,
    source: 's',
    thresholds: { amber: 5, red: 15 },
    warnings: [],
    dstDays: [],
    context: [],
    charts: {},
    hours,
    rows: ['views', 'signups'].map(metric => ({ metric, label: metric, derived: false, cells })),
    anomalies: anomalies.map(a => ({ ...a, label: a.metric, direction: 'down', severity: 2, vsForecastPct: -20, explanations: [], where: [] })),
  } as unknown as ReportSnapshot;
}

describe('webview: selection', () => {
  it('marks exactly the hours of each listed anomaly, and only inside the table window', () => {
    const s = snap([
      { metric: 'views', start: T + 2 * H, end: T + 5 * H },
      { metric: 'signups', start: T - 3 * H, end: T + H }, // began before the table's first hour
    ]);
    const cells = anomalyCells(s);
    assert.deepEqual([...cells.keys()].sort(), ['signups:0', 'views:2', 'views:3', 'views:4']);
    assert.equal(cells.get('views:4')?.start, T + 2 * H);
  });

  it('finds the anomaly a cell belongs to, or none for an ordinary hour', () => {
    const s = snap([{ metric: 'views', start: T + 2 * H, end: T + 5 * H }]);
    assert.equal(anomalyAt(s, 'views', T + 4 * H)?.start, T + 2 * H);
    assert.equal(anomalyAt(s, 'views', T + 5 * H), undefined, 'the end is exclusive');
    assert.equal(anomalyAt(s, 'signups', T + 3 * H), undefined, 'another metric');
  });

  it('keeps a selection while the snapshot has it, and waits for a pending analysis', () => {
    const sel: Selection = { kind: 'anomaly', metric: 'views', start: T + 2 * H, end: T + 5 * H };
    assert.deepEqual(keepSelection(sel, snap([{ metric: 'views', start: T + 2 * H, end: T + 5 * H }])), sel);
    assert.deepEqual(keepSelection(sel, snap([], 'pending')), sel, 'the analysis may bring it back');
    assert.equal(keepSelection(sel, snap([])), undefined, 'a finished analysis without it drops it');
    const hour: Selection = { kind: 'hour', metric: 'views', at: T + 3 * H };
    assert.deepEqual(keepSelection(hour, snap([])), hour);
    assert.equal(keepSelection({ ...hour, at: T - H }, snap([])), undefined, 'an hour no longer in the table');
    assert.equal(keepSelection({ ...hour, metric: 'gone' }, snap([])), undefined);
  });

  it('frames an anomaly or an hour with a margin', () => {
    assert.deepEqual(selectionWindow({ kind: 'anomaly', metric: 'v', start: 10 * H, end: 13 * H }, 6 * H), { min: 4 * H, max: 19 * H });
    assert.deepEqual(selectionWindow({ kind: 'hour', metric: 'v', at: 10 * H }, 6 * H), { min: 4 * H, max: 17 * H });
  });
});
