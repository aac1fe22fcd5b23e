// Streaming parser for the long CSV format `timestamp,metric,value,<dims...>` (columns in any order).
// Rows are validated as they arrive; step inference, duplicate checks and the grid happen in end().
// A bad row does not stop the parse: it is left out (or, for a bad value, kept as a missing value),
// so its bucket is a gap like any missing row, and it is reported in the Dataset's rowProblems. Only
// problems with the file as a whole (the header, its size, its steps, no usable row) throw.
import { InputError, type Dataset } from '../types';
import { cellPosition, CsvRecordSplitter } from './records';
import { clip, quote } from './quote';
import { parseInstant } from './timestamp';
import { buildDataset, type SeriesAcc } from './grid';
import { RowProblemLog } from './rowProblems';

export interface LongCsvOptions {
  /** Refuse input larger than this many UTF-8 bytes (the caller's size guard). */
  readonly maxBytes?: number;
  /** The step in ms, when known; otherwise it is inferred from the data. */
  readonly step?: number;
  /** Longest record accepted, in characters (default MAX_RECORD_CHARS, 1 Mi). */
  readonly maxRecordChars?: number;
}

const REQUIRED = ['timestamp', 'metric', 'value'] as const;
const TS_EXPECTED = 'an ISO-8601 timestamp with a UTC offset, e.g. 2026-11-03T09:00:00Z';
const NUM_EXPECTED = 'a finite decimal number, or an empty cell for a missing value';
// Dimension names become keys of each series' `dims` object: these would set its prototype or shadow
// what code expects of every object.
const RESERVED = new Set(['__proto__', 'constructor', 'prototype', ...Object.getOwnPropertyNames(Object.prototype)]);
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) n += c < 0x800 ? 1 : c >= 0xd800 && c <= 0xdfff ? 1 : 2; // a surrogate pair is 4 bytes
  }
  return n;
}

export class LongCsvParser {
  private readonly splitter: CsvRecordSplitter;
  private readonly maxBytes: number;
  private bytes = 0;
  private header: string[] | undefined;
  private tsCol = 0;
  private metricCol = 0;
  private valueCol = 0;
  private dimCols: number[] = [];
  private dimNames: string[] = [];
  private readonly series = new Map<string, SeriesAcc>();
  private readonly metrics: string[] = [];
  private readonly metricSet = new Set<string>();
  private readonly tsCache = new Map<string, number>();
  private rows = 0;
  /** Data rows left out or without a usable value, each reported once in `problems`. */
  private badRows = 0;
  private firstBad: InputError | undefined;
  private readonly problems = new RowProblemLog();
  private ended = false;

  constructor(
    readonly file: string,
    private readonly opts: LongCsvOptions = {},
  ) {
    this.maxBytes = opts.maxBytes ?? Infinity;
    const { step } = opts;
    if (step !== undefined && !(Number.isSafeInteger(step) && step > 0)) {
      throw new InputError(file, undefined, 'a step of a whole, positive number of milliseconds', `the step ${step} is not usable`);
    }
    this.splitter = new CsvRecordSplitter(
      file,
      (fields, line, record) => this.record(fields, line, record),
      opts.maxRecordChars,
      // Broken quoting in one data row leaves that row out; in the header it is the file's problem.
      e => {
        if (!this.header) throw e;
        this.rows++;
        this.badRow(e.line!, () => e);
      },
    );
  }

  push(chunk: string): void {
    if (this.ended) throw new Error('LongCsvParser: push() after end()');
    if (this.maxBytes !== Infinity) {
      this.bytes += utf8Length(chunk);
      if (this.bytes > this.maxBytes) {
        throw new InputError(
          this.file,
          undefined,
          `a file of at most ${this.maxBytes} bytes (${(this.maxBytes / 1048576).toFixed(1)} MB); aggregate the data or raise the size limit`,
          `the file is larger than the limit of ${this.maxBytes} bytes`,
        );
      }
    }
    this.splitter.push(chunk);
  }

  end(): Dataset {
    if (this.ended) throw new Error('LongCsvParser: end() called twice');
    this.ended = true;
    this.splitter.end();
    if (!this.header) {
      throw new InputError(this.file, 1, `a header line such as "timestamp,metric,value,country"`, 'the file is empty');
    }
    if (this.rows === 0) {
      throw new InputError(this.file, 1, 'at least one data row after the header', 'the file has a header but no data rows');
    }
    if (this.rows === this.badRows) {
      // Nothing to show: a report of gaps only would hide that the file is not this format at all.
      const first = this.firstBad!;
      throw new InputError(
        this.file,
        first.line,
        first.expected,
        `no data row can be used: ${this.badRows === 1 ? 'the only one has a problem' : `all ${this.badRows} have a problem; the first, on this line`}: ${first.detail}`,
        first.column,
      );
    }
    return buildDataset(this.file, this.dimNames, this.metrics, [...this.series.values()], this.opts.step, this.problems);
  }

  /** Counts a data row that cannot be used and reports it; `make` builds its error only if it is listed. */
  private badRow(line: number, make: () => InputError): void {
    const e = this.problems.add(line, make);
    if (this.badRows++ === 0) this.firstBad = e; // the first is always listed
  }

  /** Reports cell `col` of a record as bad, at the cell's own line and column. */
  private badCell(record: string, line: number, col: number, expected: string, detail: string): void {
    const at = cellPosition(record, col, line);
    this.badRow(at.line, () => new InputError(this.file, at.line, expected, detail, at.column));
  }

