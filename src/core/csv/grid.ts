// From parsed rows to a Dataset: duplicates, step inference, one common UTC grid, and gaps.
// Gap semantics: every bucket of the dataset grid [min timestamp, max timestamp + step) that a series
// has no value for (no row, an empty or bad value cell, rows that disagree, a row off the grid) is a
// gap, including buckets before a series' first row or after its last one. Nothing is filled; missing
// buckets are NaN. Row problems are reported in the Dataset's rowProblems; the data set's own
// problems (mixed steps, a grid out of proportion to the rows) throw.
import { InputError, type Dataset, type DimValues, type Gap, type Series } from '../types';
import { formatStep } from './timestamp';
import { clip } from './quote';
import type { RowProblemLog } from './rowProblems';

export interface SeriesAcc {
  readonly metric: string;
  readonly dims: DimValues;
  ts: number[];
  vs: number[];
  lines: number[];
  sorted: boolean;
}

const STEP_EXPECTED = 'one time step for every series (e.g. every row on the hour)';
const ONE_ROW_EXPECTED = 'one row per timestamp for each series (metric and dimension values)';
const MAX_CELLS = 50_000_000;
// The grid spans the earliest to the latest row, so one mistyped year makes it huge while the rows stay
// few. A contiguous history has about one bucket per distinct timestamp; allow ten (a history that is
// 90% gaps) plus a slack of 10,000 buckets (14 months of hours, 80 KB per series) for short files.
const BUCKETS_PER_TIMESTAMP = 10;
const BUCKET_SLACK = 10_000;

/** `metric{dim=value, ...}` for messages, clipped: metric and dimension values are user text. */
export function seriesLabel(metric: string, dims: DimValues): string {
  const parts = Object.entries(dims).map(([k, v]) => `${k}=${v}`);
  return clip(parts.length ? `${metric}{${parts.join(', ')}}` : metric);
}

/** "1.1 million", "12,345": a count for messages. */
function formatCount(n: number): string {
  for (const [size, word] of [
    [1e12, 'trillion'],
    [1e9, 'billion'],
    [1e6, 'million'],
  ] as const) {
    if (n >= size) return `${Number((n / size).toPrecision(2))} ${word}`;
  }
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+$)/g, ',');
}

/** "130 years", "40 days", "5 hours": a rough length of time for messages. */
function formatSpan(ms: number): string {
  for (const [size, word] of [
    [31_557_600_000, 'years'],
    [86_400_000, 'days'],
    [3_600_000, 'hours'],
    [60_000, 'minutes'],
  ] as const) {
    if (ms >= 2 * size) return `${Math.round(ms / size)} ${word}`;
  }
  return formatStep(ms);
}

function iso(t: number): string {
  return new Date(t).toISOString().replace('.000Z', 'Z');
}

/** Two values that say the same: equal numbers, or neither a value (an empty or unreadable cell). */
const sameValue = (a: number, b: number): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b));
const valueText = (v: number): string => (Number.isNaN(v) ? 'no value' : String(v));

/**
 * Sorts a series by time (stable, so line order breaks ties) and keeps one value per timestamp. A row
 * that repeats an earlier one's timestamp and value (a re-delivery) is a warning, and the value is
 * used once; rows that disagree leave that bucket missing (NaN), an error: which is right cannot be
 * known, so none is taken. Each later row is compared with the first row for that timestamp.
 */
function sortAndDedupe(file: string, s: SeriesAcc, log: RowProblemLog): void {
  if (!s.sorted) {
    const idx = s.ts.map((_, i) => i).sort((a, b) => s.ts[a] - s.ts[b] || a - b);
    s.ts = idx.map(i => s.ts[i]);
    s.vs = idx.map(i => s.vs[i]);
    s.lines = idx.map(i => s.lines[i]);
  }
  const { ts, vs, lines } = s;
  const n = ts.length;
  // Nearly always there is no duplicate: find the first in a tight loop, and rewrite only from there.
  let w = 1;
  while (w < n && ts[w] !== ts[w - 1]) w++;
  if (w >= n) return;
  w--; // rows kept so far, compacted to the front: those before the first duplicate stay where they are
  for (let i = w; i < n;) {
    let v = vs[i];
    let j = i + 1;
    for (; j < n && ts[j] === ts[i]; j++) {
      const [a, b, x, y, at] = [lines[i], lines[j], vs[i], vs[j], ts[i]];
      const label = (): string => `${seriesLabel(s.metric, s.dims)} at ${iso(at)}`;
      if (sameValue(x, y)) {
        const both = Number.isNaN(x) ? 'neither has a value' : `both ${x}`;
        log.add(
          b,
          () => new InputError(file, b, ONE_ROW_EXPECTED, `duplicate row for ${label()}: line ${b} repeats line ${a} (${both}); it is used once`),
          'warning',
        );
      } else {
        v = NaN;
        log.add(
          b,
          () =>
            new InputError(
              file,
              b,
              ONE_ROW_EXPECTED,
              `conflicting rows for ${label()}: line ${a} has ${valueText(x)}, line ${b} has ${valueText(y)}; that time is left as a gap`,
            ),
        );
      }
    }
    ts[w] = ts[i];
    vs[w] = v;
    lines[w] = lines[i];
    w++;
    i = j;
  }
  if (w < n) ts.length = vs.length = lines.length = w;
}

