// RFC 4180 record splitter that accepts text in arbitrary chunks (split mid-line, mid-quote, mid-CRLF).
// Fast path: a line without a quote is split on ','; only quoted records take the char-by-char path.
import { InputError } from '../types';

/** Receives one record's fields and the 1-based physical line where the record starts. */
export type RecordSink = (fields: string[], line: number) => void;

const QUOTE_EXPECTED = 'RFC 4180 quoting: a quoted field is wrapped in double quotes, with "" for a quote inside it';

export class CsvRecordSplitter {
  private pending = '';
  private line = 1; // physical line where `pending` starts
  private started = false;

  constructor(
    private readonly file: string,
    private readonly sink: RecordSink,
  ) {}

  push(chunk: string): void {
    if (!this.started) {
      if (chunk.length === 0) return;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1); // UTF-8 BOM decoded as U+FEFF
      this.started = true;
    }
    const text = this.pending.length ? this.pending + chunk : chunk;
    let recStart = 0; // start of the current record in `text`
    let scan = 0; // where the next newline search starts
    let quotes = 0; // quote chars seen in the current record so far (odd = inside a quoted field)
    let nextQuote = text.indexOf('"'); // cached so quote-free text is scanned once, not once per line
    let line = this.line;
    let recLine = line;
    for (;;) {
      const nl = text.indexOf('\n', scan);
      if (nl === -1) break;
      while (nextQuote !== -1 && nextQuote < nl) {
        quotes++;
        nextQuote = text.indexOf('"', nextQuote + 1);
      }
      line++;
      scan = nl + 1;
      if (quotes % 2 === 1) continue; // newline inside a quoted field: the record goes on
      const end = nl > recStart && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.emit(text.slice(recStart, end), recLine, quotes > 0);
      recStart = scan;
      recLine = line;
      quotes = 0;
    }
    this.pending = text.slice(recStart);
    this.line = recLine;
  }

  /** Flushes a last record without a trailing newline. */
  end(): void {
    const rest = this.pending;
    this.pending = '';
    if (rest.length === 0) return;
    let quotes = 0;
    for (let i = rest.indexOf('"'); i !== -1; i = rest.indexOf('"', i + 1)) quotes++;
    if (quotes % 2 === 1) {
      throw new InputError(this.file, this.line, QUOTE_EXPECTED, 'unterminated quoted field (the file ends inside quotes)');
    }
    const end = rest.charCodeAt(rest.length - 1) === 13 ? rest.length - 1 : rest.length;
    this.emit(rest.slice(0, end), this.line, quotes > 0);
  }

  private emit(record: string, line: number, quoted: boolean): void {
    if (record.length === 0 || (!quoted && record.trim().length === 0)) return; // blank lines carry no record
    this.sink(quoted ? this.splitQuoted(record, line) : record.split(','), line);
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
          // q === -1 cannot happen: the splitter only emits records with balanced quotes
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
          throw new InputError(this.file, line, QUOTE_EXPECTED, `unexpected text after a closing quote in field ${fields.length}`);
        }
        i++;
      } else {
        const comma = s.indexOf(',', i);
        const value = comma === -1 ? s.slice(i) : s.slice(i, comma);
        if (value.includes('"')) {
          throw new InputError(this.file, line, QUOTE_EXPECTED, `stray quote inside unquoted field ${fields.length + 1} (${JSON.stringify(value)})`);
        }
        fields.push(value);
        if (comma === -1) return fields;
        i = comma + 1;
      }
    }
  }
}
