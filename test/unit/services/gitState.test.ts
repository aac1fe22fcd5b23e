import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitRefsDigest } from '../../../src/services/gitState';

describe('services: the git refs digest', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(d => rmSync(d, { recursive: true, force: true })));
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'calibrate-git-'));
    dirs.push(d);
    return d;
  };
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, {
      cwd,
      env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
    });

  it('is stable while refs stay, and changes with a new tag or commit', async () => {
    const d = tmp();
    git(d, 'init', '-q', '-b', 'main');
    writeFileSync(join(d, 'a'), '1');
    git(d, 'add', 'a');
    git(d, 'commit', '-qm', 'one');
    const a = await gitRefsDigest(d);
    assert.match(a, /^[0-9a-f]{64}$/);
    assert.equal(await gitRefsDigest(d), a);
    git(d, 'tag', 'v1');
    const b = await gitRefsDigest(d);
    assert.notEqual(b, a);
    writeFileSync(join(d, 'a'), '2');
    git(d, 'commit', '-qam', 'two');
    assert.notEqual(await gitRefsDigest(d), b);
  });

  it('says "!no-repo" outside a repository and "!no-git" without git', async () => {
    const d = tmp();
    assert.equal(await gitRefsDigest(d), '!no-repo');
    assert.equal(await gitRefsDigest(d, { git: join(d, 'no-such-git') }), '!no-git');
  });
});
