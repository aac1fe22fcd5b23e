// The extension host's event loop as the panel bench sees it (bench/panel/suite.ts): one 10 ms
// ticker on the host's main thread. A gap between two ticks longer than the 10 ms asked for is a
// "block" of its lateness, the issue's `maxEventLoopBlockMs`. Lateness alone cannot say whose block
// it was, so on Linux the ticker also reads the main thread's /proc/thread-self/schedstat at each
// tick (ns on a CPU, ns runnable but waiting on a run queue), and each gap splits into:
//   - on a CPU: the host was busy (our handlers, VS Code's, GC), ours to look at;
//   - waiting for a CPU: the thread was ready but the machine's CPUs were taken by others;
//   - off the CPU otherwise: asleep, i.e. the ticker's own 10 ms, or a synchronous call waiting in
//     the kernel (a child process being spawned, synchronous file I/O).
// GC pauses (perf_hooks 'gc' entries) are matched to the gaps they overlap when a window is read,
// since their entries arrive after the pause. Elsewhere than Linux only the wall time is reported.
// No vscode import: the recorder is unit-tested in plain Node (test/unit/bench/panelEventLoop.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';

/** What the ticker reads at one tick; the /proc figures are absent where there is no /proc. */
export interface TickSample {
  /** performance.now(), ms. */
  readonly atMs: number;
  /** The main thread's time on a CPU and waiting on a run queue, ns (schedstat fields 1 and 2). */
  readonly sched?: { readonly cpuNs: number; readonly waitNs: number };
  /** CPU time of the host's worker threads (ours: the analysis worker), ns; absent when it has none. */
  readonly workersNs?: number;
  /** The whole machine's busy and total CPU time (/proc/stat, jiffies). */
  readonly machine?: { readonly busy: number; readonly total: number };
}

/** One gap longer than the recording threshold, in ms. */
export interface Block {
  /** What the bench was doing when the gap ended (the run and its stage). */
  readonly phase: string;
  /** The gap's window on the performance.now() clock (the profiler's analysis maps it to its samples). */
  readonly startMs: number;
  readonly endMs: number;
  /** The lateness: the gap minus the 10 ms asked for; the measure of `maxEventLoopBlockMs`. */
  readonly wallMs: number;
  /** The main thread's time on a CPU in the gap (null without schedstat). */
  readonly onCpuMs: number | null;
  /** Its time runnable but waiting for a CPU in the gap. */
  readonly waitMs: number | null;
  /** The rest of the gap (10 ms of it the ticker's own sleep): asleep, or waiting in a synchronous call. */
  readonly offCpuMs: number | null;
  /** GC pauses overlapping the gap (wall time, perf_hooks 'gc'). */
  readonly gcMs: number;
  /** On a CPU but not in a GC pause: JavaScript, compilation, native calls (a lower bound: a pause may include waiting). */
  readonly jsMs: number | null;
  /** CPU time of the host's worker threads in the gap (ours: the analysis worker); null when it has none. */
  readonly workersCpuMs: number | null;
  /** How busy the machine's CPUs were over the gap, % (coarse: /proc/stat counts in 10 ms jiffies). */
  readonly machineBusyPct: number | null;
}

/** One measuring window (a timed open, a change, a tab switch). Times in ms. */
export interface LoopWindow {
  readonly startMs: number;
  readonly endMs: number;
  /** Whether the main thread's schedstat could be read (Linux); without it the CPU figures are null. */
  readonly schedstat: boolean;
  readonly maxBlockMs: number;
  /** The largest on-CPU time of the main thread in any one gap, and the largest run-queue wait. */
  readonly maxOnCpuMs: number | null;
  readonly maxRunQueueWaitMs: number | null;
  /** GC pauses in the window. */
  readonly gc: { readonly count: number; readonly totalMs: number; readonly maxMs: number };
  /** Every gap later than the recording threshold, in order. */
  readonly blocks: readonly Block[];
}

const round = (x: number) => Math.round(x);
const ns = (x: number) => x / 1e6;

/** Turns ticks into gaps, and gaps into a window's figures. Pure: the clock and /proc are read by the caller. */
export class GapRecorder {
  phase = '';
  private last: TickSample | undefined;
  private startMs = 0;
  private maxBlock = 0;
  private maxOnCpu = 0;
  private maxWait = 0;
  private schedstat = false;
  private gaps: Omit<Block, 'gcMs' | 'jsMs'>[] = [];
  private gcs: { startMs: number; endMs: number }[] = [];

  constructor(
    readonly tickMs = 10,
    /** Gaps later than this are kept with their breakdown (blocksOver50 is read from them). */
    readonly recordOverMs = 30,
  ) {}

  tick(s: TickSample): void {
    const prev = this.last;
    this.last = s;
    if (!prev) return;
    const gap = s.atMs - prev.atMs;
    const late = gap - this.tickMs;
    const sched = s.sched && prev.sched ? { cpu: ns(s.sched.cpuNs - prev.sched.cpuNs), wait: ns(s.sched.waitNs - prev.sched.waitNs) } : undefined;
    this.schedstat ||= !!sched;
    this.maxBlock = Math.max(this.maxBlock, late);
    if (sched) {
      this.maxOnCpu = Math.max(this.maxOnCpu, sched.cpu);
      this.maxWait = Math.max(this.maxWait, sched.wait);
    }
    if (late <= this.recordOverMs) return;
    const m = s.machine && prev.machine && s.machine.total > prev.machine.total ? s.machine : undefined;
    this.gaps.push({
      phase: this.phase,
      startMs: prev.atMs,
      endMs: s.atMs,
      wallMs: round(late),
      onCpuMs: sched ? round(sched.cpu) : null,
      waitMs: sched ? round(sched.wait) : null,
      offCpuMs: sched ? round(Math.max(0, gap - sched.cpu - sched.wait)) : null,
      workersCpuMs: s.workersNs != null && prev.workersNs != null ? round(ns(Math.max(0, s.workersNs - prev.workersNs))) : null,
      machineBusyPct: m && prev.machine ? round((100 * (m.busy - prev.machine.busy)) / (m.total - prev.machine.total)) : null,
    });
  }

