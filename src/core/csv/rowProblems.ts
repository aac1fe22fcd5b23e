// The rows of a CSV that could not be used, counted in full but listed only in part: a file of a million
// bad rows must not become a million messages (nor a million Error objects while it is read).
import { MAX_LISTED_PROBLEMS, type InputError, type InputProblem } from '../types';

export class RowProblemLog {
  count = 0;
  private readonly listed: InputProblem[] = [];

  /** Row problems listed in a Dataset, the earliest lines first (MAX_LISTED_PROBLEMS); `count` still counts them all. */
  constructor(private readonly cap = MAX_LISTED_PROBLEMS) {}

  /**
   * Counts a problem on `line`, and lists it when it is among the `cap` earliest lines seen so far.
   * `make` builds the error only then, and what it built is returned (undefined when not listed).
   * Problems found while streaming arrive in line order; those found at the end (duplicates, rows off
   * the grid) in any order, so each is inserted at its line, after any already there.
   */
  add(line: number, make: () => InputError, severity: InputProblem['severity'] = 'error'): InputError | undefined {
    this.count++;
    const { listed, cap } = this;
    if (listed.length >= cap && line >= listed[listed.length - 1].line!) return undefined;
    const error = make();
    let lo = 0;
    let hi = listed.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (listed[mid].line! <= line) lo = mid + 1;
      else hi = mid;
    }
    listed.splice(lo, 0, error.toProblem(severity));
    if (listed.length > cap) listed.pop();
    return error;
  }

  /** What the Dataset carries: nothing when every row was used. */
  summary(): { rowProblems?: { count: number; listed: InputProblem[] } } {
    return this.count === 0 ? {} : { rowProblems: { count: this.count, listed: this.listed.slice() } };
  }
}
