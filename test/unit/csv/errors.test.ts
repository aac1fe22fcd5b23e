import assert from 'node:assert/strict';
import { parseLongCsv, LongCsvParser } from '../../../src/core/csv';
import { InputError } from '../../../src/core/types';

const FILE = 'data/metrics.csv';
const H = 'timestamp,metric,value,country\n';

/** Asserts that parsing throws an InputError at `line` whose message names the file, line and expectation. */
function fails(text: string, line: number | undefined, detail: RegExp, expected: RegExp): InputError {
  let err: unknown;
  try {
    parseLongCsv(text, FILE);
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof InputError, `expected an InputError, got ${String(err)}`);
  assert.equal(err.file, FILE);
  assert.equal(err.line, line);
  const prefix = line === undefined ? `${FILE}: ` : `${FILE}:${line}: `;
  assert.ok(err.message.startsWith(prefix), err.message);
  assert.match(err.message, detail);
  assert.match(err.message, / Expected /);
  assert.match(err.expected, expected);
  return err;
}

function hourly(n: number, metric = 'pv', country = 'US', from = 0): string {
  let s = '';
  for (let i = from; i < from + n; i++) s += `${new Date(Date.UTC(2026, 10, 1, i)).toISOString()},${metric},${i},${country}\n`;
  return s;
}

describe('csv: input errors', () => {
  it('bad timestamp names the line and the expected format', () => {
    const e = fails(H + hourly(3) + '2026-13-01T00:00Z,pv,1,US\n', 5, /bad timestamp "2026-13-01T00:00Z"/, /ISO-8601 timestamp with a UTC offset/);
    assert.match(e.message, /e\.g\. 2026-11-03T09:00:00Z\.$/);
  });

  it('unparseable timestamp text', () => {
    fails(H + 'yesterday,pv,1,US\n', 2, /bad timestamp "yesterday"/, /ISO-8601/);
    fails(H + '2026-02-30T00:00:00Z,pv,1,US\n', 2, /bad timestamp/, /ISO-8601/);
  });

  it('naive timestamp is rejected as ambiguous', () => {
    fails(H + '2026-11-01T01:30:00,pv,1,US\n', 2, /no UTC offset.*ambiguous/, /UTC offset/);
  });

  it('bad numbers: text, NaN, infinity, hex', () => {
    for (const v of ['abc', 'NaN', 'inf', 'Infinity', '-Infinity', '0x10', '1,5', '1e999']) {
      const cell = v.includes(',') ? `"${v}"` : v;
      fails(H + hourly(2) + `2026-11-01T02:00:00Z,pv,${cell},US\n`, 4, new RegExp(`bad value "${v}"`), /finite decimal number/);
    }
  });

  it('accepts ordinary number forms', () => {
    const d = parseLongCsv(H + '2026-11-01T00:00:00Z,pv,-1.5e2,US\n2026-11-01T01:00:00Z,pv,+.5,US\n2026-11-01T02:00:00Z,pv, 7 ,US\n', FILE);
    assert.deepEqual([...d.series[0].values], [-150, 0.5, 7]);
  });

  it('duplicate timestamp for the same series names both lines', () => {
    const text = H + hourly(4) + hourly(1, 'pv', 'IN') + '2026-11-01T01:00:00Z,pv,9,US\n';
    fails(text, 7, /duplicate timestamp 2026-11-01T01:00:00Z for pv\{country=US\}: line 3 and line 7/, /one row per timestamp/);
  });

  it('duplicate detection also works when rows are out of order', () => {
    const text = H + '2026-11-01T03:00:00+01:00,pv,1,US\n' + '2026-11-01T01:00:00Z,pv,1,US\n' + '2026-11-01T02:00:00Z,pv,1,US\n';
    fails(text, 4, /duplicate timestamp 2026-11-01T02:00:00Z.*line 2 and line 4/, /one row per timestamp/);
  });

  it('same timestamp in different series is not a duplicate', () => {
    const d = parseLongCsv(H + hourly(2) + hourly(2, 'pv', 'IN') + hourly(2, 'signups', 'US'), FILE);
    assert.equal(d.series.length, 3);
  });

  it('missing columns are named on line 1', () => {
    fails('timestamp,metric,country\n', 1, /missing column "value"/, /timestamp, metric and value/);
    fails('time,metric,val\n2026-11-01T00:00Z,a,1\n', 1, /missing columns "timestamp", "value"/, /timestamp, metric and value/);
  });

  it('a row with too few or too many columns', () => {
    fails(H + hourly(1) + '2026-11-01T01:00:00Z,pv,1\n', 3, /found 3 columns/, /4 columns \(timestamp,metric,value,country\)/);
    fails(H + '2026-11-01T01:00:00Z,pv,1,US,x\n', 2, /found 5 columns/, /4 columns/);
  });

  it('empty file, blank-only file and header-only file', () => {
    fails('', 1, /the file is empty/, /header line/);
    fails('\n\n', 1, /the file is empty/, /header line/);
    fails('\uFEFF', 1, /the file is empty/, /header line/);
    fails(H, 1, /header but no data rows/, /at least one data row/);
  });

  it('mixed steps: a non-multiple jump inside a series', () => {
    const text = H + hourly(5) + '2026-11-01T05:30:00Z,pv,1,US\n';
    fails(text, 7, /mixed steps: pv\{country=US\} jumps 90 minutes from line 6.*step 1 hour/, /one time step/);
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

  it('bad quoting', () => {
    fails(H + '2026-11-01T00:00:00Z,pv,1,"US"x\n', 2, /unexpected text after a closing quote/, /RFC 4180/);
    fails(H + '2026-11-01T00:00:00Z,pv,1,U"S",\n', 2, /stray quote/, /RFC 4180/);
    fails(H + hourly(1) + '2026-11-01T01:00:00Z,pv,1,"US\n', 3, /unterminated quoted field/, /RFC 4180/);
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
