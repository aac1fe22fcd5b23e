// A hostile workspace, opened in the real extension host (issue 8): every file a repository can
// ship is untrusted input. Each case must end in its documented error or warning within 10 s, and
// the extension host (this very process) must stay responsive: a ticker measures the event loop.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CalibrateApi } from '../../src/extension';
import type { RenderedReport } from '../../src/panel/reportPanel';
import { setCalibrateSetting } from './settings';

const EXT_ID = 'calibrate-dev.calibrate';
const DEADLINE_MS = 10_000;
/**
 * Longest the host's event loop may stall. The analysis runs in a worker (ADR 0011), and the host's
 * stalls on this shared 2-core machine measured 35–250 ms here, mostly the workbench; a hang, or an
 * expansion that ran away on the host, would show as seconds. (test/integration/eventLoop.test.ts
 * holds the tighter bound on the analysis itself.)
 */
const MAX_BLOCK_MS = 1000;
const folder = () => vscode.workspace.workspaceFolders![0];
const inWorkspace = (p: string) => path.join(folder().uri.fsPath, p);

async function api(): Promise<CalibrateApi> {
  const ext = vscode.extensions.getExtension<CalibrateApi>(EXT_ID)!;
  return ext.isActive ? ext.exports : ext.activate();
}

/** The longest the event loop went without running a 20 ms timer, while `work` ran. */
async function withLoopWatch<T>(work: () => Promise<T>): Promise<{ result: T; maxBlockMs: number; ms: number }> {
  let last = Date.now();
  let maxBlockMs = 0;
  const ticker = setInterval(() => {
    const now = Date.now();
    maxBlockMs = Math.max(maxBlockMs, now - last - 20);
    last = now;
  }, 20);
  const t0 = Date.now();
  try {
    const result = await work();
    return { result, maxBlockMs, ms: Date.now() - t0 };
  } finally {
    clearInterval(ticker);
  }
}

/** Open the report with the given config path; resolves with the analysed render or the problem shown. */
async function openWith(configPath: string): Promise<RenderedReport> {
  const a = await api();
  await setCalibrateSetting('reportConfigPath', configPath);
  try {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const next = async (): Promise<RenderedReport> => {
      for (;;) {
        const r = await a.nextRender(DEADLINE_MS + 20_000);
        if (r.type !== 'rendered' || r.analysis === 'done') return r;
      }
    };
    const shown = next();
    await vscode.commands.executeCommand('calibrate.openReport');
    return await shown;
  } finally {
    await setCalibrateSetting('reportConfigPath', undefined);
  }
}

/** A config like the demo's, reading another CSV and with optional text replacements. */
function writeConfig(name: string, csvPath: string, edit: (yaml: string) => string = y => y): string {
  const cfg = fs.readFileSync(inWorkspace('.calibrate/report.yaml'), 'utf8').replace(/path: .*/, `path: ${csvPath}`);
  fs.mkdirSync(inWorkspace('hostile'), { recursive: true });
  fs.writeFileSync(inWorkspace(`hostile/${name}`), edit(cfg));
  return `hostile/${name}`;
}

function report(label: string, ms: number, maxBlockMs: number): void {
  console.log(`[measure] hostile ${label}: ${ms} ms to the documented result, event loop blocked at most ${maxBlockMs} ms`);
}

