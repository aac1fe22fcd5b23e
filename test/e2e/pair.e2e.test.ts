// Issue 12, two real extension hosts: two code-server instances (each its own port, user data and
// extensions) open the SAME demo workspace folder, each driven by its own headless Chromium: Ana in
// A, Ben in B. Their Calibrates share nothing but the folder's files (the live channel is the log on
// disk, appended with O_APPEND and watched, ADR 0015; presence files, ADR 0016). A starts an
// investigation from a red cell and B opens it; A pins the chart and B shows it; 25 notes written in
// A are timed to their display in B (median, p95: bench/pair/README.md); both write 100 notes at once
// and both views end on the fold of the file; B keeps typing while A's events arrive; A's extension
// host is killed while a writer dies mid-line, B keeps working, the half line is reported and kept
// out of the fold, and A, reloaded, shows what B shows; B follows A's focus in the report. Side-by-side
// screenshots: test-results/pair-{A,B}.png and pair.png (the investigation), pair-follow-{A,B}.png
// and pair-follow.png (B's report following A's).
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { findFrame, pick, runCommand } from './workbench';
// @ts-expect-error plain ESM helper shared with the other runners
import { startCodeServer, launchBrowser, workbenchUrl, runtimeReady } from '../../scripts/runtime/harness.mjs';
import { foldLog, type InvestigationState } from '../../src/core/investigation';

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'test-results');
/** The bound the issue sets for an append in one window to show in the other. */
const LIVE_MS = 1_000;
const LATENCY_SAMPLES = 25;
const BURST = 100;
/** A 2-core machine shared with other runs: above this load a timing is printed, not asserted. */
const loaded = (): boolean => os.loadavg()[0] > os.cpus().length * 1.5;

interface CodeServer {
  port: number;
  base: string;
  tmp: string;
  proc: { pid: number; kill(sig: string): void };
  stop(): Promise<void>;
}

/** One participant: a code-server and its own browser on the shared folder. */
interface Participant {
  readonly label: 'A' | 'B';
  readonly author: string;
  cs: CodeServer;
  context: BrowserContext;
  page: Page;
  /** The investigation view's frame. */
  view?: Frame;
  readonly errors: string[];
}

async function participant(label: 'A' | 'B', author: string, workspace: string, vsix: string): Promise<Participant> {
  const cs: CodeServer = await startCodeServer({
    workspace,
    vsix: [vsix],
    settings: { 'workbench.colorTheme': 'Default Dark Modern', 'calibrate.yourName': author },
  });
  const { context, page } = (await launchBrowser(cs, { viewport: { width: 1200, height: 860 } })) as { context: BrowserContext; page: Page };
  const p: Participant = { label, author, cs, context, page, errors: [] };
  page.on('dialog', d => void (p.errors.push(`dialog: ${d.message()}`), d.dismiss()));
  page.on('pageerror', e => p.errors.push(`page error: ${e.message}`));
  await openWorkbench(p, workspace);
  return p;
}

async function openWorkbench(p: Participant, workspace: string): Promise<void> {
  await p.page.goto(workbenchUrl(p.cs, workspace), { waitUntil: 'domcontentloaded', timeout: 180_000 });
  await p.page.waitForSelector('.monaco-workbench', { timeout: 180_000 });
  await p.page.waitForSelector('.explorer-folders-view', { timeout: 180_000 });
}

/**
 * Records in a view when each note whose text has `pair-<tag>-<n>` is first drawn (Date.now(): the
 * browsers and this process share the machine's clock). A string, so the transpiler injects no helpers.
 */
const WATCH_NOTES = `(() => {
  window.__seen = window.__seen || {};
  const scan = () => {
    for (const e of document.querySelectorAll('.timeline-list .entry')) {
      const m = /pair-([a-z]+-\\d+)/.exec(e.textContent || '');
      if (m && !(m[1] in window.__seen)) window.__seen[m[1]] = Date.now();
    }
  };
  scan();
  if (!window.__seenObserver) {
    window.__seenObserver = new MutationObserver(scan);
    window.__seenObserver.observe(document.body, { subtree: true, childList: true, characterData: true });
  }
})()`;

