// Presence in the real extension host (issue 12): opening the report writes my presence file and the
// .gitignore line; another window's presence file (written with plain fs, as another VS Code window
// on the folder would) appears in the API within 1 s; a stale, an invalid and a misnamed one do not;
// Follow the Lead follows and stops; idle CPU with presence on is measured ([measure]).
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CalibrateApi } from '../../src/extension';
import { PRESENCE_DIR, PRESENCE_IGNORE_LINE, presenceFileName, STALE_MS, type Presence } from '../../src/core/presence';

const EXT_ID = 'calibrate-dev.calibrate';

async function api(): Promise<CalibrateApi> {
  const ext = vscode.extensions.getExtension<CalibrateApi>(EXT_ID)!;
  return ext.isActive ? ext.exports : ext.activate();
}

const folder = () => vscode.workspace.workspaceFolders![0];
const dir = () => join(folder().uri.fsPath, PRESENCE_DIR);
const newWindow = () => randomBytes(12).toString('hex');

/** Another window's presence, written as it writes it: a temp file renamed into place. */
async function writeOther(p: Presence, name = presenceFileName(p.author, p.window)): Promise<string> {
  await mkdir(dir(), { recursive: true });
  const temp = join(dir(), `.${name}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(temp, JSON.stringify(p));
  await rename(temp, join(dir(), name));
  return name;
}

/** The report's analysis is done (not only its table). */
const analysed = (s: ReturnType<CalibrateApi['reportState']>): boolean => s?.update.type === 'snapshot' && s.update.snapshot.analysis === 'done';

async function until<T>(what: string, f: () => T | undefined, timeoutMs: number): Promise<{ value: T; ms: number }> {
  const t0 = Date.now();
  for (;;) {
    const value = f();
    if (value !== undefined && value !== false) return { value, ms: Date.now() - t0 };
    if (Date.now() - t0 > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, 10));
  }
}

describe('Presence in the real extension host', function () {
  const written: string[] = [];
  /** The extension host's CPU (% of one core) over 10 idle seconds with presence on: judged against the same host idle with it off, below. */
  let idleWithPresence: number | undefined;
  after(async () => {
    await Promise.all(written.map(n => rm(join(dir(), n), { force: true })));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opening the report writes my presence file, and .gitignore gets the line once', async () => {
    const a = await api();
    const rendered = a.nextRender(120_000);
    await vscode.commands.executeCommand('calibrate.openReport');
    await rendered;
    const { value: file } = await until('my presence file', () => a.presence().myFile, 5_000);
    await until('my presence on disk', () => existsSync(join(dir(), file)), 5_000);
    const mine = JSON.parse(await readFile(join(dir(), file), 'utf8')) as Presence;
    assert.equal(mine.v, 1);
    assert.equal(mine.window, a.presence().window);
    assert.ok(Date.now() - mine.at < STALE_MS);
    const gitignore = await readFile(join(folder().uri.fsPath, '.gitignore'), 'utf8');
    assert.equal(gitignore.split(/\r?\n/).filter(l => l.trim() === PRESENCE_IGNORE_LINE).length, 1, gitignore);
  });

  it('another window’s presence appears within 1 s; a stale, an invalid and a misnamed one never do', async () => {
    const a = await api();
    const stale = newWindow();
    written.push(await writeOther({ v: 1, author: 'Old', window: stale, at: Date.now() - STALE_MS - 5_000, focus: { metric: 'orders' } }));
    written.push(await writeOther({ v: 1, author: 'Bad', window: newWindow(), at: Date.now(), focus: { metrc: 'x' } } as unknown as Presence));
    written.push(await writeOther({ v: 1, author: 'Liar', window: newWindow(), at: Date.now(), focus: {} }, presenceFileName('Liar', newWindow())));
    const ana = newWindow();
    const t0 = Date.now();
    written.push(await writeOther({ v: 1, author: 'Ana', window: ana, at: Date.now(), focus: { metric: 'page_views' } }));
    const { ms } = await until('Ana present', () => a.presence().others.find(p => p.author === 'Ana'), 1_000);
    console.log(`      [measure] another window's presence file written → in this window's API: ${ms} ms (${Date.now() - t0} ms incl. the write)`);
    // A change of focus follows the same way.
    const t1 = Date.now();
    await writeOther({ v: 1, author: 'Ana', window: ana, at: Date.now(), focus: { metric: 'signups', hour: 1_700_000_000_000 } });
    await until('Ana moved', () => a.presence().others.find(p => p.author === 'Ana' && p.focus.metric === 'signups'), 1_000);
    console.log(`      [measure] another window's focus change → in this window's API: ${Date.now() - t1} ms`);
    await new Promise(r => setTimeout(r, 300));
    assert.deepEqual(
      a.presence().others.map(p => p.author),
      ['Ana'],
      'only the fresh, valid, well-named presence (never my own)',
    );
  });

  it('Follow the Lead follows a person present, and stops when toggled again', async () => {
    const a = await api();
    const who = await vscode.commands.executeCommand<string>('calibrate.followLead', { author: 'Ana', on: true });
    assert.equal(who, 'Ana');
    assert.equal(a.presence().following, 'Ana');
    const file = a.presence().myFile!;
    const { value } = await until(
      'my file says following',
      () => {
        try {
          return (JSON.parse(readFileSync(join(dir(), file), 'utf8')) as Presence).following === 'Ana' || undefined;
        } catch {
          return undefined;
        }
      },
      2_000,
    );
    assert.ok(value);
    assert.equal(await vscode.commands.executeCommand('calibrate.followLead'), undefined);
    assert.equal(a.presence().following, undefined);
  });

  it('idle with presence on costs little CPU, and writes only heartbeats', async function () {
    this.timeout(60_000);
    const a = await api();
    // Idle means no analysis under way: the report's, started by the first test, may still run (its
    // worker takes only CPU time nobody else wants, ADR 0026, so on a busy machine it can run long).
    await until('the report analysed', () => analysed(a.reportState()), 120_000);
    // Someone else is present (their heartbeat), my report is open: then nothing happens for 10 s.
    const ana = newWindow();
    written.push(await writeOther({ v: 1, author: 'Ana', window: ana, at: Date.now(), focus: { metric: 'page_views' } }));
    await new Promise(r => setTimeout(r, 1_000));
    const writes0 = a.presence().writes;
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    const beat = setInterval(() => void writeOther({ v: 1, author: 'Ana', window: ana, at: Date.now(), focus: { metric: 'page_views' } }), 5_000);
    await new Promise(r => setTimeout(r, 10_000));
    clearInterval(beat);
    const cpu = process.cpuUsage(cpu0);
    const wall = Date.now() - t0;
    const pct = ((cpu.user + cpu.system) / 1000 / wall) * 100;
    const writes = a.presence().writes - writes0;
    console.log(
      `      [measure] idle 10 s with presence on (report open, another window's heartbeat every 5 s): extension host CPU ${pct.toFixed(2)}% of one core (user ${(cpu.user / 1000).toFixed(0)} ms, system ${(cpu.system / 1000).toFixed(0)} ms), ${writes} presence writes`,
    );
    assert.ok(writes <= 2, `${writes} writes while idle (a heartbeat every 10 s)`);
    // The CPU is the whole extension host's (VS Code's own work included), which idles at 2-5% of a
    // core here by itself: judged against that, measured in the same run, by the test below.
    idleWithPresence = pct;
  });

  it('closing the report deletes my presence file', async () => {
    const a = await api();
    const file = a.presence().myFile!;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('my presence file deleted', () => !existsSync(join(dir(), file)), 5_000);
    assert.equal(a.presence().myFile, undefined);
  });

  it('idle with presence off, for comparison (the same host, nothing open)', async function () {
    this.timeout(60_000);
    await Promise.all(written.splice(0).map(n => rm(join(dir(), n), { force: true })));
    await new Promise(r => setTimeout(r, 1_000));
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    await new Promise(r => setTimeout(r, 10_000));
    const cpu = process.cpuUsage(cpu0);
    const pct = ((cpu.user + cpu.system) / 1000 / (Date.now() - t0)) * 100;
    console.log(
      `      [measure] idle 10 s with presence off (no report open): extension host CPU ${pct.toFixed(2)}% of one core (baseline for the line above)`,
    );
    // Presence adds a heartbeat every 10 s and a watcher: a loop (a write storm, a watcher feeding
    // itself) would add tens of points; the two 10-s measures differ by up to 3 points by noise alone.
    if (idleWithPresence === undefined) this.skip();
    assert.ok(
      idleWithPresence - pct < 5,
      `presence costs ${(idleWithPresence - pct).toFixed(2)} points of a core while idle (${idleWithPresence.toFixed(2)}% on, ${pct.toFixed(2)}% off)`,
    );
  });
});
