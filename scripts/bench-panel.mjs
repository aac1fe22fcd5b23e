// Panel benchmark (issue 9): speed and memory measured inside the real VS Code extension host
// (code-server's Node 24 host) on the demo workspace, for this tree ("after") and for commit 7f72e6f
// ("before"), plus the cold `calibrate report --json` wall time. A benchmark, not a test: it never
// fails on a number; it writes bench/out/panel/summary.json and prints after vs before.
//
// Usage: node scripts/bench-panel.mjs [--runs 5] [--tenx-runs 3] [--only after|before] [--no-build]
//                                     [--before-root DIR] [--no-tenx]
// Protocol and results: bench/panel/README.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { log } from './runtime/harness.mjs';
import { ROOT, opt, flag, prepare, buildSuite, generateDemo, loadAverage, runSession } from '../bench/panel/session.mjs';

const OUT = path.join(ROOT, 'bench/out/panel');
const BEFORE_COMMIT = '7f72e6f';
const RUNS = Number(opt('runs', 5));
const TENX_RUNS = Number(opt('tenx-runs', 3));
const ONLY = opt('only', '');
const BEFORE_ROOT = path.resolve(opt('before-root', path.join(os.tmpdir(), 'calibrate-before-panel')));
const SESSION_TIMEOUT_MS = Number(opt('timeout', 1500)) * 1000;
const COPIES = 10;

fs.mkdirSync(OUT, { recursive: true });
const LOAD_AT_START = loadAverage();

// ---- trees ---------------------------------------------------------------------------------------
prepare({ build: !flag('no-build') });
await buildSuite();

function prepareBefore() {
  if (!fs.existsSync(path.join(BEFORE_ROOT, 'package.json'))) {
    log(`extracting ${BEFORE_COMMIT} into ${BEFORE_ROOT}`);
    fs.mkdirSync(BEFORE_ROOT, { recursive: true });
    execFileSync('bash', ['-c', `git -C "${ROOT}" archive ${BEFORE_COMMIT} | tar -x -C "${BEFORE_ROOT}"`], { stdio: 'inherit' });
  }
  if (!fs.existsSync(path.join(BEFORE_ROOT, 'node_modules'))) fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(BEFORE_ROOT, 'node_modules'));
  // Its own build script, from its own folder (it writes its own dist/).
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit', cwd: BEFORE_ROOT });
}

// ---- the demo and its 10x copy -------------------------------------------------------------------
const demo = generateDemo('calibrate-bench-panel-');
const demoWs = path.join(demo, 'workspace');
const TENX_CONFIG = 'tenx/report.yaml';

/**
 * Ten copies of every country (US -> US1..US10, each mapped to the same holiday country and zone),
 * values scaled by 1 + 2% per copy so the copies differ: 300 series instead of 30, the same 7 weeks.
 */
function writeTenX(ws) {
  const t0 = Date.now();
  const lines = fs.readFileSync(path.join(ws, 'data/metrics.csv'), 'utf8').split('\n');
  const header = lines[0].split(',');
  const ci = header.indexOf('country');
  const vi = header.indexOf('value');
  fs.mkdirSync(path.join(ws, 'tenx'), { recursive: true });
  const fd = fs.openSync(path.join(ws, 'tenx/metrics.csv'), 'w');
  fs.writeSync(fd, lines[0] + '\n');
  let buf = [];
  let rows = 0;
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const cells = lines[i].split(',');
    for (let k = 1; k <= COPIES; k++) {
      const c = cells.slice();
      c[ci] = `${cells[ci]}${k}`;
      if (c[vi] !== '') c[vi] = String(Math.round(Number(cells[vi]) * (1 + 0.02 * (k - 1))));
      buf.push(c.join(','));
      rows++;
    }
    if (buf.length >= 50_000) {
      fs.writeSync(fd, buf.join('\n') + '\n');
      buf = [];
    }
  }
  if (buf.length) fs.writeSync(fd, buf.join('\n') + '\n');
  fs.closeSync(fd);
  const cfg = fs
    .readFileSync(path.join(ws, '.calibrate/report.yaml'), 'utf8')
    .replace(/^title: .*$/m, 'title: Key business metrics (10x)')
    .replace(/path: .*/, 'path: tenx/metrics.csv')
    .replace(/^(\s+)([A-Z]{2}): (\{.*\})$/gm, (_, indent, code, rest) =>
      Array.from({ length: COPIES }, (_, k) => `${indent}${code}${k + 1}: ${rest}`).join('\n'),
    );
  fs.writeFileSync(path.join(ws, TENX_CONFIG), cfg);
  const mb = fs.statSync(path.join(ws, 'tenx/metrics.csv')).size / 1048576;
  log(`10x demo: ${rows} rows, ${mb.toFixed(1)} MB, in ${Date.now() - t0} ms`);
  return { rows, mb: Math.round(mb * 10) / 10 };
}
const tenXData = flag('no-tenx') ? null : writeTenX(demoWs);

