// The webview document with its script and styles inline (src/panel/inlineDocument.ts, ADR 0025):
// everything inline carries the nonce, user text is escaped, and text that could end its element
// early is linked instead.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { reportCsp } from '../../../src/panel/csp';
import { escapeXml } from '../../../src/core/findings/text';
import { inlinable, inlineDocument, type InlineDocumentParts } from '../../../src/panel/inlineDocument';

const ROOT = path.resolve(__dirname, '../../..');

const parts = (over: Partial<InlineDocumentParts> = {}): InlineDocumentParts => ({
  nonce: 'n0nce+/=',
  csp: reportCsp('https://x.vscode-cdn.net', 'n0nce+/=', { inlineStyles: true }),
  title: 'Investigation',
  styles: [{ uri: 'https://x/media/a.css', text: 'body { color: var(--vscode-foreground); }' }],
  script: { uri: 'https://x/dist/webview/v.js', text: 'window.drawn = 1;' },
  body: { 'data-log': '2026-11-30-ios', 'data-folder': 'file:///w' },
  loading: 'Loading…',
  ...over,
});

describe('inline webview document', () => {
  it('puts the script and styles inside the page under the nonce, and links nothing', () => {
    const html = inlineDocument(parts());
    assert.match(html, /<script nonce="n0nce\+\/=">\nwindow\.drawn = 1;\n<\/script>/);
    assert.match(html, /<style nonce="n0nce\+\/=">\nbody \{ color: var\(--vscode-foreground\); \}\n<\/style>/);
    assert.doesNotMatch(html, /<link|src=/);
    // One script element, and it is the nonce'd one.
    assert.equal(html.match(/<script/g)?.length, 1);
  });

  it("allows inline styles only by the nonce, never 'unsafe-inline'", () => {
    const csp = reportCsp('https://x.vscode-cdn.net', 'abc', { inlineStyles: true });
    const style = csp.split('; ').find(d => d.startsWith('style-src '));
    assert.equal(style, "style-src https://x.vscode-cdn.net 'nonce-abc'");
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    // The report keeps linked styles only.
    assert.equal(
      reportCsp('s', 'abc')
        .split('; ')
        .find(d => d.startsWith('style-src ')),
      'style-src s',
    );
  });

  it('escapes the log name, folder, title and loading text', () => {
    const html = inlineDocument(parts({ body: { 'data-log': 'a"><script>x()</script>', 'data-folder': 'f&g' }, title: '<b>', loading: '<i>' }));
    assert.match(html, /data-log="a&quot;&gt;&lt;script&gt;x\(\)&lt;\/script&gt;"/);
    assert.match(html, /data-folder="f&amp;g"/);
    assert.match(html, /<title>&lt;b&gt;<\/title>/);
    assert.equal(html.match(/<script/g)?.length, 1);
  });

  it('links a script that could end its element early, or put the parser in its double-escaped state', () => {
    for (const text of ['s = "</script>";', 's = "</SCRIPT ";', 'a = "<!--"; b = "<script>";']) {
      assert.equal(inlinable('script', text), false, text);
      const html = inlineDocument(parts({ script: { uri: 'https://x/v.js', text } }));
      assert.match(html, /<script nonce="n0nce\+\/=" src="https:\/\/x\/v\.js"><\/script>/, text);
      assert.ok(!html.includes(text), 'the text is not in the page');
    }
    assert.equal(inlinable('script', 'if (s.startsWith("<!--")) skip();'), true, 'a comment opener alone is harmless');
    assert.equal(inlinable('style', 'a::after { content: "</style>"; }'), false);
    const html = inlineDocument(parts({ styles: [{ uri: 'https://x/a.css', text: 'x{}</style><script>' }] }));
    assert.match(html, /<link rel="stylesheet" href="https:\/\/x\/a\.css">/);
  });

  it('links what could not be read', () => {
    const html = inlineDocument(parts({ styles: [{ uri: 'https://x/a.css' }], script: { uri: 'https://x/v.js' } }));
    assert.match(html, /<link rel="stylesheet" href="https:\/\/x\/a\.css">/);
    assert.match(html, /<script nonce="n0nce\+\/=" src="https:\/\/x\/v\.js"><\/script>/);
  });

  it("writes data as a JSON block no user text can end: every '<' escaped, the same value once parsed", () => {
    const value = { note: '</script><script>alert(1)</script> <!-- <script>', n: 1.5 };
    const html = inlineDocument(parts({ data: { id: 'first-state', value } }));
    const block = html.match(/<script type="application\/json" id="first-state">(.*?)<\/script>/s);
    assert.ok(block, 'one JSON block');
    assert.ok(!block[1].includes('<'), 'no < inside it');
    assert.deepEqual(JSON.parse(block[1]), value);
    assert.equal(html.match(/<script nonce/g)?.length, 1, 'still one script that runs');
    assert.ok(html.indexOf('id="first-state"') < html.indexOf('<script nonce'), 'the data is in the page before the script reads it');
  });

  it('escapes text for attributes and content', () => {
    assert.equal(escapeXml(`<a href="x">&'`), `&lt;a href=&quot;x&quot;&gt;&amp;'`);
  });

  it("inlines the shipped stylesheets (no url() they would resolve against the page's address)", () => {
    for (const css of ['report.css', 'insights.css', 'context.css', 'heatmap.css', 'investigation.css']) {
      const text = fs.readFileSync(path.join(ROOT, 'media', css), 'utf8');
      assert.ok(inlinable('style', text), css);
      assert.doesNotMatch(text, /url\(|@import/, `${css}: a relative URL would break once inline`);
    }
  });
});
