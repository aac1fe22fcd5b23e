// Column names and cell values are user text that ends up as object keys and map keys: reserved names are
// refused as columns, and values such as "constructor" are ordinary data.
import assert from 'node:assert/strict';
import { LongCsvParser, parseLongCsv } from '../../../src/core/csv';
import { InputError } from '../../../src/core/types';

const FILE = 'data/metrics.csv';

function hourly(rows: [string, string, string][], header = 'timestamp,metric,value,platform'): string {
  return header + '\n' + rows.map(([h, m, rest]) => `2026-11-01T${h}:00:00Z,${m},${rest}`).join('\n') + '\n';
}

describe('csv: keys from user text', () => {
  for (const name of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']) {
    it(`refuses "${name}" as a column name, naming the header line`, () => {
      const text = `\n${'timestamp,metric,value,country,' + name}\n2026-11-01T00:00:00Z,pv,1,US,web\n2026-11-01T01:00:00Z,pv,1,US,web\n`;
      let err: unknown;
      try {
        parseLongCsv(text, FILE);
      } catch (e) {
        err = e;
      }
      assert.ok(err instanceof InputError, String(err));
      assert.equal(err.line, 2); // the header, after a blank first line
      assert.equal(err.message.split('. Expected')[0], `${FILE}:2: column 5 is named "${name}", a name reserved by JavaScript objects; rename the column`);
      assert.match(err.expected, /other than __proto__, constructor, prototype/);
    });
  }

  it('keeps other spellings of reserved words as ordinary column names', () => {
    const d = parseLongCsv(
      hourly(
        [
          ['00', 'pv', '1,x'],
          ['01', 'pv', '2,x'],
        ],
        'timestamp,metric,value,Constructor',
      ),
      FILE,
    );
    assert.deepEqual(d.dimensions, ['Constructor']);
    assert.equal(d.series[0].dims.Constructor, 'x');
  });

  it('stores values such as "constructor" and "__proto__" as data, one series each', () => {
    const values = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'prototype', 'web'];
    const rows: [string, string, string][] = [];
    values.forEach((v, i) => {
      rows.push(['00', 'pv', `${i},${v}`], ['01', 'pv', `${i + 10},${v}`]);
      rows.push(['00', v, `${i + 100},web`]); // and as metric names
    });
    const d = parseLongCsv(hourly(rows), FILE);
    assert.deepEqual(d.metrics, ['pv', ...values]);
    const pv = d.series.filter(s => s.metric === 'pv');
    assert.deepEqual(pv.map(s => s.dims.platform).sort(), [...values].sort());
    for (const s of pv) {
      assert.equal(Object.getPrototypeOf(s.dims), null);
      assert.deepEqual(Object.keys(s.dims), ['platform']);
      const i = values.indexOf(s.dims.platform);
      assert.deepEqual([...s.values], [i, i + 10]);
    }
    const ctor = d.series.find(s => s.metric === 'constructor')!;
    assert.equal(ctor.dims.platform, 'web');
    assert.deepEqual([...ctor.values], [100, NaN]); // constructor is values[0]: 0 + 100
    assert.equal(d.gaps.filter(g => g.metric === 'pv').length, 0);
  });

  it('keeps series apart whatever characters their values hold', () => {
    // metric "a" with platform "b\0c" and metric "a\0b" with platform "c" once shared a map key.
    const text =
      'timestamp,metric,value,platform\n' + ['a,1,"b\u0000c"', '"a\u0000b",2,c'].flatMap(r => ['00', '01'].map(h => `2026-11-01T${h}:00:00Z,${r}`)).join('\n');
    const d = parseLongCsv(text, FILE);
    assert.deepEqual(
      d.series.map(s => [s.metric, s.dims.platform, [...s.values]]),
      [
        ['a', 'b\u0000c', [1, 1]],
        ['a\u0000b', 'c', [2, 2]],
      ],
    );
  });

  it('reads a series with no dimensions into a dims object without a prototype', () => {
    const p = new LongCsvParser(FILE);
    p.push('timestamp,metric,value\n2026-11-01T00:00:00Z,pv,1\n2026-11-01T01:00:00Z,pv,2\n');
    const d = p.end();
    assert.equal(Object.getPrototypeOf(d.series[0].dims), null);
    assert.deepEqual({ ...d.series[0].dims }, {});
  });
});