// ---- the CLI, cold, outside code-server ----------------------------------------------------------
function cliRuns(tree) {
  const cli = path.join(tree, 'dist/cli.js');
  if (!fs.existsSync(cli)) return { runs: [], note: 'no dist/cli.js in this tree' };
  const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
  if (!/\breport\b/.test(help.stdout + help.stderr)) return { runs: [], note: 'this tree has no `calibrate report`' };
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [cli, 'report', '--folder', demoWs, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) return { runs, note: `exit ${r.status}: ${(r.stderr || '').slice(0, 300)}` };
    runs.push(Math.round(ms));
  }
  log(`cli report --json (${path.basename(tree)}): ${runs.join(', ')} ms`);
  return { runs };
}

// ---- one code-server session per tree ------------------------------------------------------------
async function session(label, tree) {
  const results = path.join(OUT, `raw-${label}.json`);
  fs.rmSync(results, { force: true });
  const { logText } = await runSession({
    label,
    tree,
    workspace: demoWs,
    timeoutMs: SESSION_TIMEOUT_MS,
    onLine: line => console.log(`  ${label}: ${line}`),
    env: {
      CALIBRATE_BENCH_RESULTS: results,
      CALIBRATE_BENCH_LABEL: label,
      CALIBRATE_BENCH_RUNS: String(RUNS),
      CALIBRATE_BENCH_TENX_RUNS: String(TENX_RUNS),
      CALIBRATE_BENCH_TENX_CONFIG: tenXData ? TENX_CONFIG : '',
    },
  });
  if (logText) fs.writeFileSync(path.join(OUT, `calibrate-${label}.log`), logText);
  const raw = fs.existsSync(results) ? JSON.parse(fs.readFileSync(results, 'utf8')) : { error: 'the suite wrote no results' };
  return { raw, logLines: parseLog(logText) };
}

// ---- the breakdown, from the Calibrate log (timestamps of the same machine clock) ------------------
function parseLog(text) {
  const lines = [];
  for (const l of text.split('\n')) {
    const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) \[\w+\] (.*)$/.exec(l);
    if (m) lines.push({ at: new Date(`${m[1]}T${m[2]}`).getTime(), msg: m[3] });
  }
  return lines;
}

/** For one timed open: where its time went, from the log lines between the command and the renders. */
function breakdown(run, lines) {
  if (!run || run.tableAt == null) return null;
  const within = (from, to, re) => lines.filter(l => l.at >= from - 2 && l.at <= to + 2 && re.test(l.msg)).at(-1);
  const built = within(run.cmdAt, run.tableAt, /report built in \d+ ms/);
  const done = run.doneAt != null ? within(run.cmdAt, run.doneAt, /analysis done in \d+ ms/) : undefined;
  const ready = within(run.cmdAt, run.tableAt, /ready: \w+, report (posted|answered) \d+ ms after/);
  const n = l => Number(/in (\d+) ms/.exec(l.msg)?.[1]);
  const b = {};
  if (built) {
    const N = n(built);
    b.loadStartAtMs = built.at - N - run.cmdAt; // command -> load starts (the webview's ready, plus the fingerprint in "after")
    b.hostTableMs = N; // phase 1: config + CSV read and parsed, table built
    b.tablePostToRenderedMs = run.tableAt - built.at; // fit + postMessage + webview parse and draw + 'rendered' back
  }
  if (built && done) {
    b.hostAnalysisMs = n(done) - n(built); // phase 2: forecasts, context, explanations
    b.analysisPostToRenderedMs = run.doneAt - done.at;
  }
  if (!built && ready) {
    const posted = Number(/(?:posted|answered) (\d+) ms/.exec(ready.msg)[1]);
    b.webviewReadyAtMs = ready.at - posted - run.cmdAt; // command -> webview ready (cached show)
    b.hostAnswerMs = posted; // fingerprint + cache answer + post
    b.postToRenderedMs = run.tableAt - ready.at;
  }
  return Object.keys(b).length ? b : null;
}

