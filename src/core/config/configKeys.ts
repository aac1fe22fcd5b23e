// The keys the report config knows, and the ones a user wrote that it does not: a typo such as
// `tresholds:` would otherwise be ignored in silence, and the user never learns the setting did nothing.
// media/schema/report.schema.json lists the same keys (test/unit/config/configKeys.test.ts checks it).
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { SourcePos } from './yaml';
import { LADDER_KEYS } from './ladderConfig';

/** The keys of each mapping of the config. Dimension names and dimension values are the user's data, not keys. */
export const CONFIG_KEYS = {
  config: ['version', 'title', 'timezone', 'asOf', 'source', 'metrics', 'dimensions', 'thresholds', 'settleMinutes', 'ladder', 'explanationCalibration'],
  source: ['type', 'path', 'url', 'step', 'history', 'timeout', 'headers', 'caFile', 'maxSeries', 'queries'],
  metric: ['id', 'label', 'ratio'],
  ratio: ['numerator', 'denominator'],
  dimension: ['values'],
  dimensionValue: ['country', 'state', 'timezone'],
  thresholds: ['amber', 'red'],
} as const satisfies Record<string, readonly string[]>;

/** The keys of one query of a Prometheus source (`source.queries.<metric id>`); the schema lists the same. */
export const QUERY_KEYS = ['query', 'labels'] as const;

export interface UnknownKey {
  /** The path of the mapping that holds the key, as for doc.getIn. */
  readonly parent: readonly unknown[];
  /** That mapping in a message: "at the top level", "in metric `signups`", "in country=US". */
  readonly where: string;
  readonly key: string;
  readonly at: SourcePos | undefined;
  /** The known key it is probably a typo of. */
  readonly suggestion: string | undefined;
  /** The keys that mapping knows. */
  readonly known: readonly string[];
  /**
   * The known key with no value just above it in the same mapping (`values:` followed by `AU: …` at
   * its depth): the unknown keys were most likely meant inside it, one of the two indented wrongly.
   */
  readonly after?: { readonly key: string; readonly at: SourcePos | undefined };
}

/** Every key written in the config that it does not know, in document order. Merged (`<<`) keys are checked where they are written. */
export function unknownKeys(doc: Document.Parsed, posOf: (node: unknown) => SourcePos | undefined): UnknownKey[] {
  const found: UnknownKey[] = [];
  const check = (node: unknown, parent: readonly unknown[], where: string, known: readonly string[]): void => {
    if (!isMap(node)) return;
    let after: UnknownKey['after'];
    for (const pair of node.items) {
      if (!isScalar(pair.key) || typeof pair.key.value === 'symbol') continue; // a `<<` merge
      const key = String(pair.key.value);
      if (known.includes(key)) {
        const empty = pair.value === null || (isScalar(pair.value) && pair.value.value === null);
        after = empty ? { key, at: posOf(pair.key) } : undefined;
      } else found.push({ parent, where, key, at: posOf(pair.key), suggestion: didYouMean(key, known), known, ...(after ? { after } : {}) });
    }
  };
  const root = doc.contents;
  const child = (node: unknown, key: string): Node | undefined => (isMap(node) ? (node.get(key, true) as Node | undefined) : undefined);
  const name = (node: unknown): string => (isScalar(node) ? String(node.value).slice(0, 60) : '?');
  check(root, [], 'at the top level', CONFIG_KEYS.config);
  const source = child(root, 'source');
  check(source, ['source'], 'in source', CONFIG_KEYS.source);
  const queries = child(source, 'queries');
  if (isMap(queries))
    for (const q of queries.items)
      check(q.value, ['source', 'queries', isScalar(q.key) ? q.key.value : q.key], `in the query of \`${name(q.key)}\``, QUERY_KEYS);
  const metrics = child(root, 'metrics');
  if (isSeq(metrics))
    metrics.items.forEach((m, i) => {
      const id = child(m, 'id');
      const metric = isScalar(id) && typeof id.value === 'string' ? `metric \`${name(id)}\`` : `metric ${i + 1}`;
      check(m, ['metrics', i], `in ${metric}`, CONFIG_KEYS.metric);
      check(child(m, 'ratio'), ['metrics', i, 'ratio'], `in the ratio of ${metric}`, CONFIG_KEYS.ratio);
    });
  const dimensions = child(root, 'dimensions');
  if (isMap(dimensions))
    for (const { key, value } of dimensions.items) {
      const dim = isScalar(key) ? key.value : key;
      check(value, ['dimensions', dim], `in dimension \`${name(key)}\``, CONFIG_KEYS.dimension);
      const values = child(value, 'values');
      if (isMap(values))
        for (const v of values.items)
          check(v.value, ['dimensions', dim, 'values', isScalar(v.key) ? v.key.value : v.key], `in ${name(key)}=${name(v.key)}`, CONFIG_KEYS.dimensionValue);
    }
  check(child(root, 'thresholds'), ['thresholds'], 'in thresholds', CONFIG_KEYS.thresholds);
  const ladder = child(root, 'ladder');
  check(ladder, ['ladder'], 'in ladder', LADDER_KEYS.ladder);
  check(child(root, 'explanationCalibration'), ['explanationCalibration'], 'in explanationCalibration', ['temperature', 'unexplainedScore']);
  for (const rung of LADDER_KEYS.ladder) check(child(ladder, rung), ['ladder', rung], `in ladder.${rung}`, LADDER_KEYS[rung]);
  return found;
}

/**
 * The known word `word` is most likely a typo of: at most one edit away (two for words of 5 letters or
 * more), ignoring case, a swap of two neighbouring letters counting as one edit.
 */
export function didYouMean(word: string, known: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  const most = w.length >= 5 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = most + 1;
  for (const k of known) {
    if (Math.abs(k.length - w.length) > most) continue;
    const d = editDistance(w, k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}
