// RFC 4180 record splitter that accepts text in arbitrary chunks (split mid-line, mid-quote, mid-CRLF).
// Each character is scanned once: the quote state and the start line of an unfinished record carry over
// from one push to the next, and its text is kept as pieces joined only when the record ends.
// Fast path: a record without a quote is split on ','; only quoted records take the char-by-char path.
import { InputError } from '../types';
import { quote, quotePrefix } from './quote';

/**
 * Receives one record's fields, the 1-based physical line where the record starts, and the record's
 * text (without its line break), from which a problem's column is found (cellPosition).
 */
export type RecordSink = (fields: string[], line: number, record: string) => void;

/** Receives a record whose quoting is broken (a row-level problem); without one, the splitter throws. */
export type BadRecordSink = (error: InputError) => void;

/**
 * Longest record accepted, in UTF-16 code units (1 Mi, about 1 MB of ASCII). A row is a timestamp, a metric,
 * a value and a few dimension values, well under 1 KB; even a header with thousands of dimensions fits.
 * Anything longer is a file that is not this CSV format (no line breaks, or a quote that never closes),
 * and refusing it here bounds what is buffered and scanned for one record.
 */
export const MAX_RECORD_CHARS = 1 << 20;

const QUOTE_EXPECTED = 'RFC 4180 quoting: a quoted field is wrapped in double quotes, with "" for a quote inside it';

export class CsvRecordSplitter {
  private parts: string[] = []; // text of the unfinished record, from earlier chunks
  private partsLength = 0;
  private inQuotes = false; // the scan position is inside a quoted field
  private quoted = false; // the unfinished record has a quote character
  private line = 1; // physical line at the scan position
  private recLine = 1; // physical line where the unfinished record starts
  private started = false;

  constructor(
    private readonly file: string,
    private readonly sink: RecordSink,
    private readonly maxRecordChars = MAX_RECORD_CHARS,
    private readonly badRecord?: BadRecordSink,
  ) {}

  push(chunk: string): void {
    if (!this.started) {
      if (chunk.length === 0) return;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1); // UTF-8 BOM decoded as U+FEFF
      this.started = true;
    }
    let recStart = 0; // start of the unfinished record's text in `chunk`
    // One pass over the quotes and newlines. A regex rather than cached indexOf() calls: TurboFan may hoist
    // a pure `chunk.indexOf('"', q + 1)` out of its branch and rerun it on every line, scanning the whole
    // chunk each time (seen in Node 20 once quoted records had run: a 250,000-row file took 6 s, not 0.2 s).
    const events = /["\n]/g;
    while (events.test(chunk)) {
      const at = events.lastIndex - 1;
      if (chunk.charCodeAt(at) === 34) {
        this.inQuotes = !this.inQuotes;
        this.quoted = true;
        continue;
      }
      this.line++;
      if (this.partsLength + at - recStart - (this.crBefore(chunk, at) ? 1 : 0) > this.maxRecordChars) this.tooLong(chunk.slice(recStart, at));
      if (this.inQuotes) continue; // newline inside a quoted field: the record goes on
      this.finish(chunk.slice(recStart, at));
      recStart = at + 1;
    }
    if (recStart < chunk.length) {
      const rest = chunk.slice(recStart);
      this.parts.push(rest);
      this.partsLength += rest.length;
      // A CR at the end may be the first half of a CRLF, which is not counted: the limit applies to the content.
      if (this.partsLength - (this.crBefore(chunk, chunk.length) ? 1 : 0) > this.maxRecordChars) this.tooLong('');
    }
  }

  /** Flushes a last record without a trailing newline. */
  end(): void {
    if (this.inQuotes) {
      throw new InputError(this.file, this.recLine, QUOTE_EXPECTED, 'unterminated quoted field (the file ends inside quotes)');
    }
    if (this.partsLength > 0) this.finish('');
  }

  /** Whether the character before `at` in `chunk` (or, at 0, the last one pushed) is a CR. */
  private crBefore(chunk: string, at: number): boolean {
    if (at > 0) return chunk.charCodeAt(at - 1) === 13;
    const last = this.parts.length === 0 ? '' : this.parts[this.parts.length - 1];
    return last.charCodeAt(last.length - 1) === 13;
  }

