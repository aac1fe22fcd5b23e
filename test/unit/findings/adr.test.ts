// The ADR written from an investigation: the demo's closed iOS investigation as a golden file
// (UPDATE_GOLDEN=1 rewrites it), open versus closed status, the supersedes line, escaping, and
// markdownlint's default rules (markdownlint itself, a devDependency: see ./lint.ts).
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemo } from '../../../src/core/demo';
import { adrMarkdown, relativePath } from '../../../src/core/findings/adr';
import { eventLine, foldLog, newEvent, type EventData, type EventType } from '../../../src/core/investigation';
import { withFrozenExample } from '../../../src/workspace/demoExample';
import { markdownlintProblems } from './lint';

const GOLDEN = join(__dirname, '..', '..', 'fixtures', 'findings', 'demo-adr.md');

/** The demo's example as the demo workspace holds it: with the anomaly it was opened from, frozen in. */
async function demoInvestigation() {
  const files = await withFrozenExample(generateDemo({ seed: 42 }));
  const path = Object.keys(files).find(f => f.startsWith('.calibrate/investigations/'))!;
  return {
    name: path
      .split('/')
      .pop()!
      .replace(/\.jsonl$/, ''),
    text: files[path]!,
  };
}

/** A log from events written in order by one clock. */
function log(events: readonly [string, EventType, unknown][]): string {
  let clock = 0;
  return events
    .map(([author, type, data], i) => {
      const e = newEvent(
        { author, now: () => Date.parse('2026-11-03T10:00:00Z') + i * 60_000, newId: () => `event-${i}-x` },
        clock,
        type,
        data as EventData[EventType],
      );
      clock = e.clock;
      return eventLine(e);
    })
    .join('');
}