// ---- summary ---------------------------------------------------------------------------------------
const median = xs => {
  const s = xs.filter(x => x != null).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) / 2);
};
const stat = xs => {
  const v = xs.filter(x => x != null);
  return v.length ? { median: median(v), max: Math.max(...v) } : null;
};
const medianOf = (objs, key) => median(objs.map(o => o?.[key]).filter(x => x != null && !Number.isNaN(x)));

/**
 * The event loop over some runs (bench/panel/eventLoop.ts): the largest gap, the largest on-CPU time
 * and run-queue wait of the host's main thread in any one gap, and every gap over 50 ms with its
 * breakdown, longest first. A block with little on-CPU time and a long wait is the machine's CPUs
 * taken by others; one with on-CPU time is the host busy (GC, or JS: ours or VS Code's).
 */
function eventLoop(runs) {
  const loops = runs.map(r => r?.loop).filter(Boolean);
  if (!loops.length) return null;
  const max = key => (loops.some(l => l[key] != null) ? Math.max(...loops.map(l => l[key] ?? 0)) : null);
  const sum = key => loops.reduce((a, l) => a + (l.gc?.[key] ?? 0), 0);
  return {
    maxBlockMs: max('maxBlockMs'),
    maxOnCpuMs: max('maxOnCpuMs'),
    maxRunQueueWaitMs: max('maxRunQueueWaitMs'),
    schedstat: loops.every(l => l.schedstat),
    gcPauses: { count: sum('count'), totalMs: sum('totalMs'), maxMs: Math.max(0, ...loops.map(l => l.gc?.maxMs ?? 0)) },
    blocksOver50: loops
      .flatMap(l => l.blocks)
      .filter(b => b.wallMs > 50)
      .sort((a, b) => b.wallMs - a.wallMs)
      .map(b => ({
        wallMs: b.wallMs,
        onCpuMs: b.onCpuMs,
        waitMs: b.waitMs,
        offCpuMs: b.offCpuMs,
        gcMs: b.gcMs,
        jsMs: b.jsMs,
        workersCpuMs: b.workersCpuMs,
        machineBusyPct: b.machineBusyPct,
        phase: b.phase,
      })),
  };
}

/** One run's event-loop figures, without its blocks (those over 50 ms are in `eventLoop`). */
const loopFigures = r => (r.loop ? { maxOnCpuMs: r.loop.maxOnCpuMs, maxRunQueueWaitMs: r.loop.maxRunQueueWaitMs, gc: r.loop.gc } : null);