  private record(fields: string[], line: number, record: string): void {
    if (!this.header) return this.readHeader(fields, line);
    const h = this.header;
    if (fields.length !== h.length) {
      // Which cell is which cannot be known, so the row is left out. The column: the first extra cell, or
      // the end of the record where a cell is missing.
      this.rows++;
      const n = fields.length;
      return this.badCell(record, line, Math.min(n, h.length), `${h.length} columns (${clip(h.join(','))})`, `found ${n} column${n === 1 ? '' : 's'}`);
    }
    this.rows++;
    const rawTs = fields[this.tsCol].trim();
    let t = this.tsCache.get(rawTs);
    if (t === undefined) {
      const r = parseInstant(rawTs);
      if (typeof r !== 'number') return this.badTimestamp(record, line, rawTs, r);
      t = r;
      this.tsCache.set(rawTs, t);
    }
    const metric = fields[this.metricCol].trim();
    if (metric.length === 0) return this.badCell(record, line, this.metricCol, 'a metric name', 'empty metric');
    const rawValue = fields[this.valueCol].trim();
    let v = NaN; // empty cell: a missing value, reported later as a gap
    if (rawValue.length > 0) {
      v = Number(rawValue);
      if (!Number.isFinite(v) || !NUMBER.test(rawValue)) {
        // The series and the time are known: the row stays, its value missing (NaN), so the gap is that cell's.
        v = NaN;
        this.badCell(record, line, this.valueCol, NUM_EXPECTED, `bad value ${quote(rawValue)}`);
      }
    }
    // Length-prefixed parts, so no metric or dimension value (cells may hold any character) can make two
    // different series share a key.
    let key = `${metric.length}:${metric}`;
    for (const c of this.dimCols) {
      const v = fields[c].trim();
      key += `${v.length}:${v}`;
    }
    let acc = this.series.get(key);
    if (!acc) {
      // Null prototype: a key never reaches Object.prototype (names are also checked in readHeader).
      const dims = Object.create(null) as Record<string, string>;
      this.dimCols.forEach((c, i) => (dims[this.dimNames[i]] = fields[c].trim()));
      if (!this.metricSet.has(metric)) {
        this.metricSet.add(metric);
        this.metrics.push(metric);
      }
      acc = { metric, dims, ts: [], vs: [], lines: [], sorted: true };
      this.series.set(key, acc);
    }
    const n = acc.ts.length;
    if (n > 0 && t <= acc.ts[n - 1]) acc.sorted = false; // duplicates are checked after sorting, in end()
    acc.ts.push(t);
    acc.vs.push(v);
    acc.lines.push(line);
  }

  /** A timestamp that cannot be read: the row is left out. */
  private badTimestamp(record: string, line: number, rawTs: string, why: 'bad' | 'naive' | 'year'): void {
    const col = this.tsCol;
    if (why === 'naive') {
      return this.badCell(record, line, col, TS_EXPECTED, `timestamp ${quote(rawTs)} has no UTC offset; a local time is ambiguous around DST changes`);
    }
    if (why === 'year') {
      const expected = `${TS_EXPECTED}, in a year from 1000 to 9999`;
      return this.badCell(record, line, col, expected, `timestamp ${quote(rawTs)} is in the year ${rawTs.slice(0, 4)}, most likely a typo`);
    }
    this.badCell(record, line, col, TS_EXPECTED, `bad timestamp ${quote(rawTs)}`);
  }

  private readHeader(fields: string[], line: number): void {
    if (fields.some(f => f.includes('\r'))) {
      // Only \n ends a record, so a file with old Mac (CR-only) line breaks reads as one long header.
      throw new InputError(
        this.file,
        line,
        'lines that end with \\n or \\r\\n',
        'the header contains a carriage return (\\r) inside it; the file seems to use CR-only line breaks',
      );
    }
    const names = fields.map(f => f.trim());
    const lower = names.map(n => n.toLowerCase());
    const missing = REQUIRED.filter(r => !lower.includes(r));
    if (missing.length > 0) {
      throw new InputError(
        this.file,
        line,
        `a header with the columns timestamp, metric and value (any order), then one column per dimension`,
        `missing column${missing.length > 1 ? 's' : ''} ${missing.map(m => `"${m}"`).join(', ')} in the header ${quote(names.join(','))}`,
      );
    }
    const seen = new Set<string>();
    names.forEach((n, i) => {
      if (n.length === 0) throw new InputError(this.file, line, 'a name for every column', `column ${i + 1} has an empty name`);
      if (seen.has(lower[i])) throw new InputError(this.file, line, 'unique column names', `column ${quote(n)} appears twice`);
      if (RESERVED.has(n)) {
        throw new InputError(
          this.file,
          line,
          'column names other than __proto__, constructor, prototype and the names of built-in object properties such as toString',
          `column ${i + 1} is named "${n}", a name reserved by JavaScript objects; rename the column`,
        );
      }
      seen.add(lower[i]);
    });
    this.tsCol = lower.indexOf('timestamp');
    this.metricCol = lower.indexOf('metric');
    this.valueCol = lower.indexOf('value');
    names.forEach((n, i) => {
      if (i !== this.tsCol && i !== this.metricCol && i !== this.valueCol) {
        this.dimCols.push(i);
        this.dimNames.push(n);
      }
    });
    this.header = names;
  }
}

/** Parses a whole long CSV text. */
export function parseLongCsv(text: string, file: string, opts?: LongCsvOptions): Dataset {
  const p = new LongCsvParser(file, opts);
  p.push(text);
  return p.end();
}
