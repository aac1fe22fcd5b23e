// The host's fitting of snapshots to the protocol LIMITS: whatever the core produced, what the host
// posts passes the webview's validator after the JSON trip postMessage makes.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fitForWebview, fitSnapshot } from '../../../src/fitSnapshot';
import { MAX_SCORE } from '../../../src/core/anomaly';
import { clipText, LIMITS, ownEntry, parseToWebview, type ReportSnapshot, type ToWebview } from '../../../src/protocol';
import { overTheWire } from './fixtures';

// ---- adversarial parts --------------------------------------------------------------------------
/** Any UTF-16 code unit, lone surrogates included. */
const unit = fc.integer({ min: 0, max: 0xffff }).map(c => String.fromCharCode(c));
const pairs = fc.constantFrom('😀', 'e\u0301', '\ud83d', '\u202e', '<img src=x onerror=alert(1)>');
/** Short text, a reserved name, or text around `max` (built by repetition: cheap at 10,000). */
const text = (max: number) => fc.oneof(
  fc.string({ unit: fc.oneof(unit, pairs), maxLength: 12 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', ''),
  fc.tuple(fc.string({ unit: fc.oneof(unit, pairs), minLength: 1, maxLength: 3 }), fc.integer({ min: max - 2, max: max + 30 }))
    .map(([s, n]) => s.repeat(Math.ceil(n / s.length)).slice(0, n)),
);
const num = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, -0, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53 + 1));
const numOrNull = fc.option(num, { nil: null });
/** Mostly a few items; sometimes just around the limit (a few generated items, repeated: cheap at 5,000). */
const list = <T>(item: fc.Arbitrary<T>, max: number) => fc.oneof(
  { arbitrary: fc.array(item, { maxLength: 3 }), weight: 4 },
  { arbitrary: fc.tuple(fc.array(item, { minLength: 1, maxLength: 2 }), fc.integer({ min: max - 1, max: max + 3 })).map(([xs, n]) => Array.from({ length: n }, (_, i) => xs[i % xs.length])), weight: 1 },
);
/** A record without a prototype, so a "__proto__" key is an entry (as JSON.parse makes it). */
const record = <V>(entries: [string, V][]): Record<string, V> => Object.assign(Object.create(null), Object.fromEntries(entries));

const cell = fc.record({ value: numOrNull, lastWeek: numOrNull, deltaPct: numOrNull, status: fc.constantFrom('green', 'amber', 'red', 'na', 'gap' as const) });
const hour = fc.record({
  at: num, local: text(LIMITS.local), label: text(LIMITS.hourLabel), date: text(LIMITS.date), offsetChanged: fc.boolean(),
  dayHours: fc.constantFrom(undefined, 23 as const, 25 as const),
});
const series = list(numOrNull, LIMITS.chartPoints);
const chart = fc.record({
  // The chart's series may not even match its x: the fitter aligns them.
  x: list(num, LIMITS.chartPoints), thisWeek: series, lastWeek: series,
  forecast: fc.option(fc.record({ mean: series, lower80: series, upper80: series, lower95: series, upper95: series, scores: list(numOrNull, LIMITS.hours) }), { nil: undefined }),
});
const anomaly = fc.record({
  metric: text(LIMITS.label), label: text(LIMITS.label), start: num, end: num, direction: fc.constantFrom('up', 'down' as const),
  severity: num, vsForecastPct: num,
  where: list(fc.record({ dims: fc.array(fc.tuple(text(LIMITS.label), text(LIMITS.label)), { maxLength: 3 }).map(record), relativeChange: numOrNull, share: num }), LIMITS.slices),
  explanations: list(fc.record({ kind: text(LIMITS.type), title: text(LIMITS.title), confidence: num, evidence: list(text(LIMITS.detail), LIMITS.evidence) }), LIMITS.explanations),
});
const contextItem = fc.record({ kind: fc.constantFrom('holiday', 'event', 'deploy', 'dst' as const), title: text(LIMITS.title), detail: text(LIMITS.detail), start: num, end: num });

