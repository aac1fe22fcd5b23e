// `calibrate drill new|reveal` as a team lead runs it: the bundle in a real process, on the generated
// demo workspace (as a team's folder) and on the demo itself. A drill is written beside the data,
// never into it; its truth outside the drill; the report flags the hidden anomaly; the reveal scores
// the learner's investigation and records it. Bad input: no data, too little history, a truth missing
// or edited, a reveal before any verdict, a second drill into the same folder.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { eventLine, foldLog, newEvent, type EventData, type EventType } from '../../../src/core/investigation';
import { parseTruth, type DrillTruth } from '../../../src/core/learning/drill';
import { buildCli, copier, generateDemo, tempDir } from '../helpers/demoWorkspace';

const LOGS = '.calibrate/investigations';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** Every file under `dir` (relative), `.git` left out. */
function files(dir: string, under = ''): string[] {
  return readdirSync(join(dir, under), { withFileTypes: true }).flatMap(e =>
    e.name === '.git' ? [] : e.isDirectory() ? files(dir, join(under, e.name)) : [join(under, e.name)],
  );
}

/** The learner's investigation of the truth, right in every measure (or with the changes given). */
function learnerLog(truth: DrillTruth, at: number, opts: { verdict?: boolean } = {}): string {
  const lines: string[] = [];
  let clock = 0;
  let n = 0;
  const write = <T extends EventType>(type: T, data: EventData[T]): string => {
    const e = newEvent({ author: 'Sam Ortiz', now: () => (at += 60_000), newId: () => `learner-${++n}` }, clock, type, data);
    clock = e.clock;
    lines.push(eventLine(e));
    return e.id;
  };
  const place = { metric: 'page_views', start: Date.parse(truth.start), end: Date.parse(truth.end) };
  write('opened', { title: 'Page views down', origin: 'blank' });
  const chart = write('evidence', { kind: 'chart', title: 'the slice', place: { ...place, slice: truth.slice }, zone: 'UTC', series: { x: [], actual: [] } });
  const h = write('hypothesis', { text: `A release broke it right after the deploy. #cause:${truth.kind}` });
  write('hypothesisStatus', { hypothesis: h, status: 'supported', evidence: [chart] });
  if (opts.verdict !== false) write('verdict', { verdict: truth.kind === 'gap' || truth.kind === 'late_data' ? 'dataProblem' : 'real' });
  return lines.join('');
}

