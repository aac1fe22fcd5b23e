// Protocol: random values and mutated valid envelopes, both directions of the report channel and the
// webview's diagnostics. The parsers may only throw ProtocolError.
import fc from 'fast-check';
import { parseFromWebview, parseToWebview, ProtocolError } from '../../../src/messaging/protocol';
import { parseDiagnosticFromWebview } from '../../../src/messaging/diagnostics';
import type { FuzzTarget } from '../types';

export interface ProtocolInput {
  readonly dir: 'from' | 'to' | 'diag';
  readonly value: unknown;
}

const T = Date.UTC(2026, 9, 6);
const hour = { at: T, label: '09:00', date: '2026-10-06', local: '2026-10-06T09:00:00.000-07:00', offsetChanged: false };
const cell = { value: 1, lastWeek: 1, deltaPct: 0, status: 'green' };
const validTo = [
  { channel: 'report', id: 1, body: { type: 'loading' } },
  { channel: 'report', id: 9, body: { type: 'loadError', problem: { message: 'untrusted', file: 'r.yaml', line: 4, action: 'trustWorkspace' } } },
  {
    channel: 'report',
    id: 2,
    inReplyTo: 1,
    body: {
      type: 'loadError',
      problem: { message: 'x', file: 'a', line: 3, column: 2, problems: { count: 2, listed: [{ severity: 'error', file: 'a', line: 3, text: 't' }] } },
    },
  },
  {
    channel: 'report',
    id: 3,
    body: {
      type: 'snapshot',
      snapshot: {
        id: 1,
        analysis: 'done',
        title: 't',
        timezone: 'UTC',
        asOf: T,
        source: 's',
        thresholds: { amber: 5, red: 15 },
        hours: [hour],
        rows: [
          { metric: 'v', label: 'V', derived: false, cells: [cell] },
          { metric: 'w', label: 'W', derived: false, cells: [{ value: null, lastWeek: null, deltaPct: null, status: 'gap' }], noData: 'No data yet.' },
        ],
        warnings: ['Holidays unavailable: offline'],
        problems: {
          count: 3,
          listed: [
            { severity: 'error', file: '.calibrate/events.yaml', line: 3, column: 9, text: 'bad kind' },
            { severity: 'warning', file: 'data/metrics.csv', text: 'no rows' },
          ],
        },
        expectedContext: ['dst:0'],
        dstDays: [{ date: '2026-11-01', hours: 25 }],
        pending: {
          at: T,
          label: '10:00',
          date: '2026-11-03',
          cells: [
            { value: 5, lastWeek: 10, arrivedShare: 0.5 },
            { value: null, lastWeek: null, arrivedShare: null },
          ],
          arrivedShare: { v: 0.5, w: null },
          arrived: 0.5,
        },
        freshness: { ageHours: 0, stale: false },
        context: [
          {
            kind: 'event',
            title: 'e',
            detail: 'd',
            start: T,
            end: T,
            name: 'e',
            eventKind: 'sports',
            countries: ['US'],
            source: { file: '.calibrate/events.yaml', line: 3 },
          },
          {
            kind: 'holiday',
            title: 'h',
            detail: 'd',
            start: T,
            end: T + 1,
            country: 'US',
            name: 'h',
            holidayType: 'public',
            impact: { metric: 'v', ratio: 0.7, basis: 'history', occurrences: 1, last: { date: '2025-11-27', ratio: 0.7 } },
          },
        ],
        anomalies: [
          {
            metric: 'v',
            label: 'V',
            start: T,
            end: T + 1,
            direction: 'up',
            severity: 2,
            vsForecastPct: 3,
            explanations: [
              {
                kind: 'holiday',
                title: 'h',
                confidence: 0.5,
                evidence: [{ text: 'e' }],
                slice: {},
                inBaseline: false,
                cause: { kind: 'holiday', country: 'US', name: 'h', start: T },
              },
            ],
            where: [{ dims: { c: 'US' }, relativeChange: null, share: 1, of: 'w' }],
            contributions: {
              kind: 'additive',
              expected: 10,
              actual: 13,
              gaps: 1,
              dimensions: [
                {
                  dimension: 'c',
                  values: [
                    { value: 'US', expected: 4, actual: 7, relativeChange: 0.75, shareBefore: 0.4, contribution: 1 },
                    { value: '', others: 2, expected: 6, actual: 6, relativeChange: 0, shareBefore: 0.6, contribution: 0, gaps: 1 },
                  ],
                },
              ],
            },
          },
        ],
        incidents: [{ title: 'h in US: V, Tue 10:00–10:00', anomalies: [0] }],
        charts: {
          v: { x: [T], thisWeek: [1], lastWeek: [null], forecast: { mean: [1], lower80: [1], upper80: [1], lower95: [1], upper95: [1], scores: [0.5] } },
        },
      },
    },
  },
];
const validFrom = [
  { channel: 'report', id: 1, request: true, body: { type: 'ready', protocol: 1 } },
  { channel: 'report', id: 2, request: true, body: { type: 'refresh' } },
  { channel: 'report', id: 3, request: true, body: { type: 'openFile', file: 'a.csv', line: 2 } },
  { channel: 'report', id: 6, request: true, body: { type: 'openDeploy', ref: 'v1.2.0' } },
  { channel: 'report', id: 7, request: true, body: { type: 'openSource', file: '.calibrate/events.yaml', line: 3 } },
  { channel: 'report', id: 8, request: true, body: { type: 'markContext', key: 'deploy:tag:v1.2.0', expected: true } },
  { channel: 'report', id: 4, body: { type: 'webviewError', message: 'm' } },
  { channel: 'report', id: 12, request: true, body: { type: 'sliceChart', metric: 'v', dims: { platform: 'ios' } } },
  { channel: 'report', id: 13, request: true, body: { type: 'trustWorkspace' } },
];
const validDiag = [
  {
    channel: 'diagnostics',
    id: 5,
    body: {
      type: 'rendered',
      snapshotId: 1,
      analysis: 'done',
      metric: 'v',
      hourColumns: 24,
      chartPoints: 168,
      table: [{ metric: 'v', values: [1, null] }],
      contextKinds: ['holiday'],
      warnings: [],
      anomalies: [{ metric: 'v', topKind: 'holiday', where: 'US', narrowed: false }],
    },
  },
];
// The seeds must stay valid as the protocol grows, or the mutations never reach the deep checks.
for (const v of validTo) parseToWebview(v);
for (const v of validFrom) parseFromWebview(v);
for (const v of validDiag) parseDiagnosticFromWebview(v);

