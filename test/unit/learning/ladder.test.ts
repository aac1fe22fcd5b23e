// The hand-off ladder (issue 16): each person's level derived from fixture logs written as real
// writers write them (a learner who shadowed, drafted, got approvals, passed drills, led with the
// expert present, led alone), the team's thresholds from the report config (errors at their line),
// and the weekly review's hand-off suggestions.
import * as assert from 'node:assert/strict';
import { parseLadderConfig, DEFAULT_LADDER } from '../../../src/core/config/ladderConfig';
import { parseReportConfig } from '../../../src/core/config/reportConfig';
import { eventLine, foldLog, type EventData, type EventType, type InvestigationEvent, type Investigation } from '../../../src/core/investigation';
import { handoffSuggestions, ladder, nextStepText, progressOf, type LadderThresholds, type PersonProgress } from '../../../src/core/learning/ladder';
import { InputError } from '../../../src/core/types';
import { progressRows, progressTitle } from '../../../src/learning/progress';
import { T0, Writer } from '../investigation/fixtures';

const DAY = 24 * 60; // a Writer's clock is in minutes from T0 (Tue 2026-11-03 17:30 UTC)
const WEEK1 = { from: Date.parse('2026-11-02T00:00:00Z'), to: Date.parse('2026-11-09T00:00:00Z') };
const WEEK2 = { from: WEEK1.to, to: Date.parse('2026-11-16T00:00:00Z') };

/** One log written by several people, each seeing the lines before theirs; from `day` days after T0. */
class Log {
  private text = '';
  private readonly writers = new Map<string, Writer>();
  constructor(
    readonly name: string,
    private readonly day = 0,
  ) {}
  write<T extends EventType>(author: string, type: T, data: EventData[T]): InvestigationEvent {
    const w = this.writers.get(author) ?? this.writers.set(author, new Writer(author, this.day * DAY)).get(author)!;
    w.see(this.text);
    const e = w.event(type, data);
    this.text += eventLine(e);
    return e;
  }
  get inv(): Investigation {
    return { name: this.name, state: foldLog(this.text) };
  }
}

/** Priya leads a real investigation to its close; `learner` shadows it. */
function watched(name: string, day: number, learner = 'Sam'): Investigation {
  const l = new Log(name, day);
  l.write('Priya', 'opened', { title: name, origin: 'blank' });
  l.write('Priya', 'role', { person: 'Priya', role: 'lead' });
  l.write('Priya', 'role', { person: learner, role: 'learner' });
  const h = l.write('Priya', 'hypothesis', { text: 'The 7.4.0 release' });
  l.write('Priya', 'hypothesisStatus', { hypothesis: h.id, status: 'supported', evidence: [] });
  l.write('Priya', 'verdict', { verdict: 'real' });
  l.write('Priya', 'closed', { summary: 's', rootCause: 'r', decision: 'd' });
  return l.inv;
}

/** Priya leads; Sam drafts hypotheses, each approved by Priya, sent back, or approved by Sam himself. */
function drafting(name: string, day: number, drafts: readonly (readonly [string, 'approved' | 'sentBack' | 'self'])[]): Investigation {
  const l = new Log(name, day);
  l.write('Priya', 'opened', { title: name, origin: 'blank' });
  l.write('Priya', 'role', { person: 'Priya', role: 'lead' });
  l.write('Priya', 'role', { person: 'Sam', role: 'learner' });
  for (const [text, review] of drafts) {
    const d = l.write('Sam', 'hypothesis', { text, draft: true });
    if (review === 'self') l.write('Sam', 'review', { hypothesis: d.id, approved: true });
    else l.write('Priya', 'review', { hypothesis: d.id, approved: review === 'approved', ...(review === 'sentBack' ? { comment: 'Pin the chart.' } : {}) });
  }
  l.write('Priya', 'closed', { summary: 's', rootCause: 'r', decision: 'd' });
  return l.inv;
}

/** A drill: `who` starts it, leads it, gives the verdict; the reveal scores it. */
function drill(name: string, day: number, who: string, passed: boolean | undefined): Investigation {
  const l = new Log(name, day);
  const base = { drillId: `drill-${name}`, difficulty: 'easy' as const, truthDigest: 'c'.repeat(64) };
  l.write(who, 'opened', { title: name, origin: 'blank' });
  l.write(who, 'role', { person: who, role: 'lead' });
  l.write(who, 'drill', { ...base, phase: 'started' });
  l.write(who, 'verdict', { verdict: 'real' });
  if (passed !== undefined)
    l.write(who, 'drill', {
      ...base,
      phase: 'revealed',
      score: { found: passed, causeKindRight: passed, sliceF1: passed ? 1 : 0, windowOverlap: 0.8, passed },
    });
  return l.inv;
}

