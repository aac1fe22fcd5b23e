// The team's report config (.calibrate/report.yaml), parsed and validated with line and column.
// The format is recorded in docs/adr/0004-data-and-config-formats.md; the JSON schema in
// media/schema/report.schema.json gives completion in the editor.
import { isMap, isScalar, type Node } from 'yaml';
import { DateTime } from 'luxon';
import { InputError, type InputProblem } from '../types';
import { CONFIG_KEYS, unknownKeys, type UnknownKey } from './configKeys';
import { readYaml, RESERVED_NAMES, yamlType, type SourcePos, type YamlFile } from './yaml';
import { isIanaZone } from './zones';
import { ladderOf, type LadderThresholds } from './ladderConfig';

export type { SourcePos } from './yaml';

export interface MetricConfig {
  readonly id: string;
  readonly label: string;
  /** A derived metric: numerator / denominator, both additive metrics in the data. */
  readonly ratio?: {
    readonly numerator: string;
    readonly denominator: string;
    /** Where each part's id is written, for a problem about that part (it has no data). */
    readonly at?: { readonly numerator?: SourcePos; readonly denominator?: SourcePos };
  };
  /** Where the metric's id is written (1-based), for a problem about the metric (it has no data). */
  readonly line?: number;
  readonly column?: number;
}

export interface DimensionValueMapping {
  readonly country?: string;
  readonly state?: string;
  readonly timezone?: string;
}

export interface DimensionConfig {
  readonly id: string;
  /** A null-prototype record: dimension values are data, and `__proto__` or `constructor` is a value like any other. */
  readonly values: Readonly<Record<string, DimensionValueMapping>>;
}

export interface CsvSourceConfig {
  readonly type: 'csv';
  readonly path: string;
}

/** One metric's PromQL query; its result's labels are the report's dimensions. */
export interface PrometheusQueryConfig {
  readonly query: string;
  /** Label name -> dimension name, for labels named otherwise than the report's dimensions (null-prototype). */
  readonly labels: Readonly<Record<string, string>>;
  /** Where the query is written, for an error about it (a PromQL error, an empty result). */
  readonly at?: SourcePos;
}

/**
 * A Prometheus HTTP API source (Prometheus, VictoriaMetrics, Thanos, Mimir). Credentials are never
 * here: the workspace is shared through git; the host passes them from its secret store.
 */
export interface PrometheusSourceConfig {
  readonly type: 'prometheus';
  readonly url: string;
  /** ms; the hourly report needs 1 h. */
  readonly step: number;
  /** ms of history to load, at least 6 weeks (the weekly seasonality). */
  readonly history: number;
  /** ms per request. */
  readonly timeout: number;
  /** Non-secret HTTP headers (a tenant id, say); null-prototype. */
  readonly headers: Readonly<Record<string, string>>;
  /** A CA bundle inside the workspace, for a server with a private CA. */
  readonly caFile?: string;
  /** The cardinality guard: the most series one query may return. */
  readonly maxSeries: number;
  /** Metric id -> its query (null-prototype), for every additive metric and ratio part. */
  readonly queries: Readonly<Record<string, PrometheusQueryConfig>>;
  /** Where `url` is written, for errors about the server. */
  readonly at?: SourcePos;
}

export type SourceConfig = CsvSourceConfig | PrometheusSourceConfig;

/** The hourly report's step, and the least history a Prometheus source may load (the weekly seasonality). */
export const PROMETHEUS_STEP = 3_600_000;
export const MIN_HISTORY = 6 * 7 * 86_400_000;
const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** A Prometheus duration such as `1h`, `6w`, `1h30m` or `10s`, in ms; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (!/^(\d+(ms|s|m|h|d|w))+$/.test(t)) return undefined;
  let ms = 0;
  for (const m of t.matchAll(/(\d+)(ms|s|m|h|d|w)/g)) ms += Number(m[1]) * DURATION_UNITS[m[2]!]!;
  return ms > 0 && Number.isSafeInteger(ms) ? ms : undefined;
}

