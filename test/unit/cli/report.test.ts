// `calibrate report` as a CI job or a chat bot runs it: the bundle (built here as scripts/build.mjs
// builds dist/cli.js, with dist/icsWorker.js beside it) in a real process, on a demo workspace
// generated with a seed no other test uses, checked against the generator's ground truth.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GroundTruth } from '../../../src/core/demo';
import type { ReportJson } from '../../../src/cli/reportFormat';
import { buildCli, copier, generateDemo, tempDir } from '../helpers/demoWorkspace';

const ESC = '\u001b';
const SEED = '1234';

describe('cli: calibrate report', function () {
  this.timeout(120_000);
  let base: string;
  let cli: string;
  let demo: string;
  let truth: GroundTruth;
  let json: ReportJson;
  let run: Awaited<ReturnType<typeof buildCli>>['run'];
  let copy: ReturnType<typeof copier>;

  const overlaps = (a: { start: string; end: string }, b: { start: string; end: string }): boolean =>
    Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end);

  before(async () => {
    base = tempDir('calibrate-report-');
    ({ cli, run } = await buildCli(base));
    const gen = generateDemo(base, SEED);
    demo = gen.workspace;
    copy = copier(base, demo);
    truth = JSON.parse(readFileSync(gen.groundTruth, 'utf8')) as GroundTruth;
    const r = run(['report', '--folder', demo, '--json']);
    assert.equal(r.code, 0, r.stderr);
    json = JSON.parse(r.stdout) as ReportJson;
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it("names the injected incident's deploy, by its git tag, as the top cause of the anomaly in its window", () => {
    const incident = truth.effects.find(e => e.kind === 'incident')!;
    // The release that broke it: the last deploy on the incident's slice before it started.
    const deploy = truth.effects
      .filter(e => e.kind === 'deploy' && e.start <= incident.start && JSON.stringify(e.slice) === JSON.stringify(incident.slice))
      .at(-1)!;
    const tag = deploy.id.replace(/^deploy-/, '');
    const tags = spawnSync('git', ['tag'], { cwd: demo, encoding: 'utf8' }).stdout.split('\n');
    assert.ok(tags.includes(tag), `${tag} is a tag of the demo repository (${tags.join(' ')})`);
    // The incident hits every metric (metrics: []); the headline metric is the config's first.
    const metric = incident.metrics[0] ?? json.rows[0].metric;
    const anomaly = json.anomalies.find(a => a.metric === metric && overlaps(a, incident));
    assert.ok(anomaly, `an anomaly on ${metric} in ${incident.start}..${incident.end}: ${JSON.stringify(json.anomalies.map(a => [a.metric, a.start, a.end]))}`);
    assert.equal(anomaly.direction, 'down');
    const top = anomaly.explanations[0];
    assert.equal(top.kind, 'deploy', JSON.stringify(anomaly.explanations.map(x => [x.kind, x.confidence])));
    assert.equal(top.ref?.ref, tag);
    assert.equal(top.ref?.at, deploy.start.replace('Z', '.000Z'));
    assert.deepEqual(top.cause, { kind: 'deploy', ref: tag, deployKind: 'tag' }, 'the structured cause, added within version 1');
    assert.ok(top.confidence > 0.5 && top.confidence <= 1);
    assert.deepEqual(top.slice, incident.slice);
    assert.ok(top.evidence.length > 0 && top.evidence.every(e => typeof e.text === 'string' && typeof e.values === 'object'));
    // Where: the incident's slice.
    assert.deepEqual(anomaly.where[0]?.dims, incident.slice);
    assert.ok(anomaly.where[0].relativeChange! < -0.3);
  });

  it('gives a stable JSON document: version 1, the window, a row of 24 cells per metric, warnings', () => {
    assert.equal(json.version, 1);
    assert.equal(json.timezone, truth.timezone);
    assert.equal(json.source, 'data/metrics.csv');
    assert.equal(json.window.hours.length, 24);
    assert.equal(Date.parse(json.window.end) - Date.parse(json.window.start), 24 * 3600_000);
    assert.equal(Date.parse(json.window.end) - Date.parse(json.window.chart.start), 7 * 24 * 3600_000);
    assert.equal(json.window.hours[0].start, json.window.start);
    assert.deepEqual(
      json.rows.map(r => r.metric),
      ['page_views', 'signups', 'job_applies', 'messages_sent', 'signup_rate'],
    );
    for (const r of json.rows) {
      assert.equal(r.cells.length, 24);
      assert.deepEqual(
        r.cells.map(c => c.start),
        json.window.hours.map(h => h.start),
      );
      for (const c of r.cells) assert.ok(['green', 'amber', 'red', 'na', 'gap'].includes(c.status));
    }
    assert.ok(json.anomalies.length > 0 && json.anomalies.length <= 8);
    for (let i = 1; i < json.anomalies.length; i++) assert.ok(json.anomalies[i - 1].severity >= json.anomalies[i].severity);
    assert.ok(json.context.some(c => c.kind === 'deploy'));
    // Version 1's fields first, then each kind's structured values (added, nothing renamed).
    for (const c of json.context) {
      assert.deepEqual(Object.keys(c).slice(0, 5), ['kind', 'title', 'detail', 'start', 'end']);
      assert.ok(!Number.isNaN(Date.parse(c.start)) && !Number.isNaN(Date.parse(c.end)));
      if (c.kind === 'deploy') assert.ok(c.ref && (c.deployKind === 'tag' || c.deployKind === 'merge') && typeof c.message === 'string');
      if (c.kind === 'holiday') assert.ok(c.country && c.name && c.holidayType);
      if (c.kind === 'event')
        assert.ok(c.name && c.eventKind && Array.isArray(c.countries) && typeof c.source.file === 'string' && Number.isInteger(c.source.line));
      if (c.kind === 'dst') assert.ok(c.zones.length > 0 && Number.isFinite(c.shiftHours));
    }
    for (const x of json.anomalies.flatMap(a => a.explanations)) {
      if (x.cause?.kind === 'holiday' || x.cause?.kind === 'event') assert.ok(!Number.isNaN(Date.parse(x.cause.start)), 'instants as ISO strings');
      if (x.kind === 'unexplained') assert.equal(x.cause, null);
    }
    assert.ok(Array.isArray(json.warnings));
    assert.deepEqual(Object.keys(json), [
      'version',
      'title',
      'timezone',
      'source',
      'asOf',
      'thresholds',
      'window',
      'rows',
      'pending',
      'anomalies',
      'context',
      'warnings',
    ]);
  });

  it('reads no deploys with --no-git', () => {
    const r = run(['report', '--folder', demo, '--json', '--no-git']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as ReportJson;
    assert.ok(!j.anomalies.some(a => a.explanations.some(x => x.kind === 'deploy')));
    assert.ok(!j.context.some(c => c.kind === 'deploy'));
    assert.deepEqual(j.rows, json.rows, 'the table does not depend on git');
  });

  it('prints a compact text report without escape codes when piped or under NO_COLOR', () => {
    for (const env of [process.env, { ...process.env, NO_COLOR: '1' }]) {
      const r = run(['report', '--folder', demo], { env });
      assert.equal(r.code, 0, r.stderr);
      assert.ok(!r.stdout.includes(ESC), 'no escape codes');
      const lines = r.stdout.split('\n');
      assert.match(lines[0], /^Key business metrics · America\/Los_Angeles · as of /);
      for (const l of lines.filter(x => !x.startsWith('warning: '))) assert.ok(l.length <= 120, `${l.length} columns: ${l}`);
      const head = lines.findIndex(l => l.startsWith('metric '));
      assert.ok(head > 0);
      for (const [i, row] of json.rows.entries()) {
        const line = lines[head + 1 + i];
        assert.ok(line.startsWith(row.label), line);
        // The strip: one status letter per hour of the window, as in the JSON.
        const strip = line.slice(19, 43);
        assert.equal(strip, row.cells.map(c => ({ green: '.', amber: 'a', red: 'R', gap: '?', na: '-' })[c.status]).join(''));
      }
      assert.match(r.stdout, /^Anomalies \(\d+\), outside the 95% forecast band, most severe first:$/m);
      assert.match(r.stdout, /^1\. .*: (down|up), [+-]\d+% against the forecast, /m);
      assert.match(r.stdout, /^ +\d+% {2}deploy {6}Deploy ios-v7\.4\.0$/m);
      assert.match(r.stdout, /^ {3}where: platform=ios -\d+% \(\d+% of the change\)/m);
    }
  });

  it('colours the statuses on a terminal, unless NO_COLOR is set', function () {
    const script = spawnSync('script', ['--version']);
    if (script.status !== 0) this.skip(); // util-linux `script` gives the CLI a terminal
    const onTty = (env: NodeJS.ProcessEnv): string =>
      spawnSync('script', ['-qec', `${cli} report --folder ${demo} --no-git`, '/dev/null'], { env, encoding: 'utf8' }).stdout;
    const { NO_COLOR: _unset, ...colourEnv } = process.env;
    const coloured = onTty(colourEnv);
    assert.ok(coloured.includes(`${ESC}[1;31mR${ESC}[0m`), 'a red hour in the strip');
    assert.ok(!onTty({ ...colourEnv, NO_COLOR: '1' }).includes(ESC));
  });

  it('exits 1 with the file to fix when the report cannot be built', () => {
    const noConfig = copy(ws => rmSync(join(ws, '.calibrate/report.yaml')));
    let r = run(['report', '--folder', noConfig, '--json']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(
      r.stderr,
      /^\.calibrate\/report\.yaml: error: No report config at \.calibrate\/report\.yaml in .*copy\d+\. Create one .*, or pass --config PATH\.\n$/,
    );
    // A CSV the report cannot read at all (a bad row alone does not stop it: below).
    const badCsv = copy(ws => {
      const f = join(ws, 'data/metrics.csv');
      writeFileSync(f, readFileSync(f, 'utf8').replace(/^timestamp,metric,value,/, 'timestamp,metric,amount,'));
    });
    r = run(['report', '--folder', badCsv]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^data\/metrics\.csv:1: error: missing column "value" in the header "timestamp,metric,amount,country,platform"\./);
  });

  it('builds the report around bad rows: each a gap in its cell, counted on stderr with the first few', () => {
    const hour = json.window.hours[20].start.replace('.000Z', 'Z');
    let naLine = 0;
    const ws = copy(w => {
      const f = join(w, 'data/metrics.csv');
      const rows = readFileSync(f, 'utf8').trimEnd().split('\n');
      const i = rows.findIndex(l => l.startsWith(`${hour},page_views,`));
      rows[i] = rows[i].replace(/,page_views,\d+,/, ',page_views,N/A,');
      naLine = i + 1;
      rows[5] = rows[5].replace(/,(\d+),/, ',twelve,');
      // The still-arriving hour's last row delivered again, and another of its rows again with another value.
      rows.push(
        rows.at(-1)!,
        rows.at(-2)!.replace(/,(\d+),/, (_, v: string) => `,${Number(v) + 1},`),
      );
      writeFileSync(f, rows.join('\n') + '\n');
    });
    const r = run(['report', '--folder', ws, '--json', '--no-git']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as ReportJson;
    const pv = out.rows.find(x => x.metric === 'page_views')!;
    assert.equal(pv.cells[20].status, 'gap', 'the hour with the N/A row is a gap, not a smaller number');
    assert.deepEqual(
      pv.cells.map((c, i) => (i === 20 ? null : c.status)),
      json.rows.find(x => x.metric === 'page_views')!.cells.map((c, i) => (i === 20 ? null : c.status)),
      'the other hours as before',
    );
    const err = r.stderr.trimEnd().split('\n');
    assert.equal(
      err[0],
      'warning: data/metrics.csv: 4 row problems, each row left as a gap, never filled; the first 3, and `calibrate check` for all of them:',
    );
    assert.match(err[1], /^data\/metrics\.csv:6:\d+: error: bad value "twelve"\. Expected/);
    assert.match(err[2], new RegExp(`^data/metrics\\.csv:${naLine}:\\d+: error: bad value "N/A"\\.`));
    assert.match(err[3], /^data\/metrics\.csv:\d+: warning: duplicate row for /);
    assert.equal(err.length, 4);
  });

  it('does not claim "no anomalies" when there was no forecast to judge by', () => {
    // Nine days of data: the table can compare a week back, but no metric has the history a forecast needs.
    const early = copy(ws => {
      const f = join(ws, '.calibrate/report.yaml');
      writeFileSync(f, readFileSync(f, 'utf8').replace(/^asOf: \S+/m, 'asOf: 2026-09-22T08:00:00-07:00'));
    });
    const r = run(['report', '--folder', early, '--no-git']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /No forecast for/);
    assert.doesNotMatch(r.stdout, /every hour of the window is inside its forecast band/);
    assert.match(r.stdout, /^No anomalies could be judged: no metric has a forecast/m);
  });

  it('says the data is stale, first among the warnings, when the report clock is the real one', () => {
    // Without asOf the report clock is now, weeks after the demo's last hour.
    const stale = copy(ws => {
      const f = join(ws, '.calibrate/report.yaml');
      writeFileSync(f, readFileSync(f, 'utf8').replace(/^asOf: .*$/m, ''));
    });
    const r = run(['report', '--folder', stale, '--no-git', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as ReportJson;
    assert.match(out.warnings[0], /^Stale data: the latest complete hour ended \d+ days before the report time\. The report covers the 24 hours to /);
  });

  it('exits 2 on usage errors, and prints help with exit 0', () => {
    for (const args of [
      ['report', '--bogus'],
      ['report', '--folder', join(base, 'nope')],
      ['report', '--config', '../x.yaml'],
      ['report', 'extra'],
    ]) {
      const r = run(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '');
    }
    const help = run(['report', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: calibrate report \[--folder DIR\] \[--json\]/);
    assert.match(run(['--help']).stdout, /report {3}Print the metrics report/);
  });
});