const snapshot: fc.Arbitrary<ReportSnapshot> = fc.record({
  ids: fc.array(text(LIMITS.label), { minLength: 1, maxLength: 4 }),
  manyRows: fc.boolean().map(b => (b ? LIMITS.rows + 2 : 0)), // a config with more metrics than a snapshot may carry
  hours: list(hour, LIMITS.hours),
  cells: fc.array(cell, { maxLength: 30 }),
  charts: fc.array(chart, { minLength: 4, maxLength: 4 }),
  head: fc.record({
    id: num, analysis: fc.constantFrom('pending', 'done' as const), title: text(LIMITS.title), timezone: text(LIMITS.timezone), asOf: num,
    source: text(LIMITS.path), thresholds: fc.record({ amber: num, red: num }),
  }),
  pending: fc.option(fc.record({ at: num, label: text(LIMITS.hourLabel), shares: fc.array(numOrNull, { maxLength: 4 }) }), { nil: undefined }),
  warnings: list(text(LIMITS.message), LIMITS.warnings),
  dstDays: list(fc.record({ date: text(LIMITS.date), hours: num }), LIMITS.dstDays),
  context: list(contextItem, LIMITS.context),
  anomalies: list(anomaly, LIMITS.anomalies),
}).map(g => {
  const ids = [...g.ids, ...Array.from({ length: g.manyRows }, (_, i) => `m${i}`)];
  return {
    ...g.head, hours: g.hours, warnings: g.warnings, dstDays: g.dstDays, context: g.context, anomalies: g.anomalies,
    // Rows with as many cells as were generated, not as many as there are hours.
    rows: ids.map((metric, i) => ({ metric, label: metric, derived: i % 2 === 1, cells: g.cells })),
    charts: record(g.ids.map((id, i) => [id, g.charts[i % g.charts.length]])),
    ...(g.pending ? { pending: { at: g.pending.at, label: g.pending.label, arrivedShare: record(g.pending.shares.map((v, i) => [g.ids[i % g.ids.length], v])) } } : {}),
  } as unknown as ReportSnapshot;
});

const post = (body: ToWebview) => parseToWebview(overTheWire(fitForWebview(body))).body;

// ---- properties -----------------------------------------------------------------------------------
describe('fitting snapshots to the protocol limits (host side)', function () {
  this.timeout(120_000); // the fuzz runs take a few CPU seconds; a busy machine stretches them
  it('makes any snapshot one the webview accepts after the JSON trip, still a snapshot', () => {
    fc.assert(fc.property(snapshot, s => {
      const body = post({ type: 'snapshot', snapshot: s });
      assert.equal(body.type, 'snapshot', JSON.stringify(body).slice(0, 500));
    }), { numRuns: 100 });
  });

  it('keeps what fits as it is, and each row its own chart', () => {
    fc.assert(fc.property(snapshot, s => {
      const f = fitSnapshot(s);
      assert.equal(f.title, s.title.length <= LIMITS.title ? s.title : clipText(s.title, LIMITS.title));
      assert.equal(f.rows.length, Math.min(s.rows.length, LIMITS.rows));
      for (const r of f.rows) assert.equal(r.cells.length, f.hours.length);
      for (const r of f.rows.slice(0, 4)) {
        const before = ownEntry(s.charts, s.rows[f.rows.indexOf(r)].metric);
        assert.equal(ownEntry(f.charts, r.metric) !== undefined, before !== undefined, `chart of ${JSON.stringify(r.metric.slice(0, 30))}`);
      }
    }), { numRuns: 40 });
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
    const bad = { ...s.anomalies[0], severity: Infinity, vsForecastPct: NaN, explanations: [{ kind: 'event', title: 'Sale', confidence: NaN, evidence: [] }] };
    const f = fitSnapshot({ ...s, anomalies: [bad, { ...s.anomalies[0], severity: 3 }], charts: { m: { ...s.charts.m, forecast: { mean: [1], lower80: [1], upper80: [1], lower95: [1], upper95: [1], scores: [-Infinity] } } } });
    assert.equal(f.anomalies[0].severity, MAX_SCORE);
    assert.equal(f.anomalies[0].vsForecastPct, 0);
    assert.equal(f.anomalies[0].explanations[0].confidence, 0);
    assert.equal(f.anomalies[1].severity, 3);
    assert.deepEqual(f.charts.m.forecast!.scores, [-MAX_SCORE]);
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
    assert.deepEqual(fitForWebview({ type: 'loadError', problem: { message: 'm', file: 'r.yaml', line: 3 } }), { type: 'loadError', problem: { message: 'm', file: 'r.yaml', line: 3 } });
  });
});

function minimal(): ReportSnapshot {
  return {
    id: 1, analysis: 'done', title: 'T', timezone: 'UTC', asOf: 0, thresholds: { amber: 5, red: 15 }, source: 'd.csv', warnings: [], dstDays: [],
    hours: [{ at: 0, local: '1970-01-01T00:00:00.000Z', label: '00:00', date: '1970-01-01', offsetChanged: false }],
    rows: [{ metric: 'm', label: 'M', derived: false, cells: [{ value: 1, lastWeek: 2, deltaPct: -50, status: 'red' }] }],
    charts: { m: { x: [0], thisWeek: [1], lastWeek: [null] } },
    context: [],
    anomalies: [{ metric: 'm', label: 'M', start: 0, end: 1, direction: 'down', severity: 2, vsForecastPct: -20, where: [], explanations: [] }],
  };
}
