import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEventsYaml, parseImpact, readImpact } from '../../../src/core/context/events';
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
    assert.deepEqual(
      events.map(e => e.name),
      ['Fine event'],
    );
    assert.ok(errors.every(e => e instanceof InputError && e.file === 'events.yaml'));
    const at = (re: RegExp): number | undefined => errors.find(e => re.test(e.message))?.line;
    assert.equal(at(/unknown kind `concert`/), 9);
    assert.equal(at(/ends before it starts/), 16);
    assert.equal(at(/invalid zone/), 17);
    assert.equal(at(/invalid `countries`/), 18);
    assert.equal(at(/invalid expectedImpact `lots`/), 19);
    assert.equal(at(/no name/), 20);
    assert.equal(at(/invalid start `yesterday`/), 21);
    assert.match(errors[0]?.message ?? '', /^events\.yaml:\d+:\d+: .*Expected /);
    // Columns: a bad value where it starts, a missing field at its event's first key.
    const col = (re: RegExp): number | undefined => errors.find(e => re.test(e.message))?.column;
    assert.equal(col(/unknown kind `concert`/), 11);
    assert.equal(col(/invalid `countries`/), 16);
    assert.equal(col(/no name/), 5);
  });

  it('names the line of broken YAML and of a wrong shape', () => {
    const broken = parseEventsYaml('version: 1\nevents:\n  - name: "unterminated\n    kind: sports\n', 'e.yaml');
    assert.equal(broken.events.length, 0);
    assert.ok(broken.errors.length >= 1);
    assert.equal(broken.errors[0]?.line, 3); // where the quote opens, not the line past the end
    const shape = parseEventsYaml('version: 1\nevents: 7\n', 'e.yaml');
    assert.equal(shape.errors[0]?.line, 2);
    assert.match(shape.errors[0]?.message ?? '', /not a list/);
    assert.deepEqual(parseEventsYaml('version: 1\nevents:\n', 'e.yaml'), { events: [], errors: [] });
  });

  it('reads impacts as percentages (with %) or fractions in (-1, 1), nothing ambiguous', () => {
    assert.equal(parseImpact('-20%'), -0.2);
    assert.equal(parseImpact('+5 %'), 0.05);
    assert.equal(parseImpact('.5%'), 0.005);
    assert.equal(parseImpact(-0.35), -0.35);
    assert.equal(parseImpact(0.999), 0.999);
    assert.equal(parseImpact('1000%'), 10);
    // A bare 1.5 could mean 1.5% or +150%: refused, with both readings offered.
    assert.equal(parseImpact(1.5), undefined);
    assert.match(String(readImpact(1.5)), /1\.5 is ambiguous: write 1\.5% or 150%/);
    assert.match(String(readImpact(-35)), /-35 needs its %: write -35% \(a bare number is a fraction between -1 and 1\)/);
    assert.match(String(readImpact(-1.7976931348623145e308)), /is out of range: a change lies between -100% \(exclusive\) and \+1000%/);
    assert.equal(parseImpact(-35), undefined);
    for (const v of ['-100%', '-250%', '1000.1%', '1e400%', '-0.2', 'big', Number.NaN, Infinity, null, [], new Map()])
      assert.equal(parseImpact(v), undefined, String(v));
    assert.match(String(readImpact('-250%')), /-250% is out of range: a drop is less than 100%/);
  });

  it('names the line of an ambiguous or out-of-range impact', () => {
    const text =
      'version: 1\nevents:\n  - name: A\n    start: 2026-11-02T20:15:00\n    end: 2026-11-02T21:15:00\n    expectedImpact: 1.5\n' +
      '  - name: B\n    start: 2026-11-02T20:15:00\n    end: 2026-11-02T21:15:00\n    expectedImpact: -250%\n';
    const { events, errors } = parseEventsYaml(text, 'e.yaml', 'UTC');
    assert.equal(events.length, 0);
    assert.deepEqual(
      errors.map(e => e.line),
      [6, 10],
    );
    assert.match(errors[0]?.message ?? '', /^e\.yaml:6:21: expectedImpact 1\.5 is ambiguous.*Expected a percentage such as -20%/);
    assert.match(errors[1]?.message ?? '', /^e\.yaml:10:21: expectedImpact -250% is out of range/);
  });

  it('resolves aliases and merge keys, reporting a reused event at the line that reuses it', () => {
    const text = [
      'version: 1',
      'events:',
      '  - &mnf',
      '    name: Monday Night Football',
      '    kind: sports',
      '    start: 2026-11-02T20:15:00',
      '    end: 2026-11-02T23:30:00',
      '    zone: &ny America/New_York',
      '  - *mnf',
      '  - <<: *mnf',
      '    start: 2026-11-09T20:15:00',
      '    end: 2026-11-09T23:30:00',
      '    zone: *ny',
    ].join('\n');
    const { events, errors } = parseEventsYaml(text, 'e.yaml');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      events.map(e => [e.name, e.kind, e.source, new Date(e.start).toISOString()]),
      [
        ['Monday Night Football', 'sports', 'e.yaml:4', '2026-11-03T01:15:00.000Z'],
        ['Monday Night Football', 'sports', 'e.yaml:9', '2026-11-03T01:15:00.000Z'],
        ['Monday Night Football', 'sports', 'e.yaml:10', '2026-11-10T01:15:00.000Z'],
      ],
    );
  });

  it('parses the README example, whose second event reuses the first', () => {
    const readme = readFileSync(resolve(__dirname, '../../../README.md'), 'utf8');
    const block = /### Events[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const { events, errors } = parseEventsYaml(block, '.calibrate/events.yaml', 'UTC');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      events.map(e => [e.name, e.expectedImpact, new Date(e.start).toISOString()]),
      [
        ['Monday Night Football', -0.2, '2026-11-03T01:15:00.000Z'],
        ['Monday Night Football', -0.2, '2026-11-10T01:15:00.000Z'],
      ],
    );
  });

  it('names the line of a bad alias, and stops an alias bomb quickly', () => {
    const undef = parseEventsYaml('version: 1\nevents:\n  - *nope\n', 'e.yaml');
    assert.equal(undef.errors[0]?.line, 3);
    assert.match(undef.errors[0]?.message ?? '', /the alias \*nope has no anchor\. Expected an anchor &nope above the alias/);
    const self = parseEventsYaml('version: 1\nevents: &e\n  - *e\n', 'e.yaml');
    assert.match(self.errors[0]?.message ?? '', /^e\.yaml:3:5: the alias \*e is inside its own anchor/);
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      levels.push(
        `${'abcdefghijkl'[i]}: &${'abcdefghijkl'[i]} [${Array(10)
          .fill(`*${'abcdefghijkl'[i - 1]}`)
          .join(', ')}]`,
      );
    const t0 = Date.now();
    const bomb = parseEventsYaml(`version: 1\n${levels.join('\n')}\nevents: [*l]\n`, 'e.yaml');
    assert.ok(Date.now() - t0 < 1000, `${Date.now() - t0} ms`);
    assert.match(bomb.errors[0]?.message ?? '', /^e\.yaml:\d+:\d+: the aliases expand the document too far/);
  });

  it('stops at the first 20 YAML errors of a badly broken file, quickly', () => {
    const t0 = Date.now();
    const { errors } = parseEventsYaml(`version: 1\nevents: ${'[\n'.repeat(90_000)}`, 'e.yaml');
    assert.ok(Date.now() - t0 < 3000, `${Date.now() - t0} ms`); // 0.6 s on a busy machine; 135 000 errors and 5 s before
    assert.equal(errors.length, 21);
    assert.equal(errors[0]?.line, 3);
    assert.match(errors[20]?.message ?? '', /^e\.yaml:\d+: more YAML errors after this line, not listed \(the first 20 are\)/);
  });

  it('lists the first 100 problems of a file of broken events, and counts the rest', () => {
    const { errors } = parseEventsYaml(`version: 1\nevents:\n${'  - { name: E, start: x, end: 2026-11-02T20:15:00 }\n'.repeat(500)}`, 'e.yaml', 'UTC');
    assert.equal(errors.length, 101);
    assert.equal(errors[99]?.line, 102);
    assert.match(errors[100]?.message ?? '', /^e\.yaml: 400 more problems, not listed/);
  });

  it('suggests the field an unknown one is probably a typo of, at the key', () => {
    const text = 'version: 1\nevents:\n  - name: A\n    start: 2026-11-02T20:15:00\n    end: 2026-11-02T21:15:00\n    expectedImapct: -20%\n    colour: red\n';
    const { events, errors } = parseEventsYaml(text, 'e.yaml', 'UTC');
    assert.deepEqual(events, []);
    assert.deepEqual(
      errors.map(e => [e.line, e.column, e.detail]),
      [
        [6, 5, 'unknown field `expectedImapct` (did you mean `expectedImpact`?)'],
        [7, 5, 'unknown field `colour`'],
      ],
    );
  });

  it('reports wrong types by their YAML type, and keys named __proto__ as unknown fields', () => {
    const text = 'version: 1\nevents:\n  - name: A\n    start: 2026-11-02T20:15:00\n    end: 2026-11-02T21:15:00\n    zone: {a: 1}\n    __proto__: x\n';
    const { errors } = parseEventsYaml(text, 'e.yaml');
    assert.match(errors.find(e => /invalid zone/.test(e.message))?.message ?? '', /^e\.yaml:6:11: invalid zone `a mapping`/);
    assert.match(errors.find(e => /__proto__/.test(e.message))?.message ?? '', /^e\.yaml:7:5: unknown field `__proto__`/);
    const merge = parseEventsYaml('version: 1\nz: &z UTC\nevents:\n  - <<: *z\n    name: A\n', 'e.yaml');
    assert.match(merge.errors[0]?.message ?? '', /^e\.yaml:4:9: a merge \(`<<`\) of something that is not a mapping/);
    const empty = parseEventsYaml(
      'version: 1\nevents:\n  - name: A\n    start: 2026-11-02T20:15:00\n    end: 2026-11-02T21:15:00\n    zone:\n',
      'e.yaml',
      'Asia/Kolkata',
    );
    assert.equal(empty.events[0]?.zone, 'Asia/Kolkata'); // an empty zone is the report zone, as a missing one
    const dup = parseEventsYaml('version: 1\nevents:\n  - name: A\n    name: B\n', 'e.yaml');
    assert.match(dup.errors[0]?.message ?? '', /^e\.yaml:4:5: the key "name" appears twice/);
  });
});