const nasty = fc.oneof(
  fc.anything({
    maxDepth: 3,
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withBoxedValues: true,
  }),
  fc.constantFrom<unknown>(
    NaN,
    Infinity,
    -0,
    2 ** 53,
    '',
    'x'.repeat(20_000),
    [],
    {},
    null,
    undefined,
    { __proto__: null },
    new Array(100_001).fill(0),
    'constructor',
    'toString',
    '__proto__',
    'snapshot',
  ),
);

/** Replace the value at a random path of a valid message. */
function mutate(base: unknown, picks: readonly number[], repl: unknown): unknown {
  const root = structuredClone(base);
  let node: unknown = root;
  for (let d = 0; d < picks.length; d++) {
    if (typeof node !== 'object' || node === null) break;
    const keys = Object.keys(node);
    if (!keys.length) break;
    const k = keys[picks[d] % keys.length];
    const child = (node as Record<string, unknown>)[k];
    if (d === picks.length - 1 || typeof child !== 'object' || child === null) {
      (node as Record<string, unknown>)[k] = repl;
      break;
    }
    node = child;
  }
  return root;
}

export const protocolTarget: FuzzTarget<ProtocolInput> = {
  name: 'protocol',
  arbitrary: () =>
    fc.oneof(
      fc.record({ dir: fc.constant('to' as const), value: fc.constantFrom(...validTo) }),
      fc.record({ dir: fc.constant('from' as const), value: fc.constantFrom(...validFrom) }),
      fc.record({ dir: fc.constantFrom('from' as const, 'to' as const), value: nasty }),
      fc
        .record({ dir: fc.constant('to' as const), base: fc.constantFrom(...validTo), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 7 }), repl: nasty })
        .map(({ dir, base, picks, repl }) => ({ dir, value: mutate(base, picks, repl) })),
      fc
        .record({
          dir: fc.constant('from' as const),
          base: fc.constantFrom(...validFrom),
          picks: fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
          repl: nasty,
        })
        .map(({ dir, base, picks, repl }) => ({ dir, value: mutate(base, picks, repl) })),
      fc
        .record({
          dir: fc.constant('diag' as const),
          base: fc.constantFrom(...validDiag),
          picks: fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
          repl: nasty,
        })
        .map(({ dir, base, picks, repl }) => ({ dir, value: mutate(base, picks, repl) })),
    ),
  run: ({ dir, value }) => {
    try {
      if (dir === 'from') parseFromWebview(value);
      else if (dir === 'diag') parseDiagnosticFromWebview(value);
      else parseToWebview(value);
      return [];
    } catch (e) {
      if (e instanceof ProtocolError) return [e.message];
      throw e;
    }
  },
};
