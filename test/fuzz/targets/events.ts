// Events: parseEventsYaml on generated events files. It reports problems as InputErrors in `errors`;
// it must never throw.
import fc from 'fast-check';
import { parseEventsYaml } from '../../../src/core/context/events';
import { PropertyViolation, type FuzzTarget } from '../types';
import { weirdScalar, yamlText } from './yamlish';

const maybe = <T>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: a }, { weight: 1, arbitrary: weirdScalar });
const when = fc.oneof(
  fc.constantFrom('2026-11-02T20:15:00', '2026-11-01T01:30:00', '2026-03-08T02:30:00', '2026-11-02T20:15:00+05:30', '2026-11-02'),
  fc.integer({ min: -300000, max: 300000 }).map(y => `${y < 0 ? '-' : '+'}${String(Math.abs(y)).padStart(6, '0')}-01-01T00:00:00`),
);
const event = fc.record(
  {
    name: maybe(fc.string({ maxLength: 8 })),
    kind: maybe(fc.constantFrom('sports', 'launch', 'other', 'email_send', 'nope')),
    start: maybe(when),
    end: maybe(when),
    zone: maybe(fc.constantFrom('Europe/Berlin', 'America/New_York', 'Nowhere/City', '+05:30', 'UTC+3')),
    countries: maybe(fc.oneof(fc.array(fc.constantFrom('US', 'GB', 'usa', 'u', '', 'ZZ'), { maxLength: 3 }), fc.constant('US'))),
    expectedImpact: fc.option(maybe(fc.constantFrom('-20%', '+5 %', -0.2, 150, '1e400%', 'lots')), { nil: undefined }),
    extra: fc.option(fc.string({ maxLength: 3 }), { nil: undefined }),
  },
  { requiredKeys: [] },
);

export const eventsTarget: FuzzTarget<{ text: string; zone?: string }> = {
  name: 'events',
  wantsLine: true,
  arbitrary: () =>
    fc.record({
      text: fc.oneof(
        {
          weight: 5,
          arbitrary: yamlText(fc.record({ version: maybe(fc.constant(1)), events: maybe(fc.array(maybe(event), { maxLength: 6 })) }, { requiredKeys: [] })),
        },
        { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
      ),
      zone: fc.option(fc.constantFrom('America/Los_Angeles', 'UTC', 'Bad/Zone'), { nil: undefined }),
    }),
  run: ({ text, zone }) => {
    const r = parseEventsYaml(text, '.calibrate/events.yaml', zone);
    for (const e of r.events) {
      if (!Number.isFinite(e.start) || !Number.isFinite(e.end) || e.end <= e.start)
        throw new PropertyViolation(`event "${e.name}" has a bad time range ${e.start}..${e.end}`);
    }
    return r.errors.map(e => e.message);
  },
  preview: ({ text, zone }) => `zone=${zone} text=${JSON.stringify(text)}`,
};