describe('cli: calibrate drill', function () {
  this.timeout(120_000);
  let base: string;
  let demo: string;
  let run: Awaited<ReturnType<typeof buildCli>>['run'];
  let copy: ReturnType<typeof copier>;
  let truths: string;

  before(async () => {
    base = tempDir('calibrate-cli-drill-');
    ({ run } = await buildCli(base));
    demo = generateDemo(base, 42).workspace;
    copy = copier(base, demo);
    truths = join(base, 'truths');
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('usage: drill needs new or reveal, new needs --out, reveal needs --truth, a difficulty is one of three', () => {
    for (const [args, why] of [
      [['drill'], /drill needs new or reveal/],
      [['drill', 'new'], /needs --out DIR/],
      [['drill', 'reveal', 'x'], /needs --truth FILE/],
      [['drill', 'new', '--out', 'x', '--difficulty', 'insane'], /--difficulty must be easy, medium, hard/],
      [['drill', 'new', '--out', 'x', '--kind', 'meteor'], /--kind must be one of holiday, incident/],
    ] as const) {
      const r = run([...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, why);
    }
    const help = run(['drill', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /calibrate drill new --out DIR/);
  });

  let out = '';
  let truthFile = '';
  let truth: DrillTruth;

  it("new: the folder's data copied beside it with one anomaly hidden; the truth outside; the folder untouched", () => {
    const before = Object.fromEntries(files(demo).map(f => [f, readFileSync(join(demo, f), 'utf8')]));
    out = join(base, 'drill-1');
    const r = run(['drill', 'new', '--folder', demo, '--out', out, '--truth-dir', truths, '--seed', '7', '--kind', 'incident', '--author', 'Priya Raman']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    truthFile = /Its hidden truth: (\S+)/.exec(r.stdout)![1]!;
    assert.ok(relative(out, truthFile).startsWith('..'), 'the truth is outside the drill');
    const text = readFileSync(truthFile, 'utf8');
    truth = parseTruth(text) as DrillTruth;
    assert.equal(truth.kind, 'incident');
    assert.equal(truth.source, 'workspace');
    // The user's folder is as it was.
    assert.deepEqual(Object.fromEntries(files(demo).map(f => [f, readFileSync(join(demo, f), 'utf8')])), before);
    // The drill: config pointing at its own CSV, asOf frozen, the drill's deploy tag in its git.
    const config = readFileSync(join(out, '.calibrate/report.yaml'), 'utf8');
    assert.match(config, /path: data\/metrics.csv/);
    assert.match(config, /asOf: 2026-11-03T09:20:00-08:00/);
    assert.match(config, /title: "?Drill: Key business metrics/);
    assert.notEqual(readFileSync(join(out, 'data/metrics.csv'), 'utf8'), before['data/metrics.csv']);
    // Nothing in the drill names what was hidden.
    for (const f of files(out)) assert.ok(!readFileSync(join(out, f), 'utf8').includes(truth.name), `${f} gives the answer away`);
    // The record: its drill started event carries the truth's SHA-256.
    const logs = readdirSync(join(out, LOGS));
    assert.equal(logs.length, 1);
    const record = foldLog(readFileSync(join(out, LOGS, logs[0]!), 'utf8'));
    assert.equal(record.drill?.drillId, truth.drillId);
    assert.equal(record.drill?.truthDigest, sha(text));
    assert.equal(record.drill?.difficulty, 'easy');
    assert.equal(record.lead, 'Priya Raman');
  });

  it("the drill's report flags the hidden anomaly, and lists the drill's deploy", () => {
    const r = run(['report', '--folder', out, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { anomalies: { start: string | number; end: string | number }[]; context?: { kind?: string; title?: string }[] };
    const t0 = Date.parse(truth.start);
    const t1 = Date.parse(truth.end);
    const ms = (v: string | number) => (typeof v === 'number' ? v : Date.parse(v));
    assert.ok(
      report.anomalies.some(a => ms(a.start) < t1 && ms(a.end) > t0),
      `an anomaly overlaps ${truth.start}..${truth.end}: ${JSON.stringify(report.anomalies.map(a => [a.start, a.end]))}`,
    );
    const tag = truth.deploys.find(d => !d.decoy)!.tag;
    assert.ok(r.stdout.includes(tag), `the report lists the deploy ${tag}`);
  });

  it('reveal before any verdict is refused, and the record is unchanged', () => {
    const record = join(out, LOGS, readdirSync(join(out, LOGS))[0]!);
    const was = readFileSync(record, 'utf8');
    writeFileSync(join(out, LOGS, 'learner.jsonl'), learnerLog(truth, Date.now(), { verdict: false }));
    const r = run(['drill', 'reveal', out, '--truth', truthFile]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no investigation in the drill has a verdict yet/);
    assert.equal(readFileSync(record, 'utf8'), was);
    rmSync(join(out, LOGS, 'learner.jsonl'));
  });

  it('a truth missing or edited cannot score the drill, and nothing is written', () => {
    writeFileSync(join(out, LOGS, 'learner.jsonl'), learnerLog(truth, Date.now()));
    const record = join(
      out,
      LOGS,
      readdirSync(join(out, LOGS)).find(f => f !== 'learner.jsonl')!,
    );
    const was = readFileSync(record, 'utf8');
    const missing = run(['drill', 'reveal', out, '--truth', join(base, 'nowhere.json')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /the drill's hidden truth is missing .*: it cannot be scored/);
    const edited = join(base, 'edited.json');
    writeFileSync(edited, readFileSync(truthFile, 'utf8').replace(/"multiplier": [\d.]+/, '"multiplier": 0.99'));
    const r = run(['drill', 'reveal', out, '--truth', edited]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the drill's hidden truth was edited .*: it cannot be scored/);
    assert.equal(readFileSync(record, 'utf8'), was);
  });

  it('reveal scores the learner, appends the score to the record, and refuses a second reveal', () => {
    const r = run(['drill', 'reveal', out, '--truth', truthFile, '--author', 'Priya Raman']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^# Drill ${truth.drillId}: passed`));
    assert.match(r.stdout, /\| Slice F1 \| 1\.00 \|/);
    const record = readdirSync(join(out, LOGS)).find(f => f !== 'learner.jsonl')!;
    const state = foldLog(readFileSync(join(out, LOGS, record), 'utf8'));
    assert.equal(state.problems.length, 0, JSON.stringify(state.problems));
    assert.deepEqual(state.drill?.revealed?.score, {
      found: true,
      causeKindRight: true,
      sliceF1: 1,
      windowOverlap: 1,
      minutesToFirstCorrectHypothesis: state.drill!.revealed!.score.minutesToFirstCorrectHypothesis,
      passed: true,
    });
    assert.equal(state.drill?.revealed?.by, 'Priya Raman');
    const again = run(['drill', 'reveal', out, '--truth', truthFile]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /was revealed already/);
  });

  it('new --from-demo, reveal by the record log with --json', () => {
    const dir = join(base, 'drill-demo');
    const r = run(['drill', 'new', '--from-demo', '--out', dir, '--truth-dir', truths, '--difficulty', 'medium', '--seed', '3', '--author', 'Lead']);
    assert.equal(r.code, 0, r.stderr);
    const file = /Its hidden truth: (\S+)/.exec(r.stdout)![1]!;
    const t = parseTruth(readFileSync(file, 'utf8')) as DrillTruth;
    assert.equal(t.source, 'demo');
    assert.equal(t.difficulty, 'medium');
    // The demo cut 168 hours early (10:20 in summer time): its own story stays out of the last 24 hours.
    assert.match(readFileSync(join(dir, '.calibrate/report.yaml'), 'utf8'), /asOf: 2026-10-27T10:20:00-07:00/);
    const record = /The drill's record: (\S+)/.exec(r.stdout)![1]!;
    appendFileSync(join(dir, LOGS, 'learner.jsonl'), learnerLog(t, Date.now()));
    const shown = run(['drill', 'reveal', record, '--truth', file, '--json']);
    assert.equal(shown.code, 0, shown.stderr);
    const json = JSON.parse(shown.stdout) as { version: number; drillId: string; score: { found: boolean; passed: boolean } };
    assert.equal(json.version, 1);
    assert.equal(json.drillId, t.drillId);
    assert.equal(json.score.found, true);
  });

  it('no data, or too little history: refused, and nothing is written', () => {
    const before = existsSync(truths) ? readdirSync(truths).length : 0;
    const empty = join(base, 'empty');
    mkdirSync(empty);
    const none = run(['drill', 'new', '--folder', empty, '--out', join(base, 'drill-none'), '--truth-dir', truths]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /there is no data here: no report config at \.calibrate\/report\.yaml/);
    assert.ok(!existsSync(join(base, 'drill-none')));
    // Three weeks of the demo's data.
    const short = copy(ws => {
      const csv = readFileSync(join(ws, 'data/metrics.csv'), 'utf8').split('\n');
      writeFileSync(join(ws, 'data/metrics.csv'), [csv[0], ...csv.slice(1).filter(l => l >= '2026-10-13')].join('\n'));
    });
    const r = run(['drill', 'new', '--folder', short, '--out', join(base, 'drill-short'), '--truth-dir', truths]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /too little history for a drill: 3\.\d weeks of data, and the forecast needs at least 6/);
    assert.ok(!existsSync(join(base, 'drill-short')));
    assert.equal(readdirSync(truths).length, before);
  });

  it('a second drill into the same folder, or a truth inside the drill, is refused', () => {
    const before = readdirSync(truths).length;
    const r = run(['drill', 'new', '--from-demo', '--out', out, '--truth-dir', truths]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /is not empty: a drill is written into a new folder/);
    assert.equal(readdirSync(truths).length, before);
    const inside = run(['drill', 'new', '--from-demo', '--out', join(base, 'drill-x'), '--truth-dir', join(base, 'drill-x', 'secret')]);
    assert.equal(inside.code, 1);
    assert.match(inside.stderr, /--truth-dir must be outside --out/);
  });
});