/** Most common positive difference; ties go to the smaller one (a wider jump then reads as a gap). */
function modeDiff(counts: Map<number, number>): number | undefined {
  let best: number | undefined;
  let bestN = 0;
  for (const [d, n] of counts) if (n > bestN || (n === bestN && best !== undefined && d < best)) [best, bestN] = [d, n];
  return best;
}

function inferStep(file: string, all: SeriesAcc[], given: number | undefined): number {
  const global = new Map<number, number>();
  const perSeries: Map<number, number>[] = [];
  for (const s of all) {
    const c = new Map<number, number>();
    for (let i = 1; i < s.ts.length; i++) {
      const d = s.ts[i] - s.ts[i - 1];
      c.set(d, (c.get(d) ?? 0) + 1);
      global.set(d, (global.get(d) ?? 0) + 1);
    }
    perSeries.push(c);
  }
  let step = given ?? modeDiff(global);
  if (step === undefined) {
    // Every series has one row: fall back to the spacing of the distinct timestamps.
    const times = [...new Set(all.map(s => s.ts[0]))].sort((a, b) => a - b);
    const c = new Map<number, number>();
    for (let i = 1; i < times.length; i++) c.set(times[i] - times[i - 1], (c.get(times[i] - times[i - 1]) ?? 0) + 1);
    step = modeDiff(c);
    if (step === undefined) {
      throw new InputError(
        file,
        undefined,
        'at least two distinct timestamps, or a step in the source config',
        'cannot infer the time step from a single timestamp',
      );
    }
  }
  all.forEach((s, k) => {
    const own = modeDiff(perSeries[k]);
    const ownN = own === undefined ? 0 : perSeries[k].get(own)!;
    // A series mostly at another step is a mixed-step series; a few wider diffs are gaps.
    if (own !== undefined && own !== step && ownN * 2 > s.ts.length - 1 && ownN >= 2) {
      const i = s.ts.findIndex((t, j) => j > 0 && t - s.ts[j - 1] === own);
      throw new InputError(
        file,
        s.lines[i],
        STEP_EXPECTED,
        `mixed steps: ${seriesLabel(s.metric, s.dims)} has a step of ${formatStep(own)} but the data set's step is ${formatStep(step!)}`,
      );
    }
  });
  return step;
}

/** Whether every time in `ts` is `phase` past a multiple of `step` (ms). */
function onPhase(ts: readonly number[], step: number, phase: number): boolean {
  for (let i = 0; i < ts.length; i++) {
    const p = ts[i] % step;
    if (p !== phase && p + step !== phase) return false; // % keeps the sign of a time before 1970
  }
  return true;
}

/**
 * Keeps every series on the data set's grid: the phase (time modulo the step) that most rows are on.
 * A row off it, in a series otherwise on it (a typo in its minutes, say), is left out and reported;
 * a series mostly off it is on another grid, a mixed-step data set that cannot be one table.
 */
function dropOffGrid(file: string, all: SeriesAcc[], step: number, log: RowProblemLog): void {
  const phase = (t: number): number => ((t % step) + step) % step;
  // Nearly always every row is on one phase: check that in a tight loop before counting phases.
  const first = phase(all[0].ts[0]);
  if (all.every(s => onPhase(s.ts, step, first))) return;
  const counts = new Map<number, number>();
  for (const s of all) for (const t of s.ts) counts.set(phase(t), (counts.get(phase(t)) ?? 0) + 1);
  let grid = first;
  let most = 0;
  for (const [p, n] of counts) if (n > most || (n === most && p < grid)) [grid, most] = [p, n];
  let start = Infinity;
  for (const s of all) for (const t of s.ts) if (phase(t) === grid && t < start) start = t;
  for (const s of all) {
    const off = s.ts.filter(t => phase(t) !== grid).length;
    if (off === 0) continue;
    if (off * 2 > s.ts.length) {
      const i = s.ts.findIndex(t => phase(t) !== grid);
      throw new InputError(
        file,
        s.lines[i],
        STEP_EXPECTED,
        `mixed steps: timestamp ${iso(s.ts[i])} is off the grid of ${formatStep(step)} steps that starts at ${iso(start)}`,
      );
    }
    let w = 0;
    for (let i = 0; i < s.ts.length; i++) {
      const [t, line] = [s.ts[i], s.lines[i]];
      if (phase(t) === grid) {
        [s.ts[w], s.vs[w], s.lines[w]] = [t, s.vs[i], line];
        w++;
        continue;
      }
      const before = t - phase(t - grid);
      log.add(
        line,
        () =>
          new InputError(
            file,
            line,
            `a timestamp on that grid, such as ${iso(before)} or ${iso(before + step)}`,
            `timestamp ${iso(t)} is off the grid of ${formatStep(step)} steps that the rest of ${seriesLabel(s.metric, s.dims)} is on; the row is left out`,
          ),
      );
    }
    s.ts.length = s.vs.length = s.lines.length = w;
  }
}

