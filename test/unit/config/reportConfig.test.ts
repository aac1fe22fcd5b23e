import assert from 'node:assert/strict';
import { IANAZone } from 'luxon';
import { parseReportConfig } from '../../../src/core/config/reportConfig';
import { mappingFromDimensions, resolvePlaces } from '../../../src/core/context/context';
import { InputError } from '../../../src/core/types';

const GOOD = `version: 1
title: Key business metrics
timezone: America/Los_Angeles
asOf: 2026-11-03T09:20:00-08:00
source:
  type: csv
  path: data/metrics.csv
metrics:
  - id: page_views
    label: Page views
  - id: signup_rate
    ratio: { numerator: signups, denominator: page_views }
dimensions:
  country:
    values:
      IN: { country: IN, timezone: Asia/Kolkata }
  platform: {}
thresholds:
  amber: 5
  red: 15
`;

function errorOf(text: string): InputError {
  try {
    parseReportConfig(text, '.calibrate/report.yaml');
  } catch (e) {
    assert.ok(e instanceof InputError, String(e));
    return e;
  }
  assert.fail('expected an InputError');
}

describe('report config', () => {
  it('parses the documented format', () => {
    const c = parseReportConfig(GOOD, 'r.yaml');
    assert.equal(c.timezone, 'America/Los_Angeles');
    assert.equal(c.asOf, Date.UTC(2026, 10, 3, 17, 20));
    assert.deepEqual(c.metrics[0], { id: 'page_views', label: 'Page views', line: 9, column: 9 });
    assert.deepEqual(c.metrics[1], {
      id: 'signup_rate',
      label: 'signup_rate',
      line: 11,
      column: 9,
      ratio: { numerator: 'signups', denominator: 'page_views', at: { numerator: { line: 12, column: 25 }, denominator: { line: 12, column: 47 } } },
    });
    assert.equal(c.warnings, undefined);
    assert.deepEqual(
      c.dimensions.map(d => d.id),
      ['country', 'platform'],
    );
    assert.deepEqual(c.dimensions[0].values.IN, { country: 'IN', state: undefined, timezone: 'Asia/Kolkata' });
    assert.deepEqual(c.thresholds, { amber: 5, red: 15 });
  });

  it('names the file and line of a bad time zone', () => {
    const e = errorOf(GOOD.replace('America/Los_Angeles', 'Mars/Olympus'));
    assert.equal(e.line, 3);
    assert.equal(e.column, 11);
    assert.match(e.message, /^\.calibrate\/report\.yaml:3:11: unknown time zone "Mars\/Olympus"\. Expected an IANA time zone/);
  });

  it('names the line of broken YAML', () => {
    const e = errorOf('version: 1\nmetrics: [a,\n');
    assert.ok(e.line! >= 2);
    assert.match(e.message, /Expected valid YAML/);
  });

  it('rejects a source path that leaves the workspace', () => {
    const e = errorOf(GOOD.replace('data/metrics.csv', '../../etc/passwd'));
    assert.equal(e.line, 7);
    assert.match(e.message, /leaves the workspace/);
  });

  it('rejects duplicate metrics, bad thresholds, a naive asOf and a wrong version', () => {
    assert.match(errorOf(GOOD.replace('id: signup_rate', 'id: page_views')).message, /listed twice/);
    assert.match(errorOf(GOOD.replace('red: 15', 'red: 2')).message, /0 < amber < red/);
    assert.match(errorOf(GOOD.replace('-08:00', '')).message, /with a UTC offset/);
    assert.equal(errorOf(GOOD.replace('version: 1', 'version: 3')).line, 1);
    assert.match(errorOf('').message, /empty or not a mapping/);
  });
});

