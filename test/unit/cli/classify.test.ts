// Which calendar problems `calibrate check` calls warnings: each produced by the real parser, so a
// reworded core message shows up here instead of silently turning a warning into an error.
import * as assert from 'node:assert/strict';
import { parseIcs, type IcsOptions } from '../../../src/core/context/ics';
import { formatProblem, fromInputError, icsSeverity, printable, rowProblemsNote, sortProblems, summary, type Problem } from '../../../src/cli/problems';
import { InputError, splitPlace } from '../../../src/core/types';

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

describe('cli: where a problem is', () => {
  it('prints file:line:column when the column is known, file:line or file otherwise', () => {
    const p: Problem = { severity: 'error', file: 'data/m.csv', line: 12, column: 25, text: 'bad value "N/A". Expected a number.' };
    assert.equal(formatProblem(p, false), 'data/m.csv:12:25: error: bad value "N/A". Expected a number.');
    assert.equal(formatProblem({ ...p, column: undefined }, false), 'data/m.csv:12: error: bad value "N/A". Expected a number.');
    assert.equal(formatProblem({ ...p, line: undefined, column: undefined }, false), 'data/m.csv: error: bad value "N/A". Expected a number.');
  });

  it('takes an InputError apart into its place and its text', () => {
    const e = new InputError('c.yaml', 4, 'an IANA time zone', 'unknown time zone "Mars"', 11);
    assert.deepEqual(fromInputError(e, 'error'), {
      severity: 'error',
      file: 'c.yaml',
      line: 4,
      column: 11,
      text: 'unknown time zone "Mars". Expected an IANA time zone.',
    });
    assert.deepEqual(fromInputError(new InputError('c.yaml', undefined, 'x', 'y'), 'warning'), {
      severity: 'warning',
      file: 'c.yaml',
      line: undefined,
      text: 'y. Expected x.',
    });
    assert.deepEqual(splitPlace(e.message, 'c.yaml'), { place: 'c.yaml:4:11', text: 'unknown time zone "Mars". Expected an IANA time zone.' });
    assert.deepEqual(splitPlace('c.yaml: no such file.', 'c.yaml'), { place: 'c.yaml', text: 'no such file.' });
    assert.deepEqual(splitPlace('No report config at c.yaml.', 'c.yaml'), { place: undefined, text: 'No report config at c.yaml.' });
  });

  it('sorts by file order, then line, then column', () => {
    const at = (file: string, line?: number, column?: number): Problem => ({ severity: 'error', file, line, ...(column ? { column } : {}), text: 't' });
    const sorted = sortProblems([at('b', 2, 9), at('b', 2, 3), at('a', 5), at('b'), at('b', 1, 40)], ['a', 'b']);
    assert.deepEqual(
      sorted.map(p => formatProblem(p, false).replace(': error: t', '')),
      ['a:5', 'b', 'b:1:40', 'b:2:3', 'b:2:9'],
    );
  });

  it('counts the CSV row problems for `calibrate report` in one line, then the first three', () => {
    const row = (line: number) => ({ severity: 'error' as const, file: 'd.csv', line, column: 3, text: `bad value "x${line}". Expected a number.` });
    assert.equal(
      rowProblemsNote({ count: 1, listed: [row(7)] }, 'd.csv', false),
      'warning: d.csv: 1 row problem, each row left as a gap, never filled:\nd.csv:7:3: error: bad value "x7". Expected a number.\n',
    );
    const note = rowProblemsNote({ count: 1234, listed: [row(2), row(3), row(4), row(5)] }, 'd.csv', false).split('\n');
    assert.equal(note[0], 'warning: d.csv: 1,234 row problems, each row left as a gap, never filled; the first 3, and `calibrate check` for all of them:');
    assert.deepEqual(note.slice(1), [
      'd.csv:2:3: error: bad value "x2". Expected a number.',
      'd.csv:3:3: error: bad value "x3". Expected a number.',
      'd.csv:4:3: error: bad value "x4". Expected a number.',
      '',
    ]);
  });
});
