// A drill prepared off the host's thread (src/learning/drillIsolated.ts, drillWorker.ts): the worker
// gives what prepareDrill gives in-process for the same options; a refusal comes back as a
// DrillRefusal the user reads; an answer that is not a drill (files outside the drill folder, no
// truth) is refused before anything is written.
import * as assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerProblem, prepareDrillIsolated } from '../../../src/learning/drillIsolated';
import { demoSource, DrillRefusal, prepareDrill } from '../../../src/learning/drills';

describe('drills prepared in a worker', function () {
  this.timeout(60_000);
  const opts = { drillId: '20261201-abcdef', seed: 5, difficulty: 'medium' as const, kind: 'incident' as const, now: Date.parse('2026-12-01T00:00:00Z') };

  it('gives what the in-process preparation gives for the same options', async () => {
    const off = await prepareDrillIsolated({ source: 'demo', root: tmpdir(), configPath: '.calibrate/report.yaml', maxCsvBytes: 100_000_000, opts });
    const here = prepareDrill(demoSource(), opts);
    assert.equal(off.digest, here.digest);
    assert.deepEqual(off.truth, here.truth);
    assert.deepEqual(Object.keys(off.files).sort(), Object.keys(here.files).sort());
    for (const f of Object.keys(here.files)) assert.equal(off.files[f], here.files[f], f);
    assert.deepEqual(off.deploys, here.deploys);
    assert.equal(answerProblem({ type: 'prepared', drill: off }), undefined);
  });

  it('brings a refusal back as a DrillRefusal: a folder with no report config', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'calibrate-drill-empty-')));
    try {
      await assert.rejects(
        prepareDrillIsolated({ source: 'workspace', root, configPath: '.calibrate/report.yaml', maxCsvBytes: 1_000_000, opts }),
        (e: unknown) => e instanceof DrillRefusal && /no report config at \.calibrate\/report\.yaml/.test(e.message),
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("refuses an answer that is not a drill: files outside the drill's folder, no truth, unknown types", () => {
    const drill = { truth: {}, truthText: '{}', digest: 'x', zone: 'UTC', files: { 'data/metrics.csv': 'a' }, deploys: [] };
    assert.equal(answerProblem({ type: 'prepared', drill }), undefined);
    assert.match(answerProblem({ type: 'prepared', drill: { ...drill, files: { '../../.bashrc': 'x' } } })!, /not a relative path/);
    assert.match(answerProblem({ type: 'prepared', drill: { ...drill, files: { '/etc/passwd': 'x' } } })!, /not a relative path/);
    assert.match(answerProblem({ type: 'prepared', drill: { ...drill, files: { 'a.csv': 3 } } })!, /not a relative path to text/);
    assert.match(answerProblem({ type: 'prepared', drill: { ...drill, truthText: undefined } })!, /truth is missing/);
    assert.match(answerProblem({ type: 'prepared', drill: { ...drill, deploys: [{ tag: 1 }] } })!, /deploys/);
    assert.match(answerProblem({ type: 'done' })!, /unknown answer/);
    assert.match(answerProblem(null)!, /not an object/);
    assert.equal(answerProblem({ type: 'refused', message: 'no data' }), undefined);
  });
});