function summarise({ raw, logLines }, cli) {
  const opens = raw.opens ?? [],
    shows = raw.shows ?? [],
    refreshes = raw.refreshes ?? [],
    switches = raw.switches ?? [];
  const tenRuns = raw.tenX?.runs ?? [];
  const blocks = [...opens, ...refreshes].map(r => r.maxBlockMs);
  const bd = runs => {
    const each = runs.map(r => breakdown(r, logLines));
    const keys = [...new Set(each.flatMap(e => Object.keys(e ?? {})))];
    return keys.length ? Object.fromEntries(keys.map(k => [k, medianOf(each, k)])) : null;
  };
  const identical = raw.identicalSave;
  const rss = tenRuns.length ? Math.max(...tenRuns.map(r => r.peakRssMB)) - raw.tenX.rssStartMB : null;
  return {
    activationMs: raw.activationMs ?? null,
    commandToTableMs: stat(opens.map(r => r.tableMs)),
    commandToExplanationsMs: stat(opens.map(r => r.explanationsMs)),
    // A tab switch back to the open report: "after" keeps the webview while hidden, so this is the
    // time until the webview says what it shows (nothing redrawn); "before" rebuilds the webview and
    // re-analyses, so it is the time to its first render (the table). Reopening a closed panel is
    // details.reopen.
    cachedShowMs: stat(switches.map(r => r.ms)),
    analysesOnIdenticalSave: identical ? (identical.outcomes ? identical.outcomes.analysed : identical.analysedRenders) : null,
    refreshChangedToTableMs: stat(refreshes.map(r => r.tableMs)),
    maxEventLoopBlockMs: blocks.length ? Math.max(...blocks) : null,
    eventLoop: eventLoop([...opens, ...refreshes]),
    tenX: tenRuns.length
      ? {
          tableMs: median(tenRuns.map(r => r.tableMs)),
          explanationsMs: median(tenRuns.map(r => r.explanationsMs)),
          hostRssGrowthMB: rss == null ? null : Math.round(rss),
        }
      : null,
    cliReportMs: cli.runs.length ? median(cli.runs) : null,
    details: {
      firstOpen: raw.firstOpen
        ? {
            tableMs: raw.firstOpen.tableMs,
            explanationsMs: raw.firstOpen.explanationsMs,
            maxEventLoopBlockMs: raw.firstOpen.maxBlockMs,
            eventLoop: eventLoop([raw.firstOpen]),
            breakdown: breakdown(raw.firstOpen, logLines),
          }
        : null,
      opens: {
        runs: opens.map(r => ({ tableMs: r.tableMs, explanationsMs: r.explanationsMs, maxBlockMs: r.maxBlockMs, loop: loopFigures(r), outcomes: r.outcomes })),
        breakdownMedians: bd(opens),
      },
      tabSwitch: { runs: switches.map(({ loop, ...r }) => ({ ...r, loop: loopFigures({ loop }) })) },
      reopen: {
        toFirstRenderMs: stat(shows.map(r => r.tableMs)),
        firstRenderAnalysis: [...new Set(shows.map(r => r.firstAnalysis))],
        toExplanationsMs: stat(shows.map(r => r.explanationsMs)),
        outcomes: shows.map(r => r.outcomes ?? null),
        breakdownMedians: bd(shows),
      },
      identicalSave: identical ?? null,
      refreshChanged: {
        toExplanationsMs: stat(refreshes.map(r => r.explanationsMs)),
        runs: refreshes.map(r => ({ tableMs: r.tableMs, explanationsMs: r.explanationsMs, maxBlockMs: r.maxBlockMs, loop: loopFigures(r) })),
        breakdownMedians: bd(refreshes),
      },
      tenX: raw.tenX
        ? {
            data: tenXData,
            ...raw.tenX,
            maxEventLoopBlockMs: Math.max(...tenRuns.map(r => r.maxBlockMs)),
            eventLoop: eventLoop(tenRuns),
            breakdownMedians: bd(tenRuns),
            peakRssGrowthMB: rss,
            settledRssGrowthMB: tenRuns.length ? Math.round(tenRuns.at(-1).rssAfterMB - raw.tenX.rssStartMB) : null,
          }
        : null,
      cli: cli,
      error: raw.error ?? null,
    },
  };
}

