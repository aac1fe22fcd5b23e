// The team's report config (.calibrate/report.yaml), parsed and validated with line numbers.
// The format is recorded in docs/adr/0004-data-and-config-formats.md; the JSON schema in
// media/schema/report.schema.json gives completion in the editor.
import { LineCounter, parseDocument, type Node } from 'yaml';
import { IANAZone, DateTime } from 'luxon';
import { InputError } from '../types';

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

export function parseReportConfig(text: string, file: string): ReportConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const lineOf = (node: Node | null | undefined): number | undefined =>
    node?.range ? lines.linePos(node.range[0]).line : undefined;
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new InputError(file, lines.linePos(e.pos[0]).line, 'valid YAML', e.message.split('\n')[0]);
  }
  const at = (path: (string | number)[]) => doc.getIn(path, true) as Node | undefined;
  const fail = (path: (string | number)[], expected: string, detail: string): never => {
    // Point at the closest node that exists, so a missing key names its parent's line.
    for (let p = path; ; p = p.slice(0, -1)) {
      const line = lineOf(p.length ? at(p) : (doc.contents as Node | null));
      if (line !== undefined || p.length === 0) throw new InputError(file, line, expected, detail);
    }
  };
  const root = doc.toJS() as unknown;
  if (!root || typeof root !== 'object' || Array.isArray(root)) fail([], 'a mapping with version, timezone, source and metrics', 'the report config is empty or not a mapping');
  const r = root as Record<string, unknown>;

  if (r.version !== 1) fail(['version'], '`version: 1`', `unsupported version ${JSON.stringify(r.version)}`);
  const title = typeof r.title === 'string' && r.title.trim() ? r.title : 'Key business metrics';
  const timezone = str(r.timezone, ['timezone'], 'an IANA time zone such as America/Los_Angeles');
  if (!IANAZone.isValidZone(timezone)) fail(['timezone'], 'an IANA time zone such as America/Los_Angeles', `unknown time zone "${timezone}"`);

  let asOf: number | undefined;
  if (r.asOf !== undefined) {
    const raw = r.asOf instanceof Date ? r.asOf.toISOString() : String(r.asOf);
    const dt = DateTime.fromISO(raw, { setZone: true });
    if (!dt.isValid || !/[zZ]|[+-]\d\d:?\d\d$/.test(raw)) fail(['asOf'], 'an ISO-8601 instant with a UTC offset, e.g. 2026-11-03T09:20:00-08:00', `bad asOf "${raw}"`);
    asOf = dt.toMillis();
  }

  const src = r.source as Record<string, unknown> | undefined;
  if (!src || typeof src !== 'object') fail(['source'], 'a source mapping: { type: csv, path: data/metrics.csv }', 'missing source');
  if (src!.type !== 'csv') fail(['source', 'type'], 'source type `csv`', `unsupported source type ${JSON.stringify(src!.type)}`);
  const path = str(src!.path, ['source', 'path'], 'a path relative to the workspace folder');
  if (path.startsWith('/') || path.split(/[\\/]/).includes('..')) fail(['source', 'path'], 'a path inside the workspace folder', `source path "${path}" leaves the workspace`);

  if (!Array.isArray(r.metrics) || r.metrics.length === 0) fail(['metrics'], 'a non-empty list of metrics, each with an id', 'no metrics');
  const metrics: MetricConfig[] = (r.metrics as unknown[]).map((m, i) => {
    if (!m || typeof m !== 'object') fail(['metrics', i], 'a mapping with an id', 'metric is not a mapping');
    const mm = m as Record<string, unknown>;
    const id = str(mm.id, ['metrics', i, 'id'], 'a metric id (letters, digits, _ . -)');
    if (!ID.test(id)) fail(['metrics', i, 'id'], 'a metric id (letters, digits, _ . -)', `bad metric id "${id}"`);
    const label = typeof mm.label === 'string' && mm.label.trim() ? mm.label : id;
    if (mm.ratio === undefined) return { id, label };
    const ra = mm.ratio as Record<string, unknown>;
    const numerator = str(ra?.numerator, ['metrics', i, 'ratio', 'numerator'], 'the id of an additive metric');
    const denominator = str(ra?.denominator, ['metrics', i, 'ratio', 'denominator'], 'the id of an additive metric');
    return { id, label, ratio: { numerator, denominator } };
  });
  const seen = new Set<string>();
  metrics.forEach((m, i) => {
    if (seen.has(m.id)) fail(['metrics', i, 'id'], 'unique metric ids', `metric "${m.id}" is listed twice`);
    seen.add(m.id);
  });

  const dimensions: DimensionConfig[] = [];
  const dims = r.dimensions ?? {};
  if (typeof dims !== 'object' || Array.isArray(dims)) fail(['dimensions'], 'a mapping of dimension name to settings', 'dimensions is not a mapping');
  for (const [id, d] of Object.entries(dims as Record<string, unknown>)) {
    const values: Record<string, DimensionValueMapping> = {};
    const vals = (d as Record<string, unknown> | null)?.values ?? {};
    for (const [v, m] of Object.entries(vals as Record<string, unknown>)) {
      const mm = (m ?? {}) as Record<string, unknown>;
      const tz = mm.timezone === undefined ? undefined : String(mm.timezone);
      if (tz !== undefined && !IANAZone.isValidZone(tz)) fail(['dimensions', id, 'values', v, 'timezone'], 'an IANA time zone', `unknown time zone "${tz}" for ${id}=${v}`);
      values[v] = { country: opt(mm.country), state: opt(mm.state), timezone: tz };
    }
    dimensions.push({ id, values });
  }

  const th = (r.thresholds ?? {}) as Record<string, unknown>;
  const amber = th.amber === undefined ? 5 : num(th.amber, ['thresholds', 'amber']);
  const red = th.red === undefined ? 15 : num(th.red, ['thresholds', 'red']);
  if (!(amber > 0 && red > amber)) fail(['thresholds'], 'thresholds with 0 < amber < red (percent)', `amber ${amber}, red ${red}`);
  const settleMinutes = r.settleMinutes === undefined ? 0 : num(r.settleMinutes, ['settleMinutes']);

  return { version: 1, title, timezone, asOf, source: { type: 'csv', path }, metrics, dimensions, thresholds: { amber, red }, settleMinutes };

  function str(v: unknown, path: (string | number)[], expected: string): string {
    if (typeof v !== 'string' || !v.trim()) fail(path, expected, `missing or empty ${path.join('.')}`);
    return (v as string).trim();
  }
  function num(v: unknown, path: (string | number)[]): number {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) fail(path, 'a non-negative number', `bad ${path.join('.')} ${JSON.stringify(v)}`);
    return v as number;
  }
}

const opt = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