  /** Emits the unfinished record, whose text ends with `tail`, and starts the next one. */
  private finish(tail: string): void {
    let record = this.parts.length === 0 ? tail : this.parts.join('') + tail;
    if (record.charCodeAt(record.length - 1) === 13) record = record.slice(0, -1);
    const [line, quoted] = [this.recLine, this.quoted];
    this.parts = [];
    this.partsLength = 0;
    this.quoted = false;
    this.recLine = this.line;
    if (record.length === 0 || (!quoted && record.trim().length === 0)) return; // blank lines carry no record
    if (!quoted) return this.sink(record.split(','), line, record);
    let fields: string[];
    try {
      fields = this.splitQuoted(record, line);
    } catch (e) {
      // One record's quotes are wrong: that row is left out, the rest of the file is still read.
      if (this.badRecord && e instanceof InputError) return this.badRecord(e);
      throw e;
    }
    this.sink(fields, line, record);
  }

  /** Refuses the unfinished record, of which `parts` and `tail` hold more than maxRecordChars characters. */
  private tooLong(tail: string): never {
    const start = (this.parts.length === 0 ? tail : this.parts.join('') + tail).slice(0, this.maxRecordChars + 1);
    // Judged on exactly the first maxRecordChars + 1 characters, so the message does not depend on chunking.
    const why = start.includes('\n') ? 'a quoted field in it runs on over line breaks without closing' : 'it has no line break';
    throw new InputError(
      this.file,
      this.recLine,
      `one record per line, each at most ${this.maxRecordChars} characters (a timestamp, a metric, a value and the dimension values)`,
      `the record starting on this line is longer than ${this.maxRecordChars} characters (${why}); it starts ${quotePrefix(start)}`,
    );
  }

  private splitQuoted(s: string, line: number): string[] {
    const fields: string[] = [];
    let i = 0;
    for (;;) {
      if (s.charCodeAt(i) === 34) {
        let value = '';
        let j = i + 1;
        for (;;) {
          const q = s.indexOf('"', j);
          // q === -1 cannot happen: records have an even number of quotes, and earlier fields used theirs in pairs
          if (s.charCodeAt(q + 1) === 34) {
            value += s.slice(j, q + 1);
            j = q + 2;
          } else {
            value += s.slice(j, q);
            i = q + 1;
            break;
          }
        }
        fields.push(value);
        if (i === s.length) return fields;
        if (s.charCodeAt(i) !== 44) {
          const at = positionIn(s, i, line);
          throw new InputError(this.file, at.line, QUOTE_EXPECTED, `unexpected text after a closing quote in field ${fields.length}`, at.column);
        }
        i++;
      } else {
        const comma = s.indexOf(',', i);
        const value = comma === -1 ? s.slice(i) : s.slice(i, comma);
        if (value.includes('"')) {
          const at = positionIn(s, i + value.indexOf('"'), line);
          throw new InputError(this.file, at.line, QUOTE_EXPECTED, `stray quote inside unquoted field ${fields.length + 1} (${quote(value)})`, at.column);
        }
        fields.push(value);
        if (comma === -1) return fields;
        i = comma + 1;
      }
    }
  }
}

/**
 * The physical line and 1-based column of `offset` in a record that starts on `line`: a quoted field
 * may hold line breaks, after which the count starts again. Columns count UTF-16 code units, as
 * editors do (VS Code's Position.character).
 */
export function positionIn(record: string, offset: number, line: number): { line: number; column: number } {
  let lineStart = 0;
  for (let nl = record.indexOf('\n'); nl !== -1 && nl < offset; nl = record.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Where cell `index` (0-based) of a record starts: its line and 1-based column, a quoted cell at
 * its opening quote. A cell past the record's last (a missing one) is placed at the record's end.
 */
export function cellPosition(record: string, index: number, line: number): { line: number; column: number } {
  let offset = index === 0 ? 0 : record.length;
  let inQuotes = false;
  for (let i = 0, cell = 0; i < record.length && index > 0; i++) {
    const c = record.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (c === 44 && !inQuotes && ++cell === index) {
      offset = i + 1;
      break;
    }
  }
  return positionIn(record, offset, line);
}
