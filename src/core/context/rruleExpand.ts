// Expand one RRULE inside a window, in bounded time. ical.js's RecurIterator.next() can loop for
// ever (or for minutes) inside one call, so besides the step cap checked between calls the
// iterator's per-candidate filter is wrapped to count candidates and watch the deadline: the loop
// then ends by an exception instead of hanging the extension host.
import ICAL from 'ical.js';
import { ruleProblem } from './rruleCheck';

export interface ExpandLimits {
  /** next() calls per rule, counted from the (fast-forwarded) start. */
  readonly maxSteps: number;
  /** Occurrences kept per event inside the window. */
  readonly maxOccurrences: number;
  /** Candidate times ical.js may test for one occurrence. */
  readonly maxScan: number;
  /** Wall-clock deadline (ms, same clock as `now`). */
  readonly deadline: number;
  readonly now: () => number;
}

export interface Window {
  /** UTC ms; an occurrence is kept when [start, start + durMs) overlaps [from, to). */
  readonly from: number;
  readonly to: number;
  readonly durMs: number;
}

/** A rule that cannot be expanded; the message completes "recurrence rule <RRULE> …". */
export class RecurrenceError extends Error {}

export interface Expansion {
  readonly starts: number[];
  /** Why expansion stopped before the window end, if it did. */
  readonly capped?: 'occurrences' | 'steps' | 'deadline';
}

const DAY_MS = 86_400_000;
const UNIT_MS: Record<string, number> = { SECONDLY: 1000, MINUTELY: 60_000, HOURLY: 3_600_000, DAILY: DAY_MS, WEEKLY: 7 * DAY_MS };

/** The wall-clock fields of an ICAL.Time as if they were UTC (Date.UTC maps years 0–99 to 19xx). */
function wallMs(t: ICAL.Time): number {
  const d = new Date(0);
  d.setUTCFullYear(t.year, t.month - 1, t.day);
  d.setUTCHours(t.isDate ? 0 : t.hour, t.isDate ? 0 : t.minute, t.isDate ? 0 : t.second, 0);
  return d.getTime();
}

function withWall(t: ICAL.Time, ms: number): ICAL.Time {
  const d = new Date(ms);
  const c = t.clone();
  c.year = d.getUTCFullYear();
  c.month = d.getUTCMonth() + 1;
  c.day = d.getUTCDate();
  if (!t.isDate) {
    c.hour = d.getUTCHours();
    c.minute = d.getUTCMinutes();
    c.second = d.getUTCSeconds();
  }
  return c;
}

const daysIn = (year: number, month: number): number => ICAL.Time.daysInMonth(month, year);

/**
 * A start moved forward by a whole number of INTERVALs, so that it still lines up with the rule
 * but lies before `before` (a wall-clock time with a margin for zone offsets). Rules with COUNT
 * must be counted from DTSTART and are not moved. The new start is itself an occurrence, but
 * being before the window it is filtered out.
 */
export function fastForward(rule: ICAL.Recur, dtstart: ICAL.Time, before: number): ICAL.Time {
  if (rule.count || !Number.isFinite(before)) return dtstart;
  const interval = Math.max(1, rule.interval || 1);
  const start = wallMs(dtstart);
  const target = before - 3 * DAY_MS; // zone offsets and DST shifts are well under a day each
  if (target <= start) return dtstart;
  const unit = UNIT_MS[rule.freq];
  if (unit) {
    const k = Math.floor((target - start) / (unit * interval));
    return k > 0 ? withWall(dtstart, start + k * unit * interval) : dtstart;
  }
  const to = new Date(target);
  const stepMonths = rule.freq === 'YEARLY' ? 12 * interval : interval;
  const months = (to.getUTCFullYear() - dtstart.year) * 12 + to.getUTCMonth() + 1 - dtstart.month - 1;
  const k0 = Math.floor(months / stepMonths);
  // Step back until the moved date exists (31 January → a month with a 31st; 29 February → a leap year).
  for (let k = k0; k > 0 && k > k0 - 48; k--) {
    const total = dtstart.month - 1 + k * stepMonths;
    const year = dtstart.year + Math.floor(total / 12);
    const month = (total % 12) + 1;
    if (dtstart.day > daysIn(year, month)) continue;
    const c = dtstart.clone();
    c.year = year;
    c.month = month;
    return c;
  }
  return dtstart;
}

class ScanLimit extends Error {}

/** Occurrence starts (UTC ms) of one RRULE inside the window. Throws RecurrenceError. */
export function expandRule(rule: ICAL.Recur, dtstart: ICAL.Time, toMs: (t: ICAL.Time) => number, win: Window, lim: ExpandLimits): Expansion {
  const problem = ruleProblem(rule, dtstart, lim.maxScan);
  if (problem) throw new RecurrenceError(problem);
  const fromWall = win.from - win.durMs;
  let it: ICAL.RecurIterator;
  try {
    it = rule.iterator(fastForward(rule, dtstart, Number.isFinite(fromWall) ? fromWall : -Infinity));
  } catch (e) {
    throw new RecurrenceError(`is refused by the calendar library: ${e instanceof Error ? e.message : String(e)}`);
  }
  let scanned = 0;
  let deadlineHit = false;
  const filter = it.check_contracting_rules;
  if (typeof filter === 'function') {
    it.check_contracting_rules = function guarded(this: ICAL.RecurIterator): boolean {
      if (++scanned > lim.maxScan) throw new ScanLimit();
      if ((scanned & 1023) === 0 && lim.now() > lim.deadline) {
        deadlineHit = true;
        throw new ScanLimit();
      }
      return filter.call(this);
    };
  }
  const starts: number[] = [];
  const keepFrom = win.from - Math.max(win.durMs, 60_000);
  for (let n = 0; ; n++) {
    if (n >= lim.maxSteps) return { starts, capped: 'steps' };
    if ((n & 63) === 0 && lim.now() > lim.deadline) return { starts, capped: 'deadline' };
    let occ: ICAL.Time | null;
    scanned = 0;
    try {
      occ = it.next();
    } catch (e) {
      if (deadlineHit) return { starts, capped: 'deadline' };
      if (e instanceof ScanLimit)
        throw new RecurrenceError(
          `found no next occurrence after testing ${lim.maxScan.toLocaleString('en-US')} candidate times; its BY-parts or INTERVAL never line up`,
        );
      throw new RecurrenceError(`is refused by the calendar library: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!occ) return { starts };
    const s = toMs(occ);
    if (s >= win.to) return { starts };
    if (s <= keepFrom) continue;
    if (starts.length >= lim.maxOccurrences) return { starts, capped: 'occurrences' };
    starts.push(s);
  }
}
