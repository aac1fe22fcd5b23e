// The host's fitting of snapshots to the protocol LIMITS: whatever the core produced, what the host
// posts passes the webview's validator after the JSON trip postMessage makes.
import assert from 'node:assert/strict';
import { oneHourSnapshot } from '../messaging/snapshotFixture';
import fc from 'fast-check';
import { fitForWebview, fitSnapshot } from '../../../src/messaging/fitSnapshot';
import { MAX_SCORE } from '../../../src/core/anomaly';
import { clipText, LIMITS, ownEntry, parseToWebview, type ReportSnapshot, type ToWebview } from '../../../src/messaging/protocol';
import type { TriagedExplanation } from '../../../src/core/report/triage';
import { overTheWire } from './fixtures';

// ---- adversarial parts --------------------------------------------------------------------------
/** Any UTF-16 code unit, lone surrogates included. */
const unit = fc.integer({ min: 0, max: 0xffff }).map(c => String.fromCharCode(c));
const pairs = fc.constantFrom('😀', 'e\u0301', '\ud83d', '\u202e', '<img src=x onerror=alert(1)>');
/** Short text, a reserved name, or text around `max` (built by repetition: cheap at 10,000). */
const text = (max: number) =>
  fc.oneof(
    fc.string({ unit: fc.oneof(unit, pairs), maxLength: 12 }),
    fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', ''),
    fc
      .tuple(fc.string({ unit: fc.oneof(unit, pairs), minLength: 1, maxLength: 3 }), fc.integer({ min: max - 2, max: max + 30 }))
      .map(([s, n]) => s.repeat(Math.ceil(n / s.length)).slice(0, n)),
  );
const num = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, -0, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53 + 1));
const numOrNull = fc.option(num, { nil: null });
/** Mostly a few items; sometimes just around the limit (a few generated items, repeated: cheap at 5,000). */
const list = <T>(item: fc.Arbitrary<T>, max: number) =>
  fc.oneof(
    { arbitrary: fc.array(item, { maxLength: 3 }), weight: 4 },
    {
      arbitrary: fc
        .tuple(fc.array(item, { minLength: 1, maxLength: 2 }), fc.integer({ min: max - 1, max: max + 3 }))
        .map(([xs, n]) => Array.from({ length: n }, (_, i) => xs[i % xs.length])),
      weight: 1,
    },
  );
/** A record without a prototype, so a "__proto__" key is an entry (as JSON.parse makes it). */
const record = <V>(entries: [string, V][]): Record<string, V> => Object.assign(Object.create(null), Object.fromEntries(entries));

const cell = fc.record({ value: numOrNull, lastWeek: numOrNull, deltaPct: numOrNull, status: fc.constantFrom('green', 'amber', 'red', 'na', 'gap' as const) });
const hour = fc.record({
  at: num,
  local: text(LIMITS.local),
  label: text(LIMITS.hourLabel),
  date: text(LIMITS.date),
  offsetChanged: fc.boolean(),
  dayHours: fc.constantFrom(undefined, 23 as const, 25 as const),
});
const series = list(numOrNull, LIMITS.chartPoints);
const chart = fc.record({
  // The chart's series may not even match its x: the fitter aligns them.
  x: list(num, LIMITS.chartPoints),
  thisWeek: series,
  lastWeek: series,
  forecast: fc.option(fc.record({ mean: series, lower80: series, upper80: series, lower95: series, upper95: series, scores: list(numOrNull, LIMITS.hours) }), {
    nil: undefined,
  }),
});
/** A slice: a few dimensions, sometimes more than `max`. */
const dims = (max: number) =>
  fc.oneof(
    { arbitrary: fc.array(fc.tuple(text(LIMITS.label), text(LIMITS.label)), { maxLength: 3 }).map(record), weight: 4 },
    { arbitrary: text(LIMITS.label).map(k => record(Array.from({ length: max + 2 }, (_, i) => [`${k}${i}`, k] as [string, string]))), weight: 1 },
  );
