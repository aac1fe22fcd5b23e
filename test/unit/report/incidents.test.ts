import assert from 'node:assert/strict';
import { anomalyKey, causeKey, causeLinks, groupIncidents, incidentTitle, severityText, windowText } from '../../../src/core/report/incidents';
import type { CauseRef, TriagedAnomaly, TriagedExplanation } from '../../../src/core/report/triage';

const ZONE = 'America/Los_Angeles';
const at = (iso: string) => Date.parse(iso);
/** An explanation; its cause (the structured reference) follows from the kind unless given. */
const x = (kind: string, title: string, confidence: number, over: Partial<TriagedExplanation> = {}): TriagedExplanation => ({
  kind,
  title,
  confidence,
  evidence: [],
  slice: {},
  inBaseline: false,
  ...(CAUSES[kind] ? { cause: CAUSES[kind] } : {}),
  ...over,
});
const T0 = Date.parse('2026-11-02T00:00:00Z');
const CAUSES: Record<string, CauseRef> = {
  deploy: { kind: 'deploy', ref: 'ios-v7.4.0', deployKind: 'tag' },
  holiday: { kind: 'holiday', country: 'BR', name: "All Souls' Day", start: T0 },
  event: { kind: 'event', name: 'Launch', start: T0, source: { file: '.calibrate/events.yaml', line: 12 } },
};
const DEPLOY = 'Deploy ios-v7.4.0';
const DST = 'DST shift: AU, BR, DE, FR, GB, IN, JP, MX an hour off against last week';
const UNEXPLAINED = 'Unexplained: no context item fits the data';
const ios = [{ dims: { platform: 'ios' }, relativeChange: -0.62, share: 0.89 }];

function anomaly(
  metric: string,
  label: string,
  start: string,
  end: string,
  severity: number,
  pct: number,
  explanations: TriagedAnomaly['explanations'],
  where: TriagedAnomaly['where'] = [],
): TriagedAnomaly {
  return { metric, label, start: at(start), end: at(end), direction: pct < 0 ? 'down' : 'up', severity, vsForecastPct: pct, where, explanations };
}

// The demo workspace's report window (seed 42, as the pipeline triages it): four metrics drop
// after the iOS release, plus a DST hour and holidays.
const DEMO: TriagedAnomaly[] = [
  anomaly('signups', 'Sign-ups', '2026-11-03T09:00:00Z', '2026-11-03T15:00:00Z', 1.72, -12.4, [x('deploy', DEPLOY, 0.61), x('dst', DST, 0.36)]),
  anomaly(
    'job_applies',
    'Job applications',
    '2026-11-03T10:00:00Z',
    '2026-11-03T13:00:00Z',
    1.71,
    -16.6,
    [x('deploy', DEPLOY, 0.96), x('dst', DST, 0.02)],
    ios,
  ),
  anomaly(
    'messages_sent',
    'Messages sent',
    '2026-11-03T10:00:00Z',
    '2026-11-03T12:00:00Z',
    1.63,
    -18.8,
    [x('deploy', DEPLOY, 0.77), x('unexplained', UNEXPLAINED, 0.11)],
    ios,
  ),
  anomaly(
    'page_views',
    'Page views',
    '2026-11-03T10:00:00Z',
    '2026-11-03T13:00:00Z',
    1.52,
    -15.8,
    [x('deploy', DEPLOY, 0.95), x('unexplained', UNEXPLAINED, 0.04)],
    ios,
  ),
  anomaly('page_views', 'Page views', '2026-11-03T06:00:00Z', '2026-11-03T07:00:00Z', 1.36, -17.5, [x('dst', DST, 0.95)]),
  anomaly('messages_sent', 'Messages sent', '2026-11-03T00:00:00Z', '2026-11-03T01:00:00Z', 1.26, -15.8, [
    x('holiday', "All Souls' Day / Dia de Finados in BR", 0.42),
  ]),
];

