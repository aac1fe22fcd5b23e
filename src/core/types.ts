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
}

/** An error with a location in a user file, so the message can say which file and line. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly expected: string,
    detail: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${detail}. Expected ${expected}.`);
    this.name = 'InputError';
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
