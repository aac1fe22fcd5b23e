// The investigation channel's messages (src/messaging/investigationProtocol.ts): what the view sends
// is checked strictly (unknown fields, types the composer does not write, bad places refused); the
// state the host sends is checked with the log's own checks, so a malformed one is refused as a
// whole (never half-drawn), and a real fold of every kind of event, a newer Calibrate's event, a
// broken line and 10,000 events all pass, quickly.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Channel, ProtocolError } from '../../../src/messaging/channel';
import {
  COMPOSER_EVENT_TYPES,
  isOpenableHref,
  parseFromInvestigationView,
  parseToInvestigationView,
  placeProblem,
  stateProblem,
  toInvestigationViewProblem,
  viewedState,
} from '../../../src/messaging/investigationProtocol';
import { longState, PLACE, sampleState as folded } from './investigationFixture';

/** The sample as the host posts it. */
const sampleState = () => viewedState(folded(), 500);

const env = (body: unknown, extra: object = {}) => ({ channel: 'investigation', id: 1, body, ...extra });
const fromView = (body: unknown) => () => parseFromInvestigationView(env(body, { request: true }));
/** A parse may refuse (ProtocolError), never throw anything else. */
function refusesOnly(parse: () => unknown): void {
  try {
    parse();
  } catch (e) {
    if (!(e instanceof ProtocolError)) throw e;
  }
}
const stateMsg = (state: unknown = sampleState()) => ({ type: 'state', name: '2026-11-24-ios-orders-drop', me: 'Priya Raman', state });

