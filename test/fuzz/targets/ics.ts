// ICS: parseIcs on generated calendars, with RRULEs from FREQ x INTERVAL x BY-parts x DTSTART years,
// including impossible ones (Feb 30, BYSETPOS out of range, year 0/9999/275760). Problems come back
// as InputErrors in `errors`; parseIcs must never throw or hang.
import fc from 'fast-check';
import { parseIcs, type IcsOptions } from '../../../src/core/context/ics';
import { PropertyViolation, type FuzzTarget } from '../types';

export interface IcsInput {
  readonly text: string;
  readonly opts: IcsOptions;
}

const FREQ = ['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY', 'FORTNIGHTLY', ''];
const byPart = fc.oneof(
  fc.array(fc.integer({ min: -400, max: 400 }), { minLength: 1, maxLength: 3 }).map(v => `BYYEARDAY=${v.join(',')}`),
  fc.array(fc.integer({ min: -35, max: 35 }), { minLength: 1, maxLength: 3 }).map(v => `BYMONTHDAY=${v.join(',')}`),
  fc.array(fc.integer({ min: 0, max: 14 }), { minLength: 1, maxLength: 3 }).map(v => `BYMONTH=${v.join(',')}`),
  fc.array(fc.integer({ min: -60, max: 60 }), { minLength: 1, maxLength: 3 }).map(v => `BYWEEKNO=${v.join(',')}`),
  fc
    .array(fc.tuple(fc.integer({ min: -60, max: 60 }), fc.constantFrom('MO', 'TU', 'WE', 'SU', 'XX')), { minLength: 1, maxLength: 3 })
    .map(v => `BYDAY=${v.map(([n, d]) => (n ? `${n}${d}` : d)).join(',')}`),
  fc.array(fc.integer({ min: -400, max: 400 }), { minLength: 1, maxLength: 2 }).map(v => `BYSETPOS=${v.join(',')}`),
  fc.array(fc.integer({ min: 0, max: 61 }), { minLength: 1, maxLength: 3 }).map(v => `BYHOUR=${v.join(',')}`),
  fc.array(fc.integer({ min: 0, max: 61 }), { minLength: 1, maxLength: 3 }).map(v => `BYMINUTE=${v.join(',')}`),
  fc.array(fc.integer({ min: 0, max: 61 }), { minLength: 1, maxLength: 3 }).map(v => `BYSECOND=${v.join(',')}`),
  fc.constantFrom(
    'WKST=SU',
    'WKST=XX',
    'COUNT=0',
    'COUNT=3',
    'COUNT=100000',
    'COUNT=-1',
    'UNTIL=20261231T000000Z',
    'UNTIL=19000101',
    'UNTIL=garbage',
    'BYMONTH=2;BYMONTHDAY=30',
    'BYMONTH=2;BYMONTHDAY=31',
    'BYMONTHDAY=31;BYMONTH=4,6,9,11',
    'BYYEARDAY=366;BYMONTH=1',
    'BYWEEKNO=53;BYMONTH=1',
    'BYDAY=5FR;BYMONTH=2',
    'BYSETPOS=0',
  ),
);
const year = fc.oneof(fc.constantFrom(1, 1582, 1900, 1970, 2026, 2027, 9999, 10000, 99999, 275760), fc.integer({ min: 0, max: 9999 }));
const rrule = fc
  .record({
    freq: fc.constantFrom(...FREQ),
    interval: fc.oneof(fc.constantFrom(undefined, 0, 1, 2, 7, 1000, 100000000, -1), fc.integer({ min: 1, max: 400 })),
    by: fc.array(byPart, { maxLength: 3 }),
  })
  .map(({ freq, interval, by }) => ['RRULE:', `FREQ=${freq}`, interval === undefined ? '' : `;INTERVAL=${interval}`, ...by.map(b => `;${b}`)].join(''));

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const vevent = fc
  .record({
    uid: fc.oneof(
      fc.nat(1000).map(n => `e${n}@x`),
      fc.constantFrom('', 'a,b', '.*'),
    ),
    summary: fc.oneof(fc.constantFrom('Cup final', 'Release 2.0', 'Newsletter', ''), fc.string({ maxLength: 8 })),
    year,
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    dateOnly: fc.boolean(),
    tz: fc.constantFrom('', 'Z', ';TZID=America/New_York', ';TZID=Nowhere/City', ';TZID=Europe/Berlin'),
    dur: fc.constantFrom('', 'DURATION:PT2H', 'DURATION:P1D', 'DURATION:-PT1H', 'DURATION:P9999999W', 'DTEND:20261001T030000Z', 'DURATION:bad'),
    rules: fc.array(rrule, { maxLength: 2 }),
    extra: fc.array(
      fc.constantFrom(
        'EXDATE:20261002T000000Z',
        'RDATE:20261005T000000Z',
        'RDATE;VALUE=PERIOD:20261005T000000Z/PT1H',
        'CATEGORIES:Sports,Launch',
        'X-CALIBRATE-COUNTRIES:US, gb,,',
        'EXRULE:FREQ=DAILY',
        'RECURRENCE-ID:20261003T000000Z',
      ),
      { maxLength: 3 },
    ),
    noStart: fc.boolean(),
  })
  .map(e => {
    const dt = `${pad(e.year, 4)}${pad(e.month)}${pad(e.day)}`;
    const start = e.dateOnly ? `DTSTART;VALUE=DATE:${dt}` : `DTSTART${e.tz.startsWith(';') ? e.tz : ''}:${dt}T${pad(e.hour)}0000${e.tz === 'Z' ? 'Z' : ''}`;
    return [
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `SUMMARY:${e.summary}`,
      ...(e.noStart ? [] : [start]),
      ...(e.dur ? [e.dur] : []),
      ...e.rules,
      ...e.extra,
      'END:VEVENT',
    ].join('\r\n');
  });

