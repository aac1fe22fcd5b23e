// Static checks on an RRULE before ical.js iterates it. ical.js's RecurIterator.next() loops until
// a candidate passes every filtering BY-part (upstream kewisch/ical.js#1038), so a rule no date can
// satisfy never returns, and a fine FREQ filtered by a coarse part (FREQ=SECONDLY;BYMONTH=7) tests
// millions of candidates per occurrence. These checks reject such rules with a reason; the
// expander's scan guard and deadline catch what they miss (e.g. an INTERVAL that never lines up).
import type ICAL from 'ical.js';

const DAY = 86_400;
const FREQ_SECONDS: Record<string, number> = { SECONDLY: 1, MINUTELY: 60, HOURLY: 3600, DAILY: DAY, WEEKLY: 7 * DAY, MONTHLY: 28 * DAY, YEARLY: 365 * DAY };
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** The BY-part ical.js steps through instead of INTERVAL, and the unit that list spans. */
const OWN_LIST: Record<string, [string, number]> = { SECONDLY: ['BYSECOND', 60], MINUTELY: ['BYMINUTE', 3600], HOURLY: ['BYHOUR', DAY] };
/** RFC 5545 allows an ordinal BYDAY (1MO, -1FR) only in MONTHLY and YEARLY rules. */
const ORDINAL = /^[+-]?\d/;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

type Parts = Partial<Record<string, (string | number)[]>>;

/** Whether some (month, month-day) pair exists; `leapOnly` when only 29 February does. */
function monthDays(parts: Parts): { any: boolean; leapOnly: boolean } {
  const days = parts.BYMONTHDAY?.map(Number);
  if (!days?.length) return { any: true, leapOnly: false };
  const months = parts.BYMONTH?.length ? parts.BYMONTH.map(Number) : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  let any = false;
  let leapOnly = true;
  for (const m of months) {
    const max = MONTH_DAYS[m - 1] ?? 0;
    for (const d of days) {
      if (d === 0 || Math.abs(d) > max) continue;
      any = true;
      if (!(m === 2 && Math.abs(d) === 29)) leapOnly = false;
    }
  }
  return { any, leapOnly: any && leapOnly };
}

/**
 * Worst-case seconds between two candidates passing the filtering BY-parts (those coarser than
 * FREQ, which ical.js tests one candidate at a time). Crude upper bounds, but of the right order.
 */
function filterSpan(freq: string, parts: Parts, leapOnly: boolean): { seconds: number; by: string } | undefined {
  const f = FREQ_SECONDS[freq] ?? 0;
  let span: { seconds: number; by: string } | undefined;
  const widen = (by: string, seconds: number): void => {
    if (parts[by]?.length && seconds > f && seconds > (span?.seconds ?? 0)) span = { seconds, by };
  };
  if (f < DAY) {
    widen('BYMINUTE', 3600);
    widen('BYHOUR', DAY);
  }
  if (f <= DAY) {
    widen('BYDAY', 7 * DAY);
    // A month day in a chosen weekday (Friday the 13th) can be 14 months away.
    widen('BYMONTHDAY', (parts.BYDAY?.length ? 7 : 1) * 62 * DAY);
    widen('BYMONTH', 366 * DAY);
    widen('BYWEEKNO', 366 * DAY);
    if (leapOnly) widen('BYMONTHDAY', (parts.BYDAY?.length ? 28 : 8) * 366 * DAY);
  }
  return span;
}

/** Why ical.js cannot expand this rule in bounded time, or undefined if it can be tried. */
export function ruleProblem(rule: ICAL.Recur, dtstart: ICAL.Time, maxScan: number): string | undefined {
  const freq = rule.freq;
  if (!freq || !(freq in FREQ_SECONDS)) return 'has no valid FREQ';
  // One step past the calendar's last year (9999) sends ical.js's date arithmetic into a loop that
  // its iterator never returns from; no metrics calendar repeats less often than once a century.
  const stepYears = (FREQ_SECONDS[freq]! * Math.max(1, rule.interval || 1)) / (365 * DAY);
  if (stepYears > 100)
    return `has INTERVAL=${rule.interval} with FREQ=${freq}, one repeat every ${fmt(Math.round(stepYears))} years; expected at most once a century`;
  if (dtstart.year > 9999 - Math.max(1, Math.ceil(stepYears))) return `starts in year ${dtstart.year}, too close to the calendar's last year (9999) to repeat`;
  const parts = rule.parts as Parts;
  const byday = (parts.BYDAY ?? []).map(String);
  const ordinal = byday.find(d => ORDINAL.test(d));
  if (ordinal && freq !== 'MONTHLY' && freq !== 'YEARLY') return `has BYDAY=${ordinal}, an ordinal weekday, which needs FREQ=MONTHLY or FREQ=YEARLY`;
  const weekno = (parts.BYWEEKNO ?? []).map(Number);
  if (weekno.length) {
    // ical.js hangs on WEEKLY and mis-expands YEARLY (its BYWEEKNO expansion is unfinished);
    // as a DAILY-or-finer filter it works, but its week-number arithmetic is slow for early years.
    if (freq === 'WEEKLY' || freq === 'YEARLY')
      return `has BYWEEKNO with FREQ=${freq}, which the calendar library cannot expand (use FREQ=DAILY with BYWEEKNO and BYDAY)`;
    if (dtstart.year < 1900) return `has BYWEEKNO with a DTSTART in year ${dtstart.year}; it is too expensive to expand from before 1900`;
    if (weekno.every(w => w <= 0)) return 'has only negative BYWEEKNO values, which the calendar library cannot match with FREQ=DAILY or finer';
  }
  const monthday = (parts.BYMONTHDAY ?? []).map(Number);
  const fine = FREQ_SECONDS[freq]! <= DAY;
  if (fine && monthday.length && monthday.every(d => d <= 0))
    return `has only negative BYMONTHDAY values, which count from the month end and need FREQ=MONTHLY or FREQ=YEARLY`;
  const md = monthDays(parts);
  if (!md.any) return `has BYMONTHDAY=${monthday.join(',')}, a day that no month${parts.BYMONTH?.length ? ` in BYMONTH=${parts.BYMONTH.join(',')}` : ''} has`;
  if (!fine) return undefined; // WEEKLY and coarser expand their BY-parts; ical.js bounds those loops
  const span = filterSpan(freq, parts, md.leapOnly);
  if (!span) return undefined;
  // Candidates advance by INTERVAL units of FREQ, or through the FREQ's own BY-list.
  const own = OWN_LIST[freq];
  const list = own ? parts[own[0]] : undefined;
  const step = own && list?.length ? own[1] / list.length : FREQ_SECONDS[freq]! * Math.max(1, rule.interval || 1);
  const candidates = span.seconds / Math.min(step, span.seconds);
  if (candidates > maxScan) {
    return `has FREQ=${freq} filtered by ${span.by}, which can test up to ${fmt(candidates)} candidate times between occurrences (the limit is ${fmt(maxScan)}); use a coarser FREQ with BYHOUR/BYMINUTE/BYSECOND`;
  }
  return undefined;
}
