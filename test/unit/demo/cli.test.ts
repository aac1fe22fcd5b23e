import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withFrozenExample } from '../../../src/workspace/demoExample';
import { demo42 } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

function genDemo(...args: string[]) {
  const r = spawnSync(TSX, [path.join(ROOT, 'scripts/gen-demo.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

describe('demo generator: gen-demo CLI', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'calibrate-gen-demo-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the workspace as a git repo with dated release tags, and the ground truth outside it', async () => {
    const r = genDemo('--out', dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /done in \d+ ms/);
    const ws = path.join(dir, 'workspace');
    const { out } = demo42();
    // The generator's files, with the example investigation's anomaly frozen in (demoExample.test.ts).
    for (const [p, text] of Object.entries(await withFrozenExample(out))) assert.equal(fs.readFileSync(path.join(ws, p), 'utf8'), text, p);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'ground-truth.json'), 'utf8')), out.groundTruth);
    assert.ok(!fs.existsSync(path.join(ws, 'ground-truth.json')));
    assert.equal(git(ws, 'status', '--porcelain'), '');
    assert.equal(git(ws, 'rev-parse', '--abbrev-ref', 'HEAD'), 'main');
    for (const d of out.deploys) {
      const at = git(ws, 'log', '-1', '--format=%cI', d.tag);
      assert.equal(new Date(at).toISOString().replace('.000Z', 'Z'), d.at, d.tag);
    }
    assert.equal(git(ws, 'rev-list', '--count', 'HEAD'), String(1 + out.deploys.length));
  });

  it('is idempotent for the same seed and leaves the repo untouched', () => {
    const ws = path.join(dir, 'workspace');
    const head = git(ws, 'rev-parse', 'HEAD');
    const r = genDemo('--out', dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /already holds seed 42/);
    assert.equal(git(ws, 'rev-parse', 'HEAD'), head);
  });

  it('refuses to overwrite user changes unless --force', () => {
    const ws = path.join(dir, 'workspace');
    fs.appendFileSync(path.join(ws, '.calibrate/report.yaml'), '# my note\n');
    const r = genDemo('--out', dir, '--seed', '7');
    assert.equal(r.code, 2);
    assert.match(r.err, /\.calibrate\/report\.yaml was changed/);
    assert.match(r.err, /--force/);
    assert.match(fs.readFileSync(path.join(ws, '.calibrate/report.yaml'), 'utf8'), /# my note/);
    const f = genDemo('--out', dir, '--seed', '7', '--force');
    assert.equal(f.code, 0, f.err);
    assert.doesNotMatch(fs.readFileSync(path.join(ws, '.calibrate/report.yaml'), 'utf8'), /# my note/);
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'ground-truth.json'), 'utf8')).seed, 7);
  });
});