// ---- run ---------------------------------------------------------------------------------------------
const summary = {
  generatedAt: new Date().toISOString(),
  machine: `${os.cpus().length} cores, load ${LOAD_AT_START} at start`,
  runs: RUNS,
  tenXRuns: TENX_RUNS,
  beforeCommit: BEFORE_COMMIT,
};
const summaryFile = path.join(OUT, 'summary.json');
const previous = fs.existsSync(summaryFile) ? JSON.parse(fs.readFileSync(summaryFile, 'utf8')) : {};
try {
  let after, before;
  if (ONLY !== 'before') {
    const cli = cliRuns(ROOT);
    after = summarise(await session('after', ROOT), cli);
  }
  if (ONLY !== 'after') {
    prepareBefore();
    const cli = cliRuns(BEFORE_ROOT);
    before = summarise(await session('before', BEFORE_ROOT), cli);
  }
  // --only keeps the other side from the previous summary.
  const TOP = [
    'activationMs',
    'commandToTableMs',
    'commandToExplanationsMs',
    'cachedShowMs',
    'analysesOnIdenticalSave',
    'refreshChangedToTableMs',
    'maxEventLoopBlockMs',
    'eventLoop',
    'tenX',
    'cliReportMs',
  ];
  const prevAfter = Object.fromEntries(TOP.map(k => [k, previous[k] ?? null]));
  const { details: afterDetails, ...afterTop } = after ?? { ...prevAfter, details: previous.details?.after ?? null };
  const { details: beforeDetails, ...beforeTop } = before ?? { ...(previous.before ?? {}), details: previous.details?.before ?? null };
  Object.assign(summary, afterTop, { before: beforeTop, details: { after: afterDetails, before: beforeDetails } });
  summary.machine += `, ${loadAverage()} at the end`;
  fs.writeFileSync(summaryFile, JSON.stringify(summary, null, 2) + '\n');
  printTable(summary);
  log(`wrote ${path.relative(ROOT, summaryFile)}`);
} finally {
  fs.rmSync(demo, { recursive: true, force: true });
}

function printTable(s) {
  const rows = [
    ['activation', s.activationMs, s.before?.activationMs],
    ['command -> table (median)', s.commandToTableMs?.median, s.before?.commandToTableMs?.median],
    ['command -> table (max)', s.commandToTableMs?.max, s.before?.commandToTableMs?.max],
    ['command -> explanations (median)', s.commandToExplanationsMs?.median, s.before?.commandToExplanationsMs?.median],
    ['command -> explanations (max)', s.commandToExplanationsMs?.max, s.before?.commandToExplanationsMs?.max],
    ['tab switch -> report shown (median)', s.cachedShowMs?.median, s.before?.cachedShowMs?.median],
    ['tab switch -> report shown (max)', s.cachedShowMs?.max, s.before?.cachedShowMs?.max],
    [
      'reopen closed panel -> first render (median)',
      s.details?.after?.reopen?.toFirstRenderMs?.median,
      s.details?.before?.reopen?.toFirstRenderMs?.median ?? s.details?.before?.cachedShow?.toFirstRenderMs?.median,
    ],
    ['analyses on identical save', s.analysesOnIdenticalSave, s.before?.analysesOnIdenticalSave],
    ['change -> table (median)', s.refreshChangedToTableMs?.median, s.before?.refreshChangedToTableMs?.median],
    ['change -> table (max)', s.refreshChangedToTableMs?.max, s.before?.refreshChangedToTableMs?.max],
    ['max event-loop block', s.maxEventLoopBlockMs, s.before?.maxEventLoopBlockMs],
    ['  main thread on a CPU, max in one gap', s.eventLoop?.maxOnCpuMs, s.before?.eventLoop?.maxOnCpuMs],
    ['  main thread waiting for a CPU, max in one gap', s.eventLoop?.maxRunQueueWaitMs, s.before?.eventLoop?.maxRunQueueWaitMs],
    ['  blocks > 50 ms (count)', s.eventLoop?.blocksOver50?.length, s.before?.eventLoop?.blocksOver50?.length],
    ['10x table', s.tenX?.tableMs, s.before?.tenX?.tableMs],
    ['10x explanations', s.tenX?.explanationsMs, s.before?.tenX?.explanationsMs],
    ['10x host RSS growth (MB)', s.tenX?.hostRssGrowthMB, s.before?.tenX?.hostRssGrowthMB],
    ['CLI report --json cold', s.cliReportMs, s.before?.cliReportMs],
  ];
  const f = v => (v == null ? '–' : String(v));
  const ratio = (a, b) => (a == null || b == null || b === 0 ? '–' : (a / b).toFixed(2));
  console.log('\n| measure (ms unless stated) | after | before | after/before |\n|---|---:|---:|---:|');
  for (const [k, a, b] of rows) console.log(`| ${k} | ${f(a)} | ${f(b)} | ${ratio(a, b)} |`);
  console.log('');
}
