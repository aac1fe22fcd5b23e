// The blameless check (issue 13): a participant's name next to a blaming verb, and "human error",
// are flagged with a rewording; the system named as the subject, and names inside other words, are not.
import assert from 'node:assert/strict';
import { blamelessProblems } from '../../../src/core/findings';

const PEOPLE = ['Priya Raman', 'Sam Ortiz'];
const flagged = (text: string) => blamelessProblems(text, PEOPLE).map(p => p.text);

describe('findings: the blameless check', () => {
  it('flags a participant next to caused, failed to, should have, forgot, broke', () => {
    assert.deepEqual(flagged('Priya caused the outage.'), ['Priya caused']);
    assert.deepEqual(flagged('Sam should have checked the links.'), ['Sam should have']);
    assert.deepEqual(flagged('Sam Ortiz failed to run the smoke test.'), ['Sam Ortiz failed to']);
    assert.deepEqual(flagged('Then Raman forgot to tag it.'), ['Raman forgot to']);
    assert.deepEqual(flagged('Sam forgot the flag.'), ['Sam forgot']);
    assert.deepEqual(flagged('Priya broke the links.'), ['Priya broke']);
  });

  it('ignores case, allows an adverb between, and catches the passive', () => {
    assert.deepEqual(flagged('PRIYA CAUSED it'), ['PRIYA CAUSED']);
    assert.deepEqual(flagged('sam just forgot'), ['sam just forgot']);
    assert.deepEqual(flagged('Priya accidentally broke prod'), ['Priya accidentally broke']);
    assert.deepEqual(flagged('The drop was caused by Sam.'), ['caused by Sam']);
  });

  it('flags a full name split by a wrapped line, whole, and its position is where it starts', () => {
    assert.deepEqual(flagged('The rollout was started and Sam\nOrtiz failed to run the smoke test.'), ['Sam\nOrtiz failed to']);
    assert.deepEqual(flagged('The drop was caused by Priya\n  Raman.'), ['caused by Priya\n  Raman']);
    const [p] = blamelessProblems('Intro line.\nThen Priya\nRaman broke it.', PEOPLE);
    assert.deepEqual([p!.line, p!.column], [2, 6]);
  });

  it('flags "human error" anywhere, whole words only', () => {
    assert.deepEqual(flagged('Root cause: human error.'), ['human error']);
    assert.deepEqual(flagged('Human\nError again'), ['Human\nError']);
    assert.deepEqual(flagged('superhuman errors'), []);
  });

  it('does not flag the system as the subject, names inside words, possessives, or a name far from the verb', () => {
    assert.deepEqual(flagged('The release caused the drop.'), []);
    assert.deepEqual(flagged('The 7.4.0 deploy broke links into the app.'), []);
    assert.deepEqual(flagged('Samuel caused it; Priyanka broke it; Osama should have.'), []);
    assert.deepEqual(flagged("Priya's deploy broke the links."), [], 'names the deploy');
    assert.deepEqual(flagged('Sam found that the cache caused the drop.'), []);
    assert.deepEqual(flagged('A check should have caught it.'), []);
  });

  it('does not flag names of people who are not participants', () => {
    assert.deepEqual(blamelessProblems('Alex caused the outage.', PEOPLE), []);
    assert.deepEqual(blamelessProblems('Alex caused the outage.', []), []);
  });

  it('gives the line and column, a message and a rewording that names the system', () => {
    const [p] = blamelessProblems('Summary\n  Priya caused the outage.', PEOPLE);
    assert.deepEqual({ line: p!.line, column: p!.column, text: p!.text }, { line: 2, column: 3, text: 'Priya caused' });
    assert.match(p!.message, /person/);
    assert.equal(p!.suggestion, 'the change caused');
    const [h] = blamelessProblems('human error', PEOPLE);
    assert.match(h!.suggestion, /process/);
    const all = blamelessProblems('Priya broke it. Sam should have seen it. human error.', PEOPLE);
    assert.deepEqual(
      all.map(x => [x.column, x.suggestion]),
      [
        [1, 'the change broke'],
        [17, 'a check or safeguard could have'],
        [42, 'a gap in the process (name the missing check, the unclear runbook or the unsafe default)'],
      ],
    );
  });

  it('does not flag a name that is a regular expression', () => {
    assert.deepEqual(
      blamelessProblems('a.b caused it; axb caused it', ['a.b']).map(p => p.text),
      ['a.b caused'],
    );
  });
});
