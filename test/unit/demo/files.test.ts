import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { AS_OF, COUNTRIES } from '../../../src/core/demo';
import { parseReportConfig } from '../../../src/core/config/reportConfig';
import { demo42 } from './helpers';

describe('demo generator: workspace files', () => {
  it('writes exactly the six workspace files (the example investigation and its union merge included)', () => {
    assert.deepEqual(Object.keys(demo42().out.files).sort(), [
      '.calibrate/events.yaml',
      '.calibrate/investigations/2026-11-03-ios-page-views-drop-after-the-7-4-0-release.jsonl',
      '.calibrate/report.yaml',
      '.gitattributes',
      'README.md',
      'data/metrics.csv',
    ]);
  });

  it('report.yaml parses as YAML with the agreed shape', () => {
    const text = demo42().out.files['.calibrate/report.yaml'];
    assert.match(text, /^# Calibrate report config/);
    const r = parse(text);
    assert.equal(r.version, 1);
    assert.equal(r.timezone, 'America/Los_Angeles');
    assert.equal(r.asOf, '2026-11-03T09:20:00-08:00');
    assert.deepEqual(r.source, { type: 'csv', path: 'data/metrics.csv' });
    assert.deepEqual(
      r.metrics.map((m: { id: string }) => m.id),
      ['page_views', 'signups', 'job_applies', 'messages_sent', 'signup_rate'],
    );
    assert.deepEqual(r.metrics[4].ratio, { numerator: 'signups', denominator: 'page_views' });
    const values = r.dimensions.country.values;
    assert.equal(Object.keys(values).length, COUNTRIES.length);
    assert.deepEqual(values.US, { country: 'US', timezone: 'America/New_York' });
    assert.deepEqual(values.IN, { country: 'IN', timezone: 'Asia/Kolkata' });
    assert.deepEqual(r.dimensions.platform, {});
    assert.deepEqual(r.thresholds, { amber: 5, red: 15 });
  });

  it('report.yaml is accepted by the report config parser', () => {
    const cfg = parseReportConfig(demo42().out.files['.calibrate/report.yaml'], '.calibrate/report.yaml');
    assert.equal(cfg.asOf, AS_OF);
    assert.equal(cfg.metrics.length, 5);
    assert.equal(cfg.dimensions.find((d) => d.id === 'country')!.values.BR.timezone, 'America/Sao_Paulo');
  });

  it('events.yaml lists the known events (sports, newsletters) but never the incident', () => {
    const text = demo42().out.files['.calibrate/events.yaml'];
    const ev = parse(text);
    assert.equal(ev.version, 1);
    const mnf = ev.events.find((e: { name: string }) => e.name === 'Monday Night Football');
    assert.deepEqual(mnf && { ...mnf, expectedImpact: undefined }, {
      name: 'Monday Night Football',
      kind: 'sports',
      start: '2026-11-02T20:15:00',
      end: '2026-11-02T23:30:00',
      zone: 'America/New_York',
      countries: ['US'],
      expectedImpact: undefined,
    });
    assert.match(mnf.expectedImpact, /^-\d+%$/);
    const late = ev.events.find((e: { name: string }) => /late/.test(e.name));
    assert.equal(late.kind, 'email_send');
    assert.equal(late.start, '2026-11-03T11:30:00');
    const allowed = new Set(['name', 'kind', 'start', 'end', 'zone', 'countries', 'expectedImpact']);
    for (const e of ev.events) {
      for (const k of Object.keys(e)) assert.ok(allowed.has(k), k);
      assert.ok(['sports', 'email_send'].includes(e.kind));
    }
    assert.doesNotMatch(JSON.stringify(ev.events), /incident|ios|7\.4|broken/i);
  });

  it('README explains the workspace without giving the incident away', () => {
    const text = demo42().out.files['README.md'];
    assert.match(text, /Calibrate: Open Metrics Report/);
    assert.match(text, /data\/metrics\.csv/);
    assert.doesNotMatch(text, /incident|broken|7\.4\.0|outage/i);
  });
});
