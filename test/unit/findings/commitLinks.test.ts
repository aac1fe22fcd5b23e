// Commit links (issue 13, ADR 0018): which investigations a commit belongs to, read from its message's
// Investigation: trailers (git's trailer rules) and the logs it changed; and the commit and finding
// events' checks and fold.
import * as assert from 'node:assert/strict';
import { commitLinks, commitSubject, investigationTrailers, logNameOfPath } from '../../../src/core/findings/commitLinks';
import { checkEvent, foldLog } from '../../../src/core/investigation';
import { Writer } from '../investigation/fixtures';

const HASH = '0123456789abcdef0123456789abcdef01234567';
const known = new Set(['2026-11-24-ios-page-views', '2026-11-20-email']);

describe('commit links', () => {
  describe('Investigation: trailers', () => {
    it('reads the trailer block, the last paragraph, as git interpret-trailers does', () => {
      assert.deepEqual(
        investigationTrailers(
          'Fix deep links\n\nThe router lost the scheme.\n\nInvestigation: .calibrate/investigations/2026-11-24-ios-page-views.jsonl\nSigned-off-by: Ana <a@x>\n',
        ),
        ['.calibrate/investigations/2026-11-24-ios-page-views.jsonl'],
      );
      assert.deepEqual(
        investigationTrailers('Fix\r\n\r\nInvestigation: a.jsonl\r\ninvestigation: b.jsonl\r\n'),
        ['a.jsonl', 'b.jsonl'],
        'CRLF, and keys are case-insensitive',
      );
      assert.deepEqual(
        investigationTrailers('Fix\n\nCo-authored-by: B\n  continued\nInvestigation: a.jsonl'),
        ['a.jsonl'],
        'a continuation line keeps the block',
      );
    });

    it('is not fooled by prose: a subject alone, a line in the body, a block that is not all trailers', () => {
      assert.deepEqual(investigationTrailers('Investigation: a.jsonl'), [], 'the subject is never a trailer');
      assert.deepEqual(investigationTrailers('Fix\n\nInvestigation: a.jsonl\n\nMore prose after it.'), []);
      assert.deepEqual(investigationTrailers('Fix\n\nSee below.\nInvestigation: a.jsonl'), [], 'prose in the last paragraph: not a trailer block');
    });
  });

  it('knows a log path only inside .calibrate/investigations, with a log name', () => {
    assert.equal(logNameOfPath('.calibrate/investigations/2026-11-24-ios.jsonl'), '2026-11-24-ios');
    assert.equal(logNameOfPath('./.calibrate/investigations/a.jsonl'), 'a');
    assert.equal(logNameOfPath('.calibrate\\investigations\\a.jsonl'), 'a', 'Windows separators');
    for (const p of [
      '.calibrate/investigations/../x.jsonl',
      '.calibrate/investigations/sub/a.jsonl',
      'docs/a.jsonl',
      '.calibrate/investigations/a.json',
      '.calibrate/investigations/.jsonl',
    ])
      assert.equal(logNameOfPath(p), undefined, p);
  });

  it('links by trailer (a path or a bare name) and by a changed log, only investigations the folder has', () => {
    const message = 'Fix\n\nInvestigation: .calibrate/investigations/2026-11-24-ios-page-views.jsonl\nInvestigation: 2026-11-01-gone\n';
    assert.deepEqual([...commitLinks({ hash: HASH, message }, known)], [['2026-11-24-ios-page-views', 'trailer']]);
    const files = ['.calibrate/investigations/2026-11-20-email.jsonl', '.calibrate/investigations/2026-11-24-ios-page-views.jsonl', 'src/app.ts'];
    assert.deepEqual(
      [...commitLinks({ hash: HASH, message, files }, known)],
      [
        ['2026-11-24-ios-page-views', 'trailer'],
        ['2026-11-20-email', 'log'],
      ],
      'the trailer wins for the log it names',
    );
    assert.deepEqual([...commitLinks({ hash: HASH, message: 'Bump deps', files: ['package.json'] }, known)], []);
    assert.deepEqual([...commitLinks({ hash: HASH, message: 'Fix\n\nInvestigation: 2026-11-20-email.jsonl' }, known)], [['2026-11-20-email', 'trailer']]);
  });

  it('keeps the subject, one line, cut to fit the log', () => {
    assert.equal(commitSubject('Fix deep links\n\nbody'), 'Fix deep links');
    assert.equal(commitSubject('  Fix\r\nbody'), 'Fix');
    assert.equal(commitSubject('x'.repeat(400)).length, 300);
  });

  describe('the finding and commit events', () => {
    it('accepts a full lower-case hash and a path inside the folder; refuses the rest, saying what was expected', () => {
      const w = new Writer('ana');
      const ok = (type: 'finding' | 'commit', data: object) => checkEvent(JSON.parse(w.line(type as never, data as never)));
      assert.ok('ok' in ok('commit', { hash: HASH, subject: 'Fix', link: 'trailer', committedAt: '2026-11-24T15:02:11.000Z' }));
      assert.ok('ok' in ok('commit', { hash: 'c'.repeat(64), subject: '', link: 'manual' }), 'SHA-256 repositories; an empty subject');
      assert.ok('ok' in ok('finding', { kind: 'adr', path: 'docs/adr/0018-x.md', title: 'Link commits' }));
      const bad = (type: 'finding' | 'commit', data: object) => {
        const c = checkEvent({ v: 1, id: 'abcdef12', at: '2026-11-24T15:00:00Z', clock: 1, author: 'ana', type, data });
        return 'invalid' in c ? c.invalid : 'accepted';
      };
      assert.match(bad('commit', { hash: HASH.toUpperCase(), subject: 'x', link: 'trailer' }), /full commit hash/);
      assert.match(bad('commit', { hash: HASH.slice(0, 12), subject: 'x', link: 'trailer' }), /full commit hash/);
      assert.match(bad('commit', { hash: HASH, subject: 'x', link: 'guess' }), /commit.link must be/);
      assert.match(bad('commit', { hash: HASH, subject: 'x', link: 'log', committedAt: 'yesterday' }), /committedAt/);
      assert.match(bad('commit', { hash: HASH, subject: 'x', link: 'log', extra: 1 }), /unexpected field "extra"/);
      for (const path of ['../secrets.md', '/etc/passwd', 'C:/x.md', 'docs\\x.md', 'docs//x.md', 'docs/./x.md', 'docs/x\u0000.md', ''])
        assert.match(bad('finding', { kind: 'postmortem', path, title: 't' }), /finding.path must be a path inside the folder/, JSON.stringify(path));
      assert.match(bad('finding', { kind: 'memo', path: 'a.md', title: 't' }), /finding.kind/);
    });

    it('folds commits once per hash (two windows link it), and findings latest per path in first-written order', () => {
      const a = new Writer('ana');
      const b = new Writer('bo');
      const first = [
        a.line('opened', { title: 'iOS', origin: 'blank' }),
        a.line('finding', { kind: 'postmortem', path: 'docs/postmortems/ios.md', title: 'Draft' }),
        a.line('finding', { kind: 'adr', path: 'docs/adr/0018-fix.md', title: 'Roll back' }),
        a.line('commit', { hash: HASH, subject: 'Fix', link: 'trailer' }),
      ].join('');
      b.see(first); // bo's window read the log, then linked the same commit
      const text =
        first +
        b.line('commit', { hash: HASH, subject: 'Fix', link: 'log' }) +
        a.line('finding', { kind: 'postmortem', path: 'docs/postmortems/ios.md', title: 'Final' });
      const s = foldLog(text);
      assert.deepEqual(
        s.findings.map(f => [f.path, f.title]),
        [
          ['docs/postmortems/ios.md', 'Final'],
          ['docs/adr/0018-fix.md', 'Roll back'],
        ],
      );
      assert.equal(s.commits.length, 1);
      assert.equal(s.commits[0]!.link, 'trailer', 'the first link in order is kept');
      assert.equal(s.timeline.length, 6, 'both links stay in the timeline: nothing written is dropped');
    });
  });
});