  /** A GC pause, on the performance.now() clock. */
  gc(startMs: number, durationMs: number): void {
    this.gcs.push({ startMs, endMs: startMs + durationMs });
  }

  /** Start a window now: the next gap is measured from this tick on. */
  reset(phase: string, s: TickSample): void {
    this.phase = phase;
    this.last = s;
    this.startMs = s.atMs;
    this.maxBlock = this.maxOnCpu = this.maxWait = 0;
    this.schedstat = !!s.sched;
    this.gaps = [];
    this.gcs = [];
  }

  /** The window from the last reset to `endMs`, GC pauses matched to its blocks. */
  window(endMs: number): LoopWindow {
    const overlap = (b: { startMs: number; endMs: number }) =>
      this.gcs.reduce((sum, g) => sum + Math.max(0, Math.min(g.endMs, b.endMs) - Math.max(g.startMs, b.startMs)), 0);
    const pauses = this.gcs.filter(g => g.startMs >= this.startMs && g.startMs <= endMs).map(g => g.endMs - g.startMs);
    return {
      startMs: this.startMs,
      endMs,
      schedstat: this.schedstat,
      maxBlockMs: round(this.maxBlock),
      maxOnCpuMs: this.schedstat ? round(this.maxOnCpu) : null,
      maxRunQueueWaitMs: this.schedstat ? round(this.maxWait) : null,
      gc: { count: pauses.length, totalMs: round(pauses.reduce((a, b) => a + b, 0)), maxMs: round(Math.max(0, ...pauses)) },
      blocks: this.gaps.map(b => {
        const gcMs = overlap(b);
        return { ...b, gcMs: round(gcMs), jsMs: b.onCpuMs == null ? null : round(Math.max(0, b.onCpuMs - gcMs)) };
      }),
    };
  }
}

// ---- what the ticker reads (Linux /proc; each reader gives up for good at its first failure) -------

/** A reader that returns undefined from its first failure on (no /proc: not Linux, or a sandbox). */
function whileItWorks<T>(read: () => T): () => T | undefined {
  let works = true;
  return () => {
    if (!works) return undefined;
    try {
      return read();
    } catch {
      works = false;
      return undefined;
    }
  };
}

const readSched = whileItWorks(() => {
  const [cpuNs, waitNs] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
  if (!Number.isFinite(cpuNs) || !Number.isFinite(waitNs)) throw new Error('schedstat');
  return { cpuNs, waitNs };
});

const readMachine = whileItWorks(() => {
  const text = readFileSync('/proc/stat', 'utf8');
  const cpu = text.slice(0, text.indexOf('\n')).split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - cpu[3] - cpu[4], total }; // idle and iowait are not busy
});

/** The host's worker threads (Node names them "WorkerThread"), listed again at most every 500 ms. */
function workersReader(): () => number | undefined {
  let tids: string[] = [];
  let listedAt = -Infinity;
  const list = whileItWorks(() =>
    readdirSync('/proc/self/task').filter(t => {
      try {
        return readFileSync(`/proc/self/task/${t}/comm`, 'utf8').startsWith('WorkerThread');
      } catch {
        return false; // ended meanwhile
      }
    }),
  );
  return () => {
    if (performance.now() - listedAt > 500) {
      listedAt = performance.now();
      tids = list() ?? [];
    }
    if (!tids.length) return undefined;
    let sum = 0;
    for (const t of tids) {
      try {
        sum += Number(readFileSync(`/proc/self/task/${t}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        /* ended: its time leaves the sum, so a gap's worker time can read low, never high */
      }
    }
    return sum;
  };
}

/** The ticker, running from start: the current window's figures, and the host's peak RSS since the last reset. */
export interface LoopMonitor {
  /** Name what the bench is doing now; the blocks that end from now on carry it. */
  phase(name: string): void;
  /** Start a measuring window. */
  reset(phase: string): void;
  /** The window so far. */
  window(): LoopWindow;
  /** Peak RSS (bytes) sampled at each tick since the last reset. */
  peakRss(): number;
  stop(): void;
}

export function startLoopMonitor(tickMs = 10, recordOverMs = 30): LoopMonitor {
  const recorder = new GapRecorder(tickMs, recordOverMs);
  const workers = workersReader();
  const sample = (): TickSample => ({ atMs: performance.now(), sched: readSched(), workersNs: workers(), machine: readMachine() });
  let peak = 0;
  const ticker = setInterval(() => {
    recorder.tick(sample());
    peak = Math.max(peak, process.memoryUsage.rss());
  }, tickMs);
  const gcObserver = new PerformanceObserver(list => {
    for (const e of list.getEntries()) recorder.gc(e.startTime, e.duration);
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  return {
    phase: name => {
      recorder.phase = name;
    },
    reset: phase => {
      recorder.reset(phase, sample());
      peak = process.memoryUsage.rss();
    },
    window: () => recorder.window(performance.now()),
    peakRss: () => peak,
    stop: () => {
      clearInterval(ticker);
      gcObserver.disconnect();
    },
  };
}
