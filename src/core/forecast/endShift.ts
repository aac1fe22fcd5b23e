// Outlier or level shift at the end of the training window.
//
// The robust filter clips an error beyond k·sigma, so an outlier cannot drag the state. In the
// middle of the window that is safe: if the jump was a level shift, the points after it keep
// exceeding the clip on the same side, the running scale grows and the level follows. At the very
// end there are no points after it, and an outlier and the start of a level shift look the same
// (the evidence that motivated this: docs/adr/0006, "Decision: outlier or level shift at the end of
// the window").
//
// So the forecast keeps both hypotheses (additive outlier vs level shift, as in intervention
// analysis, Chen & Liu 1993) instead of betting on one:
// * outlier: the robust state, as filtered;
// * level shift: the same filter from the start of the trailing run of same-side clipped errors,
//   but there the part of each error beyond the clip moves the level instead of being discarded;
// * weight of the shift: the probability that a run of r same-side clipped errors goes on, from the
//   series' own history: (1 + runs that reached r + 1) / (2 + runs that reached r), Laplace's rule
//   of succession over the earlier runs of the window. A series whose past exceedances were
//   isolated spikes gets a small weight; one whose exceedances persisted (shifts, long incidents)
//   gets a large one; with no past run as long as the current one, 1/2.
// The point forecast is the weighted mean of the two paths, the intervals the quantiles of the
// two-component mixture (intervals.ts, mixtureIntervalAt), so the band covers both outcomes.
// Without a trailing clipped run (the usual case) nothing changes.
//
// A level shift is a change that persisted: the jump and at least two points after it, all clipped
// on the same side (MIN_SHIFT_RUN). One or two points are read as an outlier (a spike, or a two-hour
// blip), whatever their size: they carry no evidence of persistence, and the shift path moves with
// the spike's size, so any weight on it let a x100 spike at the last hour multiply the week ahead by
// up to 29 (issue 14, finding 3). The shift is followed from the third hour on, which is also the
// rule the end-of-window tests state ("a level shift in the last three hours, but not a single spike").

import { cloneState } from './init';
import { runFilter, type FilterData } from './recursion';
import type { FittedForm } from './fit';
import type { HwState, RobustOptions } from './types';

/** Fewest same-side clipped errors at the end of the window that can be a level shift: the jump and two points confirming it. */
export const MIN_SHIFT_RUN = 3;

export interface EndShift {
  /** Number of same-side clipped errors that end the window (>= MIN_SHIFT_RUN). */
  readonly run: number;
  /** Index of the first of them. */
  readonly from: number;
  /** The state at the end of the window if they are a level shift. */
  readonly state: HwState;
  /** Probability of the level-shift hypothesis (weight of its forecast path). */
  readonly weight: number;
  /** Earlier runs of the window that reached `run` points, and how many of them went on. */
  readonly reached: number;
  readonly continued: number;
}

/** Lengths of the runs of same-side clipped errors in [start, n) (skipped points are passed over), and the trailing run. */
export function clippedRuns(clipped: Int8Array, skip: Uint8Array, start: number, n: number): { lengths: number[]; run: number; from: number } {
  const lengths: number[] = [];
  let run = 0;
  let side = 0;
  let from = -1;
  for (let t = start; t < n; t++) {
    if (skip[t]) continue;
    const c = clipped[t];
    if (c !== 0 && c === side) run++;
    else {
      if (run > 0) lengths.push(run);
      run = c !== 0 ? 1 : 0;
      side = c;
      if (c !== 0) from = t;
    }
  }
  return { lengths, run, from };
}

/**
 * The level-shift alternative for a window that ends in at least MIN_SHIFT_RUN same-side clipped
 * errors, or undefined otherwise (no clipped error at the end, or a spike of one or two points: an
 * outlier, which the robust state already is). `clipped` is the side of each clipped error of the
 * final filter pass.
 */
export function endShift(data: FilterData, n: number, start: number, form: FittedForm, robust: RobustOptions, clipped: Int8Array): EndShift | undefined {
  const { lengths, run, from } = clippedRuns(clipped, data.skip, start, n);
  if (run < MIN_SHIFT_RUN) return undefined;
  let reached = 0;
  let continued = 0;
  for (const L of lengths) {
    if (L >= run) reached++;
    if (L > run) continued++;
  }
  const weight = (1 + continued) / (2 + reached);
  const state = cloneState(form.init);
  runFilter(data, start, n, form.spec.seasonal === 'multiplicative', form.params, state, robust.k, robust.lambda, { shiftFrom: from });
  return { run, from, state, weight, reached, continued };
}
