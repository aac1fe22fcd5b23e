// The words of explanations: plain sentences an on-call engineer would write, with times in the
// report zone. Only wording lives here; the numbers behind each sentence stay in its evidence values.
import { DateTime } from 'luxon';

const HOUR = 3_600_000;

/** "fell 62%", "rose 14%", "barely moved" for a relative change (-0.62, 0.14, 0.002). */
export function moved(rel: number): string {
  const p = Math.round(Math.abs(rel) * 100);
  if (!Number.isFinite(rel) || p === 0) return 'barely moved';
  return `${rel < 0 ? 'fell' : 'rose'} ${p}%`;
}

/** "−62%", "+14%": a signed percentage with a real minus sign. */
export function signed(rel: number): string {
  const p = Math.round(Math.abs(rel) * 100);
  return `${rel < 0 && p > 0 ? '−' : rel > 0 && p > 0 ? '+' : '±'}${p}%`;
}

/** "73%": a share (0.73) as a whole percentage. */
export const percent = (share: number): string => `${Math.round(share * 100)}%`;

/** "Tue 3 Nov 00:00": an instant in the report zone. */
export function at(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat('ccc d LLL HH:mm');
}

/** "Tue 27 Oct 06:00–09:00", the end's day named when it differs. */
export function span(start: number, end: number, zone: string): string {
  const s = DateTime.fromMillis(start, { zone });
  const e = DateTime.fromMillis(end, { zone });
  return `${s.toFormat('ccc d LLL HH:mm')}–${e.toFormat(s.hasSame(e, 'day') ? 'HH:mm' : 'ccc d LLL HH:mm')}`;
}

/** "40 minutes", "1 hour", "2.5 hours". */
export function duration(ms: number): string {
  const m = Math.round(Math.abs(ms) / 60_000);
  if (m < 60) return `${m} ${m === 1 ? 'minute' : 'minutes'}`;
  const h = Math.round((Math.abs(ms) / HOUR) * 10) / 10;
  return `${h} ${h === 1 ? 'hour' : 'hours'}`;
}

/** "the same hour last week", "the same 3 hours last week": what the explainer compares with. */
export function sameHoursLastWeek(hours: number): string {
  return hours === 1 ? 'the same hour last week' : `the same ${hours} hours last week`;
}

/** "drop" or "rise": the change a share is of. */
export const changeWord = (direction: 'up' | 'down'): string => (direction === 'down' ? 'drop' : 'rise');

/** A slice as people write it: "platform=ios", "country=US & platform=web"; "" for none. */
export function sliceWords(dims: Readonly<Record<string, string>>): string {
  return Object.entries(dims)
    .map(([k, v]) => `${k}=${v}`)
    .join(' & ');
}

/** The sentence with its first letter in capitals. */
export const sentence = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
