// Long records: scanning stays linear, records over the maximum length are refused with the line they
// start on, and no error message quotes more than MAX_QUOTED characters of user text.
import assert from 'node:assert/strict';
import { CsvRecordSplitter, LongCsvParser, MAX_QUOTED, MAX_RECORD_CHARS } from '../../../src/core/csv';
import { InputError } from '../../../src/core/types';

const FILE = 'data/metrics.csv';
const MB = 1 << 20;
const H = 'timestamp,metric,value,country\n';

/** Least time of a few runs of fn, in ms: the least is the one that the shared machine disturbed least. */
function minTime(fn: () => void, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

/** Feeds text in 1 MB chunks, as the extension's file reader does, to a splitter without a length limit. */
function split(text: string): number {
  let fields = 0;
  const s = new CsvRecordSplitter(FILE, f => (fields += f.length), Infinity);
  for (let i = 0; i < text.length; i += MB) s.push(text.slice(i, i + MB));
  s.end();
  return fields;
}

/** The InputError that parsing `text` in `chunk`-sized pieces throws. */
function errorOf(text: string, chunk = text.length || 1, opts = {}): InputError {
  const p = new LongCsvParser(FILE, opts);
  try {
    for (let i = 0; i < text.length; i += chunk) p.push(text.slice(i, i + chunk));
    p.end();
  } catch (e) {
    assert.ok(e instanceof InputError, String(e));
    return e;
  }
  assert.fail('expected an InputError');
}

/** The text between the first pair of double quotes in a message. */
function quoted(message: string): string {
  return /"([^"]*)"/.exec(message)![1];
}

describe('csv: long records', () => {
  // Sizes 8x apart, so linear (8x) and quadratic (64x) stand far apart, and the bound between them
  // (their geometric mean) is not reached by a GC pause on a loaded machine, as 4x vs 16x was.
  it('scans one long line in time linear in its length (32 MB vs 4 MB)', () => {
    const small = 'x'.repeat(4 * MB) + '\n';
    const big = 'x'.repeat(32 * MB) + '\n';
    split(small); // warm up
    const ratio = minTime(() => split(big)) / minTime(() => split(small));
    assert.ok(ratio < 23, `32 MB took ${ratio.toFixed(1)}x as long as 4 MB (linear: 8x, quadratic: 64x)`);
  });

  it('scans one quoted field spanning many lines in linear time (32 MB vs 4 MB)', () => {
    const field = (mb: number) => 'a,"' + 'abcdefghi\n'.repeat((mb * MB) / 10) + '",b\n';
    const [small, big] = [field(4), field(32)];
    assert.equal(split(small), 3);
    const ratio = minTime(() => split(big)) / minTime(() => split(small));
    assert.ok(ratio < 23, `32 MB took ${ratio.toFixed(1)}x as long as 4 MB (linear: 8x, quadratic: 64x)`);
  });

  it('refuses a line longer than the maximum with its line number and a short quote, whatever the chunking', () => {
    const text = H + '2026-11-01T00:00:00Z,pv,1,US\n' + 'y'.repeat(MAX_RECORD_CHARS + 10) + '\n2026-11-01T01:00:00Z,pv,1,US\n';
    const messages = new Set<string>();
    for (const chunk of [text.length, MB, 65_536, 1000]) {
      const e = errorOf(text, chunk);
      assert.equal(e.line, 3);
      assert.match(e.message, /^data\/metrics\.csv:3: the record starting on this line is longer than 1048576 characters \(it has no line break\)/);
      assert.match(e.expected, /one record per line, each at most 1048576 characters/);
      assert.ok(quoted(e.message.slice(e.message.indexOf('starts'))).length <= MAX_QUOTED + 1);
      assert.ok(e.message.length < 600, `message of ${e.message.length} characters`);
      messages.add(e.message);
    }
    assert.equal(messages.size, 1, [...messages].join('\n'));
  });

  it('refuses a quoted field that never closes once it passes the maximum, naming the line it opened on', () => {
    const text = H + '2026-11-01T00:00:00Z,pv,1,"US\n' + 'more text\n'.repeat(MAX_RECORD_CHARS / 10 + 10);
    for (const chunk of [text.length, 65_536]) {
      const e = errorOf(text, chunk);
      assert.equal(e.line, 2);
      assert.match(e.message, /a quoted field in it runs on over line breaks without closing\); it starts "2026-11-01T00:00:00Z,pv,1,"US\n/);
      assert.ok(e.message.length < 600);
    }
  });

  it('accepts a record of exactly the maximum length (not counting CRLF) and refuses one more, in any chunking', () => {
    const opts = { maxRecordChars: 40 };
    const row = (cell: string) => `2026-11-01T00:00:00Z,pv,1,${cell}`; // 26 characters before the cell
    const ok = H + row('a'.repeat(14)) + '\r\n' + row('b') + '\n';
    const bad = H + row('a'.repeat(15)) + '\r\n';
    for (let k = 0; k <= ok.length; k++) {
      const p = new LongCsvParser(FILE, { ...opts, step: 3_600_000 });
      p.push(ok.slice(0, k));
      p.push(ok.slice(k));
      assert.equal(p.end().series.length, 2);
    }
    for (let k = 0; k <= bad.length; k++) {
      const p = new LongCsvParser(FILE, opts);
      assert.throws(() => {
        p.push(bad.slice(0, k));
        p.push(bad.slice(k));
        p.end();
      }, /^InputError: data\/metrics\.csv:2: the record starting on this line is longer than 40 characters/);
    }
  });
});

