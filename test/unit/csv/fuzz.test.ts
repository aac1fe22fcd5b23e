// Fuzzing the parser with odd input: it may refuse input only with an InputError that names a line (or, for
// whole-file problems, the file), and where the text is cut into chunks must not change the outcome.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LongCsvParser } from '../../../src/core/csv';
import { InputError, type Dataset } from '../../../src/core/types';

const RUNS = Number(process.env.CSV_FUZZ_RUNS ?? 300);

const odd = <T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>) => fc.oneof({ weight: 9, arbitrary: usual }, { weight: 1, arbitrary: rare });
const name = odd(
  fc.constantFrom('country', 'platform', 'Constructor'),
  fc.constantFrom(
    'country',
    'platform',
    '__proto__',
    'constructor',
    'toString',
    'Prototype',
    '"quoted name"',
    '"a,b"',
    'é',
    '😀',
    '',
    ' ',
    'TIMESTAMP',
    'value',
    '\uFEFF',
    '"x\ny"',
  ),
);
const timestamp = odd(
  fc.integer({ min: 0, max: 48 }).map(h => new Date(Date.UTC(2026, 10, 1, h, h % 7 === 0 ? 30 : 0)).toISOString()),
  fc.constantFrom(
    '0050-01-01T00:00:00Z',
    '0000-01-01T00:00Z',
    '1000-01-01T00:00:00Z',
    '9999-12-31T23:00:00-14:00',
    '1970-01-01T00:00:00Z',
    '2100-01-01T00:00:00Z',
    '2026-11-01T00:00:00.5Z',
    '2026-11-01T00:00:00.999999999+05:30',
    '2026-11-01T00:00:00',
    '2026-02-29T00:00Z',
    '2026-11-01 01:00Z',
    '2026-11-01T00:00:60Z',
    '',
    ' ',
    'x',
    '"2026-11-01T03:00:00Z"',
  ),
);
const value = odd(
  fc.oneof(fc.integer().map(String), fc.constantFrom('', '1.5e3')),
  fc.oneof(
    fc.double().map(String),
    fc.constantFrom('', '1e308', '1e309', '-0', '.5', '5.', '0x10', 'NaN', 'Infinity', '"1"', '"1,5"', '١٢', '1'.repeat(400), '9'.repeat(20) + 'x'),
  ),
);
const cell = odd(
  fc.constantFrom('US', 'IN', 'web', '__proto__', 'constructor'),
  fc.oneof(
    fc.constantFrom(
      '__proto__',
      'constructor',
      'hasOwnProperty',
      'a\u0000b',
      '\u0000',
      '"q""uote"',
      '"multi\r\nline"',
      '"open',
      'stray"q',
      '""',
      ' ',
      '\uFEFF',
      '😀',
      '\uD800',
    ),
    fc.string({ maxLength: 5 }),
  ),
);
const row = fc.tuple(
  timestamp,
  odd(fc.constantFrom('pv', 'signups', '__proto__', 'constructor'), fc.constantFrom('', ' pv ', '"pv"')),
  value,
  odd(fc.constant(-1), fc.constantFrom(0, 1, 4)),
  fc.array(cell, { minLength: 3, maxLength: 3 }),
);
const text = fc
  .record({
    bom: fc.boolean(),
    dims: fc.uniqueArray(name, { maxLength: 3 }),
    order: odd(fc.constantFrom('tmv', 'vtm'), fc.constant('mt')),
    rows: fc.array(row, { maxLength: 40 }),
    eol: odd(fc.constantFrom('\n', '\r\n'), fc.constantFrom('\r', '\n\n', '\n \n')),
    trailing: fc.boolean(),
  })
  .map(({ bom, dims, order, rows, eol, trailing }) => {
    const pick = (t: string, m: string, v: string) => [...order].map(c => ({ t, m, v })[c as 't' | 'm' | 'v']!);
    const lines = [(bom ? '\uFEFF' : '') + [...pick('timestamp', 'metric', 'value'), ...dims].join(',')];
    // A row has as many cells as the header unless `extra` says otherwise.
    for (const [t, m, v, extra, cells] of rows) lines.push([...pick(t, m, v), ...cells.slice(0, extra < 0 ? dims.length : extra)].join(','));
    return lines.join(eol) + (trailing ? eol : '');
  });
const input = fc.oneof({ weight: 5, arbitrary: text }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) });

function summary(d: Dataset): string {
  return JSON.stringify({ ...d, series: d.series.map(s => ({ ...s, values: [...s.values].map(String) })) });
}

/** 'ok:<dataset>' or 'err:<message>'; anything but an InputError fails the property. */
function outcome(text: string, cuts: number[], step?: number): string {
  try {
    const p = new LongCsvParser('f.csv', { step });
    let at = 0;
    for (const c of [...cuts, text.length].sort((a, b) => a - b)) {
      p.push(text.slice(at, Math.max(at, c)));
      at = Math.max(at, c);
    }
    return 'ok:' + summary(p.end());
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    assert.ok(e.message.length < 1500, `message of ${e.message.length} characters`);
    return 'err:' + e.message;
  }
}

describe('csv: fuzzing', () => {
  it('odd input gives a dataset or an InputError, whatever the chunking', () => {
    fc.assert(
      fc.property(input, fc.array(fc.nat(), { maxLength: 6 }), fc.constantFrom(undefined, 1, 100, 3_600_000), (t, cuts, step) => {
        assert.equal(
          outcome(
            t,
            cuts.map(c => c % (t.length + 1)),
            step,
          ),
          outcome(t, [], step),
        );
      }),
      { numRuns: RUNS },
    );
  });
});
