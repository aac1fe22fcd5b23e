// CSV: LongCsvParser on generated long-format text (valid, near-valid and garbage), fed whole and in
// random chunks (mid-line, mid-quote, mid-CRLF). Only InputError may escape, and the result must not
// depend on where the chunks were cut.
import fc from 'fast-check';
import { LongCsvParser } from '../../../src/core/csv';
import { InputError, type Dataset } from '../../../src/core/types';
import { PropertyViolation, type FuzzTarget } from '../types';

export interface CsvInput {
  readonly text: string;
  readonly cuts: readonly number[];
}

const HOUR = 3_600_000;
const BASE = Date.UTC(2026, 9, 1);
const iso = (t: number): string => new Date(t).toISOString();

const weirdTs = fc.constantFrom(
  '2026-10-01T00:00:00',
  '2026-02-29T00:00:00Z',
  '2026-13-01T00:00Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00Z',
  '2026-10-01 00:00:00+05:30',
  '2026-10-01T00:00:00.123456789Z',
  '2026-10-01T00:00:00+99:99',
  'T',
  '',
  'NaN',
  '2026-10-01T24:00:00Z',
  '1970-01-01T00:00:00Z',
);
const value = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 1000 }).map(String) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      '0',
      '-0',
      '1',
      '1e308',
      '1.7976931348623157e308',
      '1e309',
      '-1e308',
      'NaN',
      'Infinity',
      '.5',
      '5.',
      '0x10',
      ' 7 ',
      '1,5',
      '"3"',
      '1e-320',
    ),
  },
  { weight: 1, arbitrary: fc.double().map(String) },
);
const cell = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('US', 'IN', 'web', 'ios', 'a', 'b') },
  {
    weight: 2,
    arbitrary: fc.constantFrom('"quoted"', '"with,comma"', '"multi\nline"', '"a""b"', '"open', 'stray"quote', '""', ' ', '"x" y', '\u0000', '\uFEFF'),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);

/** A long CSV: header (maybe shuffled or broken), then rows on an hourly grid or at odd instants. */
const structured = fc
  .record({
    dims: fc.integer({ min: 0, max: 3 }),
    header: fc.constantFrom('normal', 'shuffled', 'missing', 'dup', 'empty', 'upper', 'bom'),
    nrows: fc.integer({ min: 0, max: 60 }),
    times: fc.constantFrom('hourly', 'ms', 'mixed', 'weird', 'far', 'dup'),
    rows: fc.array(
      fc.record({
        t: fc.integer({ min: 0, max: 200 }),
        m: fc.constantFrom('views', 'orders', '', ' views '),
        v: value,
        cells: fc.array(cell, { maxLength: 4 }),
        ts: weirdTs,
      }),
      { maxLength: 60 },
    ),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    trailing: fc.boolean(),
    clean: fc.boolean(),
  })
  .map(g0 => {
    // Half the inputs are well-formed apart from their shape, so the parser gets past row 1.
    const g = g0.clean
      ? {
          ...g0,
          header: g0.header === 'shuffled' ? 'shuffled' : 'normal',
          times: g0.times === 'weird' ? 'hourly' : g0.times,
          eol: g0.eol === '\r' ? '\n' : g0.eol,
          rows: g0.rows.map((r, i) => ({
            ...r,
            t: i,
            m: r.m.trim() || 'views',
            v: String(Math.abs(parseInt(r.v, 10)) || i),
            cells: r.cells.map((_c, k) => ['US', 'IN', 'web'][(i + k) % 3]),
          })),
        }
      : g0;
    const dimNames = ['country', 'platform', 'channel'].slice(0, g.dims);
    let head = ['timestamp', 'metric', 'value', ...dimNames];
    if (g.header === 'shuffled') head = [...head.slice(2), ...head.slice(0, 2)];
    if (g.header === 'missing') head = head.slice(1);
    if (g.header === 'dup') head = [...head, 'metric'];
    if (g.header === 'empty') head = [...head, ''];
    if (g.header === 'upper') head = head.map(h => h.toUpperCase());
    const lines = [(g.header === 'bom' ? '\uFEFF' : '') + head.join(',')];
    g.rows.forEach((r, i) => {
      const t =
        g.times === 'hourly'
          ? iso(BASE + r.t * HOUR)
          : g.times === 'ms'
            ? iso(BASE + r.t)
            : g.times === 'mixed'
              ? iso(BASE + r.t * (i % 3 === 0 ? 1 : HOUR))
              : g.times === 'far'
                ? iso(BASE + (i % 2 ? r.t * 1000 : r.t * 13 * HOUR))
                : g.times === 'dup'
                  ? iso(BASE)
                  : r.ts;
      const byName: Record<string, string> = { timestamp: t, metric: r.m, value: r.v };
      dimNames.forEach((d, k) => (byName[d] = r.cells[k] ?? 'x'));
      lines.push(head.map(h => byName[h.toLowerCase()] ?? r.cells[0] ?? '').join(','));
    });
    return lines.join(g.eol) + (g.trailing ? g.eol : '');
  });

const garbage = fc
  .string({ unit: fc.constantFrom(',', '"', '\n', '\r', 'a', '1', ' ', ':', 'T', 'Z', '-', '\uFEFF', 'é', '😀'), maxLength: 300 })
  .map(s => `timestamp,metric,value\n${s}`);

const text = fc.oneof(
  { weight: 4, arbitrary: structured },
  { weight: 1, arbitrary: garbage },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);

function summary(d: Dataset): string {
  return JSON.stringify({
    d: d.dimensions,
    m: d.metrics,
    s: d.start,
    e: d.end,
    st: d.step,
    g: d.gaps.length,
    v: d.series.map(s => [s.metric, s.dims, Array.from(s.values).map(String).join(' ')]),
  });
}

function parse(text: string, cuts: readonly number[]): { ok: string } | { err: string } {
  const p = new LongCsvParser('data/metrics.csv');
  try {
    let at = 0;
    for (const c of [...cuts].sort((a, b) => a - b)) {
      const k = Math.min(text.length, Math.max(at, Math.floor(c * text.length)));
      p.push(text.slice(at, k));
      at = k;
    }
    p.push(text.slice(at));
    return { ok: summary(p.end()) };
  } catch (e) {
    if (e instanceof InputError) return { err: e.message };
    throw e;
  }
}

export const csvTarget: FuzzTarget<CsvInput> = {
  name: 'csv',
  wantsLine: true,
  noLineOk: /the file is empty|single timestamp|too many (cells|buckets)|larger than/i,
  arbitrary: () => fc.record({ text, cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }) }),
  run: ({ text, cuts }) => {
    const whole = parse(text, []);
    const chunked = parse(text, cuts);
    if (JSON.stringify(whole) !== JSON.stringify(chunked)) {
      throw new PropertyViolation(
        `chunking changes the result: whole ${JSON.stringify(whole).slice(0, 200)} vs chunked ${JSON.stringify(chunked).slice(0, 200)}`,
      );
    }
    return 'err' in whole ? [whole.err] : [];
  },
  preview: ({ text, cuts }) => `text=${JSON.stringify(text)} cuts=${JSON.stringify(cuts)}`,
};
