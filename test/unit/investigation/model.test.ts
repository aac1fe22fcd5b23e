// The investigation model, case by case: what each event does to the state, what is kept and not
// folded, what is reported, and the lists built over folded states.
import assert from 'node:assert/strict';
import {
  checkEvent,
  eventLine,
  foldLog,
  LIMITS,
  logName,
  openInvestigationOf,
  summarize,
  weeklyCount,
  type AnomalyCopy,
  type Investigation,
  type InvestigationEvent,
} from '../../../src/core/investigation';
import { T0, Writer } from './fixtures';

const HOUR = 3_600_000;

function anomaly(over: Partial<AnomalyCopy> = {}): AnomalyCopy {
  return {
    metric: 'page_views',
    slice: {},
    start: T0,
    end: T0 + 3 * HOUR,
    label: 'Page views',
    direction: 'down',
    severity: 1.7,
    vsForecastPct: -17,
    zone: 'America/Los_Angeles',
    series: { x: [T0, T0 + HOUR, T0 + 2 * HOUR], actual: [1, 2, null], expected: [2, 2, 2], lower: [1, 1, 1], upper: [3, 3, 3] },
    explanations: [{ title: 'Deploy ios-v7.4.0', confidence: 0.94 }],
    configVersion: 'sha256:abc',
    ...over,
  };
}

