// What the parser says about bad input: file-level problems throw an InputError with the file and line;
// a bad row is left as a gap and reported in the Dataset's rowProblems (test/unit/csv/rowProblems.test.ts
// for counts, duplicates and gaps).
import assert from 'node:assert/strict';
import { parseLongCsv, LongCsvParser } from '../../../src/core/csv';
import { InputError, type Dataset, type InputProblem } from '../../../src/core/types';

const FILE = 'data/metrics.csv';
const H = 'timestamp,metric,value,country\n';

/** Asserts that parsing throws an InputError at `line` whose message names the file, line and expectation. */
function fails(text: string, line: number | undefined, detail: RegExp, expected: RegExp, column?: number): InputError {
  let err: unknown;
  try {
    parseLongCsv(text, FILE);
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof InputError, `expected an InputError, got ${String(err)}`);
  assert.equal(err.file, FILE);
  assert.equal(err.line, line);
  assert.equal(err.column, column);
  const prefix = line === undefined ? `${FILE}: ` : `${FILE}:${line}${column === undefined ? '' : `:${column}`}: `;
  assert.ok(err.message.startsWith(prefix), err.message);
  assert.match(err.message, detail);
  assert.match(err.message, / Expected /);
  assert.match(err.expected, expected);
  return err;
}

/**
 * Parses text with one bad row: the dataset is still built, and the row is its one problem, at `line`
 * and `column`, with text "detail. Expected expected.".
 */
function oneBadRow(text: string, line: number, column: number | undefined, detail: RegExp, expected: RegExp): { d: Dataset; p: InputProblem } {
  const d = parseLongCsv(text, FILE);
  assert.equal(d.rowProblems?.count, 1, JSON.stringify(d.rowProblems));
  const p = d.rowProblems.listed[0];
  assert.deepEqual({ ...p, text: '' }, { severity: 'error', file: FILE, line, ...(column === undefined ? {} : { column }), text: '' });
  const [found, wanted] = p.text.split('. Expected ');
  assert.match(found, detail);
  assert.match(wanted, expected);
  assert.ok(p.text.endsWith('.'), p.text);
  return { d, p };
}

function hourly(n: number, metric = 'pv', country = 'US', from = 0): string {
  let s = '';
  for (let i = from; i < from + n; i++) s += `${new Date(Date.UTC(2026, 10, 1, i)).toISOString()},${metric},${i},${country}\n`;
  return s;
}

