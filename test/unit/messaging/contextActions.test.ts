// The context list's actions over the message layer (issue 10, point 8): the webview's requests are
// validated strictly, the host acts only on what its own snapshot lists (contextRequests.ts), and
// the snapshot's new parts (holiday impact, warning sources, expected marks) pass the webview's
// validator after fitting.
import assert from 'node:assert/strict';
import { oneHourSnapshot } from './snapshotFixture';
import { contextKey, LIMITS, parseFromWebview, ProtocolError, snapshotProblem, type ReportSnapshot } from '../../../src/messaging/protocol';
import { listedContextItem, listedDeploy, listedSource } from '../../../src/messaging/contextRequests';
import { fitSnapshot } from '../../../src/messaging/fitSnapshot';
import type { ContextItem } from '../../../src/core/report/triage';

const request = (body: unknown) => ({ channel: 'report', id: 7, request: true, body });
const refused = (body: unknown) => assert.throws(() => parseFromWebview(request(body)), ProtocolError, JSON.stringify(body));
const accepted = (body: unknown) => assert.deepEqual(parseFromWebview(request(body)).body, body);

const HOLIDAY: ContextItem = {
  kind: 'holiday',
  title: 'US holiday: Thanksgiving Day',
  detail: 'd',
  start: 1_000,
  end: 2_000,
  country: 'US',
  name: 'Thanksgiving Day',
  holidayType: 'public',
  impact: { metric: 'views', ratio: 0.72, basis: 'history', occurrences: 2, last: { date: '2025-11-27', ratio: 0.7 } },
};
const EVENT: ContextItem = {
  kind: 'event',
  title: 'Monday Night Football',
  detail: 'd',
  start: 3_000,
  end: 4_000,
  name: 'Monday Night Football',
  eventKind: 'sports',
  countries: ['US'],
  source: { file: '.calibrate/events.yaml', line: 12 },
};
const DEPLOY: ContextItem = {
  kind: 'deploy',
  title: 'Deploy ios-v7.4.0',
  detail: 'd',
  start: 5_000,
  end: 5_000,
  ref: 'ios-v7.4.0',
  deployKind: 'tag',
  message: 'iOS 7.4.0',
};
const DST: ContextItem = { kind: 'dst', title: 'Clocks back 1 h', detail: 'US', start: 6_000, end: 6_000, zones: ['America/New_York'], shiftHours: -1 };

function snapshot(over: Partial<ReportSnapshot> = {}): ReportSnapshot {
  return {
    ...oneHourSnapshot('views', 'Views'),
    warnings: ['Holidays unavailable: offline'],
    problems: {
      count: 2,
      listed: [
        { severity: 'error', file: '.calibrate/events.yaml', line: 40, column: 11, text: 'bad kind "sport". Expected one of sports, launch.' },
        { severity: 'error', file: '.calibrate/team.ics', text: 'the file holds no calendar. Expected iCalendar (RFC 5545) text.' },
      ],
    },
    context: [HOLIDAY, EVENT, DEPLOY, DST],
    anomalies: [],
    incidents: [],
    ...over,
  } as ReportSnapshot;
}

describe('messaging: the context actions the webview asks for', () => {
  it('accepts openDeploy, openSource and markContext with exactly their fields', () => {
    accepted({ type: 'openDeploy', ref: 'ios-v7.4.0' });
    accepted({ type: 'openSource', file: '.calibrate/events.yaml', line: 12 });
    accepted({ type: 'openSource', file: '.calibrate/events.yaml', line: 0 });
    accepted({ type: 'markContext', key: contextKey(DEPLOY), expected: true });
    accepted({ type: 'markContext', key: contextKey(DEPLOY), expected: false });
  });

  it('refuses unknown fields, missing or mistyped ones, and oversized text', () => {
    refused({ type: 'openDeploy', ref: 'v1', cwd: '/' });
    refused({ type: 'openDeploy', ref: '' });
    refused({ type: 'openDeploy', ref: 'x'.repeat(LIMITS.ref + 1) });
    refused({ type: 'openDeploy', ref: ['v1'] });
    refused({ type: 'openSource', file: 'a.yaml' });
    refused({ type: 'openSource', file: 'a.yaml', line: -1 });
    refused({ type: 'openSource', file: 'a.yaml', line: 1.5 });
    refused({ type: 'openSource', file: '', line: 1 });
    refused({ type: 'openSource', file: 'a.yaml', line: 1, args: ['--upload-pack'] });
    refused({ type: 'markContext', key: 'k' });
    refused({ type: 'markContext', key: 'k', expected: 'yes' });
    refused({ type: 'markContext', key: 'k'.repeat(LIMITS.key + 1), expected: true });
    refused({ type: 'markContext', key: 'k', expected: true, by: 'someone' });
  });
});

