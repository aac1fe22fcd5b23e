// The re-fit as a config edit: added at the end, replaced in place, every other line kept, and the
// result read back by the report config's own parser.
import * as assert from 'node:assert/strict';
import { parseReportConfig } from '../../../src/core/config/reportConfig';
import { withExplanationCalibration } from '../../../src/core/learning/refitConfig';

const CONFIG = `version: 1
title: Key business metrics # keep this comment
timezone: America/Los_Angeles
source: { type: csv, path: data/metrics.csv }
metrics:
  - { id: page_views, label: Page views }
dimensions: {}
`;
const NOTE = 'Re-fitted by the weekly calibration review of 2026-W48 over 34 confirmed causes.';

describe('the re-fit as a config edit', () => {
  it('adds the block at the end, keeping every line, and the parser reads it', () => {
    const out = withExplanationCalibration(CONFIG, { temperature: 0.91234, unexplainedScore: -2.5 }, NOTE);
    assert.ok(out.startsWith(CONFIG), 'every line as written');
    assert.equal(out.slice(CONFIG.length), `\n# ${NOTE}\nexplanationCalibration:\n  temperature: 0.912\n  unexplainedScore: -2.5\n`);
    assert.deepEqual(parseReportConfig(out, 'report.yaml').explanationCalibration, { temperature: 0.912, unexplainedScore: -2.5 });
  });

  it('replaces the block where it is, with its note, and leaves what follows', () => {
    const once = withExplanationCalibration(CONFIG, { temperature: 0.9, unexplainedScore: -2.5 }, NOTE) + 'settleMinutes: 10\n';
    const twice = withExplanationCalibration(once, { temperature: 1.1, unexplainedScore: -3.25 }, NOTE.replace('W48', 'W49'));
    assert.equal(twice.match(/explanationCalibration:/g)!.length, 1);
    assert.equal(twice.match(/^# Re-fitted/gm)!.length, 1, 'the note is replaced, not stacked');
    assert.ok(twice.includes('W49') && !twice.includes('W48'));
    assert.ok(twice.endsWith('  temperature: 1.1\n  unexplainedScore: -3.25\nsettleMinutes: 10\n'));
    assert.equal(parseReportConfig(twice, 'report.yaml').settleMinutes, 10);
  });

  it('keeps CRLF line endings', () => {
    const crlf = CONFIG.replace(/\n/g, '\r\n');
    const out = withExplanationCalibration(crlf, { temperature: 0.8, unexplainedScore: -3 });
    assert.ok(!/[^\r]\n/.test(out), 'every newline is CRLF');
  });

  it('the parser refuses a malformed block at its line', () => {
    assert.throws(() => parseReportConfig(`${CONFIG}explanationCalibration: 3\n`, 'report.yaml'), /report\.yaml:8.*temperature, unexplainedScore/);
    assert.throws(
      () => parseReportConfig(`${CONFIG}explanationCalibration:\n  temperature: 0\n  unexplainedScore: -3\n`, 'report.yaml'),
      /temperature above 0/,
    );
  });
});
