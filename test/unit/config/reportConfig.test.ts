import assert from 'node:assert/strict';
import { parseReportConfig } from '../../../src/core/config/reportConfig';
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
  try { parseReportConfig(text, '.calibrate/report.yaml'); } catch (e) { assert.ok(e instanceof InputError, String(e)); return e; }
  assert.fail('expected an InputError');
}

describe('report config', () => {
  it('parses the documented format', () => {
    const c = parseReportConfig(GOOD, 'r.yaml');
    assert.equal(c.timezone, 'America/Los_Angeles');
    assert.equal(c.asOf, Date.UTC(2026, 10, 3, 17, 20));
    assert.deepEqual(c.metrics[1], { id: 'signup_rate', label: 'signup_rate', ratio: { numerator: 'signups', denominator: 'page_views' } });
    assert.deepEqual(c.dimensions.map(d => d.id), ['country', 'platform']);
    assert.deepEqual(c.dimensions[0].values.IN, { country: 'IN', state: undefined, timezone: 'Asia/Kolkata' });
    assert.deepEqual(c.thresholds, { amber: 5, red: 15 });
  });

  it('names the file and line of a bad time zone', () => {
    const e = errorOf(GOOD.replace('America/Los_Angeles', 'Mars/Olympus'));
    assert.equal(e.line, 3);
    assert.match(e.message, /^\.calibrate\/report\.yaml:3: unknown time zone "Mars\/Olympus"\. Expected an IANA time zone/);
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
