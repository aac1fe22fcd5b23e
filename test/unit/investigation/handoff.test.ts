// The hand-off (issue 12): one lead at a time, the lead passed on in the log; a learner's draft
// hypothesis approved or sent back, with who and when; each person's history derived from the logs.
import * as assert from 'node:assert/strict';
import { foldLog, peopleHistory, type Investigation } from '../../../src/core/investigation';
import { Writer } from './fixtures';

describe('the hand-off: roles, drafts and reviews, and people history', () => {
  it('keeps one lead: passing the lead makes the previous lead an observer', () => {
    const expert = new Writer('Ana');
    const text = [
      expert.line('opened', { title: 'iOS drop', origin: 'blank' }),
      expert.line('role', { person: 'Ana', role: 'lead' }),
      expert.line('role', { person: 'Ben', role: 'learner' }),
      expert.line('role', { person: 'Ben', role: 'lead' }),
    ].join('');
    const s = foldLog(text);
    assert.equal(s.lead, 'Ben');
    assert.deepEqual(
      s.participants.map(p => [p.name, p.role]),
      [
        ['Ana', 'observer'],
        ['Ben', 'lead'],
      ],
    );
    assert.deepEqual(
      s.roles.map(r => [r.by, r.person, r.role]),
      [
        ['Ana', 'Ana', 'lead'],
        ['Ana', 'Ben', 'learner'],
        ['Ana', 'Ben', 'lead'],
      ],
    );
  });

  it('a draft stays a draft until approved; sent back, it carries the comment; the reviews are kept in order', () => {
    const ana = new Writer('Ana');
    const ben = new Writer('Ben');
    const lines = [ana.line('opened', { title: 't', origin: 'blank' })];
    ben.see(lines.join(''));
    const draft = ben.event('hypothesis', { text: 'The SDK upgrade', draft: true });
    lines.push(JSON.stringify(draft) + '\n');
    ana.see(lines.join(''));
    lines.push(ana.line('review', { hypothesis: draft.id, approved: false, comment: 'Which SDK? Pin the chart.' }));
    let h = foldLog(lines.join('')).hypotheses[0];
    assert.deepEqual([h.draft, h.status, h.reviews.length, h.reviews[0].comment, h.reviews[0].by], [true, 'proposed', 1, 'Which SDK? Pin the chart.', 'Ana']);
    lines.push(ana.line('review', { hypothesis: draft.id, approved: true }));
    h = foldLog(lines.join('')).hypotheses[0];
    assert.deepEqual([h.draft, h.by, h.reviews.map(r => r.approved)], [false, 'Ben', [false, true]]);
  });

  it('refuses a review that sends a draft back without saying why', () => {
    const w = new Writer('Ana');
    const s = foldLog(
      w.line('opened', { title: 't', origin: 'blank' }) + JSON.stringify({ ...w.event('review', { hypothesis: 'abcdef', approved: false }) }) + '\n',
    );
    assert.match(s.problems[0]?.message ?? '', /sent back needs a comment/);
  });

  it("derives each person's history from the logs: shadowed, drafted, led, led solo", () => {
    const log = (name: string, build: (a: Writer, b: Writer) => string[]): Investigation => ({
      name,
      state: foldLog(build(new Writer('Ana'), new Writer('Ben')).join('')),
    });
    const invs = [
      // 1: Ana leads, Ben shadows and drafts.
      log('1-shadow', (a, b) => {
        const l = [
          a.line('opened', { title: 't', origin: 'blank' }),
          a.line('role', { person: 'Ana', role: 'lead' }),
          a.line('role', { person: 'Ben', role: 'learner' }),
        ];
        b.see(l.join(''));
        l.push(b.line('hypothesis', { text: 'x', draft: true }));
        a.see(l.join(''));
        l.push(a.line('closed', { summary: 's', rootCause: 'r', decision: 'd' }));
        return l;
      }),
      // 2: Ana hands the lead to Ben, who closes it with Ana still reviewing.
      log('2-handoff', (a, b) => {
        const l = [
          a.line('opened', { title: 't', origin: 'blank' }),
          a.line('role', { person: 'Ana', role: 'lead' }),
          a.line('role', { person: 'Ben', role: 'lead' }),
        ];
        b.see(l.join(''));
        l.push(b.line('hypothesis', { text: 'y' }));
        l.push(b.line('closed', { summary: 's', rootCause: 'r', decision: 'd' }));
        return l;
      }),
      // 3: Ben leads alone to the close.
      log('3-solo', (_a, b) => [
        b.line('opened', { title: 't', origin: 'blank' }),
        b.line('role', { person: 'Ben', role: 'lead' }),
        b.line('hypothesis', { text: 'z' }),
        b.line('closed', { summary: 's', rootCause: 'r', decision: 'd' }),
      ]),
    ];
    assert.deepEqual(peopleHistory(invs), [
      { person: 'Ana', shadowed: [], drafted: [], led: ['1-shadow', '2-handoff'], ledSolo: [] },
      { person: 'Ben', shadowed: ['1-shadow'], drafted: ['1-shadow'], led: ['2-handoff', '3-solo'], ledSolo: ['3-solo'] },
    ]);
  });
});
