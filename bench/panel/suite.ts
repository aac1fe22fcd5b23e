// The panel benchmark's in-host half (issue 9): an extensionTestsPath module that VS Code's extension
// host require()s and whose run() it awaits, like test/integration/index.ts, but with no mocha and no
// assertions: it measures and writes the raw numbers to CALIBRATE_BENCH_RESULTS as JSON.
//
// It is built once (scripts/bench-panel.mjs, esbuild) and copied into each tree it measures, so it
// must work against both the current CalibrateApi and the one of commit 7f72e6f ("before"), which has
// `activatedInMs` and `nextRender` only: every newer member is optional here, and nothing from src/
// is imported at run time.
//
// The event loop is watched by one ticker (./eventLoop.ts): each run's window says how late the
// ticker got and, on Linux, whether the main thread was on a CPU or waiting for one. With
// CALIBRATE_BENCH_PROFILE_DIR set (scripts/bench-profile.mjs), a CPU profile of the host is taken
// over the runs as well (./hostProfiler.ts); the benchmark itself runs without it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startLoopMonitor, type LoopWindow } from './eventLoop';
import { startHostProfile } from './hostProfiler';

const EXT_ID = 'calibrate-dev.calibrate';
const DEBOUNCE_MS = 500; // the report's debounce of file events (both trees)

interface Rendered {
  readonly type: 'rendered' | 'problemShown';
  readonly analysis?: 'pending' | 'done';
  readonly snapshotId?: number;
  readonly message?: string;
}
type Outcomes = Readonly<Record<string, number>>;
interface Api {
  readonly activatedInMs: number;
  nextRender(timeoutMs?: number): Promise<Rendered>;
  loadOutcomes?(): Outcomes;
  /** The panel was made visible again and its webview said what it shows (trees with a kept webview, ADR 0012). */
  nextShown?(timeoutMs?: number): Promise<{ snapshotId: number | null; analysis: string | null }>;
}

/** One tab switch back to the report: how it came back (kept, or redrawn), and when. */
interface SwitchRun {
  label: string;
  ms: number | null;
  how: 'kept' | 'redrawn' | 'none';
  analysis: string | null;
  rendersAfter: number;
  maxBlockMs: number;
  loop?: LoopWindow;
  outcomes?: Record<string, number>;
}

/** One timed open: epoch times (for the runner's log breakdown) and the durations. */
interface OpenRun {
  label: string;
  cmdAt: number;
  tableAt: number | null;
  doneAt: number | null;
  tableMs: number | null;
  explanationsMs: number | null;
  firstAnalysis: string | null;
  maxBlockMs: number;
  /** The event loop over the run: the largest gaps, and what the main thread did in them. */
  loop?: LoopWindow;
  outcomes?: Record<string, number>;
  problem?: string;
}

const env = process.env;
const RUNS = Number(env.CALIBRATE_BENCH_RUNS ?? 5);
const TENX_RUNS = Number(env.CALIBRATE_BENCH_TENX_RUNS ?? 3);
const TENX_CONFIG = env.CALIBRATE_BENCH_TENX_CONFIG ?? '';
const RENDER_TIMEOUT_MS = Number(env.CALIBRATE_BENCH_RENDER_TIMEOUT ?? 180_000);
/** Gaps later than this are kept with their breakdown (the summary lists those over 50 ms). */
const RECORD_BLOCK_MS = Number(env.CALIBRATE_BENCH_RECORD_BLOCK_MS ?? 30);
const PROFILE_DIR = env.CALIBRATE_BENCH_PROFILE_DIR ?? '';
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const say = (s: string) => console.log(`[bench] ${s}`);

const folder = () => vscode.workspace.workspaceFolders![0];
const inWorkspace = (p: string) => path.join(folder().uri.fsPath, p);
const configFile = () => inWorkspace('.calibrate/report.yaml');

// ---- the host's event loop and memory, sampled by one 10 ms ticker -----------------------------
const loop = startLoopMonitor(10, RECORD_BLOCK_MS);

async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>(EXT_ID);
  if (!ext) throw new Error(`extension ${EXT_ID} is not installed`);
  return ext.isActive ? ext.exports : ext.activate();
}

