// The post-mortem written from an investigation's log (issue 13): a golden file from the demo's
// closed example investigation, people's words kept from breaking the markdown (checked with
// markdownlint itself, default rules), an open investigation as a draft, and the impact counted
// from a frozen anomaly's forecast.
// UPDATE_GOLDEN=1 rewrites the golden files (then read them, and check they read well).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemo } from '../../../src/core/demo';
import { postmortemMarkdown } from '../../../src/core/findings';
import { foldLog, type AnomalyCopy } from '../../../src/core/investigation';
import { Writer } from '../investigation/fixtures';
import { markdownlintProblems } from './lint';

/** The markdown with wrapped paragraphs and list items joined back into one line each (for matching). */
const flat = (md: string) => md.replace(/(?<!\n)\n(?!\n|- |#|\||$) */g, ' ');

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'findings');
const NOW = Date.parse('2026-11-30T12:00:00Z');
const HOUR = 3_600_000;

function golden(file: string, actual: string): void {
  const path = join(FIXTURES, file);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  assert.equal(actual, readFileSync(path, 'utf8'), `${file} differs from the golden file (UPDATE_GOLDEN=1 rewrites it; then read the diff)`);
}

function demoInvestigation() {
  const files = generateDemo({ seed: 42 }).files;
  const path = Object.keys(files).find(p => p.startsWith('.calibrate/investigations/'))!;
  return { name: path.slice(path.lastIndexOf('/') + 1, -'.jsonl'.length), state: foldLog(files[path]!) };
}

describe('findings: the post-mortem', () => {
  describe("the demo's closed iOS investigation (golden)", () => {
    const inv = demoInvestigation();
    const pm = postmortemMarkdown(inv, { now: NOW });

    it('renders the golden markdown and the golden first chart', () => {
      golden('demo-postmortem.md', pm.markdown);
      assert.equal(pm.images.length, 1, 'one pinned chart, one image');
      golden('demo-postmortem-1.svg', pm.images[0]!.svg);
    });

    it('is final, has every section in the SRE order, and passes the markdown rules', () => {
      assert.match(flat(pm.markdown), /^# Post-mortem: iOS page views drop after the 7\.4\.0 release\n/);
      assert.match(flat(pm.markdown), /\*\*Status:\*\* final/);
      const sections = [...pm.markdown.matchAll(/^## (.*)$/gm)].map(m => m[1]);
      assert.deepEqual(sections, [
        'Summary',
        'Impact',
        'Root causes and trigger',
        'Resolution',
        'Detection',
        'Action items',
        'Lessons learned',
        'Timeline (America/Los_Angeles)',
        'Supporting evidence',
      ]);
      assert.deepEqual(markdownlintProblems(pm.markdown), []);
      assert.doesNotMatch(flat(pm.markdown), /To be written.*\n\nThe summary/, 'a closed investigation has its summary');
    });

    it('counts the impact from the frozen chart over the pinned window, and links the image that it returns', () => {
      assert.match(
        flat(pm.markdown),
        /\*\*page views \(platform=ios\):\*\* −\d+% against the same hours last week, Tue 2026-11-03 \d\d:00–\d\d:00 PST, about \d+k fewer page views/,
      );
      const link = /!\[[^\]]+\]\(([^)]+)\)/.exec(pm.markdown)!;
      assert.equal(link[1], `images/${inv.name}-1.svg`);
      assert.equal(pm.images[0]!.file, link[1]);
      assert.match(pm.images[0]!.svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>\n<title>iOS page views, the report’s 24 hours<\/title>/);
    });

    it('has one timeline line per event, in the report zone', () => {
      const timeline = pm.markdown.split('## Timeline')[1]!.split('## Supporting evidence')[0]!;
      assert.equal(timeline.match(/^- /gm)!.length, inv.state.timeline.length);
      assert.match(timeline, /^- Tue 2026-11-03 09:26, Priya Raman: opened the investigation/m);
    });

    it('takes the image folder from the options', () => {
      const other = postmortemMarkdown(inv, { now: NOW, imageDir: 'postmortem-images/' });
      assert.equal(other.images[0]!.file, `postmortem-images/${inv.name}-1.svg`);
      assert.ok(other.markdown.includes(`](postmortem-images/${inv.name}-1.svg)`));
    });
  });

  describe("people's words cannot break the structure", () => {
    const nasty = '| # <script>alert("x")</script> & more';
    const w = new Writer('Ana | <b>');
    let log = w.line('opened', { title: '# <img src=x onerror=alert(1)> title.', origin: 'blank' });
    log += w.line('note', { text: nasty });
    const markdownish =
      '# heading\n\n\n\n- list\n    code\n```\nfence\n```\n1. one\n> quote\n---\nsee https://example.com/a_b?c=1 and [link](https://x.y)\ttab  ';
    log += w.line('note', { text: markdownish });
    log += w.line('note', { text: `Went well: ${nasty}` });
    const h = w.event('hypothesis', { text: `# ${nasty}` });
    log += w.line('action', { text: `Prevent: ${nasty}`, owner: 'Bo | Chan' });
    const e = w.event('evidence', {
      kind: 'table',
      title: 'a | b <c>',
      place: { metric: 'm|x', slice: { 'k|1': '<v>' }, start: 0, end: HOUR },
      columns: ['a|b', '<th>'],
      rows: [
        ['x | y', 1234.5],
        [null, '# z'],
      ],
    });
    const c = w.event('evidence', {
      kind: 'chart',
      title: '<chart> & "title"',
      place: { metric: 'm', slice: {}, start: 0, end: 2 * HOUR },
      zone: 'UTC',
      series: { x: [0, HOUR], actual: [1, null], expected: [2, 2], lower: [1, 1], upper: [3, 3] },
    });
    log += [h, e, c].map(x => JSON.stringify(x) + '\n').join('');
    log += w.line('hypothesisStatus', { hypothesis: h.id, status: 'supported', evidence: [e.id, c.id], reason: nasty });
    log += w.line('closed', { summary: markdownish, rootCause: `# ${nasty}`, decision: '<details>' });
    const pm = postmortemMarkdown({ name: 'x', state: foldLog(log) }, { now: NOW });

    it('passes the markdown rules: no HTML, one H1, tables keep their columns', () => {
      assert.deepEqual(foldLog(log).problems, []);
      assert.deepEqual(markdownlintProblems(pm.markdown), []);
      assert.doesNotMatch(flat(pm.markdown), /<script|<img|<b>|<details>|<th>|<chart>/);
      assert.equal(pm.markdown.match(/^# /gm)!.length, 1);
    });

    it('keeps the words, escaped: pipes in cells, leading #, <, > and &', () => {
      assert.ok(flat(pm.markdown).includes('\\| \\# &lt;script&gt;alert("x")&lt;/script&gt; &amp; more'));
      // The action item's row is wider than markdownlint's 80 columns: still a table, with MD013 off for it alone.
      assert.ok(
        pm.markdown.includes(
          '<!-- markdownlint-disable MD013 -->\n| Action | Owner | Kind | State |\n| --- | --- | --- | --- |\n| Prevent: \\| \\# &lt;script&gt;alert("x")&lt;/script&gt; &amp; more | Bo \\| Chan | prevent | open |\n<!-- markdownlint-enable MD013 -->',
        ),
        'the action item: its text, owner, and the kind from the "Prevent:" prefix',
      );
      assert.ok(flat(pm.markdown).includes('| x \\| y | 1,234.5 |'), 'a table cell');
      assert.ok(flat(pm.markdown).includes('| — | \\# z |'), 'a null cell and a # cell');
      const summary = pm.markdown.split('## Summary\n\n')[1]!.split('\n\n## ')[0]!;
      assert.equal(
        summary,
        [
          '\\# heading',
          '',
          '\\- list',
          'code',
          '\\`\\`\\`',
          'fence',
          '\\`\\`\\`',
          '1\\. one',
          '&gt; quote',
          '\\---',
          'see <https://example.com/a_b?c=1> and link (<https://x.y>) tab',
        ].join('\n'),
        'block marks are text, blank-line runs are one, URLs are autolinks, tabs and trailing spaces gone',
      );
      assert.ok(flat(pm.markdown).includes('\n\\# \\| \\# &lt;script&gt;'), 'a root cause starting with # is text');
      // Every table row has its table's column count: markdownlint's MD056, checked with the default rules.
    });

    it('escapes the SVG text for XML', () => {
      const svg = pm.images[0]!.svg;
      assert.ok(svg.includes('&lt;chart&gt; &amp; &quot;title&quot;'));
      assert.doesNotMatch(svg, /<chart>/);
    });

    it('lists "Went well:" notes under lessons, not the placeholder', () => {
      const well = pm.markdown.split('### What went well')[1]!.split('###')[0]!;
      assert.match(well, /^- \\\| \\# &lt;script&gt;/m);
      assert.doesNotMatch(well, /To be written/);
    });
  });

  describe('an open investigation', () => {
    const w = new Writer('Sam Ortiz');
    let log = w.line('opened', { title: 'Checkout dip', origin: 'missed' });
    log += w.line('hypothesis', { text: 'A payment provider outage.' });
    const pm = postmortemMarkdown({ name: '2026-11-03-checkout-dip', state: foldLog(log) }, { now: Date.parse('2026-11-03T20:30:00Z') });

    it('is a draft with every gap marked, and still passes the markdown rules', () => {
      assert.match(flat(pm.markdown), /\*\*Status:\*\* draft \(the investigation is open, not closed\)/);
      assert.match(flat(pm.markdown), /## Summary\n\n_To be written\._/);
      assert.match(flat(pm.markdown), /## Resolution\n\n_To be written\._/);
      assert.match(flat(pm.markdown), /No hypothesis is marked supported yet\./);
      assert.match(flat(pm.markdown), /The log has no frozen numbers to measure the impact with/);
      assert.match(flat(pm.markdown), /\*\*Onset:\*\* not in the log/);
      assert.match(flat(pm.markdown), /\*\*Open for:\*\* \d+ h \d+ min \(still open\)/);
      assert.match(flat(pm.markdown), /No action items in the log\./);
      assert.match(flat(pm.markdown), /Reported by a person: Calibrate did not flag it/);
      assert.equal(pm.markdown.match(/Notes that start with "(Went well|Went wrong|Lucky):" appear here/g)!.length, 3);
      assert.match(flat(pm.markdown), /No evidence was pinned\./);
      assert.deepEqual(pm.images, []);
      assert.deepEqual(markdownlintProblems(pm.markdown), []);
      assert.match(flat(pm.markdown), /\*\*Verdict:\*\* none yet/);
    });

    it('a note, question or author that is only markdown marks leaves no dangling colon (a fast-check counterexample)', () => {
      const v = new Writer('` `');
      let marks = v.line('opened', { title: 'Marks', origin: 'missed' });
      marks += v.line('note', { text: '` `' });
      marks += v.line('question', { text: '``  ``' });
      const md = postmortemMarkdown({ name: '2026-11-03-marks', state: foldLog(marks) }, { now: Date.parse('2026-11-03T20:30:00Z') }).markdown;
      const timeline = md.split('## Timeline')[1]!.split('\n## ')[0]!;
      assert.match(timeline, /, someone: note\n/);
      assert.match(timeline, /, someone: asked\n/);
      assert.deepEqual(markdownlintProblems(md), []);
    });

    it('a hypothesis that is only a number keeps its list item flat: "2" reads "2\\." (a fast-check counterexample)', () => {
      const v = new Writer('Ana');
      let text = v.line('opened', { title: 'Numbers', origin: 'missed' });
      text += v.line('hypothesis', { text: '2' });
      text += v.line('hypothesis', { text: '3' });
      const state = foldLog(text);
      text += v.line('hypothesisStatus', { hypothesis: state.hypotheses[0]!.id, status: 'supported', evidence: [] });
      text += v.line('hypothesisStatus', { hypothesis: state.hypotheses[1]!.id, status: 'rejected', evidence: [] });
      const md = postmortemMarkdown({ name: '2026-11-03-numbers', state: foldLog(text) }, { now: Date.parse('2026-11-03T20:30:00Z') }).markdown;
      assert.match(md, /^- 2\\\. Proposed by Ana\./m);
      assert.match(md, /^- 3\\\.$/m);
      assert.deepEqual(markdownlintProblems(md), []);
      assert.deepEqual(markdownlintProblems(md, { MD029: { style: 'one' } }), []);
    });

    it('closed without a verdict: final, and says the verdict was never set (not "none yet")', () => {
      const closed = log + w.line('closed', { summary: 'Not reproduced.', rootCause: 'Unknown.', decision: 'Watch next week.' });
      const md = flat(postmortemMarkdown({ name: '2026-11-03-checkout-dip', state: foldLog(closed) }, { now: Date.parse('2026-11-04T09:00:00Z') }).markdown);
      assert.match(md, /\*\*Status:\*\* final \(the investigation is closed\)/);
      assert.match(md, /\*\*Verdict:\*\* none \(the investigation was closed without one\)/);
      assert.doesNotMatch(md, /none yet/);
    });
  });

  describe('impact from a frozen anomaly with a forecast', () => {
    const start = Date.parse('2026-11-03T10:00:00Z'); // 02:00 PST
    const x = [-1, 0, 1, 2, 3].map(k => start + k * HOUR);
    const anomaly: AnomalyCopy = {
      metric: 'page_views',
      slice: {},
      start,
      end: start + 3 * HOUR,
      label: 'Page views',
      direction: 'down',
      severity: 4,
      vsForecastPct: -16,
      zone: 'America/Los_Angeles',
      series: { x, actual: [400_000, 300_000, 315_000, 330_000, 400_000], expected: [400_000, 375_000, 375_000, 375_000, 400_000] },
      explanations: [],
      configVersion: 'abc',
    };
    const w = new Writer('Priya Raman');
    const log =
      w.line('opened', { title: 'Page views drop', origin: 'anomaly', anomaly }) + w.line('action', { text: 'Mitigate: roll back', owner: 'Priya Raman' });
    const pm = postmortemMarkdown({ name: 'p', state: foldLog(log) }, { now: NOW });

    it('sums actual against forecast over the window: −16%, about 180k fewer', () => {
      assert.ok(
        flat(pm.markdown).includes(
          '- **page views:** −16% against forecast, Tue 2026-11-03 02:00–05:00 PST, about 180k fewer page views (945k actual, 1.13M forecast, 3 hours)',
        ),
        pm.markdown,
      );
      assert.doesNotMatch(flat(pm.markdown), /same hours last week/);
    });

    it('times the detection from the onset to the opening, and reads the action kind', () => {
      assert.match(flat(pm.markdown), /\*\*Onset:\*\* Tue 2026-11-03 02:00 PST \(the start of the hour, from the frozen anomaly\)/);
      assert.match(flat(pm.markdown), /\*\*Onset to investigation:\*\* \d+ (min|h \d+ min)/);
      assert.ok(flat(pm.markdown).includes('| Mitigate: roll back | Priya Raman | mitigate | open |'));
      assert.deepEqual(markdownlintProblems(pm.markdown), []);
    });

    it('uses the zone given over the anomaly’s', () => {
      const utc = postmortemMarkdown({ name: 'p', state: foldLog(log) }, { now: NOW, zone: 'UTC' });
      assert.match(flat(utc.markdown), /Tue 2026-11-03 10:00–13:00 UTC/);
      assert.match(flat(utc.markdown), /## Timeline \(UTC\)/);
    });
  });
});
