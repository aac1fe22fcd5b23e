// ISO-8601 instants with a mandatory UTC offset. A naive local time is ambiguous around DST changes
// (01:30 happens twice on a fall-back night), so it is rejected rather than guessed.

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/** Epoch ms; or why not: 'bad' text, 'naive' (no offset), 'year' (before 1000, which Date.UTC would shift). */
export type TimestampResult = number | 'bad' | 'naive' | 'year';

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, m: number): number {
  if (m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0)) return 29;
  return DAYS[m - 1];
}

/** UTC epoch ms of an ISO-8601 timestamp with an offset; 'naive' when the offset is missing. */
export function parseInstant(s: string): TimestampResult {
  const m = ISO.exec(s);
  if (!m) return 'bad';
  const y = +m[1];
  const mo = +m[2];
  const d = +m[3];
  const h = +m[4];
  const mi = +m[5];
  const sec = m[6] ? +m[6] : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 59) return 'bad';
  if (!m[8] && !m[9]) return 'naive';
  // Date.UTC reads years 0-99 as 1900-1999, and a metric from before 1000 is a typo anyway: refuse it.
  if (y < 1000) return 'year';
  let offsetMin = 0;
  if (m[9]) {
    const oh = +m[10];
    const om = m[11] ? +m[11] : 0;
    if (oh > 23 || om > 59) return 'bad';
    offsetMin = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = m[7] ? Math.floor(+`0.${m[7]}` * 1000) : 0;
  // Plain UTC field arithmetic with an explicit offset: no zone rules are involved here.
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offsetMin * 60_000;
}

const UNITS: readonly [number, string][] = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
];

/** A step for messages, in the largest unit it is a whole number of: "1 day", "90 minutes", "6 s", "100 ms". */
export function formatStep(ms: number): string {
  if (ms > 0) {
    for (const [unit, name] of UNITS) if (ms % unit === 0) return `${ms / unit} ${name}${ms === unit ? '' : 's'}`;
    if (ms % 1000 === 0) return `${ms / 1000} s`;
  }
  return `${ms} ms`;
}