export interface ReportConfig<S extends SourceConfig = CsvSourceConfig> {
  readonly version: 1;
  readonly title: string;
  readonly timezone: string;
  /** Frozen report clock (UTC ms) for demos and drills; undefined means the real clock. */
  readonly asOf?: number;
  readonly source: S;
  readonly metrics: readonly MetricConfig[];
  readonly dimensions: readonly DimensionConfig[];
  /** |delta %| against the same hour last week at which a cell turns amber, then red. */
  readonly thresholds: { readonly amber: number; readonly red: number };
  /** Minutes after an hour ends before it counts as complete (data arrives late). */
  readonly settleMinutes: number;
  /** The hand-off ladder's thresholds (issue 16), when `ladder:` is written; DEFAULT_LADDER otherwise. */
  readonly ladder?: LadderThresholds;
  /**
   * The explainer's calibration re-fitted to this team's outcomes (issue 16: proposed by the weekly
   * review, applied by the user), when `explanationCalibration:` is written; the shipped constants otherwise.
   */
  readonly explanationCalibration?: { readonly temperature: number; readonly unexplainedScore: number };
  /** What is wrong but does not stop the report: keys the config does not know (a typo is ignored otherwise). */
  readonly warnings?: readonly InputProblem[];
}

const ID = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const ZONE = 'an IANA time zone such as America/Los_Angeles';
const NOT_RESERVED = 'a name other than __proto__, constructor or prototype';
type Path = unknown[];

/** Mappings come from readYaml as Maps; anything else has no keys. */
const get = (m: unknown, key: string): unknown => (m instanceof Map ? m.get(key) : undefined);
const absent = (v: unknown): boolean => v === undefined || v === null;
/** Unknown keys listed as warnings; a generated config with thousands gets the first ones and a count. */
const MAX_KEY_WARNINGS = 20;

/**
 * Where each metric's ids are written: the metric's id, and a ratio's numerator and denominator (the
 * metric's own place when a part is not written out, through an alias or a merge). Shared with
 * `calibrate check` (src/cli/configOutline.ts), which reads configs this parser refuses.
 */
export function metricPositions(yaml: YamlFile, i: number): { readonly id?: SourcePos; readonly numerator?: SourcePos; readonly denominator?: SourcePos } {
  const at = (path: unknown[]) => yaml.posOf(yaml.doc.getIn(path, true));
  const id = at(['metrics', i, 'id']) ?? at(['metrics', i]);
  return { id, numerator: at(['metrics', i, 'ratio', 'numerator']) ?? id, denominator: at(['metrics', i, 'ratio', 'denominator']) ?? id };
}

/**
 * The report config. Without `accept`, only a CSV source (what the host and the command line read
 * today); with `{ prometheus: true }`, a Prometheus source too.
 */
