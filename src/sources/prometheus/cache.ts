// The incremental cache: for each (server, query, step), the values of every hour already fetched.
// Only complete hours are kept as final (those that ended `settleMinutes` or more ago); the hours
// still arriving, and the new ones, are asked for again on the next load. One new hour after a load
// is then one contiguous run at the end: one request per metric.

/** One series of one query: its labels as the server gave them, and its value per bucket start (ms). */
export interface CachedSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly values: Map<number, number>;
}

export interface QueryCache {
  /** Label-set key -> series. */
  readonly series: Map<string, CachedSeries>;
  /** Bucket starts (ms) whose values are final: not asked for again. */
  readonly complete: Set<number>;
}

/** The cache of one source; the host keeps one per workspace folder across loads. */
export class PrometheusCache {
  private readonly queries = new Map<string, QueryCache>();

  /** The entry of one query; `key` names the server, its non-secret headers, the query and the step. */
  entry(key: string): QueryCache {
    let q = this.queries.get(key);
    if (!q) this.queries.set(key, (q = { series: new Map(), complete: new Set() }));
    return q;
  }

  /** Forgets everything (the config changed its server, say). */
  clear(): void {
    this.queries.clear();
  }

  /** Keeps only the queries in `keys`: a query edited out of the config frees its hours. */
  retain(keys: ReadonlySet<string>): void {
    for (const k of [...this.queries.keys()]) if (!keys.has(k)) this.queries.delete(k);
  }
}

/** Buckets in [from, to) (ms, step-aligned) that are not final, as contiguous runs [from, to). */
export function missingRuns(q: QueryCache, from: number, to: number, step: number): { from: number; to: number }[] {
  const runs: { from: number; to: number }[] = [];
  for (let t = from; t < to; t += step) {
    if (q.complete.has(t)) continue;
    const last = runs[runs.length - 1];
    if (last && last.to === t) last.to = t + step;
    else runs.push({ from: t, to: t + step });
  }
  return runs;
}

/** Drops buckets before `from` (the history window moved on) so the cache stays the size of the window. */
export function prune(q: QueryCache, from: number): void {
  for (const t of [...q.complete]) if (t < from) q.complete.delete(t);
  for (const [k, s] of q.series) {
    for (const t of [...s.values.keys()]) if (t < from) s.values.delete(t);
    if (s.values.size === 0) q.series.delete(k);
  }
}

/** Splits a run into windows of at most `maxPoints` buckets (the server's points-per-series limit). */
export function windows(run: { from: number; to: number }, step: number, maxPoints: number): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  for (let t = run.from; t < run.to; t += maxPoints * step) out.push({ from: t, to: Math.min(run.to, t + maxPoints * step) });
  return out;
}
