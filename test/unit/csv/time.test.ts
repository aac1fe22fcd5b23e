// Timestamps and the grid: years before 1000, steps in messages, and grids far larger than the rows.
import assert from 'node:assert/strict';
import { formatStep, parseInstant, parseLongCsv } from '../../../src/core/csv';
import { InputError } from '../../../src/core/types';

const FILE = 'data/metrics.csv';
const HOUR = 3_600_000;

function errorOf(text: string, step?: number): InputError {
  try {
    parseLongCsv(text, FILE, { step });
  } catch (e) {
    assert.ok(e instanceof InputError, String(e));
    return e;
  }
  assert.fail('expected an InputError');
}

/** Counts Float64Array allocations by length while fn runs (the grid allocates one per series). */
function largestAllocation(fn: () => void): number {
  const Real = globalThis.Float64Array;
  let largest = 0;
  globalThis.Float64Array = new Proxy(Real, {
    construct(target, args: [number]) {
      if (typeof args[0] === 'number') largest = Math.max(largest, args[0]);
      return new target(...args);
    },
  });
  try {
    fn();
  } finally {
    globalThis.Float64Array = Real;
  }
  return largest;
}

function hours(n: number, from = Date.UTC(2026, 10, 1)): string {
  let s = '';
  for (let i = 0; i < n; i++) s += `${new Date(from + i * HOUR).toISOString()},pv,${i}\n`;
  return s;
}

describe('csv: years', () => {
  it('refuses years before 1000 instead of reading 0050 as 1950', () => {
    for (const ts of ['0050-01-01T00:00:00Z', '0000-01-01T00:00Z', '0099-12-31T23:00:00+01:00', '0999-12-31T23:00:00Z']) {
      assert.equal(parseInstant(ts), 'year', ts);
      const d = parseLongCsv(`timestamp,metric,value\n2026-11-01T00:00:00Z,pv,1\n${ts},pv,2\n`, FILE, { step: HOUR });
      const p = d.rowProblems!.listed[0];
      assert.deepEqual([d.rowProblems!.count, p.line, p.column], [1, 3, 1]);
      assert.match(
        p.text,
        new RegExp(
          `^timestamp "${ts.replace('+', '\\+')}" is in the year ${ts.slice(0, 4)}, most likely a typo\\. Expected .* in a year from 1000 to 9999\\.$`,
        ),
      );
      assert.equal(d.series[0].values.length, 1, 'the row is left out, not read as 1950');
    }
  });

  it('reads years from 1000 to 9999 exactly', () => {
    assert.equal(parseInstant('1000-01-01T00:00:00Z'), Date.parse('1000-01-01T00:00:00Z'));
    assert.equal(parseInstant('9999-12-31T23:00:00-01:00'), Date.parse('+010000-01-01T00:00:00Z'));
  });
});

describe('csv: steps in messages', () => {
  it('formats steps in words', () => {
    const cases: [number, string][] = [
      [100, '100 ms'],
      [1500, '1500 ms'],
      [6000, '6 s'],
      [60_000, '1 minute'],
      [90 * 60_000, '90 minutes'],
      [HOUR, '1 hour'],
      [3 * HOUR, '3 hours'],
      [24 * HOUR, '1 day'],
      [7 * 24 * HOUR, '7 days'],
    ];
    for (const [ms, text] of cases) assert.equal(formatStep(ms), text);
  });

  it('names a sub-second step plainly for a row off the grid', () => {
    const t0 = Date.UTC(2026, 10, 1);
    const rows = [0, 100, 200, 300, 450].map(ms => `${new Date(t0 + ms).toISOString()},pv,1`).join('\n');
    const p = parseLongCsv(`timestamp,metric,value\n${rows}\n`, FILE).rowProblems!.listed[0];
    assert.equal(p.line, 6);
    assert.match(
      p.text,
      /^timestamp 2026-11-01T00:00:00\.450Z is off the grid of 100 ms steps that the rest of pv is on; .* such as 2026-11-01T00:00:00\.400Z or 2026-11-01T00:00:00\.500Z\.$/,
    );
  });

  it('refuses a series that is mostly off the grid of the others (a mixed-step data set)', () => {
    const text =
      'timestamp,metric,value,c\n' +
      hours(4).replace(/\n/g, ',a\n') +
      '2026-11-01T00:00:00Z,pv,1,b\n2026-11-01T00:30:00Z,pv,1,b\n2026-11-01T01:30:00Z,pv,1,b\n';
    const e = errorOf(text);
    assert.equal(e.line, 7);
    assert.match(e.message, /mixed steps: timestamp 2026-11-01T00:30:00Z is off the grid of 1 hour steps that starts at 2026-11-01T00:00:00Z/);
  });
});