const source = fc.record({ file: text(LIMITS.path), line: fc.oneof(fc.nat(), fc.constantFrom(-1, 1.5, NaN)) });
const evidence = fc.record(
  {
    text: text(LIMITS.detail),
    values: fc.option(fc.array(fc.tuple(text(LIMITS.label), fc.oneof(num, text(LIMITS.detail))), { maxLength: 3 }).map(record), { nil: undefined }),
  },
  { requiredKeys: ['text'] },
);
const cause = fc.oneof(
  fc.record(
    {
      kind: fc.constant('holiday' as const),
      country: text(LIMITS.label),
      state: fc.option(text(LIMITS.label), { nil: undefined }),
      name: text(LIMITS.title),
      start: num,
    },
    { requiredKeys: ['kind', 'country', 'name', 'start'] },
  ),
  fc.record({ kind: fc.constant('event' as const), name: text(LIMITS.title), start: num, source }),
  fc.record({ kind: fc.constant('deploy' as const), ref: text(LIMITS.ref), deployKind: fc.constantFrom('tag', 'merge' as const) }),
  fc.record({ kind: fc.constant('dst' as const), zones: list(text(LIMITS.timezone), LIMITS.zones) }),
);
const explanation = fc.record(
  {
    kind: text(LIMITS.type),
    title: text(LIMITS.title),
    confidence: num,
    evidence: list(evidence, LIMITS.evidence),
    slice: dims(LIMITS.dims),
    inBaseline: fc.boolean(),
    cause: fc.option(cause, { nil: undefined }),
  },
  { requiredKeys: ['kind', 'title', 'confidence', 'evidence', 'slice', 'inBaseline'] },
);
/** An anomaly's heat-map: rows with any numbers, counts that are not whole, lists past their limits. */
const count = fc.option(fc.oneof(fc.nat(5), num), { nil: undefined });
const contributions = fc.record({
  kind: fc.constantFrom('additive', 'ratio', 'other'),
  expected: numOrNull,
  actual: numOrNull,
  gaps: num,
  dimensions: list(
    fc.record({
      dimension: text(LIMITS.label),
      values: list(
        fc.record(
          {
            value: text(LIMITS.label),
            others: count,
            expected: numOrNull,
            actual: numOrNull,
            relativeChange: numOrNull,
            shareBefore: numOrNull,
            contribution: numOrNull,
            gaps: count,
          },
          { requiredKeys: ['value', 'expected', 'actual', 'relativeChange', 'shareBefore', 'contribution'] },
        ),
        LIMITS.heatmapValues,
      ),
    }),
    LIMITS.heatmapDimensions,
  ),
});
const anomaly = fc.record({
  metric: text(LIMITS.label),
  label: text(LIMITS.label),
  start: num,
  end: num,
  direction: fc.constantFrom('up', 'down' as const),
  severity: num,
  vsForecastPct: num,
  where: list(
    fc.record(
      {
        dims: fc.array(fc.tuple(text(LIMITS.label), text(LIMITS.label)), { maxLength: 3 }).map(record),
        relativeChange: numOrNull,
        share: num,
        of: text(LIMITS.label),
      },
      { requiredKeys: ['dims', 'relativeChange', 'share'] },
    ),
    LIMITS.slices,
  ),
  explanations: list(explanation, LIMITS.explanations),
  contributions: fc.option(contributions, { nil: undefined }),
});
const display = { title: text(LIMITS.title), detail: text(LIMITS.detail), start: num, end: num };
const contextItem = fc.oneof(
  fc.record(
    {
      kind: fc.constant('holiday' as const),
      ...display,
      country: text(LIMITS.label),
      state: fc.option(text(LIMITS.label), { nil: undefined }),
      name: text(LIMITS.title),
      localName: fc.option(text(LIMITS.title), { nil: undefined }),
      holidayType: fc.constantFrom('public', 'bank', 'optional', 'nonsense'),
    },
    { requiredKeys: ['kind', 'title', 'detail', 'start', 'end', 'country', 'name', 'holidayType'] },
  ),
  fc.record(
    {
      kind: fc.constant('event' as const),
      ...display,
      name: text(LIMITS.title),
      eventKind: fc.constantFrom('sports', 'email_send', 'constructor'),
      countries: fc.array(text(LIMITS.label), { maxLength: 3 }),
      expectedImpact: fc.option(num, { nil: undefined }),
      source,
    },
    { requiredKeys: ['kind', 'title', 'detail', 'start', 'end', 'name', 'eventKind', 'countries', 'source'] },
  ),
  fc.record({
    kind: fc.constant('deploy' as const),
    ...display,
    ref: text(LIMITS.ref),
    deployKind: fc.constantFrom('tag', 'merge', 'squash'),
    message: text(LIMITS.detail),
  }),
  fc.record({ kind: fc.constant('dst' as const), ...display, zones: fc.array(text(LIMITS.timezone), { maxLength: 3 }), shiftHours: num }),
);

