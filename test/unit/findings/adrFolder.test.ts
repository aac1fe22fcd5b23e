// Where the team keeps its ADRs and how the next one is named: adr-tools' .adr-dir, log4brains'
// .log4brains.yml, each existing folder, none; numbering in each file-name style (with gaps); and
// the old ADR's status when a new one supersedes it.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { adrFolder, nextAdr, slug, supersededStatus } from '../../../src/core/findings/adrFolder';

const REPO = join(__dirname, '..', '..', '..');

describe('findings: adrFolder', () => {
  it('adr-tools: .adr-dir names the folder (first line, trimmed), before anything else', () => {
    assert.deepEqual(adrFolder({ files: ['docs/adr/0001-x.md'], adrDir: 'doc/architecture/decisions\n', log4brains: 'project:\n  adrFolder: ./l4b\n' }), {
      dir: 'doc/architecture/decisions',
      source: 'adr-tools',
    });
    assert.deepEqual(adrFolder({ files: [], adrDir: './decisions/' }), { dir: 'decisions', source: 'adr-tools' });
  });

  it('a hostile .adr-dir (absolute, "..", empty) is no convention: the next source decides', () => {
    for (const adrDir of ['/etc', '../outside', 'a/../../b', '', '  \n', 'C:\\x'])
      assert.deepEqual(adrFolder({ files: ['doc/adr/1-x.md'], adrDir }), { dir: 'doc/adr', source: 'existing' }, adrDir);
  });

  it('log4brains: project.adrFolder in .log4brains.yml; a broken YAML falls through', () => {
    const yml = 'project:\n  name: shop\n  tz: Europe/Paris\n  adrFolder: ./docs/architecture-decisions\n';
    assert.deepEqual(adrFolder({ files: ['docs/adr/x.md'], log4brains: yml }), { dir: 'docs/architecture-decisions', source: 'log4brains' });
    assert.deepEqual(adrFolder({ files: [], log4brains: 'project: [unclosed' }), { dir: 'docs/adr', source: 'default' });
    assert.deepEqual(adrFolder({ files: [], log4brains: 'project:\n  adrFolder: ../../etc\n' }), { dir: 'docs/adr', source: 'default' });
  });

  it('an existing docs/adr, docs/decisions or doc/adr, in that order; else docs/adr by default', () => {
    assert.deepEqual(adrFolder({ files: ['docs/decisions/0001-a.md', 'docs/adr'] }), { dir: 'docs/adr', source: 'existing' });
    assert.deepEqual(adrFolder({ files: ['docs/decisions/0001-a.md', 'doc/adr/1-a.md'] }), { dir: 'docs/decisions', source: 'existing' });
    assert.deepEqual(adrFolder({ files: ['./doc/adr/1-a.md'] }), { dir: 'doc/adr', source: 'existing' });
    assert.deepEqual(adrFolder({ files: ['docs/adrx/1.md', 'README.md'] }), { dir: 'docs/adr', source: 'default' });
  });

  it('numbering: after the highest (gaps not filled), in the folder’s style', () => {
    // This repository: 4 digits.
    const ours = readdirSync(join(REPO, 'docs', 'adr'));
    const highest = Math.max(...ours.map(f => Number(/^(\d{4})-/.exec(f)?.[1] ?? 0)));
    assert.ok(highest >= 17, 'this repository has its ADRs');
    assert.deepEqual(nextAdr(ours, 'Findings next to the code'), {
      number: highest + 1,
      file: `${String(highest + 1).padStart(4, '0')}-findings-next-to-the-code.md`,
    });
    assert.deepEqual(nextAdr(['0001-a.md', '0007-b.md', 'README.md', 'template.md'], 'C'), { number: 8, file: '0008-c.md' }, 'gap kept');
    assert.deepEqual(nextAdr(['001-a.md', '012-b.md'], 'Use Postgres'), { number: 13, file: '013-use-postgres.md' }, '3 digits');
    assert.deepEqual(nextAdr(['1-a.md', '2-b.md', '10-c.md'], 'X y'), { number: 11, file: '11-x-y.md' }, 'no padding');
    assert.deepEqual(nextAdr([], 'First'), { number: 1, file: '0001-first.md' }, 'empty: adr-tools style');
    assert.deepEqual(nextAdr(['docs/adr/0099-a.md'], 'Ünïcode & émoji 🎉!'), { number: 100, file: '0100-unicode-emoji.md' }, 'paths, width grows');
  });

  it('numbering: log4brains’ date-named files follow the date; without a date, the numbers', () => {
    const l4b = ['20201231-use-log4brains.md', '20210105-use-markdown.md', 'index.md', 'template.md'];
    assert.deepEqual(nextAdr(l4b, 'Retry payments', '2026-11-03'), { number: 3, file: '20261103-retry-payments.md' });
    assert.deepEqual(nextAdr(l4b, 'Retry payments'), { number: 1, file: '0001-retry-payments.md' });
  });

  it('slug: lower case words, at most 60 characters, cut at a word', () => {
    assert.equal(slug('Keep 7.4.0 pulled; ship 7.4.1'), 'keep-7-4-0-pulled-ship-7-4-1');
    const long = slug('word '.repeat(40));
    assert.ok(long.length <= 60 && !long.endsWith('-') && long.startsWith('word-word'), long);
    assert.equal(slug('!!!'), 'decision');
  });

  it('superseded: the front matter’s status (MADR), as in this repository', () => {
    const old = readFileSync(join(REPO, 'docs', 'adr', '0016-pair-investigation.md'), 'utf8');
    const next = supersededStatus(old, 17, '0017-findings.md')!;
    assert.equal(next, old.replace('\nstatus: accepted\n', '\nstatus: superseded by [ADR 0017](0017-findings.md)\n'));
    assert.equal(
      supersededStatus('---\ndate: 2026-01-01\n---\n\n# T\n', 2, '2-x.md'),
      '---\nstatus: superseded by [ADR 2](2-x.md)\ndate: 2026-01-01\n---\n\n# T\n',
    );
  });

  it('superseded: a "## Status" section (adr-tools, Nygard), CRLF kept; neither: undefined', () => {
    const nygard = '# 1. Record decisions\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nWe need to.\n';
    assert.equal(
      supersededStatus(nygard, 2, '0002-use-x.md'),
      '# 1. Record decisions\n\nDate: 2020-01-01\n\n## Status\n\nSuperseded by [ADR 0002](0002-use-x.md)\n\n## Context\n\nWe need to.\n',
    );
    const last = '# T\r\n\r\n## Status\r\n\r\nProposed\r\n';
    assert.equal(supersededStatus(last, 3, '3-y.md'), '# T\r\n\r\n## Status\r\n\r\nSuperseded by [ADR 3](3-y.md)\r\n');
    assert.equal(supersededStatus('# Just a note\n\nNo status here.\n', 2, '2-x.md'), undefined);
  });
});
