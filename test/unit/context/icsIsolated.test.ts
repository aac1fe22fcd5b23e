import * as assert from 'node:assert/strict';
import { parseIcsIsolated } from '../../../src/context/icsIsolated';
import { InputError } from '../../../src/core/types';

const text = (rule: string): string =>
  ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'SUMMARY:Standup', 'DTSTART:20260105T090000Z', `RRULE:${rule}`, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
const window = { defaultZone: 'UTC', from: Date.parse('2026-02-01T00:00:00Z'), to: Date.parse('2026-03-01T00:00:00Z') };

describe('context: ICS parsing in a worker', function () {
  this.timeout(60_000);

  it('returns the events and file:line errors of the core parser', async () => {
    const ok = await parseIcsIsolated(text('FREQ=WEEKLY;BYDAY=MO'), 'cal.ics', window);
    assert.equal(ok.events.length, 4);
    assert.deepEqual(ok.errors, []);
    const bad = await parseIcsIsolated(text('FREQ=DAILY;BYDAY=1MO'), 'cal.ics', window);
    assert.ok(bad.errors[0] instanceof InputError);
    assert.equal(bad.errors[0]?.line, 5);
    assert.match(bad.errors[0]?.message ?? '', /^cal\.ics:5: recurrence rule .*ordinal weekday.*\. Expected /);
  });

  it('terminates a worker that runs past the limit and names the file', async () => {
    // With the core's own bounds switched off this rule loops inside ical.js for ever
    // (every 7th day from a Monday never lands on a Tuesday).
    const limits = { maxScanPerOccurrence: Number.MAX_SAFE_INTEGER, timeBudgetMs: Number.MAX_SAFE_INTEGER };
    const t0 = Date.now();
    const r = await parseIcsIsolated(text('FREQ=DAILY;INTERVAL=7;BYDAY=TU'), 'cal.ics', { ...window, limits }, 1500);
    assert.ok(Date.now() - t0 < 20_000);
    assert.equal(r.events.length, 0);
    assert.match(r.errors[0]?.message ?? '', /^cal\.ics: the calendar took longer than 1\.5 s to read; its recurrence rules are too expensive/);
  });
});
