import * as assert from 'node:assert/strict';
import { parseIcs } from '../../../src/core/context/ics';

const cal = (...events: string[][]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', ...events.flatMap(e => ['BEGIN:VEVENT', ...e, 'END:VEVENT']), 'END:VCALENDAR', ''].join('\r\n');
const from = Date.parse('2026-02-01T00:00:00Z');
const to = Date.parse('2026-03-22T00:00:00Z');

describe('context: ICS reading, event by event', () => {
  it('keeps the other events when one has a bad DURATION or a rule ical.js refuses, naming file and line', () => {
    const text = cal(
      ['SUMMARY:A', 'DTSTART:20260210T100000Z'],
      ['SUMMARY:Bad duration', 'DTSTART:20260211T100000Z', 'DURATION:garbage'],
      ['SUMMARY:Bad rule', 'DTSTART:20260212T100000Z', 'RRULE:FREQ=FOO'],
      ['SUMMARY:B', 'DTSTART:20260213T100000Z'],
    );
    const { events, errors } = parseIcs(text, 'cal.ics', { defaultZone: 'UTC', from, to });
    assert.deepEqual(
      events.map(e => e.name),
      ['A', 'B'],
    );
    const byLine = [...errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    assert.deepEqual(
      byLine.map(e => e.line),
      [10, 15],
    ); // the DURATION line, the RRULE line
    assert.match(byLine[0]!.message, /^cal\.ics:10: .*duration/i);
    assert.match(byLine[1]!.message, /^cal\.ics:15: .*FOO/);
  });

  it('never throws: an empty file and text that is no calendar are errors naming the file', () => {
    for (const text of ['', 'hello', 'BEGIN:VEVENT\r\nDTSTART:20260210T100000Z\r\n']) {
      const r = parseIcs(text, 'empty.ics', { defaultZone: 'UTC' });
      assert.equal(r.events.length, 0);
      assert.match(r.errors[0]?.message ?? '', /^empty\.ics/);
    }
  });

  it('names the likely cause when ical.js fails inside (an empty VTIMEZONE, a cut-off file), not its TypeError (fuzz: ics 272)', () => {
    const text =
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:America/New_York\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:a@x\r\nDTSTART;VALUE=DATE:20330428\r\nRRULE:FREQ=SECONDLY;BYMINUTE';
    const { errors } = parseIcs(text, 'cal.ics', { defaultZone: 'UTC' });
    assert.ok(errors.length >= 1);
    for (const e of errors) assert.doesNotMatch(e.message, /undefined|reading '/);
    assert.match(errors.map(e => e.message).join('\n'), /^cal\.ics(:\d+)?: .*(incomplete component|RRULE|recurrence)/m);
  });

  it('gives each event its own BEGIN:VEVENT line, with or without a UID, across folded lines', () => {
    const text = cal(
      ['SUMMARY:No uid one', 'DESCRIPTION:long', ' folded text', 'DTSTART:20260210T100000Z'],
      ['UID:x@example.com', 'SUMMARY:With uid', 'DTSTART:20260211T100000Z'],
      ['SUMMARY:No uid two', 'DTSTART:20260212T100000Z'],
    );
    const { events } = parseIcs(text, 'cal.ics', { defaultZone: 'UTC' });
    assert.deepEqual(
      events.map(e => e.source),
      ['cal.ics:3', 'cal.ics:9', 'cal.ics:14'],
    );
  });

  it('reads a large calendar in linear time', function () {
    this.timeout(60_000);
    const big = (n: number): string =>
      cal(
        ...Array.from({ length: n }, (_, i) => [
          `UID:e${i}@example.com`,
          `SUMMARY:Event ${i}`,
          `DTSTART:2026${String(1 + (i % 12)).padStart(2, '0')}10T100000Z`,
          'DURATION:PT1H',
        ]),
      );
    const time = (text: string): number => {
      let best = Infinity;
      for (let k = 0; k < 2; k++) {
        const t0 = performance.now();
        const r = parseIcs(text, 'big.ics', { defaultZone: 'UTC' });
        best = Math.min(best, performance.now() - t0);
        assert.equal(r.errors.length, 0);
      }
      return best;
    };
    time(big(500)); // warm up the JIT
    const small = time(big(4000));
    const large = time(big(20_000));
    // Five times the events: linear is ~5x, the old per-event file scan was ~25x.
    assert.ok(large / small < 12, `4,000 events ${small.toFixed(0)} ms, 20,000 events ${large.toFixed(0)} ms`);
  });
});

describe('context: ICS recurrences inside the window', () => {
  it('finds the in-window occurrences of rules that started long ago', () => {
    const text = cal(
      ['SUMMARY:Daily', 'DTSTART:20100101T090000Z', 'RRULE:FREQ=DAILY'],
      ['SUMMARY:Weekly', 'DTSTART:20100104T090000Z', 'RRULE:FREQ=WEEKLY;BYDAY=MO'], // Mondays
      ['SUMMARY:Hourly', 'DTSTART:20100101T000000Z', 'RRULE:FREQ=HOURLY;INTERVAL=6'],
      ['SUMMARY:Monthly', 'DTSTART:20100131T090000Z', 'RRULE:FREQ=MONTHLY'], // only months with a 31st
    );
    const { events, errors } = parseIcs(text, 'cal.ics', { defaultZone: 'UTC', from, to });
    assert.deepEqual(errors, []);
    const of = (n: string) => events.filter(e => e.name === n).map(e => new Date(e.start).toISOString());
    assert.equal(of('Daily').length, 49);
    assert.equal(of('Daily')[0], '2026-02-01T09:00:00.000Z');
    assert.deepEqual(
      of('Weekly'),
      ['2026-02-02', '2026-02-09', '2026-02-16', '2026-02-23', '2026-03-02', '2026-03-09', '2026-03-16'].map(d => `${d}T09:00:00.000Z`),
    );
    assert.equal(of('Hourly').length, 49 * 4);
    assert.deepEqual(of('Monthly'), []); // February has no 31st, and the window ends before 31 March
  });

  it('caps an every-minute rule quickly and says so', () => {
    const text = cal(['SUMMARY:Tick', 'DTSTART:20260101T000000Z', 'RRULE:FREQ=MINUTELY']);
    const t0 = performance.now();
    const { events, errors } = parseIcs(text, 'cal.ics', { defaultZone: 'UTC', from, to });
    assert.ok(performance.now() - t0 < 10_000);
    assert.equal(events.length, 2000);
    assert.match(errors[0]?.message ?? '', /^cal\.ics:6: recurrence rule FREQ=MINUTELY has more occurrences in the window; only the first 2,000 are used/);
  });

  it('warns when the step cap stops a rule before the window end', () => {
    const text = cal(['SUMMARY:Counted', 'DTSTART:20100101T090000Z', 'RRULE:FREQ=DAILY;COUNT=100000']); // COUNT: no fast-forward
    const { events, errors } = parseIcs(text, 'cal.ics', { defaultZone: 'UTC', from, to, limits: { maxStepsPerRule: 1000 } });
    assert.equal(events.length, 0);
    assert.match(errors[0]?.message ?? '', /^cal\.ics:6: recurrence rule .* stopped after 1,000 steps before the window end/);
  });

  it('stops expanding when the time budget is spent, and keeps the rest', () => {
    let t = 0;
    const now = (): number => (t += 1000); // every look at the clock costs a second
    const text = cal(['SUMMARY:Daily', 'DTSTART:20260101T090000Z', 'RRULE:FREQ=DAILY'], ['SUMMARY:Single', 'DTSTART:20260210T100000Z']);
    const { events, errors } = parseIcs(text, 'cal.ics', { defaultZone: 'UTC', from, to, now, limits: { timeBudgetMs: 1500 } });
    assert.ok(events.some(e => e.name === 'Single'));
    assert.match(errors[0]?.message ?? '', /ran out of time/);
  });

  it('keeps EXDATE and RDATE', () => {
    const text = cal(['SUMMARY:D', 'DTSTART:20260201T090000Z', 'RRULE:FREQ=DAILY;COUNT=3', 'EXDATE:20260202T090000Z', 'RDATE:20260310T090000Z']);
    const { events } = parseIcs(text, 'cal.ics', { defaultZone: 'UTC', from, to });
    assert.deepEqual(
      events.map(e => new Date(e.start).toISOString().slice(0, 10)),
      ['2026-02-01', '2026-02-03', '2026-03-10'],
    );
  });
});