describe('findings: adrMarkdown', () => {
  it('the demo’s closed investigation: the golden ADR (UPDATE_GOLDEN=1 rewrites it), accepted, lint-clean', async () => {
    const d = await demoInvestigation();
    const md = adrMarkdown({ name: d.name, state: foldLog(d.text) }, { number: 17, date: '2026-11-03', folder: 'docs/adr' });
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, md);
    assert.equal(md, readFileSync(GOLDEN, 'utf8'));
    assert.deepEqual(markdownlintProblems(md), []);
    assert.match(md, /^---\nstatus: accepted\ndate: 2026-11-03\ndecision-makers: Priya Raman, Sam Ortiz\n---\n\n# Keep 7\.4\.0 pulled/);
    for (const h of [
      '## Context and Problem Statement',
      '## Decision Drivers',
      '## Considered Options',
      '## Decision Outcome',
      '### Consequences',
      '### Confirmation',
    ])
      assert.ok(md.includes(`\n${h}\n`), h);
    assert.ok(md.includes(`](../../.calibrate/investigations/${d.name}.jsonl)`), 'the link back resolves from docs/adr');
    assert.ok(md.includes('* Rejected: Monday Night Football'));
    assert.ok(md.includes('* Done: Add an open-a-shared-link check'));
    assert.ok(md.includes('Good, because (to be written)'));
  });

  it('open: proposed, placeholders marked "to be written", the investigation’s title as the title', () => {
    const text = log([
      ['Ana', 'opened', { title: 'Checkout errors up', origin: 'blank' }],
      ['Ana', 'hypothesis', { text: 'The payment provider is slow.' }],
    ]);
    const md = adrMarkdown({ name: '2026-11-03-checkout', state: foldLog(text) }, { number: 3, date: '2026-11-04' });
    assert.match(md, /^---\nstatus: proposed\ndate: 2026-11-04\ndecision-makers: Ana\n---\n\n# Checkout errors up\n/);
    assert.ok(md.includes('Chosen option: (to be written when the investigation closes with a decision).'));
    assert.ok(md.includes('(to be written: the investigation has no action items yet)'));
    assert.deepEqual(markdownlintProblems(md), []);
  });

  it('Good:/Bad: notes become consequences; --title overrides; a supersedes line under the title', () => {
    const text = log([
      ['Ana', 'opened', { title: 'Checkout errors up', origin: 'blank' }],
      ['Ana', 'note', { text: 'Good: retries hide the provider’s blips.' }],
      ['Ana', 'note', { text: 'bad:   one more moving part' }],
      ['Ana', 'closed', { summary: 'Errors doubled.', rootCause: 'The provider timed out.', decision: 'Retry payments twice.' }],
    ]);
    const md = adrMarkdown(
      { name: 'x', state: foldLog(text) },
      { number: 18, date: '2026-11-04', title: 'Retry payments', supersedes: { number: 16, file: '0016-pair-investigation.md', title: 'Pair investigation' } },
    );
    assert.ok(md.includes('\n# Retry payments\n\nSupersedes [ADR 0016](0016-pair-investigation.md) (Pair investigation).\n\n## Context'));
    assert.ok(md.includes('* Good, because retries hide the provider’s blips.\n* Bad, because one more moving part\n'));
    assert.ok(md.includes('Chosen option: "Retry payments twice.", because the provider timed out.'));
    assert.match(md, /^status: accepted$/m);
    assert.deepEqual(markdownlintProblems(md), []);
  });

  it('escapes user text: HTML, leading #, list and quote marks, setext lines, bare URLs; no word lost', () => {
    const hostile = '# <script>alert(1)</script> &amp;\n\n---\n> quote\n1. one\n- two\n=== see https://example.com/a?b=1&c=2.';
    const text = log([
      ['<b>Eve</b>: #1', 'opened', { title: '## <img src=x onerror=alert(1)> title #', origin: 'blank' }],
      ['<b>Eve</b>: #1', 'hypothesis', { text: hostile }],
      ['<b>Eve</b>: #1', 'hypothesisStatus', { hypothesis: 'event-1-x', status: 'rejected', evidence: [], reason: hostile }],
      ['<b>Eve</b>: #1', 'closed', { summary: hostile, rootCause: hostile, decision: `${'word '.repeat(30)}#` }],
    ]);
    const md = adrMarkdown({ name: 'x', state: foldLog(text) }, { number: 1, date: '2026-11-04' });
    assert.deepEqual(markdownlintProblems(md), []);
    const body = md.split('\n---\n')[1]!;
    assert.ok(!/<(script|img|b)\b/.test(body), 'no raw HTML in the body (the front matter quotes it)');
    assert.ok(md.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;'));
    assert.match(md, /^decision-makers: "<b>Eve<\/b>: #1"$/m, 'a name that is not a plain YAML scalar is quoted');
    assert.equal(md.match(/^# /gm)?.length, 1, 'one H1: the user’s "#" never starts a heading');
    assert.ok(!/^(> |\d+\. |- |=+$|---$)/m.test(body), 'no line of the body starts a block from user text');
    assert.ok(md.includes('<https://example.com/a?b=1&c=2>.'), 'a bare URL is an autolink');
    const words = (s: string) =>
      s.replace(/\\/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/[<>]/g, '').split(/\s+/).filter(Boolean);
    const all = words(md).join(' ');
    for (const w of words(hostile)) assert.ok(all.includes(w), `"${w}" kept`);
  });

  it('relativePath: the log from any ADR folder', () => {
    assert.equal(relativePath('docs/adr', '.calibrate/investigations/x.jsonl'), '../../.calibrate/investigations/x.jsonl');
    assert.equal(relativePath('adr', '.calibrate/investigations/x.jsonl'), '../.calibrate/investigations/x.jsonl');
    assert.equal(relativePath('.calibrate', '.calibrate/investigations/x.jsonl'), 'investigations/x.jsonl');
    assert.equal(relativePath('', '.calibrate/investigations/x.jsonl'), '.calibrate/investigations/x.jsonl');
  });
});
