// The `calibrate` command line as CI runs it: the bundle (built here as scripts/build.mjs builds
// dist/cli.js, with dist/icsWorker.js beside it) in a real process, on real folders.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SECRET } from '../workspace/helpers';
import { buildCli, copier, generateDemo, tempDir } from '../helpers/demoWorkspace';

const ESC = '\u001b';

describe('cli: calibrate check', function () {
  this.timeout(60_000);
  let base: string;
  let cli: string;
  let demo: string;
  let run: Awaited<ReturnType<typeof buildCli>>['run'];
  let copy: ReturnType<typeof copier>;

  before(async () => {
    base = tempDir('calibrate-cli-');
    ({ cli, run } = await buildCli(base));
    demo = generateDemo(base, 7).workspace;
    copy = copier(base, demo);
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  const editLine = (file: string, match: RegExp, change: (line: string) => string): number => {
    const lines = readFileSync(file, 'utf8').split('\n');
    const i = lines.findIndex(l => match.test(l));
    assert.ok(i >= 0, `no line matching ${match} in ${file}`);
    lines[i] = change(lines[i]!);
    writeFileSync(file, lines.join('\n'));
    return i + 1;
  };
  const write = (ws: string, rel: string, text: string): void => {
    mkdirSync(dirname(join(ws, rel)), { recursive: true });
    writeFileSync(join(ws, rel), text);
  };

  it('passes the demo workspace, from --folder or from the current directory', () => {
    const r = run(['check', '--folder', demo]);
    assert.equal(r.stdout, 'ok: 3 files checked\n');
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    assert.deepEqual(run(['check'], { cwd: demo }), r);
  });

  it('reports a broken config line and a bad CSV row, each with its line, and exits 1', () => {
    let configLine = 0;
    let csvLine = 0;
    const ws = copy(w => {
      configLine = editLine(join(w, '.calibrate/report.yaml'), /^timezone:/, () => 'timezone: Mars/Olympus_Mons');
      csvLine = editLine(join(w, 'data/metrics.csv'), /^2026-.*,signups,\d+,/, l => l.replace(/,signups,\d+,/, ',signups,twelve,'));
    });
    assert.ok(csvLine > 1);
    const r = run(['check', '--folder', ws]);
    assert.equal(r.code, 1);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      `.calibrate/report.yaml:${configLine}: error: unknown time zone "Mars/Olympus_Mons". Expected an IANA time zone such as America/Los_Angeles.`,
      `data/metrics.csv:${csvLine}: error: bad value "twelve". Expected a finite decimal number, or an empty cell for a missing value.`,
      '2 errors, 0 warnings in 3 files',
    ]);
  });

  it('reports a config metric, or a ratio part, with no rows in the data at its config line', () => {
    let idLine = 0;
    let partLine = 0;
    const ws = copy(w => {
      const config = join(w, '.calibrate/report.yaml');
      idLine = editLine(config, /- id: messages_sent/, l => l.replace('messages_sent', 'messages_snt'));
      partLine = editLine(config, /numerator: signups/, l => l.replace('numerator: signups', 'numerator: sign_ups'));
    });
    const r = run(['check', '--folder', ws]);
    // The extension refuses to open such a report, so this is an error, not a warning.
    assert.equal(r.code, 1, r.stdout);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      `.calibrate/report.yaml:${idLine}: error: metric "messages_snt" has no rows in data/metrics.csv, so the report cannot open. Expected a metric of the data (it has: job_applies, messages_sent, page_views, signups).`,
      `.calibrate/report.yaml:${partLine}: error: metric "sign_ups", the numerator of signup_rate, has no rows in data/metrics.csv, so the report cannot open. Expected a metric of the data (it has: job_applies, messages_sent, page_views, signups).`,
      '2 errors, 0 warnings in 3 files',
    ]);
  });

  it('warns, with its line, about a recurrence rule that has no date, and still exits 0', () => {
    const ws = copy(w =>
      write(
        w,
        '.calibrate/calendars/sports.ics',
        [
          'BEGIN:VCALENDAR',
          'VERSION:2.0',
          'PRODID:-//test//EN',
          'BEGIN:VEVENT',
          'UID:1',
          'SUMMARY:Impossible match',
          'DTSTART:20261001T180000Z',
          'DTEND:20261001T200000Z',
          'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
          'END:VEVENT',
          'END:VCALENDAR',
          '',
        ].join('\r\n'),
      ),
    );
    const r = run(['check', '--folder', ws]);
    assert.equal(r.code, 0);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^\.calibrate\/calendars\/sports\.ics:9: warning: recurrence rule FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30 .*only its DTSTART is used/);
    assert.equal(lines[1], '0 errors, 1 warning in 4 files');
  });

  it('reports every bad event in events.yaml as an error with its line', () => {
    const ws = copy(w =>
      write(
        w,
        '.calibrate/events.yaml',
        [
          'version: 1',
          'events:',
          '  - name: Launch',
          '    kind: launch',
          '    start: 2026-10-01T09:00:00',
          '    end: 2026-10-01T08:00:00',
          '  - name: Cup final',
          '    kind: sport',
          '    start: 2026-10-02T18:00:00',
          '    end: 2026-10-02T20:00:00',
          '',
        ].join('\n'),
      ),
    );
    const r = run(['check', '--folder', ws]);
    assert.equal(r.code, 1);
    assert.deepEqual(
      r.stdout
        .trimEnd()
        .split('\n')
        .map(l => l.replace(/: error: .*/, '')),
      ['.calibrate/events.yaml:6', '.calibrate/events.yaml:8', '2 errors, 0 warnings in 3 files'],
    );
  });

  it('refuses a CSV and a calendar linked outside the folder without printing what they hold', () => {
    const secret = join(base, 'secret.txt');
    writeFileSync(secret, `timestamp,metric,value\n${SECRET},x,y\n`);
    const ws = copy(w => {
      rmSync(join(w, 'data/metrics.csv'));
      symlinkSync(secret, join(w, 'data/metrics.csv'));
      symlinkSync(secret, join(w, '.calibrate/leak.ics'));
    });
    const r = run(['check', '--folder', ws]);
    assert.equal(r.code, 1);
    assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET));
    assert.ok(!r.stdout.includes(base), 'no absolute path is printed');
    assert.match(r.stdout, /^data\/metrics\.csv: error: the path resolves outside the workspace folder/m);
    assert.match(r.stdout, /^\.calibrate\/leak\.ics: error: the path resolves outside the workspace folder/m);
  });

  it('prints no escape codes when piped or under NO_COLOR, even for hostile text in the files', () => {
    const ws = copy(w => {
      editLine(join(w, 'data/metrics.csv'), /,page_views,\d+,/, l => l.replace(/,page_views,\d+,/, `,page_views,${ESC}[2J\u202e,`));
      write(w, `.calibrate/a${ESC}[31mb.ics`, 'not a calendar');
    });
    for (const env of [process.env, { ...process.env, NO_COLOR: '1' }]) {
      const r = run(['check', '--folder', ws], { env });
      assert.equal(r.code, 1);
      assert.ok(!r.stdout.includes(ESC) && !r.stdout.includes('\u202e'), r.stdout);
      assert.match(r.stdout, /bad value "\\u001b\[2J\\u202e"/);
      assert.match(r.stdout, /^\.calibrate\/a\\u001b\[31mb\.ics(:\d+)?: error: /m);
    }
  });

  it('colours only the severity words on a terminal, unless NO_COLOR is set', function () {
    const script = spawnSync('script', ['--version']);
    if (script.status !== 0) this.skip(); // util-linux `script` gives the CLI a terminal
    const ws = copy(w => editLine(join(w, 'data/metrics.csv'), /,signups,\d+,/, l => l.replace(/,signups,\d+,/, ',signups,twelve,')));
    const onTty = (env: NodeJS.ProcessEnv): string =>
      spawnSync('script', ['-qec', `${cli} check --folder ${ws}`, '/dev/null'], { env, encoding: 'utf8' }).stdout;
    const { NO_COLOR: _unset, ...colourEnv } = process.env;
    assert.ok(onTty(colourEnv).includes(`: ${ESC}[1;31merror${ESC}[0m: bad value "twelve"`));
    assert.ok(!onTty({ ...colourEnv, NO_COLOR: '1' }).includes(ESC));
  });

  it('exits 2 on usage errors, and prints help with exit 0', () => {
    for (const args of [
      [],
      ['frobnicate'],
      ['check', '--verbose'],
      ['check', 'extra'],
      ['check', '--folder', join(base, 'nowhere')],
      ['check', '--folder'],
      ['check', '--config', '../report.yaml'],
      ['check', '--max-csv-mb', 'lots'],
    ]) {
      const r = run(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^calibrate: /);
    }
    const help = run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: calibrate <command>/);
    assert.match(help.stdout, /\bcheck\b/);
    assert.match(help.stdout, /^\s+report\b/m); // report's own usage: test/unit/cli/report.test.ts
    const checkHelp = run(['check', '--help']);
    assert.equal(checkHelp.code, 0);
    assert.match(checkHelp.stdout, /^Usage: calibrate check \[--folder DIR\]/);
  });

  it('checks a --config other than the default, named in its messages', () => {
    const ws = copy(w => {
      cpSync(join(w, '.calibrate/report.yaml'), join(w, 'ci/report.yaml'));
      editLine(join(w, 'ci/report.yaml'), /^\s+red:/, () => '  red: 1');
    });
    const r = run(['check', '--folder', ws, '--config', './ci/report.yaml']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^ci\/report\.yaml:\d+: error: amber 5, red 1\. Expected thresholds with 0 < amber < red/m);
  });
});
