// Whose work blocks the extension host's event loop: the panel bench's in-host suite
// (bench/panel/suite.ts, its runs and its event-loop monitor) in one code-server session with a CPU
// profile of the host's main thread taken from inside the host (bench/panel/hostProfiler.ts); then,
// for each block the monitor recorded, the call stacks sampled in it, ours (Calibrate's bundle,
// mapped back to src/ through its source map) or VS Code's, beside the main thread's schedstat
// (on a CPU, or waiting for one) and the GC pauses in it.
//
// Usage: node scripts/bench-profile.mjs [--runs 5] [--no-build] [--min-block 30] [--sampling-us 250]
//                                       [--no-cpu] [--heap] [--perf] [--label NAME] [--tree DIR]
//                                       [--analyze DIR]
//   --min-block  record the blocks later than this (ms) in the host (the bench records > 30)
//   --no-cpu     no CPU profile (the blocks alone: the profiler's own cost out of the picture)
//   --heap       also a sampling heap profile of the host over the runs (who allocates)
//   --perf       also record the machine's scheduler (perf record of sched_switch / sched_wakeup,
//                all CPUs, CLOCK_MONOTONIC like process.hrtime, kernel stacks at each switch): for
//                each block, who had the CPUs while the host's main thread waited, and where it slept
//   --analyze    only analyse an earlier output folder (bench/out/profile/<label>)
//   --tree DIR   profile the extension built in DIR (a copy of this tree with a change left out, for
//                an A/B on the same machine; DIR must have its dist/ built) instead of this one
// Output: bench/out/profile/<label>/{raw.json, host.cpuprofile, calibrate.log, report.txt}
// Not the benchmark: its numbers are taken with a profiler attached. scripts/bench-panel.mjs is.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { log } from './runtime/harness.mjs';
import { ROOT, opt, flag, prepare, buildSuite, generateDemo, loadAverage, runSession } from '../bench/panel/session.mjs';

const RUNS = Number(opt('runs', 5));
const LABEL = opt('label', new Date().toISOString().replace(/[:.]/g, '-'));
const OUT = path.resolve(opt('analyze', path.join(ROOT, 'bench/out/profile', LABEL)));
const TREE = path.resolve(opt('tree', ROOT));

if (!flag('analyze')) await profileSession();
analyse(OUT);

async function profileSession() {
  fs.mkdirSync(OUT, { recursive: true });
  prepare({ build: !flag('no-build') });
  await buildSuite();
  log(`extension from ${TREE}`);
  const demo = generateDemo('calibrate-bench-profile-');
  const load = loadAverage();
  log(`load average at start: ${load}`);
  try {
    const { code, logText } = await runSession({
      label: 'profile',
      tree: TREE,
      workspace: path.join(demo, 'workspace'),
      timeoutMs: 900_000,
      onLine: line => console.log(`  ${line}`),
      env: {
        CALIBRATE_BENCH_RESULTS: path.join(OUT, 'raw.json'),
        CALIBRATE_BENCH_LABEL: 'profile',
        CALIBRATE_BENCH_RUNS: String(RUNS),
        CALIBRATE_BENCH_TENX_CONFIG: '',
        CALIBRATE_BENCH_RECORD_BLOCK_MS: String(opt('min-block', 30)),
        CALIBRATE_BENCH_PROFILE_DIR: OUT,
        CALIBRATE_BENCH_PROFILE_SAMPLING_US: String(opt('sampling-us', 250)),
        CALIBRATE_BENCH_PROFILE_CPU: flag('no-cpu') ? '0' : '1',
        CALIBRATE_BENCH_PROFILE_HEAP: flag('heap') ? '1' : '0',
      },
      around: flag('perf') ? () => startPerf(path.join(OUT, 'sched.data')) : undefined,
    });
    if (logText) fs.writeFileSync(path.join(OUT, 'calibrate.log'), logText);
    log(`suite ended: ${code}; load average ${loadAverage()} (start ${load})`);
    fs.writeFileSync(path.join(OUT, 'load.txt'), `tree ${TREE}\nstart ${load}\nend ${loadAverage()}\n`);
  } finally {
    fs.rmSync(demo, { recursive: true, force: true });
  }
}

