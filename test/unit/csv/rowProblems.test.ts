// A bad row is a gap, reported, never filled: the data set is still built, each bad row is counted and
// listed (up to a cap, by line) with its line and column, and its bucket is missing like any other gap.
import assert from 'node:assert/strict';
import { LongCsvParser, parseLongCsv } from '../../../src/core/csv';
import { MAX_LISTED_PROBLEMS as MAX_LISTED_ROW_PROBLEMS } from '../../../src/core/types';
import { InputError, type Dataset } from '../../../src/core/types';

const FILE = 'data/metrics.csv';
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 1);
const H = 'timestamp,metric,value,country\n';

const iso = (h: number): string => new Date(T0 + h * HOUR).toISOString().replace('.000Z', 'Z');

/** `[series label, from hour, to hour]` of every gap, as the grid's own NaN runs and as dataset.gaps. */
function gapRuns(d: Dataset): { fromValues: string[]; fromGaps: string[] } {
  const label = (metric: string, dims: Readonly<Record<string, string>>) => `${metric}{${Object.values(dims).join(',')}}`;
  const fromValues: string[] = [];
  for (const s of d.series) {
    for (let i = 0; i < s.values.length;) {
      if (!Number.isNaN(s.values[i])) {
        i++;
        continue;
      }
      let j = i;
      while (j < s.values.length && Number.isNaN(s.values[j])) j++;
      fromValues.push(`${label(s.metric, s.dims)} ${(s.start - T0) / HOUR + i}-${(s.start - T0) / HOUR + j}`);
      i = j;
    }
  }
  const fromGaps = d.gaps.map(g => `${label(g.metric, g.dims)} ${(g.from - T0) / HOUR}-${(g.to - T0) / HOUR}`);
  return { fromValues, fromGaps };
}

/** The listed problems as `line:column severity text-before-Expected`. */
const brief = (d: Dataset): string[] =>
  d.rowProblems!.listed.map(p => `${p.line}${p.column === undefined ? '' : `:${p.column}`} ${p.severity} ${p.text.split('. Expected ')[0]}`);

