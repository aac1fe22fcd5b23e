// "The same wall-clock time a week earlier" in a time zone: what the hourly report, the week chart,
// the drill-down, the baseline, the detector and the explainer compare each bucket with. It lives
// here once so that they all pair the same buckets (there were six copies with different edge rules).
//
// The rule is Luxon's calendar arithmetic, `DateTime.fromMillis(t, { zone }).minus({ weeks: 1 })`:
//   * 7 calendar days back at the same local time: 168 real hours, or 167/169 across a 1-hour DST change;
//   * a local time that exists twice on the earlier day (the hour clocks go back) is read with t's own
//     UTC offset when it has one: going back a week from 01:30 EST lands on 01:30 EST, not 01:30 EDT;
//   * a local time that does not exist on the earlier day (the hour clocks skip) moves forward by the
//     length of the gap: a week before 02:30 CEST on 2026-04-05 is 03:30 CEST on 2026-03-29.
// `weekLater` is the same arithmetic forwards. The two are inverses except at those two kinds of hour.
import { DateTime, IANAZone, Info, type Zone } from 'luxon';

const WEEK = 7 * 86_400_000;
/** Luxon's (and Date's) range is ±8.64e15 ms; stay a margin inside it on the fast path. */
const FAST_LIMIT = 8.64e15 - 4 * WEEK;

/** The same local wall-clock time 7 calendar days before `t` (UTC ms) in `zone`; NaN for an invalid zone or instant. */
export function weekEarlier(t: number, zone: string): number {
  return shift(t, zone, -1);
}

/** The same local wall-clock time 7 calendar days after `t` (UTC ms) in `zone`: "did this recur a week later?". */
export function weekLater(t: number, zone: string): number {
  return shift(t, zone, 1);
}

/** A regular grid of buckets: bucket i starts at start + i * step (UTC ms). A Dataset or a Series. */
export interface Grid {
  readonly start: number;
  readonly step: number;
}

/**
 * The index of the bucket starting exactly at `weekEarlier` of bucket `i`'s start, or undefined when
 * that instant is before the grid or falls between two buckets (a step that does not divide the
 * offset change: a 30-minute DST change on an hourly grid, or a daily grid across any DST change).
 * The answer is always < i, so it is inside whatever range bucket i is.
 */
export function weekEarlierIndex(grid: Grid, i: number, zone: string): number | undefined {
  const { start, step } = grid;
  const prev = weekEarlier(start + i * step, zone);
  // Checked against the bucket start as every caller computes it, so no division rounding can pass an off-grid instant.
  const j = Math.round((prev - start) / step);
  return j >= 0 && j < i && start + j * step === prev ? j : undefined;
}

/**
 * Luxon's `plus({ weeks })`, which looks the offset up through Intl about four times (~20 µs), and this
 * runs once per bucket. For an integer instant with a whole-minute offset, Luxon moves the wall clock
 * (t + offset) by exactly 7 days and resolves it with fixOffset (luxon/src/datetime.js): that is
 * `resolve` below, on memoized offsets, so the answer is Luxon's to the millisecond (the oracle test
 * checks it). Anything else (fractional, near the end of time, an odd zone) asks Luxon itself.
 */
function shift(t: number, zone: string, weeks: 1 | -1): number {
  const z = zoneOf(zone);
  if (Number.isInteger(t) && Math.abs(t) <= FAST_LIMIT) {
    const o = offsetAt(z, t);
    if (Number.isInteger(o)) return resolve(z, t + ms(o) + weeks * WEEK, o);
  }
  return DateTime.fromMillis(t, { zone }).plus({ weeks }).toMillis();
}

/** The instant of wall-clock time `wall` (ms, as if UTC), trying `guess`'s offset first: Luxon's fixOffset. */
function resolve(z: ZoneOffsets, wall: number, guess: number): number {
  const first = wall - ms(guess);
  const o2 = offsetAt(z, first);
  if (o2 === guess) return first; // that wall clock exists with t's own offset
  const second = first - ms(o2 - guess);
  const o3 = offsetAt(z, second);
  if (o3 === o2) return second; // it exists with the offset in force there
  return wall - ms(Math.min(o2, o3)); // skipped: read with the offset before the change, i.e. moved forward by the gap
}

/** Offset minutes to ms, rounded as Luxon rounds them: local mean time offsets have seconds (Dublin until 1916: -00:25:21). */
const ms = (minutes: number): number => minutes * 60 * 1000;

// Offsets per IANA zone and instant: on a grid the bucket a week back was looked up as its own bucket
// before, and the report, its chart and the explainer ask about the same hours again. Bounded overall.
interface ZoneOffsets {
  readonly zone: Zone;
  readonly memo?: Map<number, number>;
}
const MEMO_LIMIT = 1 << 17; // instants over all zones: 15 years of hours
const ZONE_LIMIT = 1000; // spellings of zone names (a config may name one per dimension value)
const zones = new Map<string, ZoneOffsets>();
let memoized = 0;

function zoneOf(name: string): ZoneOffsets {
  const known = zones.get(name);
  if (known) return known;
  const zone = Info.normalizeZone(name);
  // Only IANA zones are cached: they are slow to ask and cannot change; "default" follows Luxon's Settings.
  if (!(zone instanceof IANAZone) || !zone.isValid) return { zone };
  const z = { zone, memo: new Map<number, number>() };
  if (zones.size >= ZONE_LIMIT) {
    zones.clear();
    memoized = 0;
  }
  zones.set(name, z);
  return z;
}

function offsetAt(z: ZoneOffsets, t: number): number {
  if (!z.memo) return z.zone.offset(t);
  let o = z.memo.get(t);
  if (o === undefined) {
    if (memoized >= MEMO_LIMIT) {
      for (const other of zones.values()) other.memo?.clear();
      memoized = 0;
    }
    o = z.zone.offset(t);
    z.memo.set(t, o);
    memoized++;
  }
  return o;
}
