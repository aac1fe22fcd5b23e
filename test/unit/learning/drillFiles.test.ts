// Drills on disk (src/learning/drills.ts), as Start Drill and Reveal Drill use them in a workspace
// folder: the drill under .calibrate/drills/<id>/ (git-ignored), the truth elsewhere; a running
// drill is found (so a second one is refused), a revealed one is not; the demo source is cut a week
// early so its own story stays out of the drill's last 24 hours.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  demoSource,
  drillIdIn,
  DRILLS_DIR,
  ignoreDrills,
  prepareDrill,
  revealDrill,
  runningDrills,
  sha256,
  writeDrillWorkspace,
  writeTruth,
} from '../../../src/learning/drills';
import { generateDemo } from '../../../src/core/demo';

describe('drills on disk', function () {
  this.timeout(60_000);
  let root: string;
  before(() => (root = realpathSync(mkdtempSync(join(tmpdir(), 'calibrate-drills-')))));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('names a drill folder directly under the drills directory, and nothing else', () => {
    const drills = 'vsls:/team/.calibrate/drills';
    assert.equal(drillIdIn(drills, `${drills}/20261201-abcdef`), '20261201-abcdef');
    for (const other of [
      drills,
      `${drills}/`,
      `${drills}/a/b`,
      `${drills}/..`,
      `${drills}/.`,
      `${drills}/%2e%2e`,
      'vsls:/other/.calibrate/drills/x',
      `${drills}x/y`,
    ])
      assert.equal(drillIdIn(drills, other), undefined, other);
  });

  it('the demo source ends a week before the demo, with more than six weeks left', () => {
    const full = generateDemo({ seed: 42 });
    const s = demoSource();
    assert.equal(s.kind, 'demo');
    assert.equal(s.dataset.end, Date.parse(full.groundTruth.end) - 7 * 24 * 3_600_000);
    assert.ok(s.dataset.series.every(x => x.start + x.values.length * x.step === s.dataset.end));
    assert.ok(s.deploys.every(d => Date.parse(d.at) < s.dataset.end));
    assert.ok(!s.deploys.some(d => d.tag === 'ios-v7.4.0'), 'the iOS incident release is after the cut');
  });

  it('a drill written under .calibrate/drills is running, git-ignored, and stays running when its reveal is refused', async () => {
    const drill = prepareDrill(demoSource(), { drillId: '20261130-abcdef', seed: 1, difficulty: 'easy', kind: 'holiday', now: Date.now() });
    const truth = join(root, 'storage', 'drills', drill.truth.drillId, 'truth.json');
    await writeTruth(truth, drill);
    assert.equal(sha256(readFileSync(truth, 'utf8')), drill.digest);
    await ignoreDrills(root);
    await ignoreDrills(root); // a second drill keeps the one .gitignore
    assert.equal(readFileSync(join(root, DRILLS_DIR, '.gitignore'), 'utf8'), '*\n');
    const dir = join(root, DRILLS_DIR, drill.truth.drillId);
    const { log } = await writeDrillWorkspace(dir, drill, { author: 'Sam Ortiz', now: Date.now() });
    assert.ok(existsSync(join(dir, '.calibrate/investigations', `${log}.jsonl`)));
    assert.ok(!existsSync(join(dir, 'truth.json')));
    const running = await runningDrills(root);
    assert.deepEqual(
      running.map(r => [r.drillId, r.dir, r.difficulty]),
      [[drill.truth.drillId, dir, 'easy']],
    );
    // Refused before a verdict: still running.
    await assert.rejects(revealDrill(dir, truth, { author: 'Sam Ortiz', now: Date.now() }), /no investigation in the drill has a verdict yet/);
    assert.equal((await runningDrills(root)).length, 1);
  });
});
