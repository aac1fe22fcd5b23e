// "Supersedes ADR N" when planning an ADR (src/findings/files.ts): the old ADR is found by its number
// whatever its padding, its title read (H1, else front matter), the new ADR links to it and the plan
// says what to mark; a missing number, two files with it, or the ADR being written itself are clear
// errors and write nothing; regenerating keeps the link. Also the ADR list Record Decision offers,
// and the change the CLI prints for the old ADR (it applies with git apply).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemo } from '../../../src/core/demo';
import { supersededStatus } from '../../../src/core/findings/adrFolder';
import { foldLog } from '../../../src/core/investigation';
import { unifiedChange } from '../../../src/cli/finding';
import { AdrNotFound, adrStatus, adrTitle, listAdrs, planAdr, writeAll } from '../../../src/findings/files';

const NOW = Date.parse('2026-11-30T12:00:00Z');

const demo = (() => {
  const files = generateDemo({ seed: 42 }).files;
  const path = Object.keys(files).find(f => f.startsWith('.calibrate/investigations/'))!;
  return { name: path.slice(path.lastIndexOf('/') + 1, -'.jsonl'.length), path, text: files[path]! };
})();

describe('findings: supersedes', () => {
  let root: string;
  const inv = () => ({ name: demo.name, state: foldLog(demo.text) });
  const logAbs = () => join(root, ...demo.path.split('/'));
  const adrs = (files: Record<string, string>, dir = 'docs/adr') => {
    mkdirSync(join(root, ...dir.split('/')), { recursive: true });
    for (const [f, text] of Object.entries(files)) writeFileSync(join(root, ...dir.split('/'), f), text);
  };
  const plan = (extra: { supersedes?: number; reuse?: boolean; out?: string } = {}) => planAdr(inv(), { root, logAbs: logAbs(), now: NOW, ...extra });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'calibrate-supersede-'));
    mkdirSync(join(root, '.calibrate', 'investigations'), { recursive: true });
    writeFileSync(logAbs(), demo.text);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds ADR 3 as 0003-… (and 7 as 7-…): the new ADR links to it by its title, the plan says what to mark', async () => {
    adrs({
      '0001-record-architecture-decisions.md': '# 1. Record architecture decisions\n\n## Status\n\nAccepted\n',
      '0003-use-postgres.md': '---\nstatus: accepted\ndate: 2026-01-02\n---\n\n# Use Postgres for the metrics store\n',
    });
    const p = await plan({ supersedes: 3 });
    assert.equal(p.length, 1);
    assert.equal(p[0]!.path, join(root, 'docs', 'adr', '0004-keep-7-4-0-pulled-and-ship-7-4-1-with-the-link-fix-the.md'));
    assert.match(p[0]!.text, /^Supersedes \[ADR 0003\]\(0003-use-postgres\.md\) \(Use Postgres for the metrics\s+store\)\.$/m);
    const old = p.supersedes!;
    assert.equal(old.number, 3);
    assert.equal(old.path, join(root, 'docs', 'adr', '0003-use-postgres.md'));
    assert.equal(old.newNumber, 4);
    assert.equal(old.newFile, '0004-keep-7-4-0-pulled-and-ship-7-4-1-with-the-link-fix-the.md');
    assert.equal(old.text, readFileSync(old.path, 'utf8'), 'the text read when planning, for the caller to mark');
    // adr-tools' unpadded style and its "N. " H1 prefix.
    rmSync(join(root, 'docs'), { recursive: true });
    adrs({ '7-b.md': '# 7. Retry on 503\n\n## Status\n\nAccepted\n' }, 'doc/adr');
    const q = await plan({ supersedes: 7 });
    assert.match(q[0]!.text, /^Supersedes \[ADR 7\]\(7-b\.md\) \(Retry on 503\)\.$/m);
    assert.equal(q.supersedes!.newFile, '8-keep-7-4-0-pulled-and-ship-7-4-1-with-the-link-fix-the.md');
  });

  it('the title: the H1, else the front matter title, else the file name', () => {
    assert.equal(adrTitle('---\ntitle: "From front matter"\n---\n\n# The H1\n', '0001-x.md'), 'The H1');
    assert.equal(adrTitle('---\ntitle: "From front matter"\nstatus: accepted\n---\n\nNo heading.\n', '0001-x.md'), 'From front matter');
    assert.equal(adrTitle('No heading, no front matter.\n', '0012-use-kafka-for-events.md'), 'use kafka for events');
    assert.equal(adrTitle('# 12. Use Kafka\r\n', '0012-x.md'), 'Use Kafka');
  });

  it('no ADR with that number: a clear error naming the folder, and nothing is made (not even the folder)', async () => {
    await assert.rejects(plan({ supersedes: 9 }), (e: Error) => e instanceof AdrNotFound && /no ADR numbered 9 in docs\/adr/.test(e.message));
    assert.ok(!existsSync(join(root, 'docs')), 'no ADR folder made for a run that failed');
    adrs({ '0001-a.md': '# A\n' }, 'docs/decisions');
    await assert.rejects(plan({ supersedes: 2 }), /there is no ADR numbered 2 in docs\/decisions to supersede/);
    adrs({ '01-b.md': '# B\n' }, 'docs/decisions');
    await assert.rejects(plan({ supersedes: 1 }), /docs\/decisions has more than one ADR numbered 1 \(0001-a\.md, 01-b\.md\)/);
  });

  it('the ADR being written (regenerated) cannot supersede itself', async () => {
    adrs({ '0001-a.md': '---\nstatus: accepted\n---\n\n# A\n' });
    const first = await plan({ supersedes: 1, reuse: true });
    await writeAll(first);
    assert.equal(first.supersedes!.newNumber, 2);
    // Regenerating plans the same ADR 2: superseding 2 is superseding itself.
    await assert.rejects(plan({ supersedes: 2, reuse: true }), /ADR 2 in docs\/adr is the one being written: it cannot supersede itself/);
    // Without a number, regenerating keeps the link the ADR has (the diff then shows no change there).
    const again = await plan({ reuse: true });
    assert.equal(again[0]!.path, first[0]!.path);
    assert.equal(again[0]!.text, first[0]!.text);
    assert.equal(again.supersedes?.number, 1);
  });

  it('with --out elsewhere, the links go both ways between the two folders', async () => {
    adrs({ '0002-b.md': '# B\n\n## Status\n\nAccepted\n' });
    const out = join(root, 'drafts');
    mkdirSync(out);
    const p = await plan({ supersedes: 2, out });
    assert.match(p[0]!.text, /^Supersedes \[ADR 0002\]\(\.\.\/docs\/adr\/0002-b\.md\) \(B\)\.$/m);
    assert.equal(p.supersedes!.newFile, '../../drafts/0003-keep-7-4-0-pulled-and-ship-7-4-1-with-the-link-fix-the.md');
  });

  it('listAdrs: the folder’s numbered ADRs newest first, with title, status, and which one the investigation wrote', async () => {
    adrs({
      '0001-a.md': '# 1. A\n\n## Status\n\nAccepted\n\n## Context\n',
      '0010-b.md': '---\nstatus: "proposed"\n---\n\n# B\n',
      '0002-c.md': `# C\n\nFrom [the log](../../.calibrate/investigations/${demo.name}.jsonl).\n`,
      'README.md': '# ADRs\n',
      'template.md': '# Title\n',
    });
    const { dir, adrs: list } = await listAdrs(root, demo.name);
    assert.equal(dir, 'docs/adr');
    assert.deepEqual(
      list.map(a => [a.number, a.file, a.title, a.status, a.ofInvestigation]),
      [
        [10, '0010-b.md', 'B', 'proposed', false],
        [2, '0002-c.md', 'C', undefined, true],
        [1, '0001-a.md', 'A', 'Accepted', false],
      ],
    );
    assert.equal(adrStatus('# X\n\n## Status\n\n## Context\n'), undefined, 'an empty status section is no status');
  });

  it('the CLI’s change for the old ADR is a unified diff that git apply takes', () => {
    const old = '---\nstatus: accepted\ndate: 2026-01-02\n---\n\n# Use Postgres\n\nBody.\n';
    const next = supersededStatus(old, 4, '0004-new.md')!;
    const diff = unifiedChange('docs/adr/0003-use-postgres.md', old, next);
    assert.equal(
      diff,
      [
        '--- a/docs/adr/0003-use-postgres.md',
        '+++ b/docs/adr/0003-use-postgres.md',
        '@@ -1,5 +1,5 @@',
        ' ---',
        '-status: accepted',
        '+status: superseded by [ADR 0004](0004-new.md)',
        ' date: 2026-01-02',
        ' ---',
        ' ',
        '',
      ].join('\n'),
    );
    // git apply makes exactly the change supersededStatus computes, also for a "## Status" section
    // at the end of a file without a final newline.
    const cases = [old, '# 3. Use Postgres\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n', '# 3. Use Postgres\n\n## Status\n\nAccepted'];
    for (const text of cases) {
      const want = supersededStatus(text, 4, '0004-new.md')!;
      writeFileSync(join(root, 'old.md'), text);
      execFileSync('git', ['apply', '-'], { cwd: root, input: `text before the diff is ignored\n${unifiedChange('old.md', text, want)}` });
      assert.equal(readFileSync(join(root, 'old.md'), 'utf8'), want, JSON.stringify(text));
    }
  });
});
