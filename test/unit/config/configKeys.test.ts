// Keys the report config does not know: warnings at the key, with the known key a typo is probably of,
// instead of a setting that silently does nothing. And the keys agree with the JSON schema the editor uses.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIG_KEYS, didYouMean } from '../../../src/core/config/configKeys';
import { parseReportConfig } from '../../../src/core/config/reportConfig';
import { InputError } from '../../../src/core/types';

const CONFIG = `version: 1
timezone: UTC
source:
  type: csv
  path: d.csv
metrics:
  - id: page_views
  - id: rate
    ratio: { numerator: signups, denominator: page_views }
dimensions:
  country:
    values:
      US: { country: US, timezone: America/New_York }
thresholds:
  amber: 5
  red: 15
`;

const warningsOf = (text: string) => (parseReportConfig(text, 'r.yaml').warnings ?? []).map(w => [w.line, w.column, w.text]);

function errorOf(text: string): InputError {
  try {
    parseReportConfig(text, 'r.yaml');
  } catch (e) {
    assert.ok(e instanceof InputError, String(e));
    return e;
  }
  assert.fail('expected an InputError');
}

describe('report config: unknown keys', () => {
  it('knows every key the JSON schema lists, and no other', () => {
    type Schema = { properties?: Record<string, Schema>; items?: Schema; additionalProperties?: Schema | boolean };
    const schema = JSON.parse(readFileSync(resolve(__dirname, '../../../media/schema/report.schema.json'), 'utf8')) as Schema;
    const keys = (s: Schema | boolean | undefined) => Object.keys((typeof s === 'object' && s.properties) || {}).sort();
    const p = schema.properties!;
    const dimension = p.dimensions!.additionalProperties as Schema;
    assert.deepEqual(
      {
        config: keys(schema),
        source: keys(p.source),
        metric: keys(p.metrics!.items),
        ratio: keys(p.metrics!.items!.properties!.ratio),
        dimension: keys(dimension),
        dimensionValue: keys(dimension.properties!.values!.additionalProperties),
        thresholds: keys(p.thresholds),
      },
      Object.fromEntries(Object.entries(CONFIG_KEYS).map(([k, v]) => [k, [...v].sort()])),
    );
  });

  it('warns about a typo at the key, with the key it probably means, and keeps the rest of the config', () => {
    const text = CONFIG.replace('timezone: UTC', 'timezone: UTC\ntitel: Growth')
      .replace('thresholds:', 'tresholds:')
      .replace('  - id: page_views', '  - id: page_views\n    lable: Views');
    const c = parseReportConfig(text, 'r.yaml');
    assert.equal(c.title, 'Key business metrics');
    assert.deepEqual(c.thresholds, { amber: 5, red: 15 }); // the defaults: the typo did nothing, and says so
    assert.deepEqual(
      c.warnings?.map(w => [w.severity, w.line, w.column, w.text]),
      [
        [
          'warning',
          3,
          1,
          'unknown key `titel` at the top level is ignored (did you mean `title`?). Expected one of version, title, timezone, asOf, source, metrics, dimensions, thresholds, settleMinutes, ladder, explanationCalibration.',
        ],
        ['warning', 9, 5, 'unknown key `lable` in metric `page_views` is ignored (did you mean `label`?). Expected one of id, label, ratio.'],
        [
          'warning',
          16,
          1,
          'unknown key `tresholds` at the top level is ignored (did you mean `thresholds`?). Expected one of version, title, timezone, asOf, source, metrics, dimensions, thresholds, settleMinutes, ladder, explanationCalibration.',
        ],
      ],
    );
  });

  it('checks the keys of every mapping, but not dimension names and values, which are data', () => {
    const text = CONFIG.replace('path: d.csv', 'path: d.csv\n  delimiter: ";"')
      .replace('denominator: page_views }', 'denominator: page_views, scale: 100 }')
      .replace('    values:', '    vaules: {}\n    values:')
      .replace('timezone: America/New_York }', 'timezone: America/New_York, region: east }')
      .replace('  red: 15', '  red: 15\n  green: 1');
    assert.deepEqual(
      warningsOf(text).map(([line, column, t]) => [line, column, String(t).replace(/\. Expected.*/, '')]),
      [
        [6, 3, 'unknown key `delimiter` in source is ignored'],
        [10, 59, 'unknown key `scale` in the ratio of metric `rate` is ignored'],
        [13, 5, 'unknown key `vaules` in dimension `country` is ignored (did you mean `values`?)'],
        [15, 54, 'unknown key `region` in country=US is ignored'],
        [19, 3, 'unknown key `green` in thresholds is ignored'],
      ],
    );
    assert.deepEqual(warningsOf(CONFIG.replace('  country:', '  contry:').replace('US: {', 'USA: {')), []);
    // A merge (`<<`) is not a key; the keys it brings are checked where they are written.
    assert.deepEqual(
      warningsOf(
        CONFIG.replace(
          '      US: { country: US, timezone: America/New_York }',
          '      US: &us { country: US }\n      PR: { <<: *us, timezone: America/Puerto_Rico }',
        ),
      ),
      [],
    );
  });

  it('lists the first 20 unknown keys of a generated config, and counts the rest', () => {
    const many = Array.from({ length: 50 }, (_, i) => `extra_${i}: ${i}`).join('\n');
    const w = parseReportConfig(`${CONFIG}${many}\n`, 'r.yaml').warnings!;
    assert.equal(w.length, 21);
    assert.equal(w[19]?.line, 36);
    assert.deepEqual(w[20], { severity: 'warning', file: 'r.yaml', text: '30 more unknown keys, not listed. Expected only the keys the config knows.' });
  });

  it('points a missing required key at its typo, or at where it was indented to', () => {
    const typo = errorOf(CONFIG.replace('timezone: UTC', 'timezoen: UTC'));
    assert.deepEqual([typo.line, typo.column], [2, 1]);
    assert.equal(typo.detail, 'the `timezone` key is missing, and `timezoen` here is not a key (did you mean `timezone`?)');
    const id = errorOf(CONFIG.replace('  - id: rate', '  - di: rate'));
    assert.deepEqual([id.line, id.column, id.detail], [8, 5, 'missing metrics.1.id, and `di` here is not a key (did you mean `id`?)']);
    const moved = errorOf(CONFIG.replace('metrics:', '  metrics:'));
    assert.deepEqual([moved.line, moved.column, moved.detail], [6, 3, 'no metrics, and `metrics` here is in source (check its indentation)']);
    const version = errorOf(CONFIG.replace('version: 1', 'verison: 1'));
    assert.deepEqual([version.line, version.column], [1, 1]);
    assert.match(
      version.message,
      /^r\.yaml:1:1: the `version` key is missing, and `verison` here is not a key \(did you mean `version`\?\)\. Expected `version: 1`/,
    );
  });

  it('names a setting indented into dimensions, and a key whose keys were indented out of it', () => {
    const setting = errorOf(CONFIG.replace('thresholds:', '  thresholds:'));
    assert.deepEqual([setting.line, setting.column], [14, 3]);
    assert.match(
      setting.message,
      /`thresholds` is read as a dimension with no values, and `amber` as another\. Expected `thresholds:` at the top level \(is it indented too deep\?\)/,
    );
    // A dimension may be called `source` (traffic source), with no values of its own.
    assert.deepEqual(
      parseReportConfig(CONFIG.replace('thresholds:', '  source:\n  campaign:\nthresholds:'), 'r.yaml').dimensions.map(d => d.id),
      ['country', 'source', 'campaign'],
    );
    const values = parseReportConfig(CONFIG.replace('    values:', '      values:'), 'r.yaml');
    assert.deepEqual(
      values.warnings?.map(w => [w.line, w.column, w.text]),
      [
        [
          12,
          7,
          '`values` in dimension `country` is empty, and the keys after it (`US`) are ignored. Expected the keys of `values` indented under it (or `values:` at their depth).',
        ],
      ],
    );
  });

  it('suggests a known key one edit away (two for longer keys), swaps of neighbours and case included', () => {
    const known = CONFIG_KEYS.config;
    assert.equal(didYouMean('titel', known), 'title');
    assert.equal(didYouMean('tresholds', known), 'thresholds');
    assert.equal(didYouMean('Timezone', known), 'timezone');
    assert.equal(didYouMean('asof', known), 'asOf');
    assert.equal(didYouMean('settle_minutes', known), 'settleMinutes');
    assert.equal(didYouMean('colour', known), undefined);
    assert.equal(didYouMean('ab', CONFIG_KEYS.metric), undefined); // two edits from `id`: too far for a short key
    assert.equal(didYouMean('di', CONFIG_KEYS.metric), 'id');
    assert.equal(didYouMean('x'.repeat(100_000), known), undefined);
  });
});
