// DST transitions from Luxon's zone data: scan offsets hourly, then bisect to the exact minute.
import { DateTime } from 'luxon';
import type { DstTransition } from './types';

const HOUR = 3_600_000;
const MINUTE = 60_000;

function offsetAt(zone: string, ms: number): number {
  return DateTime.fromMillis(ms, { zone }).offset;
}

/** Offset changes of `zone` inside [from, to) (UTC ms). Invalid zones yield []. */
export function dstTransitions(zone: string, from: number, to: number): DstTransition[] {
  if (!DateTime.local().setZone(zone).isValid) return [];
  const out: DstTransition[] = [];
  // Offsets only change on whole minutes and never twice within a day: a 6-hour scan is safe.
  const stride = 6 * HOUR;
  let t = from;
  let prev = offsetAt(zone, t);
  while (t < to) {
    const next = Math.min(t + stride, to);
    const off = offsetAt(zone, next);
    if (off !== prev) {
      let lo = t;
      let hi = next; // offset(lo) = prev, offset(hi) = off
      while (hi - lo > 1000) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(zone, mid) === prev) lo = mid;
        else hi = mid;
      }
      // Zone changes happen on whole minutes: the first minute boundary after `lo`.
      const at = Math.ceil((lo + 1) / MINUTE) * MINUTE;
      if (at < to && at >= from) out.push({ zone, at, offsetBefore: prev, offsetAfter: off });
      prev = off;
    }
    t = next;
  }
  return out;
}

/** Local calendar days in `zone` whose length is not 24 h, as ISO dates: the report marks them. */
export function irregularDays(zone: string, from: number, to: number): { date: string; hours: number }[] {
  return dstTransitions(zone, from, to).map(tr => {
    const day = DateTime.fromMillis(tr.at, { zone }).startOf('day');
    const hours = day.plus({ days: 1 }).diff(day, 'hours').hours;
    return { date: day.toISODate() ?? '', hours };
  });
}