describe('csv: grid size', () => {
  it('refuses rows decades apart before allocating the grid, naming the outlying row', () => {
    const text = 'timestamp,metric,value\n1970-01-01T00:00:00Z,pv,1\n' + hours(48) + '2100-01-01T00:00:00Z,pv,2\n';
    let err: unknown;
    const largest = largestAllocation(() => {
      try {
        parseLongCsv(text, FILE);
      } catch (e) {
        err = e;
      }
    });
    assert.ok(err instanceof InputError, String(err));
    assert.equal(largest, 0, 'allocated a grid');
    assert.equal(err.line, 51); // 2100 lies farther from the other rows than 1970
    assert.match(
      err.message,
      /^data\/metrics\.csv:51: timestamps span 130 years at a step of 1 hour \(1\.1 million buckets\) for 50 distinct timestamps: the earliest is 1970-01-01T00:00:00Z on line 2, the latest 2100-01-01T00:00:00Z on line 51\. Expected a contiguous history/,
    );
  });

  it('refuses three far-apart rows with a given step, and a millisecond step over centuries', () => {
    const three = 'timestamp,metric,value\n1970-01-01T00:00:00Z,pv,1\n2026-01-01T00:00:00Z,pv,2\n2100-01-01T00:00:00Z,pv,3\n';
    const e = errorOf(three, HOUR);
    assert.equal(e.line, 4);
    assert.match(e.message, /span 130 years at a step of 1 hour \(1\.1 million buckets\) for 3 distinct timestamps/);
    assert.match(errorOf(three.replace('1970', '1000').replace('2100', '9999'), 1).message, /span 8999 years at a step of 1 ms \(280 trillion buckets\)/);
  });

  it('names the earlier row when it is the outlier', () => {
    const e = errorOf('timestamp,metric,value\n' + hours(48) + '1970-01-01T00:00:00Z,pv,1\n');
    assert.equal(e.line, 50);
    assert.match(e.message, /the earliest is 1970-01-01T00:00:00Z on line 50, the latest 2026-11-02T23:00:00Z on line 49/);
  });

  it('accepts a history with long gaps, and a short file with a few rows months apart', () => {
    const t0 = Date.UTC(2026, 0, 1);
    // Four weeks hourly with the middle two weeks missing: half the buckets are gaps.
    const d = parseLongCsv('timestamp,metric,value\n' + hours(7 * 24, t0) + hours(7 * 24, t0 + 21 * 24 * HOUR), FILE);
    assert.equal(d.series[0].values.length, 28 * 24);
    const few = 'timestamp,metric,value\n2026-01-01T00:00:00Z,pv,1\n2026-04-01T00:00:00Z,pv,2\n2026-06-01T00:00:00Z,pv,3\n';
    assert.equal(parseLongCsv(few, FILE, { step: HOUR }).series[0].values.length, 3625);
  });

  it('refuses series on shifted grids before allocating (a fractional bucket count threw a RangeError)', () => {
    const text = 'timestamp,metric,value,c\n' + hours(4).replace(/\n/g, ',a\n') + '2026-11-01T00:30:00Z,pv,1,b\n2026-11-01T03:30:00Z,pv,1,b\n';
    const e = errorOf(text);
    assert.equal(e.line, 6);
    assert.match(e.message, /mixed steps: timestamp 2026-11-01T00:30:00Z is off the grid of 1 hour steps that starts at 2026-11-01T00:00:00Z/);
  });

  it('refuses a step that is not a positive whole number of milliseconds', () => {
    for (const step of [0, -HOUR, 0.5, NaN]) {
      const e = errorOf('timestamp,metric,value\n' + hours(2), step);
      assert.equal(e.line, undefined);
      assert.match(e.message, /the step .* is not usable\. Expected a step of a whole, positive number of milliseconds/);
    }
  });
});