export function parseReportConfig(text: string, file: string): ReportConfig;
export function parseReportConfig(text: string, file: string, accept: { readonly prometheus: true }): ReportConfig<SourceConfig>;
export function parseReportConfig(text: string, file: string, accept?: { readonly prometheus: true }): ReportConfig<SourceConfig> {
  const read = readYaml(text, file);
  if (!read.ok) throw read.errors[0];
  const { doc, data: r, posOf } = read.yaml;
  const unknown = unknownKeys(doc, posOf);
  const at = (path: Path) => (path.length ? doc.getIn(path, true) : doc.contents) as Node | undefined;
  const fail = (path: Path, expected: string, detail: string): never => {
    // A missing key written with a typo (`timezoen:`), or at the wrong depth (`metrics:` indented
    // into `source`): point there, and say so.
    const written = at(path) === undefined ? writtenElsewhere(unknown, path) : undefined;
    if (written) throw new InputError(file, written.at?.line, expected, `${detail}, and ${written.hint}`, written.at?.column);
    // Point at the closest node that exists, so a missing key names its parent.
    for (let p = path; ; p = p.slice(0, -1)) {
      const pos = posOf(at(p));
      if (pos !== undefined || p.length === 0) throw new InputError(file, pos?.line, expected, detail, pos?.column);
    }
  };
  /** A mistake in a key itself (a reserved name): the key's place, not its value's. */
  const failKey = (path: Path, expected: string, detail: string): never => {
    const parent = at(path.slice(0, -1));
    const pair = isMap(parent) ? parent.items.find(p => isScalar(p.key) && p.key.value === path[path.length - 1]) : undefined;
    const pos = posOf(pair?.key) ?? posOf(parent);
    throw new InputError(file, pos?.line, expected, detail, pos?.column);
  };
  const name = (path: Path) => path.join('.');

  if (!(r instanceof Map)) return fail([], 'a mapping with version, timezone, source and metrics', 'the report config is empty or not a mapping');

  const version = r.get('version');
  if (version === undefined) fail(['version'], '`version: 1` as the first line', 'the `version` key is missing');
  if (version !== 1) fail(['version'], '`version: 1`', `\`version\` is ${yamlType(version)}`);
  const rawTitle = r.get('title');
  const title = typeof rawTitle === 'string' && rawTitle.trim() ? rawTitle : 'Key business metrics';
  const timezone = zone(r.get('timezone'), ['timezone'], ZONE, '');

  let asOf: number | undefined;
  const rawAsOf = r.get('asOf');
  if (rawAsOf !== undefined) {
    const expected = 'an ISO-8601 instant with a UTC offset, e.g. 2026-11-03T09:20:00-08:00';
    if (typeof rawAsOf !== 'string') fail(['asOf'], expected, `\`asOf\` is ${yamlType(rawAsOf)}`);
    const raw = rawAsOf as string;
    const dt = DateTime.fromISO(raw, { setZone: true });
    if (!dt.isValid || !/[zZ]|[+-]\d\d:?\d\d$/.test(raw)) fail(['asOf'], expected, `bad asOf ${yamlType(raw).replace(/^the text /, '')}`);
    asOf = dt.toMillis();
  }

  const src = r.get('source');
  if (!(src instanceof Map))
    fail(['source'], 'a source mapping: { type: csv, path: data/metrics.csv }', absent(src) ? 'missing source' : `\`source\` is ${yamlType(src)}`);
  const type = get(src, 'type');
  const prometheus = type === 'prometheus' && accept?.prometheus === true;
  if (type !== 'csv' && !prometheus)
    fail(['source', 'type'], accept?.prometheus ? 'source type `csv` or `prometheus`' : 'source type `csv`', `unsupported source type: ${yamlType(type)}`);
  const path = prometheus ? '' : inside(str(get(src, 'path'), ['source', 'path'], 'a path relative to the workspace folder'), ['source', 'path']);

  const list = r.get('metrics');
  if (!Array.isArray(list) || list.length === 0) return fail(['metrics'], 'a non-empty list of metrics, each with an id', 'no metrics');
  const metrics: MetricConfig[] = list.map((m: unknown, i) => {
    if (!(m instanceof Map)) fail(['metrics', i], 'a mapping with an id', `metric ${i + 1} is ${yamlType(m)}, not a mapping`);
    const id = str(get(m, 'id'), ['metrics', i, 'id'], 'a metric id (letters, digits, _ . -)');
    if (!ID.test(id)) fail(['metrics', i, 'id'], 'a metric id (letters, digits, _ . -)', `bad metric id "${id}"`);
    if (RESERVED_NAMES.has(id)) fail(['metrics', i, 'id'], `a metric id that is ${NOT_RESERVED}`, `metric id "${id}" is reserved`);
    const rawLabel = get(m, 'label');
    const label = typeof rawLabel === 'string' && rawLabel.trim() ? rawLabel : id;
    const pos = metricPositions(read.yaml, i);
    const place = pos.id ? { line: pos.id.line, column: pos.id.column } : {};
    const ra = get(m, 'ratio');
    if (ra === undefined) return { id, label, ...place };
    if (!(ra instanceof Map)) fail(['metrics', i, 'ratio'], '{ numerator: <metric id>, denominator: <metric id> }', `\`ratio\` is ${yamlType(ra)}`);
    const part = (k: string) => {
      const v = str(get(ra, k), ['metrics', i, 'ratio', k], 'the id of an additive metric');
      if (RESERVED_NAMES.has(v)) fail(['metrics', i, 'ratio', k], `the id of an additive metric, ${NOT_RESERVED}`, `metric id "${v}" is reserved`);
      return v;
    };
    const parts = { numerator: part('numerator'), denominator: part('denominator') };
    return { id, label, ratio: { ...parts, at: { numerator: pos.numerator, denominator: pos.denominator } }, ...place };
  });
  const seen = new Set<string>();
  metrics.forEach((m, i) => {
    if (seen.has(m.id)) fail(['metrics', i, 'id'], 'unique metric ids', `metric "${m.id}" is listed twice`);
    seen.add(m.id);
  });

  const dimensions: DimensionConfig[] = [];
  const dims = r.get('dimensions') ?? new Map();
  if (!(dims instanceof Map)) return fail(['dimensions'], 'a mapping of dimension name to settings', 'dimensions is not a mapping');
  const names = [...(dims as Map<unknown, unknown>).keys()].map(k => String(k ?? ''));
  for (const [n, [key, d]] of [...(dims as Map<unknown, unknown>)].entries()) {
    const id = names[n]!;
    if (RESERVED_NAMES.has(id)) failKey(['dimensions', key], `a dimension ${NOT_RESERVED}`, `dimension name "${id}" is reserved`);
    // `thresholds:` indented into `dimensions` reads as an empty dimension, and its `amber: 5` as another.
    const next = names[n + 1] ?? '';
    if (absent(d) && (id === 'source' || id === 'thresholds') && (CONFIG_KEYS[id] as readonly string[]).includes(next))
      failKey(
        ['dimensions', key],
        `\`${id}:\` at the top level (is it indented too deep?)`,
        `\`${id}\` is read as a dimension with no values, and \`${next}\` as another`,
      );
    if (!absent(d) && !(d instanceof Map))
      fail(['dimensions', key], 'a mapping such as { values: { US: { country: US } } }', `dimension ${id} is ${yamlType(d)}`);
    const vals = get(d, 'values') ?? new Map();
    if (!(vals instanceof Map))
      return fail(['dimensions', key, 'values'], 'a mapping of value to { country, state, timezone }', `\`values\` of ${id} is ${yamlType(vals)}`);
    const values = Object.create(null) as Record<string, DimensionValueMapping>;
    for (const [vk, m] of vals as Map<unknown, unknown>) {
      const v = String(vk ?? '');
      const at = ['dimensions', key, 'values', vk];
      if (!absent(m) && !(m instanceof Map))
        fail(at, 'a mapping such as { country: US, timezone: America/New_York }', `${id}=${v} is ${yamlType(m)}, not a mapping`);
      const tz = get(m, 'timezone');
      values[v] = {
        country: plain(get(m, 'country'), [...at, 'country']),
        state: plain(get(m, 'state'), [...at, 'state']),
        timezone: absent(tz) ? undefined : zone(tz, [...at, 'timezone'], 'an IANA time zone', ` for ${id}=${v}`),
      };
    }
    dimensions.push({ id, values });
  }

  const th = r.get('thresholds') ?? new Map();
  if (!(th instanceof Map)) return fail(['thresholds'], 'a mapping { amber, red } (percent)', `\`thresholds\` is ${yamlType(th)}`);
  const amber = th.get('amber') === undefined ? 5 : num(th.get('amber'), ['thresholds', 'amber']);
  const red = th.get('red') === undefined ? 15 : num(th.get('red'), ['thresholds', 'red']);
  if (!(amber > 0 && red > amber)) fail(['thresholds'], 'thresholds with 0 < amber < red (percent)', `amber ${amber}, red ${red}`);
  const settleMinutes = r.get('settleMinutes') === undefined ? 0 : num(r.get('settleMinutes'), ['settleMinutes']);
  const ladder = absent(r.get('ladder')) ? undefined : ladderOf(read.yaml, file);
  const ec = r.get('explanationCalibration');
  let explanationCalibration: { temperature: number; unexplainedScore: number } | undefined;
  if (!absent(ec)) {
    if (!(ec instanceof Map) || !ec.has('temperature') || !ec.has('unexplainedScore'))
      return fail(
        ['explanationCalibration'],
        'a mapping { temperature, unexplainedScore } (as the weekly review proposes it)',
        `\`explanationCalibration\` is ${yamlType(ec)}`,
      );
    const temperature = signed(ec.get('temperature'), ['explanationCalibration', 'temperature']);
    const unexplainedScore = signed(ec.get('unexplainedScore'), ['explanationCalibration', 'unexplainedScore']);
    if (!(temperature > 0)) fail(['explanationCalibration', 'temperature'], 'a temperature above 0', String(temperature));
    explanationCalibration = { temperature, unexplainedScore };
  }

  const warnings = [...unknownKeyWarnings(unknown, file), ...otherSourceKeys(src as Map<unknown, unknown>, prometheus)];
  return {
    version: 1,
    title,
    timezone,
    asOf,
    source: prometheus ? prometheusSource(src as Map<unknown, unknown>, metrics) : { type: 'csv', path },
    metrics,
    dimensions,
    thresholds: { amber, red },
    settleMinutes,
    ...(ladder ? { ladder } : {}),
    ...(explanationCalibration ? { explanationCalibration } : {}),
    ...(warnings.length ? { warnings } : {}),
  };

  /** Keys of the other source type (`url` under a CSV source, `path` under a Prometheus one) do nothing: say so. */
  function otherSourceKeys(s: Map<unknown, unknown>, isPrometheus: boolean): InputProblem[] {
    const other = isPrometheus ? ['path'] : ['url', 'step', 'history', 'timeout', 'headers', 'caFile', 'maxSeries', 'queries'];
    const own = isPrometheus ? 'prometheus' : 'csv';
    return other
      .filter(k => s.has(k))
      .map(k => {
        const pos = posOf((at(['source']) as { items?: { key: unknown }[] } | undefined)?.items?.find(p => isScalar(p.key) && p.key.value === k)?.key);
        return new InputError(
          file,
          pos?.line,
          `only the keys of a ${own} source`,
          `\`${k}\` is not read with \`type: ${own}\` and is ignored`,
          pos?.column,
        ).toProblem('warning');
      });
  }
  /** A workspace-relative path: absolute paths in either OS's spelling, and any `..`, could read outside the workspace. */
  function inside(p: string, path: Path): string {
    if (/^([\\/]|[A-Za-z]:)/.test(p) || p.split(/[\\/]/).includes('..'))
      fail(path, 'a path inside the workspace folder', `${name(path).replace('.', ' ')} "${p}" leaves the workspace`);
    return p;
  }
  function duration(v: unknown, path: Path, fallback: number, expected: string): number {
    if (absent(v)) return fallback;
    const ms = typeof v === 'string' ? parseDuration(v) : undefined;
    if (ms === undefined) fail(path, expected, `${name(path)} is ${yamlType(v)}, not a duration`);
    return ms!;
  }
  function textMap(v: unknown, path: Path, expected: string): Record<string, string> {
    const out = Object.create(null) as Record<string, string>;
    if (absent(v)) return out;
    if (!(v instanceof Map)) return fail(path, expected, `${name(path)} is ${yamlType(v)}, not a mapping`);
    for (const [k, x] of v as Map<unknown, unknown>) out[String(k)] = str(typeof x === 'number' ? String(x) : x, [...path, k], expected);
    return out;
  }
  function prometheusSource(s: Map<unknown, unknown>, metrics: readonly MetricConfig[]): PrometheusSourceConfig {
    const url = str(s.get('url'), ['source', 'url'], 'the server URL, e.g. http://prometheus.internal:9090');
    if (!/^https?:\/\/[^\s/?#]+/i.test(url))
      fail(['source', 'url'], 'an http:// or https:// URL, e.g. http://prometheus.internal:9090', `bad url "${url.slice(0, 80)}"`);
    if (/^https?:\/\/[^/?#]*@/i.test(url))
      fail(['source', 'url'], 'a URL without user or password (credentials are set with Calibrate: Set Data Source Credentials)', 'the url holds credentials');
    const step = duration(s.get('step'), ['source', 'step'], PROMETHEUS_STEP, '`1h` (the hourly report)');
    if (step !== PROMETHEUS_STEP) fail(['source', 'step'], '`1h`: the report is hourly', `step ${String(s.get('step'))} is not 1 hour`);
    const history = duration(s.get('history'), ['source', 'history'], MIN_HISTORY, 'a duration of at least 6w, e.g. 8w');
    if (history < MIN_HISTORY)
      fail(['source', 'history'], 'at least 6w: the forecast learns the weekly pattern from 6 weeks', `history ${String(s.get('history'))} is under 6 weeks`);
    const timeout = duration(s.get('timeout'), ['source', 'timeout'], 30_000, 'a duration such as 30s');
    const headers = textMap(s.get('headers'), ['source', 'headers'], 'a mapping of header name to text');
    for (const h of Object.keys(headers))
      if (/^(authorization|proxy-authorization|cookie)$/i.test(h))
        failKey(
          ['source', 'headers', h],
          "credentials set with Calibrate: Set Data Source Credentials (kept in VS Code's secret storage, never in the workspace)",
          `header ${h} would put a credential in a file shared through git`,
        );
    const rawCa = s.get('caFile');
    const caFile = absent(rawCa) ? undefined : inside(str(rawCa, ['source', 'caFile'], 'a PEM file inside the workspace'), ['source', 'caFile']);
    const rawMax = s.get('maxSeries');
    const maxSeries = absent(rawMax) ? 1000 : num(rawMax, ['source', 'maxSeries']);
    if (!Number.isInteger(maxSeries) || maxSeries < 1)
      fail(['source', 'maxSeries'], 'a whole number of series, at least 1', `bad maxSeries: ${yamlType(rawMax)}`);
    const rawQueries = s.get('queries');
    const expectedQueries = 'a mapping of metric id to { query: <PromQL> }';
    if (!(rawQueries instanceof Map))
      return fail(['source', 'queries'], expectedQueries, absent(rawQueries) ? 'missing source.queries' : `source.queries is ${yamlType(rawQueries)}`);
    const queries = Object.create(null) as Record<string, PrometheusQueryConfig>;
    const needed = new Set(metrics.flatMap(m => (m.ratio ? [m.ratio.numerator, m.ratio.denominator] : [m.id])));
    for (const [k, q] of rawQueries as Map<unknown, unknown>) {
      const id = String(k ?? '');
      const at = ['source', 'queries', k];
      if (RESERVED_NAMES.has(id)) failKey(at, `a metric id that is ${NOT_RESERVED}`, `metric id "${id}" is reserved`);
      if (!needed.has(id))
        failKey(
          at,
          `one of the metrics that need data: ${[...needed].join(', ')}`,
          `query for "${id.slice(0, 60)}", which is not a metric of the report (nor a part of a ratio)`,
        );
      if (!(q instanceof Map)) fail(at, '{ query: <PromQL>, labels: { <label>: <dimension> } }', `the query of ${id} is ${yamlType(q)}, not a mapping`);
      const query = str(get(q, 'query'), [...at, 'query'], 'a PromQL expression');
      const labels = textMap(get(q, 'labels'), [...at, 'labels'], 'a mapping of label name to dimension name');
      const pos = posOf(doc.getIn([...at, 'query'], true)) ?? posOf(doc.getIn(at, true));
      queries[id] = { query, labels, ...(pos ? { at: pos } : {}) };
    }
    const missing = [...needed].filter(id => !(id in queries));
    if (missing.length) fail(['source', 'queries'], 'a query for every metric and ratio part', `no query for ${missing.map(m => `"${m}"`).join(', ')}`);
    const at = posOf(doc.getIn(['source', 'url'], true));
    return {
      type: 'prometheus',
      url: url.replace(/\/+$/, ''),
      step,
      history,
      timeout,
      headers,
      ...(caFile ? { caFile } : {}),
      maxSeries,
      queries,
      ...(at ? { at } : {}),
    };
  }

  function str(v: unknown, path: Path, expected: string): string {
    if (absent(v)) fail(path, expected, `missing ${name(path)}`);
    if (typeof v !== 'string') fail(path, expected, `${name(path)} is ${yamlType(v)}, not text`);
    if (!(v as string).trim()) fail(path, expected, `empty ${name(path)}`);
    return (v as string).trim();
  }
  /** Optional text; YAML reads US as text but 1 as a number, and both mean the text. */
  function plain(v: unknown, path: Path): string | undefined {
    if (absent(v)) return undefined;
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') fail(path, 'text such as US', `${name(path)} is ${yamlType(v)}`);
    return String(v);
  }
  function zone(v: unknown, path: Path, expected: string, of: string): string {
    const key = `\`${String(path[path.length - 1])}\`${of}`;
    if (absent(v)) fail(path, expected, `the ${key} key is missing`);
    if (typeof v !== 'string') fail(path, `${expected} (a string)`, `${key} is ${yamlType(v)}, not a string`);
    const tz = (v as string).trim();
    if (!tz) fail(path, expected, `${key} is empty`);
    if (!isIanaZone(tz)) fail(path, expected, `unknown time zone "${tz.slice(0, 60)}"${of}`);
    return tz;
  }
  function num(v: unknown, path: Path): number {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) fail(path, 'a non-negative number', `bad ${name(path)}: ${yamlType(v)}`);
    return v as number;
  }

  function signed(v: unknown, path: Path): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, 'a number', `bad ${name(path)}: ${yamlType(v)}`);
    return v as number;
  }
}

const show = (key: string): string => `\`${key.length > 60 ? `${key.slice(0, 57)}...` : key}\``;

/** The key `path` ends with, written where the parser did not look: a typo in its mapping, or the same key elsewhere. */
function writtenElsewhere(unknown: readonly UnknownKey[], path: Path): { at: SourcePos | undefined; hint: string } | undefined {
  const parent = path.slice(0, -1);
  const key = path[path.length - 1];
  const same = (u: UnknownKey) => u.parent.length === parent.length && u.parent.every((p, i) => p === parent[i]);
  const typo = unknown.find(u => u.suggestion === key && same(u));
  if (typo) return { at: typo.at, hint: `${show(typo.key)} here is not a key (did you mean \`${String(key)}\`?)` };
  const moved = unknown.find(u => u.key === key);
  if (moved) return { at: moved.at, hint: `${show(moved.key)} here is ${moved.where} (check its indentation)` };
  return undefined;
}

/**
 * Unknown keys as warnings: each at its place, with the known key it is probably a typo of. Keys below
 * a known key with no value are one warning at that key (one of the two is indented wrongly).
 */
function unknownKeyWarnings(unknown: readonly UnknownKey[], file: string): InputProblem[] {
  const warnings: InputError[] = [];
  const groups = new Map<string, UnknownKey[]>();
  for (const u of unknown) {
    if (!u.after) {
      const hint = u.suggestion ? ` (did you mean \`${u.suggestion}\`?)` : '';
      warnings.push(new InputError(file, u.at?.line, `one of ${u.known.join(', ')}`, `unknown key ${show(u.key)} ${u.where} is ignored${hint}`, u.at?.column));
      continue;
    }
    const id = `${u.parent.join('.')}\u0000${u.after.key}`;
    if (!groups.has(id)) groups.set(id, []);
    groups.get(id)!.push(u);
  }
  for (const [, keys] of groups) {
    const { where, after } = keys[0]!;
    const names =
      keys
        .slice(0, 3)
        .map(u => show(u.key))
        .join(', ') + (keys.length > 3 ? ` and ${keys.length - 3} more` : '');
    warnings.push(
      new InputError(
        file,
        after!.at?.line,
        `the keys of \`${after!.key}\` indented under it (or \`${after!.key}:\` at their depth)`,
        `\`${after!.key}\` ${where} is empty, and the keys after it (${names}) are ignored`,
        after!.at?.column,
      ),
    );
  }
  warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const listed = warnings.slice(0, MAX_KEY_WARNINGS).map(w => w.toProblem('warning'));
  if (warnings.length > MAX_KEY_WARNINGS)
    listed.push(
      new InputError(file, undefined, 'only the keys the config knows', `${warnings.length - MAX_KEY_WARNINGS} more unknown keys, not listed`).toProblem(
        'warning',
      ),
    );
  return listed;
}
