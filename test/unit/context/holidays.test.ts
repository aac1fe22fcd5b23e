import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { DateTime } from 'luxon';
import { buildContext } from '../../../src/core/context/context';
import { HolidayCalendar, type HolidaysCtor } from '../../../src/core/context/holidays';

/** A stand-in for date-holidays: one holiday on 1 January that starts at 18:00 the day before (UTC). */
class FakeHolidays {
  init(): void {}
  getLanguages(): string[] {
    return ['xx', 'en'];
  }
  getTimezones(): string[] {
    return ['UTC'];
  }
  getCountries(): Record<string, string> {
    return { QQ: 'Testland' };
  }
  getHolidays(year: number, lang?: string) {
    const start = new Date(`${year - 1}-12-31T18:00:00Z`);
    return [
      {
        date: `${year}-01-01 00:00:00 -0600`,
        start,
        end: new Date(`${year}-01-01T18:00:00Z`),
        name: lang === 'en' ? 'Feast' : 'Fest',
        type: 'public',
        rule: '1 Fake',
      },
    ];
  }
}

const utc = (s: string): number => Date.parse(s);

describe('context: holidays', () => {
  let cal: HolidayCalendar;
  before(async () => {
    cal = await HolidayCalendar.load();
  });

  it('loads date-holidays lazily: importing the context engine does not load it', () => {
    const root = resolve(__dirname, '../../..');
    const code = `
      const loaded = () => Object.keys(require.cache).some((k) => k.includes('node_modules/date-holidays'));
      require('./src/core/context/index.ts');
      require('./src/context/gitDeploys.ts');
      const lazy = loaded();
      require('./test/fixtures/context/staticHolidays.ts'); // control: an eager import is visible
      console.log(JSON.stringify({ lazy, control: loaded() }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', code], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    assert.deepEqual(JSON.parse(out.trim().split('\n').pop() as string), { lazy: false, control: true });
  });

  it('loads once and knows the countries after load()', async () => {
    const again = await HolidayCalendar.load();
    assert.equal(again.knows('IN'), true);
    assert.equal(again.defaultZone('IN'), 'Asia/Kolkata');
  });

  it('caches per (country, state, year): one computation per key', () => {
    const c = new HolidayCalendar((cal as unknown as { Ctor: never }).Ctor);
    c.year('US', 2026);
    c.year('US', 2026);
    c.between('US', utc('2026-06-01T00:00:00Z'), utc('2026-08-01T00:00:00Z'));
    assert.equal(c.computations, 1);
    // Early January also needs the previous year (multi-day holidays running over New Year).
    c.between('US', utc('2026-01-03T00:00:00Z'), utc('2026-01-10T00:00:00Z'));
    assert.equal(c.computations, 2);
    c.year('US', 2026, 'CA');
    assert.equal(c.computations, 3);
  });

  it('keeps types, English and local names', () => {
    const de = cal.year('DE', 2026).find(h => h.date === '2026-10-03');
    assert.ok(de);
    assert.equal(de.type, 'public');
    assert.equal(de.localName, 'Tag der Deutschen Einheit');
    assert.notEqual(de.name, de.localName);
    const jp = cal.year('JP', 2026).find(h => h.date === '2026-11-03');
    assert.equal(jp?.localName, '文化の日');
    const us = cal.year('US', 2026).find(h => h.name === 'Halloween');
    assert.equal(us?.type, 'observance');
  });

  it('flags holidays that start the evening before (Islamic calendar), with the instant in the local zone', () => {
    const eid = cal.year('TR', 2026).find(h => h.rule.startsWith('1 Shawwal'));
    assert.ok(eid);
    assert.equal(eid.startsEveningBefore, true);
    assert.equal(DateTime.fromMillis(eid.start, { zone: 'Europe/Istanbul' }).toFormat('yyyy-LL-dd HH:mm'), '2026-03-19 18:00');
    assert.equal(
      cal.year('US', 2026).some(h => h.startsEveningBefore),
      false,
    );
    // It belongs to the window that contains the eve, even across New Year (Dec 31 eve of Jan 1).
    const w = cal.between('TR', utc('2026-03-19T16:00:00Z'), utc('2026-03-19T17:00:00Z'));
    assert.ok(w.some(h => h.rule === eid.rule));
    const fake = new HolidayCalendar(FakeHolidays as unknown as HolidaysCtor);
    const eve = fake.between('QQ', utc('2026-12-31T19:00:00Z'), utc('2026-12-31T20:00:00Z'));
    assert.deepEqual(
      eve.map(h => [h.date, h.startsEveningBefore, h.localName]),
      [['2027-01-01', true, 'Fest']],
    );
  });

  it('reports substitute days', () => {
    const us = cal.year('US', 2026).find(h => h.date === '2026-07-03');
    assert.equal(us?.substitute, true);
    const gb = cal.year('GB', 2026).find(h => h.date === '2026-12-28');
    assert.equal(gb?.substitute, true);
    assert.equal(cal.year('GB', 2026).find(h => h.date === '2026-12-25')?.substitute, false);
  });

  it('handles a country absent from date-holidays: no holidays, named in the context', () => {
    assert.equal(cal.knows('ZZ'), false);
    assert.deepEqual(cal.year('ZZ', 2026), []);
    const ctx = buildContext({
      from: utc('2026-09-01T00:00:00Z'),
      to: utc('2026-10-15T00:00:00Z'),
      reportZone: 'America/Los_Angeles',
      calendar: cal,
      mapping: { country: { ZZ: { country: 'ZZ' }, IN: { country: 'IN', timezone: 'Asia/Kolkata' }, web: {} } },
    });
    assert.deepEqual(ctx.unknownCountries, ['ZZ']);
    assert.equal(ctx.holidays.ZZ, undefined);
    assert.ok(ctx.holidays.IN?.some(h => h.date === '2026-10-02'));
    const us = { country: { US: { country: 'US', state: 'CA' } } };
    const all = buildContext({
      from: utc('2026-10-25T00:00:00Z'),
      to: utc('2026-12-01T00:00:00Z'),
      reportZone: 'America/Los_Angeles',
      calendar: cal,
      mapping: us,
    });
    assert.ok(all.holidays.US?.some(h => h.name === 'Halloween'));
    assert.ok(all.holidays.US?.every(h => h.state === 'CA'));
    const days = buildContext({
      from: utc('2026-10-25T00:00:00Z'),
      to: utc('2026-12-01T00:00:00Z'),
      reportZone: 'America/Los_Angeles',
      calendar: cal,
      mapping: us,
      holidayTypes: ['public'],
    });
    assert.deepEqual(
      days.holidays.US?.map(h => h.name),
      ['Veterans Day', 'Thanksgiving Day', 'Day after Thanksgiving Day'],
    );
  });

  // Its speed (about 10 ms warm) is measured by bench:explain, not asserted here: a wall-clock bound
  // in a unit test fails on a loaded machine and proves nothing on an idle one.
  it('builds the context of a 6-week, 10-country window, twice alike (warm)', () => {
    const ten = ['US', 'IN', 'GB', 'DE', 'BR', 'JP', 'FR', 'CA', 'AU', 'MX'];
    const mapping = { country: Object.fromEntries(ten.map(c => [c, { country: c }])) };
    const input = { from: utc('2026-09-22T07:00:00Z'), to: utc('2026-11-03T08:00:00Z'), reportZone: 'America/Los_Angeles', mapping, calendar: cal };
    const cold = buildContext(input);
    const ctx = buildContext(input);
    assert.deepEqual(ctx, cold);
    assert.equal(Object.keys(ctx.holidays).length, 10);
    // EU (Oct 25) and US (Nov 1) autumn changes are both in the window.
    assert.ok(ctx.dst.some(d => d.zone === 'Europe/Berlin') && ctx.dst.some(d => d.zone === 'America/Los_Angeles'));
  });
});