describe('investigation protocol', () => {
  describe('view -> host (strict)', () => {
    it('accepts each request the view makes', () => {
      fromView({ type: 'ready', protocol: 1 })();
      for (const t of COMPOSER_EVENT_TYPES) fromView({ type: 'append', eventType: t, data: {} })();
      fromView({ type: 'openPlace', place: PLACE })();
      fromView({ type: 'openLink', href: 'https://example.com' })();
      fromView({ type: 'openLine', line: 3 })();
      fromView({ type: 'timeline', entries: 1000 })();
      parseFromInvestigationView(env({ type: 'webviewError', message: 'boom' }));
    });

    it('refuses events the composer never writes, unknown fields, and non-object data', () => {
      for (const t of ['opened', 'evidence', 'contextMark', 'toString', '__proto__'])
        assert.throws(fromView({ type: 'append', eventType: t, data: {} }), /append needs an eventType/);
      assert.throws(fromView({ type: 'append', eventType: 'note', data: 'hi' }), /append needs/);
      assert.throws(fromView({ type: 'append', eventType: 'note', data: [] }), /append needs/);
      assert.throws(fromView({ type: 'append', eventType: 'note', data: {}, extra: 1 }), /append needs/);
      assert.throws(fromView({ type: 'ready', protocol: 1, x: 1 }), /ready needs/);
      assert.throws(fromView({ type: 'openLine', line: 0 }), /openLine/);
      assert.throws(fromView({ type: 'openLine', line: 1.5 }), /openLine/);
      assert.throws(fromView({ type: 'timeline', entries: 0 }), /timeline needs/);
      assert.throws(fromView({ type: 'openLink', href: '' }), /openLink/);
      assert.throws(fromView({ type: 'openLink', href: 'https://x/' + 'a'.repeat(3000) }), /openLink/);
      assert.throws(fromView({ type: 'snapshot' }), /unknown message type/);
    });

    it('checks places: metric, a slice of short strings, start <= end, nothing else', () => {
      assert.equal(placeProblem(PLACE), undefined);
      assert.equal(placeProblem({ ...PLACE, slice: {} }), undefined);
      assert.match(placeProblem({ ...PLACE, end: PLACE.start - 1 })!, /start <= end/);
      assert.match(placeProblem({ ...PLACE, slice: { platform: 3 } })!, /slice/);
      assert.match(placeProblem({ ...PLACE, metric: '' })!, /metric/);
      assert.match(placeProblem({ ...PLACE, extra: true })!, /a place is/);
      assert.match(placeProblem(null)!, /a place is/);
      assert.throws(fromView({ type: 'openPlace', place: { ...PLACE, start: Number.NaN } }), /start <= end/);
    });

    it('a malformed request is answered with an error reply (its sender does not wait out a timeout)', async () => {
      const posted: unknown[] = [];
      const host = new Channel({
        name: 'investigation',
        send: e => void posted.push(e),
        parse: parseFromInvestigationView,
        timeoutMs: 1000,
        onRequest: () => ({ type: 'ok' as const }),
      });
      host.receive(env({ type: 'append', eventType: 'opened', data: {} }, { request: true, id: 7 }));
      await new Promise(r => setTimeout(r, 0));
      assert.equal(posted.length, 1);
      const reply = posted[0] as { inReplyTo: number; body: { type: string; message: string } };
      assert.equal(reply.inReplyTo, 7);
      assert.equal(reply.body.type, 'error');
      assert.match(reply.body.message, /append needs an eventType/);
    });
  });

  describe('links', () => {
    it('opens http, https and mailto only', () => {
      for (const ok of ['https://example.com/runbook', 'http://localhost:8080/x', 'mailto:oncall@example.com']) assert.ok(isOpenableHref(ok), ok);
      for (const no of [
        'javascript:alert(1)',
        'JAVASCRIPT:alert(1)',
        ' javascript:alert(1)',
        'data:text/html,<script>alert(1)</script>',
        'vbscript:x',
        'file:///etc/passwd',
        'command:workbench.action.terminal.new',
        'vscode://file/etc/passwd',
        '/relative',
        '#top',
        'https://',
        '',
        42,
      ]) {
        assert.equal(isOpenableHref(no), false, String(no));
      }
    });
  });

  describe('host -> view (the state is checked before it is drawn)', () => {
    it('a real fold with every kind of event, a newer event and a broken line passes, and survives posting', () => {
      const s = sampleState();
      assert.equal(s.problems.length, 1, 'the broken line is a problem');
      assert.equal(s.olderEntries, 0);
      assert.ok(s.timeline.some(t => 'foreign' in t));
      assert.equal(stateProblem(s), undefined);
      const posted = structuredClone(stateMsg(s));
      const parsed = parseToInvestigationView(env(posted));
      assert.equal(parsed.body.type, 'state');
      assert.equal(
        toInvestigationViewProblem({ ...stateMsg(s), weekly: { flagged: 3, real: 1, expected: 1, dataProblem: 0, falseAlarm: 0, missed: 1, unlabelled: 1 } }),
        undefined,
      );
      assert.equal(toInvestigationViewProblem({ type: 'gone', name: 'x-y', message: 'deleted' }), undefined);
    });

    it('refuses a malformed state as a whole, saying where', () => {
      const s = sampleState();
      const cases: [unknown, RegExp][] = [
        [{ ...s, status: 'closed' }, /status/],
        [{ ...s, hypotheses: 'none' }, /hypotheses must be a list/],
        [{ ...s, hypotheses: [{ ...s.hypotheses[0], status: 'maybe' }] }, /hypotheses\[0\] is malformed/],
        [{ ...s, evidence: [{ ...s.evidence[0], body: { kind: 'chart', title: 'x' } }] }, /evidence\[0\] is malformed/],
        [{ ...s, timeline: [...s.timeline, { line: 1, event: { type: 'note' } }] }, /timeline\[\d+\] is malformed/],
        [{ ...s, timeline: [{ line: 1, foreign: { id: 'short' } }] }, /timeline\[0\] is malformed/],
        [{ ...s, questions: [{ ...s.questions[0], answers: [{ text: 1 }] }] }, /questions\[0\]/],
        [{ ...s, anomaly: { ...s.anomaly, series: { x: [1], actual: [] } } }, /state.anomaly/],
        [{ ...s, verdict: { ...s.verdict, verdict: 'maybe' } }, /verdict/],
        [{ ...s, closed: { id: 'ev000001', by: 'a', at: 'x', summary: 's' } }, /closed/],
        [{ ...s, participants: [{ name: '', events: 1 }] }, /participants\[0\]/],
        [{ ...s, problems: undefined }, /problems must be a list/],
        [{ ...s, maxClock: 'x' }, /maxClock/],
        [{ ...s, olderEntries: -1 }, /olderEntries/],
        [{ ...s, title: 'x'.repeat(301) }, /title/],
      ];
      for (const [bad, why] of cases) assert.match(stateProblem(bad) ?? 'passed', why);
      assert.throws(() => parseToInvestigationView(env(stateMsg({ ...s, status: 1 }))), /Invalid message: state.status/);
      assert.match(toInvestigationViewProblem({ ...stateMsg(), name: '../../etc' })!, /log name/);
      assert.match(toInvestigationViewProblem({ ...stateMsg(), weekly: { flagged: -1 } })!, /weekly/);
      assert.match(toInvestigationViewProblem({ type: 'gone', name: 'x' })!, /gone needs/);
    });

    it('never throws, whatever arrives', () => {
      fc.assert(
        fc.property(fc.anything(), v => {
          assert.equal(typeof (stateProblem(v) ?? ''), 'string');
          assert.equal(typeof (toInvestigationViewProblem(v) ?? ''), 'string');
          refusesOnly(() => parseFromInvestigationView(env(v)));
        }),
        { numRuns: 500 },
      );
    });

    it('posts the latest timeline entries the view asked for, counting the rest, and no duplicate notes', () => {
      const full = longState(10_000);
      assert.equal(full.timeline.length, 10_000);
      const v = viewedState(full, 500);
      assert.equal(v.timeline.length, 500);
      assert.equal(v.olderEntries, 9_500);
      assert.deepEqual(v.timeline.at(-1), full.timeline.at(-1));
      assert.ok(!('notes' in v));
      assert.equal(viewedState(full, 20_000).olderEntries, 0);
      assert.equal(viewedState(full, 0).timeline.length, 1, 'at least the latest');
      // A 10,000-event log is a message of a few hundred KB, not megabytes, per change.
      const bytes = JSON.stringify(stateMsg(v)).length;
      assert.ok(bytes < 400_000, `${bytes} characters`);
      assert.ok(JSON.stringify(full).length > 2_000_000);
    });

    it('a 10,000-event state passes its check quickly, even asked for in full', () => {
      const all = viewedState(longState(10_000), 10_000);
      const t0 = performance.now();
      assert.equal(toInvestigationViewProblem(stateMsg(all)), undefined);
      const ms = performance.now() - t0;
      assert.ok(ms < 500, `checked in ${ms.toFixed(0)} ms`);
    });
  });
});