describe('csv: input errors', () => {
  it('a bad timestamp is a row problem at its line and column, naming the expected format; the row is left out', () => {
    const { d, p } = oneBadRow(
      H + hourly(3) + '2026-13-01T00:00Z,pv,1,US\n',
      5,
      1,
      /^bad timestamp "2026-13-01T00:00Z"$/,
      /ISO-8601 timestamp with a UTC offset/,
    );
    assert.match(p.text, /e\.g\. 2026-11-03T09:00:00Z\.$/);
    assert.deepEqual([...d.series[0].values], [0, 1, 2]);
  });

  it('unparseable timestamp text, in a column other than the first', () => {
    const text =
      'metric,country,timestamp,value\npv,US,2026-11-01T00:00:00Z,1\npv,US,yesterday,1\npv,US,2026-02-30T00:00:00Z,1\npv,US,2026-11-01T01:00:00Z,1\n';
    const d = parseLongCsv(text, FILE);
    assert.deepEqual(
      d.rowProblems?.listed.map(p => [p.line, p.column, p.text.split('. ')[0]]),
      [
        [3, 7, 'bad timestamp "yesterday"'],
        [4, 7, 'bad timestamp "2026-02-30T00:00:00Z"'],
      ],
    );
    assert.deepEqual([...d.series[0].values], [1, 1]);
  });

  it('naive timestamp is rejected as ambiguous', () => {
    oneBadRow(H + hourly(2) + '2026-11-01T01:30:00,pv,1,US\n', 4, 1, /no UTC offset.*ambiguous/, /UTC offset/);
  });

  it('bad numbers: text, NaN, infinity, hex, N/A, a thousands separator: the cell is a gap', () => {
    for (const v of ['abc', 'NaN', 'inf', 'Infinity', '-Infinity', '0x10', '1,5', '1,234', '1e999', 'N/A']) {
      const cell = v.includes(',') ? `"${v}"` : v;
      const { d } = oneBadRow(
        H + hourly(2) + `2026-11-01T02:00:00Z,pv,${cell},US\n` + hourly(1, 'pv', 'US', 3),
        4,
        25,
        new RegExp(`^bad value "${v}"$`),
        /finite decimal number/,
      );
      assert.deepEqual([...d.series[0].values], [0, 1, NaN, 3], v);
      assert.deepEqual(
        d.gaps.map(g => ({ ...g, dims: { ...g.dims } })),
        [{ metric: 'pv', dims: { country: 'US' }, from: Date.UTC(2026, 10, 1, 2), to: Date.UTC(2026, 10, 1, 3) }],
      );
    }
  });

  it('an empty metric is a row problem at the metric cell; the row is left out', () => {
    oneBadRow(H + hourly(2) + '2026-11-01T02:00:00Z, ,1,US\n', 4, 22, /^empty metric$/, /^a metric name\.$/);
  });

  it('accepts ordinary number forms', () => {
    const d = parseLongCsv(H + '2026-11-01T00:00:00Z,pv,-1.5e2,US\n2026-11-01T01:00:00Z,pv,+.5,US\n2026-11-01T02:00:00Z,pv, 7 ,US\n', FILE);
    assert.deepEqual([...d.series[0].values], [-150, 0.5, 7]);
  });

  it('rows that disagree about one timestamp of one series name both lines and values; that time is a gap', () => {
    const text = H + hourly(4) + hourly(1, 'pv', 'IN') + '2026-11-01T01:00:00Z,pv,9,US\n';
    const { d } = oneBadRow(
      text,
      7,
      undefined,
      /^conflicting rows for pv\{country=US\} at 2026-11-01T01:00:00Z: line 3 has 1, line 7 has 9; that time is left as a gap$/,
      /one row per timestamp/,
    );
    assert.deepEqual([...d.series.find(s => s.dims.country === 'US')!.values], [0, NaN, 2, 3]);
  });

  it('duplicate detection also works when rows are out of order', () => {
    const text = H + '2026-11-01T03:00:00+01:00,pv,1,US\n' + '2026-11-01T01:00:00Z,pv,1,US\n' + '2026-11-01T02:00:00Z,pv,1,US\n';
    const d = parseLongCsv(text, FILE);
    assert.deepEqual(d.rowProblems?.listed, [
      {
        severity: 'warning',
        file: FILE,
        line: 4,
        text: 'duplicate row for pv{country=US} at 2026-11-01T02:00:00Z: line 4 repeats line 2 (both 1); it is used once. Expected one row per timestamp for each series (metric and dimension values).',
      },
    ]);
    assert.deepEqual([...d.series[0].values], [1, 1]);
  });

  it('same timestamp in different series is not a duplicate', () => {
    const d = parseLongCsv(H + hourly(2) + hourly(2, 'pv', 'IN') + hourly(2, 'signups', 'US'), FILE);
    assert.equal(d.series.length, 3);
  });

  it('missing columns are named on line 1', () => {
    fails('timestamp,metric,country\n', 1, /missing column "value"/, /timestamp, metric and value/);
    fails('time,metric,val\n2026-11-01T00:00Z,a,1\n', 1, /missing columns "timestamp", "value"/, /timestamp, metric and value/);
  });

  it('a row with too few or too many columns is left out: the column is where a cell is missing, or the first extra one', () => {
    const { d } = oneBadRow(
      H + hourly(2) + '2026-11-01T02:00:00Z,pv,1\n' + hourly(1, 'pv', 'US', 3),
      4,
      26,
      /^found 3 columns$/,
      /^4 columns \(timestamp,metric,value,country\)\.$/,
    );
    assert.deepEqual([...d.series[0].values], [0, 1, NaN, 3]);
    oneBadRow(H + hourly(2) + '2026-11-01T02:00:00Z,pv,1,US,x\n', 4, 30, /^found 5 columns$/, /4 columns/);
    oneBadRow(H + hourly(2) + '2026-11-01T02:00:00Z,pv,1,"U,S",\n', 4, 33, /^found 5 columns$/, /4 columns/); // quotes count
  });

  it('empty file, blank-only file and header-only file', () => {
    fails('', 1, /the file is empty/, /header line/);
    fails('\n\n', 1, /the file is empty/, /header line/);
    fails('\uFEFF', 1, /the file is empty/, /header line/);
    fails(H, 1, /header but no data rows/, /at least one data row/);
  });

  it('a row off the grid that the rest of its series is on is left out and reported', () => {
    const text = H + hourly(5) + '2026-11-01T05:30:00Z,pv,1,US\n' + hourly(2, 'pv', 'US', 6);
    const { d } = oneBadRow(
      text,
      7,
      undefined,
      /^timestamp 2026-11-01T05:30:00Z is off the grid of 1 hour steps that the rest of pv\{country=US\} is on; the row is left out$/,
      /^a timestamp on that grid, such as 2026-11-01T05:00:00Z or 2026-11-01T06:00:00Z\.$/,
    );
    assert.deepEqual([...d.series[0].values], [0, 1, 2, 3, 4, NaN, 6, 7]);
  });

  it('mixed steps: series with different steps', () => {
    let text = H + hourly(12);
    for (let i = 0; i < 4; i++) text += `${new Date(Date.UTC(2026, 10, 1, i * 3)).toISOString()},pv,1,IN\n`;
    fails(text, 15, /mixed steps: pv\{country=IN\} has a step of 3 hours but the data set's step is 1 hour/, /one time step/);
  });

  it('mixed steps: series on a shifted grid', () => {
    const text = H + hourly(4) + '2026-11-01T00:30:00Z,pv,1,IN\n2026-11-01T01:30:00Z,pv,1,IN\n';
    fails(text, 6, /mixed steps: timestamp 2026-11-01T00:30:00Z is off the grid of 1 hour steps/, /one time step/);
  });

  it('bad quoting in a row leaves the row out, at the character where it goes wrong; a quote left open to the end is fatal', () => {
    oneBadRow(H + hourly(2) + '2026-11-01T02:00:00Z,pv,1,"US"x\n', 4, 31, /^unexpected text after a closing quote in field 4$/, /RFC 4180/);
    oneBadRow(H + hourly(2) + '2026-11-01T02:00:00Z,pv,1,U"S",\n', 4, 28, /^stray quote inside unquoted field 4 \("U"S""\)$/, /RFC 4180/);
    // In a record over two lines, the position is on the line where the mistake is.
    oneBadRow(H + hourly(2) + '2026-11-01T02:00:00Z,"p\nv",1,"US"x\n', 5, 10, /^unexpected text after a closing quote in field 4$/, /RFC 4180/);
    fails(H + hourly(1) + '2026-11-01T01:00:00Z,pv,1,"US\n', 3, /unterminated quoted field/, /RFC 4180/);
    // Broken quoting in the header is the file's problem.
    fails('timestamp,metric,value,"country"x\n' + hourly(2), 1, /unexpected text after a closing quote in field 4/, /RFC 4180/, 33);
  });

  it('a file in which no data row can be used is refused, with the first problem and how many rows had one', () => {
    fails(
      H + 'yesterday,pv,1,US\n2026-11-01T00:00:00Z,pv,N/A,US\n2026-11-01T01:00:00Z,pv\n',
      2,
      /^data\/metrics\.csv:2:1: no data row can be used: all 3 have a problem; the first, on this line: bad timestamp "yesterday"\. Expected/,
      /ISO-8601/,
      1,
    );
    fails(H + '2026-11-01T00:00:00Z,pv,N/A,US\n', 2, /no data row can be used: the only one has a problem: bad value "N\/A"/, /finite decimal number/, 25);
  });

  it('CR-only line breaks are named as such, not as a header missing columns', () => {
    fails(
      'timestamp,metric,value\r2026-11-01T00:00:00Z,pv,1\r2026-11-01T01:00:00Z,pv,2\r',
      1,
      /the header contains a carriage return.*CR-only line breaks/,
      /lines that end with \\n or \\r\\n/,
    );
  });

  it('single timestamp: the step cannot be inferred unless given', () => {
    fails(H + hourly(1), undefined, /cannot infer the time step/, /step in the source config/);
    const d = parseLongCsv(H + hourly(1), FILE, { step: 3_600_000 });
    assert.equal(d.step, 3_600_000);
  });

  it('maxBytes guard names the file and the limit', () => {
    const p = new LongCsvParser(FILE, { maxBytes: 100 });
    p.push(H);
    let err: unknown;
    try {
      p.push(hourly(5));
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof InputError);
    assert.equal(err.line, undefined);
    assert.match(err.message, /^data\/metrics\.csv: the file is larger than the limit of 100 bytes\. Expected a file of at most 100 bytes/);
    // multi-byte characters count as UTF-8 bytes, not UTF-16 units
    const q = new LongCsvParser(FILE, { maxBytes: 10 });
    assert.throws(() => q.push('ééééé€'), InputError); // 5*2 + 3 = 13 bytes, 6 chars
    assert.doesNotThrow(() => new LongCsvParser(FILE, { maxBytes: 10 }).push('ééééé'));
  });
});
