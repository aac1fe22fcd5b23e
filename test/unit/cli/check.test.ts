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
    assert.equal(r.stdout, 'ok: 4 files checked\n');
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    assert.deepEqual(run(['check'], { cwd: demo }), r);
  });

  /** The 1-based column where `text` starts in line `n` of a file. */
  const columnOf = (file: string, n: number, text: string): number => readFileSync(file, 'utf8').split('\n')[n - 1]!.indexOf(text) + 1;

  it('reports a broken config line and a bad CSV row, each at its line and column, and exits 1', () => {
    let configLine = 0;
    let csvLine = 0;
    const ws = copy(w => {
      configLine = editLine(join(w, '.calibrate/report.yaml'), /^timezone:/, () => 'timezone: Mars/Olympus_Mons');
      csvLine = editLine(join(w, 'data/metrics.csv'), /^2026-.*,signups,\d+,/, l => l.replace(/,signups,\d+,/, ',signups,twelve,'));
    });
    assert.ok(csvLine > 1);
    const r = run(['check', '--folder', ws]);
    assert.equal(r.code, 1);
    const zoneColumn = columnOf(join(ws, '.calibrate/report.yaml'), configLine, 'Mars');
    const valueColumn = columnOf(join(ws, 'data/metrics.csv'), csvLine, 'twelve');
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      `.calibrate/report.yaml:${configLine}:${zoneColumn}: error: unknown time zone "Mars/Olympus_Mons". Expected an IANA time zone such as America/Los_Angeles.`,
      `data/metrics.csv:${csvLine}:${valueColumn}: error: bad value "twelve". Expected a finite decimal number, or an empty cell for a missing value.`,
      '2 errors, 0 warnings in 4 files',
    ]);
  });

  it('lists every bad CSV row (N/A, a row cut short, a conflicting re-delivery) at its line and column, and a re-delivered row as a warning', () => {
    const lines: number[] = [];
    const ws = copy(w => {
      const f = join(w, 'data/metrics.csv');
      lines.push(editLine(f, /^2026-.*,page_views,\d+,/, l => l.replace(/,page_views,\d+,/, ',page_views,N/A,')));
      lines.push(editLine(f, /^2026-.*,job_applies,\d+,IN,web$/, l => l.replace(/,web$/, '')));
      // The last rows again at the end: the still-arriving hour delivered twice, one value changed.
      const rows = readFileSync(f, 'utf8').trimEnd().split('\n');
      const last = rows.length;
      writeFileSync(f, [...rows, rows[last - 2], rows[last - 1]!.replace(/,(\d+),/, (_, v: string) => `,${Number(v) + 1},`)].join('\n') + '\n');
      lines.push(last + 1, last + 2, last - 1, last);
    });
    const f = join(ws, 'data/metrics.csv');
    const r = run(['check', '--folder', ws]);
    assert.equal(r.code, 1);
    const [naLine, shortLine, repeatLine, changedLine, firstLine, secondLine] = lines as [number, number, number, number, number, number];
    const out = r.stdout.trimEnd().split('\n');
    assert.equal(out.length, 5, r.stdout);
    const at = (line: number): string => out.find(l => l.startsWith(`data/metrics.csv:${line}:`)) ?? `nothing at line ${line}`;
    assert.equal(
      at(naLine),
      `data/metrics.csv:${naLine}:${columnOf(f, naLine, 'N/A')}: error: bad value "N/A". Expected a finite decimal number, or an empty cell for a missing value.`,
    );
    const shortEnd = readFileSync(f, 'utf8').split('\n')[shortLine - 1]!.length + 1; // where the missing cell would start
    assert.match(at(shortLine), new RegExp(`^data/metrics\\.csv:${shortLine}:${shortEnd}: error: found 4 columns\\. Expected 5 columns`));
    assert.match(
      at(repeatLine),
      new RegExp(
        `^data/metrics\\.csv:${repeatLine}: warning: duplicate row for .+ at \\S+: line ${repeatLine} repeats line ${firstLine} \\(both \\d+\\); it is used once\\.`,
      ),
    );
    assert.match(
      at(changedLine),
      new RegExp(
        `^data/metrics\\.csv:${changedLine}: error: conflicting rows for .+ at \\S+: line ${secondLine} has \\d+, line ${changedLine} has \\d+; that time is left as a gap\\.`,
      ),
    );
    const printed = out.slice(0, 4).map(l => Number(l.split(':')[1]));
    assert.deepEqual(
      printed,
      [...printed].sort((a, b) => a - b),
      'by line',
    );
    assert.equal(out[4], '3 errors, 1 warning in 4 files');
  });

  it('exits 0 on a re-delivered row alone: a warning', () => {
    const ws = copy(w => {
      const f = join(w, 'data/metrics.csv');
      const rows = readFileSync(f, 'utf8').trimEnd().split('\n');
      writeFileSync(f, [...rows, rows.at(-1)].join('\n') + '\n');
    });
    const r = run(['check', '--folder', ws]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^data\/metrics\.csv:\d+: warning: duplicate row for /);
    assert.match(r.stdout, /\n0 errors, 1 warning in 4 files\n$/);
  });

  it('warns about a config key it does not know, at its line and column, with the key meant, and exits 0', () => {
    let line = 0;
    const ws = copy(w => {
      line = editLine(join(w, '.calibrate/report.yaml'), /^thresholds:/, l => l.replace('thresholds', 'tresholds'));
    });
    const r = run(['check', '--folder', ws]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, new RegExp(`^\\.calibrate/report\\.yaml:${line}:1: warning: .*\\btresholds\\b.*did you mean \`thresholds\``, 'm'));
  });

  it('says how many rows are bad when there are more than it lists', () => {
    const ws = copy(w => {
      const f = join(w, 'data/metrics.csv');
      const rows = readFileSync(f, 'utf8').split('\n');
      for (let i = 1; i <= 250; i++) rows[i * 3] = rows[i * 3]!.replace(/,(\d+),/, ',-,');
      writeFileSync(f, rows.join('\n'));
    });
    const r = run(['check', '--folder', ws]);
    assert.equal(r.code, 1);
    const out = r.stdout.trimEnd().split('\n');
    assert.equal(
      out[0],
      'data/metrics.csv: error: 250 problems in its rows, each left as a gap; only the first 200, by line, are listed. Expected rows that can all be read: fix the listed ones and check again.',
    );
    assert.equal(out.length, 1 + 200 + 1);
    assert.match(out[1]!, /^data\/metrics\.csv:4:\d+: error: bad value "-"/);
    assert.match(out[200]!, /^data\/metrics\.csv:601:\d+: error: bad value "-"/);
    assert.equal(out[201], '201 errors, 0 warnings in 4 files');
  });

  it('warns, at its config line and column, about a config metric or a ratio part with no rows in the data yet', () => {
    let idLine = 0;
    let partLine = 0;
    const ws = copy(w => {
      const config = join(w, '.calibrate/report.yaml');
      idLine = editLine(config, /- id: messages_sent/, l => l.replace('messages_sent', 'messages_snt'));
      partLine = editLine(config, /numerator: signups/, l => l.replace('numerator: signups', 'numerator: sign_ups'));
    });
    const config = join(ws, '.calibrate/report.yaml');
    const r = run(['check', '--folder', ws]);
    // The report opens and shows that metric's row as "no data": a warning, not an error.
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      `.calibrate/report.yaml:${idLine}:${columnOf(config, idLine, 'messages_snt')}: warning: metric "messages_snt" has no rows in data/metrics.csv yet; its row shows no data. Expected a metric of the data (it has: job_applies, messages_sent, page_views, signups).`,
      `.calibrate/report.yaml:${partLine}:${columnOf(config, partLine, 'sign_ups')}: warning: metric "sign_ups", the numerator of signup_rate, has no rows in data/metrics.csv yet; its row shows no data. Expected a metric of the data (it has: job_applies, messages_sent, page_views, signups).`,
      '0 errors, 2 warnings in 4 files',
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
    assert.equal(lines[1], '0 errors, 1 warning in 5 files');
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
        .map(l => l.replace(/(:\d+)?: error: .*/, '')), // the line; its column is the events parser's (test/unit/context)
      ['.calibrate/events.yaml:6', '.calibrate/events.yaml:8', '2 errors, 0 warnings in 4 files'],
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
    assert.match(r.stdout, /^ci\/report\.yaml:\d+(:\d+)?: error: amber 5, red 1\. Expected thresholds with 0 < amber < red/m);
  });
});
