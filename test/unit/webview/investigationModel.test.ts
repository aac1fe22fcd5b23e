// The report's investigation marks (webview/investigationModel.ts): which investigations belong to an
// anomaly and to a table cell (an open one is opened, never a second started), what a mark and the
// weekly counter say, and that every pin target the report builds is one the host accepts.
import assert from 'node:assert/strict';
import {
  cellInvestigation,
  chartPinTarget,
  contextPinTarget,
  explanationPinTarget,
  heatmapPinTarget,
  markText,
  marksOf,
  openMarkOf,
  weeklyText,
} from '../../../webview/investigationModel';
import { parseFromWebview, type InvestigationMark, type PinTarget, type ReportSnapshot } from '../../../src/messaging/protocol';

const H = 3_600_000;
const T = Date.UTC(2026, 10, 3, 0);

const mark = (over: Partial<InvestigationMark> = {}): InvestigationMark => ({
  metric: 'views',
  start: T + 2 * H,
  name: '2026-11-03-ios-drop',
  title: 'iOS drop',
  closed: false,
  participants: ['ana (lead)', 'ben (learner)'],
  ...over,
});

function snap(investigations?: InvestigationMark[]): ReportSnapshot {
  const hours = Array.from({ length: 24 }, (_, i) => ({ at: T + i * H, local: '', label: `${i}:00`, date: '2026-11-03', offsetChanged: false }));
  const anomaly = (metric: string, start: number, end: number) => ({
    metric,
    label: metric,
    start,
    end,
    direction: 'down',
    severity: 2,
    vsForecastPct: -20,
    where: [],
    explanations: [
      { kind: 'deploy', title: 'Deploy ios-v7.4.0', confidence: 0.9, evidence: [], slice: {}, inBaseline: false },
      { kind: 'unexplained', title: 'Unexplained', confidence: 0.1, evidence: [], slice: {}, inBaseline: false },
    ],
  });
  return {
    hours,
    anomalies: [anomaly('views', T + 2 * H, T + 5 * H), anomaly('signups', T + 10 * H, T + 12 * H)],
    ...(investigations ? { investigations } : {}),
  } as unknown as ReportSnapshot;
}

/** What the host's validator says of a pin the report would send. */
const accepted = (target: PinTarget | undefined) => parseFromWebview({ channel: 'report', id: 1, request: true, body: { type: 'pinEvidence', target } }).body;

describe('webview: investigation marks', () => {
  it("finds an anomaly's investigations by metric and start (or a start inside its window), open ones first", () => {
    const s = snap();
    const views = s.anomalies[0];
    const closed = mark({ name: 'old', closed: true, verdict: 'falseAlarm' });
    const open = mark({ name: 'now', start: T + 3 * H }); // opened when the anomaly began an hour later
    const other = mark({ name: 'signups', metric: 'signups', start: T + 2 * H });
    const after = mark({ name: 'after', start: T + 5 * H }); // at the window's end: not this one
    assert.deepEqual(
      marksOf([closed, other, open, after], views).map(m => m.name),
      ['now', 'old'],
    );
    assert.equal(openMarkOf([closed, other, open], views)?.name, 'now');
    assert.equal(openMarkOf([closed], views), undefined, 'a closed investigation is no reason to open rather than start');
    assert.deepEqual(marksOf(undefined, views), []);
  });

  it('says who is on an open investigation and its verdict, and a closed one by its verdict', () => {
    assert.equal(markText(mark()), 'Under investigation: ana (lead), ben (learner)');
    assert.equal(markText(mark({ verdict: 'real' })), 'Under investigation: ana (lead), ben (learner) · Verdict: real');
    assert.equal(markText(mark({ participants: [], verdict: 'dataProblem' })), 'Under investigation · Verdict: data problem');
    assert.equal(markText(mark({ closed: true, verdict: 'falseAlarm' })), 'Investigated: false alarm');
    assert.equal(markText(mark({ closed: true, verdict: 'expected' })), 'Investigated: expected');
    assert.equal(markText(mark({ closed: true })), 'Investigated: no verdict');
  });

  it("says the week's counter in one line, and nothing without one", () => {
    assert.equal(
      weeklyText({ flagged: 5, real: 2, expected: 1, dataProblem: 0, falseAlarm: 1, missed: 3, unlabelled: 1 }),
      'This week: 5 flagged · real 2 · expected 1 · data problem 0 · false alarm 1 · missed 3 · unlabelled 1',
    );
    assert.equal(weeklyText(undefined), undefined);
  });

  it("gives a red cell its anomaly and that anomaly's open investigation; an ordinary cell none", () => {
    const s = snap([mark({ name: 'closed-one', closed: true }), mark()]);
    const red = cellInvestigation(s, 'views', 4);
    assert.equal(red?.anomaly.start, T + 2 * H);
    assert.equal(red?.open?.name, '2026-11-03-ios-drop');
    assert.equal(cellInvestigation(s, 'views', 5), undefined, 'the hour after the window');
    assert.equal(cellInvestigation(s, 'views', 99), undefined, 'no such hour');
    const fresh = cellInvestigation(s, 'signups', 10);
    assert.equal(fresh?.anomaly.metric, 'signups');
    assert.equal(fresh?.open, undefined, 'nothing open on it: start one');
    assert.equal(cellInvestigation(snap(), 'views', 2)?.open, undefined);
  });

  it('builds pins the host accepts: the chart window widened to whole ms, a slice or the total', () => {
    const total = chartPinTarget('views', undefined, { min: T + 0.4, max: T + 6 * H - 0.4 });
    assert.deepEqual(total, { kind: 'chart', metric: 'views', dims: {}, start: T, end: T + 6 * H });
    const dims = { platform: 'ios' };
    const slice = chartPinTarget('views', dims, { min: T, max: T + H });
    assert.deepEqual(slice, { kind: 'chart', metric: 'views', dims: { platform: 'ios' }, start: T, end: T + H });
    assert.notEqual((slice as { dims: object }).dims, dims, 'a copy: a later slice does not change a pin in flight');
    const s = snap();
    const a = s.anomalies[0];
    const heat = heatmapPinTarget(a);
    assert.deepEqual(heat, { kind: 'heatmap', metric: 'views', start: T + 2 * H });
    assert.deepEqual(explanationPinTarget(a, a.explanations[1]), { kind: 'explanation', metric: 'views', start: T + 2 * H, index: 1 });
    assert.equal(explanationPinTarget(a, s.anomalies[1].explanations[0]), undefined, "another anomaly's explanation");
    const ctx = contextPinTarget('deploy:tag:ios-v7.4.0');
    for (const t of [total, slice, heat, explanationPinTarget(a, a.explanations[0]), ctx]) assert.equal(accepted(t).type, 'pinEvidence');
  });
});
