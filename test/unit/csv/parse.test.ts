import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LongCsvParser, parseLongCsv } from '../../../src/core/csv';
import type { Dataset } from '../../../src/core/types';

const FILE = 'm.csv';
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 1);

/** A comparable plain form of a dataset (Float64Array -> array, NaN -> null). */
function plain(d: Dataset) {
  return {
    ...d,
    series: d.series.map(s => ({ ...s, values: [...s.values].map(v => (Number.isNaN(v) ? null : v)) })),
  };
}

describe('csv: parsing', () => {
  it('builds series on a common grid, with dimensions from extra columns in any order', () => {
    const text = [
      'country,value,timestamp,platform,metric',
      'US,10,2026-11-01T00:00:00Z,web,pv',
      'US,11,2026-11-01T01:00:00Z,web,pv',
      'IN,5,2026-11-01T01:00:00Z,ios,pv',
      'US,2,2026-11-01T00:00:00Z,web,signups',
      'US,3,2026-11-01T01:00:00Z,web,signups',
    ].join('\n');
    const d = parseLongCsv(text, FILE);
    assert.deepEqual(d.dimensions, ['country', 'platform']);
    assert.deepEqual(d.metrics, ['pv', 'signups']);
    assert.equal(d.step, HOUR);
    assert.equal(d.start, T0);
    assert.equal(d.end, T0 + 2 * HOUR);
    assert.deepEqual(
      d.series.map(s => [s.metric, { ...s.dims }, [...s.values]]), // dims have a null prototype
      [
        ['pv', { country: 'IN', platform: 'ios' }, [NaN, 5]],
        ['pv', { country: 'US', platform: 'web' }, [10, 11]],
        ['signups', { country: 'US', platform: 'web' }, [2, 3]],
      ],
    );
    for (const s of d.series) assert.ok(s.values instanceof Float64Array);
  });

  it('reports every missing bucket as a gap, merging runs, including empty cells and a late start', () => {
    const rows = ['timestamp,metric,value,country'];
    for (const h of [0, 1, 4, 5, 7]) rows.push(`${new Date(T0 + h * HOUR).toISOString()},pv,${h},US`);
    rows.push(`${new Date(T0 + 2 * HOUR).toISOString()},pv,,US`); // explicit empty cell = missing
    for (const h of [3, 4, 5, 6, 7]) rows.push(`${new Date(T0 + h * HOUR).toISOString()},pv,1,IN`);
    const d = parseLongCsv(rows.join('\r\n') + '\r\n', FILE);
    const us = d.series.find(s => s.dims.country === 'US')!;
    assert.deepEqual([...us.values], [0, 1, NaN, NaN, 4, 5, NaN, 7]);
    assert.deepEqual(
      d.gaps.map(g => [g.dims.country, (g.from - T0) / HOUR, (g.to - T0) / HOUR]),
      [
        ['IN', 0, 3],
        ['US', 2, 4],
        ['US', 6, 7],
      ],
    );
  });

  it('handles CRLF, a BOM, quoted fields with commas, quotes and newlines, and a blank trailing line', () => {
    const text =
      '\uFEFFtimestamp,metric,value,"campaign"\r\n' +
      '2026-11-01T00:00:00Z,pv,1,"spring, ""big"" sale"\r\n' +
      '2026-11-01T01:00:00Z,"pv",2,"two\r\nlines"\r\n' +
      '2026-11-01T02:00:00Z,pv,3,plain\r\n\r\n';
    const d = parseLongCsv(text, FILE);
    assert.deepEqual(d.dimensions, ['campaign']);
    assert.deepEqual(
      d.series.map(s => s.dims.campaign),
      ['plain', 'spring, "big" sale', 'two\r\nlines'],
    );
  });

  it('counts physical lines across quoted newlines in row problems', () => {
    const text = 'timestamp,metric,value,c\n2026-11-01T00:00:00Z,pv,1,"a\nb"\n2026-11-01T01:00:00Z,pv,x,a\n';
    const p = parseLongCsv(text, FILE).rowProblems?.listed[0];
    assert.deepEqual([p?.line, p?.column, p?.text.split('.')[0]], [4, 25, 'bad value "x"']);
  });

  it('DST-crossing timestamps with offsets land on one UTC grid', () => {
    // US fall-back night (2026-11-01): 01:00-04:00 EDT, then 01:00 EST again. Offsets make each unique.
    const stamps = ['2026-11-01T00:00:00-04:00', '2026-11-01T01:00:00-04:00', '2026-11-01T01:00:00-05:00', '2026-11-01T02:00:00-05:00', '2026-11-01T08:00:00Z'];
    const text = 'timestamp,metric,value\n' + stamps.map((t, i) => `${t},pv,${i}`).join('\n');
    const d = parseLongCsv(text, FILE);
    assert.equal(d.step, HOUR);
    assert.equal(d.start, Date.parse('2026-11-01T04:00:00Z'));
    assert.deepEqual([...d.series[0].values], [0, 1, 2, 3, 4]);
    assert.equal(d.gaps.length, 0);
  });

  it('chunk splits at every offset give the same dataset (property)', () => {
    const text =
      '\uFEFFtimestamp,metric,value,country\r\n' +
      '2026-11-01T00:00:00Z,pv,1,"U,S"\r\n' +
      '2026-11-01T01:00:00Z,pv,,"U,S"\r\n' +
      '2026-11-01T02:00:00Z,pv,3,"U,S"\r\n' +
      '2026-11-01T00:00:00Z,pv,4,"I""N\r\nx"\r\n' +
      '2026-11-01T02:00:00Z,pv,5,"I""N\r\nx"';
    const expected = plain(parseLongCsv(text, FILE));
    assert.equal(expected.gaps.length, 2);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: text.length }), { maxLength: 8 }), cuts => {
        const points = [0, ...[...cuts].sort((a, b) => a - b), text.length];
        const p = new LongCsvParser(FILE);
        for (let i = 1; i < points.length; i++) p.push(text.slice(points[i - 1], points[i]));
        assert.deepEqual(plain(p.end()), expected);
      }),
      { numRuns: 300 },
    );
    // and exhaustively, every single split point
    for (let k = 0; k <= text.length; k++) {
      const p = new LongCsvParser(FILE);
      p.push(text.slice(0, k));
      p.push(text.slice(k));
      assert.deepEqual(plain(p.end()), expected, `split at ${k}`);
    }
  });

  it('row problems carry the same line and column whatever the chunking', () => {
    const text = 'timestamp,metric,value\n2026-11-01T00:00:00Z,pv,1\n2026-11-01T01:00:00Z,pv,"1\n2"\n2026-11-01T02:00:00Z,pv,oops\n';
    const whole = parseLongCsv(text, FILE).rowProblems;
    assert.deepEqual(
      whole?.listed.map(p => [p.line, p.column, p.text.split('. Expected')[0]]),
      [
        [3, 25, 'bad value "1\n2"'],
        [5, 25, 'bad value "oops"'],
      ],
    );
    for (let k = 0; k <= text.length; k++) {
      const p = new LongCsvParser(FILE);
      p.push(text.slice(0, k));
      p.push(text.slice(k));
      assert.deepEqual(p.end().rowProblems, whole, `split at ${k}`);
    }
  });

  it('parses a quarter-million-row file at the pace of a naive split of the same text', () => {
    const parts = ['timestamp,metric,value,country,platform\n'];
    const countries = ['US', 'IN', 'GB', 'DE', 'BR', 'JP', 'FR', 'CA', 'AU', 'MX'];
    for (let h = 0; h < 24 * 7 * 7; h++) {
      const ts = new Date(T0 + h * HOUR).toISOString().replace('.000Z', 'Z');
      for (const m of ['page_views', 'signups'])
        for (const c of countries) for (const p of ['android', 'ios', 'web']) parts.push(`${ts},${m},${h % 97},${c},${p}\n`);
    }
    const text = parts.join('');
    const t = performance.now();
    const d = parseLongCsv(text, FILE);
    const ms = performance.now() - t;
    assert.equal(d.series.length, 60);
    assert.equal(d.gaps.length, 0);
    // Not a timing test: a ratio against a reference measured in the same run, so machine load cancels
    // out. The reference splits lines and fields and parses each timestamp (2-4x faster than the real
    // parser here). It runs after the chunking property above on purpose: on Node 20 the splitter once
    // slowed 30-fold here, but only after quoted input had shaped how the JIT compiled it (records.ts).
    const r = performance.now();
    let sum = 0;
    for (const line of text.split('\n')) {
      const f = line.split(',');
      sum += Number(f[2]) || 0;
      if (f[0]) sum += Date.parse(f[0]) > 0 ? 0 : 1;
    }
    const ref = performance.now() - r;
    assert.ok(sum > 0);
    assert.ok(ms < 20 * ref, `parser ${ms.toFixed(0)} ms, naive split ${ref.toFixed(0)} ms (${(ms / ref).toFixed(1)}x)`);
  });
});
