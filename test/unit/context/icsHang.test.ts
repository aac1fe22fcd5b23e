// Rules that made ical.js's iterator loop for ever (or for minutes) inside one next() call. Each
// is parsed by the core parser in a worker that is terminated after a hard limit, so a regression
// fails the test instead of hanging the runner.
import * as assert from 'node:assert/strict';
import { parseIcsIsolated } from '../../../src/context/icsIsolated';

const HARD_LIMIT_MS = 15_000; // generous: 2 shared cores; a hang would run for ever
const from = Date.parse('2026-02-01T00:00:00Z');
const to = Date.parse('2026-03-22T00:00:00Z');

function calendar(rule: string, dtstart = '20260101T090000Z'): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'BEGIN:VEVENT',
    'UID:bad',
    'SUMMARY:Bad rule',
    `DTSTART:${dtstart}`,
    `RRULE:${rule}`,
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:ok',
    'SUMMARY:Good event',
    'DTSTART:20260301T100000Z',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

async function readRule(rule: string, dtstart?: string) {
  const r = await parseIcsIsolated(calendar(rule, dtstart), 'cal.ics', { defaultZone: 'UTC', from, to }, HARD_LIMIT_MS);
  const messages = r.errors.map(e => e.message);
  assert.ok(!messages.some(m => m.includes('took longer than')), `core parser did not stop ${rule}: ${messages.join(' | ')}`);
  return { events: r.events, messages };
}

describe('context: ICS recurrence rules that hung ical.js', function () {
  this.timeout(HARD_LIMIT_MS + 10_000);

  const cases: [string, RegExp, string?][] = [
    ['FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', /BYMONTHDAY=30, a day that no month in BYMONTH=2 has/],
    ['FREQ=MONTHLY;BYMONTH=4,6;BYMONTHDAY=31', /a day that no month/],
    ['FREQ=SECONDLY;BYMONTH=7', /FREQ=SECONDLY filtered by BYMONTH/],
    ['FREQ=MINUTELY;BYMONTH=7', /FREQ=MINUTELY filtered by BYMONTH/],
    ['FREQ=DAILY;BYDAY=1MO', /ordinal weekday, which needs FREQ=MONTHLY or FREQ=YEARLY/],
    ['FREQ=DAILY;BYMONTHDAY=-1', /only negative BYMONTHDAY/],
    ['FREQ=WEEKLY;BYWEEKNO=20', /BYWEEKNO with FREQ=WEEKLY/],
    ['FREQ=DAILY;BYWEEKNO=20', /before 1900/, '00010101T000000Z'],
    ['FREQ=YEARLY;BYWEEKNO=20', /BYWEEKNO with FREQ=YEARLY/, '00010101T000000Z'],
    // Found by the random fuzz budget: a step past year 9999 loops inside ical.js's date arithmetic.
    ['FREQ=WEEKLY;INTERVAL=100000000', /one repeat every 1,917,808 years; expected at most once a century/],
    ['FREQ=WEEKLY', /starts in year 9999, too close to the calendar's last year/, '99990613T000000Z'],
    // Passes the static checks (Tuesdays, but every 7th day from a Monday): the scan guard stops it.
    ['FREQ=DAILY;INTERVAL=7;BYDAY=TU', /found no next occurrence after testing|ran out of time/, '20260105T090000Z'], // the deadline, on a loaded machine
  ];
  for (const [rule, why, dtstart] of cases) {
    it(`reports ${rule}${dtstart ? ` from ${dtstart.slice(0, 4)}` : ''} on its line and keeps the other events`, async () => {
      const { events, messages } = await readRule(rule, dtstart);
      const msg = messages.find(m => m.startsWith('cal.ics:7: recurrence rule '));
      assert.ok(msg, messages.join(' | '));
      assert.match(msg, why);
      assert.ok(events.some(e => e.name === 'Good event'));
    });
  }
});