describe('incidents: anomalies grouped by their likely cause', () => {
  it("groups the demo's four iOS anomalies into one deploy incident", () => {
    const incidents = groupIncidents(DEMO);
    assert.equal(incidents.length, 3);
    const deploy = incidents[0];
    assert.equal(deploy.cause?.title, DEPLOY);
    assert.deepEqual(
      deploy.anomalies.map(a => a.metric),
      ['signups', 'job_applies', 'messages_sent', 'page_views'],
      'most severe first',
    );
    assert.equal(deploy.start, at('2026-11-03T09:00:00Z'));
    assert.equal(deploy.end, at('2026-11-03T15:00:00Z'));
    assert.equal(deploy.where, 'platform=ios', 'the slice most of them point at');
    assert.equal(deploy.headline.metric, 'messages_sent', 'the largest change is the headline');
    assert.deepEqual(deploy.confidence, { min: 0.61, max: 0.96 });
    assert.equal(incidentTitle(deploy, ZONE), 'Deploy ios-v7.4.0: 4 metrics, Tue 01:00–07:00, platform=ios');
    assert.equal(severityText(deploy.headline), '▼ −19%');
  });

  it('ranks incidents by their most severe anomaly', () => {
    assert.deepEqual(
      groupIncidents(DEMO).map(i => i.cause?.kind),
      ['deploy', 'dst', 'holiday'],
    );
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
    assert.deepEqual(
      incidents.map(i => i.anomalies.length),
      [1, 1, 2, 1],
    );
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

  it('groups by the structured cause, not by the title', () => {
    const ev = CAUSES.event as Extract<CauseRef, { kind: 'event' }>;
    const group = (...xs: TriagedExplanation[]) =>
      groupIncidents(xs.map((e, i) => anomaly(`m${i}`, `M${i}`, '2026-11-03T01:00:00Z', '2026-11-03T02:00:00Z', 2 - i / 10, -20, [e]))).map(
        i => i.anomalies.length,
      );
    // Titles differ (per-slice wording, "against … last week"), the deploy and the holiday are the same: one incident each.
    assert.deepEqual(group(x('deploy', 'Deploy ios-v7.4.0', 0.9), x('deploy', 'A release', 0.8, { slice: { platform: 'ios' } })), [2]);
    assert.deepEqual(group(x('holiday', "All Souls' Day in BR", 0.9), x('holiday', "All Souls' Day in BR, against Diwali last week", 0.6)), [2]);
    // The same title, other causes: apart.
    assert.deepEqual(group(x('deploy', DEPLOY, 0.9), x('deploy', DEPLOY, 0.9, { cause: { kind: 'deploy', ref: 'ios-v7.4.1', deployKind: 'tag' } })), [1, 1]);
    assert.deepEqual(group(x('event', 'Launch', 0.9), x('event', 'Launch', 0.9, { cause: { ...ev, source: { file: 'team.ics', line: 12 } } })), [1, 1]);
    assert.deepEqual(
      group(x('holiday', 'Holiday', 0.9), x('holiday', 'Holiday', 0.9, { cause: { kind: 'holiday', country: 'MX', name: "All Souls' Day", start: T0 } })),
      [1, 1],
    );
    // Last week's event is another story than this week's.
    assert.deepEqual(group(x('event', 'Launch', 0.9), x('event', 'Last week: Launch', 0.9, { inBaseline: true })), [1, 1]);
    // Without a context item (late data, a gap): by kind and slice, the slice's key order aside.
    assert.deepEqual(
      group(x('late_data', 'Latest hour still filling', 0.9, { slice: { a: '1', b: '2' } }), x('late_data', 'Other words', 0.8, { slice: { b: '2', a: '1' } })),
      [2],
    );
    assert.deepEqual(group(x('data_gap', 'Missing data', 0.9, { slice: { a: '1' } }), x('data_gap', 'Missing data', 0.8, { slice: { a: '2' } })), [1, 1]);
    // Clock changes by their zones, in any order.
    assert.equal(
      causeKey(x('dst', 'x', 1, { cause: { kind: 'dst', zones: ['Europe/Paris', 'America/Sao_Paulo'] } })),
      causeKey(x('dst', 'y', 1, { cause: { kind: 'dst', zones: ['America/Sao_Paulo', 'Europe/Paris'] } })),
    );
    // "Unexplained" never groups, even with the same slice.
    assert.deepEqual(group(x('unexplained', UNEXPLAINED, 0.9), x('unexplained', UNEXPLAINED, 0.9)), [1, 1]);
  });

  it('names the end day when the window crosses midnight in the report zone', () => {
    assert.equal(windowText(at('2026-11-03T06:00:00Z'), at('2026-11-03T09:00:00Z'), ZONE), 'Mon 22:00–Tue 01:00');
    assert.equal(anomalyKey(DEMO[0]), `signups\u0000${at('2026-11-03T09:00:00Z')}`);
  });
});

describe('incidents: where a cause leads', () => {
  it('links a deploy cause to its git ref and an event cause to its declaration, from the structured cause', () => {
    assert.deepEqual(causeLinks(x('deploy', DEPLOY, 0.9)), { deploy: { ref: 'ios-v7.4.0', kind: 'tag' } });
    assert.deepEqual(causeLinks(x('deploy', 'Deploy 0123456789ab', 0.9, { cause: { kind: 'deploy', ref: '0123456789ab', deployKind: 'merge' } })), {
      deploy: { ref: '0123456789ab', kind: 'merge' },
    });
    // Last week's event links to the same declaration; the title's wording does not matter.
    assert.deepEqual(
      causeLinks(
        x('event', 'Last week: Weekly newsletter', 0.4, {
          inBaseline: true,
          cause: { kind: 'event', name: 'Weekly newsletter', start: T0, source: { file: '.calibrate/events.yaml', line: 61 } },
        }),
      ),
      { source: { file: '.calibrate/events.yaml', line: 61 } },
    );
    // A file name with a colon and a " · " stays whole: nothing is parsed out of text.
    assert.deepEqual(causeLinks(x('event', 'E', 0.4, { cause: { kind: 'event', name: 'E', start: T0, source: { file: 'cal · a:b.ics', line: 3 } } })), {
      source: { file: 'cal · a:b.ics', line: 3 },
    });
  });

  it('links nothing without a structured cause, whatever the title says, and nothing for other kinds', () => {
    assert.deepEqual(causeLinks(x('deploy', 'Deploy ios-v7.4.0', 0.9, { cause: undefined })), {});
    assert.deepEqual(causeLinks(x('event', 'Weekly newsletter', 0.9, { cause: undefined })), {});
    assert.deepEqual(causeLinks(x('holiday', 'Weekly newsletter', 0.9)), {});
    assert.deepEqual(causeLinks(x('dst', 'Clocks back', 0.9, { cause: { kind: 'dst', zones: ['Europe/Paris'] } })), {});
    assert.deepEqual(
      causeLinks(x('event', 'E', 0.9, { cause: { kind: 'event', name: 'E', start: T0, source: { file: '', line: 0 } } })),
      {},
      'a declaration dropped as too long to open',
    );
    assert.deepEqual(causeLinks(undefined), {});
  });
});
