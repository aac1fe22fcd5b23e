// The Prometheus source: the report's DataSource over the Prometheus HTTP API (Prometheus,
// VictoriaMetrics, Thanos, Mimir: only the URL differs). One query_range per metric and run of
// hours not yet cached, split so that no request exceeds the server's points-per-series limit,
// at most `parallelism` at a time. The result is the same Dataset the CSV source builds.
//
// Time: the value a query gives at time E is the hour that ends at E (as `increase(x[1h])` or an
// hourly recording rule gives it), so it lands in the report's bucket [E - 1h, E). The current hour
// is asked for too (its end is in the future): it is the partial hour the report marks.
import type { DimensionConfig, PrometheusSourceConfig, ReportConfig } from '../../core/config/reportConfig';
import { parseDuration } from '../../core/config/reportConfig';
import type { CancelSignal, Clock, DataSource } from '../../core/pipeline/ports';
import type { Dataset, DimValues, Gap, Series } from '../../core/types';
import { missingSpans } from '../../core/csv/grid';
import { missingRuns, prune, windows, PrometheusCache, type QueryCache } from './cache';
import { clip, pointAt, promqlPosition, PrometheusSourceError } from './errors';
import { DEFAULT_RETRY, inParallel, nodeTransport, send, type FetchStats, type HttpOutcome, type RetryPolicy, type Transport } from './http';

/** Credentials from the host's secret store (never from the workspace). Never logged, never in an error. */
export type PrometheusAuth = { readonly bearer: string } | { readonly basic: { readonly user: string; readonly password: string } };

export interface PrometheusSourceOptions {
  /** The parsed report config with a Prometheus source. */
  readonly config: ReportConfig<PrometheusSourceConfig>;
  /** The report config's path, for the errors' place. */
  readonly configFile: string;
  /** The report clock (config.asOf or the real one): which hours exist and which are complete. */
  readonly clock: Clock;
  readonly auth?: PrometheusAuth;
  /** Keep one per folder across loads for incremental refresh; a new one by default. */
  readonly cache?: PrometheusCache;
  /** PEM text of source.caFile, read by the caller through its workspace file rules. */
  readonly ca?: string;
  /** Tests pass a fake; by default node:http(s). */
  readonly transport?: Transport;
  /** Requests in flight at once (default 4). */
  readonly parallelism?: number;
  readonly retry?: RetryPolicy;
  /** Points per series per request (default 11,000, Prometheus's limit; VictoriaMetrics allows 30,000). */
  readonly maxPoints?: number;
}

export interface PrometheusDataSource extends DataSource {
  /** Cumulative over this source's loads: requests sent (retries included), retries, and reply bytes. */
  readonly stats: Readonly<FetchStats>;
}

const PROMETHEUS_POINT_LIMIT = 11_000;

