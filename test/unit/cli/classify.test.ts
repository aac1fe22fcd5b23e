// Which calendar problems `calibrate check` calls warnings: each produced by the real parser, so a
// reworded core message shows up here instead of silently turning a warning into an error.
import * as assert from 'node:assert/strict';
import { parseIcs, type IcsOptions } from '../../../src/core/context/ics';
import { icsSeverity, printable, summary, type Problem } from '../../../src/cli/problems';

const event = (lines: string[]): string[] => ['BEGIN:VEVENT', 'SUMMARY:Standup', ...lines, 'END:VEVENT'];
const calendar = (...events: string[][]): string => ['BEGIN:VCALENDAR', 'VERSION:2.0', ...events.flat(), 'END:VCALENDAR', ''].join('\r\n');
const daily = event(['DTSTART:20260105T090000Z', 'RRULE:FREQ=DAILY']);
const window = { defaultZone: 'UTC', from: Date.parse('2026-01-01T00:00:00Z'), to: Date.parse('2026-03-01T00:00:00Z') };

/** The severities of the problems parseIcs reports, with their expected text. */
function severities(text: string, opts: Partial<IcsOptions> = {}): string[] {
  return parseIcs(text, 'cal.ics', { ...window, ...opts }).errors.map(e => `${icsSeverity(e)}: ${e.expected}`);
}

describe('cli: error or warning', () => {
  it('warns when an event is used only in part: a rule that cannot be expanded, or a cap', () => {
    assert.deepEqual(severities(calendar(event(['DTSTART:20260105T090000Z', 'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30']))), [
      'warning: a recurrence rule that can be expanded',
    ]);
    assert.deepEqual(severities(calendar(daily), { limits: { maxOccurrencesPerEvent: 3 } }), ['warning: at most 3 occurrences per event']);
    assert.deepEqual(severities(calendar(daily), { limits: { maxStepsPerRule: 3 } }), ['warning: at most 3 steps per rule']);
    assert.deepEqual(severities(calendar(daily, daily), { limits: { maxEventsPerFile: 10 } }), ['warning: at most 10 events per calendar']);
    let t = 0;
    assert.deepEqual(severities(calendar(daily), { limits: { timeBudgetMs: 1 }, now: () => (t += 5) }), ['warning: recurrences that expand within 0.001 s']);
  });

  it('calls it an error when an event or the file is left out', () => {
    assert.deepEqual(severities(calendar(event(['DTEND:20260105T100000Z']))), ['error: a VEVENT with DTSTART']);
    assert.deepEqual(severities('hello'), ['error: iCalendar (RFC 5545) text']);
  });

  it('prints control and bidi characters from workspace text as escapes', () => {
    assert.equal(printable('a\u001b[2Jb\nc\u202ed\u0085'), 'a\\u001b[2Jb\\u000ac\\u202ed\\u0085');
    assert.equal(printable('Zürich — ok'), 'Zürich — ok');
  });

  it('sums up in one line', () => {
    const p = (severity: Problem['severity']): Problem => ({ severity, file: 'f', line: 1, text: 't' });
    assert.equal(summary([], 1), 'ok: 1 file checked');
    assert.equal(summary([p('error'), p('warning'), p('warning')], 4), '1 error, 2 warnings in 4 files');
  });
});
