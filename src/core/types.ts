// Shared domain types for the pure core. No `vscode` import here or anywhere under src/core.

/** Dimension values of one series, e.g. { country: 'IN', platform: 'ios' }. */
export type DimValues = Readonly<Record<string, string>>;

/**
 * One metric for one combination of dimension values, on a regular grid.
 * `start` is the UTC epoch ms of the first bucket; bucket i covers [start + i*step, start + (i+1)*step).
 * Missing buckets are NaN: gaps are kept visible, never filled.
 */
export interface Series {
  readonly metric: string;
  readonly dims: DimValues;
  readonly start: number;
  readonly step: number;
  readonly values: Float64Array;
}

/** A run of missing buckets in one series. `from` inclusive, `to` exclusive, UTC ms. */
export interface Gap {
  readonly metric: string;
  readonly dims: DimValues;
  readonly from: number;
  readonly to: number;
}

/** A parsed long-format data set, every series on one common grid. */
export interface Dataset {
  readonly source: string;
  readonly dimensions: readonly string[];
  readonly metrics: readonly string[];
  readonly start: number;
  readonly end: number; // exclusive
  readonly step: number;
  readonly series: readonly Series[];
  readonly gaps: readonly Gap[];
  /**
   * The rows that could not be used (a bad value or timestamp, a wrong number of columns, two rows
   * that disagree about one hour): each is left as a gap, never filled, and reported here. `listed`
   * is capped (a file of bad rows must not make a huge message); `count` counts them all.
   */
  readonly rowProblems?: ProblemList;
}

/** Problems found in the inputs: `listed` may be capped, `count` counts them all. */
export interface ProblemList {
  readonly count: number;
  readonly listed: readonly InputProblem[];
}

/**
 * The most problems a report or a data set lists (a file of bad rows must not make a huge message,
 * nor a huge snapshot); the count is kept whole.
 */
export const MAX_LISTED_PROBLEMS = 200;

/** Several lists (or plain arrays, listed whole) as one, in order, keeping at most `max` listed (the count stays whole). */
export function joinProblems(lists: readonly (ProblemList | readonly InputProblem[] | undefined)[], max = Infinity): ProblemList {
  let count = 0;
  const listed: InputProblem[] = [];
  for (const x of lists) {
    if (!x) continue;
    const l: ProblemList = isProblemArray(x) ? { count: x.length, listed: x } : x;
    count += l.count;
    for (const p of l.listed) if (listed.length < max) listed.push(p);
  }
  return { count, listed };
}

const isProblemArray = (x: ProblemList | readonly InputProblem[]): x is readonly InputProblem[] => Array.isArray(x);

/** `file:line:column`, `file:line` or `file`, as compilers print a place (and InputError's message starts). */
export function place(file: string, line: number | undefined, column?: number): string {
  return `${file}${line !== undefined ? `:${line}${column !== undefined ? `:${column}` : ''}` : ''}`;
}

/**
 * A message that may start with its place ("file:line:column: "), split into that place and the rest.
 * The place is read from the message itself, so a column the caller did not pass along is kept.
 */
export function splitPlace(message: string, file: string | undefined): { place: string | undefined; text: string } {
  if (file === undefined || !message.startsWith(file)) return { place: undefined, text: message };
  const m = /^(:\d+(?::\d+)?)?: /.exec(message.slice(file.length));
  return m ? { place: file + (m[1] ?? ''), text: message.slice(file.length + m[0].length) } : { place: undefined, text: message };
}

/**
 * A problem in a user file that does not stop the report: where it is (1-based line and column,
 * when known) and a sentence saying what was found and what was expected. Shown in the report's
 * banner and as a diagnostic in VS Code's Problems panel.
 */
export interface InputProblem {
  readonly severity: 'error' | 'warning';
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** "detail. Expected …." without the file and line. */
  readonly text: string;
}

/** An error with a location in a user file, so the message can say which file, line and column. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly expected: string,
    readonly detail: string,
    /** 1-based, where the mistake starts on `line`. */
    readonly column?: number,
  ) {
    super(`${place(file, line, column)}: ${detail}. Expected ${expected}.`);
    this.name = 'InputError';
  }

  /** This error as a problem that does not stop the report (a column means nothing without its line). */
  toProblem(severity: InputProblem['severity'] = 'error'): InputProblem {
    const { file, line, column } = this;
    return {
      severity,
      file,
      ...(line !== undefined ? { line } : {}),
      ...(line !== undefined && column !== undefined ? { column } : {}),
      text: `${this.detail}. Expected ${this.expected}.`,
    };
  }
}

/**
 * A contiguous run of anomalous buckets in one series, as scored against its forecast
 * (or, before a forecast exists, against the same hour last week). Sums are over the segment.
 */
export interface AnomalySegment {
  readonly metric: string;
  readonly dims: DimValues; // {} = the total over all slices
  readonly start: number; // UTC ms, inclusive
  readonly end: number; // UTC ms, exclusive
  readonly peakAt: number;
  readonly direction: 'up' | 'down';
  /** Peak |residual| in units of the prediction interval half-width (>1 means outside it). */
  readonly severity: number;
  readonly actual: number;
  readonly expected: number;
}