const snapshot: fc.Arbitrary<ReportSnapshot> = fc
  .record({
    ids: fc.array(text(LIMITS.label), { minLength: 1, maxLength: 4 }),
    manyRows: fc.boolean().map(b => (b ? LIMITS.rows + 2 : 0)), // a config with more metrics than a snapshot may carry
    hours: list(hour, LIMITS.hours),
    cells: fc.array(cell, { maxLength: 30 }),
    charts: fc.array(chart, { minLength: 4, maxLength: 4 }),
    head: fc.record({
      id: num,
      analysis: fc.constantFrom('pending', 'done' as const),
      title: text(LIMITS.title),
      timezone: text(LIMITS.timezone),
      asOf: num,
      source: text(LIMITS.path),
      thresholds: fc.record({ amber: num, red: num }),
    }),
    pending: fc.option(
      fc.record({ at: num, label: text(LIMITS.hourLabel), date: text(LIMITS.date), shares: fc.array(numOrNull, { maxLength: 4 }), arrived: numOrNull }),
      { nil: undefined },
    ),
    freshness: fc.record({ ageHours: num, stale: fc.boolean() }),
    // Indices into the anomalies, some past the end (the fitter drops those with the anomalies it cuts).
    incidents: list(fc.record({ title: text(LIMITS.title), anomalies: fc.array(fc.nat(LIMITS.anomalies + 10), { maxLength: 5 }) }), LIMITS.anomalies),
    warnings: list(text(LIMITS.message), LIMITS.warnings),
    dstDays: list(fc.record({ date: text(LIMITS.date), hours: num }), LIMITS.dstDays),
    context: list(contextItem, LIMITS.context),
    anomalies: list(anomaly, LIMITS.anomalies),
  })
  .map(g => {
    const ids = [...g.ids, ...Array.from({ length: g.manyRows }, (_, i) => `m${i}`)];
    return {
      ...g.head,
      hours: g.hours,
      warnings: g.warnings,
      dstDays: g.dstDays,
      context: g.context,
      anomalies: g.anomalies,
      freshness: g.freshness,
      // An anomaly in at most one incident, as the core groups them.
      incidents: g.incidents.map((x, k) => ({ ...x, anomalies: x.anomalies.filter(i => i % g.incidents.length === k) })),
      // Rows with as many cells as were generated, not as many as there are hours.
      rows: ids.map((metric, i) => ({ metric, label: metric, derived: i % 2 === 1, cells: g.cells })),
      charts: record(g.ids.map((id, i) => [id, g.charts[i % g.charts.length]])),
      ...(g.pending
        ? {
            pending: {
              at: g.pending.at,
              label: g.pending.label,
              date: g.pending.date,
              cells: g.pending.shares.map(v => ({ value: v, lastWeek: v, arrivedShare: v })),
              arrivedShare: record(g.pending.shares.map((v, i) => [g.ids[i % g.ids.length], v])),
              arrived: g.pending.arrived,
            },
          }
        : {}),
    } as unknown as ReportSnapshot;
  });

const post = (body: ToWebview) => parseToWebview(overTheWire(fitForWebview(body))).body;

