// Every line of the demo's report config, broken in each of the ways people break YAML by hand: the
// error (or the warning) must name that line, and the column where the mistake is. The yaml library
// notices many of these a line late or a line early (src/core/config/yamlErrorPos.ts moves them).
import assert from 'node:assert/strict';
import { parseReportConfig, type ReportConfig } from '../../../src/core/config/reportConfig';
import { InputError } from '../../../src/core/types';
import { DateTime } from 'luxon';
import { reportYaml } from '../../../src/core/demo/files';
import { AS_OF, REPORT_ZONE } from '../../../src/core/demo';

// The demo's config as the generator writes it (demo/workspace is generated, not committed).
const DEMO = reportYaml(DateTime.fromMillis(AS_OF, { zone: REPORT_ZONE }).toISO({ suppressMilliseconds: true })!);

/** Where the line's indentation ends: 1-based. */
const indentEnd = (l: string): number => l.search(/\S/) + 1;
/** Where the line's key starts, after its indentation and any `- `: 1-based. */
const firstChar = (l: string): number => l.search(/[^\s-]/) + 1;

interface Mutation {
  readonly name: string;
  readonly change: (line: string) => string;
  /** The column of the mistake in the changed line; undefined: wherever the library says, on that line. */
  readonly column?: (changed: string) => number;
}