/** Priya opens and hands Sam the lead; Sam reasons, gives the verdict and closes, Priya watching as observer. */
function handedOver(name: string, day: number, learner = 'Sam'): Investigation {
  const l = new Log(name, day);
  l.write('Priya', 'opened', { title: name, origin: 'blank' });
  l.write('Priya', 'role', { person: 'Priya', role: 'lead' });
  l.write('Priya', 'role', { person: learner, role: 'lead' });
  const h = l.write(learner, 'hypothesis', { text: 'A late batch' });
  l.write(learner, 'hypothesisStatus', { hypothesis: h.id, status: 'supported', evidence: [] });
  l.write(learner, 'verdict', { verdict: 'dataProblem' });
  l.write(learner, 'closed', { summary: 's', rootCause: 'r', decision: 'd' });
  return l.inv;
}

/** `who` opens, leads and closes it with nobody else. */
function alone(name: string, day: number, who: string): Investigation {
  const l = new Log(name, day);
  l.write(who, 'opened', { title: name, origin: 'blank' });
  l.write(who, 'role', { person: who, role: 'lead' });
  l.write(who, 'verdict', { verdict: 'expected' });
  l.write(who, 'closed', { summary: 's', rootCause: 'r', decision: 'd' });
  return l.inv;
}

const names = (p: PersonProgress) => Object.fromEntries(Object.entries(p.evidence).map(([k, v]) => [k, v.map(e => e.investigation)]));
const sam = (invs: readonly Investigation[], t: LadderThresholds = DEFAULT_LADDER) => progressOf(invs, t, 'Sam');

// Sam's path, in order: two watched, two with drafts, four drills (one failed), two handed over, one alone.
const W = [watched('w1', 0), watched('w2', 1)];
const D = [
  drafting('d1', 2, [
    ['The SDK upgrade', 'approved'],
    ['A holiday in DE', 'sentBack'],
    ['A late batch', 'approved'],
  ]),
  drafting('d2', 3, [
    ['My own idea', 'self'],
    ['The CDN change', 'approved'],
  ]),
];
const DR = [
  drill('x1', 4, 'Sam', true),
  drill('x2', 5, 'Sam', false),
  drill('x3', 6, 'Sam', true),
  drill('x4', 7, 'Sam', true),
  drill('x5', 7, 'Sam', undefined),
];
const H = [handedOver('h1', 8), handedOver('h2', 9)];
const A = [alone('a1', 10, 'Sam')];

