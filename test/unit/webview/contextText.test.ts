// The context list's words and links (issue 10, point 8), and its requests to the host: a deploy
// opens its commit, an event its declaration, a holiday says its type and learned impact, a warning
// that names a file gets an Open button, and "Mark expected" is a request the host answers.
import assert from 'node:assert/strict';
import { detailText, impactText, itemLink } from '../../../webview/contextText';
import { HostLink, type HostMessageView } from '../../../webview/messages';
import type { ContextItem } from '../../../src/core/report/triage';

const rows = [{ metric: 'views', label: 'Page views', derived: false, cells: [] }];
const holiday = (over: Partial<Extract<ContextItem, { kind: 'holiday' }>> = {}): ContextItem => ({
  kind: 'holiday',
  title: 'US holiday: Thanksgiving Day',
  detail: 'engine text',
  start: 0,
  end: 1,
  country: 'US',
  name: 'Thanksgiving Day',
  holidayType: 'public',
  ...over,
});
const EVENT: ContextItem = {
  kind: 'event',
  title: 'Monday Night Football',
  detail: 'engine text',
  start: 0,
  end: 1,
  name: 'Monday Night Football',
  eventKind: 'sports',
  countries: ['US'],
  expectedImpact: -0.2,
  source: { file: '.calibrate/events.yaml', line: 12 },
};
const DEPLOY: ContextItem = {
  kind: 'deploy',
  title: 'Deploy ios-v7.4.0',
  detail: 'd',
  start: 0,
  end: 0,
  ref: 'ios-v7.4.0',
  deployKind: 'tag',
  message: 'iOS 7.4.0',
};

describe('webview: the context list says what each item is', () => {
  it('a holiday: its type and the impact learned from history, on the metric it was learned for', () => {
    const h = holiday({ impact: { metric: 'views', ratio: 0.72, basis: 'history', occurrences: 2, last: { date: '2025-11-27', ratio: 0.68 } } });
    assert.equal(detailText({ rows }, h), 'Public holiday in US · Page views expected −28%: learned from 2 past occurrences, the last −32% on 2025-11-27');
  });

  it('a holiday without history says its estimate is a prior; without an analysis, its type alone', () => {
    assert.equal(
      impactText({ rows }, { metric: 'views', ratio: 0.72, basis: 'default-prior', occurrences: 0 }, 'optional'),
      'Page views expected −28%: no history; the usual for an optional holiday',
    );
    assert.equal(
      impactText({ rows }, { metric: 'gone', ratio: 0.9, basis: 'type-prior', occurrences: 0 }, 'bank'),
      'gone expected −10%: no history of this holiday; typical of days off here',
    );
    assert.equal(detailText({ rows }, holiday({ holidayType: 'bank', state: 'BY', country: 'DE' })), 'Bank holiday in DE-BY');
  });

  it('an event: its kind, where, and the impact its declaration expects; a deploy: its message', () => {
    assert.equal(detailText({ rows }, EVENT), 'Sports · US · declared impact −20%');
    assert.equal(detailText({ rows }, { ...EVENT, countries: [], expectedImpact: undefined } as ContextItem), 'Sports · everywhere');
    assert.equal(detailText({ rows }, DEPLOY), 'Tag: iOS 7.4.0');
  });

  it('links: a deploy to its commit, an event to its file and line; holidays and clock changes to nothing', () => {
    assert.deepEqual(itemLink(DEPLOY), { kind: 'deploy', ref: 'ios-v7.4.0', label: 'Open commit', aria: 'Open the commit of deploy ios-v7.4.0' });
    assert.deepEqual(itemLink(EVENT), {
      kind: 'source',
      file: '.calibrate/events.yaml',
      line: 12,
      label: 'Open events.yaml:12',
      aria: 'Open Monday Night Football where it is declared, .calibrate/events.yaml:12',
    });
    assert.equal(itemLink({ ...EVENT, source: { file: '', line: 0 } } as ContextItem), undefined, 'a path the host dropped (too long) is not offered');
    assert.equal(itemLink(holiday()), undefined);
  });
});

describe('webview: the context actions are requests the host answers', () => {
  function link() {
    const notices: string[] = [];
    const view: HostMessageView = {
      snapshot: () => undefined,
      problem: () => undefined,
      failed: () => undefined,
      loading: () => undefined,
      notice: t => notices.push(t),
    };
    const posted: { id: number; body: Record<string, unknown> }[] = [];
    const l = new HostLink({ post: e => posted.push(JSON.parse(JSON.stringify(e))) }, view);
    const answer = (body: unknown) => l.receive({ channel: 'report', id: 99, inReplyTo: posted[posted.length - 1].id, body });
    return { l, posted, notices, answer };
  }

  it('posts each action with exactly its fields, and resolves true on ok', async () => {
    const { l, posted, answer } = link();
    const calls = [
      [() => l.openDeploy('ios-v7.4.0'), { type: 'openDeploy', ref: 'ios-v7.4.0' }],
      [() => l.openSource('.calibrate/events.yaml', 12), { type: 'openSource', file: '.calibrate/events.yaml', line: 12 }],
      [() => l.markContext('deploy:tag:ios-v7.4.0', true), { type: 'markContext', key: 'deploy:tag:ios-v7.4.0', expected: true }],
    ] as const;
    for (const [call, body] of calls) {
      const done = call();
      assert.deepEqual(posted[posted.length - 1].body, body);
      answer({ type: 'ok' });
      assert.equal(await done, true);
    }
  });

  it('an error reply resolves false with a notice saying why; the report stays', async () => {
    const { l, notices, answer } = link();
    const done = l.openDeploy('v9');
    answer({ type: 'error', message: 'the report lists no deploy v9' });
    assert.equal(await done, false);
    assert.deepEqual(notices, ['Could not open the deploy v9: the report lists no deploy v9']);
    const mark = l.markContext('k', false);
    answer({ type: 'error', message: 'the report no longer lists that context item' });
    assert.equal(await mark, false);
    assert.match(notices[1], /^Could not withdraw the mark: /);
  });
});
