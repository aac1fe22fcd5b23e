// Number and time formatting for the report, in the report time zone.
import { DateTime } from 'luxon';
import type { ReportSnapshot } from '../src/messaging/protocol';

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

export function formatValue(v: number | null, derived: boolean, short = false): string {
  if (v === null) return '–';
  if (derived) return `${(v * 100).toFixed(2)}%`;
  return short ? compact.format(v) : whole.format(v);
}

export function formatDelta(d: number | null): string {
  if (d === null) return 'n/a';
  const s = Math.abs(d) < 10 ? d.toFixed(1) : d.toFixed(0);
  return `${d > 0 ? '+' : d < 0 ? '−' : '±'}${s.replace('-', '')}%`;
}

export function formatInstant(ms: number, zone: string, fmt = 'ccc d LLL HH:mm ZZZZ'): string {
  return DateTime.fromMillis(ms, { zone }).toFormat(fmt);
}

/** A drill-down slice as people write it: "country=US & platform=ios". */
export function sliceName(dims: Readonly<Record<string, string>>, sep = ' & '): string {
  return Object.entries(dims)
    .map(([k, v]) => `${k}=${v}`)
    .join(sep);
}

const HOUR = 3_600_000;

/** "5 hours", "3 days" (whole days from 48 hours on): how old the data is. */
export function formatAge(hours: number): string {
  if (hours < 48) return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  return `${Math.floor(hours / 24)} days`;
}

/** The report window's end: the end of its latest complete hour (UTC ms), or undefined without hours. */
function windowEnd(s: { readonly hours: readonly { readonly at: number }[] }): number | undefined {
  const last = s.hours[s.hours.length - 1];
  return last ? last.at + HOUR : undefined;
}

/**
 * What the window really is, for titles: "the last 24 hours" while the data is fresh, "the 24
 * hours to Tue 3 Nov 09:00" when it is stale (the latest complete hour is hours or days old).
 */
export function windowPhrase(s: Pick<ReportSnapshot, 'freshness' | 'timezone'> & { readonly hours: readonly { readonly at: number }[] }): string {
  const n = s.hours.length;
  const end = windowEnd(s);
  if (!s.freshness.stale || end === undefined) return `the last ${n} hours`;
  return `the ${n} hours to ${formatInstant(end, s.timezone, 'ccc d LLL HH:mm')}`;
}

/** "34%" of last week's volume: the partial hour's arrival (from volume metrics only), or "" when unknown. */
export function formatArrived(share: number | null): string {
  return share === null ? '' : `${Math.round(share * 100)}%`;
}

/**
 * The note about the partial hour, naming the column it is drawn in: "09:00 is still arriving
 * (34% of last week's volume so far): shown as the last column, not compared." When the data is
 * stale the hour is the data's last, whose completeness the clock cannot tell.
 */
export function pendingNote(s: Pick<ReportSnapshot, 'pending' | 'freshness' | 'timezone'>): string | undefined {
  const p = s.pending;
  if (!p) return undefined;
  const arrived = formatArrived(p.arrived);
  if (s.freshness.stale) {
    const when = formatInstant(p.at, s.timezone, 'ccc d LLL HH:mm');
    return `${when}, the last hour in the data, may not have fully arrived when the data stopped${arrived ? ` (it has ${arrived} of last week's volume)` : ''}: shown as the last column, not compared.`;
  }
  return `${p.label} is still arriving${arrived ? ` (${arrived} of last week's volume so far)` : ''}: shown as the last column, not compared.`;
}

/**
 * One partial cell's text, for the table's partial column: the value so far and, for a volume
 * metric, how much of last week's has arrived ("12.3K · 35%"). A ratio metric shows its rate so far.
 */
export function pendingCellText(
  c: { readonly value: number | null; readonly arrivedShare: number | null },
  derived: boolean,
): { value: string; arrived: string } {
  return { value: formatValue(c.value, derived, true), arrived: derived ? 'so far' : formatArrived(c.arrivedShare) };
}
