import assert from 'node:assert/strict';
import { anomalyKey, causeLinks, groupIncidents, incidentTitle, severityText, windowText } from '../../../src/core/report/incidents';
import type { TriagedAnomaly } from '../../../src/core/report/triage';

const ZONE = 'America/Los_Angeles';
const at = (iso: string) => Date.parse(iso);
const x = (kind: string, title: string, confidence: number) => ({ kind, title, confidence, evidence: [] });
const DEPLOY = 'Deploy ios-v7.4.0';
const DST = 'DST shift: AU, BR, DE, FR, GB, IN, JP, MX an hour off against last week';
const UNEXPLAINED = 'Unexplained: no context item fits the data';
const ios = [{ dims: { platform: 'ios' }, relativeChange: -0.62, share: 0.89 }];

function anomaly(metric: string, label: string, start: string, end: string, severity: number, pct: number, explanations: TriagedAnomaly['explanations'], where: TriagedAnomaly['where'] = []): TriagedAnomaly {
  return { metric, label, start: at(start), end: at(end), direction: pct < 0 ? 'down' : 'up', severity, vsForecastPct: pct, where, explanations };
}

// The demo workspace's report window (seed 42, as the pipeline triages it): four metrics drop
// after the iOS release, plus a DST hour and holidays.
const DEMO: TriagedAnomaly[] = [
  anomaly('signups', 'Sign-ups', '2026-11-03T09:00:00Z', '2026-11-03T15:00:00Z', 1.72, -12.4, [x('deploy', DEPLOY, 0.61), x('dst', DST, 0.36)]),
  anomaly('job_applies', 'Job applications', '2026-11-03T10:00:00Z', '2026-11-03T13:00:00Z', 1.71, -16.6, [x('deploy', DEPLOY, 0.96), x('dst', DST, 0.02)], ios),
  anomaly('messages_sent', 'Messages sent', '2026-11-03T10:00:00Z', '2026-11-03T12:00:00Z', 1.63, -18.8, [x('deploy', DEPLOY, 0.77), x('unexplained', UNEXPLAINED, 0.11)], ios),
  anomaly('page_views', 'Page views', '2026-11-03T10:00:00Z', '2026-11-03T13:00:00Z', 1.52, -15.8, [x('deploy', DEPLOY, 0.95), x('unexplained', UNEXPLAINED, 0.04)], ios),
  anomaly('page_views', 'Page views', '2026-11-03T06:00:00Z', '2026-11-03T07:00:00Z', 1.36, -17.5, [x('dst', DST, 0.95)]),
  anomaly('messages_sent', 'Messages sent', '2026-11-03T00:00:00Z', '2026-11-03T01:00:00Z', 1.26, -15.8, [x('holiday', "All Souls' Day / Dia de Finados in BR", 0.42)]),
];