describe('messaging: the host acts only on what its snapshot lists', () => {
  const s = snapshot();

  it('a deploy by its exact ref', () => {
    assert.equal(listedDeploy(s, 'ios-v7.4.0'), DEPLOY);
    assert.equal(listedDeploy(s, 'ios-v7.4'), undefined, 'no prefix match');
    assert.equal(listedDeploy(s, '--output=/tmp/x'), undefined);
    assert.equal(listedDeploy(s, 'HEAD'), undefined);
    assert.equal(listedDeploy(undefined, 'ios-v7.4.0'), undefined, 'no report, nothing to open');
  });

  it("an event's declaration or a problem's file, at exactly its line", () => {
    assert.equal(listedSource(s, '.calibrate/events.yaml', 12), true, "the event's line");
    assert.equal(listedSource(s, '.calibrate/events.yaml', 40), true, "the problem's line");
    assert.equal(listedSource(s, '.calibrate/team.ics', 0), true, 'a problem about the whole file: line 0');
    assert.equal(listedSource(s, '.calibrate/team.ics', 1), false);
    assert.equal(listedSource(s, '.calibrate/events.yaml', 13), false);
    assert.equal(listedSource(s, '../../.ssh/config', 12), false);
    assert.equal(listedSource(s, 'data/metrics.csv', 1), false, 'the data source is not a context link');
    assert.equal(listedSource(snapshot({ problems: { count: 0, listed: [] } }), '.calibrate/events.yaml', 40), false);
  });

  it('a context item by its key: kind and identifying values, never the title', () => {
    for (const item of [HOLIDAY, EVENT, DEPLOY, DST]) assert.equal(listedContextItem(s, contextKey(item)), item);
    assert.equal(listedContextItem(s, 'deploy:tag:v9'), undefined);
    const retitled = { ...DEPLOY, title: 'Release of iOS 7.4.0' };
    assert.equal(contextKey(retitled), contextKey(DEPLOY), 'a reworded title keeps the key');
    assert.notEqual(contextKey({ ...EVENT, start: EVENT.start + 1 }), contextKey(EVENT), 'another occurrence is another item');
    const keys = [HOLIDAY, EVENT, DEPLOY, DST].map(contextKey);
    assert.equal(new Set(keys).size, keys.length);
  });
});

describe('messaging: the snapshot carries holiday impact, problems and marks', () => {
  it('the fitted snapshot passes the validator with all three', () => {
    const s = fitSnapshot(snapshot({ expectedContext: [contextKey(DEPLOY)] }));
    assert.equal(snapshotProblem(s), undefined);
    assert.deepEqual((s.context[0] as Extract<ContextItem, { kind: 'holiday' }>).impact, HOLIDAY.kind === 'holiday' ? HOLIDAY.impact : undefined);
    assert.deepEqual(s.problems, snapshot().problems);
    assert.deepEqual(s.expectedContext, [contextKey(DEPLOY)]);
  });

  it('the validator refuses malformed ones', () => {
    const bad = (over: Record<string, unknown>) => assert.notEqual(snapshotProblem({ ...snapshot(), ...over }), undefined, JSON.stringify(over));
    const one = { severity: 'error', file: 'f', line: 1, text: 't' };
    bad({ problems: undefined });
    bad({ problems: { count: 0, listed: [one] } }); // fewer counted than listed
    bad({ problems: { count: 1, listed: [{ ...one, line: 0 }] } }); // lines are 1-based
    bad({ problems: { count: 1, listed: [{ ...one, column: -1 }] } });
    bad({ problems: { count: 1, listed: [{ ...one, severity: 'fatal' }] } });
    bad({ problems: { count: 1, listed: [{ ...one, file: 3 }] } });
    bad({ problems: { count: 1, listed: [{ ...one, text: 'x'.repeat(LIMITS.message + 1) }] } });
    bad({ problems: { count: 1, listed: [one, one].concat(Array(LIMITS.problems).fill(one)) } });
    bad({ expectedContext: [1] });
    bad({ expectedContext: ['k'.repeat(LIMITS.key + 1)] });
    bad({ context: [{ ...HOLIDAY, impact: { metric: 'views', ratio: Infinity, basis: 'history', occurrences: 1 } }] });
    bad({ context: [{ ...HOLIDAY, impact: { metric: 'views', ratio: 0.7, basis: 'guess', occurrences: 1 } }] });
    bad({ context: [{ ...HOLIDAY, impact: { metric: 'views', ratio: 0.7, basis: 'history', occurrences: 1, last: { date: 5, ratio: 1 } } }] });
  });

  it('fitting cuts the problems to LIMITS (the count kept whole), cuts long text, drops a path too long to open', () => {
    const long = 'x'.repeat(LIMITS.message + 10);
    const many = Array.from({ length: LIMITS.problems + 5 }, (_, i) => ({
      severity: 'error' as const,
      file: 'data.csv',
      line: i + 2,
      column: 3,
      text: `bad value ${i}`,
    }));
    const s = fitSnapshot(
      snapshot({
        problems: {
          count: 9_999,
          listed: [
            { severity: 'warning', file: 'a.yaml', line: 3, text: long },
            { severity: 'error', file: 'p'.repeat(LIMITS.path + 1), line: 1, text: 'far' },
            { severity: 'error', file: 'b.ics', line: Number.NaN, column: 4, text: 'no line' },
            ...many,
          ],
        },
      }),
    );
    assert.equal(snapshotProblem(s), undefined);
    assert.equal(s.problems.count, 9_999);
    assert.equal(s.problems.listed.length, LIMITS.problems);
    assert.equal(s.problems.listed[0].text.length, LIMITS.message);
    assert.deepEqual(s.problems.listed[1], { severity: 'error', file: 'b.ics', text: 'no line' }, 'a column without a line means nothing');
    assert.ok(!s.problems.listed.some(p => p.file.startsWith('ppp')));
  });

  it('fitting makes an impact finite and keeps the marks that fit', () => {
    const s = fitSnapshot(
      snapshot({
        context: [{ ...HOLIDAY, impact: { metric: 'views', ratio: NaN, basis: 'history', occurrences: 1.6 } } as ContextItem],
        expectedContext: ['ok', 'k'.repeat(LIMITS.key + 1)],
      }),
    );
    assert.equal(snapshotProblem(s), undefined);
    assert.deepEqual((s.context[0] as Extract<ContextItem, { kind: 'holiday' }>).impact, { metric: 'views', ratio: 0, basis: 'history', occurrences: 2 });
    assert.deepEqual(s.expectedContext, ['ok']);
  });
});
