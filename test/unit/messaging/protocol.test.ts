import assert from 'node:assert/strict';
import { oneHourSnapshot } from './snapshotFixture';
import fc from 'fast-check';
import {
  parseFromWebview,
  parseToWebview,
  migrateUiState,
  ownEntry,
  ProtocolError,
  LIMITS,
  snapshotProblem,
  UI_STATE_FOLDER_MAX,
} from '../../../src/messaging/protocol';
import { parseDiagnosticFromWebview, parseDiagnosticToWebview } from '../../../src/messaging/diagnostics';

const snapshot = () => ({
  ...oneHourSnapshot(),
  incidents: [{ title: 'Gandhi Jayanti in IN: M, Thu 00:00–00:00, country=IN', anomalies: [0] }],
  context: [
    {
      kind: 'holiday',
      title: 'IN holiday: Gandhi Jayanti',
      detail: 'IN is expected at -35%',
      start: 0,
      end: 1,
      country: 'IN',
      name: 'Gandhi Jayanti',
      holidayType: 'public',
    },
  ],
  anomalies: [
    {
      metric: 'm',
      label: 'M',
      start: 0,
      end: 1,
      direction: 'down',
      severity: 2,
      vsForecastPct: -20,
      where: [{ dims: { country: 'IN' }, relativeChange: -0.4, share: 0.8 }],
      explanations: [
        {
          kind: 'holiday',
          title: 'x',
          confidence: 0.8,
          evidence: [{ text: 'e', values: { actual: 1, expected: 2 } }],
          slice: { country: 'IN' },
          inBaseline: false,
          cause: { kind: 'holiday', country: 'IN', name: 'Gandhi Jayanti', start: 0 },
        },
      ],
    },
  ],
});

/** One item of each kind, and an explanation pointing at each, with every optional field. */
const FULL_CONTEXT = [
  {
    kind: 'holiday',
    title: 'US-CA holiday: César Chávez Day',
    detail: 'd',
    start: 0,
    end: 86_400_000,
    country: 'US',
    state: 'CA',
    name: 'César Chávez Day',
    localName: 'Día de César Chávez',
    holidayType: 'optional',
  },
  {
    kind: 'event',
    title: 'Cup final',
    detail: 'd',
    start: 0,
    end: 7_200_000,
    name: 'Cup final',
    eventKind: 'sports',
    countries: ['BR', 'AR'],
    expectedImpact: -0.2,
    source: { file: '.calibrate/events.yaml', line: 4 },
  },
  { kind: 'deploy', title: 'Deploy v1.2', detail: 'd', start: 5, end: 5, ref: 'v1.2', deployKind: 'tag', message: 'Release 1.2' },
  { kind: 'dst', title: 'Clocks back 1 h', detail: 'd', start: 9, end: 9, zones: ['America/New_York', 'America/Toronto'], shiftHours: -1 },
];
const FULL_CAUSES = [
  { kind: 'holiday', country: 'US', state: 'CA', name: 'César Chávez Day', start: 0 },
  { kind: 'event', name: 'Cup final', start: 0, source: { file: '.calibrate/events.yaml', line: 4 } },
  { kind: 'deploy', ref: 'v1.2', deployKind: 'merge' },
  { kind: 'dst', zones: ['Europe/Paris'] },
];