describe('learning: the hand-off ladder', () => {
  it('starts a person with nothing yet at shadow, and says what the first step asks for', () => {
    const p = sam([]);
    assert.equal(p.level, 'shadow');
    assert.ok(Object.values(p.evidence).every(v => v.length === 0));
    assert.deepEqual(p.next, { rung: 'draft', missing: [{ what: 'shadowed', more: 2 }] });
    assert.equal(nextStepText(p), "2 more investigations shadowed, then you can draft hypotheses for the lead's review");
    // In the logs with only a note: listed, at shadow.
    const l = new Log('n1');
    l.write('Priya', 'opened', { title: 'n1', origin: 'blank' });
    l.write('Zoe', 'note', { text: 'Looking' });
    assert.deepEqual(
      ladder([l.inv]).map(x => [x.person, x.level]),
      [
        ['Priya', 'shadow'],
        ['Zoe', 'shadow'],
      ],
    );
  });

  it('climbs shadow → draft → lead → solo on the evidence in the logs, and says each next step', () => {
    const steps: [readonly Investigation[], string, string | undefined][] = [
      [W.slice(0, 1), 'shadow', "1 more investigation shadowed, then you can draft hypotheses for the lead's review"],
      [W, 'draft', '3 more approved drafts and 1 more drill passed, then you can lead an investigation with an expert present'],
      [[...W, ...D], 'draft', '1 more drill passed, then you can lead an investigation with an expert present'],
      [[...W, ...D, DR[0]!], 'lead', '2 more drills passed and 2 more investigations led with an expert present, then you can lead alone'],
      [[...W, ...D, ...DR], 'lead', '2 more investigations led with an expert present, then you can lead alone'],
      [[...W, ...D, ...DR, H[0]!], 'lead', '1 more investigation led with an expert present, then you can lead alone'],
      [[...W, ...D, ...DR, ...H], 'solo', undefined],
    ];
    for (const [invs, level, next] of steps) {
      const p = sam(invs);
      assert.equal(p.level, level, `after ${invs.map(i => i.name).join(', ')}`);
      assert.equal(p.next ? nextStepText(p) : undefined, next);
    }
    assert.equal(nextStepText(sam([...W, ...D, ...DR, ...H])), 'You are at solo and lead alone: take a learner along to shadow.');
  });

  it('counts what is behind the level, with the investigations, drills apart from real ones', () => {
    const p = sam([...W, ...D, ...DR, ...H, ...A]);
    assert.deepEqual(names(p), {
      shadowed: ['w1', 'w2', 'd1', 'd2'],
      // Every draft is counted as drafted; approved only by someone else (not the self-approval, not the one sent back).
      drafted: ['d1', 'd1', 'd1', 'd2', 'd2'],
      approvedDrafts: ['d1', 'd1', 'd2'],
      ledWithExpert: ['h1', 'h2'],
      ledAlone: ['a1'],
      drillsLed: ['x1', 'x2', 'x3', 'x4', 'x5'],
      drillsPassed: ['x1', 'x3', 'x4'],
    });
    assert.deepEqual(
      p.evidence.approvedDrafts.map(e => e.detail),
      ['The SDK upgrade', 'A late batch', 'The CDN change'],
    );
    // When each was earned: the approval's time, not the draft's.
    assert.ok(p.evidence.approvedDrafts.every(e => Date.parse(e.at) >= T0 + 2 * DAY * 60_000));
    // Priya was the only lead of w1, w2, d1 and d2, with only a learner beside her (drafting, even
    // self-approving, is not an expert's act): led alone, so at solo already, the expert the ladder starts
    // from. The hand-overs (h1, h2) count for Sam, with Priya as the expert present.
    const priya = progressOf([...W, ...D, ...DR, ...H, ...A], DEFAULT_LADDER, 'Priya');
    assert.deepEqual([priya.level, names(priya).ledAlone, names(priya).ledWithExpert, names(priya).drillsLed], ['solo', ['w1', 'w2', 'd1', 'd2'], [], []]);
  });

  it("uses the team's thresholds: a rung set to 0 asks for nothing; orLedAlone 0 turns the experts' shortcut off", () => {
    const t = parseLadderConfig('version: 1\nladder:\n  lead:\n    drillsPassed: 0\n  solo:\n    orLedAlone: 0\n', 'r.yaml');
    assert.deepEqual(t, { draft: { shadowed: 2 }, lead: { approvedDrafts: 3, drillsPassed: 0 }, solo: { drillsPassed: 3, ledWithExpert: 2, orLedAlone: 0 } });
    assert.equal(sam([...W, ...D], t).level, 'lead');
    assert.equal(progressOf(W, t, 'Priya').level, 'shadow');
    assert.deepEqual(parseLadderConfig('version: 1\n', 'r.yaml'), DEFAULT_LADDER);
    assert.deepEqual(parseLadderConfig('version: 1\nladder:\n', 'r.yaml'), DEFAULT_LADDER);
  });

  it('reads `ladder:` in the report config, and says where a threshold is wrong (line and column)', () => {
    const CONFIG = 'version: 1\ntimezone: UTC\nsource: { type: csv, path: d.csv }\nmetrics:\n  - id: page_views\n';
    assert.equal(parseReportConfig(CONFIG, 'r.yaml').ladder, undefined);
    assert.deepEqual(parseReportConfig(`${CONFIG}ladder:\n  draft: { shadowed: 1 }\n`, 'r.yaml').ladder?.draft, { shadowed: 1 });
    const errorOf = (ladderText: string, parse: (t: string) => unknown = t => parseLadderConfig(t, 'r.yaml')) => {
      try {
        parse(CONFIG + ladderText);
      } catch (e) {
        assert.ok(e instanceof InputError, String(e));
        return [e.line, e.column, e.message];
      }
      return assert.fail('expected an InputError');
    };
    assert.deepEqual(errorOf('ladder: 3\n'), [
      6,
      9,
      'r.yaml:6:9: `ladder` is the number 3. Expected a mapping such as { lead: { approvedDrafts: 3, drillsPassed: 1 } }.',
    ]);
    assert.deepEqual(errorOf('ladder:\n  lead:\n    approvedDrafts: two\n'), [
      8,
      21,
      'r.yaml:8:21: ladder.lead.approvedDrafts is the text "two". Expected a whole number from 0 to 1000.',
    ]);
    assert.deepEqual(errorOf('ladder:\n  solo: { drillsPassed: -1 }\n').slice(0, 2), [7, 25]);
    assert.deepEqual(errorOf('ladder:\n  solo:\n    ledWithExpert: 1.5\n').slice(0, 2), [8, 20]);
    assert.deepEqual(errorOf('ladder:\n  draft: [2]\n').slice(0, 2), [7, 10]);
    // The report parser says the same, at the same place.
    assert.deepEqual(
      errorOf('ladder:\n  lead:\n    approvedDrafts: two\n', t => parseReportConfig(t, 'r.yaml')),
      errorOf('ladder:\n  lead:\n    approvedDrafts: two\n'),
    );
    // A typo in a threshold's name is a warning at its key, with the name it probably means (its default stays).
    const c = parseReportConfig(`${CONFIG}ladder:\n  solo:\n    ledWithExpret: 1\n`, 'r.yaml');
    assert.equal(c.ladder?.solo.ledWithExpert, 2);
    assert.deepEqual(
      c.warnings?.map(w => [w.line, w.column, w.text]),
      [
        [
          8,
          5,
          'unknown key `ledWithExpret` in ladder.solo is ignored (did you mean `ledWithExpert`?). Expected one of drillsPassed, ledWithExpert, orLedAlone.',
        ],
      ],
    );
  });

  it('suggests hand-offs for the week: who reached a rung, who is one step away; by name, nobody else listed', () => {
    // Week 1: Sam's drafts and drills; Ana shadows once; Bo only writes a note. Week 2: Sam is handed the lead twice.
    const note = new Log('n1', 1);
    note.write('Bo', 'note', { text: 'Is this the CDN?' });
    const invs = [...W, watched('w3', 2, 'Ana'), note.inv, ...D, ...DR, ...H.map((h, i) => handedOver(`${h.name}-next`, 7 + i))];
    const people = ladder(invs);
    const week2 = handoffSuggestions(people, DEFAULT_LADDER, WEEK2);
    assert.deepEqual(week2, [
      {
        person: 'Ana',
        kind: 'nearly',
        rung: 'draft',
        text: "Ana needs 1 more investigation shadowed to draft hypotheses for the lead's review: invite Ana to shadow an investigation this week.",
      },
      {
        person: 'Sam',
        kind: 'reached',
        rung: 'solo',
        text: 'Sam has passed 3 drills and led 2 real investigations with an expert present: offer Sam the lead for the coming week.',
      },
    ]);
    // Week 1: Sam reached draft (Mon–Tue watched) and then lead (drafts approved, a drill passed): the rung at the week's end.
    assert.deepEqual(
      handoffSuggestions(people, DEFAULT_LADDER, WEEK1).map(s => [s.person, s.kind, s.rung, s.text]),
      [
        [
          'Ana',
          'nearly',
          'draft',
          "Ana needs 1 more investigation shadowed to draft hypotheses for the lead's review: invite Ana to shadow an investigation this week.",
        ],
        [
          'Sam',
          'reached',
          'lead',
          'Sam has had 3 drafts approved and passed 1 drill: offer Sam the lead of an investigation in the coming week, with an expert present.',
        ],
      ],
    );
    // Priya (at solo before either week) and Bo (nothing near a rung) are never listed; nothing ranks anyone.
    for (const s of [...week2, ...handoffSuggestions(people, DEFAULT_LADDER, WEEK1)]) assert.doesNotMatch(s.text, /Priya|Bo\b|most|best|top|rank/);
    // Input order does not matter: the list is by name.
    assert.deepEqual(handoffSuggestions([...people].reverse(), DEFAULT_LADDER, WEEK2), week2);
    assert.deepEqual(handoffSuggestions([], DEFAULT_LADDER, WEEK2), []);
  });

  it('My Progress: the next step first, then each count as a heading with the investigations behind it, newest first', () => {
    const p = sam([...W, ...D, DR[0]!]);
    assert.equal(progressTitle(p, true), 'My Progress: Sam (you), at lead (shadow → draft → [lead] → solo)');
    const rows = progressRows(p, n => (n === 'w1' ? 'iOS drop' : undefined));
    assert.deepEqual(rows.slice(0, 2), [
      { kind: 'heading', label: 'Next step' },
      {
        kind: 'item',
        label: '2 more drills passed and 2 more investigations led with an expert present',
        detail: "Then you can lead alone. Pick to see the team's thresholds.",
        action: { config: true },
      },
    ]);
    const shadowed = rows.findIndex(r => r.label === 'Investigations shadowed (4)');
    assert.deepEqual(
      rows.slice(shadowed + 1, shadowed + 5).map(r => [r.label, r.description, r.action]),
      [
        ['d2', '2026-11-06', { open: 'd2' }],
        ['d1', '2026-11-05', { open: 'd1' }],
        ['w2', '2026-11-04', { open: 'w2' }],
        ['iOS drop', '2026-11-03', { open: 'w1' }],
      ],
    );
    assert.deepEqual(rows[rows.findIndex(r => r.label === 'Led alone (0)') + 1], { kind: 'item', label: 'None yet' });
    assert.equal(rows.find(r => r.action && 'open' in r.action && r.detail === 'The CDN change')?.label, 'd2');
    // Nobody else's counts are in it: only this person's.
    assert.ok(rows.every(r => !/Priya/.test(r.label)));
  });
});
