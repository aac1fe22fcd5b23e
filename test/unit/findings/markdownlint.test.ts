// "Generated files pass markdownlint with the project's settings" (issue 13), with markdownlint
// itself: the golden files, investigations full of hostile words (headings, list marks, pipes,
// backticks, HTML, tabs, long lines, URLs, emphasis marks, blank lines, unicode) in every field a
// finding shows, and the stricter configs teams commonly keep in .markdownlint.json(c)/.yaml or
// .markdownlint-cli2.jsonc.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { adrMarkdown, postmortemMarkdown } from '../../../src/core/findings';
import { foldLog, type InvestigationState } from '../../../src/core/investigation';
import { Writer } from '../investigation/fixtures';
import { markdownlintProblems, type LintConfig } from './lint';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'findings');
const NOW = Date.parse('2026-11-30T12:00:00Z');
const HOUR = 3_600_000;

/**
 * Team configs. What we guarantee: every rule in markdownlint's defaults, MD013 at 80 columns for
 * prose, headings and tables alike (prose is wrapped, headings cut at a word, a table too wide for
 * 80 columns turns MD013 off for its own lines with markdownlint's inline comments), atx headings (MD003), one list marker per file (MD004
 * consistent: "-" in the post-mortem, "*" in the ADR as MADR's template writes it), no ordered
 * lists (MD029 has nothing to check), `_emphasis_` and `**strong**` (MD049/MD050).
 * What a team config can still flag: MD004 forcing the other marker ("dash" flags the ADR,
 * "asterisk" the post-mortem), MD049 "asterisk" or MD050 "underscore", MD013 below 80 columns or
 * `strict`/`stern` (a URL, a log path or a word longer than the line cannot wrap), MD044
 * proper-names (people's words are kept as written), MD043 required-headings (the SRE and MADR
 * structures are ours), and any custom rule.
 */
const TEAMS: Record<string, { readonly postmortem: LintConfig; readonly adr: LintConfig }> = (() => {
  const strict: LintConfig = {
    MD003: { style: 'atx' },
    MD004: { style: 'consistent' },
    MD013: { line_length: 80, heading_line_length: 80, tables: true, headings: true },
    MD029: { style: 'ordered' },
    MD035: { style: '---' },
    MD046: { style: 'fenced' },
    MD048: { style: 'backtick' },
    MD049: { style: 'underscore' },
    MD050: { style: 'asterisk' },
  };
  return {
    // A docs team's .markdownlint.jsonc: the default rules, with each style pinned instead of "consistent".
    'atx headings, 80 columns, underscore emphasis and asterisk strong': { postmortem: strict, adr: strict },
    // A team that pins the list marker: ours per file.
    'list marker pinned per file': {
      postmortem: { ...strict, MD004: { style: 'dash' } },
      adr: { ...strict, MD004: { style: 'asterisk' } },
    },
    // A team with wider lines, tables and headings out of MD013, and repeated headings allowed in other sections.
    'MD013 at 120 with headings and tables excluded, MD024 among siblings only': {
      postmortem: { MD013: { line_length: 120, headings: false, tables: false }, MD024: { siblings_only: true } },
      adr: { MD013: { line_length: 120, headings: false, tables: false }, MD024: { siblings_only: true } },
    },
    // markdownlint's own "prettier" style (rules that fight a formatter off).
    'the prettier style': {
      postmortem: JSON.parse(readFileSync(require.resolve('markdownlint/style/prettier'), 'utf8')) as LintConfig,
      adr: JSON.parse(readFileSync(require.resolve('markdownlint/style/prettier'), 'utf8')) as LintConfig,
    },
  };
})();

