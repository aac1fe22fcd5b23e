// The `reveal` message of palette triage: the webview accepts it within LIMITS, the host fits it
// to them (the metric cut as the snapshot's, the window at most a week), and the webview hands it
// to its view.
import assert from 'node:assert/strict';
import { fitForWebview } from '../../../src/messaging/fitSnapshot';
import { LIMITS, parseToWebview, toWebviewProblem, type ToWebview } from '../../../src/messaging/protocol';
import { HostLink, type HostMessageView, type RevealRequest } from '../../../webview/messages';

const H = 3_600_000;

describe('commands: the reveal message', () => {
  it('is accepted with a metric and a window, refused otherwise', () => {
    assert.equal(toWebviewProblem({ type: 'reveal', metric: 'page_views', start: 10 * H, end: 13 * H }), undefined);
    for (const bad of [
      { type: 'reveal', start: 0, end: 1 },
      { type: 'reveal', metric: 'x'.repeat(LIMITS.label + 1), start: 0, end: 1 },
      { type: 'reveal', metric: 'm', start: 5, end: 4 },
      { type: 'reveal', metric: 'm', start: 0, end: Infinity },
      { type: 'reveal', metric: 'm', start: 0, end: LIMITS.revealMs + 1 },
      { type: 'reveal', metric: 'm', start: '0', end: 1 },
    ])
      assert.match(toWebviewProblem(bad) ?? '', /reveal needs/, JSON.stringify(bad));
  });

  it('is fitted by the host so the webview never refuses it', () => {
    const long = 'm'.repeat(LIMITS.label + 50);
    const fitted = fitForWebview({ type: 'reveal', metric: long, start: NaN, end: 30 * 24 * H });
    assert.equal(fitted.type, 'reveal');
    assert.equal(toWebviewProblem(fitted), undefined);
    if (fitted.type !== 'reveal') return;
    assert.equal(fitted.metric.length, LIMITS.label);
    assert.equal(fitted.start, 0);
    assert.equal(fitted.end, LIMITS.revealMs);
    const reversed = fitForWebview({ type: 'reveal', metric: 'm', start: 5 * H, end: H }) as Extract<ToWebview, { type: 'reveal' }>;
    assert.equal(reversed.end, 5 * H, 'an end before the start becomes the start');
  });

  it('reaches the webview view, and a view without reveal ignores it', () => {
    const got: RevealRequest[] = [];
    const posted: unknown[] = [];
    const view: HostMessageView = {
      snapshot: () => undefined,
      problem: () => undefined,
      failed: () => undefined,
      loading: () => undefined,
      notice: () => undefined,
      reveal: r => got.push(r),
    };
    const link = new HostLink({ post: b => posted.push(b) }, view);
    const msg = { channel: 'report', id: 7, body: { type: 'reveal', metric: 'page_views', start: 10 * H, end: 13 * H } };
    assert.equal(parseToWebview(msg).body.type, 'reveal');
    link.receive(msg);
    assert.deepEqual(got, [{ metric: 'page_views', start: 10 * H, end: 13 * H }]);
    new HostLink({ post: b => posted.push(b) }, { ...view, reveal: undefined }).receive(msg);
    link.receive({ channel: 'report', id: 8, body: { type: 'reveal', metric: 'page_views', start: 1, end: 0 } });
    assert.equal(got.length, 1, 'a refused reveal is not applied');
    assert.equal(posted.length, 1, 'and is reported to the host');
  });
});
