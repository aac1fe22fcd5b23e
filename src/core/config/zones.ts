// Time-zone checks, cached: a config can name a zone for each of thousands of dimension values, and
// each uncached check builds an Intl.DateTimeFormat (about a second per 10 000 checks).
import { DateTime, IANAZone } from 'luxon';

/** Zone names are case-insensitive (Intl and luxon), so one entry serves every spelling. */
function cached(check: (zone: string) => boolean, max = 1000): (zone: string) => boolean {
  const known = new Map<string, boolean>();
  return zone => {
    const key = zone.toLowerCase();
    let ok = known.get(key);
    if (ok === undefined) {
      ok = check(zone);
      if (known.size >= max) known.delete(known.keys().next().value as string); // the oldest: a bound, not LRU
      known.set(key, ok);
    }
    return ok;
  };
}

/** An IANA zone such as America/Los_Angeles (the report config). */
export const isIanaZone = cached(zone => IANAZone.isValidZone(zone));

/** Any zone luxon reads: IANA names, UTC, fixed offsets like UTC+3 (events and calendars). */
export const isLuxonZone = cached(zone => DateTime.local().setZone(zone).isValid);