describe('csv: row problems', () => {
  it('leaves no rowProblems on a clean file', () => {
    const d = parseLongCsv(H + `${iso(0)},pv,1,US\n${iso(1)},pv,2,US\n`, FILE);
    assert.equal('rowProblems' in d, false);
  });

  it('builds the data set around one N/A among 145,000 rows: that cell is NaN, a gap, and the one problem', () => {
    const countries = Array.from({ length: 121 }, (_, i) => `C${i}`);
    const parts = [H];
    for (let h = 0; h < 1200; h++) {
      const ts = iso(h);
      for (const c of countries) parts.push(`${ts},pv,${h % 89},${c}\n`);
    }
    const at = 1 + 600 * countries.length + 7; // hour 600, country C7: the 0-based row index after the header
    const line = at + 1;
    parts[at] = `${iso(600)},pv,N/A,C7\n`;
    const d = parseLongCsv(parts.join(''), FILE);
    assert.equal(d.series.length, 121);
    assert.equal(d.end - d.start, 1200 * HOUR);
    const c7 = d.series.find(s => s.dims.country === 'C7')!;
    assert.ok(Number.isNaN(c7.values[600]));
    assert.equal(c7.values[599], 599 % 89);
    assert.equal(c7.values[601], 601 % 89);
    assert.equal(d.series.flatMap(s => [...s.values]).filter(Number.isNaN).length, 1, 'nothing else is missing, nothing filled');
    assert.deepEqual(gapRuns(d).fromGaps, ['pv{C7} 600-601']);
    assert.deepEqual(d.rowProblems, {
      count: 1,
      listed: [
        {
          severity: 'error',
          file: FILE,
          line,
          column: 25,
          text: 'bad value "N/A". Expected a finite decimal number, or an empty cell for a missing value.',
        },
      ],
    });
  });

  it('keeps a re-delivered row once, with a warning naming both lines, in the last (still arriving) hour too', () => {
    const text = H + `${iso(0)},pv,1,US\n${iso(1)},pv,2,US\n${iso(2)},pv,3,US\n${iso(1)},pv,2,US\n${iso(2)},pv,3,US\n${iso(2)},pv,3,IN\n`;
    const d = parseLongCsv(text, FILE);
    const us = d.series.find(s => s.dims.country === 'US')!;
    assert.deepEqual([...us.values], [1, 2, 3]);
    assert.equal(d.end, T0 + 3 * HOUR, 'the last hour is still on the grid');
    assert.deepEqual(brief(d), [
      `5 warning duplicate row for pv{country=US} at ${iso(1)}: line 5 repeats line 3 (both 2); it is used once`,
      `6 warning duplicate row for pv{country=US} at ${iso(2)}: line 6 repeats line 4 (both 3); it is used once`,
    ]);
    assert.ok(d.rowProblems!.listed.every(p => p.text.endsWith('Expected one row per timestamp for each series (metric and dimension values).')));
  });

  it('leaves a time that rows disagree about as a gap, an error naming both lines and values, in the last hour too', () => {
    const text = H + `${iso(0)},pv,1,US\n${iso(1)},pv,2,US\n${iso(2)},pv,3,US\n${iso(2)},pv,30,US\n${iso(1)},pv,2,US\n${iso(1)},pv,,US\n`;
    const d = parseLongCsv(text, FILE);
    assert.deepEqual([...d.series[0].values], [1, NaN, NaN]);
    assert.equal(d.end, T0 + 3 * HOUR);
    assert.deepEqual(brief(d), [
      `5 error conflicting rows for pv{country=US} at ${iso(2)}: line 4 has 3, line 5 has 30; that time is left as a gap`,
      `6 warning duplicate row for pv{country=US} at ${iso(1)}: line 6 repeats line 3 (both 2); it is used once`,
      `7 error conflicting rows for pv{country=US} at ${iso(1)}: line 3 has 2, line 7 has no value; that time is left as a gap`,
    ]);
    assert.deepEqual(gapRuns(d).fromGaps, ['pv{US} 1-3']);
  });

  it('counts every problem but lists the first 200 by line, including those found after reading (duplicates, rows off the grid)', () => {
    const rows = [`${iso(0)},pv,0,US`, `${iso(0)},pv,0,US`]; // lines 2 and 3: a re-delivery, found at the end
    rows.push(`${new Date(T0 + 90 * 60_000).toISOString()},pv,1,US`); // line 4: off the grid, found at the end
    for (let h = 1; h <= 300; h++) rows.push(`${iso(h)},pv,${h % 2 ? 'N/A' : h},US`); // 150 bad values
    for (let h = 301; h <= 400; h++) rows.push(`${iso(h)},pv,${h},US,extra`); // 100 rows with 5 columns
    const d = parseLongCsv(H + rows.join('\n') + '\n', FILE);
    assert.equal(d.rowProblems!.count, 1 + 1 + 150 + 100);
    const listed = d.rowProblems!.listed;
    assert.equal(listed.length, MAX_LISTED_ROW_PROBLEMS);
    const lines = listed.map(p => p.line!);
    assert.deepEqual(
      lines,
      [...lines].sort((a, b) => a - b),
      'in line order',
    );
    assert.deepEqual(brief(d).slice(0, 3), [
      `3 warning duplicate row for pv{country=US} at ${iso(0)}: line 3 repeats line 2 (both 0); it is used once`,
      `4 error timestamp 2026-11-01T01:30:00Z is off the grid of 1 hour steps that the rest of pv{country=US} is on; the row is left out`,
      '5:25 error bad value "N/A"',
    ]);
    // After the 150 bad values (lines 5..303, every other one), the first 48 five-column rows (from line 305).
    assert.equal(lines[MAX_LISTED_ROW_PROBLEMS - 1], 305 + 47);
    const d2 = new LongCsvParser(FILE);
    d2.push(H + rows.join('\n') + '\n');
    assert.deepEqual(d2.end().rowProblems, d.rowProblems, 'the same whatever the parser instance');
  });

  it('a row off the grid is named; the grid is the one most rows are on, even if the earliest row is off it', () => {
    const text = H + `${new Date(T0 - 30 * 60_000).toISOString()},pv,9,US\n` + [0, 1, 2].map(h => `${iso(h)},pv,${h},US\n`).join('') + `${iso(0)},pv,5,IN\n`;
    const d = parseLongCsv(text, FILE);
    assert.equal(d.start, T0);
    assert.deepEqual(brief(d), [
      '2 error timestamp 2026-10-31T23:30:00Z is off the grid of 1 hour steps that the rest of pv{country=US} is on; the row is left out',
    ]);
    assert.match(d.rowProblems!.listed[0].text, /Expected a timestamp on that grid, such as 2026-10-31T23:00:00Z or 2026-11-01T00:00:00Z\.$/);
  });

  it('finds the grid the same way before 1970 (negative times)', () => {
    const rows = ['1969-12-31T21:30:00Z', '1969-12-31T22:30:00Z', '1969-12-31T23:00:00Z', '1969-12-31T23:30:00Z', '1970-01-01T00:30:00Z'];
    const d = parseLongCsv('timestamp,metric,value\n' + rows.map((t, i) => `${t},pv,${i}`).join('\n'), FILE, { step: HOUR });
    assert.equal(d.start, Date.parse('1969-12-31T21:30:00Z'));
    assert.deepEqual([...d.series[0].values], [0, 1, 3, 4]);
    assert.deepEqual(brief(d), ['4 error timestamp 1969-12-31T23:00:00Z is off the grid of 1 hour steps that the rest of pv is on; the row is left out']);
  });

  it('agrees with dataset.gaps: every missing cell is a gap, every gap a missing cell, whatever the problem', () => {
    const rows: string[] = [];
    for (let h = 0; h < 12; h++) for (const c of ['US', 'IN']) rows.push(`${iso(h)},pv,${h},${c}`);
    rows[3] = `${iso(1)},pv,N/A,IN`; // a bad value
    rows[6] = `yesterday,pv,3,US`; // a bad timestamp: the row is left out
    rows[9] = `${iso(4)},pv,4`; // too few columns
    rows[12] = `${iso(6)},pv,"6"x,US`; // broken quoting
    rows.push(`${iso(8)},pv,80,US`); // disagrees with the row for hour 8
    rows.push(`${iso(9)},pv,9,US`); // repeats the row for hour 9
    rows.push(`${iso(11)},pv,,IN`); // an empty cell for an hour that has a value: they disagree
    rows.push(`${new Date(T0 + 10.5 * HOUR).toISOString()},pv,1,IN`); // off the grid
    rows.splice(14, 2); // no rows at all for hour 7
    const d = parseLongCsv(H + rows.join('\n') + '\n', FILE);
    const { fromValues, fromGaps } = gapRuns(d);
    assert.deepEqual(fromGaps, fromValues);
    assert.deepEqual(fromGaps, ['pv{IN} 1-2', 'pv{IN} 4-5', 'pv{IN} 7-8', 'pv{IN} 11-12', 'pv{US} 3-4', 'pv{US} 6-9']);
    assert.equal(d.rowProblems!.count, 8);
    assert.deepEqual(
      d.rowProblems!.listed.map(p => p.severity),
      ['error', 'error', 'error', 'error', 'error', 'warning', 'error', 'error'],
    );
  });

  it('refuses a file in which every row is bad, however many, naming the first and the count', () => {
    const rows = Array.from({ length: 500 }, (_, h) => `${iso(h)},pv,n/a,US`);
    let err: unknown;
    try {
      parseLongCsv(H + rows.join('\n'), FILE);
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof InputError);
    assert.equal(
      err.message,
      `${FILE}:2:25: no data row can be used: all 500 have a problem; the first, on this line: bad value "n/a". Expected a finite decimal number, or an empty cell for a missing value.`,
    );
  });

  it('a file of empty value cells is still a data set of gaps, not a refusal (an empty cell is a missing value)', () => {
    const d = parseLongCsv(H + `${iso(0)},pv,,US\n${iso(1)},pv,,US\n`, FILE);
    assert.equal('rowProblems' in d, false);
    assert.equal(d.gaps.length, 1);
  });
});
