// The parts of a report config the check needs beyond parseReportConfig: the source path and metric
// ids, with their places, of a config that parseReportConfig refused, so one mistake in it (a bad
// threshold) does not hide the CSV's problems. Places come from metricPositions, as the parser's do.
import { metricPositions } from '../core/config/reportConfig';
import { readYaml } from '../core/config/yaml';
import type { InputError } from '../core/types';

/** A metric id the data must hold, and where the config names it (1-based). */
export interface DataRef {
  readonly id: string;
  readonly line: number | undefined;
  readonly column?: number;
  /** Where a ratio's part is named: "the numerator of signup_rate". */
  readonly role?: string;
}

export interface ConfigOutline {
  /** source.path as written, when it is text; undefined otherwise. */
  readonly sourcePath: string | undefined;
  /** A plain metric is its own ref; a ratio metric has no rows of its own, its parts are the refs. */
  readonly dataRefs: readonly DataRef[];
}

const get = (m: unknown, key: string): unknown => (m instanceof Map ? m.get(key) : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/**
 * What can be read of the config, or, when it is not valid YAML, all of its YAML errors
 * (parseReportConfig throws only the first).
 */
export function outlineConfig(yamlText: string, file: string): ConfigOutline | { readonly yamlErrors: InputError[] } {
  const read = readYaml(yamlText, file);
  if (!read.ok) return { yamlErrors: read.errors };
  const { data } = read.yaml;
  const list = get(data, 'metrics');
  const dataRefs: DataRef[] = [];
  if (Array.isArray(list)) {
    list.forEach((m: unknown, i) => {
      const id = text(get(m, 'id'));
      if (!id) return;
      const pos = metricPositions(read.yaml, i);
      const ratio = get(m, 'ratio');
      if (ratio === undefined) return void dataRefs.push({ id, line: pos.id?.line, column: pos.id?.column });
      for (const k of ['numerator', 'denominator'] as const) {
        const part = text(get(ratio, k));
        if (part) dataRefs.push({ id: part, line: pos[k]?.line, column: pos[k]?.column, role: `the ${k} of ${id}` });
      }
    });
  }
  return { sourcePath: text(get(get(data, 'source'), 'path')), dataRefs };
}
