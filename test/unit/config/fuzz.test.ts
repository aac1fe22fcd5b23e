// Brief property tests of the two YAML parsers on hostile input: random YAML-ish documents, wrong types at
// every key, huge numbers, NaN strings, deep nesting, aliases and tags. parseReportConfig may only throw an
// InputError; parseEventsYaml never throws and returns InputErrors. Messages never show [object Object].
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseReportConfig } from '../../../src/core/config/reportConfig';
import { parseEventsYaml } from '../../../src/core/context/events';
import { InputError } from '../../../src/core/types';

const RUNS = Number(process.env.CONFIG_FUZZ_RUNS ?? 200);
const SEED = Number(process.env.CONFIG_FUZZ_SEED ?? 20261130);

const odd = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    0,
    -1,
    1e308,
    -1e308,
    1.5,
    0.999,
    -0.2,
    '',
    ' ',
    '.nan',
    'NaN',
    '.inf',
    '-.inf',
    'Infinity',
    '1e400',
    '9'.repeat(400),
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    '[object Object]',
    '-20%',
    '-250%',
    '1e400%',
    'Mars/Olympus',
    'America/New_York',
    'utc+3',
    '2026-11-02T20:15:00',
    '+275760-09-13T00:00:00Z',
    '2026-11-03T09:20:00-08:00',
    'x'.repeat(500),
  ),
  fc.string({ maxLength: 8 }),
  fc.double(),
  fc.integer(),
);
// Any value, nested a few levels, with the parsers' own keys more likely than random ones.
const key = fc.oneof(
  fc.constantFrom(
    'version',
    'title',
    'timezone',
    'asOf',
    'source',
    'type',
    'path',
    'metrics',
    'id',
    'label',
    'ratio',
    'numerator',
    'denominator',
    'dimensions',
    'values',
    'country',
    'state',
    'thresholds',
    'amber',
    'red',
    'settleMinutes',
    'events',
    'name',
    'kind',
    'start',
    'end',
    'zone',
    'countries',
    'expectedImpact',
    '__proto__',
    'constructor',
    '<<',
    '1',
    '',
  ),
  fc.string({ maxLength: 4 }),
);
const { value } = fc.letrec<{ value: unknown }>(tie => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    odd,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  ),
}));
const good = {
  version: 1,
  timezone: 'UTC',
  source: { type: 'csv', path: 'd.csv' },
  metrics: [{ id: 'a' }],
  dimensions: { country: { values: { US: { country: 'US', timezone: 'America/New_York' } } } },
  events: [
    {
      name: 'E',
      kind: 'sports',
      start: '2026-11-02T20:15:00',
      end: '2026-11-02T23:30:00',
      zone: 'America/New_York',
      countries: ['US'],
      expectedImpact: '-20%',
    },
  ],
};
/** The valid document with one value, anywhere in it, replaced. */
const wrongType = fc.tuple(fc.nat(), value).map(([n, v]) => {
  const doc = structuredClone(good) as unknown;
  const slots: [Record<string, unknown>, string][] = [];
  const walk = (o: unknown) => {
    if (o && typeof o === 'object')
      for (const k of Object.keys(o)) {
        slots.push([o as Record<string, unknown>, k]);
        walk((o as Record<string, unknown>)[k]);
      }
  };
  walk(doc);
  const [o, k] = slots[n % slots.length] as [Record<string, unknown>, string];
  o[k] = v;
  return doc;
});
const text = (v: unknown): string => {
  try {
    return stringify(v, { aliasDuplicateObjects: false });
  } catch {
    return String(v);
  }
};
const mutate = fc.oneof(
  { weight: 6, arbitrary: fc.constant((t: string) => t) },
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom(
        '"',
        "'",
        '[',
        '{',
        ']',
        ':',
        '- ',
        '\n  ',
        '\t',
        '&a ',
        '*a',
        '*b',
        '<<: ',
        '!!str ',
        '!!binary ',
        '%',
        '#',
        '? ',
        '|',
        '\uFEFF',
        '\r\n',
      ),
    )
    .map(
      ([at, s]) =>
        (t: string) =>
          t.slice(0, at % (t.length + 1)) + s + t.slice(at % (t.length + 1)),
    ),
  fc.nat().map(at => (t: string) => t.slice(0, at % (t.length + 1))),
  fc.constant(
    (t: string) =>
      `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n${t}`,
  ),
  fc.constant((t: string) => `${t}\nextra: &e [*e]\n`),
  fc.nat({ max: 3000 }).map(n => (t: string) => `${t}\ndeep: ${'['.repeat(n)}${']'.repeat(n)}\n`),
  fc.nat({ max: 600 }).map(n => (t: string) => `${t}\ndeep: ${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`),
  fc.constant((t: string) => `%YAML 1.1\n---\n${t}`),
  fc.constant((t: string) => `${t}\n---\nsecond: doc\n`),
);
const doc = fc.tuple(fc.oneof(wrongType, value, fc.constant(good)), mutate).map(([v, m]) => m(text(v)));
const yamlish = fc.oneof(
  { weight: 6, arbitrary: doc },
  fc.string({
    maxLength: 200,
    unit: fc.constantFrom('a', '1', ':', ' ', '\n', '-', '[', ']', '{', '}', '&', '*', '!', '"', "'", '%', '#', '<', '?', '|', '>', '.'),
  }),
);

/** No JavaScript leaking into a message, unless the input itself says it. */
const clear = (m: string, input: string) => {
  for (const leak of ['[object ', 'undefined', 'Symbol(']) if (!input.includes(leak)) assert.ok(!m.includes(leak), m);
};

describe('config and events parsers under fuzzing', function () {
  this.timeout(60_000);
  it('parseReportConfig only ever throws an InputError naming the file', () => {
    fc.assert(
      fc.property(yamlish, t => {
        try {
          parseReportConfig(t, 'r.yaml');
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          assert.ok(e.message.startsWith('r.yaml'), e.message);
          clear(e.message, t);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
  it('parseEventsYaml never throws, and its events are sound', () => {
    fc.assert(
      fc.property(yamlish, fc.constantFrom(undefined, 'UTC', 'Bad/Zone'), (t, zone) => {
        const { events, errors } = parseEventsYaml(t, 'e.yaml', zone);
        for (const e of errors) {
          assert.ok(e instanceof InputError);
          clear(e.message, t);
        }
        for (const e of events) {
          assert.ok(Number.isFinite(e.start) && Number.isFinite(e.end) && e.end > e.start, `${e.start}..${e.end}`);
          if (e.expectedImpact !== undefined) assert.ok(e.expectedImpact > -1 && e.expectedImpact <= 10, String(e.expectedImpact));
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