describe('incidents: anomalies grouped by their likely cause', () => {
  it("groups the demo's four iOS anomalies into one deploy incident", () => {
    const incidents = groupIncidents(DEMO);
    assert.equal(incidents.length, 3);
    const deploy = incidents[0];
    assert.equal(deploy.cause?.title, DEPLOY);
    assert.deepEqual(deploy.anomalies.map(a => a.metric), ['signups', 'job_applies', 'messages_sent', 'page_views'], 'most severe first');
    assert.equal(deploy.start, at('2026-11-03T09:00:00Z'));
    assert.equal(deploy.end, at('2026-11-03T15:00:00Z'));
    assert.equal(deploy.where, 'platform=ios', 'the slice most of them point at');
    assert.equal(deploy.headline.metric, 'messages_sent', 'the largest change is the headline');
    assert.deepEqual(deploy.confidence, { min: 0.61, max: 0.96 });
    assert.equal(incidentTitle(deploy, ZONE), 'Deploy ios-v7.4.0: 4 metrics, Tue 01:00–07:00, platform=ios');
    assert.equal(severityText(deploy.headline), '▼ −19%');
  });

  it('ranks incidents by their most severe anomaly', () => {
    assert.deepEqual(groupIncidents(DEMO).map(i => i.cause?.kind), ['deploy', 'dst', 'holiday']);
    assert.deepEqual(groupIncidents([]), []);
  });

  it('never groups unexplained anomalies, even with each other', () => {
    const lone = [
      anomaly('a', 'A', '2026-11-03T01:00:00Z', '2026-11-03T02:00:00Z', 2, -20, [x('unexplained', UNEXPLAINED, 0.9), x('deploy', DEPLOY, 0.05)]),
      anomaly('b', 'B', '2026-11-03T01:00:00Z', '2026-11-03T02:00:00Z', 3, -30, [x('unexplained', UNEXPLAINED, 0.8)]),
      anomaly('c', 'C', '2026-11-03T01:00:00Z', '2026-11-03T02:00:00Z', 1, 10, []),
      ...DEMO.slice(0, 2),
    ];
    const incidents = groupIncidents(lone);
    assert.equal(incidents.length, 4);
    assert.deepEqual(incidents.map(i => i.anomalies.length), [1, 1, 2, 1]);
    assert.equal(incidents[0].cause, undefined);
    assert.equal(incidents[0].confidence, undefined);
    assert.equal(incidentTitle(incidents[0], 'UTC'), 'Unexplained: B, Tue 01:00–02:00');
    assert.equal(severityText(incidents[3].headline), '▲ +10%');
    assert.notEqual(incidents[0].key, incidents[1].key);
    assert.equal(incidents[2].cause?.title, DEPLOY, 'the deploy still groups the explained ones');
  });

  it('keeps causes with the same title but another kind apart, and counts metrics, not anomalies', () => {
    const two = [
      anomaly('a', 'A', '2026-11-03T01:00:00Z', '2026-11-03T02:00:00Z', 2, -20, [x('event', 'Launch', 0.5)]),
      anomaly('a', 'A', '2026-11-03T05:00:00Z', '2026-11-03T06:00:00Z', 1, -10, [x('event', 'Launch', 0.7)]),
      anomaly('b', 'B', '2026-11-03T05:00:00Z', '2026-11-03T06:00:00Z', 1, -10, [x('deploy', 'Launch', 0.7)]),
    ];
    const incidents = groupIncidents(two);
    assert.equal(incidents.length, 2);
    assert.equal(incidentTitle(incidents[0], 'UTC'), 'Launch: A (2 anomalies), Tue 01:00–06:00');
  });

  it('names the end day when the window crosses midnight in the report zone', () => {
    assert.equal(windowText(at('2026-11-03T06:00:00Z'), at('2026-11-03T09:00:00Z'), ZONE), 'Mon 22:00–Tue 01:00');
    assert.equal(anomalyKey(DEMO[0]), `signups\u0000${at('2026-11-03T09:00:00Z')}`);
  });
});

describe('incidents: where a cause leads', () => {
  const context = [
    { kind: 'deploy' as const, title: 'Deploy ios-v7.4.0', detail: 'tag: Release ios-app 7.4.0', start: 0, end: 0 },
    { kind: 'deploy' as const, title: 'Deploy 0123456789ab', detail: 'merge: Merge feature', start: 0, end: 0 },
    { kind: 'event' as const, title: 'Weekly newsletter', detail: 'email send · US · expected +25% · .calibrate/events.yaml:61', start: 0, end: 0 },
  ];

  it('finds the deploy\'s git ref and the event\'s declaration in the report\'s context', () => {
    assert.deepEqual(causeLinks(x('deploy', DEPLOY, 0.9), context), { deploy: { ref: 'ios-v7.4.0', kind: 'tag' } });
    assert.deepEqual(causeLinks(x('deploy', 'Deploy 0123456789ab', 0.9), context), { deploy: { ref: '0123456789ab', kind: 'merge' } });
    assert.deepEqual(causeLinks(x('event', 'Last week: Weekly newsletter', 0.4), context), { source: { file: '.calibrate/events.yaml', line: 61 } });
  });

  it('links nothing the report did not list, and nothing for other kinds', () => {
    assert.deepEqual(causeLinks(x('deploy', 'Deploy --output=/tmp/x', 0.9), context), {});
    assert.deepEqual(causeLinks(x('event', 'Unknown', 0.9), context), {});
    assert.deepEqual(causeLinks(x('holiday', 'Weekly newsletter', 0.9), context), {});
    assert.deepEqual(causeLinks(undefined, context), {});
  });
});
