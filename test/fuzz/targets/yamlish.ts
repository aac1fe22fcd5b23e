// Shared YAML generators: documents built from near-valid objects, then mutated at the text level
// (aliases, anchors, tags, deep nesting, merge keys, odd scalars).
import fc from 'fast-check';
import { stringify } from 'yaml';

export const weirdScalar = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    1e308,
    -0,
    1.5,
    '',
    ' ',
    '~',
    'NaN',
    '.nan',
    '.inf',
    '-.inf',
    '0x1F',
    '0o17',
    '1_000',
    '2026-10-01',
    '2026-10-01T10:00:00',
    '2026-10-01T10:00:00Z',
    '+275760-09-13T00:00:00Z',
    '-271821-04-20T00:00:00Z',
    '0000-01-01T00:00:00',
    'Mars/Olympus',
    'Etc/GMT+14',
    'UTC',
    'America/New_York',
    '__proto__',
    'constructor',
    'toString',
    '[object Object]',
    'x'.repeat(2000),
  ),
  fc.string({ maxLength: 12 }),
  fc.double(),
  fc.integer(),
);

export const mutation = fc.oneof(
  { weight: 12, arbitrary: fc.constant((t: string) => t) },
  fc.constant(
    (t: string) =>
      `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n${t}`,
  ),
  fc.constant((t: string) => `${t}\nextra: &e [*e]\n`),
  fc.constant((_t: string) => `${'['.repeat(3000)}${']'.repeat(3000)}\n`),
  fc.constant((t: string) => `${t}\n${'  '.repeat(0)}deep: ${'{a: '.repeat(500)}1${'}'.repeat(500)}\n`),
  fc.constant((t: string) => `<<: {version: 1}\n${t}`),
  fc.constant((t: string) => `%YAML 1.1\n---\n${t}`),
  fc.constant((t: string) => `${t}\n---\nsecond: doc\n`),
  fc.constant((t: string) => t.replace(/: /, ': !!binary ')),
  fc.constant((t: string) => t.replace(/: /, ': !!js/function ')),
  fc.constant((t: string) => t.replace(/\n/g, '\r\n')),
  fc.constant((t: string) => `\uFEFF${t}`),
  fc.tuple(fc.nat(), fc.string({ maxLength: 3 })).map(
    ([at, s]) =>
      (t: string) =>
        t.slice(0, at % (t.length + 1)) + s + t.slice(at % (t.length + 1)),
  ),
  fc.nat().map(at => (t: string) => t.slice(0, at % (t.length + 1))),
);

export function yamlText(obj: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.tuple(obj, mutation).map(([o, mut]) => {
    let t: string;
    try {
      t = stringify(o);
    } catch {
      t = String(o);
    }
    return mut(t);
  });
}
