// Issue 12, "one after the other, through git": two branches that both appended to one investigation
// log merge without a conflict and fold to the same state as the union of their lines, in a real
// repository with real git and the `calibrate check` bundle in a real process. The demo workspace
// ships the `.gitattributes` line that makes this work (merge=union, ADR 0015); without it the same
// merge conflicts, which is why Calibrate adds it with the first log.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventLine, foldLog, newEvent, parseLog, type EventData, type EventType, type InvestigationState } from '../../../src/core/investigation';
import { UNION_LINE } from '../../../src/services/unionMerge';
import { buildCli, generateDemo, tempDir, type Run } from '../helpers/demoWorkspace';

const NAME = '2026-11-30-signups-drop-on-web';
const LOG = `.calibrate/investigations/${NAME}.jsonl`;
const T0 = Date.parse('2026-11-30T08:00:00Z');

/** Git in `cwd`, isolated from the machine's config (no signing, no hooks, no global identity). */
function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' },
  });
}
function gitStatus(cwd: string, args: string[]): { code: number | null; out: string } {
  const r = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' },
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

/**
 * Append one event to the log as a window on `ws` would: its Lamport clock is one more than the
 * highest in the file as this branch sees it. Returns the line.
 */
function append<T extends EventType>(ws: string, author: string, id: string, minute: number, type: T, data: EventData[T]): string {
  const file = join(ws, LOG);
  const { maxClock } = parseLog(readFileSync(file, 'utf8'));
  const line = eventLine(newEvent({ author, now: () => T0 + minute * 60_000, newId: () => id }, maxClock, type, data));
  appendFileSync(file, line);
  return line;
}

/** The state without line numbers: the same events in another line order must fold the same. */
function withoutLines(s: InvestigationState): unknown {
  return JSON.parse(JSON.stringify(s, (k, v: unknown) => (k === 'line' ? undefined : v)));
}

const lines = (text: string) => text.split('\n').filter(l => l !== '');

describe('investigation logs merged by git (real repository)', function () {
  this.timeout(120_000);
  let base: string;
  let demo: string;
  let run: (args: string[]) => Run;

  before(async () => {
    base = tempDir('calibrate-git-merge-');
    const cli = await buildCli(base);
    run = args => cli.run(args);
    demo = generateDemo(base, 12).workspace;
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  /**
   * A repository (a copy of the demo, with its `.gitattributes` or without) with a log committed on main, and
   * two branches that each appended to it: the shared line (one event appended on both, as a
   * cherry-pick or a retried append does) first, then each branch's own events.
   */
  function twoBranches(dir: string, unionAttribute: boolean) {
    const ws = join(base, dir);
    cpSync(demo, ws, { recursive: true });
    if (!unionAttribute) rmSync(join(ws, '.gitattributes'), { force: true });
    // The demo is a real repository already (its release history): the investigation is committed on top.
    const main = git(ws, ['rev-parse', '--abbrev-ref', 'HEAD']).trim();
    for (const [k, v] of [
      ['user.name', 'Calibrate Test'],
      ['user.email', 'test@calibrate.invalid'],
      ['commit.gpgsign', 'false'],
      ['core.hooksPath', '/dev/null'],
    ])
      git(ws, ['config', k, v]);

    writeFileSync(join(ws, LOG), '');
    append(ws, 'Priya Raman', 'base-opened', 0, 'opened', { title: 'Signups drop on web', origin: 'blank' });
    append(ws, 'Priya Raman', 'base-lead', 1, 'role', { person: 'Priya Raman', role: 'lead' });
    append(ws, 'Priya Raman', 'base-hypothesis', 2, 'hypothesis', { text: 'The **captcha** change blocks sign-ups' });
    git(ws, ['add', '-A']); // the log, and .gitattributes' removal in the case without it
    git(ws, ['commit', '-q', '-m', 'Start the investigation']);
    const baseText = readFileSync(join(ws, LOG), 'utf8');

    const shared = (minute: number) =>
      append(ws, 'Priya Raman', 'shared-note', minute, 'note', { text: 'Shared: the captcha went live at 07:00 UTC (on both branches)' });

    git(ws, ['checkout', '-q', '-b', 'priya']);
    const a = [
      shared(10),
      append(ws, 'Priya Raman', 'priya-note-1', 11, 'note', { text: 'Web only: mobile is flat' }),
      append(ws, 'Priya Raman', 'priya-deploy', 12, 'evidence', {
        kind: 'context',
        title: 'Deploy web-captcha-v2',
        contextKind: 'deploy',
        start: T0 - 3_600_000,
        detail: 'captcha v2 on the sign-up form',
      }),
      append(ws, 'Priya Raman', 'priya-support', 13, 'hypothesisStatus', {
        hypothesis: 'base-hypothesis',
        status: 'supported',
        evidence: ['priya-deploy'],
        reason: 'From the deploy hour on',
      }),
    ];
    git(ws, ['commit', '-q', '-am', 'Priya: evidence and support']);

    git(ws, ['checkout', '-q', main]);
    git(ws, ['checkout', '-q', '-b', 'sam']);
    const b = [
      shared(10),
      append(ws, 'Sam Ortiz', 'sam-role', 14, 'role', { person: 'Sam Ortiz', role: 'learner' }),
      append(ws, 'Sam Ortiz', 'sam-question', 15, 'question', { text: 'Did the **EU** traffic fall too?' }),
      // The same clock as Priya's status on her branch: a tie the fold breaks by (author, id), the same everywhere.
      append(ws, 'Sam Ortiz', 'sam-reject', 16, 'hypothesisStatus', { hypothesis: 'base-hypothesis', status: 'rejected', evidence: [], reason: 'EU fell too' }),
    ];
    git(ws, ['commit', '-q', '-am', 'Sam: role, question and a rejection']);
    git(ws, ['checkout', '-q', main]);
    return { ws, baseText, a, b };
  }

  it('two branches that appended to one log merge cleanly; the fold equals the fold of the union of lines; calibrate check is clean', () => {
    const { ws, baseText, a, b } = twoBranches('union', true);
    // The demo ships the union line; it is what makes the merge below work.
    assert.ok(readFileSync(join(ws, '.gitattributes'), 'utf8').split('\n').includes(UNION_LINE));
    assert.equal(a[0], b[0], 'the shared line is the same text on both branches');
    // The clocks each branch drew from its own view: both start after the base and overlap.
    const clocks = (ls: string[]) => ls.map(l => (JSON.parse(l) as { clock: number }).clock);
    assert.deepEqual(clocks(a), [4, 5, 6, 7]);
    assert.deepEqual(clocks(b), [4, 5, 6, 7]);

    git(ws, ['checkout', '-q', 'priya']);
    const merge = gitStatus(ws, ['merge', '--no-edit', 'sam']);
    assert.equal(merge.code, 0, `git merge exits 0 without a conflict: ${merge.out}`);
    assert.doesNotMatch(merge.out, /CONFLICT/);
    assert.equal(git(ws, ['status', '--porcelain']), '', 'nothing left unmerged');
    const merged = readFileSync(join(ws, LOG), 'utf8');
    assert.ok(merged.endsWith('\n'), 'every line is finished');

    // The set of lines is exactly the union: nothing lost, nothing invented.
    const union = new Set([...lines(baseText), ...a.map(l => l.trimEnd()), ...b.map(l => l.trimEnd())]);
    assert.deepEqual(new Set(lines(merged)), union);
    const sharedCopies = lines(merged).filter(l => l === a[0].trimEnd()).length;
    console.log(`      [git] merged log: ${lines(merged).length} lines, ${union.size} distinct; the shared line ${sharedCopies}× in the file`);

    // The fold of the merge is the fold of the union, in any order of its lines.
    const s = foldLog(merged);
    for (const order of [[...union], [...union].reverse(), [...lines(baseText), ...b, ...a].map(l => l.trimEnd())]) {
      assert.deepEqual(withoutLines(foldLog(order.join('\n') + '\n')), withoutLines(s));
    }
    assert.deepEqual(s.problems, [], 'no problem: a line merged twice is the same event, counted once');
    assert.equal(s.timeline.length, union.size, 'every event once: the duplicate counted once');
    const ids = s.timeline.map(t => ('event' in t ? t.event.id : t.foreign.id));
    for (const l of union) assert.ok(ids.includes((JSON.parse(l) as { id: string }).id), `event of ${l.slice(0, 60)}… is folded`);
    assert.equal(s.notes.filter(n => n.id === 'shared-note').length, 1);
    assert.equal(s.evidence.length, 1);
    assert.equal(s.questions.length, 1);
    assert.deepEqual(
      s.participants.map(p => [p.name, p.role]),
      [
        ['Priya Raman', 'lead'],
        ['Sam Ortiz', 'learner'],
      ],
    );
    // Two statuses at clock 7: later in (clock, author, id) wins, so "Sam Ortiz" > "Priya Raman": rejected.
    assert.equal(s.hypotheses[0].status, 'rejected');
    assert.deepEqual(
      s.hypotheses[0].history.map(h => [h.status, h.by]),
      [
        ['supported', 'Priya Raman'],
        ['rejected', 'Sam Ortiz'],
      ],
    );

    // The other direction (Sam merges Priya) converges to the same state.
    git(ws, ['checkout', '-q', 'sam']);
    const back = gitStatus(ws, ['merge', '--no-edit', 'priya~1']);
    assert.equal(back.code, 0, back.out);
    assert.deepEqual(withoutLines(foldLog(readFileSync(join(ws, LOG), 'utf8'))), withoutLines(s));
    git(ws, ['checkout', '-q', 'priya']);

    // calibrate check after the merge: exit 0, and nothing about the investigation logs.
    const r = run(['check', '--folder', ws]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^ok: \d+ files checked\n$/);
    assert.equal(r.stderr, '');
    const shown = run(['investigation', 'show', NAME, '--folder', ws]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.doesNotMatch(shown.stdout, /Problems/);
  });

  it('without the union attribute the same merge conflicts (why Calibrate adds it with the first log)', () => {
    const { ws } = twoBranches('plain', false);
    assert.equal(git(ws, ['check-attr', 'merge', '--', LOG]).trim(), `${LOG}: merge: unspecified`, 'no merge attribute for the log');
    git(ws, ['checkout', '-q', 'priya']);
    const merge = gitStatus(ws, ['merge', '--no-edit', 'sam']);
    assert.notEqual(merge.code, 0, 'git merge fails');
    assert.match(merge.out, new RegExp(`CONFLICT \\(content\\): Merge conflict in ${LOG.replace(/\./g, '\\.')}`));
    const text = readFileSync(join(ws, LOG), 'utf8');
    assert.match(text, /^<<<<<<< /m, 'conflict markers in the log');
    // The markers are not JSON: calibrate check says so (exit 1), at their lines.
    const r = run(['check', '--folder', ws]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`${LOG.replace(/\./g, '\\.')}:\\d+: error: line \\d+ is not JSON`));
    git(ws, ['merge', '--abort']);
  });
});