const MUTATIONS: Mutation[] = [
  { name: 'a missing colon', change: l => l.replace(/:( |$)/, '$1') },
  { name: 'one space deeper', change: l => ` ${l}`, column: indentEnd },
  { name: 'two spaces deeper', change: l => `  ${l}`, column: indentEnd },
  { name: 'one space shallower', change: l => l.replace(/^ /, ''), column: indentEnd },
  { name: 'a tab before the line', change: l => `\t${l}` },
  { name: 'an unclosed quote', change: l => l.replace(/: (\S)/, ': "$1'), column: l => l.indexOf('"') + 1 },
  { name: 'an unclosed flow mapping', change: l => l.replace(/ }$/, ''), column: l => l.indexOf('{') + 1 },
  { name: 'an unclosed flow sequence', change: l => l.replace(/: [^{].*$/, ': [x'), column: l => l.indexOf('[') + 1 },
  { name: 'a colon in a value', change: l => l.replace(/^(\s*(?:- )?[\w]+: )([^{\s#][^#]*)$/, '$1$2: x') },
  { name: 'a key with two letters swapped', change: l => l.replace(/^(\s*(?:- )?)(\w)(\w)(\w*):/, '$1$3$2$4:'), column: firstChar },
];

/** The config without its places, to tell a harmless change (a deeper `values:` is still valid YAML) from a lost setting. */
const meaning = (c: ReportConfig): string =>
  JSON.stringify({
    ...c,
    warnings: undefined,
    metrics: c.metrics.map(({ id, label, ratio }) => ({ id, label, ratio: ratio && [ratio.numerator, ratio.denominator] })),
  });

describe('report config: every line of the demo config, broken by hand', () => {
  const lines = DEMO.split('\n');
  const original = meaning(parseReportConfig(DEMO, 'r.yaml'));

  for (const m of MUTATIONS)
    it(`names the line and column of ${m.name}`, () => {
      let tried = 0;
      const wrong: string[] = [];
      lines.forEach((line, i) => {
        if (!line.trim() || line.startsWith('#')) return;
        const changed = m.change(line);
        if (changed === line) return;
        tried++;
        const text = [...lines.slice(0, i), changed, ...lines.slice(i + 1)].join('\n');
        const column = m.column?.(changed);
        const say = (what: string) => wrong.push(`line ${i + 1} ${JSON.stringify(changed)}: ${what}`);
        let config: ReportConfig;
        try {
          config = parseReportConfig(text, 'r.yaml');
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          if (e.line !== i + 1 || e.column === undefined || (column !== undefined && e.column !== column))
            say(`reported at ${e.line}:${e.column}, expected ${i + 1}:${column ?? '*'} (${e.message})`);
          return;
        }
        // Accepted: a warning at the line, or the same meaning (a dimension's name or value is data, not a key).
        const warning = config.warnings?.find(w => w.line === i + 1);
        if (warning) {
          if (column !== undefined && warning.column !== column) say(`warned at column ${warning.column}, expected ${column}`);
          return;
        }
        const renamedData =
          m.name.includes('swapped') &&
          config.dimensions.some(d => !original.includes(`"${d.id}"`) || Object.keys(d.values).some(v => !original.includes(`"${v}"`)));
        if (meaning(config) !== original && !renamedData) say('accepted, with a different meaning and no warning');
      });
      assert.ok(tried > 3, `the mutation changed only ${tried} lines`);
      assert.deepEqual(wrong, []);
    });
});

describe('YAML errors: where the mistake is, not where the library noticed it', () => {
  const placeOf = (text: string): [number | undefined, number | undefined] => {
    try {
      parseReportConfig(text, 'r.yaml');
    } catch (e) {
      assert.ok(e instanceof InputError, String(e));
      assert.match(e.message, new RegExp(`^r\\.yaml:${e.line}:${e.column}: `));
      return [e.line, e.column];
    }
    return assert.fail('expected an InputError');
  };
  const head = 'version: 1\ntimezone: UTC\n';

  it('an unclosed flow mapping or list: the bracket that opens it, even on the last line', () => {
    assert.deepEqual(placeOf(`${head}metrics:\n  - id: r\n    ratio: { numerator: a, denominator: b\nthresholds: {}\n`), [5, 12]);
    assert.deepEqual(placeOf(`${head}metrics:\n  - id: r\n    label: [x\n`), [5, 12]);
    assert.deepEqual(placeOf(`${head}title: "Key metrics\n`), [3, 8]);
  });

  it('a line deeper than the key above it: the deeper line; a colon in a value stays where it is', () => {
    assert.deepEqual(placeOf(`${head}title: Key metrics\n timezone: UTC\n`), [4, 2]);
    assert.deepEqual(placeOf(`${head}metrics:\n  - id: a\n    label: Signups: x\n`), [5, 12]);
    // A key without its colon, and the next key at the same depth: the library's line is right.
    assert.deepEqual(placeOf(`${head}source\n  type: csv\n`)[0], 3);
  });

  it('an over-indented or under-indented first item: that item, however far the next one is', () => {
    const values = Array.from({ length: 10 }, (_, i) => `      V${i}: { country: US }`).join('\n');
    assert.deepEqual(placeOf(`${head}dimensions:\n   country:\n    values:\n${values}\n  platform: {}\n`), [4, 4]);
    assert.deepEqual(placeOf(`${head}dimensions:\n country:\n   values:\n${values}\n  platform: {}\n`), [4, 2]);
    assert.deepEqual(placeOf(`${head}source:\n   type: csv\n  path: d.csv\nthresholds:\n  amber: 5\n`), [4, 4]);
    assert.deepEqual(placeOf(` version: 1\ntimezone: UTC\nsource: {}\n`), [1, 2]);
    // In a file indented by 4, `type` at 2 is the odd one out, not `path` at 4.
    const by4 = 'dimensions:\n    country:\n        values:\n            US: { country: US }\nthresholds:\n    amber: 5\n    red: 9\n';
    assert.deepEqual(placeOf(`${head}source:\n  type: csv\n    path: d.csv\n${by4}`), [4, 3]);
  });

  it('a later item off: the library already names it, and it stays there', () => {
    assert.deepEqual(placeOf(`${head}dimensions:\n  country: {}\n platform: {}\n`), [5, 2]);
  });
});

describe('YAML errors: a place inside the file, whatever the damage', () => {
  it('gives every error of 600 randomly damaged configs a line of the file and a column of that line', () => {
    let seed = 20261106;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pieces = [' ', '  ', '\n', ':', '- ', '{', '}', '[', ']', '"', "'", '#', ',', '&a ', '*a', '\t', '|', '? '];
    for (let run = 0; run < 600; run++) {
      let text = DEMO;
      for (let k = 1 + random(3); k > 0; k--) {
        const at = random(text.length);
        text = random(2) ? text.slice(0, at) + pieces[random(pieces.length)] + text.slice(at) : text.slice(0, at) + text.slice(at + 1 + random(3));
      }
      const lines = text.split('\n');
      try {
        parseReportConfig(text, 'r.yaml');
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        if (e.line === undefined) continue;
        const where = `${e.line}:${e.column} in ${JSON.stringify(text)}: ${e.message}`;
        assert.ok(e.line >= 1 && e.line <= lines.length, where);
        assert.ok(e.column !== undefined && e.column >= 1 && e.column <= lines[e.line - 1]!.length + 1, where);
      }
    }
  });
});