describe('investigation model', () => {
  describe('events kept for a newer Calibrate', () => {
    it('keeps an event with v=2 in the timeline, and does not fold it', () => {
      const w = new Writer('ana');
      const opened = w.line('opened', { title: 'T', origin: 'blank' });
      const e = w.event('note', { text: 'from the future' });
      const newer = JSON.stringify({ ...e, v: 2, data: { text: 'x', mood: 'happy' } });
      const s = foldLog(opened + newer + '\n');
      assert.deepEqual(s.notes, []);
      assert.deepEqual(s.problems, []);
      const f = s.timeline[1]!;
      assert.ok('foreign' in f);
      assert.equal(f.line, 2);
      assert.equal(f.foreign.type, 'note');
      assert.match(f.foreign.why, /newer Calibrate \(log version 2; this one reads 1\)/);
      assert.equal(s.maxClock, e.clock, 'its clock counts: the next event goes after it');
    });

    it('keeps an event of an unknown type, with its data, and does not fold it', () => {
      const w = new Writer('ana');
      const e = w.event('note', { text: 'x' });
      const s = foldLog(JSON.stringify({ ...e, type: 'poll', data: { options: ['a', 'b'] } }) + '\n');
      assert.equal(s.timeline.length, 1);
      const f = s.timeline[0]!;
      assert.ok('foreign' in f && f.foreign.type === 'poll');
      assert.deepEqual('foreign' in f && f.foreign.data, { options: ['a', 'b'] });
      assert.match('foreign' in f ? f.foreign.why : '', /does not know \("poll"\)/);
      assert.deepEqual(s.participants, [], 'a foreign event is not folded, so not counted');
    });
  });

  describe('problems', () => {
    it('reports two lines with one id and different content, and uses the same one in either order', () => {
      const w = new Writer('ana');
      const e = w.event('note', { text: 'first' });
      const l1 = eventLine(e);
      const l2 = eventLine({ ...e, data: { text: 'edited' } } as InvestigationEvent);
      const a = foldLog(l1 + l2);
      const b = foldLog(l2 + l1);
      assert.deepEqual(
        a.notes.map(n => n.text),
        b.notes.map(n => n.text),
      );
      assert.equal(a.notes.length, 1);
      assert.equal(a.problems.length, 1);
      assert.match(
        a.problems[0]!.message,
        /^lines 1 and 2 have the same id ".*" with different content: line \d is used, line \d is kept in the file and skipped$/,
      );
      assert.equal(a.problems[0]!.line, 2);
      assert.equal(b.problems.length, 1);
    });

    it('reports references to a hypothesis, an evidence, a question or an action the log does not have, and skips them', () => {
      const w = new Writer('ana');
      const h = w.event('hypothesis', { text: 'h' });
      const text = [
        eventLine(h),
        w.line('hypothesisStatus', { hypothesis: 'nohypothesis', status: 'supported', evidence: [] }),
        w.line('hypothesisStatus', { hypothesis: h.id, status: 'supported', evidence: ['noevidence'] }),
        w.line('answer', { question: 'noquestion', text: 'a' }),
        w.line('actionState', { action: 'noaction', state: 'done' }),
      ].join('');
      const s = foldLog(text);
      assert.deepEqual(
        s.problems.map(p => [p.line, p.message]),
        [
          [2, 'line 2 refers to the hypothesis "nohypothesis", which this log does not have (yet): it is skipped'],
          [3, 'line 3 refers to the evidence "noevidence", which this log does not have (yet): it is skipped'],
          [4, 'line 4 refers to the question "noquestion", which this log does not have (yet): it is skipped'],
          [5, 'line 5 refers to the action item "noaction", which this log does not have (yet): it is skipped'],
        ],
      );
      assert.equal(s.hypotheses[0]!.status, 'supported', 'the status is used, without the missing evidence');
      assert.deepEqual(s.hypotheses[0]!.evidence, []);
    });

    it('reports an invalid event at its line with why, and a line over the size limit without reading it', () => {
      const w = new Writer('ana');
      const bad = JSON.stringify({ ...w.event('note', { text: 'x' }), data: { text: '' } });
      const extra = JSON.stringify({ ...w.event('note', { text: 'x' }), colour: 'red' });
      const huge = `{"pad":"${'x'.repeat(LIMITS.line)}"}`;
      const s = foldLog([bad, extra, huge, ''].join('\n'));
      assert.deepEqual(
        s.problems.map(p => p.line),
        [1, 2, 3],
      );
      assert.match(s.problems[0]!.message, /^line 1 is not a valid event: note: note needs text: 1 to 65536 characters\. It is kept in the file and skipped$/);
      assert.match(s.problems[1]!.message, /unexpected field "colour"/);
      assert.match(s.problems[2]!.message, /over the 1048576 a log line may have/);
    });

    it('reads CRLF line endings and blank lines', () => {
      const w = new Writer('ana');
      const s = foldLog(`\r\n${w.line('opened', { title: 'T', origin: 'blank' }).replace('\n', '\r\n')}\n\n${w.line('note', { text: 'n' })}`);
      assert.deepEqual(s.problems, []);
      assert.equal(s.title, 'T');
      assert.deepEqual(
        s.timeline.map(t => t.line),
        [2, 5],
      );
    });
  });

  describe('state', () => {
    it('folds a whole investigation: opened, notes, hypotheses with evidence, questions, actions, verdict, close', () => {
      const w = new Writer('ana');
      const o = w.event('opened', { title: 'iOS drop', origin: 'anomaly', anomaly: anomaly() });
      const h = w.event('hypothesis', { text: 'the 7.4.0 release' });
      const ev = w.event('evidence', { kind: 'context', title: 'Deploy ios-v7.4.0', contextKind: 'deploy', start: T0 - HOUR });
      const q = w.event('question', { text: 'Android too?' });
      const a = w.event('action', { text: 'roll back', owner: 'bo' });
      const text = [
        o,
        h,
        ev,
        w.event('hypothesisStatus', { hypothesis: h.id, status: 'supported', evidence: [ev.id], reason: 'timing' }),
        q,
        w.event('answer', { question: q.id, text: 'no' }),
        a,
        w.event('actionState', { action: a.id, state: 'done' }),
        w.event('verdict', { verdict: 'real' }),
        w.event('closed', { summary: 's', rootCause: 'r', decision: 'd' }),
      ]
        .map(eventLine)
        .join('');
      const s = foldLog(text);
      assert.deepEqual(s.problems, []);
      assert.equal(s.title, 'iOS drop');
      assert.deepEqual(s.anomaly, anomaly());
      assert.equal(s.status, 'resolved');
      assert.deepEqual(s.closed && [s.closed.summary, s.closed.rootCause, s.closed.decision], ['s', 'r', 'd']);
      assert.equal(s.verdict?.verdict, 'real');
      assert.deepEqual(
        s.hypotheses.map(x => [x.text, x.status, x.evidence, x.reason, x.history.length]),
        [['the 7.4.0 release', 'supported', [ev.id], 'timing', 1]],
      );
      assert.deepEqual(
        s.questions.map(x => [x.text, x.answers.map(y => y.text)]),
        [['Android too?', ['no']]],
      );
      assert.deepEqual(
        s.actions.map(x => [x.text, x.owner, x.state]),
        [['roll back', 'bo', 'done']],
      );
      assert.deepEqual(
        s.participants.map(p => [p.name, p.events]),
        [['ana', 10]],
      );
      assert.equal(s.maxClock, 10);
    });

    it('a status after the close reopens it; a close after that closes it again', () => {
      const w = new Writer('ana');
      const lines = [w.line('opened', { title: 'T', origin: 'blank' }), w.line('closed', { summary: 's', rootCause: 'r', decision: 'd' })];
      assert.equal(foldLog(lines.join('')).status, 'resolved');
      lines.push(w.line('status', { status: 'monitoring' }));
      const reopened = foldLog(lines.join(''));
      assert.equal(reopened.status, 'monitoring');
      assert.equal(reopened.closed, undefined);
      lines.push(w.line('closed', { summary: 's2', rootCause: 'r', decision: 'd' }));
      assert.equal(foldLog(lines.join('')).closed?.summary, 's2');
    });

    it('the verdict is the last one in clock order, whatever the line order', () => {
      const w = new Writer('ana');
      const first = w.line('verdict', { verdict: 'falseAlarm' });
      const last = w.line('verdict', { verdict: 'real', reason: 'after the rollback it recovered' });
      assert.equal(foldLog(last + first).verdict?.verdict, 'real');
      assert.equal(foldLog(first + last).verdict?.reason, 'after the rollback it recovered');
    });

    it('a hypothesis rejected then supported keeps its history; the latest status and evidence win', () => {
      const w = new Writer('ana');
      const h = w.event('hypothesis', { text: 'h' });
      const s = foldLog(
        eventLine(h) +
          w.line('hypothesisStatus', { hypothesis: h.id, status: 'rejected', evidence: [], reason: 'no' }) +
          w.line('hypothesisStatus', { hypothesis: h.id, status: 'supported', evidence: [] }),
      );
      assert.equal(s.hypotheses[0]!.status, 'supported');
      assert.equal('reason' in s.hypotheses[0]!, false, 'the reason was the rejection’s');
      assert.deepEqual(
        s.hypotheses[0]!.history.map(x => x.status),
        ['rejected', 'supported'],
      );
    });

    it('roles: each person’s latest role, including someone who has not written yet', () => {
      const ana = new Writer('ana');
      const lines = [
        ana.line('role', { person: 'ana', role: 'lead' }),
        ana.line('role', { person: 'bo', role: 'learner' }),
        ana.line('role', { person: 'bo', role: 'observer' }),
      ];
      const s = foldLog(lines.join(''));
      assert.deepEqual(s.participants, [
        { name: 'ana', role: 'lead', events: 3, lastAt: s.lastAt },
        { name: 'bo', role: 'observer', events: 0 },
      ]);
      assert.deepEqual(summarize({ name: 'n', state: s }).participants, ['ana (lead)', 'bo (observer)']);
    });

    it('the first opened event in order names the investigation; a second (two starts merged) is only in the timeline', () => {
      const a = new Writer('ana');
      const b = new Writer('bo');
      const s = foldLog(b.line('opened', { title: 'B', origin: 'blank' }) + a.line('opened', { title: 'A', origin: 'blank' }));
      assert.equal(s.title, 'A', 'same clock: the author orders them');
      assert.equal(s.timeline.length, 2);
    });

    it('an empty log folds to an open investigation with nothing in it', () => {
      const s = foldLog('');
      assert.equal(s.status, 'open');
      assert.equal(s.title, undefined);
      assert.deepEqual([s.timeline, s.problems, s.maxClock], [[], [], 0]);
      assert.equal(summarize({ name: '2026-11-03-x', state: s }).title, '2026-11-03-x');
    });
  });

  describe('validation at the boundary', () => {
    it('refuses unknown fields, bad references and bad enums in a known type, with a message that says what', () => {
      const w = new Writer('ana');
      const e = w.event('note', { text: 'x' });
      const check = (patch: object) => checkEvent({ ...e, ...patch });
      assert.deepEqual(check({ data: { text: 'x', html: '<b>' } }), { invalid: 'note: unexpected field "html"' });
      assert.deepEqual(check({ type: 'verdict', data: { verdict: 'maybe' } }), { invalid: 'verdict: verdict must be real, expected, dataProblem, falseAlarm' });
      assert.deepEqual(check({ type: 'answer', data: { question: 'x', text: 'a' } }), { invalid: 'answer: answer needs the question event id' });
      assert.deepEqual(check({ clock: 0 }), { invalid: '"clock" must be a positive integer (the Lamport clock)' });
      assert.deepEqual(check({ at: '3 Nov' }), { invalid: '"at" must be a UTC time like 2026-11-30T09:15:00Z' });
      assert.deepEqual(checkEvent([1]), { invalid: 'a line must be one JSON object' });
      assert.ok('invalid' in check({ type: 'note', data: { text: 'x'.repeat(LIMITS.text + 1) } }));
      const chart = { kind: 'chart', title: 'c', place: { metric: 'm', slice: {}, start: 0, end: 1 }, zone: 'UTC', series: { x: [0, 1], actual: [1] } };
      assert.match(
        String((check({ type: 'evidence', data: chart }) as { invalid: string }).invalid),
        /series\.actual must have one number or null per hour of x/,
      );
      assert.ok('ok' in check({ type: 'opened', data: { title: 't', origin: 'anomaly', anomaly: anomaly() } }));
      assert.match(
        String((check({ type: 'opened', data: { title: 't', origin: 'anomaly', anomaly: anomaly({ end: T0 - 1 }) } }) as { invalid: string }).invalid),
        /start <= end/,
      );
    });

    it('a note with a script tag is only text: kept as written (the view renders it sanitized)', () => {
      const w = new Writer('ana');
      const s = foldLog(w.line('note', { text: '<script>alert(1)</script>' }));
      assert.equal(s.notes[0]!.text, '<script>alert(1)</script>');
    });
  });

  describe('lists over folded states', () => {
    const inv = (name: string, lines: string[]): Investigation => ({ name, state: foldLog(lines.join('')) });

    it('openInvestigationOf: same metric and slice, overlapping windows, not closed', () => {
      const w = new Writer('ana');
      const ios = { platform: 'ios' };
      const open = inv('a', [w.line('opened', { title: 'a', origin: 'anomaly', anomaly: anomaly({ slice: ios }) })]);
      const closedOne = inv('b', [
        w.line('opened', { title: 'b', origin: 'anomaly', anomaly: anomaly({ metric: 'signups' }) }),
        w.line('closed', { summary: 's', rootCause: 'r', decision: 'd' }),
      ]);
      const all = [closedOne, open];
      // Found again an hour later, with a window one hour longer: the same anomaly.
      assert.equal(openInvestigationOf(all, { metric: 'page_views', slice: ios, start: T0 + HOUR, end: T0 + 4 * HOUR })?.name, 'a');
      assert.equal(openInvestigationOf(all, { metric: 'page_views', slice: { platform: 'ios' }, start: T0 - HOUR, end: T0 + HOUR })?.name, 'a');
      assert.equal(openInvestigationOf(all, { metric: 'page_views', slice: {}, start: T0, end: T0 + HOUR }), undefined, 'another slice');
      assert.equal(openInvestigationOf(all, { metric: 'signups', start: T0, end: T0 + HOUR }), undefined, 'closed');
      assert.equal(
        openInvestigationOf(all, { metric: 'page_views', slice: ios, start: T0 + 3 * HOUR, end: T0 + 5 * HOUR }),
        undefined,
        'adjacent, not overlapping',
      );
      assert.equal(openInvestigationOf(all, { metric: 'messages_sent', slice: ios, start: T0, end: T0 + HOUR }), undefined, 'another metric');
    });

    it('weeklyCount: flagged and their verdicts, missed reports, unlabelled; only those opened in the week', () => {
      const mk = (origin: 'anomaly' | 'blank' | 'missed', verdict?: 'real' | 'expected' | 'dataProblem' | 'falseAlarm', w = new Writer('ana')) =>
        inv('x', [w.line('opened', { title: 't', origin }), ...(verdict ? [w.line('verdict', { verdict })] : [])]);
      const invs = [
        mk('anomaly', 'real'),
        mk('anomaly', 'falseAlarm'),
        mk('anomaly'),
        mk('anomaly', 'expected'),
        mk('missed'),
        mk('blank', 'real'),
        mk('anomaly', 'dataProblem'),
      ];
      assert.deepEqual(weeklyCount(invs, T0, T0 + 7 * 24 * HOUR), {
        flagged: 5,
        real: 1,
        expected: 1,
        dataProblem: 1,
        falseAlarm: 1,
        missed: 1,
        unlabelled: 1,
      });
      assert.deepEqual(
        weeklyCount(invs, T0 + 1, T0 + 7 * 24 * HOUR),
        { flagged: 0, real: 0, expected: 0, dataProblem: 0, falseAlarm: 0, missed: 0, unlabelled: 0 },
        'opened before the week',
      );
      assert.equal(weeklyCount([inv('e', [])], 0, Infinity).flagged, 0, 'a log without its opened event is not counted');
    });

    it('summarize: name, title, status, verdict, anomaly metric and window, problems', () => {
      const w = new Writer('ana');
      const s = summarize(
        inv('2026-11-03-ios', [
          w.line('opened', { title: 'iOS', origin: 'anomaly', anomaly: anomaly() }),
          w.line('verdict', { verdict: 'expected' }),
          'broken\n',
        ]),
      );
      assert.deepEqual(
        { ...s, openedAt: undefined, lastAt: undefined },
        {
          name: '2026-11-03-ios',
          title: 'iOS',
          status: 'open',
          closed: false,
          verdict: 'expected',
          metric: 'page_views',
          start: T0,
          end: T0 + 3 * HOUR,
          participants: ['ana'],
          openedAt: undefined,
          lastAt: undefined,
          problems: 1,
        },
      );
    });
  });

  describe('logName', () => {
    const none = () => false;
    it('slugs the title: accents folded, punctuation to dashes, lower case, at most 48 characters', () => {
      assert.equal(logName('Ärger über Café: iOS — Page views ↓ 67%!', '2026-11-03', none), '2026-11-03-arger-uber-cafe-ios-page-views-67');
      assert.equal(logName('  --Sign-ups  ', '2026-11-03', none), '2026-11-03-sign-ups');
      assert.equal(logName('Straße Ausfall in Łódź, Ørsted', '2026-11-03', none), '2026-11-03-strasse-ausfall-in-lodz-orsted');
      const long = logName('a'.repeat(47) + ' b c', '2026-11-03', none);
      assert.equal(long, `2026-11-03-${'a'.repeat(47)}`, 'no dash left at the end of a cut slug');
    });
    it('an empty title, or one with no letters it can keep, is "investigation"', () => {
      assert.equal(logName('', '2026-11-03', none), '2026-11-03-investigation');
      assert.equal(logName('!!! ???', '2026-11-03', none), '2026-11-03-investigation');
      assert.equal(logName('東京の売上', '2026-11-03', none), '2026-11-03-investigation');
    });
    it('takes the next free number when the name is taken', () => {
      const taken = new Set(['2026-11-03-ios', '2026-11-03-ios-2']);
      assert.equal(
        logName('iOS', '2026-11-03', n => taken.has(n)),
        '2026-11-03-ios-3',
      );
      assert.equal(
        logName('iOS', '2026-11-04', n => taken.has(n)),
        '2026-11-04-ios',
      );
    });
  });
});