const closeAll = () => vscode.commands.executeCommand('workbench.action.closeAllEditors');
const outcomes = (a: Api): Record<string, number> | undefined => (a.loadOutcomes ? { ...a.loadOutcomes() } : undefined);
const delta = (a: Api, before: Record<string, number> | undefined) => {
  const now = outcomes(a);
  if (!now || !before) return undefined;
  return Object.fromEntries(Object.keys(now).map(k => [k, now[k] - (before[k] ?? 0)]));
};

/**
 * Every render the webview reports from now on, in order, with its arrival time: one waiter is
 * always registered, so no render falls between two nextRender() calls.
 */
class RenderLog {
  readonly items: { at: number; r: Rendered }[] = [];
  private stopped = false;
  private wake: (() => void) | undefined;
  private readonly loop: Promise<void>;
  constructor(private readonly a: Api) {
    this.loop = (async () => {
      while (!this.stopped) {
        const r = await a.nextRender(1000).catch(() => undefined);
        if (r) {
          this.items.push({ at: Date.now(), r });
          this.wake?.();
        }
      }
    })();
  }
  /** The first render after index `from` that satisfies `pred`. */
  async waitFor(from: number, pred: (r: Rendered) => boolean, timeoutMs = RENDER_TIMEOUT_MS): Promise<{ at: number; r: Rendered; index: number } | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (let i = from; i < this.items.length; i++) if (pred(this.items[i].r)) return { ...this.items[i], index: i };
      if (Date.now() > deadline) return undefined;
      await new Promise<void>(r => {
        this.wake = r;
        setTimeout(r, 200);
      });
    }
  }
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }
}

/** Run the command (or the action) at `cmdAt` and wait for the table, then the full analysis. */
async function timedOpen(a: Api, renders: RenderLog, label: string, act: () => Thenable<unknown> | void): Promise<OpenRun> {
  const from = renders.items.length;
  const before = outcomes(a);
  loop.reset(`${label}: to table`);
  const cmdAt = Date.now();
  await act();
  const first = await renders.waitFor(from, () => true);
  loop.phase(`${label}: to explanations`);
  const run: OpenRun = { label, cmdAt, tableAt: null, doneAt: null, tableMs: null, explanationsMs: null, firstAnalysis: null, maxBlockMs: 0 };
  if (first?.r.type === 'rendered') {
    run.tableAt = first.at;
    run.tableMs = first.at - cmdAt;
    run.firstAnalysis = first.r.analysis ?? null;
    const done = first.r.analysis === 'done' ? first : await renders.waitFor(first.index + 1, r => r.type !== 'rendered' || r.analysis === 'done');
    if (done?.r.type === 'rendered') {
      run.doneAt = done.at;
      run.explanationsMs = done.at - cmdAt;
    } else if (done) run.problem = done.r.message;
  } else if (first) run.problem = first.r.message;
  else run.problem = 'no render';
  run.loop = loop.window();
  run.maxBlockMs = run.loop.maxBlockMs;
  run.outcomes = delta(a, before);
  const cpu = run.loop.schedstat ? ` (main thread in one gap: ≤ ${run.loop.maxOnCpuMs} ms on a CPU, ≤ ${run.loop.maxRunQueueWaitMs} ms waiting for one)` : '';
  say(
    `${label}: table ${run.tableMs} ms (${run.firstAnalysis}), explanations ${run.explanationsMs} ms, loop blocked ≤ ${run.maxBlockMs} ms${cpu}${run.problem ? `, problem: ${run.problem}` : ''}`,
  );
  return run;
}

/** Make the config differ (a comment) so the report service's cache cannot answer: a cold analysis. */
function touchConfig(original: string, tag: string, file = configFile()): void {
  fs.writeFileSync(file, `${original.replace(/\n*$/, '\n')}# bench: ${tag}\n`);
}