describe('A hostile workspace in the real extension host', function () {
  const created: string[] = [];
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'calibrate-outside-'));
  after(() => {
    for (const f of created) fs.rmSync(f, { force: true, recursive: true });
    fs.rmSync(inWorkspace('hostile'), { force: true, recursive: true });
    fs.rmSync(outside, { force: true, recursive: true });
  });
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('a recurrence rule that never ends and an every-minute calendar each get a warning; the other events stay', async () => {
    const cal = (name: string, rule: string) =>
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//hostile//EN',
        'BEGIN:VEVENT',
        `UID:${name}@hostile`,
        'DTSTART:20260101T000000Z',
        'DURATION:PT1M',
        `SUMMARY:${name}`,
        rule,
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n');
    const dir = inWorkspace('.calibrate/calendars');
    fs.mkdirSync(dir, { recursive: true });
    const hang = path.join(dir, 'zz-hang.ics');
    const minutely = path.join(dir, 'zz-minutely.ics');
    created.push(hang, minutely);
    fs.writeFileSync(hang, cal('never', 'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30'));
    fs.writeFileSync(minutely, cal('batch job', 'RRULE:FREQ=MINUTELY'));
    try {
      const { result: r, ms, maxBlockMs } = await withLoopWatch(() => openWith('.calibrate/report.yaml'));
      report('calendars', ms, maxBlockMs);
      assert.equal(r.type, 'rendered', JSON.stringify(r));
      if (r.type !== 'rendered') return;
      assert.ok(ms < DEADLINE_MS, `analysed in ${ms} ms`);
      assert.ok(
        r.warnings.some(w => /zz-hang\.ics:9: recurrence rule/.test(w)),
        r.warnings.join('\n'),
      );
      assert.ok(
        r.warnings.some(w => /zz-minutely\.ics:\d+: .*(capped|at most|stopped)/i.test(w)),
        r.warnings.join('\n'),
      );
      // events.yaml and the demo's own calendar still count: the deploy still explains the iOS drop.
      assert.ok(r.contextKinds.includes('event'), r.contextKinds.join(','));
      assert.ok(
        r.anomalies.some(a => a.metric === 'page_views' && a.topKind === 'deploy'),
        JSON.stringify(r.anomalies),
      );
      assert.ok(maxBlockMs < MAX_BLOCK_MS, `event loop blocked for ${maxBlockMs} ms`);
    } finally {
      fs.rmSync(hang, { force: true });
      fs.rmSync(minutely, { force: true });
    }
  });

  it('an 18-column CSV (15 dimensions) draws the report within the deadline, and says the drill-down was narrowed', async () => {
    const lines = fs.readFileSync(inWorkspace('data/metrics.csv'), 'utf8').split('\n');
    const extra = Array.from({ length: 13 }, (_, i) => `tag${i + 1}`);
    const header = lines[0].trim().split(',');
    const country = header.indexOf('country');
    const platform = header.indexOf('platform');
    // Columns that split the slices each in its own way (a constant column, or one that renames
    // another, is dropped before the search, so it would prove nothing): 3 values from a hash.
    const tag = (c: string, p: string, i: number): string => {
      let h = Math.imul(i + 1, 2654435761);
      for (const ch of `${c}/${p}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
      return `v${(h >>> 0) % 3}`;
    };
    const wide = [[...header, ...extra].join(',')];
    for (const l of lines.slice(1)) {
      if (!l.trim()) continue;
      const f = l.split(',');
      wide.push([...f, ...extra.map((_, i) => tag(f[country], f[platform], i))].join(','));
    }
    fs.mkdirSync(inWorkspace('hostile'), { recursive: true });
    fs.writeFileSync(inWorkspace('hostile/wide.csv'), wide.join('\n') + '\n');
    assert.equal(wide[0].split(',').length, 18);
    const { result: r, ms, maxBlockMs } = await withLoopWatch(() => openWith(writeConfig('wide.yaml', 'hostile/wide.csv')));
    report('18 columns', ms, maxBlockMs);
    assert.equal(r.type, 'rendered', JSON.stringify(r));
    if (r.type !== 'rendered') return;
    assert.ok(ms < DEADLINE_MS, `analysed in ${ms} ms`);
    assert.ok(maxBlockMs < MAX_BLOCK_MS, `event loop blocked for ${maxBlockMs} ms`);
    // 15 varying dimensions exceed the cuboid budget: the search is bounded to pairs, and every card says so.
    assert.ok(r.anomalies.length > 0 && r.anomalies.every(a => a.narrowed), JSON.stringify(r.anomalies));
  });

  it('a CSV that links outside the workspace is refused without showing the outside file', async () => {
    const secret = path.join(outside, 'credentials.csv');
    fs.writeFileSync(secret, 'API_KEY=sk-calibrate-secret-0000\n');
    fs.mkdirSync(inWorkspace('hostile'), { recursive: true });
    fs.symlinkSync(secret, inWorkspace('hostile/link.csv'));
    const { result: r, ms } = await withLoopWatch(() => openWith(writeConfig('link.yaml', 'hostile/link.csv')));
    assert.equal(r.type, 'problemShown', JSON.stringify(r));
    if (r.type !== 'problemShown') return;
    assert.ok(ms < DEADLINE_MS);
    assert.match(r.message, /^hostile\/link\.csv: .*outside the workspace folder/);
    assert.doesNotMatch(r.message, /sk-calibrate-secret/);
  });

  it('a CSV that links to /dev/zero is refused at once, as not a regular file', async () => {
    fs.mkdirSync(inWorkspace('hostile'), { recursive: true });
    fs.symlinkSync('/dev/zero', inWorkspace('hostile/zero.csv'));
    const { result: r, ms } = await withLoopWatch(() => openWith(writeConfig('zero.yaml', 'hostile/zero.csv')));
    assert.equal(r.type, 'problemShown', JSON.stringify(r));
    if (r.type !== 'problemShown') return;
    assert.ok(ms < DEADLINE_MS);
    assert.match(r.message, /^hostile\/zero\.csv: /);
  });

  it('a __proto__ column is refused by name, on the header line', async () => {
    fs.mkdirSync(inWorkspace('hostile'), { recursive: true });
    fs.writeFileSync(inWorkspace('hostile/proto.csv'), 'timestamp,metric,value,__proto__\n2026-11-01T00:00:00Z,page_views,1,x\n');
    const r = await openWith(writeConfig('proto.yaml', 'hostile/proto.csv'));
    assert.equal(r.type, 'problemShown', JSON.stringify(r));
    if (r.type === 'problemShown') assert.match(r.message, /^hostile\/proto\.csv:1: .*__proto__/);
  });

  it('a 201-character metric label still draws the whole analysed report (no endless spinner)', async () => {
    const long = 'L'.repeat(201);
    const { result: r, ms } = await withLoopWatch(() =>
      openWith(writeConfig('label.yaml', 'data/metrics.csv', y => y.replace(/label: Page views/, `label: ${long}`))),
    );
    assert.equal(r.type, 'rendered', JSON.stringify(r).slice(0, 500));
    if (r.type !== 'rendered') return;
    assert.ok(ms < DEADLINE_MS, `analysed in ${ms} ms`);
    assert.equal(r.analysis, 'done');
    assert.equal(r.hourColumns, 24);
  });
});