const STOP_WATCHING = `(() => { window.__seenObserver?.disconnect(); window.__seenObserver = undefined; })()`;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** The pids of the processes under `root` (from /proc), with their command lines. */
function descendants(root: number): { pid: number; cmd: string }[] {
  const parent = new Map<number, number>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone */
    }
  }
  const out: { pid: number; cmd: string }[] = [];
  const walk = (pid: number) => {
    for (const [child, ppid] of parent) {
      if (ppid !== pid) continue;
      let cmd = '';
      try {
        cmd = fs.readFileSync(`/proc/${child}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        /* gone */
      }
      out.push({ pid: child, cmd });
      walk(child);
    }
  };
  walk(root);
  return out;
}

describe('two real extension hosts on one folder (e2e, issue 12)', function () {
  let demo: string;
  let workspace: string;
  let dir: string;
  let a: Participant | undefined;
  let b: Participant | undefined;
  let name = '';
  let title = '';
  /** Texts typed again because a redraw took the composer's focus mid-fill; keys or clicks that sent nothing. */
  const lost = { typed: 0, sends: 0 };
  const logFile = () => path.join(dir, `${name}.jsonl`);
  const disk = (): InvestigationState => foldLog(fs.readFileSync(logFile(), 'utf8'));
  const composer = (p: Participant) => p.view!.locator('#composer-text');
  const events = async (p: Participant) => Number(await p.view!.locator('#app').getAttribute('data-events'));
  const showTab = (p: Participant, text: string | RegExp) => p.page.locator('.tabs-container .tab', { hasText: text }).first().click();

  /**
   * Write a note in a participant's composer (Ctrl+Enter, or its Send button) and wait until it is
   * written (the composer clears and says so). Returns when the key or click was sent.
   */
  async function writeNote(p: Participant, text: string, by: 'keys' | 'click' = 'keys'): Promise<number> {
    // A redraw for the other window's event can take the focus while the text is typed (see the
    // focus test below): the text then lands nowhere. Type it again until the composer holds it.
    for (let i = 0; (await composer(p).inputValue()) !== text; i++) {
      if (i === 5) throw new Error(`${p.label}: the composer never held "${text}"`);
      if (i > 0) lost.typed++;
      await composer(p).fill(text);
    }
    const send = () => (by === 'keys' ? composer(p).press('Control+Enter') : p.view!.locator('.composer-send').click());
    const written = (timeout: number) =>
      p.view!.waitForFunction(
        () => {
          const m = document.querySelector('.composer-message')?.textContent ?? '';
          if (m.startsWith('Not sent')) throw new Error(m);
          return (document.getElementById('composer-text') as HTMLTextAreaElement).value === '' && m.startsWith('Written');
        },
        undefined,
        { timeout, polling: 20 },
      );
    const t0 = Date.now();
    await send();
    // The same redraws can swallow the key or the click (the composer is out of the DOM for a moment):
    // when nothing is being sent after 5 s, send once more, and count it.
    const idle = await written(5_000).then(
      () => false,
      async () => (await p.view!.locator('.composer-message').innerText()) !== 'Sending…' && (await composer(p).inputValue()) === text,
    );
    if (idle) {
      lost.sends++;
      await send();
    }
    await written(30_000).catch(async (e: Error) => {
      const state = await p.view!.evaluate(() => ({
        text: (document.getElementById('composer-text') as HTMLTextAreaElement | null)?.value,
        message: document.querySelector('.composer-message')?.textContent,
        send: (document.querySelector('.composer-send') as HTMLButtonElement | null)?.disabled,
        events: document.getElementById('app')?.dataset.events,
      }));
      throw new Error(`${p.label}: "${text}" not written: ${e.message}; composer: ${JSON.stringify(state)}`);
    });
    return t0;
  }

  /** Until both views show as many events as the file folds to; returns that fold. */
  async function bothShowTheFile(timeoutMs: number): Promise<InvestigationState> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const s = disk();
      const [ea, eb] = [await events(a!), await events(b!)];
      if (ea === s.timeline.length && eb === s.timeline.length) return s;
      if (Date.now() > until) assert.fail(`after ${timeoutMs} ms A shows ${ea} events, B ${eb}, the file folds to ${s.timeline.length}`);
      await new Promise(r => setTimeout(r, 200));
    }
  }

  before(async function () {
    this.timeout(1_200_000);
    if (!runtimeReady()) execFileSync('bash', [path.join(ROOT, 'scripts/runtime/setup.sh')], { stdio: 'inherit' });
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/package.mjs')], { stdio: 'inherit', cwd: ROOT });
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const vsix = path.join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
    demo = fs.mkdtempSync(path.join(os.tmpdir(), 'calibrate-e2e-pair-'));
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'scripts/gen-demo.ts'), '--out', demo], {
      stdio: 'inherit',
      cwd: ROOT,
    });
    workspace = path.join(demo, 'workspace');
    dir = path.join(workspace, '.calibrate', 'investigations');
    // One after the other: the machine has two cores.
    a = await participant('A', 'Ana', workspace, vsix);
    b = await participant('B', 'Ben', workspace, vsix);
    assert.notEqual(a.cs.port, b.cs.port);
    assert.notEqual(a.cs.tmp, b.cs.tmp);
    fs.mkdirSync(OUT, { recursive: true });
  });

  after(async () => {
    for (const p of [a, b]) {
      await p?.context.close().catch(() => {});
      await p?.cs.stop();
    }
    if (demo) fs.rmSync(demo, { recursive: true, force: true });
  });

  it('A starts an investigation from a red cell; B opens the same one from the palette', async function () {
    this.timeout(600_000);
    const before0 = new Set(fs.existsSync(dir) ? fs.readdirSync(dir) : []);
    await runCommand(a!.page, 'Calibrate: Open Metrics Report');
    const report = await findFrame(a!.page, '#app[data-analysis="done"] table.report', 240_000);
    const card = report.locator('.anomaly[data-metric="page_views"]', { has: report.locator('summary', { hasText: 'Deploy ios-v7.4.0' }) }).first();
    const start = await card.getAttribute('data-start');
    await report.locator(`tbody tr[data-metric="page_views"] td.cell.in-anomaly[data-anomaly="page_views@${start}"]`).first().click();
    const investigate = report.locator('.cell-investigation .investigate-button');
    await investigate.waitFor({ state: 'visible', timeout: 30_000 });
    await investigate.click();
    a!.view = await findFrame(a!.page, '.inv-anomaly .anomaly-numbers', 60_000);
    const added = fs.readdirSync(dir).filter(f => !before0.has(f));
    assert.equal(added.length, 1, `one new log (${added.join(', ')})`);
    name = added[0].replace(/\.jsonl$/, '');
    title = await a!.view.locator('.inv-header h1').innerText();
    await a!.view.waitForFunction(() => /Ana \(lead\)/.test(document.querySelector('.participants')?.textContent ?? ''), undefined, { timeout: 30_000 });

    await runCommand(b!.page, 'Calibrate: Open Investigation');
    await pick(b!.page, title, 60_000);
    b!.view = await findFrame(b!.page, '#app .composer #composer-text', 120_000);
    assert.equal(await b!.view.locator('.inv-header h1').innerText(), title);
    // B sees A's lead role from the log; B is Ben, not "you".
    const people = await b!.view.locator('.participants').innerText();
    assert.match(people, /Ana \(lead\)/);
    assert.doesNotMatch(people, /Ana \(lead\) – you/);
    assert.equal(await events(b!), await events(a!));
  });

  it(`A pins the chart from the report; B shows the evidence within ${LIVE_MS} ms`, async function () {
    this.timeout(120_000);
    await b!.view!.evaluate(`(() => {
      window.__chartAt = 0;
      new MutationObserver((_, o) => {
        if (document.querySelector('.evidence-item.chart svg path.actual')) { window.__chartAt = Date.now(); o.disconnect(); }
      }).observe(document.body, { subtree: true, childList: true });
    })()`);
    assert.equal(await b!.view!.locator('.evidence-item.chart').count(), 0);
    await showTab(a!, 'Metrics Report');
    const report = await findFrame(a!.page, '#app[data-analysis="done"] .chart-tools .pin-chart', 30_000);
    const pin = report.locator('.chart-tools .pin-chart');
    await pin.scrollIntoViewIfNeeded();
    const t0 = Date.now();
    await pin.click();
    await b!.view!.waitForFunction(() => (window as unknown as { __chartAt: number }).__chartAt > 0, undefined, { timeout: 30_000, polling: 20 });
    const ms = ((await b!.view!.evaluate('window.__chartAt')) as number) - t0;
    const busy = loaded();
    console.log(
      `      [measure] "Pin this window" clicked in A to the chart drawn in B: ${ms} ms (target < ${LIVE_MS} ms)${busy ? ' (machine loaded: not asserted)' : ''}`,
    );
    if (!busy) assert.ok(ms < LIVE_MS, `B showed A's pin after ${ms} ms`);
    assert.match(await b!.view!.locator('.evidence-item.chart .ev-where').innerText(), /^page_views/);
    assert.equal(await report.locator('#action-status').innerText(), 'Pinned.');
    await showTab(a!, /vs forecast/);
    await a!.view!.waitForSelector('.evidence-item.chart svg path.actual', { timeout: 15_000 });
  });

  it(`${LATENCY_SAMPLES} notes written in A: each shown in B, median < 500 ms and p95 < ${LIVE_MS} ms`, async function () {
    this.timeout(600_000);
    await b!.view!.evaluate(WATCH_NOTES);
    // When each note's line lands in the file, seen from this process (inotify).
    const landed = new Map<string, number>();
    const watcher = fs.watch(logFile(), () => {
      const now = Date.now();
      for (const m of fs.readFileSync(logFile(), 'utf8').matchAll(/pair-(lat-\d+)/g)) if (!landed.has(m[1])) landed.set(m[1], now);
    });
    const fromKey: number[] = [];
    const fromDisk: number[] = [];
    try {
      for (let i = 0; i < LATENCY_SAMPLES; i++) {
        const key = `lat-${i}`;
        const t0 = await writeNote(a!, `Latency probe pair-${key}: checked the **iOS** funnel`);
        await b!.view!.waitForFunction(k => (window as unknown as { __seen: Record<string, number> }).__seen[k] !== undefined, key, {
          timeout: 30_000,
          polling: 20,
        });
        const shown = (await b!.view!.evaluate(k => (window as unknown as { __seen: Record<string, number> }).__seen[k], key)) as number;
        fromKey.push(shown - t0);
        if (landed.has(key)) fromDisk.push(shown - landed.get(key)!);
        // Apart, so each sample is one append on a quiet channel.
        await new Promise(r => setTimeout(r, 150 + Math.random() * 250));
      }
    } finally {
      watcher.close();
    }
    const sorted = [...fromKey].sort((x, y) => x - y);
    const [median, p95] = [quantile(sorted, 0.5), quantile(sorted, 0.95)];
    const busy = loaded();
    const disk = [...fromDisk].sort((x, y) => x - y);
    console.log(
      `      [measure] append in A (Ctrl+Enter) to shown in B, n=${sorted.length}: median ${median} ms, p95 ${p95} ms, min ${sorted[0]}, max ${sorted.at(-1)} (targets: median < 500, p95 < ${LIVE_MS}); load ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores${busy ? ' (loaded: not asserted)' : ''}`,
    );
    if (disk.length)
      console.log(
        `      [measure] line in the file to shown in B, n=${disk.length}: median ${quantile(disk, 0.5)} ms, p95 ${quantile(disk, 0.95)} ms, max ${disk.at(-1)}`,
      );
    console.log(`      [measure] samples (ms): ${fromKey.join(' ')}`);
    if (!busy) {
      assert.ok(median < 500, `median ${median} ms`);
      assert.ok(p95 < LIVE_MS, `p95 ${p95} ms`);
    }
    await b!.view!.evaluate(STOP_WATCHING);
    const s = await bothShowTheFile(30_000);
    assert.equal(s.notes.filter(n => /pair-lat-/.test(n.text)).length, LATENCY_SAMPLES);
  });

  it(`both write ${BURST} notes at the same time: both views end on the fold of the file, no note lost`, async function () {
    this.timeout(900_000);
    const t0 = Date.now();
    const burst = async (p: Participant) => {
      // Send, not Ctrl+Enter: each of the other window's events redraws the view and takes the
      // keyboard focus out of the composer (see the test below), so a key could land nowhere.
      for (let i = 0; i < BURST; i++) await writeNote(p, `Burst from ${p.author}: pair-${p.label.toLowerCase()}burst-${i}`, 'click');
    };
    await Promise.all([burst(a!), burst(b!)]);
    console.log(
      `      [measure] ${2 * BURST} notes written from two windows at once in ${((Date.now() - t0) / 1000).toFixed(1)} s (lost to a redraw of the view and done again: ${lost.typed} typed texts, ${lost.sends} sends)`,
    );
    const s = await bothShowTheFile(60_000);
    // Every line of the file is one whole event: the two hosts' appends never interleaved.
    const text = fs.readFileSync(logFile(), 'utf8');
    assert.ok(text.endsWith('\n'));
    assert.deepEqual(s.problems, []);
    for (const [label, author] of [
      ['a', 'Ana'],
      ['b', 'Ben'],
    ]) {
      const mine = s.notes.filter(n => n.text.includes(`pair-${label}burst-`));
      assert.equal(mine.length, BURST, `all ${BURST} of ${author}'s notes are in the fold`);
      assert.ok(
        mine.every(n => n.by === author),
        `${author} wrote them`,
      );
      assert.deepEqual(new Set(mine.map(n => Number(/burst-(\d+)/.exec(n.text)![1]))).size, BURST);
    }
    // Both views list exactly the fold's events, in the fold's order.
    const ids = s.timeline.map(t => ('event' in t ? t.event.id : t.foreign.id));
    for (const p of [a!, b!]) {
      const shown = await p.view!.$$eval('.timeline-list .entry[data-id]', es => es.map(e => (e as HTMLElement).dataset.id!));
      assert.deepEqual(shown, ids, `${p.label} shows the fold's timeline`);
    }
    const clocks = s.timeline.map(t => ('event' in t ? t.event.clock : 0));
    const ties = clocks.length - new Set(clocks).size;
    console.log(`      [pair] ${s.timeline.length} events in the log; ${ties} clock ties between the two writers (ordered by author, id)`);
  });

  it('B keeps the keyboard focus in its composer while A’s events arrive (typing is not lost)', async function () {
    this.timeout(120_000);
    // Ben is typing a note when Ana writes one. Today every redraw of the view (each of Ana's events)
    // moves the composer out of the DOM and back (content.replaceChildren in
    // webview/investigation/main.ts), and a removed element loses focus: Ben's next keys go nowhere.
    await b!.view!.evaluate(WATCH_NOTES);
    await composer(b!).click();
    await b!.page.keyboard.type('Ben is typing ');
    await writeNote(a!, 'Meanwhile: pair-focus-1');
    await b!.view!.waitForFunction(() => (window as unknown as { __seen: Record<string, number> }).__seen['focus-1'] !== undefined, undefined, {
      timeout: 15_000,
    });
    const focused = await b!.view!.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
    await b!.page.keyboard.type('and keeps typing');
    const draft = await composer(b!).inputValue();
    await composer(b!).fill('');
    assert.equal(focused, 'composer-text', 'the composer kept the focus across the redraw');
    assert.equal(draft, 'Ben is typing and keeps typing');
  });

  it('A is killed mid-append: B keeps working, the half line is reported and kept out of the fold, A recovers on reload', async function () {
    this.timeout(900_000);
    // Kill A's extension host (a child of A's code-server), as a crash would.
    const hosts = descendants(a!.cs.proc.pid).filter(p => /extensionHost|--type=extensionHost/.test(p.cmd));
    for (const h of hosts) process.kill(h.pid, 'SIGKILL');
    console.log(`      [pair] killed A's extension host (${hosts.map(h => h.pid).join(', ') || 'not found: only the writer below dies'})`);
    // A writer that dies in the middle of its line: it writes half an event with O_APPEND and is SIGKILLed.
    const before = disk();
    const half = JSON.stringify({
      v: 1,
      id: 'crashedAna01',
      at: new Date().toISOString(),
      clock: before.maxClock + 1,
      author: 'Ana',
      type: 'note',
      data: { text: 'pair-crash-0 never finished' },
    });
    const cut = half.slice(0, Math.floor(half.length / 2));
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('fs');
         const fd = fs.openSync(process.argv[1], fs.constants.O_WRONLY | fs.constants.O_APPEND);
         fs.writeSync(fd, process.argv[2]);
         process.stdout.write('written\\n');
         setInterval(() => {}, 1000);`,
        logFile(),
        cut,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((res, rej) => {
      writer.stdout!.on('data', () => res());
      writer.on('exit', code => rej(new Error(`the writer exited (${code}) before writing`)));
    });
    writer.kill('SIGKILL');
    await new Promise(r => writer.once('exit', r));
    const halfLine = fs.readFileSync(logFile(), 'utf8').split('\n').length;
    assert.ok(!fs.readFileSync(logFile(), 'utf8').endsWith('\n'), 'the log ends in the half line');

    // B keeps working: its note starts a new line after the half one, and B shows it.
    await b!.view!.evaluate(WATCH_NOTES);
    await writeNote(b!, 'After the crash: pair-after-1');
    await b!.view!.waitForFunction(() => (window as unknown as { __seen: Record<string, number> }).__seen['after-1'] !== undefined, undefined, {
      timeout: 15_000,
    });
    const s = disk();
    assert.equal(s.problems.length, 1, JSON.stringify(s.problems));
    assert.equal(s.problems[0].line, halfLine);
    assert.match(s.problems[0].message, new RegExp(`^line ${halfLine} is not JSON`));
    assert.ok(!s.timeline.some(t => 'event' in t && t.event.id === 'crashedAna01'), 'the half event is not folded');
    // B's view lists it under Log problems, and not in the timeline.
    await b!.view!.waitForSelector(`.log-problems button:has-text("Open at line ${halfLine}")`, { timeout: 15_000 });
    assert.match(await b!.view!.locator('.log-problems .problem-message').first().innerText(), /is not JSON/);
    assert.equal(await b!.view!.locator('.timeline-list .entry', { hasText: 'never finished' }).count(), 0);
    assert.equal(await events(b!), s.timeline.length);
    // So does `calibrate check` (the bundle the package step built).
    const cli = path.join(ROOT, 'dist', 'cli.js');
    const check = spawnSync(process.execPath, [cli, 'check', '--folder', workspace], { encoding: 'utf8' });
    console.log(`      [pair] calibrate check: exit ${check.status}: ${check.stdout.trim().split('\n').join(' | ')}`);
    assert.equal(check.status, 1);
    assert.ok(check.stdout.includes(`.calibrate/investigations/${name}.jsonl:${halfLine}: error: line ${halfLine} is not JSON`), check.stdout);

    // A restarts (a window reload starts a new extension host): its view comes back on the same state.
    await runCommand(a!.page, 'Developer: Reload Window');
    await a!.page.waitForSelector('.monaco-workbench', { timeout: 180_000 });
    await a!.page.waitForTimeout(3_000); // let the old webview frames go away
    a!.view = await findFrame(a!.page, `#app[data-events="${s.timeline.length}"] .inv-header h1`, 60_000).catch(async () => {
      // Not restored by the serializer: say what A shows, and open it again, as a user would.
      const shown = [];
      for (const f of a!.page.frames()) shown.push(await f.$eval('#app', e => (e as HTMLElement).dataset.events ?? '?').catch(() => undefined));
      const tabs = await a!.page.locator('.tabs-container .tab').allInnerTexts();
      console.log(`      [pair] A after its reload: tabs ${JSON.stringify(tabs)}, views with events ${JSON.stringify(shown.filter(x => x !== undefined))}`);
      await runCommand(a!.page, 'Calibrate: Open Investigation');
      await pick(a!.page, title, 60_000);
      return findFrame(a!.page, `#app[data-events="${s.timeline.length}"] .inv-header h1`, 120_000);
    });
    assert.equal(await a!.view.locator('.inv-header h1').innerText(), title);
    await a!.view.waitForSelector(`.log-problems button:has-text("Open at line ${halfLine}")`, { timeout: 15_000 });
    // And A writes again: B shows it, both on the file's fold.
    await a!.view.evaluate(WATCH_NOTES);
    await writeNote(a!, 'Back after the restart: pair-after-2');
    await b!.view!.waitForFunction(() => (window as unknown as { __seen: Record<string, number> }).__seen['after-2'] !== undefined, undefined, {
      timeout: 15_000,
    });
    const end = await bothShowTheFile(30_000);
    assert.equal(end.problems.length, 1, 'still only the half line');
    for (const p of [a!, b!]) {
      const shown = await p.view!.$$eval('.timeline-list .entry[data-id]', es => es.map(e => (e as HTMLElement).dataset.id!));
      assert.deepEqual(
        shown,
        end.timeline.map(t => ('event' in t ? t.event.id : t.foreign.id)),
        `${p.label} shows the fold`,
      );
    }
  });

  /** Both pages, side by side in one image drawn by the browser itself (nothing else to install). */
  async function sideBySide(files: string[], out: string): Promise<void> {
    const page = await b!.context.newPage();
    await page.setViewportSize({ width: 2 * 1200 + 12, height: 860 + 40 });
    await page.setContent(
      `<body style="margin:0;background:#444;font:14px sans-serif;color:#eee;display:flex;gap:12px">` +
        files
          .map(
            (f, i) =>
              `<figure style="margin:0"><figcaption style="padding:10px">${i ? 'B: Ben' : 'A: Ana'}</figcaption><img src="data:image/png;base64,${fs.readFileSync(f).toString('base64')}"></figure>`,
          )
          .join('') +
        '</body>',
    );
    await page.screenshot({ path: out });
    await page.close();
  }

  it('leaves side-by-side screenshots of the two investigation views (pair-A.png, pair-B.png, pair.png)', async function () {
    this.timeout(120_000);
    // A's reload left its report's editor group empty beside the view: one column, as B has.
    await runCommand(a!.page, 'View: Single Column Editor Layout');
    for (const p of [a!, b!]) {
      await showTab(p, /vs forecast/);
      await p.view!.evaluate(() => document.getElementById('pinned')?.scrollIntoView({ block: 'start' }));
      await p.page.mouse.move(5, 850);
      await p.page.waitForTimeout(500);
      await p.page.screenshot({ path: path.join(OUT, `pair-${p.label}.png`) });
    }
    await sideBySide(
      ['A', 'B'].map(l => path.join(OUT, `pair-${l}.png`)),
      path.join(OUT, 'pair.png'),
    );
  });

  it('B follows A’s focus in the report within 1 s (Follow the lead; pair-follow-A.png, pair-follow-B.png, pair-follow.png)', async function () {
    this.timeout(600_000);
    // A's report (restored by the reload) and B's, each analysed by its own host.
    // (Open Metrics Report shows the report where it is, or opens it if the reload did not restore it.)
    await runCommand(a!.page, 'Calibrate: Open Metrics Report');
    const ra = await findFrame(a!.page, '#app[data-analysis="done"] table.report', 240_000);
    await runCommand(b!.page, 'Calibrate: Open Metrics Report');
    const rb = await findFrame(b!.page, '#app[data-analysis="done"] table.report', 240_000);
    const all = await ra
      .locator('.anomaly[data-metric][data-start]')
      .evaluateAll(els => els.map(e => ({ metric: (e as HTMLElement).dataset.metric!, start: Number((e as HTMLElement).dataset.start) })));
    const first = all.find(x => x.metric === 'page_views')!;
    const second = all.find(x => x.metric !== 'page_views')!;
    assert.ok(first && second, JSON.stringify(all));
    const cell = (x: { metric: string; start: number }) => `tbody tr[data-metric="${x.metric}"] td.cell[data-anomaly="${x.metric}@${x.start}"]`;
    const chosen = (x: { metric: string; start: number }) => `td.cell.chosen[data-anomaly="${x.metric}@${x.start}"]`;

    // Ana (the lead) is on the first anomaly; Ben follows her: his report goes there.
    await ra.locator(cell(first)).first().click();
    await rb.locator('.follow-lead').click();
    await rb.waitForSelector('.presence[data-following="Ana"]', { timeout: 15_000 });
    await rb.waitForSelector(chosen(first), { state: 'attached', timeout: 15_000 });

    // Ana moves between the two anomalies: each move timed to Ben's report showing it.
    const samples: number[] = [];
    for (let i = 1; i <= 10; i++) {
      const to = i % 2 ? second : first;
      await ra.locator(cell(to)).first().scrollIntoViewIfNeeded();
      const t0 = Date.now();
      await ra.locator(cell(to)).first().click();
      await rb.waitForSelector(chosen(to), { state: 'attached', timeout: 15_000 });
      samples.push(Date.now() - t0);
      await new Promise(r => setTimeout(r, 300));
    }
    const sorted = [...samples].sort((x, y) => x - y);
    const busy = loaded();
    console.log(
      `      [measure] A selects an anomaly → B's report follows, n=${sorted.length}: median ${quantile(sorted, 0.5)} ms, p95 ${quantile(sorted, 0.95)} ms, max ${sorted.at(-1)} (target < ${LIVE_MS} ms)${busy ? ' (machine loaded: not asserted)' : ''}`,
    );
    console.log(`      [measure] samples (ms): ${samples.join(' ')}`);
    if (!busy) assert.ok(quantile(sorted, 0.95) < LIVE_MS, `B followed after ${quantile(sorted, 0.95)} ms (p95)`);
    assert.equal(await rb.locator('.presence').getAttribute('data-following'), 'Ana', 'still following');

    // Side by side: Ana's report and Ben's, following her (last on the first anomaly).
    for (const [p, r] of [
      [a!, ra],
      [b!, rb],
    ] as const) {
      await r.evaluate(sel => {
        document.querySelector(sel)?.scrollIntoView({ block: 'center', inline: 'center' });
        window.scrollTo(0, 0);
      }, chosen(first));
      await p.page.mouse.move(5, 850);
      await p.page.waitForTimeout(400);
      await p.page.screenshot({ path: path.join(OUT, `pair-follow-${p.label}.png`) });
    }
    await sideBySide(
      ['A', 'B'].map(l => path.join(OUT, `pair-follow-${l}.png`)),
      path.join(OUT, 'pair-follow.png'),
    );
  });

  it('ran no script error and no dialog in either window', () => {
    assert.deepEqual(a!.errors, []);
    assert.deepEqual(b!.errors, []);
  });
});
