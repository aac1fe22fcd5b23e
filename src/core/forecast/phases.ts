// Seasonal positions ("phases") of each point. Seasonality follows the report time zone's wall
// clock: hour 9 is hour 9 on both sides of a DST change. Luxon supplies the zone offsets; the rest
// is plain arithmetic on wall-clock milliseconds, which has no zone rules left in it.

import { IANAZone } from 'luxon';

const DAY = 86_400_000;
const WEEK = 7 * DAY;

/** Phases t mod m for t = offset .. offset+n-1 (the classic cyclic positions, as in R). */
export function cyclicPhases(n: number, m: number, offset = 0): Int32Array {
  const out = new Int32Array(n);
  for (let t = 0; t < n; t++) out[t] = (((t + offset) % m) + m) % m;
  return out;
}

/** Zone offset in minutes for each of n instants start + t*step, querying Luxon once per day unless it changes. */
function offsetsMinutes(start: number, step: number, n: number, zone: IANAZone): Float64Array {
  const out = new Float64Array(n);
  const chunk = Math.max(1, Math.floor(DAY / step));
  for (let a = 0; a < n; a += chunk) {
    const b = Math.min(n, a + chunk) - 1;
    const oa = zone.offset(start + a * step);
    const ob = zone.offset(start + b * step);
    if (oa === ob) out.fill(oa, a, b + 1);
    else for (let t = a; t <= b; t++) out[t] = zone.offset(start + t * step);
  }
  return out;
}

/**
 * Phases of a series in local wall-clock time. A period whose length in time is one day gives the
 * slot of the local day; one week gives weekday*slotsPerDay + slot (Monday first). Any other period
 * (monthly data, odd periods) falls back to cyclic positions counted from the first point.
 * @throws Error if the zone is not a valid IANA zone.
 */
export function localPhases(start: number, step: number, n: number, periods: readonly number[], zoneName: string): Int32Array[] {
  const zone = IANAZone.create(zoneName);
  if (!zone.isValid) throw new Error(`Unknown time zone "${zoneName}". Expected an IANA name such as "Europe/London".`);
  const dayLike = periods.some(m => m * step === DAY || m * step === WEEK) && DAY % step === 0;
  if (!dayLike) return periods.map(m => cyclicPhases(n, m));
  const off = offsetsMinutes(start, step, n, zone);
  const slotsPerDay = DAY / step;
  return periods.map(m => {
    const out = new Int32Array(n);
    const kind = m * step === DAY ? 'day' : m * step === WEEK ? 'week' : 'other';
    for (let t = 0; t < n; t++) {
      if (kind === 'other') {
        out[t] = t % m;
        continue;
      }
      const local = start + t * step + off[t] * 60_000;
      const days = Math.floor(local / DAY);
      const slot = Math.floor((local - days * DAY) / step);
      // 1970-01-01 was a Thursday: (days + 3) mod 7 counts from Monday.
      out[t] = kind === 'day' ? slot : ((((days + 3) % 7) + 7) % 7) * slotsPerDay + slot;
    }
    return out;
  });
}
