// What the context list needs from the core (issue 10, point 8): each holiday carries the impact the
// explainer learned for it, as values; and the warnings about a workspace file (an event or calendar
// error) say which file and line, so the panel can open it.
import assert from 'node:assert/strict';
import { contextItems } from '../../../src/core/report/triage';
import { HolidayImpactModel, type ContextWindow, type Explainer, type HolidayOccurrence } from '../../../src/core/context';
import { analyze, buildTable, presentReport, type ContextSources } from '../../../src/core/pipeline';
import { InputError } from '../../../src/core/types';
import { config, dataset, HOUR } from './fixtures';

const diwali = (date: string, start: number): HolidayOccurrence => ({
  country: 'IN',
  date,
  start,
  end: start + 24 * HOUR,
  type: 'public',
  name: 'Diwali',
  rule: 'diwali',
  substitute: false,
  startsEveningBefore: false,
});
const window = (holidays: HolidayOccurrence[]): ContextWindow => ({
  from: 0,
  to: 1,
  reportZone: 'UTC',
  unknownCountries: [],
  holidays: { IN: holidays },
  events: [],
  deploys: [],
  dst: [],
});
const explainerWith = (impact: HolidayImpactModel) => ({ impact }) as unknown as Explainer;

describe('report context: a holiday carries its learned impact', () => {
  const thisYear = diwali('2026-11-08', Date.UTC(2026, 10, 7, 18, 30));
  const lastYear = diwali('2025-10-20', Date.UTC(2025, 9, 19, 18, 30));
  const yearBefore = diwali('2024-10-31', Date.UTC(2024, 9, 30, 18, 30));

  it('from its own past occurrences: the ratio, how many, and the last one', () => {
    const model = new HolidayImpactModel([
      { country: 'IN', holiday: yearBefore, metric: 'views', ratio: 0.6 },
      { country: 'IN', holiday: lastYear, metric: 'views', ratio: 0.7 },
      { country: 'IN', holiday: lastYear, metric: 'signups', ratio: 0.1 }, // another metric: not this one's history
    ]);
    const [item] = contextItems(window([thisYear]), explainerWith(model), 'views');
    assert.equal(item.kind, 'holiday');
    if (item.kind !== 'holiday') return;
    assert.equal(item.holidayType, 'public');
    assert.ok(item.impact);
    assert.equal(item.impact.metric, 'views');
    assert.equal(item.impact.basis, 'history');
    assert.equal(item.impact.occurrences, 2);
    assert.deepEqual(item.impact.last, { date: '2025-10-20', ratio: 0.7 });
    assert.ok(Math.abs(item.impact.ratio - Math.sqrt(0.6 * 0.7)) < 1e-9, 'the geometric mean of the past ratios');
    // The display text says the same numbers.
    assert.match(item.detail, /expected at -35% \(Diwali; last occurrence -30%\) · public/);
  });

  it('without history: the prior for its type, said as such', () => {
    const [item] = contextItems(window([thisYear]), explainerWith(new HolidayImpactModel([])), 'views');
    assert.ok(item.kind === 'holiday' && item.impact);
    assert.equal(item.impact.basis, 'default-prior');
    assert.equal(item.impact.occurrences, 0);
    assert.equal(item.impact.last, undefined);
    assert.ok(item.impact.ratio < 1);
  });

  it('none without an explainer (the table phase)', () => {
    const [item] = contextItems(window([thisYear]), undefined, 'views');
    assert.ok(item.kind === 'holiday');
    assert.equal(item.impact, undefined);
  });
});

describe('pipeline: problems in the events file and calendars say where', function () {
  this.timeout(60_000);
  const start = Date.UTC(2026, 5, 1, 7);
  const hours = 21 * 24;
  const cfg = config();
  const data = dataset(start, hours, { views: at => 1000 + 100 * Math.sin(at / (3 * HOUR)) });

  it('an event or calendar error is a problem at its file and line; other failures stay warnings', async () => {
    const badKind = new InputError('.calibrate/events.yaml', 7, 'one of sports, launch, email_send, incident, maintenance, other', 'bad kind "sport"');
    const noCalendar = new InputError('.calibrate/calendars/team.ics', undefined, 'iCalendar (RFC 5545) text', 'the file holds no calendar');
    const sources: ContextSources = {
      holidays: async () => {
        throw new Error('offline');
      },
      events: async () => ({ events: [], errors: [badKind, noCalendar, new Error('a calendar worker stopped')] }),
      deploys: async () => ({ deploys: [], warnings: [] }),
    };
    const table = buildTable(cfg, data, { now: () => start + hours * HOUR });
    const analysis = await analyze(table, { context: sources });
    assert.deepEqual(analysis.problems, [
      {
        severity: 'error',
        file: '.calibrate/events.yaml',
        line: 7,
        text: 'bad kind "sport". Expected one of sports, launch, email_send, incident, maintenance, other.',
      },
      { severity: 'error', file: '.calibrate/calendars/team.ics', text: 'the file holds no calendar. Expected iCalendar (RFC 5545) text.' },
    ]);
    assert.ok(!analysis.warnings.some(w => w.includes('sport') || w.includes('no calendar')), 'a problem is not also a warning');
    assert.ok(analysis.warnings.includes('a calendar worker stopped'), 'an error without a place stays a warning');
    const report = presentReport(table, analysis);
    assert.deepEqual(report.problems, { count: 2, listed: analysis.problems });
    assert.ok(report.warnings.includes('Holidays unavailable: offline'));
  });
});
