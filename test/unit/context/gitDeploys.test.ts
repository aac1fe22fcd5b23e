import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGitDeploys } from '../../../src/context/gitDeploys';

/** Real git in a temp dir, with fixed dates so the window filter is exercised. */
function git(cwd: string, args: string[], date?: string): string {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@example.com',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@example.com',
    ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
  };
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' });
}

function commit(cwd: string, file: string, date: string): void {
  writeFileSync(join(cwd, file), date);
  git(cwd, ['add', file]);
  git(cwd, ['commit', '-q', '-m', `change ${file}`], date);
}

function newRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'calibrate-git-'));
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['config', 'commit.gpgsign', 'false']);
  git(dir, ['config', 'tag.gpgsign', 'false']);
  return dir;
}

const WINDOW = { from: Date.parse('2026-10-01T00:00:00Z'), to: Date.parse('2026-11-04T00:00:00Z') };

describe('context: deploys from git', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(d => rmSync(d, { recursive: true, force: true })));

  it('reads tags (annotated and lightweight) and merges to main inside the window', async () => {
    const dir = newRepo();
    dirs.push(dir);
    commit(dir, 'a.txt', '2026-09-20T10:00:00Z');
    git(dir, ['tag', '-a', 'web-v1', '-m', 'Release web 1'], '2026-09-20T10:05:00Z'); // before the window
    commit(dir, 'b.txt', '2026-10-20T18:00:00Z');
    git(dir, ['tag', '-a', 'ios-v7.3.0', '-m', 'Release ios-app 7.3.0'], '2026-10-20T18:05:00Z');
    git(dir, ['checkout', '-q', '-b', 'feature']);
    commit(dir, 'c.txt', '2026-11-02T10:00:00Z');
    git(dir, ['checkout', '-q', 'main']);
    git(dir, ['merge', '-q', '--no-ff', 'feature', '-m', 'Merge feature: faster search'], '2026-11-02T12:00:00Z');
    git(dir, ['tag', 'ios-v7.4.0'], '2026-11-03T08:40:00Z'); // lightweight: the commit's date counts
    const { deploys, warnings } = await readGitDeploys({ cwd: dir, ...WINDOW });
    assert.deepEqual(warnings, []);
    assert.deepEqual(
      deploys.map(d => [d.kind, d.kind === 'merge' ? 'merge' : d.ref, new Date(d.at).toISOString(), d.message]),
      [
        ['tag', 'ios-v7.3.0', '2026-10-20T18:05:00.000Z', 'Release ios-app 7.3.0'],
        ['merge', 'merge', '2026-11-02T12:00:00.000Z', 'Merge feature: faster search'],
        ['tag', 'ios-v7.4.0', '2026-11-02T12:00:00.000Z', 'Merge feature: faster search'],
      ],
    );
  });

  it('returns no deploys from a repository without tags or merges', async () => {
    const dir = newRepo();
    dirs.push(dir);
    commit(dir, 'a.txt', '2026-10-10T10:00:00Z');
    const r = await readGitDeploys({ cwd: dir, ...WINDOW });
    assert.deepEqual(r, { deploys: [], warnings: [] });
  });

  it('degrades gracefully outside a repository and without git', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'calibrate-nogit-'));
    dirs.push(dir);
    const r = await readGitDeploys({ cwd: dir, ...WINDOW });
    assert.deepEqual(r.deploys, []);
    assert.match(r.warnings[0] ?? '', /not a git repository/);
    const missing = await readGitDeploys({ cwd: dir, ...WINDOW, git: 'git-does-not-exist-here' });
    assert.match(missing.warnings[0] ?? '', /not installed/);
  });

  it('uses the branch it is told, and says when there is none', async () => {
    const dir = newRepo();
    dirs.push(dir);
    commit(dir, 'a.txt', '2026-10-10T10:00:00Z');
    git(dir, ['branch', '-m', 'main', 'trunk']);
    const r = await readGitDeploys({ cwd: dir, ...WINDOW });
    assert.match(r.warnings[0] ?? '', /no main branch/);
    const t = await readGitDeploys({ cwd: dir, ...WINDOW, mainBranch: 'trunk' });
    assert.deepEqual(t.warnings, []);
  });
});