// ---- properties -----------------------------------------------------------------------------------
describe('fitting snapshots to the protocol limits (host side)', function () {
  this.timeout(120_000); // the fuzz runs take a few CPU seconds; a busy machine stretches them
  it('makes any snapshot one the webview accepts after the JSON trip, still a snapshot', () => {
    fc.assert(
      fc.property(snapshot, s => {
        const body = post({ type: 'snapshot', snapshot: s });
        assert.equal(body.type, 'snapshot', JSON.stringify(body).slice(0, 500));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps what fits as it is, and each row its own chart', () => {
    fc.assert(
      fc.property(snapshot, s => {
        const f = fitSnapshot(s);
        assert.equal(f.title, s.title.length <= LIMITS.title ? s.title : clipText(s.title, LIMITS.title));
        assert.equal(f.rows.length, Math.min(s.rows.length, LIMITS.rows));
        for (const r of f.rows) assert.equal(r.cells.length, f.hours.length);
        for (const r of f.rows.slice(0, 4)) {
          const before = ownEntry(s.charts, s.rows[f.rows.indexOf(r)].metric);
          assert.equal(ownEntry(f.charts, r.metric) !== undefined, before !== undefined, `chart of ${JSON.stringify(r.metric.slice(0, 30))}`);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('cuts text with an ellipsis and keeps surrogate pairs whole', () => {
    assert.equal(clipText('x'.repeat(201), LIMITS.label), `${'x'.repeat(199)}…`);
    assert.equal(clipText('x'.repeat(200), LIMITS.label), 'x'.repeat(200));
    const emoji = `${'x'.repeat(198)}😀😀`; // the pair at 198-199 would be split by a cut at 199
    assert.equal(clipText(emoji, LIMITS.label), `${'x'.repeat(198)}…`);
  });

  it('keeps the first 49 warnings and says how many more there were', () => {
    const base = fitSnapshot({ ...minimal(), warnings: Array.from({ length: 60 }, (_, i) => `w${i}`) });
    assert.equal(base.warnings.length, LIMITS.warnings);
    assert.equal(base.warnings[48], 'w48');
    assert.equal(base.warnings[49], '… and 11 more warnings');
  });

  it('makes severities, confidences and scores finite: the most severe stays the most severe', () => {
    const s = minimal();
    const bad = {
      ...s.anomalies[0],
      severity: Infinity,
      vsForecastPct: NaN,
      explanations: [{ kind: 'event', title: 'Sale', confidence: NaN, evidence: [], slice: {}, inBaseline: false }],
    };
    const f = fitSnapshot({
      ...s,
      anomalies: [bad, { ...s.anomalies[0], severity: 3 }],
      charts: { m: { ...s.charts.m, forecast: { mean: [1], lower80: [1], upper80: [1], lower95: [1], upper95: [1], scores: [-Infinity] } } },
    });
    assert.equal(f.anomalies[0].severity, MAX_SCORE);
    assert.equal(f.anomalies[0].vsForecastPct, 0);
    assert.equal(f.anomalies[0].explanations[0].confidence, 0);
    assert.equal(f.anomalies[1].severity, 3);
    assert.deepEqual(f.charts.m.forecast!.scores, [-MAX_SCORE]);
  });

  it('keeps evidence values finite and bounded, and drops a cause it would have to cut to fit', () => {
    const s = minimal();
    const values = {
      actual: 3,
      expected: NaN,
      share: Infinity,
      note: 'x'.repeat(LIMITS.detail + 5),
      ...Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`v${i}`, i])),
    };
    const ex = (cause: TriagedExplanation['cause']): TriagedExplanation => ({
      kind: 'deploy',
      title: 'Deploy',
      confidence: 0.5,
      evidence: [{ text: 't', values }, { text: 'plain' }],
      slice: { platform: 'ios' },
      inBaseline: false,
      ...(cause ? { cause } : {}),
    });
    const f = fitSnapshot({
      ...s,
      anomalies: [
        {
          ...s.anomalies[0],
          explanations: [
            ex({ kind: 'deploy', ref: 'r'.repeat(LIMITS.ref + 1), deployKind: 'tag' }),
            ex({ kind: 'event', name: 'Sale', start: 1, source: { file: 'f/'.repeat(LIMITS.path), line: 3 } }),
            ex({ kind: 'deploy', ref: 'v1.2', deployKind: 'merge' }),
          ],
        },
      ],
    });
    const [tooLongRef, tooLongPath, kept] = f.anomalies[0].explanations;
    assert.equal(tooLongRef.cause, undefined, 'a cut ref would name another commit');
    assert.equal(tooLongPath.cause, undefined, 'a cut path would open another file');
    assert.deepEqual(kept.cause, { kind: 'deploy', ref: 'v1.2', deployKind: 'merge' });
    const v = kept.evidence[0].values!;
    assert.equal(Object.keys(v).length, LIMITS.values);
    assert.equal(v.actual, 3);
    assert.ok(!('expected' in v) && !('share' in v), 'non-finite numbers are left out');
    assert.equal((v.note as string).length, LIMITS.detail);
    assert.equal(kept.evidence[1].values, undefined);
    assert.deepEqual({ ...kept.slice }, { platform: 'ios' });
    assert.equal(post({ type: 'snapshot', snapshot: f }).type, 'snapshot');
  });

  it('fits context items field by field: lists capped, a path too long to open dropped, unknown kinds made safe', () => {
    const d = { title: 't', detail: 'd', start: 0, end: 1 };
    const f = fitSnapshot({
      ...minimal(),
      context: [
        {
          kind: 'event',
          ...d,
          name: 'Sale',
          eventKind: 'nope' as 'other',
          countries: Array.from({ length: LIMITS.countries + 5 }, (_, i) => `C${i}`),
          source: { file: 'x'.repeat(LIMITS.path + 1), line: 3 },
        },
        { kind: 'dst', ...d, zones: Array.from({ length: LIMITS.zones + 5 }, () => 'Europe/Paris'), shiftHours: NaN },
        { kind: 'deploy', ...d, ref: 'r'.repeat(LIMITS.ref + 9), deployKind: 'squash' as 'tag', message: 'm' },
        { kind: 'holiday', ...d, country: 'IN', name: 'Diwali', holidayType: 'weird' as 'public' },
      ],
    });
    const [ev, dst, dep, hol] = f.context;
    assert.ok(ev.kind === 'event' && dst.kind === 'dst' && dep.kind === 'deploy' && hol.kind === 'holiday');
    assert.equal(ev.countries.length, LIMITS.countries);
    assert.equal(ev.eventKind, 'other');
    assert.deepEqual(ev.source, { file: '', line: 0 });
    assert.equal(dst.zones.length, LIMITS.zones);
    assert.equal(dst.shiftHours, 0);
    assert.equal(dep.ref.length, LIMITS.ref, 'shown cut; the cause, not the item, is what links');
    assert.equal(dep.deployKind, 'tag');
    assert.equal(hol.holidayType, 'public');
    assert.equal(post({ type: 'snapshot', snapshot: f }).type, 'snapshot');
  });

  it('keeps incidents to the anomalies it keeps, and a partial cell for each row it keeps', () => {
    const base = minimal();
    const many = Array.from({ length: LIMITS.anomalies + 3 }, (_, i) => ({ ...base.anomalies[0], start: i }));
    const rows = Array.from({ length: LIMITS.rows + 2 }, (_, i) => ({ ...base.rows[0], metric: `m${i}` }));
    const s: ReportSnapshot = {
      ...base,
      rows,
      anomalies: many,
      incidents: [
        { title: 'kept and cut', anomalies: [0, LIMITS.anomalies + 1] },
        { title: 'all cut', anomalies: [LIMITS.anomalies + 2] },
      ],
      pending: {
        at: 0,
        label: '01:00',
        date: '1970-01-01',
        cells: rows.map(() => ({ value: 1, lastWeek: 2, arrivedShare: 0.5 })),
        arrivedShare: {},
        arrived: 0.5,
      },
      freshness: { ageHours: 650, stale: true },
    };
    const body = post({ type: 'snapshot', snapshot: s });
    assert.equal(body.type, 'snapshot');
    if (body.type !== 'snapshot') return;
    assert.deepEqual(body.snapshot.incidents, [{ title: 'kept and cut', anomalies: [0] }]);
    assert.equal(body.snapshot.pending?.cells.length, LIMITS.rows);
    assert.deepEqual(body.snapshot.freshness, { ageHours: 650, stale: true });
  });

  it("fits an anomaly's heat-map: its lists cut to LIMITS, numbers finite or unknown (null), counts whole", () => {
    const s = minimal();
    const value = { value: 'ios', expected: 90, actual: 45, relativeChange: -0.5, shareBefore: 0.45, contribution: 1 };
    const heat = {
      kind: 'additive' as const,
      expected: Infinity,
      actual: 155,
      gaps: 2.4,
      dimensions: Array.from({ length: LIMITS.heatmapDimensions + 2 }, (_, i) => ({
        dimension: `d${i}`,
        values: [
          { ...value, relativeChange: NaN, gaps: -3, others: 1 },
          { ...value, value: '', others: 3, gaps: 2 },
          ...Array.from({ length: LIMITS.heatmapValues }, () => value),
        ],
      })),
    };
    const body = post({ type: 'snapshot', snapshot: { ...s, anomalies: [{ ...s.anomalies[0], contributions: heat }, s.anomalies[0]] } });
    assert.equal(body.type, 'snapshot');
    if (body.type !== 'snapshot') return;
    const [fitted, without] = body.snapshot.anomalies;
    assert.equal(without.contributions, undefined, 'an anomaly without a heat-map stays without');
    const c = fitted.contributions!;
    assert.deepEqual([c.expected, c.actual, c.gaps], [null, 155, 2]);
    assert.equal(c.dimensions.length, LIMITS.heatmapDimensions);
    assert.equal(c.dimensions[0].values.length, LIMITS.heatmapValues);
    assert.deepEqual(c.dimensions[0].values[0], { ...value, relativeChange: null }, 'a fold of one and a negative count are not kept');
    assert.deepEqual(c.dimensions[0].values[1], { ...value, value: '', others: 3, gaps: 2 });
    // What already fits goes through unchanged.
    const small = {
      kind: 'ratio' as const,
      expected: 0.1,
      actual: 0.2,
      gaps: 0,
      dimensions: [{ dimension: 'platform', values: [value, { ...value, value: 'web' }] }],
    };
    assert.deepEqual(fitSnapshot({ ...s, anomalies: [{ ...s.anomalies[0], contributions: small }] }).anomalies[0].contributions, small);
  });

  it('turns what it cannot fit into a load error the webview shows, never a refused snapshot', () => {
    const broken = { ...minimal(), thresholds: undefined } as unknown as ReportSnapshot;
    const body = post({ type: 'snapshot', snapshot: broken });
    assert.equal(body.type, 'loadError');
    assert.match((body as { problem: { message: string } }).problem.message, /^The report could not be shown: /);
  });

  it('fits load problems: the message is cut, a path too long to open is dropped', () => {
    const body = post({ type: 'loadError', problem: { message: 'x'.repeat(20_000), file: 'a/'.repeat(600), line: 3 } });
    assert.equal(body.type, 'loadError');
    const p = (body as { problem: { message: string; file?: string; line?: number } }).problem;
    assert.equal(p.message.length, LIMITS.message);
    assert.equal(p.file, undefined);
    assert.equal(p.line, undefined);
    assert.deepEqual(fitForWebview({ type: 'loadError', problem: { message: 'm', file: 'r.yaml', line: 3 } }), {
      type: 'loadError',
      problem: { message: 'm', file: 'r.yaml', line: 3 },
    });
  });
});

function minimal(): ReportSnapshot {
  return {
    ...oneHourSnapshot(),
    id: 1,
    context: [],
    anomalies: [{ metric: 'm', label: 'M', start: 0, end: 1, direction: 'down', severity: 2, vsForecastPct: -20, where: [], explanations: [] }],
    incidents: [{ title: 'Unexplained: M, Thu 00:00–00:00', anomalies: [0] }],
    problems: { count: 0, listed: [] },
  };
}
