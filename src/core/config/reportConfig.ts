// The team's report config (.calibrate/report.yaml), parsed and validated with line numbers.
// The format is recorded in docs/adr/0004-data-and-config-formats.md; the JSON schema in
// media/schema/report.schema.json gives completion in the editor.
import { isMap, isScalar, type Node } from 'yaml';
import { DateTime } from 'luxon';
import { InputError } from '../types';
import { readYaml, RESERVED_NAMES, yamlType } from './yaml';
import { isIanaZone } from './zones';

export interface MetricConfig {
  readonly id: string;
  readonly label: string;
  /** A derived metric: numerator / denominator, both additive metrics in the data. */
  readonly ratio?: { readonly numerator: string; readonly denominator: string };
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

export interface ReportConfig {
  readonly version: 1;
  readonly title: string;
  readonly timezone: string;
  /** Frozen report clock (UTC ms) for demos and drills; undefined means the real clock. */
  readonly asOf?: number;
  readonly source: { readonly type: 'csv'; readonly path: string };
  readonly metrics: readonly MetricConfig[];
  readonly dimensions: readonly DimensionConfig[];
  /** |delta %| against the same hour last week at which a cell turns amber, then red. */
  readonly thresholds: { readonly amber: number; readonly red: number };
  /** Minutes after an hour ends before it counts as complete (data arrives late). */
  readonly settleMinutes: number;
}

const ID = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const ZONE = 'an IANA time zone such as America/Los_Angeles';
const NOT_RESERVED = 'a name other than __proto__, constructor or prototype';
type Path = unknown[];

/** Mappings come from readYaml as Maps; anything else has no keys. */
const get = (m: unknown, key: string): unknown => (m instanceof Map ? m.get(key) : undefined);
const absent = (v: unknown): boolean => v === undefined || v === null;

export function parseReportConfig(text: string, file: string): ReportConfig {
  const read = readYaml(text, file);
  if (!read.ok) throw read.errors[0];
  const { doc, data: r, lineOf } = read.yaml;
  const at = (path: Path) => (path.length ? doc.getIn(path, true) : doc.contents) as Node | undefined;
  const fail = (path: Path, expected: string, detail: string): never => {
    // Point at the closest node that exists, so a missing key names its parent's line.
    for (let p = path; ; p = p.slice(0, -1)) {
      const line = lineOf(at(p));
      if (line !== undefined || p.length === 0) throw new InputError(file, line, expected, detail);
    }
  };
  /** A mistake in a key itself (a reserved name): the key's line, not its value's. */
  const failKey = (path: Path, expected: string, detail: string): never => {
    const parent = at(path.slice(0, -1));
    const pair = isMap(parent) ? parent.items.find(p => isScalar(p.key) && p.key.value === path[path.length - 1]) : undefined;
    throw new InputError(file, lineOf(pair?.key) ?? lineOf(parent), expected, detail);
  };
  const name = (path: Path) => path.join('.');

  if (!(r instanceof Map)) return fail([], 'a mapping with version, timezone, source and metrics', 'the report config is empty or not a mapping');

  const version = r.get('version');
  if (version === undefined) fail([], '`version: 1` as the first line', 'the `version` key is missing');
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
  if (get(src, 'type') !== 'csv') fail(['source', 'type'], 'source type `csv`', `unsupported source type: ${yamlType(get(src, 'type'))}`);
  const path = str(get(src, 'path'), ['source', 'path'], 'a path relative to the workspace folder');
  // Absolute paths in either OS's spelling, and any `..`, could read outside the workspace.
  if (/^([\\/]|[A-Za-z]:)/.test(path) || path.split(/[\\/]/).includes('..'))
    fail(['source', 'path'], 'a path inside the workspace folder', `source path "${path}" leaves the workspace`);

  const list = r.get('metrics');
  if (!Array.isArray(list) || list.length === 0) return fail(['metrics'], 'a non-empty list of metrics, each with an id', 'no metrics');
  const metrics: MetricConfig[] = list.map((m: unknown, i) => {
    if (!(m instanceof Map)) fail(['metrics', i], 'a mapping with an id', `metric ${i + 1} is ${yamlType(m)}, not a mapping`);
    const id = str(get(m, 'id'), ['metrics', i, 'id'], 'a metric id (letters, digits, _ . -)');
    if (!ID.test(id)) fail(['metrics', i, 'id'], 'a metric id (letters, digits, _ . -)', `bad metric id "${id}"`);
    if (RESERVED_NAMES.has(id)) fail(['metrics', i, 'id'], `a metric id that is ${NOT_RESERVED}`, `metric id "${id}" is reserved`);
    const rawLabel = get(m, 'label');
    const label = typeof rawLabel === 'string' && rawLabel.trim() ? rawLabel : id;
    const ra = get(m, 'ratio');
    if (ra === undefined) return { id, label };
    if (!(ra instanceof Map)) fail(['metrics', i, 'ratio'], '{ numerator: <metric id>, denominator: <metric id> }', `\`ratio\` is ${yamlType(ra)}`);
    const part = (k: string) => {
      const v = str(get(ra, k), ['metrics', i, 'ratio', k], 'the id of an additive metric');
      if (RESERVED_NAMES.has(v)) fail(['metrics', i, 'ratio', k], `the id of an additive metric, ${NOT_RESERVED}`, `metric id "${v}" is reserved`);
      return v;
    };
    return { id, label, ratio: { numerator: part('numerator'), denominator: part('denominator') } };
  });
  const seen = new Set<string>();
  metrics.forEach((m, i) => {
    if (seen.has(m.id)) fail(['metrics', i, 'id'], 'unique metric ids', `metric "${m.id}" is listed twice`);
    seen.add(m.id);
  });

  const dimensions: DimensionConfig[] = [];
  const dims = r.get('dimensions') ?? new Map();
  if (!(dims instanceof Map)) return fail(['dimensions'], 'a mapping of dimension name to settings', 'dimensions is not a mapping');
  for (const [key, d] of dims as Map<unknown, unknown>) {
    const id = String(key ?? '');
    if (RESERVED_NAMES.has(id)) failKey(['dimensions', key], `a dimension ${NOT_RESERVED}`, `dimension name "${id}" is reserved`);
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

  return { version: 1, title, timezone, asOf, source: { type: 'csv', path }, metrics, dimensions, thresholds: { amber, red }, settleMinutes };

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
}