describe('context: deploys from git, refs from a crafted repository', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(d => rmSync(d, { recursive: true, force: true })));

  /** A repository with one merge to main in the window, and a victim file outside it. */
  function craftedRepo(): { dir: string; victim: string } {
    const dir = newRepo();
    dirs.push(dir);
    commit(dir, 'a.txt', '2026-10-10T10:00:00Z');
    git(dir, ['checkout', '-q', '-b', 'feature']);
    commit(dir, 'b.txt', '2026-10-11T10:00:00Z');
    git(dir, ['checkout', '-q', 'main']);
    git(dir, ['merge', '-q', '--no-ff', 'feature', '-m', 'Merge feature'], '2026-10-12T12:00:00Z');
    const outside = mkdtempSync(join(tmpdir(), 'calibrate-victim-'));
    dirs.push(outside);
    const victim = join(outside, 'victim.txt');
    writeFileSync(victim, 'precious data\n');
    return { dir, victim };
  }

  // As a shipped archive would have it: origin/HEAD's target, short form "--output=<victim>".
  for (const target of ['refs/remotes/--output=', 'refs/heads/--output=']) {
    it(`never lets origin/HEAD -> ${target}<file> become a git option`, async () => {
      const { dir, victim } = craftedRepo();
      mkdirSync(join(dir, '.git', 'refs', 'remotes', 'origin'), { recursive: true });
      writeFileSync(join(dir, '.git', 'refs', 'remotes', 'origin', 'HEAD'), `ref: ${target}${victim}\n`);
      const r = await readGitDeploys({ cwd: dir, ...WINDOW });
      assert.equal(readFileSync(victim, 'utf8'), 'precious data\n');
      assert.deepEqual(
        r.deploys.map(d => d.message),
        ['Merge feature'],
        'falls back to main',
      );
      assert.equal(r.warnings.length, 1);
      assert.match(r.warnings[0], /^origin\/HEAD: refused the branch name .*expected a branch under refs\/heads\/ or refs\/remotes\//);
    });
  }

  it('refuses a mainBranch from a caller that would be an option', async () => {
    const { dir, victim } = craftedRepo();
    const r = await readGitDeploys({ cwd: dir, ...WINDOW, mainBranch: `--output=${victim}` });
    assert.equal(readFileSync(victim, 'utf8'), 'precious data\n');
    assert.deepEqual(r.deploys, []);
    assert.match(r.warnings[0] ?? '', /^refused the branch name/);
  });

  it('qualifies a short mainBranch: a local branch, then a remote-tracking one', async () => {
    const { dir } = craftedRepo();
    git(dir, ['update-ref', 'refs/remotes/upstream/release', 'HEAD']);
    for (const mainBranch of ['main', 'refs/heads/main', 'upstream/release']) {
      const r = await readGitDeploys({ cwd: dir, ...WINDOW, mainBranch });
      assert.deepEqual([r.deploys.map(d => d.message), r.warnings], [['Merge feature'], []], mainBranch);
    }
    const missing = await readGitDeploys({ cwd: dir, ...WINDOW, mainBranch: 'nope' });
    assert.match(missing.warnings[0] ?? '', /branch "nope" not found/);
  });

  it('stops when the load is cancelled', async () => {
    const { dir } = craftedRepo();
    await assert.rejects(readGitDeploys({ cwd: dir, ...WINDOW, signal: AbortSignal.abort() }), { name: 'AbortError' });
    const ac = new AbortController();
    const pending = readGitDeploys({ cwd: dir, ...WINDOW, signal: ac.signal });
    ac.abort();
    await assert.rejects(pending, { name: 'AbortError' });
  });
});
