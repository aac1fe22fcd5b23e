// Findings in the real extension host (issue 13), on the demo workspace (a git repository): Write
// Post-mortem writes the post-mortem and its charts, stages them with the investigation's log
// through VS Code's git extension and adds the Investigation: trailer to the commit message (keeping
// what was typed); run again, it writes nothing and opens a diff instead; Record Decision writes the
// next ADR, and run again, diffs that one rather than numbering another. Commits: the one that
// carries the trailer is linked when it lands, as is one that changes the log; Link Commit links
// one by hand; the investigation view is sent them.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { CalibrateApi } from '../../src/extension';
import { blamelessProblems } from '../../src/core/findings/blameless';
import { foldLog } from '../../src/core/investigation';
import { gitApi, repositoryOf, type GitRepository } from '../../src/findings/gitApi';
import type { FindingResult } from '../../src/findings/writeFinding';
import { INVESTIGATIONS_DIR } from '../../src/services/investigationStore';
import { until } from './until';

const EXT_ID = 'calibrate-dev.calibrate';
const run = promisify(execFile);

async function api(): Promise<CalibrateApi> {
  const ext = vscode.extensions.getExtension<CalibrateApi>(EXT_ID)!;
  return ext.isActive ? ext.exports : ext.activate();
}

const folder = () => vscode.workspace.workspaceFolders![0];
const root = () => folder().uri.fsPath;
const rel = (p: string) =>
  p
    .slice(root().length + 1)
    .split('\\')
    .join('/');
const git = async (...args: string[]) => (await run('git', args, { cwd: root() })).stdout;

/** The demo's example investigation: the closed one in the log folder. */
async function closedInvestigation(): Promise<string> {
  const dir = join(root(), INVESTIGATIONS_DIR);
  for (const f of (await readdir(dir)).filter(f => f.endsWith('.jsonl')).sort()) {
    if (foldLog(await readFile(join(dir, f), 'utf8')).closed) return f.slice(0, -'.jsonl'.length);
  }
  throw new Error('the demo has no closed investigation');
}

const contents = async (paths: readonly string[]) =>
  Promise.all(paths.map(async p => ({ p, text: await readFile(p, 'utf8'), mtime: (await stat(p)).mtimeMs })));

const diffTab = (file: string) =>
  vscode.window.tabGroups.all.flatMap(g => g.tabs).find(t => t.input instanceof vscode.TabInputTextDiff && t.input.original.fsPath === file);

