// `calibrate investigation list|show` and the logs `calibrate check` validates, as CI runs them: the
// bundle in a real process, on the generated demo (which ships a closed example investigation).
import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventLine, newEvent } from '../../../src/core/investigation';
import { buildCli, copier, generateDemo, tempDir } from '../helpers/demoWorkspace';

const NAME = '2026-11-03-ios-page-views-drop-after-the-7-4-0-release';
const LOG = `.calibrate/investigations/${NAME}.jsonl`;

describe('cli: calibrate investigation', function () {
  this.timeout(60_000);
  let base: string;
  let demo: string;
  let run: Awaited<ReturnType<typeof buildCli>>['run'];
  let copy: ReturnType<typeof copier>;

  before(async () => {
    base = tempDir('calibrate-cli-inv-');
    ({ run } = await buildCli(base));
    demo = generateDemo(base, 42).workspace;
    copy = copier(base, demo);
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  const note = (author: string, clock: number, text: string, id = `note-${clock}-${author}`) =>
    eventLine(newEvent({ author, now: () => Date.parse('2026-11-03T19:00:00Z'), newId: () => id }, clock - 1, 'note', { text }));

  it('list: the demo’s closed investigation, with status, verdict, the anomaly’s place, participants, age', () => {
    const r = run(['investigation', 'list', '--folder', demo]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], '1 investigation (0 open, 1 closed), newest first:');
    assert.equal(lines[2], `${NAME}  iOS page views drop after the 7.4.0 release`);
    assert.match(
      lines[3]!,
      /^ {2}closed \(resolved\) · verdict: real · page_views, Tue 2026-11-03 02:00–05:00 America\/Los_Angeles · Priya Raman \(lead\), Sam Ortiz \(learner\) · opened \d+ d ago$/,
    );
  });

  it("people: each person's history from the logs (the demo: Priya led, Sam shadowed), and as JSON", () => {
    const r = run(['investigation', 'people', '--folder', demo]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      'Priya Raman',
      '  shadowed  0',
      '  drafted   0',
      `  led       1: ${NAME}`,
      '  led solo  0',
      // The hand-off ladder (issue 16), with the default thresholds: Priya led it with only a learner beside her.
      '  level     solo',
      '  next      Priya Raman is at solo and leads alone: take a learner along to shadow.',
      'Sam Ortiz',
      `  shadowed  1: ${NAME}`,
      '  drafted   0',
      '  led       0',
      '  led solo  0',
      '  level     shadow',
      "  next      1 more investigation shadowed, then Sam Ortiz can draft hypotheses for the lead's review",
    ]);
    const j = JSON.parse(run(['investigation', 'people', '--folder', demo, '--json']).stdout) as {
      version: number;
      people: { person: string; led: string[] }[];
    };
    assert.equal(j.version, 1);
    assert.deepEqual(
      j.people.map(p => [p.person, p.led]),
      [
        ['Priya Raman', [NAME]],
        ['Sam Ortiz', []],
      ],
    );
    assert.equal(run(['investigation', 'people', 'x', '--folder', demo]).code, 2, 'people takes no file');
  });

  it("people: each level with the team's `ladder:` thresholds; a wrong one is said at its line, and no level is shown", () => {
    const config = '.calibrate/report.yaml';
    const withLadder = (ladder: string) => copy(w => appendFileSync(join(w, config), ladder));
    const eased = run(['investigation', 'people', '--folder', withLadder('ladder:\n  draft: { shadowed: 1 }\n'), '--json']);
    assert.equal(eased.code, 0, eased.stderr);
    const people = (JSON.parse(eased.stdout) as { people: { person: string; level: string; next?: { rung: string; text: string } }[] }).people;
    assert.deepEqual(
      people.map(p => [p.person, p.level, p.next?.text]),
      [
        ['Priya Raman', 'solo', undefined],
        ['Sam Ortiz', 'draft', '3 more approved drafts and 1 more drill passed, then Sam Ortiz can lead an investigation with an expert present'],
      ],
    );
    const ws = withLadder('ladder:\n  lead:\n    approvedDrafts: two\n');
    const line = readFileSync(join(ws, config), 'utf8').trimEnd().split('\n').length;
    const bad = run(['investigation', 'people', '--folder', ws]);
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr, `calibrate: ${config}:${line}:21: ladder.lead.approvedDrafts is the text "two". Expected a whole number from 0 to 1000.\n`);
    assert.doesNotMatch(bad.stdout, /level|next/);
    assert.match(bad.stdout, /^Priya Raman\n/);
  });

  it('list --json: version 1, one entry per log, instants in UTC ISO', () => {
    const r = run(['investigation', 'list', '--json'], { cwd: demo });
    assert.equal(r.code, 0);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.version, 1);
    assert.equal(doc.investigations.length, 1);
    const i = doc.investigations[0];
    assert.deepEqual(
      { ...i, ageHours: typeof i.ageHours },
      {
        name: NAME,
        file: LOG,
        title: 'iOS page views drop after the 7.4.0 release',
        status: 'resolved',
        closed: true,
        verdict: 'real',
        // The example was opened from the report's anomaly over the incident (src/workspace/demoExample.ts).
        anomaly: { metric: 'page_views', slice: {}, start: '2026-11-03T10:00:00.000Z', end: '2026-11-03T13:00:00.000Z', zone: 'America/Los_Angeles' },
        participants: ['Priya Raman (lead)', 'Sam Ortiz (learner)'],
        openedAt: '2026-11-03T17:26:00.000Z',
        lastAt: i.lastAt,
        ageHours: 'number',
        problems: 0,
      },
    );
  });

  it('list: no investigations is not an error', () => {
    const ws = copy(w => rmSync(join(w, '.calibrate/investigations'), { recursive: true }));
    const r = run(['investigation', 'list', '--folder', ws]);
    assert.deepEqual([r.code, r.stdout], [0, 'No investigations in .calibrate/investigations/.\n']);
    assert.deepEqual(JSON.parse(run(['investigation', 'list', '--folder', ws, '--json']).stdout), { version: 1, investigations: [] });
  });

  it('show: title, status and verdict, hypotheses with status and evidence, evidence, questions, actions, the close', () => {
    const r = run(['investigation', 'show', join(demo, LOG)]);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout;
    assert.match(out, /^iOS page views drop after the 7\.4\.0 release\nclosed \(resolved\) · verdict: real \(A broken release/);
    assert.match(out, /\nparticipants: Priya Raman \(lead\), Sam Ortiz \(learner\)\n/);
    assert.match(
      out,
      /\nHypotheses \(2\)\n {2}\[rejected\] Monday Night Football.*\n {6}why: .*\n {6}evidence: E2\n {2}\[supported\] The iOS app release 7\.4\.0 .*\n {6}why: .*\n {6}evidence: E1, E3\n/,
    );
    assert.match(
      out,
      /\nEvidence \(3\)\n {2}E1 iOS page views, the report’s 24 hours: chart, 24 hours: page_views platform=ios, Mon 2026-11-02 09:00–Tue 2026-11-03 09:00 America\/Los_Angeles/,
    );
    assert.match(out, /\n {2}E3 Deploy ios-v7\.4\.0: deploy at 2026-11-03T/);
    assert.match(out, /\nQuestions \(1\)\n {2}answered: Did web or Android drop too\?.*\n {4}-> Far less/);
    assert.match(out, /\nAction items \(1\)\n {2}\[done\] Add an open-a-shared-link check .* \(owner: Sam Ortiz\)\n/);
    assert.match(
      out,
      /\nClosed by Priya Raman, 2026-11-03T18:23Z\n {2}Summary:\n {4}iOS page views fell \d+%.*\n {2}Root cause:\n {4}.*\n {2}Decision:\n {4}Keep 7\.4\.0 pulled/,
    );
    assert.doesNotMatch(out, /Problems/);
    // By name, as list prints it, from the folder.
    assert.equal(run(['investigation', 'show', NAME, '--folder', demo]).stdout, out.replace(join(demo, LOG), LOG));
  });

  it('show: the findings written and the commits linked (ADR 0018)', () => {
    const at = (type: 'finding' | 'commit', clock: number, data: object) =>
      eventLine(newEvent({ author: 'Sam Ortiz', now: () => Date.parse('2026-11-04T10:00:00Z'), newId: () => `${type}-${clock}` }, clock, type, data as never));
    const ws = copy(w =>
      appendFileSync(
        join(w, LOG),
        at('finding', 900, { kind: 'postmortem', path: `docs/postmortems/${NAME}.md`, title: 'iOS page views' }) +
          at('commit', 901, { hash: 'ab'.repeat(20), subject: 'Fix the iOS deep links', link: 'trailer' }),
      ),
    );
    const out = run(['investigation', 'show', NAME, '--folder', ws]).stdout;
    const section = out.slice(out.indexOf('\nFindings and commits'));
    const lines = section.split('\n').slice(1, 4);
    assert.equal(lines[0], 'Findings and commits (2)');
    assert.ok(lines[1]!.startsWith(`  post-mortem: docs/postmortems/${NAME}.md  (Sam Ortiz, `), lines[1]);
    assert.ok(lines[2]!.startsWith('  commit abababababab Fix the iOS deep links  (linked by its trailer, Sam Ortiz, '), lines[2]);
  });

  it('show --json: the folded state', () => {
    const r = run(['investigation', 'show', LOG, '--json'], { cwd: demo });
    assert.equal(r.code, 0);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.version, 1);
    assert.equal(doc.file, LOG);
    assert.equal(doc.state.verdict.verdict, 'real');
    assert.equal(doc.state.timeline.length, 18);
    assert.deepEqual(doc.state.problems, []);
  });

  it('show: a broken line, a newer event and an escape sequence are shown as problems and text, never lost', () => {
    const ws = copy(w => {
      const f = join(w, LOG);
      appendFileSync(f, '{"v":1,"id":"broken\n');
      appendFileSync(f, note('Mallory', 40, 'hi \u001b[31mred\u001b[0m'));
      appendFileSync(f, JSON.stringify({ v: 2, id: 'future-0001', at: '2026-11-03T19:00:00Z', clock: 41, author: 'bo', type: 'note', data: {} }) + '\n');
    });
    const r = run(['investigation', 'show', LOG, '--folder', ws], { cwd: ws });
    assert.equal(r.code, 0);
    assert.ok(!r.stdout.includes('\u001b'), 'control characters are escaped');
    assert.match(r.stdout, /hi \\u001b\[31mred/);
    assert.match(r.stdout, /\n1 event kept for a newer Calibrate \(not shown: see --json\)\n/);
    assert.match(r.stdout, new RegExp(`\\nProblems \\(1\\)\\n${LOG.replace(/\./g, '\\.')}:19: line 19 is not JSON .*: it is kept in the file and skipped\\n$`));
    const listed = run(['investigation', 'list', '--folder', ws]);
    assert.match(listed.stdout, / · 1 problem \(calibrate check\)\n$/);
  });

  it('show: a missing log exits 1 with a message; usage mistakes exit 2', () => {
    const r = run(['investigation', 'show', 'no-such-log', '--folder', demo]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^calibrate: no-such-log: no such investigation log/);
    assert.equal(r.stdout, '');
    for (const args of [
      ['investigation'],
      ['investigation', 'show'],
      ['investigation', 'show', 'a', 'b'],
      ['investigation', 'list', 'x'],
      ['investigation', 'frob'],
      ['investigation', 'list', '--bogus'],
    ]) {
      const u = run(args);
      assert.equal(u.code, 2, args.join(' '));
      assert.match(u.stderr, /^calibrate: .*\n\nUsage: calibrate investigation list/);
    }
    const h = run(['investigation', '--help']);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /^Usage: calibrate investigation list/);
    assert.match(run(['--help']).stdout, /investigation list\|show/);
  });

  it('check: bad lines of a log are errors at file:line, a newer event and an unfinished last line are warnings', () => {
    const ws = copy(w => {
      const dir = join(w, '.calibrate/investigations');
      appendFileSync(
        join(dir, `${NAME}.jsonl`),
        'not json\n' + JSON.stringify({ v: 1, id: 'bad-000001', at: '2026-11-03T19:00:00Z', clock: 30, author: 'bo', type: 'note', data: { text: '' } }) + '\n',
      );
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, '2026-11-04-other.jsonl'),
        JSON.stringify({ v: 3, id: 'future-0001', at: '2026-11-04T10:00:00Z', clock: 1, author: 'bo', type: 'note', data: {} }) +
          '\n' +
          note('bo', 2, 'x').slice(0, 20),
      );
    });
    const r = run(['check', '--folder', ws]);
    assert.equal(r.code, 1);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      `${LOG}:19: error: line 19 is not JSON (Unexpected token 'o', "not json" is not valid JSON): it is kept in the file and skipped`,
      `${LOG}:20: error: line 20 is not a valid event: note: note needs text: 1 to 65536 characters. It is kept in the file and skipped`,
      '.calibrate/investigations/2026-11-04-other.jsonl:1: warning: line 1 is kept but not read: written by a newer Calibrate (log version 3; this one reads 1)',
      '.calibrate/investigations/2026-11-04-other.jsonl:2: warning: line 2, the last, is unfinished (no newline, not JSON): an append cut short; it is not read',
      '2 errors, 2 warnings in 5 files',
    ]);
  });

  it('check: a log with only a newer event and warnings passes (exit 0)', () => {
    const ws = copy(w =>
      appendFileSync(
        join(w, LOG),
        JSON.stringify({ v: 2, id: 'future-0002', at: '2026-11-04T10:00:00Z', clock: 99, author: 'bo', type: 'poll', data: {} }) + '\n',
      ),
    );
    const r = run(['check', '--folder', ws]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /:19: warning: line 19 is kept but not read: written by a newer Calibrate/);
  });
});
