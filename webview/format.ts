// Number and time formatting for the report, in the report time zone.
import { DateTime } from 'luxon';

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
