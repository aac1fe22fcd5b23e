// The heat-map's pure half (webview/heatmap.ts draws it): its rows in the core's order, sorting by
// a column, the heat of a cell, and the words and numbers the table shows. No DOM: unit-tested in Node.
import type { ReportSnapshot } from '../src/messaging/protocol';
import { formatValue } from './format';

type Anomaly = ReportSnapshot['anomalies'][number];
export type Contributions = NonNullable<Anomaly['contributions']>;
export type ValueContribution = Contributions['dimensions'][number]['values'][number];

export type HeatColumn = 'dimension' | 'value' | 'change' | 'shareBefore' | 'contribution';

/** The columns, left to right, with their header and what the header's tooltip says. */
export const HEAT_COLUMNS: readonly { readonly column: HeatColumn; readonly title: string; readonly help: string }[] = [
  { column: 'dimension', title: 'Dimension', help: 'The column of the data the value belongs to' },
  { column: 'value', title: 'Value', help: 'Enter or a click charts this slice against its forecast' },
  { column: 'change', title: 'Change', help: 'Its own change over the window, against the same hours last week' },
  { column: 'shareBefore', title: 'Share before', help: 'Its share of the total last week (for a rate: of the traffic)' },
  { column: 'contribution', title: 'Share of change', help: "How much of the total's change it accounts for; negative: it moved against it" },
];

export interface HeatSort {
  readonly column: HeatColumn;
  readonly direction: 'ascending' | 'descending';
}

/** One row of the table: a dimension value (or the values folded together), with its place in the core's order. */
export interface HeatRow {
  readonly dimension: string;
  readonly v: ValueContribution;
  /** Index in the core's order: dimensions most explanatory first, values by |contribution|. Ties in a sort keep it. */
  readonly rank: number;
}

/** The rows in the core's order. */
export function heatRows(c: Contributions): HeatRow[] {
  return c.dimensions.flatMap(d => d.values.map(v => ({ dimension: d.dimension, v }))).map((r, rank) => ({ ...r, rank }));
}

const TEXT_COLUMNS: readonly HeatColumn[] = ['dimension', 'value'];

/**
 * The sort after a press on `column`'s header: the same column flips; another starts A to Z for
 * text and the largest first for numbers (the biggest share of the change on top).
 */
export function nextSort(current: HeatSort | undefined, column: HeatColumn): HeatSort {
  if (current?.column === column) return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { column, direction: TEXT_COLUMNS.includes(column) ? 'ascending' : 'descending' };
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** The number a column sorts by; null (a gap) sorts last either way. */
function numberOf(r: HeatRow, column: HeatColumn): number | null {
  if (column === 'change') return r.v.relativeChange;
  if (column === 'shareBefore') return r.v.shareBefore;
  return r.v.contribution;
}

/**
 * The rows sorted by a column; undefined keeps the core's order. Unknown values (null) go last in
 * both directions, the folded row ("3 others") sorts after every value by name, and ties keep the
 * core's order, so a sort is the same every time.
 */
export function sortRows(rows: readonly HeatRow[], sort: HeatSort | undefined): HeatRow[] {
  if (!sort) return [...rows].sort((a, b) => a.rank - b.rank);
  const dir = sort.direction === 'ascending' ? 1 : -1;
  const cmp = (a: HeatRow, b: HeatRow): number => {
    if (sort.column === 'dimension') return dir * collator.compare(a.dimension, b.dimension);
    if (sort.column === 'value') {
      const folded = Number(a.v.others !== undefined) - Number(b.v.others !== undefined);
      return folded || dir * collator.compare(a.v.value, b.v.value);
    }
    const x = numberOf(a, sort.column);
    const y = numberOf(b, sort.column);
    if (x === null || y === null) return Number(x === null) - Number(y === null);
    return dir * (x - y);
  };
  return [...rows].sort((a, b) => cmp(a, b) || a.rank - b.rank);
}

/** How strongly a share-of-change cell is filled: 0 (none) to 5 (all of the change or more). */
export function heatLevel(contribution: number | null): number {
  if (contribution === null || !Number.isFinite(contribution)) return 0;
  return Math.min(5, Math.round(Math.abs(contribution) * 5));
}

/** Which way the value itself moved (its colour: red for a fall, green for a rise, as in the table). */
export function heatDirection(v: ValueContribution): 'down' | 'up' | 'flat' {
  if (v.expected === null || v.actual === null || v.actual === v.expected) return 'flat';
  return v.actual < v.expected ? 'down' : 'up';
}

/** A fraction as a percent ("45%", "−16%"), under 10% with a decimal ("4.2%", "<0.1%"); unknown is "–". */
export function formatShare(x: number | null): string {
  if (x === null) return '–';
  const pct = Math.abs(x * 100);
  if (pct > 0 && pct < 0.05) return `${x < 0 ? '−' : ''}<0.1%`;
  const s = pct < 9.95 && pct !== Math.round(pct) ? pct.toFixed(1) : pct.toFixed(0);
  return `${x < 0 && s !== '0' ? '−' : ''}${s}%`;
}

/** A change with its sign ("−65%", "+4.2%", "±0%"); unknown is "–". */
export function formatChange(x: number | null): string {
  if (x === null) return '–';
  const s = formatShare(x);
  return x > 0 ? `+${s}` : x === 0 || s === '0%' ? '±0%' : s;
}

/** The value as the table shows it: the value itself, "(empty)" for an empty one, "3 others" for the folded row. */
export function valueLabel(v: ValueContribution): string {
  if (v.others !== undefined) return `${v.others} others`;
  return v.value === '' ? '(empty)' : v.value;
}

/**
 * What a screen reader says for a row, and the row's tooltip: the slice, its values before and
 * now, and its shares. "platform=ios: 45 against 90 last week (−50%), 45% of the total before, 100% of the change."
 */
export function rowDescription(r: HeatRow, ratio: boolean): string {
  const { v } = r;
  const name = v.others !== undefined ? `${v.others} other values of ${r.dimension}` : `${r.dimension}=${valueLabel(v)}`;
  if (v.expected === null && v.actual === null) return `${name}: no data${gapText(v.gaps)}.`;
  const values = `${formatValue(v.actual, ratio)} against ${formatValue(v.expected, ratio)} last week (${formatChange(v.relativeChange)})`;
  const before = `${formatShare(v.shareBefore)} of the ${ratio ? 'traffic' : 'total'} before`;
  return `${name}: ${values}, ${before}, ${formatShare(v.contribution)} of the change${gapText(v.gaps)}.`;
}

const gapText = (gaps: number | undefined): string => (gaps ? `; ${gaps} slice${gaps === 1 ? '' : 's'} missing, left out` : '');

/** The slice a row charts, or undefined for the folded row (no one slice). */
export function rowSlice(r: HeatRow): Record<string, string> | undefined {
  return r.v.others === undefined ? { [r.dimension]: r.v.value } : undefined;
}
