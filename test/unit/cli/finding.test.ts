// `calibrate finding adr|postmortem`, as CI runs it: the bundle in a real process, on the generated
// demo (its closed iOS investigation) with a copy of this repository's docs/adr, so Calibrate writes
// our own next ADR (after our highest) in our style. An existing file is never overwritten. With
// --supersedes, the new ADR links to the old, and the old one's change is printed, never made.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, copier, generateDemo, REPO, tempDir } from '../helpers/demoWorkspace';

const NAME = '2026-11-03-ios-page-views-drop-after-the-7-4-0-release';
/** Our own ADRs' next number, 4 digits: it moves on with every ADR this repository records. */
const ours = readdirSync(join(REPO, 'docs', 'adr'))
  .map(f => /^(\d{4})-/.exec(f)?.[1])
  .filter((n): n is string => n !== undefined)
  .map(Number);
const pad = (n: number) => String(n).padStart(4, '0');
const NEXT = Math.max(...ours) + 1;
const ADR = `docs/adr/${pad(NEXT)}-keep-7-4-0-pulled-and-ship-7-4-1-with-the-link-fix-the.md`;
const GOLDEN = join(REPO, 'test', 'fixtures', 'findings', 'demo-adr.md');

describe('cli: calibrate finding', function () {
  this.timeout(60_000);
  let base: string;
  let run: Awaited<ReturnType<typeof buildCli>>['run'];
  let copy: ReturnType<typeof copier>;

  before(async () => {
    base = tempDir('calibrate-cli-finding-');
    ({ run } = await buildCli(base));
    copy = copier(base, generateDemo(base, 42).workspace);
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  const withOurAdrs = () => copy(ws => cpSync(join(REPO, 'docs', 'adr'), join(ws, 'docs', 'adr'), { recursive: true }));

  it('adr: our own next ADR in docs/adr, in our style; the golden text, its log link resolving', () => {
    const ws = withOurAdrs();
    const r = run(['finding', 'adr', NAME], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${ADR}\n`);
    const text = readFileSync(join(ws, ADR), 'utf8');
    assert.equal(text, readFileSync(GOLDEN, 'utf8'));
    const link = /\]\((\.\.\/\.\.\/\.calibrate\/[^)]+)\)/.exec(text)![1]!;
    assert.ok(existsSync(join(ws, 'docs', 'adr', link)), link);
    // The next one follows it, by a log path this time, from another directory.
    const again = run(['finding', 'adr', join(ws, '.calibrate', 'investigations', `${NAME}.jsonl`), '--folder', ws, '--title', 'Smoke-test links'], {
      cwd: base,
    });
    assert.equal(again.code, 0, again.stderr);
    assert.ok(again.stdout.endsWith(`docs/adr/${pad(NEXT + 1)}-smoke-test-links.md\n`), again.stdout);
    assert.match(readFileSync(join(ws, 'docs', 'adr', `${pad(NEXT + 1)}-smoke-test-links.md`), 'utf8'), /\n# Smoke-test links\n/);
  });

  it('adr: follows .adr-dir (adr-tools), numbering in its style', () => {
    const ws = copy(w => {
      writeFileSync(join(w, '.adr-dir'), 'doc/arch\n');
      mkdirSync(join(w, 'doc', 'arch'), { recursive: true });
      writeFileSync(join(w, 'doc', 'arch', '0001-record-architecture-decisions.md'), '# 1. Record architecture decisions\n');
      writeFileSync(join(w, 'doc', 'arch', '0004-b.md'), '# 4. B\n');
    });
    const r = run(['finding', 'adr', NAME, '--title', 'Retry'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'doc/arch/0005-retry.md\n');
  });

  it('adr: never overwrites: a file where it would go stops it (exit 1, named), the file untouched', () => {
    const ws = withOurAdrs();
    const out = join(ws, 'elsewhere');
    mkdirSync(out);
    const mine = join(out, ADR.split('/').pop()!);
    writeFileSync(mine, 'my edits\n');
    const r = run(['finding', 'adr', NAME, '--out', 'elsewhere'], { cwd: ws });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`^calibrate: .*elsewhere/${pad(NEXT)}-keep-7-4-0-pulled[^ ]*\\.md already exists: a finding never overwrites a file`));
    assert.equal(readFileSync(mine, 'utf8'), 'my edits\n');
    assert.ok(!existsSync(join(ws, ADR)), 'nothing written in docs/adr either');
  });

  it('adr --supersedes: the new ADR links to the old one, which is not touched; its change is printed, for git apply', () => {
    const ws = withOurAdrs();
    const old = join(ws, 'docs', 'adr', '0016-pair-investigation.md');
    const before = readFileSync(old, 'utf8');
    const r = run(['finding', 'adr', NAME, '--supersedes', '16'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    const [first, second, ...diff] = r.stdout.split('\n');
    assert.equal(first, ADR);
    assert.equal(
      second,
      `docs/adr/0016-pair-investigation.md is not changed: to mark it superseded by ADR ${NEXT}, apply this change (git apply, or by hand):`,
    );
    assert.match(readFileSync(join(ws, ADR), 'utf8'), /^Supersedes \[ADR 0016\]\(0016-pair-investigation\.md\) \(Pair investigation:/m);
    assert.equal(readFileSync(old, 'utf8'), before, 'the old ADR is not changed by the CLI');
    const file = ADR.split('/').pop()!;
    assert.ok(diff.includes('-status: accepted'), r.stdout);
    assert.ok(diff.includes(`+status: superseded by [ADR ${pad(NEXT)}](${file})`), r.stdout);
    // The printed change applies as it is: the whole stdout piped to git apply (text before the diff is skipped).
    execFileSync('git', ['apply', '-'], { cwd: ws, input: r.stdout });
    assert.equal(readFileSync(old, 'utf8'), before.replace('status: accepted', `status: superseded by [ADR ${pad(NEXT)}](${file})`));
  });

  it('adr --supersedes: an ADR without a status is named, not changed; a missing number exits 1 and writes nothing', () => {
    const ws = copy(w => {
      mkdirSync(join(w, 'docs', 'adr'), { recursive: true });
      writeFileSync(join(w, 'docs', 'adr', '3-no-status.md'), '# 3. No status here\n\nJust prose.\n');
    });
    const r = run(['finding', 'adr', NAME, '--supersedes', '0003', '--title', 'Replace it'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      'docs/adr/4-replace-it.md\n' +
        'docs/adr/3-no-status.md has no status to mark superseded (no "status:" in its front matter, no "## Status" section): it is not changed; add "Superseded by ADR 4" to it by hand.\n',
    );
    assert.match(readFileSync(join(ws, 'docs', 'adr', '4-replace-it.md'), 'utf8'), /^Supersedes \[ADR 3\]\(3-no-status\.md\) \(No status here\)\.$/m);
    const missing = run(['finding', 'adr', NAME, '--supersedes', '9', '--title', 'Other'], { cwd: ws });
    assert.equal(missing.code, 1);
    assert.equal(missing.stdout, '');
    assert.match(missing.stderr, /^calibrate: there is no ADR numbered 9 in docs\/adr to supersede\n$/);
    assert.ok(!existsSync(join(ws, 'docs', 'adr', '5-other.md')));
  });

  it('postmortem: docs/postmortems/<name>.md and its images; a second run overwrites nothing', () => {
    const ws = copy(() => {});
    const r = run(['finding', 'postmortem', NAME], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    const written = r.stdout.trimEnd().split('\n');
    assert.equal(written[0], `docs/postmortems/${NAME}.md`);
    for (const f of written.slice(1)) assert.match(f, /^docs\/postmortems\/images\/[^/]+\.svg$/);
    const md = readFileSync(join(ws, written[0]!), 'utf8');
    for (const f of written.slice(1)) assert.ok(md.includes(f.replace('docs/postmortems/', '')), `${f} is linked`);
    writeFileSync(join(ws, written[0]!), 'edited by a person\n');
    const before = readdirSync(join(ws, 'docs', 'postmortems'), { recursive: true }).length;
    const again = run(['finding', 'postmortem', NAME], { cwd: ws });
    assert.equal(again.code, 1);
    assert.match(again.stderr, new RegExp(`docs/postmortems/${NAME}\\.md.*already exist`));
    assert.equal(readFileSync(join(ws, written[0]!), 'utf8'), 'edited by a person\n');
    assert.equal(readdirSync(join(ws, 'docs', 'postmortems'), { recursive: true }).length, before, 'no image written either');
  });

  it('usage errors exit 2; an unknown investigation exits 1; --help exits 0', () => {
    const ws = copy(() => {});
    for (const args of [
      ['finding'],
      ['finding', 'adr'],
      ['finding', 'memo', NAME],
      ['finding', 'adr', NAME, 'extra'],
      ['finding', 'postmortem', NAME, '--title', 'x'],
      ['finding', 'adr', NAME, '--out', ''],
      ['finding', 'adr', NAME, '--bogus'],
      ['finding', 'adr', NAME, '--supersedes'],
      ['finding', 'adr', NAME, '--supersedes', 'three'],
      ['finding', 'adr', NAME, '--supersedes=-1'],
      ['finding', 'postmortem', NAME, '--supersedes', '3'],
    ]) {
      const r = run(args, { cwd: ws });
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^calibrate: .*\n\nUsage: calibrate finding adr/, args.join(' '));
    }
    const missing = run(['finding', 'adr', 'no-such-investigation'], { cwd: ws });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no-such-investigation: no such investigation log/);
    const help = run(['finding', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: calibrate finding adr INVESTIGATION .*\[--supersedes N\]/);
    assert.match(help.stdout, /--supersedes N +The number of the ADR this one replaces/);
    assert.match(run(['--help']).stdout, /finding adr\|postmortem INVESTIGATION/);
  });
});