/**
 * Refuses a grid far larger than the rows (a mistyped year, say) before it is allocated. The error's line is
 * whichever of the earliest and latest rows lies farther from the median timestamp: most likely the typo.
 */
function checkSpan(file: string, all: SeriesAcc[], step: number): void {
  const times = new Set<number>();
  let first = { t: Infinity, line: 0 };
  let last = { t: -Infinity, line: 0 };
  for (const s of all) {
    for (const t of s.ts) times.add(t);
    const [t0, l0, t1, l1] = [s.ts[0], s.lines[0], s.ts[s.ts.length - 1], s.lines[s.ts.length - 1]];
    if (t0 < first.t || (t0 === first.t && l0 < first.line)) first = { t: t0, line: l0 };
    if (t1 > last.t || (t1 === last.t && l1 < last.line)) last = { t: t1, line: l1 };
  }
  const buckets = Math.floor((last.t - first.t) / step) + 1;
  if (buckets <= BUCKETS_PER_TIMESTAMP * times.size + BUCKET_SLACK) return;
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1];
  const outlier = median - first.t > last.t - median ? first : last;
  throw new InputError(
    file,
    outlier.line,
    `a contiguous history: at most ${BUCKETS_PER_TIMESTAMP} time steps per distinct timestamp (plus ${formatCount(BUCKET_SLACK)}), so the grid stays in proportion to the rows`,
    `timestamps span ${formatSpan(last.t - first.t)} at a step of ${formatStep(step)} (${formatCount(buckets)} buckets) ` +
      `for ${formatCount(times.size)} distinct timestamp${times.size === 1 ? '' : 's'}: ` +
      `the earliest is ${iso(first.t)} on line ${first.line}, the latest ${iso(last.t)} on line ${last.line}`,
  );
}

export function buildDataset(
  file: string,
  dimensions: string[],
  metrics: string[],
  all: SeriesAcc[],
  givenStep: number | undefined,
  log: RowProblemLog,
): Dataset {
  for (const s of all) sortAndDedupe(file, s, log);
  const step = inferStep(file, all, givenStep);
  dropOffGrid(file, all, step, log);
  checkSpan(file, all, step);
  let start = Infinity;
  let last = -Infinity;
  for (const s of all) {
    start = Math.min(start, s.ts[0]);
    last = Math.max(last, s.ts[s.ts.length - 1]);
  }
  // Every row is on the grid now (dropOffGrid), so the bucket count below is whole.
  const end = last + step;
  const n = (end - start) / step;
  if (n * all.length > MAX_CELLS) {
    throw new InputError(
      file,
      undefined,
      `at most ${formatCount(MAX_CELLS)} grid cells (series x buckets)`,
      `too many cells: ${formatCount(all.length)} series x ${formatCount(n)} buckets of ${formatStep(step)}`,
    );
  }
  // Stable order: by metric (first appearance), then dimension values.
  const metricRank = new Map(metrics.map((m, i) => [m, i]));
  const dimVals = new Map(all.map(s => [s, dimensions.map(d => s.dims[d])]));
  const byDims = (a: SeriesAcc, b: SeriesAcc): number => {
    const [x, y] = [dimVals.get(a)!, dimVals.get(b)!];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
  };
  all.sort((a, b) => metricRank.get(a.metric)! - metricRank.get(b.metric)! || byDims(a, b));

  const series: Series[] = [];
  const gaps: Gap[] = [];
  for (const s of all) {
    const values = new Float64Array(n).fill(NaN);
    for (let i = 0; i < s.ts.length; i++) values[(s.ts[i] - start) / step] = s.vs[i];
    series.push({ metric: s.metric, dims: s.dims, start, step, values });
    for (const g of missingSpans(values, start, step)) gaps.push({ metric: s.metric, dims: s.dims, ...g });
  }
  return { source: file, dimensions, metrics, start, end, step, series, gaps, ...log.summary() };
}

/** The runs of missing (NaN) hours of a series' values, as [from, to) in UTC ms: its gaps. Every source builds them so. */
export function missingSpans(values: Float64Array, start: number, step: number): { from: number; to: number }[] {
  const spans: { from: number; to: number }[] = [];
  for (let i = 0; i < values.length;) {
    if (!Number.isNaN(values[i])) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < values.length && Number.isNaN(values[j])) j++;
    spans.push({ from: start + i * step, to: start + j * step });
    i = j;
  }
  return spans;
}