/** perf record of the scheduler, all CPUs; its stop lists the processes (for names), then ends it. */
function startPerf(file) {
  const p = spawn('perf', ['record', '-q', '-a', '-k', 'CLOCK_MONOTONIC', '-e', 'sched:sched_switch/call-graph=fp/', '-e', 'sched:sched_wakeup', '-o', file], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const ended = new Promise(r => p.once('exit', r));
  log(`perf record (pid ${p.pid}) -> ${path.relative(ROOT, file)}`);
  return async () => {
    fs.writeFileSync(path.join(path.dirname(file), 'ps.txt'), execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }));
    p.kill('SIGINT');
    await ended;
  };
}

// ---- analysis ------------------------------------------------------------------------------------

/** Frames of our bundles, mapped to src/ through their source maps (built beside each bundle). */
function sourceMapper() {
  const maps = new Map();
  const mapOf = url => {
    if (!/\/dist\/(extension|analysisWorker|holidays|icsWorker)\.js$/.test(url)) return null;
    if (!maps.has(url)) {
      const file = `${url.startsWith('file:') ? fileURLToPath(url) : url}.map`;
      maps.set(url, fs.existsSync(file) ? new SourceMap(JSON.parse(fs.readFileSync(file, 'utf8'))) : null);
    }
    return maps.get(url);
  };
  return cf => {
    const map = mapOf(cf.url);
    if (!map) return null;
    const e = map.findEntry(cf.lineNumber, cf.columnNumber);
    if (!e?.originalSource) return { src: 'dist', line: cf.lineNumber + 1 };
    const src = e.originalSource.replace(/^.*?\/(src|node_modules|webview)\//, '$1/');
    return { src, line: e.originalLine + 1 };
  };
}

function frameLabel(cf, mapped) {
  const fn = cf.functionName || '(anonymous)';
  if (mapped) return `${fn} [${mapped.src}:${mapped.line}]`;
  if (!cf.url) return fn;
  const short = cf.url.replace(/^.*\/(out\/vs\/|lib\/vscode\/|node_modules\/)/, '$1').replace(/^node:/, 'node:');
  return `${fn} [${short}:${cf.lineNumber + 1}]`;
}

function analyse(dir) {
  const rawFile = path.join(dir, 'raw.json');
  if (!fs.existsSync(rawFile)) {
    log(`no ${rawFile}`);
    return;
  }
  const raw = JSON.parse(fs.readFileSync(rawFile, 'utf8'));
  const lines = [];
  const say = s => {
    lines.push(s);
    console.log(s);
  };
  say(`# event-loop blocks in the extension host (${path.relative(ROOT, dir)})`);
  if (fs.existsSync(path.join(dir, 'load.txt'))) say(`load: ${fs.readFileSync(path.join(dir, 'load.txt'), 'utf8').trim().replace(/\n/g, ', ')}`);
  if (raw.error) say(`the suite failed: ${raw.error}`);
  // The monitor's clock (performance.now(), ms) on the profile's and perf's (CLOCK_MONOTONIC, µs).
  const anchor = raw.profileAnchor;
  const toUs = ms => (anchor ? Math.round(anchor.hrUs + (ms - anchor.perfMs) * 1000) : NaN);
  const runs = [raw.firstOpen, ...(raw.opens ?? []), ...(raw.shows ?? []), ...(raw.switches ?? []), ...(raw.refreshes ?? [])]
    .filter(r => r?.loop)
    .map(r => ({ label: r.label, loop: r.loop, from: toUs(r.loop.startMs), to: toUs(r.loop.endMs) }));
  const blocks = runs.flatMap(r => r.loop.blocks.map(b => ({ ...b, run: b.phase, startUs: toUs(b.startMs), endUs: toUs(b.endMs) })));
  say(
    `runs (ms): ${runs.map(r => `${r.label}: block ${r.loop.maxBlockMs} (in one gap: on a CPU ≤ ${r.loop.maxOnCpuMs}, waiting ≤ ${r.loop.maxRunQueueWaitMs}; GC ${r.loop.gc.totalMs} in ${r.loop.gc.count} pauses, max ${r.loop.gc.maxMs})`).join('; ')}`,
  );
  heapReport(dir, say);
  const profFile = path.join(dir, 'host.cpuprofile');
  const describe = b =>
    `${b.wallMs} ms: main thread on a CPU ${b.onCpuMs} ms (GC ${b.gcMs}, JS ${b.jsMs}), waiting for a CPU ${b.waitMs} ms, off a CPU ${b.offCpuMs} ms; host workers on a CPU ${b.workersCpuMs} ms, machine ${b.machineBusyPct} % busy`;
  if (!fs.existsSync(profFile) || !anchor) {
    for (const b of blocks) say(`- ${b.run}: ${describe(b)}`);
    summariseBlocks(blocks, say);
    schedReport(dir, raw, runs, blocks, say);
    fs.writeFileSync(path.join(dir, 'report.txt'), lines.join('\n') + '\n');
    return;
  }
  const prof = JSON.parse(fs.readFileSync(profFile, 'utf8'));
  // Both clocks are CLOCK_MONOTONIC in µs (V8's TimeTicks, process.hrtime): the profile starts
  // between our two readings. If it does not, shift our windows onto the profile's clock.
  const skew = prof.startTime - anchor.afterStartUs;
  const shift = prof.startTime < anchor.beforeStartUs - 50_000 || prof.startTime > anchor.afterStartUs + 50_000 ? skew : 0;
  say(
    `profile: ${prof.samples.length} samples, start ${prof.startTime} µs; our clock at Profiler.start ${anchor.beforeStartUs}..${anchor.afterStartUs} (skew ${skew} µs, windows shifted by ${shift})`,
  );
  const byId = new Map(prof.nodes.map(n => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const map = sourceMapper();
  const mappedCache = new Map();
  const mapped = n => {
    if (!mappedCache.has(n.id)) mappedCache.set(n.id, map(n.callFrame));
    return mappedCache.get(n.id);
  };
  const stackOf = id => {
    const s = [];
    for (let x = id; x != null; x = parent.get(x)) s.push(byId.get(x));
    return s; /* leaf first */
  };
  const times = [];
  let t = prof.startTime;
  for (let i = 0; i < prof.samples.length; i++) {
    t += prof.timeDeltas[i];
    times.push(t);
  }
  // A sample's weight: the time to the next sample.
  const weight = i => ((i + 1 < times.length ? times[i + 1] : prof.endTime) - times[i]) / 1000;

  const isOurs = n => !!mapped(n) && !/^node_modules\//.test(mapped(n).src);
  /** What a sample was doing: GC, idle, ours (the leaf-most frame of our code), or VS Code / Node. */
  function classify(stack) {
    const leaf = stack[0].callFrame.functionName;
    if (leaf === '(garbage collector)') return { cat: 'GC', key: '(garbage collector)' };
    if (leaf === '(idle)') return { cat: 'idle', key: '(idle)' };
    if (leaf === '(program)') return { cat: 'program', key: '(program)' };
    const ours = stack.find(isOurs);
    if (ours) return { cat: 'ours', key: frameLabel(ours.callFrame, mapped(ours)) };
    const dep = stack.find(n => mapped(n));
    if (dep) return { cat: 'ours (bundled dependency)', key: frameLabel(dep.callFrame, mapped(dep)) };
    const vs = stack.find(n => /\/out\/vs\//.test(n.callFrame.url));
    if (vs) return { cat: 'VS Code', key: frameLabel(vs.callFrame, null) };
    const any = stack.find(n => n.callFrame.url);
    return { cat: 'Node / other', key: any ? frameLabel(any.callFrame, null) : leaf };
  }
  const compact = stack =>
    stack
      .filter(n => n.callFrame.functionName !== '(root)')
      .slice(0, 14)
      .map(n => frameLabel(n.callFrame, mapped(n)))
      .join(' < ');

  const total = { cats: new Map(), keys: new Map() };
  const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
  const ms = v => `${Math.round(v)}`;
  say(`\n${blocks.length} blocks recorded in the runs`);
  summariseBlocks(blocks, say);
  for (const b of blocks) {
    const from = b.startUs + shift,
      to = b.endUs + shift;
    let i0 = lowerBound(times, from),
      n = 0;
    const cats = new Map(),
      keys = new Map(),
      stacks = new Map();
    for (let i = i0; i < times.length && times[i] <= to; i++, n++) {
      const w = weight(i);
      const stack = stackOf(prof.samples[i]);
      const c = classify(stack);
      add(cats, c.cat, w);
      add(keys, `${c.cat}: ${c.key}`, w);
      if (c.cat !== 'idle') add(stacks, compact(stack), w);
      add(total.cats, c.cat, w);
      add(total.keys, `${c.cat}: ${c.key}`, w);
    }
    const busy = [...cats].filter(([k]) => k !== 'idle').reduce((s, [, v]) => s + v, 0);
    say(`\n## ${b.run}: blocked ${describe(b)}; window ${ms((to - from) / 1000)} ms, ${n} samples, busy ${ms(busy)} ms`);
    say(
      `   ${[...cats]
        .sort((a, c) => c[1] - a[1])
        .map(([k, v]) => `${k} ${ms(v)}`)
        .join(', ')}`,
    );
    for (const [k, v] of [...keys]
      .filter(([k]) => !k.startsWith('idle'))
      .sort((a, c) => c[1] - a[1])
      .slice(0, 8))
      say(`   ${ms(v).padStart(4)} ms  ${k}`);
    say('   heaviest stacks (leaf first):');
    for (const [k, v] of [...stacks].sort((a, c) => c[1] - a[1]).slice(0, 5)) say(`   ${ms(v).padStart(4)} ms  ${k}`);
  }
  // Every stretch of the main thread's work in the runs (consecutive non-idle samples), long or
  // ours: what a block would be on a quiet machine, whatever the ticker saw.
  const spans = runs.map(r => ({ label: r.label, from: r.from + shift, to: r.to + shift }));
  const runOf = t => spans.find(r => t >= r.from && t <= r.to)?.label;
  const tasks = [];
  let cur = null;
  for (let i = lowerBound(times, spans[0]?.from ?? 0); i < times.length; i++) {
    const stack = stackOf(prof.samples[i]);
    const idle = stack[0].callFrame.functionName === '(idle)';
    if (idle) {
      if (cur) {
        tasks.push(cur);
        cur = null;
      }
      continue;
    }
    const label = runOf(times[i]);
    if (!label) {
      if (cur) {
        tasks.push(cur);
        cur = null;
      }
      continue;
    }
    if (!cur) cur = { run: label, start: times[i], end: times[i], keys: new Map(), stacks: new Map(), ours: 0 };
    const w = weight(i);
    cur.end = times[i] + w * 1000;
    const c = classify(stack);
    add(cur.keys, `${c.cat}: ${c.key}`, w);
    if (c.cat === 'ours') cur.ours += w;
    add(cur.stacks, compact(stack), w);
  }
  if (cur) tasks.push(cur);
  const long = tasks.filter(t => (t.end - t.start) / 1000 >= 20 || t.ours >= 5);
  say(`\n## main-thread tasks in the runs ≥ 20 ms, or with ≥ 5 ms of ours (${long.length} of ${tasks.length})`);
  for (const t of long) {
    say(`\n- ${t.run}: ${ms((t.end - t.start) / 1000)} ms (ours ${ms(t.ours)})`);
    for (const [k, v] of [...t.keys].sort((a, c) => c[1] - a[1]).slice(0, 5)) say(`   ${ms(v).padStart(4)} ms  ${k}`);
    for (const [k, v] of [...t.stacks].sort((a, c) => c[1] - a[1]).slice(0, 2)) say(`   ${ms(v).padStart(4)} ms  ${k}`);
  }
  // All of our own main-thread time per run, by our leaf-most frame.
  say(`\n## ours on the main thread, per run`);
  for (const r of spans) {
    const keys = new Map();
    let totalOurs = 0;
    for (let i = lowerBound(times, r.from); i < times.length && times[i] <= r.to; i++) {
      const stack = stackOf(prof.samples[i]);
      const c = classify(stack);
      if (c.cat !== 'ours') continue;
      const w = weight(i);
      totalOurs += w;
      add(keys, c.key, w);
    }
    say(
      `- ${r.label}: ${ms(totalOurs)} ms: ${[...keys]
        .sort((a, c) => c[1] - a[1])
        .slice(0, 6)
        .map(([k, v]) => `${k} ${v.toFixed(1)}`)
        .join('; ')}`,
    );
  }
  schedReport(dir, raw, runs, blocks, say);
  say(`\n## all blocks together`);
  say(
    `   ${[...total.cats]
      .sort((a, c) => c[1] - a[1])
      .map(([k, v]) => `${k} ${ms(v)}`)
      .join(', ')}`,
  );
  for (const [k, v] of [...total.keys]
    .filter(([k]) => !k.startsWith('idle'))
    .sort((a, c) => c[1] - a[1])
    .slice(0, 25))
    say(`   ${ms(v).padStart(5)} ms  ${k}`);
  fs.writeFileSync(path.join(dir, 'report.txt'), lines.join('\n') + '\n');
  log(`wrote ${path.relative(ROOT, path.join(dir, 'report.txt'))}`);
}

/** Who allocated in the host over the runs (sampling heap profile): by our leaf-most frame, else the allocating function. */
function heapReport(dir, say) {
  const file = path.join(dir, 'host.heapprofile');
  if (!fs.existsSync(file)) return;
  const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
  const map = sourceMapper();
  const byKey = new Map();
  const cats = new Map();
  let total = 0;
  const walk = (node, stack) => {
    const s = [node, ...stack];
    const self = node.selfSize ?? 0;
    if (self) {
      total += self;
      const oursNode = s.find(n => {
        const m = map(n.callFrame);
        return m && !/^node_modules\//.test(m.src);
      });
      const vs = s.find(n => /\/out\/vs\/|\/extensions\//.test(n.callFrame.url));
      const cat = oursNode ? 'ours' : vs ? 'VS Code' : 'Node / other';
      const key = `${cat}: ${oursNode ? frameLabel(oursNode.callFrame, map(oursNode.callFrame)) : frameLabel((vs ?? node).callFrame, null)}`;
      byKey.set(key, (byKey.get(key) ?? 0) + self);
      cats.set(cat, (cats.get(cat) ?? 0) + self);
    }
    for (const c of node.children ?? []) walk(c, s);
  };
  walk(prof.head, []);
  const mb = b => (b / 1048576).toFixed(1);
  say(
    `\n## allocations sampled in the host over the runs: ${mb(total)} MB (${[...cats]
      .sort((a, c) => c[1] - a[1])
      .map(([k, v]) => `${k} ${mb(v)}`)
      .join(', ')})`,
  );
  for (const [k, v] of [...byKey].sort((a, c) => c[1] - a[1]).slice(0, 20)) say(`   ${mb(v).padStart(6)} MB  ${k}`);
}

/** Blocks > 30 / > 50 ms, and how much of them the main thread spent waiting for a CPU (not running anything). */
function summariseBlocks(blocks, say) {
  const over = ms => blocks.filter(b => b.wallMs > ms);
  const starved = b => b.waitMs >= 0.5 * (b.wallMs + 10);
  for (const ms of [30, 50]) {
    const bs = over(ms);
    say(
      `blocks > ${ms} ms: ${bs.length} (max ${Math.max(0, ...bs.map(b => b.wallMs))}); of which mostly waiting for a CPU: ${bs.filter(starved).length}; on a CPU > ${ms} ms: ${bs.filter(b => b.onCpuMs > ms).length}`,
    );
  }
}

/** A short name for a process of the session, from its command line. */
function processName(args) {
  if (/chromium/.test(args)) return `chromium ${/--type=([\w-]+)/.exec(args)?.[1] ?? 'browser'}`;
  if (/code-server\/out\/node\/entry/.test(args)) return 'code-server';
  if (/bootstrap-fork|extensionHost/.test(args)) return `code-server ${/--type=([\w-]+)/.exec(args)?.[1] ?? 'child'}`;
  if (/bench-profile\.mjs/.test(args)) return 'this runner (playwright)';
  return args.replace(/^\S*\//, '').slice(0, 60);
}

/**
 * From perf's scheduler record (sched.data): for each block, who ran on the CPUs during it (by
 * process and thread name), and what the host's main thread did (ran, waited runnable, or slept,
 * with the kernel stack where it went to sleep).
 */
function schedReport(dir, data, runs, blocks, say) {
  const file = path.join(dir, 'sched.data');
  if (!fs.existsSync(file) || !blocks.length || !data.profileAnchor) return;
  const main = String(data.pid);
  const names = new Map();
  const psFile = path.join(dir, 'ps.txt');
  if (fs.existsSync(psFile))
    for (const l of fs.readFileSync(psFile, 'utf8').split('\n').slice(1)) {
      const m = /^\s*(\d+)\s+(.*)$/.exec(l);
      if (m) names.set(m[1], processName(m[2]));
    }
  const text = execFileSync('perf', ['script', '-i', file, '-F', 'comm,tid,pid,cpu,time,event,trace'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const tidPid = new Map();
  const tidComm = new Map();
  const sorted = [...blocks].sort((a, b) => a.startUs - b.startUs);
  const occ = sorted.map(() => new Map());
  const lastSwitch = new Map();
  const mainIn = []; // [time the main thread was switched in]
  const mainWake = []; // [time the main thread was woken]
  const wakeRe = /sched:sched_wakeup:.*? pid=(\d+) /;
  // Each wakeup of the main thread, and whether our analysis worker held a CPU at that moment: the
  // wait from wakeup to running, the loop's share of a block, by who else was running.
  const running = new Map(); // cpu -> tid running now
  const pendingWake = { t: 0, worker: false, waiting: false };
  const latencies = { worker: [], other: [] };
  const inRuns = t => runs.some(r => t >= r.from && t <= r.to);
  const re =
    /^\s*(.+?)\s+(\d+)\/(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+sched:sched_switch:\s+prev_comm=(.*?) prev_pid=(\d+) .*?prev_state=(\S+) ==> next_comm=(.*?) next_pid=(\d+)/;
  for (const line of text.split('\n')) {
    const m = re.exec(line);
    if (!m) {
      const w = wakeRe.exec(line);
      if (w && w[1] === main) {
        const t = Math.round(Number(/\s([\d.]+):\s+sched:/.exec(line)[1]) * 1e6);
        mainWake.push(t);
        const workerRunning = [...running.values()].some(x => tidPid.get(x) === main && tidComm.get(x) === 'WorkerThread');
        Object.assign(pendingWake, { t, worker: workerRunning, waiting: true });
      }
      continue;
    }
    const [, , pid, tid, cpu, time, prevComm, prevTid, , nextComm, nextTid] = m; // perf prints pid/tid
    const t = Math.round(Number(time) * 1e6);
    tidPid.set(tid, pid);
    tidComm.set(prevTid, prevComm);
    tidComm.set(nextTid, nextComm);
    const from = lastSwitch.get(cpu) ?? t;
    lastSwitch.set(cpu, t);
    running.set(cpu, nextTid);
    if (nextTid === main) {
      mainIn.push(t);
      if (pendingWake.waiting) {
        pendingWake.waiting = false;
        if (inRuns(pendingWake.t)) latencies[pendingWake.worker ? 'worker' : 'other'].push((t - pendingWake.t) / 1000);
      }
    }
    if (prevTid === '0') continue; // idle
    // The prev task ran on this CPU from the last switch to now: add its overlap with each block.
    let lo = 0,
      hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].endUs < from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < sorted.length && sorted[i].startUs <= t; i++) {
      const ov = Math.min(t, sorted[i].endUs) - Math.max(from, sorted[i].startUs);
      if (ov > 0) occ[i].set(prevTid, (occ[i].get(prevTid) ?? 0) + ov);
    }
  }
  // The main thread's switch-outs, with their kernel stacks.
  const stacksText = execFileSync('perf', ['script', '-i', file, '--tid', main, '-F', 'tid,time,event,trace,ip,sym'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const outs = [];
  let cur = null;
  for (const line of stacksText.split('\n')) {
    const h = /^\s*(\d+)\s+([\d.]+):\s+sched:sched_switch:.*prev_pid=(\d+) .*?prev_state=(\S+) ==>/.exec(line);
    if (h) {
      cur = h[3] === main ? { t: Math.round(Number(h[2]) * 1e6), state: h[4], stack: [] } : null;
      if (cur) outs.push(cur);
      continue;
    }
    if (/sched:/.test(line)) {
      cur = null;
      continue;
    }
    const f = /^\s+[0-9a-f]+\s+(\S+)/.exec(line);
    if (cur && f && !/^(__schedule|schedule|schedule_hrtimeout_range|schedule_timeout|preempt_schedule\w*|\[unknown\])/.test(f[1].replace(/\+0x.*$/, '')))
      cur.stack.push(f[1].replace(/\+0x[0-9a-f]+$/, ''));
  }
  mainIn.sort((a, b) => a - b);
  mainWake.sort((a, b) => a - b);
  const label = tid => {
    const pid = tidPid.get(tid);
    const comm = tidComm.get(tid) ?? '?';
    if (pid === main) return `host ${tid === main ? 'main thread' : comm === 'WorkerThread' ? 'worker thread (ours: the analysis worker)' : `thread ${comm}`}`;
    return `${names.get(pid) ?? tidComm.get(pid) ?? comm} [${pid ?? '?'}] ${comm}`;
  };
  const dist = xs => {
    const v = [...xs].sort((a, b) => a - b);
    const q = p => (v.length ? v[Math.min(v.length - 1, Math.floor(p * v.length))].toFixed(1) : '-');
    return `${v.length} wakeups: p50 ${q(0.5)}, p90 ${q(0.9)}, p99 ${q(0.99)}, max ${q(1)} ms; > 10 ms: ${v.filter(x => x > 10).length}, > 30 ms: ${v.filter(x => x > 30).length}`;
  };
  say(`\n## the host main thread's wait from wakeup to running, during the runs`);
  say(`- while our analysis worker held a CPU: ${dist(latencies.worker)}`);
  say(`- otherwise: ${dist(latencies.other)}`);
  say(`\n## the scheduler in each block (perf sched_switch, all CPUs)`);
  sorted.forEach((b, i) => {
    const win = (b.endUs - b.startUs) / 1000;
    const top = [...occ[i]]
      .sort((a, c) => c[1] - a[1])
      .slice(0, 6)
      .map(([tid, us]) => `${label(tid)} ${(us / 1000).toFixed(0)}`);
    const sleeps = outs
      .filter(o => o.t >= b.startUs && o.t <= b.endUs)
      .map(o => {
        const back = mainIn.find(x => x > o.t);
        const end = Math.min(back ?? b.endUs, b.endUs);
        const ms = ((end - o.t) / 1000).toFixed(0);
        if (o.state.startsWith('R')) return `preempted, ${ms} ms to run again`;
        // A sleep ends with a wakeup; from there to running again is waiting for a CPU.
        const woke = mainWake.find(x => x > o.t && x <= end);
        const slept = (((woke ?? end) - o.t) / 1000).toFixed(0);
        const waited = woke ? ((end - woke) / 1000).toFixed(0) : '0';
        return Number(ms) < 3 ? '' : `${o.state} in ${o.stack.slice(0, 3).join(' < ')}: slept ${slept} ms, then waited ${waited} ms for a CPU`;
      })
      .filter(Boolean);
    say(`\n- ${b.run}: blocked ${b.wallMs} ms (window ${win.toFixed(0)} ms); CPU time in the window (ms, 2 CPUs): ${top.join('; ')}`);
    if (sleeps.length) say(`  main thread switched out: ${sleeps.slice(0, 6).join(' | ')}`);
  });
}

function lowerBound(xs, v) {
  let lo = 0,
    hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