describe('Findings in the real extension host', function () {
  this.timeout(180_000);
  let repo: GitRepository;
  let name = '';
  let postmortem: FindingResult;

  before(async () => {
    await api();
    const git = await until('the git extension', () => gitApi(60_000));
    repo = await until('the git repository of the demo', () => repositoryOf(git, folder().uri), 60_000);
    name = await closedInvestigation();
  });
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('Write Post-mortem writes it and its charts, stages them with the log, and adds the trailer to the typed message', async () => {
    assert.ok(vscode.workspace.isTrusted, 'the test workspace is trusted');
    // The log moved on since its commit (a last note), so staging it shows in the index.
    await (await api()).investigations().append(name, 'note', { text: 'Post-mortem written from the editor.' });
    repo.inputBox.value = 'Fix the iOS deep links';
    postmortem = (await vscode.commands.executeCommand<FindingResult>('calibrate.writePostmortem', { folder: folder().uri.toString(), name }))!;
    assert.ok(postmortem, 'the command returns what it did');
    const written = postmortem.written.map(rel);
    assert.equal(written[0], `docs/postmortems/${name}.md`);
    assert.ok(written.length > 1, 'charts are written too');
    assert.ok(
      written.slice(1).every(p => /^docs\/postmortems\/images\/[^/]+\.svg$/.test(p)),
      written.join(', '),
    );
    assert.equal(postmortem.staged, true);
    const log = `${INVESTIGATIONS_DIR}/${name}.jsonl`;
    const cached = await until('the index to list the files', async () => {
      const names = (await git('diff', '--cached', '--name-only')).split('\n').filter(Boolean);
      return names.length >= written.length + 1 ? names : undefined;
    });
    assert.deepEqual([...cached].sort(), [...written, log].sort());
    assert.match(repo.inputBox.value, /^Fix the iOS deep links\n\n/, 'what was typed stays first');
    assert.ok(repo.inputBox.value.split('\n').includes(`Investigation: ${log}`), repo.inputBox.value);
    // The blameless check's warnings are on the file, as many as the core finds.
    const md = await readFile(postmortem.written[0]!, 'utf8');
    const people = (await (await api()).investigations().get(name))!.participants.map(p => p.name);
    const diags = vscode.languages.getDiagnostics(vscode.Uri.file(postmortem.written[0]!));
    assert.equal(diags.length, blamelessProblems(md, people).length);
    assert.ok(diags.every(d => d.severity === vscode.DiagnosticSeverity.Warning));
    // The log records the finding (staged with it), so the investigation view lists it.
    const state = (await (await api()).investigations().get(name))!;
    assert.deepEqual(
      state.findings.map(f => [f.kind, f.path]),
      [['postmortem', written[0]]],
    );
  });

  it('run again, it writes nothing and opens a diff of the file on disk against the regenerated text', async () => {
    const before = await contents(postmortem.written);
    const again = (await vscode.commands.executeCommand<FindingResult>('calibrate.writePostmortem', { folder: folder().uri.toString(), name }))!;
    assert.deepEqual(again.written, []);
    assert.equal(again.diffed, postmortem.written[0]);
    assert.deepEqual(await contents(postmortem.written), before, 'not a byte or a time changed');
    await until('a diff tab of the post-mortem', () => diffTab(postmortem.written[0]!), 10_000);
  });

  it('Record Decision writes the next ADR in the demo, and run again diffs that one', async () => {
    const adrDir = join(root(), 'docs', 'adr');
    const existing = await readdir(adrDir).catch(() => [] as string[]);
    const highest = Math.max(0, ...existing.map(f => Number(/^(\d+)-/.exec(f)?.[1] ?? 0)));
    const adr = (await vscode.commands.executeCommand<FindingResult>('calibrate.recordDecision', { folder: folder().uri.toString(), name }))!;
    assert.equal(adr.written.length, 1);
    const file = rel(adr.written[0]!);
    assert.match(file, new RegExp(`^docs/adr/${String(highest + 1).padStart(4, '0')}-[a-z0-9-]+\\.md$`));
    assert.ok((await readFile(adr.written[0]!, 'utf8')).includes(`${name}.jsonl`), 'the ADR links to the log');
    const again = (await vscode.commands.executeCommand<FindingResult>('calibrate.recordDecision', { folder: folder().uri.toString(), name }))!;
    assert.deepEqual(again.written, [], 'not a second number for the same decision');
    assert.equal(again.diffed, adr.written[0]);
    assert.deepEqual(
      (await readdir(adrDir)).filter(f => !existing.includes(f)),
      [file.slice('docs/adr/'.length)],
    );
    await until('a diff tab of the ADR', () => diffTab(adr.written[0]!), 10_000);
  });

  describe('commits', () => {
    const head = async () => (await git('rev-parse', 'HEAD')).trim();
    const commitsOf = async () => (await (await api()).investigations().get(name))!.commits;
    const linked = (hash: string) => until(`commit ${hash.slice(0, 8)} linked`, async () => (await commitsOf()).find(c => c.hash === hash));

    it('the commit with the Investigation: trailer is linked when it lands, and the view is sent it', async () => {
      await (await api()).commitLinksSettled(); // the linker has seen HEAD as it was before this commit
      // As the user would: commit what is staged with the message Source Control holds (here from the terminal).
      await git('commit', '-q', '-m', repo.inputBox.value);
      const hash = await head();
      assert.match(await git('log', '-1', '--format=%B'), /^Investigation: \.calibrate\/investigations\//m);
      const c = await linked(hash);
      assert.equal(c.link, 'trailer');
      assert.equal(c.subject, 'Fix the iOS deep links');
      assert.ok(c.committedAt, 'when it was committed');
      await vscode.commands.executeCommand('calibrate.openInvestigation', { folder: folder().uri.toString(), name });
      const sent = await until('the view sent the commit', async () => {
        const m = (await api()).investigationView(name);
        return m?.type === 'state' && m.state.commits.some(x => x.hash === hash) ? m : undefined;
      });
      assert.ok(
        sent.state.findings.some(f => f.kind === 'postmortem'),
        'and the post-mortem',
      );
    });

    it('a commit that changes the log is linked too, one that does not is not, and Link Commit links it by hand', async () => {
      await (await api()).investigations().append(name, 'note', { text: 'Rolled back on the 25th.' });
      await git('add', '--', `${INVESTIGATIONS_DIR}/${name}.jsonl`);
      await git('commit', '-q', '-m', 'Keep the investigation notes');
      const logCommit = await head();
      assert.equal((await linked(logCommit)).link, 'log');
      await git('commit', '-q', '--allow-empty', '-m', 'Release 7.4.1');
      const release = await head();
      await (await api()).commitLinksSettled();
      assert.equal(
        (await commitsOf()).some(c => c.hash === release),
        false,
        'a commit that names no investigation is not linked',
      );
      const manual = await vscode.commands.executeCommand<string>('calibrate.linkCommit', { folder: folder().uri.toString(), name, commit: 'HEAD' });
      assert.equal(manual, release);
      assert.equal((await linked(release)).link, 'manual');
      const again = await vscode.commands.executeCommand<string>('calibrate.linkCommit', { folder: folder().uri.toString(), name, commit: release });
      assert.equal(again, release);
      assert.equal((await commitsOf()).filter(c => c.hash === release).length, 1, 'linked once');
      const bad = await vscode.commands.executeCommand<string>('calibrate.linkCommit', { folder: folder().uri.toString(), name, commit: '--output=/tmp/x' });
      assert.equal(bad, undefined, 'an option is not a ref');
    });
  });
});
