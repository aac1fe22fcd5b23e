// The investigation view's pure pieces, in Node (there is no DOM shim here; the e2e test checks the
// DOM end in Chromium): markdown is rendered with raw HTML off and only http/https/mailto links
// (then sanitized to SANITIZE's allow-list), the composer's length message, times in the report zone
// with a UTC fallback, the timeline window, newer-version events in words, the chart geometry, and
// the view's message link (ready, append refused with its reason, a malformed state refused whole).
import assert from 'node:assert/strict';
import { isOpenableHref, markdownHtml, SANITIZE } from '../../../webview/investigation/markdownText';
import { describeEntry, draftProblem, formatAt, formatWindow, timelineWindow, zoneOf } from '../../../webview/investigation/format';
import { chartGeometry } from '../../../webview/investigation/chartGeometry';
import { InvestigationLink, type InvestigationViewPort } from '../../../webview/investigation/link';
import { sampleState, T0 } from '../messaging/investigationFixture';
import { viewedState } from '../../../src/messaging/investigationProtocol';
import { jsonForScript } from '../../../src/panel/inlineDocument';

const tick = () => new Promise(r => setTimeout(r, 0));

describe('investigation view', () => {
  describe('markdown', () => {
    it('shows a script tag and raw HTML as text, never as markup', () => {
      assert.equal(markdownHtml('<script>alert(1)</script>'), '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n');
      assert.equal(markdownHtml('<img src=x onerror=alert(1)>'), '<p>&lt;img src=x onerror=alert(1)&gt;</p>\n');
      assert.doesNotMatch(markdownHtml('a <b onclick="x()">b</b>'), /<b/);
    });

    it('makes links of http, https and mailto only; javascript:, data:, file: and relative links stay text', () => {
      assert.equal(markdownHtml('[ok](https://example.com/a?b=1)'), '<p><a href="https://example.com/a?b=1">ok</a></p>\n');
      assert.match(markdownHtml('[mail](mailto:oncall@example.com)'), /<a href="mailto:oncall@example.com">/);
      for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', 'file:///etc/passwd', '/relative', 'command:x', 'vscode://x']) {
        assert.doesNotMatch(markdownHtml(`[link](${bad})`), /<a/, bad);
      }
      assert.doesNotMatch(markdownHtml('see https://example.com'), /<a/, 'no autolinks: a link is what the author wrote as one');
      assert.doesNotMatch(markdownHtml('![x](https://example.com/a.png)'), /<img/, 'images are shown as text: nothing loads');
    });

    it('demotes headings to h4 and keeps lists, code, quotes and tables', () => {
      assert.equal(markdownHtml('# Big'), '<h4>Big</h4>\n');
      assert.match(markdownHtml('- a\n- b'), /<ul>/);
      assert.match(markdownHtml('`x`'), /<code>x<\/code>/);
      assert.match(markdownHtml('> q'), /<blockquote>/);
      assert.match(markdownHtml('| a |\n|---|\n| 1 |'), /<table>/);
    });

    it('sanitizes to a small allow-list: no script, style, image, frame or event attribute survives', () => {
      const tags: readonly string[] = SANITIZE.ALLOWED_TAGS;
      for (const t of ['script', 'style', 'img', 'iframe', 'object', 'form', 'input', 'svg', 'math', 'h1', 'h2']) assert.ok(!tags.includes(t), t);
      assert.deepEqual([...SANITIZE.ALLOWED_ATTR], ['href']);
      for (const ok of ['https://x', 'http://x', 'mailto:a@b']) assert.ok(SANITIZE.ALLOWED_URI_REGEXP.test(ok), ok);
      for (const bad of ['javascript:x', 'data:x', '/x', 'vbscript:x']) assert.ok(!SANITIZE.ALLOWED_URI_REGEXP.test(bad), bad);
      assert.equal(isOpenableHref('javascript:alert(1)'), false);
    });
  });

  describe('composer', () => {
    it('says a note is too long before sending, with its length and the limit', () => {
      assert.equal(
        draftProblem('note', 'x'.repeat(65_537)),
        'This note is 65,537 characters; notes are limited to 65,536. Shorten it, or link to the full text, then send again.',
      );
      assert.equal(draftProblem('note', 'x'.repeat(65_536)), undefined);
      assert.equal(draftProblem('note', '   '), 'Write the note first.');
      assert.equal(draftProblem('reason', '', false), undefined);
      assert.match(draftProblem('rootCause', '')!, /root cause/);
      assert.match(draftProblem('note', 'x'.repeat(1_048_576))!, /1,048,576 characters/);
    });
  });

  describe('times and words', () => {
    it('shows times in the report zone, and UTC when there is none or it is unknown', () => {
      const s = sampleState();
      assert.equal(zoneOf(s), 'Europe/Berlin');
      assert.equal(formatAt(T0, 'Europe/Berlin'), 'Tue 24 Nov, 13:00');
      assert.equal(formatAt(new Date(T0).toISOString(), 'UTC'), 'Tue 24 Nov, 12:00');
      assert.equal(formatWindow(T0, T0 + 3 * 3_600_000, 'Europe/Berlin'), 'Tue 24 Nov, 13:00–16:00');
      assert.equal(zoneOf({}), 'UTC');
      assert.equal(zoneOf({ anomaly: { ...s.anomaly!, zone: 'Mars/Olympus' } }), 'UTC');
    });

    it('draws the latest 500 of 10,000 timeline entries, saying how many are older', () => {
      assert.deepEqual(timelineWindow(10_000, 500), { from: 9_500, hidden: 9_500 });
      assert.deepEqual(timelineWindow(300, 500), { from: 0, hidden: 0 });
    });

    it('names an event from a newer Calibrate and asks for an update', () => {
      const s = sampleState();
      const foreign = s.timeline.find(t => 'foreign' in t)!;
      const d = describeEntry(foreign, new Map());
      assert.equal(d.foreign, true);
      assert.match(d.what, /newer Calibrate: update to see it .*reaction/);
      const status = s.timeline.find(t => 'event' in t && t.event.type === 'hypothesisStatus')!;
      const titles = new Map(s.hypotheses.map(h => [h.id, h.text]));
      assert.match(describeEntry(status, titles).what, /deep links.*marked supported with 1 evidence/);
    });

    it('says which finding was written and which commit was linked, and how', () => {
      const s = sampleState();
      const entry = (type: string) =>
        describeEntry(
          s.timeline.find(t => 'event' in t && t.event.type === type)!,
          new Map(),
        );
      assert.equal(entry('finding').what, 'Wrote the post-mortem docs/postmortems/2026-11-24-orders-ios.md');
      assert.deepEqual(entry('commit'), { what: 'Commit 01234567 linked (its Investigation: trailer)', text: 'Fix the iOS deep links' });
    });
  });

  describe('chart geometry', () => {
    it('draws the actual line (lifting the pen over gaps) over a closed band', () => {
      const s = sampleState();
      const series = s.anomaly!.series;
      const g = chartGeometry(series, 320, 110);
      assert.equal((g.actual.match(/M/g) ?? []).length, 2, 'one gap (a null hour) splits the line in two');
      assert.equal((g.band.match(/Z/g) ?? []).length, 1);
      assert.ok(g.yMin <= Math.min(...(series.lower as number[])) && g.yMax >= Math.max(...(series.upper as number[])));
      for (const n of g.actual.match(/-?[\d.]+/g)!.map(Number)) assert.ok(n >= 0 && n <= 320, `inside the box: ${n}`);
      const flat = chartGeometry({ x: [1], actual: [5] }, 100, 50);
      assert.match(flat.actual, /^M50,25$/);
      assert.deepEqual(chartGeometry({ x: [], actual: [] }, 100, 50).actual, '');
    });
  });

  describe('message link', () => {
    function link(timeoutMs = 1000) {
      const posted: { id: number; body: { type: string }; request?: boolean }[] = [];
      const seen = { states: 0, gone: [] as string[], failed: [] as string[], notices: [] as string[] };
      const view: InvestigationViewPort = {
        state: () => seen.states++,
        gone: m => seen.gone.push(m.message),
        failed: r => seen.failed.push(r),
        notice: t => seen.notices.push(t),
      };
      const l = new InvestigationLink({ post: e => void posted.push(e as (typeof posted)[number]) }, view, timeoutMs);
      const answer = (body: unknown) => l.receive({ channel: 'investigation', id: 1000 + posted.length, inReplyTo: posted.at(-1)!.id, body });
      return { l, posted, seen, answer };
    }

    it('draws the state that answers ready, and later states and gone', async () => {
      const { l, seen, answer } = link();
      const ready = l.ready();
      answer({ type: 'state', name: 'x', me: 'Priya Raman', state: viewedState(sampleState(), 500) });
      await ready;
      assert.equal(seen.states, 1);
      l.receive({ channel: 'investigation', id: 50, body: { type: 'gone', name: 'x', message: 'The log was deleted.' } });
      assert.deepEqual(seen.gone, ['The log was deleted.']);
    });

    it('returns the reason an append was refused (the composer keeps the draft)', async () => {
      const { l, posted, answer } = link();
      const p = l.append('note', { text: 'hi' });
      assert.deepEqual(posted[0].body, { type: 'append', eventType: 'note', data: { text: 'hi' } });
      answer({ type: 'error', message: 'The investigation "x" no longer exists.' });
      assert.equal(await p, 'The investigation "x" no longer exists.');
      const q = l.append('note', { text: 'hi' });
      answer({ type: 'ok' });
      assert.equal(await q, undefined);
      const slow = link(20);
      assert.match((await slow.l.append('note', { text: 'x' }))!, /did not answer within/);
    });

    it('refuses a malformed state whole: says so and tells the host', async () => {
      const { l, posted, seen } = link();
      l.receive({
        channel: 'investigation',
        id: 9,
        body: { type: 'state', name: 'x', me: 'a', state: { ...viewedState(sampleState(), 500), status: 'bogus' } },
      });
      await tick();
      assert.equal(seen.states, 0);
      assert.match(seen.failed[0], /could not be shown: .*status/);
      assert.equal(posted.at(-1)!.body.type, 'webviewError');
    });

    it('draws the state written into the page at once, checked like a message (ADR 0025)', () => {
      const { l, posted, seen } = link();
      const good = { type: 'state', name: 'x', me: 'Priya Raman', state: viewedState(sampleState(), 500) };
      // As the host writes it: every < escaped (inlineDocument.jsonForScript), the same string once parsed.
      l.first(jsonForScript(good));
      assert.equal(seen.states, 1);
      assert.equal(posted.length, 0, 'nothing to tell the host');
      l.first(undefined);
      l.first('');
      assert.equal(seen.states, 1, 'no block: nothing drawn, ready will');
      for (const [text, why] of [
        ['{"type":"state",', /not JSON/],
        [JSON.stringify({ ...good, name: '../x' }), /refused \(state needs the log name/],
        [JSON.stringify({ type: 'gone', name: 'x', message: 'm' }), /refused \(it is not a state\)/],
      ] as const) {
        l.first(text);
        assert.equal(seen.states, 1, text);
        assert.equal(seen.failed.length, 0, 'not a failure: ready brings the state');
        const last = posted.at(-1)!.body as { type: string; message: string };
        assert.equal(last.type, 'webviewError');
        assert.match(last.message, why);
      }
    });
  });
});