/** Bits of text that mean something to markdown or HTML, and text markdownlint measures. */
const HOSTILE = [
  '#',
  '# ',
  '## heading',
  '###### six',
  '#hashtag',
  '- ',
  '* ',
  '+ ',
  '1. ',
  '2) ',
  '10. ten',
  '|',
  ' | ',
  '| a | b |',
  '| --- | --- |',
  '`',
  '``',
  '```',
  '```js',
  '~~~',
  '<b>',
  '</div>',
  '<script>alert(1)</script>',
  '<!-- comment -->',
  '<br/>',
  '<https://a.example>',
  '<a@b.example>',
  'https://example.com/a_b?c=1&d=(2)',
  'http://x.example/path.',
  'www.example.com',
  'ops@example.com',
  '[link](https://x.example)',
  '![img](i.png)',
  '[ref]: https://r.example',
  '[^1]',
  '*',
  '**',
  '_',
  '__',
  '~~',
  '*emphasis*',
  '**strong**',
  '_under_',
  '* spaced *',
  '>',
  '> quote',
  '---',
  '===',
  '***',
  '___',
  '\\',
  '\\#',
  '&amp;',
  '&',
  '&#35;',
  '  ',
  '   ',
  '    indented',
  '\t',
  '\t\t',
  '\n',
  '\n\n',
  '\n\n\n',
  '\r\n',
  ' \n',
  'trailing  ',
  'é',
  '漢字',
  '👍🏽',
  'עברית',
  '\u200b',
  '\u00a0',
  ':',
  '.',
  '!',
  '。',
  '(',
  ')',
  '[',
  ']',
  'x'.repeat(120),
  ' word'.repeat(40),
  'a-very-long-identifier_with_underscores_and-dashes-that-goes-past-eighty-columns-easily',
];
const piece = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HOSTILE) }, fc.string({ maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 6 }));
/** Hostile user text: 1 to 300 characters (a one-line field's limit), never only whitespace. */
const hostile = fc
  .array(piece, { minLength: 1, maxLength: 14 })
  .map(xs => xs.join(' ').slice(0, 300))
  .filter(t => t.trim() !== '');
const name = hostile.map(t => t.replace(/\s+/g, ' ').trim().slice(0, 60)).filter(t => t !== '');

/** An investigation where every field a finding shows holds hostile text: open, or closed. */
const investigation = fc
  .record({
    lead: name,
    learner: name,
    title: hostile,
    notes: fc.array(fc.tuple(fc.constantFrom('', 'Went well: ', 'Went wrong: ', 'Lucky: ', 'What I learned: ', 'Good: ', 'Bad: '), hostile), { maxLength: 4 }),
    hypotheses: fc.array(fc.tuple(hostile, fc.constantFrom('supported', 'rejected', 'proposed' as const), fc.option(hostile, { nil: undefined })), {
      maxLength: 3,
    }),
    actions: fc.array(fc.tuple(hostile, fc.option(name, { nil: undefined }), fc.constantFrom('open', 'done', 'dropped' as const)), { maxLength: 3 }),
    question: hostile,
    answer: hostile,
    tableTitle: hostile,
    columns: fc.array(hostile, { minLength: 1, maxLength: 4 }),
    cells: fc.array(fc.oneof(hostile, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null)), { maxLength: 8 }),
    chartTitle: hostile,
    slice: fc.dictionary(name, name, { maxKeys: 2 }),
    deploy: fc.tuple(hostile, hostile),
    explanation: fc.array(hostile, { maxLength: 2 }),
    verdict: fc.option(hostile, { nil: undefined }),
    closed: fc.option(fc.record({ summary: hostile, rootCause: hostile, decision: hostile }), { nil: undefined }),
  })
  .map(g => {
    const w = new Writer(g.lead);
    const other = new Writer(g.learner);
    let log = w.line('opened', { title: g.title, origin: 'missed' }) + w.line('role', { person: g.learner, role: 'learner' });
    for (const [prefix, text] of g.notes) log += other.line('note', { text: prefix + text });
    const place = { metric: 'page_views', slice: g.slice, start: Date.parse('2026-11-03T08:00:00Z'), end: Date.parse('2026-11-03T12:00:00Z') };
    const x = [0, 1, 2, 3].map(k => place.start + k * HOUR);
    const chart = w.event('evidence', {
      kind: 'chart',
      title: g.chartTitle,
      place,
      zone: 'America/Los_Angeles',
      series: { x, actual: [100, 60, 55, 90], lastWeek: [100, 100, 100, 100] },
    });
    const width = g.columns.length;
    const rows = Array.from({ length: Math.ceil(g.cells.length / width) }, (_, r) => Array.from({ length: width }, (_, c) => g.cells[r * width + c] ?? null));
    const table = w.event('evidence', { kind: 'table', title: g.tableTitle, place, columns: g.columns, rows });
    const deploy = w.event('evidence', { kind: 'context', title: g.deploy[0], contextKind: 'deploy', start: place.start, detail: g.deploy[1] });
    const why = w.event('evidence', { kind: 'explanation', title: g.tableTitle, place, confidence: 0.5, evidence: g.explanation });
    log += [chart, table, deploy, why].map(e => JSON.stringify(e) + '\n').join('');
    for (const [text, status, reason] of g.hypotheses) {
      const h = other.event('hypothesis', { text });
      log += JSON.stringify(h) + '\n';
      if (status !== 'proposed') log += w.line('hypothesisStatus', { hypothesis: h.id, status, evidence: [chart.id, table.id], ...(reason ? { reason } : {}) });
    }
    const q = other.event('question', { text: g.question });
    log += JSON.stringify(q) + '\n' + w.line('answer', { question: q.id, text: g.answer });
    for (const [text, owner, state] of g.actions) {
      const a = w.event('action', { text, ...(owner ? { owner } : {}) });
      log += JSON.stringify(a) + '\n';
      if (state !== 'open') log += other.line('actionState', { action: a.id, state });
    }
    if (g.verdict !== undefined) log += w.line('verdict', { verdict: 'real', reason: g.verdict });
    if (g.closed) log += w.line('closed', g.closed);
    return { name: '2026-11-03-hostile', state: foldLog(log) };
  });