describe('context: ICS import', () => {
  it('reads zones, categories, countries, durations and bounded recurrences', () => {
    const from = Date.parse('2026-05-01T00:00:00Z');
    const to = Date.parse('2026-11-01T00:00:00Z');
    const { events, errors } = parseIcs(fx('fixtures.ics'), 'cal.ics', { defaultZone: 'America/Los_Angeles', from, to, countries: ['US'] });
    assert.deepEqual(errors, []);
    const final = events.find(e => e.name === 'Champions League final');
    assert.equal(final?.kind, 'sports');
    assert.equal(new Date(final?.start ?? 0).toISOString(), '2026-05-30T19:00:00.000Z');
    assert.deepEqual(final?.countries, ['DE', 'GB']);
    const trains = events.filter(e => e.name === 'Release train');
    assert.equal(trains.length, 4); // Oct 6, 13, 20, 27 inside the window; the rest are later
    assert.equal(trains[0]?.kind, 'launch');
    assert.equal((trains[0]?.end ?? 0) - (trains[0]?.start ?? 0), 2 * 3_600_000);
    assert.deepEqual(trains[0]?.countries, ['US']);
    assert.equal(
      events.some(e => e.name === 'Team offsite'),
      false,
    ); // after the window
    const all = parseIcs(fx('fixtures.ics'), 'cal.ics', { defaultZone: 'America/Los_Angeles' });
    const offsite = all.events.find(e => e.name === 'Team offsite');
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