describe('csv: quoting user text in messages', () => {
  const long = 'z'.repeat(5000);

  it('quotes at most MAX_QUOTED characters of a header, and says how long it was', () => {
    const e = errorOf(long + '\n');
    assert.match(e.message, /in the header "z{200}…" \(5000 characters\)\. Expected/);
  });

  it('clips bad cells, column lists and series labels', () => {
    const cases: [string, RegExp][] = [
      [H + `${long},pv,1,US\n`, /bad timestamp "z{200}…" \(5000 characters\)/],
      [H + `2026-11-01T00:00:00Z,pv,${long},US\n`, /bad value "z{200}…" \(5000 characters\)/],
      [H + `2026-11-01T00:00:00Z,pv,1,U"${long}"\n`, /stray quote inside unquoted field 4 \("U"z{198}…" \(5003 characters\)\)/],
      [
        `timestamp,metric,value,${long}\n2026-11-01T00:00:00Z,pv,1\n`,
        /found 3 columns\. Expected 4 columns \(timestamp,metric,value,z{177}… \(5023 characters\)\)\./,
      ],
    ];
    // Alone in their files, these rows make the file unusable: the error quotes the row's problem.
    for (const [text, re] of cases) {
      const e = errorOf(text);
      assert.match(e.message, re);
      assert.ok(e.message.length < 600, `message of ${e.message.length} characters`);
    }
    // Beside a good row they are row problems, clipped the same way, as is a series label.
    const good = `2026-11-01T01:00:00Z,pv,1,${long}\n`;
    for (const [text, re] of [
      ...cases,
      [
        H + `2026-11-01T00:00:00Z,pv,1,${long}\n2026-11-01T00:00:00Z,pv,2,${long}\n`,
        /for pv\{country=z{189}… \(5012 characters\) at 2026-11-01T00:00:00Z: line 2 has 1, line 3 has 2/,
      ],
    ] as [string, RegExp][]) {
      const p = new LongCsvParser(FILE, { step: 3_600_000 });
      p.push(text + good);
      const problem = p.end().rowProblems!.listed[0];
      assert.match(problem.text, re);
      assert.ok(problem.text.length < 600, `message of ${problem.text.length} characters`);
    }
  });

  it('never cuts a surrogate pair in half', () => {
    const e = errorOf('a'.repeat(199) + '😀'.repeat(100) + '\n');
    assert.match(e.message, /"a{199}…" \(399 characters\)/);
  });
});