const calendar = fc
  .tuple(
    fc.array(vevent, { minLength: 1, maxLength: 4 }),
    fc.constantFrom('', 'BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\nEND:VTIMEZONE'),
    fc.constantFrom('full', 'cut', 'lf'),
  )
  .map(([evs, tz, shape]) => {
    const t = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//fuzz//EN', ...(tz ? [tz] : []), ...evs, 'END:VCALENDAR'].join('\r\n');
    return shape === 'cut' ? t.slice(0, Math.floor(t.length * 0.7)) : shape === 'lf' ? t.replace(/\r\n/g, '\n') : t;
  });

const window = fc.oneof(fc.constant({}), fc.constant({ from: Date.UTC(2026, 8, 1), to: Date.UTC(2026, 10, 1) }), fc.constant({ from: Date.UTC(2026, 8, 1) }));

export const icsTarget: FuzzTarget<IcsInput> = {
  name: 'ics',
  arbitrary: () =>
    fc.record({
      text: fc.oneof(
        { weight: 8, arbitrary: calendar },
        { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map(s => `BEGIN:VCALENDAR\r\n${s}\r\nEND:VCALENDAR`) },
      ),
      opts: fc.tuple(window, fc.constantFrom('America/Los_Angeles', 'UTC')).map(([w, z]) => ({ ...w, defaultZone: z, countries: ['US'] })),
    }),
  run: ({ text, opts }) => {
    const r = parseIcs(text, 'calendar.ics', opts);
    for (const e of r.events) {
      if (!Number.isFinite(e.start) || !Number.isFinite(e.end) || e.end <= e.start)
        throw new PropertyViolation(`event "${e.name}" has a bad time range ${e.start}..${e.end}`);
    }
    return r.errors.map(e => e.message);
  },
  preview: ({ text, opts }) => `opts=${JSON.stringify(opts)} text=${JSON.stringify(text)}`,
};