export function prometheusDataSource(opts: PrometheusSourceOptions): PrometheusDataSource {
  const { config, configFile, clock } = opts;
  const src = config.source;
  const cache = opts.cache ?? new PrometheusCache();
  const transport = opts.transport ?? nodeTransport(opts.ca);
  const stats: FetchStats = { requests: 0, retries: 0, bytes: 0 };
  const headers: Record<string, string> = { ...src.headers, ...authHeader(opts.auth) };
  const step = src.step;
  const fail = (failure: ConstructorParameters<typeof PrometheusSourceError>[0], at: 'url' | string, expected: string, detail: string, status?: number) =>
    new PrometheusSourceError(failure, configFile, at === 'url' ? src.at : src.queries[at]?.at, expected, detail, status);

  const read = async (signal?: CancelSignal): Promise<Dataset> => {
    signal?.throwIfAborted();
    for (const [metric, q] of Object.entries(src.queries)) checkRanges(metric, q.query);
    const now = clock.now();
    const to = Math.floor(now / step) * step + step; // through the current (partial) hour
    const from = to - Math.floor(src.history / step) * step;
    const settled = (t: number) => t + step + config.settleMinutes * 60_000 <= now;
    // One controller for the load: a failure or the caller's cancellation aborts every request in flight.
    const load = new AbortController();
    const onAbort = () => load.abort(signal?.reason);
    const abortable = signal as Partial<AbortSignal> | undefined;
    abortable?.addEventListener?.('abort', onAbort, { once: true });
    const entries = new Map<string, QueryCache>();
    const keys = new Set<string>();
    const tasks: (() => Promise<void>)[] = [];
    for (const [metric, q] of Object.entries(src.queries)) {
      const key = JSON.stringify([src.url, Object.entries(src.headers).sort(), q.query, step]);
      keys.add(key);
      const entry = cache.entry(key);
      entries.set(metric, entry);
      prune(entry, from);
      for (const run of missingRuns(entry, from, to, step))
        for (const w of windows(run, step, opts.maxPoints ?? PROMETHEUS_POINT_LIMIT)) tasks.push(() => fetchWindow(metric, entry, w, settled, load.signal));
    }
    cache.retain(keys);
    try {
      await inParallel(tasks, opts.parallelism ?? 4);
    } catch (e) {
      load.abort(e);
      if (signal?.aborted) throw signal.reason;
      throw e;
    } finally {
      abortable?.removeEventListener?.('abort', onAbort);
    }
    signal?.throwIfAborted();
    return toDataset(entries, from, to);
  };

  /** Asks for buckets [w.from, w.to): evaluation times w.from + step ... w.to. */
  async function fetchWindow(
    metric: string,
    entry: QueryCache,
    w: { from: number; to: number },
    settled: (t: number) => boolean,
    signal: AbortSignal,
  ): Promise<void> {
    const q = src.queries[metric]!;
    const form = new URLSearchParams({ query: q.query, start: String((w.from + step) / 1000), end: String(w.to / 1000), step: String(step / 1000) }).toString();
    const outcome = await send(
      transport,
      { url: `${src.url}/api/v1/query_range`, form, headers },
      { timeoutMs: src.timeout, retry: opts.retry ?? DEFAULT_RETRY, signal, stats },
    );
    const result = parseReply(metric, outcome);
    if (result.length > src.maxSeries) throw tooMany(metric, result.length);
    // Replace what the cache held for these buckets (hours still arriving change), then mark the settled ones final.
    for (const s of entry.series.values()) for (let t = w.from; t < w.to; t += step) s.values.delete(t);
    for (const r of result) {
      const labels = r.metric ?? {};
      const k = labelKey(labels);
      let s = entry.series.get(k);
      if (!s) entry.series.set(k, (s = { labels, values: new Map() }));
      for (const [ts, v] of r.values ?? []) {
        const e = Math.round(Number(ts) * 1000);
        if (e % step !== 0)
          throw fail(
            'stepMismatch',
            metric,
            'a query the server evaluates on the hour (step 1h)',
            `the query of ${metric} answered at ${new Date(e).toISOString()}, off the hourly grid`,
          );
        const value = Number(v);
        if (Number.isFinite(value) && e > w.from && e <= w.to) s.values.set(e - step, value);
      }
    }
    for (let t = w.from; t < w.to; t += step) if (settled(t)) entry.complete.add(t);
    const distinct = [...entry.series.values()].filter(s => s.values.size > 0).length;
    if (distinct > src.maxSeries) throw tooMany(metric, distinct);
  }

  function tooMany(metric: string, found: number): PrometheusSourceError {
    return fail(
      'tooManySeries',
      metric,
      `at most ${src.maxSeries} series (source.maxSeries): aggregate with sum by (<the report's dimensions>), or raise maxSeries`,
      `the query of ${metric} returned ${found} series`,
    );
  }

  function parseReply(metric: string, outcome: HttpOutcome): { metric?: Record<string, string>; values?: [number, string][] }[] {
    const q = src.queries[metric]!;
    const where = `${src.url}`;
    if (outcome.kind === 'timeout')
      throw fail(
        'timeout',
        metric,
        'an answer within source.timeout: raise it, or make the query cheaper (an hourly recording rule)',
        `${where} did not answer the query of ${metric} within ${formatMs(src.timeout)}`,
      );
    if (outcome.kind === 'network') throw networkError(outcome.code, outcome.message);
    const { status, body } = outcome.reply;
    let json: { status?: string; errorType?: string; error?: string; data?: { resultType?: string; result?: unknown } } | undefined;
    try {
      json = JSON.parse(body) as typeof json;
    } catch {
      json = undefined;
    }
    const serverText = clip((json?.error ?? body.replace(/\s+/g, ' ').trim()) || '(no text)', 300);
    const promql = json?.errorType === 'bad_data' && /parse error|syntax error|cannot parse|unparsed data|unknown func/i.test(serverText);
    if (promql || (status === 422 && json?.errorType === 'execution')) {
      const pos = promqlPosition(serverText);
      throw fail(
        'promql',
        metric,
        "a PromQL expression the server accepts (try it in the server's graph page)",
        `the server refused the query of ${metric}${pos ? ` at ${pos.line}:${pos.column}` : ''}: ${serverText}; query: ${pointAt(q.query, pos)}`,
        status,
      );
    }
    if (status === 401 || status === 403)
      throw fail(
        'http',
        'url',
        'credentials the server accepts: set them with Calibrate: Set Data Source Credentials',
        `${where} answered HTTP ${status} (${status === 401 ? 'unauthorized' : 'forbidden'}): ${serverText}`,
        status,
      );
    if (status === 404)
      throw fail(
        'http',
        'url',
        'the base URL of the Prometheus API (the part before /api/v1), e.g. http://prometheus:9090',
        `${where}/api/v1/query_range answered HTTP 404: ${serverText}`,
        status,
      );
    if (status >= 400 && status < 500)
      throw fail(
        'http',
        metric,
        'a request the server accepts: correct the query or the source settings',
        `${where} answered HTTP ${status} to the query of ${metric}: ${serverText}`,
        status,
      );
    if (status >= 500 || status === 429)
      throw fail(
        'http',
        'url',
        'the server to recover: try again later, or ask its operators',
        `${where} answered HTTP ${status} after ${(opts.retry ?? DEFAULT_RETRY).retries + 1} attempts: ${serverText}`,
        status,
      );
    if (json?.status !== 'success' || !Array.isArray(json.data?.result))
      throw fail(
        'badResponse',
        'url',
        'the Prometheus HTTP API (/api/v1/query_range) at source.url',
        `${where} answered HTTP ${status} with something other than the Prometheus API's JSON: ${clip(serverText, 120)}`,
        status,
      );
    if (json.data?.resultType !== 'matrix')
      throw fail(
        'badResponse',
        metric,
        'a query that returns a range of samples',
        `the query of ${metric} returned a ${String(json.data?.resultType)}, not a matrix`,
      );
    return json.data.result as { metric?: Record<string, string>; values?: [number, string][] }[];
  }

  function networkError(code: string, message: string): PrometheusSourceError {
    const host = hostOf(src.url);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      return fail('dns', 'url', 'a host name that resolves from this machine: check source.url, your VPN or DNS', `cannot resolve ${host} (${code})`);
    if (/CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY|HOSTNAME/i.test(code))
      return fail(
        'tls',
        'url',
        'a certificate this machine trusts: for a private CA, set source.caFile to its PEM file in the workspace',
        `TLS with ${host} failed (${code}): ${clip(message, 160)}`,
      );
    if (code === 'ECONNREFUSED')
      return fail(
        'unreachable',
        'url',
        'a server listening at source.url: start it, or correct the URL and port',
        `nothing answers at ${src.url} (connection refused)`,
      );
    return fail(
      'unreachable',
      'url',
      'a server reachable at source.url: check that it is running and the network to it',
      `the connection to ${src.url} failed (${code}): ${clip(message, 160)}`,
    );
  }

  /** A range selector shorter than the step reads only part of each hour: `increase(x[5m])` every 1h sees 5 of 60 minutes. */
  function checkRanges(metric: string, query: string): void {
    for (const m of query.matchAll(/\[\s*([0-9a-z]+)\s*\]/gi)) {
      const range = parseDuration(m[1]!);
      if (range !== undefined && range < step)
        throw fail(
          'stepMismatch',
          metric,
          `a range of the step (1h), e.g. increase(x[1h]), or an hourly recording rule`,
          `the query of ${metric} reads [${m[1]}] per 1h step, so it misses most of each hour`,
        );
    }
  }

  /** The cached values in [from, to) as the Dataset the CSV source would build from the same rows. */
  function toDataset(entries: Map<string, QueryCache>, from: number, to: number): Dataset {
    type Row = { metric: string; dims: DimValues; values: Map<number, number> };
    const rows: Row[] = [];
    const dimOrder = config.dimensions.map((d: DimensionConfig) => d.id);
    const found = new Set<string>();
    for (const [metric, entry] of entries) {
      const q = src.queries[metric]!;
      let any = false;
      for (const s of entry.series.values()) {
        const inRange = [...s.values].filter(([t]) => t >= from && t < to);
        if (!inRange.length) continue;
        any = true;
        const dims: Record<string, string> = Object.create(null) as Record<string, string>;
        for (const [label, value] of Object.entries(s.labels)) if (label !== '__name__') dims[q.labels[label] ?? label] = value;
        for (const [label, dim] of Object.entries(q.labels)) if (!(label in s.labels)) throw missingLabel(metric, label, dim, s.labels);
        for (const d of Object.keys(dims)) found.add(d);
        rows.push({ metric, dims, values: new Map(inRange) });
      }
      if (!any)
        throw fail(
          'empty',
          metric,
          "a query that returns data: check the metric name and label filters in the server's graph page",
          `the query of ${metric} returned no series from ${new Date(from).toISOString()} to ${new Date(to).toISOString()} at ${src.url}`,
        );
    }
    const dimensions = [...dimOrder, ...[...found].filter(d => !dimOrder.includes(d)).sort()];
    for (const r of rows)
      for (const d of dimensions)
        if (!(d in r.dims)) {
          const label = Object.entries(src.queries[r.metric]!.labels).find(([, dim]) => dim === d)?.[0] ?? d;
          throw missingLabel(r.metric, label, d, r.dims);
        }
    let start = Infinity;
    let last = -Infinity;
    for (const r of rows)
      for (const t of r.values.keys()) {
        if (t < start) start = t;
        if (t > last) last = t;
      }
    const metrics = [...entries.keys()];
    const rank = new Map(metrics.map((m, i) => [m, i]));
    rows.sort((a, b) => rank.get(a.metric)! - rank.get(b.metric)! || byDims(a.dims, b.dims));
    const end = last + step;
    const n = (end - start) / step;
    const series: Series[] = [];
    const gaps: Gap[] = [];
    for (const r of rows) {
      const values = new Float64Array(n).fill(NaN);
      for (const [t, v] of r.values) values[(t - start) / step] = v;
      const dims = Object.fromEntries(dimensions.map(d => [d, r.dims[d]!]));
      series.push({ metric: r.metric, dims, start, step, values });
      for (const g of missingSpans(values, start, step)) gaps.push({ metric: r.metric, dims, ...g });
    }
    return { source: src.url, dimensions, metrics, start, end, step, series, gaps };

    function byDims(a: DimValues, b: DimValues): number {
      for (const d of dimensions) if (a[d] !== b[d]) return (a[d] ?? '') < (b[d] ?? '') ? -1 : 1;
      return 0;
    }
  }

  function missingLabel(metric: string, label: string, dimension: string, has: Readonly<Record<string, string>>): PrometheusSourceError {
    const shown = Object.keys(has).filter(k => k !== '__name__');
    return fail(
      'missingLabel',
      metric,
      `every series of ${metric} to carry the label ${label}: keep it in the query's by (...), or map another label to ${dimension} under labels`,
      `a series of ${metric} has no label ${label}, which the dimension ${dimension} needs (its labels: ${shown.join(', ') || 'none'})`,
    );
  }

  return { read, stats };
}

function authHeader(auth: PrometheusAuth | undefined): Record<string, string> {
  if (!auth) return {};
  if ('bearer' in auth) return { authorization: `Bearer ${auth.bearer}` };
  return { authorization: `Basic ${Buffer.from(`${auth.basic.user}:${auth.basic.password}`, 'utf8').toString('base64')}` };
}

/** A series' identity: its label set, in name order. */
function labelKey(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

const formatMs = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);
