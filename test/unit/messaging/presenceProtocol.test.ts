// The presence messages of both channels (issue 12), checked strictly both ways: the report's `focus`
// and `follow` from the webview, its `presence` to it; the investigation view's `focus` and `presence`.
import assert from 'node:assert/strict';
import { parseFromWebview, toWebviewProblem, reportFocusProblem } from '../../../src/messaging/protocol';
import { parseFromInvestigationView, toInvestigationViewProblem } from '../../../src/messaging/investigationProtocol';

const env = (body: unknown) => ({ channel: 'report', id: 1, body });
const invEnv = (body: unknown) => ({ channel: 'investigation', id: 1, body });

describe('presence messages', () => {
  it('the report webview’s focus and follow: accepted exactly, refused otherwise', () => {
    const focus = { metric: 'page_views', hour: 1, slice: { platform: 'ios' }, anomaly: { metric: 'page_views', start: 0 } };
    assert.deepEqual(parseFromWebview(env({ type: 'focus', focus, acted: true })).body, { type: 'focus', focus, acted: true });
    assert.equal(parseFromWebview({ channel: 'report', id: 2, request: true, body: { type: 'follow', on: true } }).body.type, 'follow');
    for (const bad of [
      { type: 'focus', focus },
      { type: 'focus', focus, acted: 'yes' },
      { type: 'focus', focus: { ...focus, item: 'x' }, acted: false },
      { type: 'focus', focus: { anomaly: { metric: 'm' } }, acted: false },
      { type: 'focus', focus: {}, acted: false, extra: 1 },
      { type: 'follow' },
      { type: 'follow', on: true, author: 'Ana' },
    ])
      assert.throws(() => parseFromWebview(env(bad)), JSON.stringify(bad));
    assert.equal(reportFocusProblem({}), undefined);
  });

  it('the presence message to the report', () => {
    const ok = {
      type: 'presence',
      people: [{ author: 'Ana', role: 'lead', focus: { metric: 'page_views', anomaly: { metric: 'page_views', start: 5 } }, following: 'Ben' }],
      following: { author: 'Ana', seq: 1, focus: { metric: 'orders' } },
      stopped: 'Stopped following Ana.',
    };
    assert.equal(toWebviewProblem(ok), undefined);
    assert.equal(toWebviewProblem({ type: 'presence', people: [] }), undefined);
    assert.match(toWebviewProblem({ ...ok, people: Array.from({ length: 21 }, () => ok.people[0]) })!, /at most 20/);
    assert.match(toWebviewProblem({ ...ok, people: [{ author: 3, focus: {} }] })!, /malformed/);
    assert.match(toWebviewProblem({ ...ok, following: { author: 'Ana' } })!, /following/);
    assert.match(toWebviewProblem({ ...ok, extra: true })!, /unknown field/);
  });

  it('the investigation view’s focus and presence', () => {
    assert.deepEqual(parseFromInvestigationView(invEnv({ type: 'focus', item: 'abcdef123456' })).body, { type: 'focus', item: 'abcdef123456' });
    assert.deepEqual(parseFromInvestigationView(invEnv({ type: 'focus' })).body, { type: 'focus' });
    assert.throws(() => parseFromInvestigationView(invEnv({ type: 'focus', item: '../x' })));
    assert.equal(toInvestigationViewProblem({ type: 'presence', people: [{ author: 'Ana', role: 'lead', item: 'abcdef123456' }] }), undefined);
    assert.match(toInvestigationViewProblem({ type: 'presence', people: [{ author: '' }] })!, /presence needs/);
  });
});
