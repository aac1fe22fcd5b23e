// What `calibrate check` found, and how it is printed. Plain Node, no vscode import.
import { place, type InputError, type InputProblem } from '../core/types';

export type Severity = 'error' | 'warning';

export interface Problem {
  readonly severity: Severity;
  /** Relative to the workspace folder, with '/'. */
  readonly file: string;
  readonly line: number | undefined;
  /** 1-based, on `line`, where the mistake starts; when known. */
  readonly column?: number;
  /** "detail. Expected …." without the file and line. */
  readonly text: string;
}

/** An InputError as a problem: its place and its text ("detail. Expected …."), as the core's toProblem gives them. */
export function fromInputError(e: InputError, severity: Severity): Problem {
  return { ...e.toProblem(severity), line: e.line };
}

/** A problem the core reported without stopping (a CSV row left as a gap). */
export function fromInputProblem(p: InputProblem): Problem {
  return { severity: p.severity, file: p.file, line: p.line, ...(p.line !== undefined && p.column !== undefined ? { column: p.column } : {}), text: p.text };
}

/**
 * The .ics problems after which the event is still used, only in part: Calibrate's own bounds
 * (occurrence, step, event and time caps) and a rule it cannot expand (the event keeps its DTSTART).
 * Matched on the core's `expected` text (src/core/context/ics.ts); test/unit/cli/classify.test.ts
 * produces each one from the parser, so a reworded message fails there rather than turning into an error.
 */
const ICS_PARTIAL = [
  /^a recurrence rule that can be expanded$/,
  /^at most [\d,]+ (occurrences per event|steps per rule|events per calendar)$/,
  /^recurrences that expand within /,
];

/** Everything else a calendar reports leaves an event, or the whole file, out: an error. */
export function icsSeverity(e: InputError): Severity {
  return ICS_PARTIAL.some(re => re.test(e.expected)) ? 'warning' : 'error';
}

/**
 * Messages quote workspace text (a cell, a file name from readdir). Control characters would let a
 * hostile file write escape sequences to the terminal or forge extra output lines, and bidi
 * controls would reorder what is shown: print them as \u escapes.
 */
export function printable(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    const unsafe =
      c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x61c || c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    out += unsafe ? `\\u${c.toString(16).padStart(4, '0')}` : ch;
  }
  return out;
}

const COLOURS: Record<Severity, string> = { error: '\u001b[1;31m', warning: '\u001b[1;33m' };

/** `file:line:column: error: text`, the severity word coloured when asked. */
export function formatProblem(p: Problem, colour: boolean): string {
  const word = colour ? `${COLOURS[p.severity]}${p.severity}\u001b[0m` : p.severity;
  return `${printable(place(p.file, p.line, p.column))}: ${word}: ${printable(p.text)}`;
}

/** Rows of a CSV shown by `calibrate report` after the count; `calibrate check` lists them all. */
export const REPORT_ROW_PROBLEMS = 3;

/**
 * For `calibrate report`, on stderr: one warning line that counts the CSV rows left as gaps (as the
 * stale-data warning, a line a reader sees before the report), then the first few as `check` prints them.
 */
export function rowProblemsNote(rows: { readonly count: number; readonly listed: readonly InputProblem[] }, file: string, colour: boolean): string {
  const first = rows.listed.slice(0, REPORT_ROW_PROBLEMS);
  const word = colour ? `${COLOURS.warning}warning\u001b[0m` : 'warning';
  const more = rows.count > first.length ? `; the first ${first.length}, and \`calibrate check\` for all of them` : '';
  const head = `${word}: ${printable(file)}: ${plural(rows.count, 'row problem')}, each row left as a gap, never filled${more}:`;
  return [head, ...first.map(p => formatProblem(fromInputProblem(p), colour))].join('\n') + '\n';
}

const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** `ok: 4 files checked`, or `1 error, 2 warnings in 4 files` (K counts the files checked). */
export function summary(problems: readonly Problem[], filesChecked: number): string {
  const errors = problems.filter(p => p.severity === 'error').length;
  if (problems.length === 0) return `ok: ${plural(filesChecked, 'file')} checked`;
  return `${plural(errors, 'error')}, ${plural(problems.length - errors, 'warning')} in ${plural(filesChecked, 'file')}`;
}

/** Grouped by file in the order the files were checked, then by line and column (file-wide problems first). */
export function sortProblems(problems: readonly Problem[], fileOrder: readonly string[]): Problem[] {
  const rank = (f: string): number => {
    const i = fileOrder.indexOf(f);
    return i < 0 ? fileOrder.length : i;
  };
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p.file) - rank(b.p.file) || (a.p.line ?? 0) - (b.p.line ?? 0) || (a.p.column ?? 0) - (b.p.column ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}