export async function run(): Promise<void> {
  const out: Record<string, unknown> = {
    label: env.CALIBRATE_BENCH_LABEL ?? 'current',
    runs: RUNS,
    vscode: vscode.version,
    node: process.version,
    pid: process.pid, // the main thread's tid, for a scheduler trace (bench-profile --perf)
    extensionPath: vscode.extensions.getExtension(EXT_ID)?.extensionPath ?? null,
  };
  const resultsFile = env.CALIBRATE_BENCH_RESULTS ?? path.join(__dirname, 'results.json');
  const save = () => fs.writeFileSync(resultsFile, JSON.stringify(out, null, 2));
  const original = fs.readFileSync(configFile(), 'utf8');
  let renders: RenderLog | undefined;
  let profile: Awaited<ReturnType<typeof startHostProfile>> | undefined;
  try {
    const a = await api();
    out.activationMs = a.activatedInMs;
    out.hasLoadOutcomes = typeof a.loadOutcomes === 'function';
    say(`activation ${a.activatedInMs} ms; loadOutcomes ${out.hasLoadOutcomes ? 'available' : 'absent'}`);
    renders = new RenderLog(a);
    await closeAll();
    await sleep(1500); // let the workbench settle after start-up
    profile = PROFILE_DIR
      ? await startHostProfile({
          cpu: env.CALIBRATE_BENCH_PROFILE_CPU !== '0',
          heap: env.CALIBRATE_BENCH_PROFILE_HEAP === '1',
          samplingUs: Number(env.CALIBRATE_BENCH_PROFILE_SAMPLING_US ?? 250),
        })
      : undefined;
    out.profileAnchor = profile?.anchor;

    // 1. The first open of the session, with the inputs as generated: cold process (holiday bundle, JIT).
    const firstOpen = await timedOpen(a, renders, 'first open', () => vscode.commands.executeCommand('calibrate.openReport'));
    out.firstOpen = firstOpen;
    save();

    // 2. Command -> table -> explanations: 5 runs, panel closed between them, the config touched
    //    (a comment) before each so the analysis is cold (not from the service's cache).
    const opens: OpenRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      await closeAll();
      touchConfig(original, `open ${i}`);
      await sleep(DEBOUNCE_MS + 700); // no panel is open: nothing should load, but let file events pass
      opens.push(await timedOpen(a, renders, `open ${i + 1}/${RUNS}`, () => vscode.commands.executeCommand('calibrate.openReport')));
    }
    out.opens = opens;
    save();

    // 3. Cached show: close and reopen with unchanged inputs, time to the first render.
    await sleep(500);
    const shows: OpenRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      await closeAll();
      await sleep(500);
      shows.push(await timedOpen(a, renders, `reopen ${i + 1}/${RUNS}`, () => vscode.commands.executeCommand('calibrate.openReport')));
    }
    out.shows = shows;
    save();

    // 3b. Tab switch: another editor in front of the open report, then back to it. A tree that keeps
    //     the webview while hidden answers with `nextShown` (nothing is redrawn); an older tree
    //     rebuilds the webview, so its first render is the measure.
    const switches: SwitchRun[] = [];
    const doc = await vscode.workspace.openTextDocument(configFile());
    for (let i = 0; i < RUNS; i++) {
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Active, preview: false });
      await sleep(500);
      const before = outcomes(a);
      const from = renders.items.length;
      const run: SwitchRun = { label: `tab switch ${i + 1}/${RUNS}`, ms: null, how: 'none', analysis: null, rendersAfter: 0, maxBlockMs: 0 };
      loop.reset(run.label);
      const at = Date.now();
      if (a.nextShown) {
        const shown = a.nextShown(RENDER_TIMEOUT_MS).catch(() => undefined);
        await vscode.commands.executeCommand('calibrate.openReport');
        const s = await shown;
        if (s) Object.assign(run, { ms: Date.now() - at, how: 'kept', analysis: s.analysis });
      } else {
        await vscode.commands.executeCommand('calibrate.openReport');
        const first = await renders.waitFor(from, () => true);
        if (first) Object.assign(run, { ms: first.at - at, how: 'redrawn', analysis: first.r.analysis ?? first.r.type });
      }
      await sleep(800); // anything redrawn because of the switch arrives by now
      run.rendersAfter = renders.items.length - from;
      run.loop = loop.window();
      run.maxBlockMs = run.loop.maxBlockMs;
      run.outcomes = delta(a, before);
      say(`tab switch ${i + 1}/${RUNS}: ${run.ms} ms (${run.how}, ${run.analysis}), ${run.rendersAfter} renders, ${JSON.stringify(run.outcomes ?? {})}`);
      switches.push(run);
    }
    out.switches = switches;
    save();

    // 4. A save with identical content, panel open and analysed: what it computes and draws.
    await sleep(1000);
    {
      const current = fs.readFileSync(configFile(), 'utf8');
      const before = outcomes(a);
      const from = renders.items.length;
      const savedAt = Date.now();
      fs.writeFileSync(configFile(), current);
      await sleep(DEBOUNCE_MS + 5000); // past the debounce, and long enough for a full demo analysis to end
      const drawn = renders.items.slice(from).map(x => ({ ms: x.at - savedAt, analysis: x.r.analysis ?? x.r.type }));
      out.identicalSave = { outcomes: delta(a, before), renders: drawn, analysedRenders: drawn.filter(d => d.analysis === 'done').length };
      say(`identical save: ${JSON.stringify(out.identicalSave)}`);
    }
    save();

    // 5. A real change (the amber threshold) with the panel open: file written -> table, -> explanations.
    const refreshes: OpenRun[] = [];
    const ambers = [2, 3, 4, 6, 7, 8, 9, 10, 11, 12];
    for (let i = 0; i < RUNS; i++) {
      const changed = original.replace(/amber: \d+/, `amber: ${ambers[i % ambers.length]}`);
      refreshes.push(await timedOpen(a, renders, `change ${i + 1}/${RUNS}`, () => fs.writeFileSync(configFile(), changed)));
      await sleep(1000);
    }
    out.refreshes = refreshes;
    await profile?.stop(PROFILE_DIR);
    profile = undefined;
    await closeAll();
    fs.writeFileSync(configFile(), original);
    await sleep(DEBOUNCE_MS + 1000);
    save();

    // 6. Ten times the demo, through the calibrate.reportConfigPath setting.
    if (TENX_CONFIG) {
      const setting = vscode.workspace.getConfiguration('calibrate');
      await setting.update('reportConfigPath', TENX_CONFIG, vscode.ConfigurationTarget.Workspace);
      const tenxFile = inWorkspace(TENX_CONFIG);
      const tenxOriginal = fs.readFileSync(tenxFile, 'utf8');
      try {
        await sleep(1000);
        const rss0 = process.memoryUsage().rss;
        const runs: (OpenRun & { rssBeforeMB: number; rssAfterMB: number; peakRssMB: number })[] = [];
        for (let i = 0; i < TENX_RUNS; i++) {
          await closeAll();
          if (i > 0) touchConfig(tenxOriginal, `tenx ${i}`, tenxFile);
          await sleep(DEBOUNCE_MS + 700);
          const rssBefore = process.memoryUsage().rss;
          const r = await timedOpen(a, renders, `10x open ${i + 1}/${TENX_RUNS}`, () => vscode.commands.executeCommand('calibrate.openReport'));
          const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;
          runs.push({ ...r, rssBeforeMB: mb(rssBefore), rssAfterMB: mb(process.memoryUsage().rss), peakRssMB: mb(loop.peakRss()) });
          say(`10x rss ${runs.at(-1)!.rssBeforeMB} -> ${runs.at(-1)!.rssAfterMB} MB (peak ${runs.at(-1)!.peakRssMB} MB)`);
        }
        await closeAll();
        await sleep(2000);
        out.tenX = { runs, rssStartMB: Math.round((rss0 / 1048576) * 10) / 10, rssEndMB: Math.round((process.memoryUsage().rss / 1048576) * 10) / 10 };
      } finally {
        fs.writeFileSync(tenxFile, tenxOriginal);
        await setting.update('reportConfigPath', undefined, vscode.ConfigurationTarget.Workspace);
      }
      save();
    }
  } catch (e) {
    out.error = String((e as Error)?.stack ?? e);
    say(`ERROR ${out.error}`);
  } finally {
    loop.stop();
    await profile?.stop(PROFILE_DIR).catch(() => undefined);
    await renders?.stop();
    fs.writeFileSync(configFile(), original);
    save();
  }
}
