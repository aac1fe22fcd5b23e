// From parsed rows to a Dataset: duplicates, step inference, one common UTC grid, and gaps.
// Gap semantics: every bucket of the dataset grid [min timestamp, max timestamp + step) that a series
// has no value for (no row, or an empty value cell) is a gap, including buckets before a series' first
// row or after its last one. Nothing is filled; missing buckets are NaN.
import { InputError, type Dataset, type DimValues, type Gap, type Series } from '../types';
import { formatStep } from './timestamp';
import { clip } from './quote';

export interface SeriesAcc {
  readonly metric: string;
  readonly dims: DimValues;
  ts: number[];
  vs: number[];
  lines: number[];
  sorted: boolean;
}

const STEP_EXPECTED = 'one time step for every series (e.g. every row on the hour)';
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

/** Sorts a series by time (stable, so line order breaks ties) and rejects duplicate timestamps. */
function sortAndCheck(file: string, s: SeriesAcc): void {
  if (!s.sorted) {
    const idx = s.ts.map((_, i) => i).sort((a, b) => s.ts[a] - s.ts[b] || a - b);
    s.ts = idx.map(i => s.ts[i]);
    s.vs = idx.map(i => s.vs[i]);
    s.lines = idx.map(i => s.lines[i]);
  }
  for (let i = 1; i < s.ts.length; i++) {
    if (s.ts[i] === s.ts[i - 1]) {
      const [a, b] = [s.lines[i - 1], s.lines[i]].sort((x, y) => x - y);
      throw new InputError(
        file,
        b,
        'one row per timestamp for each series (metric and dimension values)',
        `duplicate timestamp ${iso(s.ts[i])} for ${seriesLabel(s.metric, s.dims)}: line ${a} and line ${b}`,
      );
    }
  }
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
    for (let i = 1; i < s.ts.length; i++) {
      const d = s.ts[i] - s.ts[i - 1];
      if (d % step! !== 0) {
        throw new InputError(
          file,
          s.lines[i],
          STEP_EXPECTED,
          `mixed steps: ${seriesLabel(s.metric, s.dims)} jumps ${formatStep(d)} from line ${s.lines[i - 1]}, which is not a multiple of the step ${formatStep(step!)}`,
        );
      }
    }
  });
  return step;
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

export function buildDataset(file: string, dimensions: string[], metrics: string[], all: SeriesAcc[], givenStep: number | undefined): Dataset {
  for (const s of all) sortAndCheck(file, s);
  const step = inferStep(file, all, givenStep);
  checkSpan(file, all, step);
  let start = Infinity;
  let last = -Infinity;
  for (const s of all) {
    start = Math.min(start, s.ts[0]);
    last = Math.max(last, s.ts[s.ts.length - 1]);
  }
  // Steps within a series were checked in inferStep, so a series is on the grid if its first row is.
  // Checked before allocating: an off-grid series would also make the bucket count fractional.
  for (const s of all) {
    if ((s.ts[0] - start) % step !== 0) {
      throw new InputError(
        file,
        s.lines[0],
        STEP_EXPECTED,
        `mixed steps: timestamp ${iso(s.ts[0])} is off the grid of ${formatStep(step)} steps that starts at ${iso(start)}`,
      );
    }
  }
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
    for (let i = 0; i < n;) {
      if (!Number.isNaN(values[i])) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n && Number.isNaN(values[j])) j++;
      gaps.push({ metric: s.metric, dims: s.dims, from: start + i * step, to: start + j * step });
      i = j;
    }
  }
  return { source: file, dimensions, metrics, start, end, step, series, gaps };
}