describe('report config: hostile and unclear input', () => {
  const cfg = (dims: string, metrics = '  - id: page_views\n') =>
    `version: 1\ntimezone: America/Los_Angeles\nsource: { type: csv, path: d.csv }\nmetrics:\n${metrics}dimensions:\n${dims}`;

  it('says the version key is missing, and what to write', () => {
    const e = errorOf('timezone: UTC\n');
    assert.equal(e.line, 1);
    assert.match(e.message, /: the `version` key is missing\. Expected `version: 1` as the first line\./);
  });

  it('names the YAML type of a time zone that is not a string', () => {
    const e = errorOf(GOOD.replace('timezone: America/Los_Angeles', 'timezone: { name: America/Los_Angeles }'));
    assert.equal(e.line, 3);
    assert.match(e.message, /`timezone` is a mapping, not a string\. Expected an IANA time zone such as America\/Los_Angeles/);
    assert.match(errorOf(GOOD.replace('timezone: America/Los_Angeles', 'timezone: [UTC]')).message, /`timezone` is a list, not a string/);
    const dim = errorOf(cfg('  country:\n    values:\n      US: { timezone: [America/New_York] }\n'));
    assert.equal(dim.line, 9);
    assert.match(dim.message, /`timezone` for country=US is a list, not a string/);
  });

  it('points an unclosed quote or bracket at the line where it opens, not past the end', () => {
    assert.equal(errorOf('version: 1\ntitle: "Key metrics\n').line, 2);
    assert.equal(errorOf('version: 1\nmetrics: [a,\n\n\n').line, 2);
    assert.equal(errorOf('version: 1\ntimezone: UTC\ntimezone: UTC\n').line, 3); // elsewhere, where the library says
  });

  it('resolves aliases (more than 100 of one anchor), and names the line of a bad one', () => {
    const many = Array.from({ length: 300 }, (_, i) => `      c${i}: *us\n`).join('');
    const c = parseReportConfig(cfg(`  city:\n    values:\n      c: &us { country: US, timezone: America/New_York }\n${many}`), 'r.yaml');
    assert.equal(Object.keys(c.dimensions[0].values).length, 301);
    assert.deepEqual(c.dimensions[0].values.c299, { country: 'US', state: undefined, timezone: 'America/New_York' });
    const undef = errorOf(cfg('  city:\n    values:\n      c: *nope\n'));
    assert.equal(undef.line, 9);
    assert.match(undef.message, /the alias \*nope has no anchor/);
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      levels.push(
        `${'abcdefghijkl'[i]}: &${'abcdefghijkl'[i]} [${Array(10)
          .fill(`*${'abcdefghijkl'[i - 1]}`)
          .join(', ')}]`,
      );
    const t0 = Date.now();
    const bomb = errorOf(`version: 1\n${levels.join('\n')}\n`);
    assert.ok(Date.now() - t0 < 1000, `${Date.now() - t0} ms`);
    assert.match(bomb.message, /the aliases expand the document too far/);
    assert.ok(bomb.line! > 1);
  });

  it('rejects reserved names as metric ids and dimension names, at their line', () => {
    const id = errorOf(cfg('  country: {}\n', '  - id: __proto__\n'));
    assert.equal(id.line, 5);
    assert.match(id.message, /metric id "__proto__" is reserved\. Expected a metric id that is a name other than __proto__, constructor or prototype/);
    const ratio = errorOf(cfg('  country: {}\n', '  - id: r\n    ratio: { numerator: prototype, denominator: x }\n'));
    assert.match(ratio.message, /^\.calibrate\/report\.yaml:6:25: metric id "prototype" is reserved/);
    const dim = errorOf(cfg('  constructor:\n    values: {}\n'));
    assert.equal(dim.line, 7);
    assert.equal(dim.column, 3);
    assert.match(dim.message, /dimension name "constructor" is reserved/);
  });

  it('keeps __proto__ and constructor as dimension values, through to the holiday places', () => {
    const c = parseReportConfig(
      cfg(
        '  country:\n    values:\n      __proto__: { country: GB, timezone: Europe/London }\n      constructor: { country: IN }\n      US: { country: US }\n',
      ),
      'r.yaml',
    );
    const values = c.dimensions[0].values;
    assert.equal(Object.getPrototypeOf(values), null);
    assert.deepEqual(Object.keys(values), ['__proto__', 'constructor', 'US']);
    assert.equal(values.__proto__?.country, 'GB');
    const mapping = mappingFromDimensions(c.dimensions);
    assert.equal(Object.getPrototypeOf(mapping), null);
    assert.equal(mapping.constructor, undefined); // a missing dimension, not Object
    assert.equal(mapping.country?.hasOwnProperty, undefined);
    const places = resolvePlaces(mapping, undefined, undefined, 'UTC');
    assert.deepEqual(
      places.map(p => [p.value, p.country, p.zone]),
      [
        ['__proto__', 'GB', 'Europe/London'],
        ['constructor', 'IN', 'UTC'],
        ['US', 'US', 'UTC'],
      ],
    );
  });

  it('rejects duplicate keys, including 1 and "1" (the same key once parsed)', () => {
    const e = errorOf(cfg('  code:\n    values:\n      1: { country: US }\n      "1": { country: GB }\n'));
    assert.equal(e.line, 10);
    assert.match(e.message, /the key "1" appears twice/);
  });

  it('checks each time zone once, and parses a 1 MB config fast', () => {
    const zones = ['America/New_York', 'Asia/Kolkata', 'Europe/Berlin', 'America/Los_Angeles', 'Australia/Sydney'];
    let text = cfg('  city:\n    values:\n');
    for (let i = 0; text.length < 1_000_000; i++) text += `      city_${i}: { country: US, state: S${i % 50}, timezone: ${zones[i % zones.length]} }\n`;
    const real = IANAZone.isValidZone;
    let checks = 0;
    IANAZone.isValidZone = (z: string) => {
      checks++;
      return real.call(IANAZone, z);
    };
    try {
      const t0 = performance.now();
      const c = parseReportConfig(text, 'r.yaml');
      const ms = performance.now() - t0;
      assert.ok(Object.keys(c.dimensions[0].values).length > 10_000);
      assert.ok(checks <= zones.length, `${checks} zone checks`);
      // Well under a second on an idle machine; 17 s before (a zone check per value, and the yaml library's
      // duplicate-key check, quadratic in a mapping's size). The bound is loose for busy CI machines.
      assert.ok(ms < 10_000, `${Math.round(ms)} ms`);
    } finally {
      IANAZone.isValidZone = real;
    }
  });

  it('refuses deep nesting while reading, before the yaml library recurses into it', () => {
    // The library relies on catching a stack overflow, which can instead crash the process.
    for (const deep of [
      `x: ${'['.repeat(100_000)}`,
      `x: ${'{a: '.repeat(2000)}1${'}'.repeat(2000)}`,
      Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'),
      `${'- '.repeat(1000)}x`,
    ]) {
      const t0 = Date.now();
      const e = errorOf(`version: 1\n${deep}\n`);
      assert.ok(Date.now() - t0 < 1000, `${Date.now() - t0} ms`);
      assert.match(e.message, /the document is nested too deeply\. Expected at most 64 levels of nesting/);
      assert.ok(e.line! >= 2);
    }
  });

  it('caps the document size and line count', () => {
    const e = errorOf(`version: 1\n#${'x'.repeat(2_300_000)}\n`);
    assert.match(e.message, /the file is 2\.2 MB\. Expected a file under 2 MB/);
    assert.match(errorOf(`version: 1\n${'#\n'.repeat(100_000)}`).message, /the file has 100002 lines\. Expected a file of at most 100000 lines/);
  });

  it('names the YAML type of wrong values instead of [object Object] or null', () => {
    assert.match(errorOf(GOOD.replace('amber: 5', 'amber: .nan')).message, /^\.calibrate\/report\.yaml:19:10: bad thresholds\.amber: the number NaN\./);
    assert.match(errorOf(GOOD.replace('amber: 5', 'amber: 1e400')).message, /bad thresholds\.amber: the number Infinity/);
    assert.match(errorOf(GOOD.replace('version: 1', 'version: "1"')).message, /`version` is the text "1"\. Expected `version: 1`/);
    assert.match(
      errorOf(GOOD.replace('IN: { country: IN, timezone: Asia/Kolkata }', 'IN: { country: [IN] }')).message,
      /:16:22: dimensions\.country\.values\.IN\.country is a list\. Expected text such as US/,
    );
    assert.match(errorOf(GOOD.replace('  platform: {}', '  platform: [ios]')).message, /:17:13: dimension platform is a list/);
    assert.match(errorOf(GOOD.replace('path: data/metrics.csv', 'path: C:\\\\data\\\\m.csv')).message, /leaves the workspace/);
  });
});
