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

/** Several lists as one, in order, keeping at most `max` listed (the count stays whole). */
export function joinProblems(lists: readonly (ProblemList | undefined)[], max = Infinity): ProblemList {
  let count = 0;
  const listed: InputProblem[] = [];
  for (const l of lists) {
    if (!l) continue;
    count += l.count;
    for (const p of l.listed) if (listed.length < max) listed.push(p);
  }
  return { count, listed };
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
    super(`${file}${line !== undefined ? `:${line}${column !== undefined ? `:${column}` : ''}` : ''}: ${detail}. Expected ${expected}.`);
    this.name = 'InputError';
  }

  /** This error as a problem that does not stop the report. */
  toProblem(severity: InputProblem['severity'] = 'error'): InputProblem {
    const { file, line, column } = this;
    return {
      severity,
      file,
      ...(line !== undefined ? { line } : {}),
      ...(column !== undefined ? { column } : {}),
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
