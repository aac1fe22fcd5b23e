// The drill-down's scoring protocol (the root-cause-localization papers'): a root cause is a
// conjunction of `dimension=value` items ("country=US&platform=ios"), a case's answer a set of them.
// Exact matches of canonical causes give TP/FP/FN; a dataset's F1 is micro-averaged over its cases.
// Shared by the benchmark (bench/rca) and the drills (src/core/learning/drill), so a drill's slice is
// scored exactly as the localizer is. Pure.

/** One cause, canonical: its items trimmed and sorted, so "b=2&a=1" and "a=1 & b=2" are one cause. */
export const canonCause = (rc: string): string =>
  rc
    .split('&')
    .map(s => s.trim())
    .filter(Boolean)
    .sort()
    .join('&');

/** A set of causes written "c1;c2" (or "c1|c2"), canonical; '' or undefined is the empty set. */
export const causeSet = (s: string | undefined): Set<string> => new Set((s ?? '').replace(/\|/g, ';').split(';').map(canonCause).filter(Boolean));

/** A slice ({ country: 'US', platform: 'ios' }) as one cause; {} is no cause (''). */
export const sliceCause = (slice: Readonly<Record<string, string>>): string =>
  canonCause(
    Object.entries(slice)
      .map(([k, v]) => `${k}=${v}`)
      .join('&'),
  );

export interface Counts {
  n: number;
  tp: number;
  fp: number;
  fn: number;
}

/** One case: the causes predicted against the true ones. */
export function caseCounts(truth: ReadonlySet<string>, predicted: ReadonlySet<string>): Counts {
  let tp = 0;
  for (const t of truth) if (predicted.has(t)) tp++;
  return { n: 1, tp, fp: Math.max(predicted.size - tp, 0), fn: truth.size - tp };
}

export const f1 = (c: Counts): number => (2 * c.tp) / Math.max(2 * c.tp + c.fp + c.fn, 1);
export const precision = (c: Counts): number => c.tp / Math.max(c.tp + c.fp, 1);
export const recall = (c: Counts): number => c.tp / Math.max(c.tp + c.fn, 1);