describe('webview protocol', () => {
  it('accepts well-formed messages in both directions', () => {
    assert.equal(parseFromWebview({ channel: 'report', id: 1, body: { type: 'ready', protocol: 1 } }).body.type, 'ready');
    assert.equal(
      parseDiagnosticFromWebview({
        channel: 'diagnostics',
        id: 2,
        body: {
          type: 'rendered',
          snapshotId: 3,
          analysis: 'done',
          metric: 'm',
          hourColumns: 24,
          chartPoints: 9,
          table: [{ metric: 'm', values: [1, null] }],
          contextKinds: ['holiday'],
          warnings: ['w'],
          anomalies: [{ metric: 'm', topKind: 'deploy', where: 'platform=ios', narrowed: false }],
        },
      }).body.type,
      'rendered',
    );
    assert.equal(parseToWebview({ channel: 'report', id: 1, inReplyTo: 1, body: { type: 'snapshot', snapshot: snapshot() } }).inReplyTo, 1);
    assert.equal(
      parseToWebview({ channel: 'report', id: 2, body: { type: 'loadError', problem: { message: 'x', file: 'a', line: 2 } } }).body.type,
      'loadError',
    );
  });

  it('rejects unknown types, missing envelopes and malformed payloads', () => {
    assert.throws(() => parseFromWebview({ channel: 'report', body: { type: 'ready', protocol: 1 } }), ProtocolError);
    assert.throws(() => parseFromWebview({ channel: 'report', id: 1, body: { type: 'runShell', cmd: 'rm -rf /' } }), /unknown message type "runShell"/);
    assert.throws(
      () =>
        parseDiagnosticFromWebview({
          channel: 'diagnostics',
          id: 1,
          body: {
            type: 'rendered',
            snapshotId: 1,
            analysis: 'pending',
            metric: 'm',
            hourColumns: 24,
            chartPoints: 1,
            table: [{ metric: 'm', values: ['1'] }],
            contextKinds: [],
            anomalies: [],
          },
        }),
      /rendered is malformed/,
    );
    assert.throws(() => parseFromWebview({ channel: 'report', id: 1, body: { type: 'openFile', file: 42 } }), /openFile needs a file/);
  });

  it('refuses from the webview any field the message does not have, and test instrumentation on the report channel', () => {
    assert.throws(() => parseFromWebview({ channel: 'report', id: 1, body: { type: 'refresh', force: true } }), /refresh carries nothing/);
    assert.throws(
      () => parseFromWebview({ channel: 'report', id: 1, body: { type: 'openFile', file: 'a', line: 1, column: 2, select: true } }),
      /nothing else/,
    );
    assert.throws(() => parseFromWebview({ channel: 'report', id: 1, extra: 1, body: { type: 'refresh' } }), /not a report envelope/);
    assert.throws(() => parseFromWebview({ channel: 'report', id: 1, request: true, inReplyTo: 1, body: { type: 'refresh' } }), /both a request and a reply/);
    assert.throws(() => parseFromWebview({ channel: 'report', id: 1, body: { type: 'problemShown', message: 'x' } }), /unknown message type "problemShown"/);
    assert.throws(() => parseFromWebview({ channel: 'diagnostics', id: 1, body: { type: 'refresh' } }), /not a report envelope/);
    assert.throws(
      () => parseDiagnosticFromWebview({ channel: 'diagnostics', id: 1, body: { type: 'shown', snapshotId: 1, analysis: 'done', html: '<b>' } }),
      /shown needs/,
    );
    assert.equal(
      parseDiagnosticFromWebview({ channel: 'diagnostics', id: 1, inReplyTo: 4, body: { type: 'shown', snapshotId: null, analysis: null } }).inReplyTo,
      4,
    );
    assert.equal(parseDiagnosticToWebview({ channel: 'diagnostics', id: 1, request: true, body: { type: 'describe' } }).body.type, 'describe');
    assert.equal(parseToWebview({ channel: 'report', id: 3, inReplyTo: 2, body: { type: 'error', message: 'no' } }).body.type, 'error');
    assert.throws(() => parseToWebview({ channel: 'report', id: 3, inReplyTo: 2, body: { type: 'ok', also: 1 } }), /ok carries nothing/);
  });

  it('asks for a slice chart strictly, and accepts its answer only with series aligned to its axis', () => {
    const ask = (body: unknown) => parseFromWebview({ channel: 'report', id: 1, request: true, body });
    assert.equal(ask({ type: 'sliceChart', metric: 'm', dims: { platform: 'ios' } }).body.type, 'sliceChart');
    assert.throws(() => ask({ type: 'sliceChart', metric: 'm', dims: {} }), /sliceChart needs/);
    assert.throws(() => ask({ type: 'sliceChart', metric: 'm', dims: { platform: 3 } }), /sliceChart needs/);
    assert.throws(() => ask({ type: 'sliceChart', metric: 'm', dims: { platform: 'ios' }, file: '/etc/passwd' }), /sliceChart needs/);
    const chart = { x: [0, 1], thisWeek: [1, null], lastWeek: [2, 3] };
    const answer = (b: unknown) => parseToWebview({ channel: 'report', id: 2, inReplyTo: 1, body: b });
    assert.equal(answer({ type: 'sliceChart', metric: 'm', dims: { platform: 'ios' }, chart, forecastProblem: 'too short' }).body.type, 'sliceChart');
    assert.throws(
      () => answer({ type: 'sliceChart', metric: 'm', dims: { platform: 'ios' }, chart: { ...chart, lastWeek: [2] } }),
      /chart series are malformed/,
    );
  });

  it('asks to start, open and pin investigations strictly: a name, never a path; a pin names its target and nothing else', () => {
    const ask = (body: unknown) => parseFromWebview({ channel: 'report', id: 1, request: true, body });
    assert.equal(ask({ type: 'startInvestigation', metric: 'm', start: 0 }).body.type, 'startInvestigation');
    assert.throws(() => ask({ type: 'startInvestigation', metric: 'm', start: 0, end: 1 }), /startInvestigation needs/);
    assert.throws(() => ask({ type: 'startInvestigation', metric: 'm', start: '0' }), /startInvestigation needs/);
    assert.throws(() => ask({ type: 'startInvestigation', start: 0 }), /startInvestigation needs/);
    assert.equal(ask({ type: 'openInvestigation', name: '2026-11-03-ios-drop' }).body.type, 'openInvestigation');
    for (const name of ['../x', 'a/b', 'a\\b', '', 'x'.repeat(LIMITS.label + 1), 'ios drop', 42])
      assert.throws(() => ask({ type: 'openInvestigation', name }), /openInvestigation needs/, String(name));
    assert.throws(() => ask({ type: 'openInvestigation', name: 'x', file: '/etc/passwd' }), /openInvestigation needs/);

    const pin = (target: unknown, extra: object = {}) => ask({ type: 'pinEvidence', target, ...extra });
    for (const target of [
      { kind: 'chart', metric: 'm', dims: {}, start: 0, end: 3_600_000 },
      { kind: 'chart', metric: 'm', dims: { platform: 'ios' }, start: 5, end: 5 },
      { kind: 'heatmap', metric: 'm', start: 0 },
      { kind: 'explanation', metric: 'm', start: 0, index: 0 },
      { kind: 'context', key: 'deploy:tag:v1.2' },
    ])
      assert.equal(pin(target).body.type, 'pinEvidence', JSON.stringify(target));
    assert.throws(() => pin({ kind: 'context', key: 'k' }, { values: [1, 2] }), /pinEvidence needs a target, and nothing else/);
    assert.throws(() => pin(undefined), /pinEvidence needs a target/);
    assert.throws(() => pin([{ kind: 'context', key: 'k' }]), /pinEvidence needs a target/);
    const refused: [unknown, RegExp][] = [
      [{ kind: 'chart', metric: 'm', dims: {}, start: 10, end: 9 }, /a chart pin needs/],
      [{ kind: 'chart', metric: 'm', dims: { platform: 3 }, start: 0, end: 1 }, /a chart pin needs/],
      [{ kind: 'chart', metric: 'm', start: 0, end: 1 }, /a chart pin needs/],
      [{ kind: 'chart', metric: 'm', dims: {}, start: 0, end: 1, values: [1] }, /a chart pin needs/], // the host freezes the values, never the webview
      [{ kind: 'heatmap', metric: 'm', start: 0, index: 1 }, /a heat-map pin needs/],
      [{ kind: 'heatmap', metric: 'm' }, /a heat-map pin needs/],
      [{ kind: 'explanation', metric: 'm', start: 0, index: -1 }, /an explanation pin needs/],
      [{ kind: 'explanation', metric: 'm', start: 0, index: 1.5 }, /an explanation pin needs/],
      [{ kind: 'explanation', metric: 'm', start: 0 }, /an explanation pin needs/],
      [{ kind: 'context', key: '' }, /a context pin needs/],
      [{ kind: 'context', key: 'k'.repeat(LIMITS.key + 1) }, /a context pin needs/],
      [{ kind: 'context', key: 'k', title: 'Deploy' }, /a context pin needs/],
      [{ kind: 'file', path: '../x' }, /a pin is a chart, a heatmap, an explanation or a context item/],
    ];
    for (const [target, why] of refused) assert.throws(() => pin(target), why, JSON.stringify(target));
  });

  it("checks a snapshot's investigation marks and weekly counter, both optional", () => {
    const mark = { metric: 'm', start: 0, name: '2026-11-03-ios-drop', title: 'iOS drop', closed: false, verdict: 'real', participants: ['ana (lead)'] };
    const weekly = { flagged: 3, real: 1, expected: 0, dataProblem: 0, falseAlarm: 1, missed: 2, unlabelled: 1 };
    assert.equal(snapshotProblem(snapshot()), undefined);
    assert.equal(snapshotProblem({ ...snapshot(), investigations: [mark, { ...mark, closed: true, verdict: undefined }], weekly }), undefined);
    assert.equal(snapshotProblem({ ...snapshot(), investigations: [] }), undefined);
    const badMarks: unknown[] = [
      {},
      [{ ...mark, verdict: 'maybe' }],
      [{ ...mark, closed: 'no' }],
      [{ ...mark, name: undefined }],
      [{ ...mark, start: '0' }],
      [{ ...mark, participants: 'ana' }],
      [{ ...mark, participants: [1] }],
      [{ ...mark, participants: Array.from({ length: 11 }, (_, i) => `p${i}`) }],
      [{ ...mark, title: 'T'.repeat(LIMITS.title + 1) }],
      [null],
    ];
    for (const investigations of badMarks)
      assert.equal(snapshotProblem({ ...snapshot(), investigations }), 'snapshot investigations are malformed', JSON.stringify(investigations));
    for (const w of [{ ...weekly, missed: undefined }, { ...weekly, real: 1.5 }, { ...weekly, flagged: '3' }, [], 3])
      assert.equal(snapshotProblem({ ...snapshot(), weekly: w }), 'snapshot weekly counter is malformed', JSON.stringify(w));
  });

  it('rejects snapshots whose rows do not match the hours, or carry non-finite numbers', () => {
    const s = snapshot();
    s.rows[0].cells.push({ value: 1, lastWeek: 1, deltaPct: 0, status: 'green' });
    assert.throws(() => parseToWebview({ channel: 'report', id: 1, body: { type: 'snapshot', snapshot: s } }), /rows are malformed/);
    const t = snapshot();
    (t.rows[0].cells[0] as { value: number }).value = NaN;
    assert.throws(() => parseToWebview({ channel: 'report', id: 1, body: { type: 'snapshot', snapshot: t } }), /rows are malformed/);
    const u = snapshot();
    u.charts.m.lastWeek = [];
    assert.throws(() => parseToWebview({ channel: 'report', id: 1, body: { type: 'snapshot', snapshot: u } }), /chart series are malformed/);
    const w = snapshot();
    (w.anomalies[0] as { direction: string }).direction = 'sideways';
    assert.throws(() => parseToWebview({ channel: 'report', id: 1, body: { type: 'snapshot', snapshot: w } }), /anomalies are malformed/);
    const v = snapshot();
    (v.rows[0].cells[0] as { status: string }).status = '<img onerror=alert(1)>';
    assert.throws(() => parseToWebview({ channel: 'report', id: 1, body: { type: 'snapshot', snapshot: v } }), /rows are malformed/);
  });

  it('enforces the shared LIMITS exactly at their edges', () => {
    const at = (f: (s: ReturnType<typeof snapshot>, n: number) => void, limit: number) => {
      const ok = snapshot();
      f(ok, limit);
      const over = snapshot();
      f(over, limit + 1);
      return [snapshotProblem(ok), snapshotProblem(over)];
    };
    assert.deepEqual(
      at((s, n) => {
        s.rows[0].label = 'x'.repeat(n);
      }, LIMITS.label),
      [undefined, 'snapshot rows are malformed'],
    );
    assert.deepEqual(
      at((s, n) => {
        s.title = 'x'.repeat(n);
      }, LIMITS.title),
      [undefined, 'snapshot header is malformed'],
    );
    assert.deepEqual(
      at((s, n) => {
        s.context[0].title = 'x'.repeat(n);
      }, LIMITS.title),
      [undefined, 'snapshot context is malformed'],
    );
    assert.deepEqual(
      at((s, n) => {
        s.context[0].detail = 'x'.repeat(n);
      }, LIMITS.detail),
      [undefined, 'snapshot context is malformed'],
    );
    assert.deepEqual(
      at((s, n) => {
        s.anomalies[0].where[0].dims.country = 'x'.repeat(n);
      }, LIMITS.label),
      [undefined, 'snapshot anomalies are malformed'],
    );
    assert.deepEqual(
      at((s, n) => {
        (s.warnings as string[]) = Array.from({ length: n }, () => 'w');
      }, LIMITS.warnings),
      [undefined, 'snapshot warnings are malformed'],
    );
    assert.deepEqual(
      at((s, n) => {
        (s.warnings as string[]) = ['x'.repeat(n)];
      }, LIMITS.message),
      [undefined, 'snapshot warnings are malformed'],
    );
  });

  it("carries context items' and explanations' structured fields through the JSON trip unchanged", () => {
    const s = snapshot();
    const explanations = FULL_CAUSES.map((cause, i) => ({
      kind: cause.kind,
      title: `t${i}`,
      confidence: 0.2,
      slice: i ? { platform: 'ios' } : {},
      inBaseline: i === 1,
      evidence: [{ text: 'a', values: { actual: 3, label: 'ios', rel: -0.25 } }, { text: 'b' }],
      cause,
    }));
    const full = {
      ...s,
      context: FULL_CONTEXT,
      anomalies: [
        {
          ...s.anomalies[0],
          explanations: [...explanations, { kind: 'late_data', title: 'Latest hour', confidence: 0.1, evidence: [], slice: {}, inBaseline: false }],
        },
      ],
    };
    const wire = JSON.parse(JSON.stringify({ channel: 'report', id: 1, body: { type: 'snapshot', snapshot: full } }));
    const body = parseToWebview(wire).body;
    assert.equal(body.type, 'snapshot');
    assert.deepEqual(body.type === 'snapshot' && body.snapshot.context, FULL_CONTEXT);
    assert.deepEqual(body.type === 'snapshot' && body.snapshot.anomalies[0].explanations.map(x => x.cause), [...FULL_CAUSES, undefined]);
    assert.deepEqual(body.type === 'snapshot' && body.snapshot.anomalies[0].explanations[0].evidence[0].values, { actual: 3, label: 'ios', rel: -0.25 });
  });

  it('rejects malformed structured fields: missing, of the wrong type, non-finite or past their LIMITS', () => {
    const base = () => ({ ...snapshot(), context: structuredClone(FULL_CONTEXT) as Record<string, unknown>[] });
    const ctx = (i: number, patch: Record<string, unknown>) => {
      const s = base();
      Object.assign(s.context[i], patch);
      return snapshotProblem(s);
    };
    assert.equal(snapshotProblem(base()), undefined);
    for (const [i, patch] of [
      [0, { country: undefined }],
      [0, { holidayType: 'fun' }],
      [0, { localName: 7 }],
      [0, { state: 'x'.repeat(LIMITS.label + 1) }],
      [1, { source: '.calibrate/events.yaml:4' }],
      [1, { source: { file: 'a', line: -1 } }],
      [1, { source: { file: 'a', line: 1.5 } }],
      [1, { source: { file: 'a'.repeat(LIMITS.path + 1), line: 1 } }],
      [1, { countries: 'BR' }],
      [1, { countries: Array(LIMITS.countries + 1).fill('BR') }],
      [1, { eventKind: 'toString' }],
      [1, { expectedImpact: NaN }],
      [1, { name: undefined }],
      [2, { ref: undefined }],
      [2, { ref: 'r'.repeat(LIMITS.ref + 1) }],
      [2, { deployKind: 'squash' }],
      [2, { message: 'm'.repeat(LIMITS.detail + 1) }],
      [3, { zones: 'UTC' }],
      [3, { zones: Array(LIMITS.zones + 1).fill('UTC') }],
      [3, { zones: ['x'.repeat(LIMITS.timezone + 1)] }],
      [3, { shiftHours: Infinity }],
      [3, { kind: 'eclipse' }],
    ] as const)
      assert.equal(ctx(i, patch), 'snapshot context is malformed', `context[${i}] ${JSON.stringify(patch).slice(0, 80)}`);
    // At the edge, accepted.
    assert.equal(ctx(1, { countries: Array(LIMITS.countries).fill('BR') }), undefined);
    assert.equal(ctx(2, { ref: 'r'.repeat(LIMITS.ref) }), undefined);

    const expl = (patch: Record<string, unknown>) => {
      const s = snapshot();
      Object.assign(s.anomalies[0].explanations[0], patch);
      return snapshotProblem(s);
    };
    const values = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`v${i}`, i]));
    for (const patch of [
      { evidence: ['e'] },
      { evidence: [{ values: {} }] },
      { evidence: [{ text: 'e', values: { x: NaN } }] },
      { evidence: [{ text: 'e', values: { x: null } }] },
      { evidence: [{ text: 'e', values: { x: [1] } }] },
      { evidence: [{ text: 'e', values: values(LIMITS.values + 1) }] },
      { slice: undefined },
      { slice: { country: 3 } },
      { slice: values(LIMITS.dims + 1) },
      { inBaseline: undefined },
      { inBaseline: 'no' },
      { cause: { kind: 'holiday', country: 'IN', name: 'x' } },
      { cause: { kind: 'deploy', ref: 'v1' } },
      { cause: { kind: 'event', name: 'e', start: 0, source: 'a:1' } },
      { cause: { kind: 'dst', zones: [1] } },
      { cause: { kind: 'moon' } },
      { cause: 'Deploy v1' },
      { cause: null },
    ])
      assert.equal(expl(patch), 'snapshot anomalies are malformed', JSON.stringify(patch).slice(0, 80));
    assert.equal(
      expl({
        evidence: [{ text: 'e', values: values(LIMITS.values) }],
        slice: Object.fromEntries(Array.from({ length: LIMITS.dims }, (_, i) => [`d${i}`, 'v'])),
      }),
      undefined,
    );
    assert.equal(expl({ cause: undefined }), undefined, 'a cause is optional');
  });

  it('checks the freshness, the partial column (one cell per row) and the incidents (each anomaly at most once)', () => {
    const s = snapshot();
    assert.equal(snapshotProblem(s), undefined);
    assert.equal(snapshotProblem({ ...s, freshness: undefined }), 'snapshot freshness is malformed');
    assert.equal(snapshotProblem({ ...s, freshness: { ageHours: 1.5, stale: true } }), 'snapshot freshness is malformed');
    assert.equal(snapshotProblem({ ...s, freshness: { ageHours: 3, stale: 'yes' } }), 'snapshot freshness is malformed');
    const pending = {
      at: 0,
      label: '01:00',
      date: '1970-01-01',
      cells: [{ value: 5, lastWeek: 10, arrivedShare: 0.5 }],
      arrivedShare: { m: 0.5 },
      arrived: 0.5,
    };
    assert.equal(snapshotProblem({ ...s, pending }), undefined);
    assert.equal(snapshotProblem({ ...s, pending: { ...pending, cells: [] } }), 'snapshot pending hour is malformed', 'a cell per row');
    assert.equal(snapshotProblem({ ...s, pending: { ...pending, arrived: '50%' } }), 'snapshot pending hour is malformed');
    for (const anomalies of [[1], [-1], [0.5], [0, 0], []])
      assert.equal(snapshotProblem({ ...s, incidents: [{ title: 't', anomalies }] }), 'snapshot incidents are malformed', JSON.stringify(anomalies));
    assert.equal(
      snapshotProblem({
        ...s,
        incidents: [
          { title: 't', anomalies: [0] },
          { title: 'u', anomalies: [0] },
        ],
      }),
      'snapshot incidents are malformed',
    );
    assert.equal(snapshotProblem({ ...s, incidents: [] }), undefined, 'an anomaly in no incident is drawn on its own');
    const where = { dims: { country: 'IN' }, relativeChange: -0.4, share: 0.8 };
    assert.equal(snapshotProblem({ ...s, anomalies: [{ ...s.anomalies[0], where: [{ ...where, of: 'page_views' }] }] }), undefined);
    assert.equal(snapshotProblem({ ...s, anomalies: [{ ...s.anomalies[0], where: [{ ...where, of: 3 }] }] }), 'snapshot anomalies are malformed');
  });

  it("checks an anomaly's heat-map: its rows' figures finite or null, its counts whole, its lists within LIMITS", () => {
    const s = snapshot();
    const value = { value: 'ios', expected: 90, actual: 45, relativeChange: -0.5, shareBefore: 0.45, contribution: 1 };
    const heat = (over: Record<string, unknown> = {}, row: Record<string, unknown> = {}) => ({
      kind: 'additive',
      expected: 200,
      actual: 155,
      gaps: 0,
      dimensions: [
        {
          dimension: 'platform',
          values: [
            { ...value, ...row },
            { ...value, value: '', others: 2, gaps: 1, expected: null },
          ],
        },
      ],
      ...over,
    });
    const problem = (c: unknown) => snapshotProblem({ ...s, anomalies: [{ ...s.anomalies[0], contributions: c }] });
    assert.equal(problem(heat()), undefined);
    assert.equal(problem(undefined), undefined, 'optional');
    assert.equal(problem(heat({ kind: 'ratio', expected: null, actual: null, gaps: 3 })), undefined);
    // The JSON trip keeps it as it is.
    const body = parseToWebview(
      JSON.parse(
        JSON.stringify({ channel: 'report', id: 1, body: { type: 'snapshot', snapshot: { ...s, anomalies: [{ ...s.anomalies[0], contributions: heat() }] } } }),
      ),
    ).body;
    assert.deepEqual(body.type === 'snapshot' && body.snapshot.anomalies[0].contributions, heat());
    for (const [over, row] of [
      [{ kind: 'mix' }, {}],
      [{ gaps: -1 }, {}],
      [{ gaps: 1.5 }, {}],
      [{ expected: NaN }, {}],
      [{ dimensions: {} }, {}],
      [{ dimensions: [{ dimension: 3, values: [] }] }, {}],
      [{}, { contribution: Infinity }],
      [{}, { shareBefore: '45%' }],
      [{}, { relativeChange: undefined }],
      [{}, { value: 7 }],
      [{}, { others: 1 }],
      [{}, { gaps: 0 }],
    ] as const)
      assert.equal(problem(heat(over, row)), 'snapshot anomalies are malformed', JSON.stringify([over, row]));
    const rows = (n: number) => heat({ dimensions: [{ dimension: 'city', values: Array.from({ length: n }, () => value) }] });
    const dims = (n: number) => heat({ dimensions: Array.from({ length: n }, (_, i) => ({ dimension: `d${i}`, values: [value] })) });
    assert.deepEqual([problem(rows(LIMITS.heatmapValues)), problem(rows(LIMITS.heatmapValues + 1))], [undefined, 'snapshot anomalies are malformed']);
    assert.deepEqual([problem(dims(LIMITS.heatmapDimensions)), problem(dims(LIMITS.heatmapDimensions + 1))], [undefined, 'snapshot anomalies are malformed']);
    assert.equal(problem(heat({}, { value: 'x'.repeat(LIMITS.label + 1) })), 'snapshot anomalies are malformed');
  });

  it("checks arrived shares are numbers, and a load problem's file and line as openFile would", () => {
    const s = {
      ...snapshot(),
      pending: {
        at: 0,
        label: '01:00',
        date: '1970-01-01',
        cells: [{ value: 5, lastWeek: 10, arrivedShare: 0.5 }],
        arrivedShare: { m: 0.5, n: null },
        arrived: 0.5,
      },
    };
    assert.equal(snapshotProblem(s), undefined);
    assert.equal(snapshotProblem({ ...s, pending: { ...s.pending, arrivedShare: { m: '50%' } } }), 'snapshot pending hour is malformed');
    assert.throws(
      () => parseToWebview({ channel: 'report', id: 1, body: { type: 'loadError', problem: { message: 'x', file: 'a'.repeat(LIMITS.path + 1) } } }),
      /loadError needs a problem message/,
    );
    assert.throws(
      () => parseToWebview({ channel: 'report', id: 1, body: { type: 'loadError', problem: { message: 'x', file: 'a', line: 1.5 } } }),
      /loadError needs a problem message/,
    );
  });

  it('looks up keyed snapshot data by own entries only', () => {
    const charts = JSON.parse('{"__proto__": {"x": [1]}, "m": {"x": [2]}}') as Record<string, { x: number[] }>;
    assert.deepEqual(ownEntry(charts, '__proto__'), { x: [1] });
    assert.deepEqual(ownEntry(charts, 'm'), { x: [2] });
    assert.equal(ownEntry(charts, 'constructor'), undefined);
    assert.equal(ownEntry(charts, 'toString'), undefined);
  });

  it('never throws anything but ProtocolError, whatever arrives', () => {
    fc.assert(
      fc.property(fc.anything(), v => {
        for (const parse of [parseFromWebview, parseToWebview]) {
          try {
            parse(v);
          } catch (e) {
            if (!(e instanceof ProtocolError)) return false;
          }
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it('migrates persisted UI state and drops anything unexpected', () => {
    assert.deepEqual(migrateUiState({ v: 1, metric: 'signups' }), { v: 1, metric: 'signups' });
    assert.deepEqual(migrateUiState({ v: 0, data: [1, 2, 3] }), { v: 1 });
    assert.deepEqual(migrateUiState(undefined), { v: 1 });
  });

  it("keeps the panel's folder in the UI state (the serializer restores that folder's report), and only a bounded string", () => {
    const folder = 'file:///work/demo/.calibrate/drills/d-1';
    assert.deepEqual(migrateUiState({ v: 1, metric: 'signups', folder }), { v: 1, metric: 'signups', folder });
    assert.deepEqual(migrateUiState({ v: 1, folder: 7 }), { v: 1, metric: undefined });
    assert.deepEqual(migrateUiState({ v: 1, folder: '' }), { v: 1, metric: undefined });
    assert.deepEqual(migrateUiState({ v: 1, folder: 'x'.repeat(UI_STATE_FOLDER_MAX + 1) }), { v: 1, metric: undefined });
  });
});
