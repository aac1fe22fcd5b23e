// The parts of a report config the check needs beyond parseReportConfig: the line of each metric
// (parseReportConfig returns no lines), and the source path and metric ids of a config that
// parseReportConfig refused, so one mistake in it (a bad threshold) does not hide the CSV's problems.
import { readYaml } from '../core/config/yaml';
import type { InputError } from '../core/types';

/** A metric id the data must hold, and the config line that names it. */
export interface DataRef {
  readonly id: string;
  readonly line: number | undefined;
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
  const { doc, data, lineOf } = read.yaml;
  const lineAt = (path: unknown[]): number | undefined => lineOf(doc.getIn(path, true));
  const list = get(data, 'metrics');
  const dataRefs: DataRef[] = [];
  if (Array.isArray(list)) {
    list.forEach((m: unknown, i) => {
      const id = text(get(m, 'id'));
      if (!id) return;
      const line = lineAt(['metrics', i, 'id']) ?? lineAt(['metrics', i]);
      const ratio = get(m, 'ratio');
      if (ratio === undefined) return void dataRefs.push({ id, line });
      for (const k of ['numerator', 'denominator']) {
        const part = text(get(ratio, k));
        if (part) dataRefs.push({ id: part, line: lineAt(['metrics', i, 'ratio', k]) ?? line, role: `the ${k} of ${id}` });
      }
    });
  }
  return { sourcePath: text(get(get(data, 'source'), 'path')), dataRefs };
}