/** Both findings of an investigation, as the CLI writes them. */
function findings(inv: { readonly name: string; readonly state: InvestigationState }) {
  return {
    postmortem: postmortemMarkdown(inv, { now: NOW }).markdown,
    adr: adrMarkdown(inv, { number: 18, date: '2026-11-04', supersedes: { number: 3, file: '0003-old (draft).md', title: '# <b>old</b> | ok' } }),
  };
}

/** Throws markdownlint's problems with the markdown, so a counterexample shows what broke. */
function assertClean(kind: string, md: string, config: LintConfig = {}): void {
  const p = markdownlintProblems(md, config);
  if (!p.length) return;
  const lines = md.split('\n');
  const at = p.map(l => Number(/ line (\d+):/.exec(l)?.[1])).map(n => `${n}: ${JSON.stringify(lines[n - 1])}`);
  throw new Error(`the ${kind} breaks markdownlint:\n${p.join('\n')}\n${at.join('\n')}\n\n${md}`);
}

describe('findings: markdownlint, with its default rules and teams’ configs', () => {
  const golden = {
    postmortem: readFileSync(join(FIXTURES, 'demo-postmortem.md'), 'utf8'),
    adr: readFileSync(join(FIXTURES, 'demo-adr.md'), 'utf8'),
  };

  it('the golden post-mortem and ADR pass the default rules', () => {
    assert.deepEqual(markdownlintProblems(golden.postmortem), []);
    assert.deepEqual(markdownlintProblems(golden.adr), []);
  });

  it('the helper reports what markdownlint finds (rule, line, detail)', () => {
    const p = markdownlintProblems('# A\n## B\n\ntext \n');
    assert.ok(
      p.some(l => /^MD022\/blanks-around-headings line 1: /.test(l)),
      p.join('\n'),
    );
    assert.ok(
      p.some(l => /^MD009\/no-trailing-spaces line 4: .*\(Expected: 0 or 2; Actual: 1\)/.test(l)),
      p.join('\n'),
    );
    assert.deepEqual(markdownlintProblems(`# A\n\n${'word '.repeat(30)}\n`, { MD013: false, MD009: false }), []);
  });

  it('investigations full of hostile words: both findings pass the default rules, open or closed', () => {
    fc.assert(
      fc.property(investigation, inv => {
        const f = findings(inv);
        assertClean('post-mortem', f.postmortem);
        assertClean('ADR', f.adr);
      }),
      { numRuns: 120 },
    );
  });

  for (const [team, config] of Object.entries(TEAMS)) {
    it(`a team's config: ${team}`, () => {
      assert.deepEqual(markdownlintProblems(golden.postmortem, config.postmortem), []);
      assert.deepEqual(markdownlintProblems(golden.adr, config.adr), []);
      fc.assert(
        fc.property(investigation, inv => {
          const f = findings(inv);
          assertClean('post-mortem', f.postmortem, config.postmortem);
          assertClean('ADR', f.adr, config.adr);
        }),
        { numRuns: 25 },
      );
    });
  }

  it('what a team config can still flag: a forced list marker or emphasis style that is not ours', () => {
    assert.ok(markdownlintProblems(golden.adr, { MD004: { style: 'dash' } }).some(p => p.startsWith('MD004')));
    assert.ok(markdownlintProblems(golden.postmortem, { MD049: { style: 'asterisk' } }).some(p => p.startsWith('MD049')));
  });
});
