// What the walkthrough's commands write (issue 10, point 11): the demo workspace, a real git
// repository whose release tags are the report's deploys, never over anything of the user's; and a
// starter report config that parses as it is.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeDemoWorkspace } from '../../../src/workspace/demoWorkspace';
import { withFrozenExample } from '../../../src/workspace/demoExample';
import { STARTER_CONFIG } from '../../../src/workspace/starterConfig';
import { parseReportConfig } from '../../../src/core/config/reportConfig';
import { generateDemo } from '../../../src/core/demo';

describe('workspace: the demo and starter config the walkthrough writes', function () {
  this.timeout(60_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'calibrate-demo-test-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('writes the generated demo with its release tags in git, and the report opening with the folder', async () => {
    const dir = path.join(tmp, 'calibrate-demo');
    const written = await writeDemoWorkspace(dir);
    assert.equal(written.gitProblem, undefined);
    const demo = generateDemo({ seed: 42 });
    const expected = await withFrozenExample(demo);
    for (const [rel, text] of Object.entries(expected)) assert.equal(fs.readFileSync(path.join(dir, rel), 'utf8'), text, rel);
    const example = Object.keys(expected).find(p => p.endsWith('.jsonl'))!;
    assert.notEqual(expected[example], demo.files[example], 'the example investigation carries its frozen anomaly (demoExample.test.ts)');
    assert.deepEqual(
      written.tags,
      demo.deploys.map(d => d.tag),
    );
    const tags = execFileSync('git', ['tag', '--list'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').sort();
    assert.deepEqual(tags, [...written.tags].sort());
    assert.equal(execFileSync('git', ['status', '--porcelain'], { cwd: dir, encoding: 'utf8' }), '', 'everything committed');
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, '.vscode/settings.json'), 'utf8')), { 'calibrate.openReportOnStartup': true });
    parseReportConfig(fs.readFileSync(path.join(dir, '.calibrate/report.yaml'), 'utf8'), '.calibrate/report.yaml');
  });

  it('refuses a folder that is not empty, and writes nothing there', async () => {
    const dir = path.join(tmp, 'mine');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    await assert.rejects(writeDemoWorkspace(dir), /is not empty/);
    assert.deepEqual(fs.readdirSync(dir), ['notes.txt']);
  });

  it('offers a starter config that parses, naming a CSV and one metric to start from', () => {
    const c = parseReportConfig(STARTER_CONFIG, '.calibrate/report.yaml');
    assert.equal(c.source.path, 'data/metrics.csv');
    assert.deepEqual(
      c.metrics.map(m => m.id),
      ['page_views'],
    );
    assert.match(STARTER_CONFIG, /timestamp,metric,value/, 'it shows the CSV it expects');
  });
});
