import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEventsYaml, parseImpact } from '../../../src/core/context/events';
import { kindFromCategories, parseIcs } from '../../../src/core/context/ics';
import { InputError } from '../../../src/core/types';

const fx = (f: string): string => readFileSync(resolve(__dirname, '../../fixtures/context', f), 'utf8');

describe('context: events.yaml', () => {
  it('parses events with local times in their zone, countries and impact', () => {
    const { events, errors } = parseEventsYaml(fx('events.yaml'), '.calibrate/events.yaml');
    assert.deepEqual(errors, []);
    assert.equal(events.length, 2);
    const mnf = events[0];
    assert.equal(mnf?.name, 'Monday Night Football');
    assert.equal(mnf?.kind, 'sports');
    assert.equal(new Date(mnf?.start ?? 0).toISOString(), '2026-11-03T01:15:00.000Z'); // EST after Nov 1
    assert.equal(new Date(mnf?.end ?? 0).toISOString(), '2026-11-03T04:30:00.000Z');
    assert.deepEqual(mnf?.countries, ['US']);
    assert.equal(mnf?.expectedImpact, -0.2);
    assert.equal(mnf?.source, '.calibrate/events.yaml:3');
    // Berlin springs forward at 02:00 on 2026-03-29: 01:30 CET to 04:00 CEST is 1.5 real hours.
    const rel = events[1];
    assert.equal(((rel?.end ?? 0) - (rel?.start ?? 0)) / 3_600_000, 1.5);
    assert.deepEqual(rel?.countries, ['DE', 'FR']);
  });

  it('reports every problem of a malformed file with its line, and keeps the valid events', () => {
    const { events, errors } = parseEventsYaml(fx('events-malformed.yaml'), 'events.yaml');
    assert.deepEqual(events.map((e) => e.name), ['Fine event']);
    assert.ok(errors.every((e) => e instanceof InputError && e.file === 'events.yaml'));
    const at = (re: RegExp): number | undefined => errors.find((e) => re.test(e.message))?.line;
    assert.equal(at(/unknown kind `concert`/), 9);
    assert.equal(at(/ends before it starts/), 16);
    assert.equal(at(/invalid zone/), 17);
    assert.equal(at(/invalid `countries`/), 18);
    assert.equal(at(/invalid expectedImpact `lots`/), 19);
    assert.equal(at(/no name/), 20);
    assert.equal(at(/invalid start `yesterday`/), 21);
    assert.match(errors[0]?.message ?? '', /^events\.yaml:\d+: .*Expected /);
  });

  it('names the line of broken YAML and of a wrong shape', () => {
    const broken = parseEventsYaml('version: 1\nevents:\n  - name: "unterminated\n    kind: sports\n', 'e.yaml');
    assert.equal(broken.events.length, 0);
    assert.ok(broken.errors.length >= 1);
    assert.ok((broken.errors[0]?.line ?? 0) >= 3);
    const shape = parseEventsYaml('version: 1\nevents: 7\n', 'e.yaml');
    assert.equal(shape.errors[0]?.line, 2);
    assert.match(shape.errors[0]?.message ?? '', /not a list/);
    assert.deepEqual(parseEventsYaml('version: 1\nevents:\n', 'e.yaml'), { events: [], errors: [] });
  });

  it('reads impacts as percentages or fractions', () => {
    assert.equal(parseImpact('-20%'), -0.2);
    assert.equal(parseImpact('+5 %'), 0.05);
    assert.equal(parseImpact(-0.35), -0.35);
    assert.equal(parseImpact(-35), -0.35);
    assert.equal(parseImpact('big'), undefined);
  });
});

describe('context: ICS import', () => {
  it('reads zones, categories, countries, durations and bounded recurrences', () => {
    const from = Date.parse('2026-05-01T00:00:00Z');
    const to = Date.parse('2026-11-01T00:00:00Z');
    const { events, errors } = parseIcs(fx('fixtures.ics'), 'cal.ics', { defaultZone: 'America/Los_Angeles', from, to, countries: ['US'] });
    assert.deepEqual(errors, []);
    const final = events.find((e) => e.name === 'Champions League final');
    assert.equal(final?.kind, 'sports');
    assert.equal(new Date(final?.start ?? 0).toISOString(), '2026-05-30T19:00:00.000Z');
    assert.deepEqual(final?.countries, ['DE', 'GB']);
    const trains = events.filter((e) => e.name === 'Release train');
    assert.equal(trains.length, 4); // Oct 6, 13, 20, 27 inside the window; the rest are later
    assert.equal(trains[0]?.kind, 'launch');
    assert.equal((trains[0]?.end ?? 0) - (trains[0]?.start ?? 0), 2 * 3_600_000);
    assert.deepEqual(trains[0]?.countries, ['US']);
    assert.equal(events.some((e) => e.name === 'Team offsite'), false); // after the window
    const all = parseIcs(fx('fixtures.ics'), 'cal.ics', { defaultZone: 'America/Los_Angeles' });
    const offsite = all.events.find((e) => e.name === 'Team offsite');
    assert.equal(offsite?.kind, 'other');
    assert.equal(new Date(offsite?.start ?? 0).toISOString(), '2026-11-10T08:00:00.000Z'); // all-day, default zone
  });

  it('names the line of a malformed calendar', () => {
    const text = 'BEGIN:VCALENDAR\nVERSION:2.0\nthis is not a property\nEND:VCALENDAR\n';
    const { events, errors } = parseIcs(text, 'bad.ics', { defaultZone: 'UTC' });
    assert.equal(events.length, 0);
    assert.equal(errors[0]?.line, 3);
    assert.match(errors[0]?.message ?? '', /^bad\.ics:3: /);
  });

  it('maps categories to kinds', () => {
    assert.equal(kindFromCategories(['Newsletter']), 'email_send');
    assert.equal(kindFromCategories(['email send']), 'email_send');
    assert.equal(kindFromCategories(['Planned maintenance']), 'maintenance');
    assert.equal(kindFromCategories([]), 'other');
  });
});
