// The host's half of the analysis worker (analysisWorker.ts, protocol in analysisProtocol.ts): one
// report load runs in a worker thread, so the extension host's event loop only receives two
// messages. No vscode import: loadReport.ts passes what only VS Code knows, and the unit tests run
// this in plain Node.
//
// Workers: one load per worker at a time. A worker that finished its load stays warm for its folder
// (modules parsed, the holiday calendar loaded) and serves the next load; idle for IDLE_MS, it
// ends. A cancelled load terminates its worker at once (a synchronous step cannot be interrupted
// otherwise, and its promises reject with the signal's reason); the next load starts a new one.
//
// Priority (workerPriority.ts, ADR 0026): workers run in Linux's idle scheduling class, so the
// host's event loop never waits behind them. A load whose worker is starved by other programs (a
// build on every core) moves to a new worker that is only niced, and later workers are only niced.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PresentedReport } from '../core/pipeline';
import type { SliceChart } from '../core/report/sliceChart';
import type { AnalysisWorkerData, FromAnalysisWorker, LoadJob, SliceJob, TableConfig, ToAnalysisWorker } from './analysisProtocol';
import { ReportLoadError } from './reportContext';
import { starved, threadSchedstat, type Schedstat } from './workerPriority';

/** How long a finished worker waits for its folder's next load. */
export const IDLE_MS = 10 * 60_000;

export interface TablePart {
  readonly config: TableConfig;
  /** Phase 1's snapshot parts (no analysis yet). */
  readonly report: PresentedReport;
}

/** A load under way in a worker. */
export interface WorkerLoad {
  /** Phase 1: rejects with a ReportLoadError (the file to fix), an Error, or the signal's reason. */
  readonly table: Promise<TablePart>;
  /**
   * Phase 2, started in the worker as soon as phase 1 ended. Rejects only with a cancellation's
   * reason (or when phase 1 failed); a worker that fails here leaves the table with a warning.
   */
  readonly analysis: Promise<PresentedReport>;
  /** Stop the load: terminates its worker; both promises reject with `reason` if still pending. */
  cancel(reason: unknown): void;
}

/**
 * dist/analysisWorker.js beside the bundled extension.js (holidays.js beside both); from sources
 * (unit tests under tsx) the .ts entry, through tsx's require hook since a worker does not inherit
 * the parent's loaders.
 */
function spawn(): Worker {
  const js = join(__dirname, 'analysisWorker.js');
  const ts = JSON.stringify(join(__dirname, 'analysisWorker.ts'));
  const workerData: AnalysisWorkerData = { idle: scheduling.idleClass };
  const worker = existsSync(js) ? new Worker(js, { workerData }) : new Worker(`require('tsx/cjs/api').register(); require(${ts});`, { eval: true, workerData });
  if (workerData.idle) idleClass.add(worker);
  counts.spawned++;
  counts.live++;
  worker.once('exit', () => {
    counts.live--;
  });
  const first = (m: FromAnalysisWorker): void => {
    if (m.type !== 'scheduling') return;
    worker.off('message', first);
    if (m.idleTid === undefined) {
      // Not in the idle class after all (no chrt, another system, refused): only niced, so not watched.
      idleClass.delete(worker);
      return;
    }
    idleTids.set(worker, m.idleTid);
    counts.idleScheduled++;
  };
  worker.on('message', first);
  return worker;
}

const counts = { spawned: 0, live: 0, idleScheduled: 0, starved: 0, watching: 0 };
/** Workers asked to run in the idle class, and the thread ids of those that do (their first message). */
const idleClass = new WeakSet<Worker>();
const idleTids = new WeakMap<Worker, number>();
/**
 * Whether new workers run in the idle class: until one is starved, then no more for this process.
 * `notes`: told when that happens, in words for the log (the composition root sets it).
 */
export const scheduling: { idleClass: boolean; notes?: (text: string) => void; watchMs: number } = { idleClass: true, watchMs: 250 };

/**
 * Workers started since the process began, running now, waiting warm, running in the idle class
 * (started), loads moved off a starved worker, and loads watched now (for tests and the log).
 */
export function analysisWorkerCounts(): {
  readonly spawned: number;
  readonly live: number;
  readonly idle: number;
  readonly idleScheduled: number;
  readonly starved: number;
  /** Loads whose worker's wait for a CPU is being watched now. */
  readonly watching: number;
} {
  return { ...counts, idle: idle.size };
}

interface IdleWorker {
  readonly worker: Worker;
  readonly timer: ReturnType<typeof setTimeout>;
  readonly gone: () => void;
}

/** One warm worker per folder, waiting for its next load. */
const idle = new Map<string, IdleWorker>();

function acquire(root: string): Worker {
  const w = idle.get(root);
  if (!w) return spawn();
  idle.delete(root);
  clearTimeout(w.timer);
  w.worker.off('exit', w.gone).off('error', w.gone);
  // Idle-class workers are given up once one was starved (they cannot be promoted).
  if (!scheduling.idleClass && idleClass.has(w.worker)) {
    end(w.worker);
    return spawn();
  }
  w.worker.ref();
  return w.worker;
}

/** Terminate a worker we are done with; an error it still reports has nobody left to tell. */
function end(worker: Worker): void {
  worker.on('error', () => undefined);
  void worker.terminate();
}

function release(root: string, worker: Worker): void {
  if (idle.has(root)) {
    end(worker);
    return;
  }
  // An idle worker keeps no process alive (the command line, a test run) and ends by itself.
  worker.unref();
  const gone = (): void => {
    const w = idle.get(root);
    if (w?.worker !== worker) return;
    idle.delete(root);
    clearTimeout(w.timer);
    end(worker);
  };
  const timer = setTimeout(gone, IDLE_MS);
  timer.unref();
  worker.once('exit', gone).once('error', gone);
  idle.set(root, { worker, timer, gone });
}

/** End the warm workers: all of them, or the folder's (a folder removed, deactivation, tests). Running loads are their signals' to stop. */
export async function closeAnalysisWorkers(root?: string): Promise<void> {
  const all = [...idle.entries()]
    .filter(([r]) => root === undefined || r === root)
    .map(([r, w]) => {
      idle.delete(r);
      return w;
    });
  await Promise.all(
    all.map(w => {
      clearTimeout(w.timer);
      w.worker.on('error', () => undefined);
      return w.worker.terminate();
    }),
  );
}

let jobs = 0;

/** Records keyed by metric id are built without a prototype (an id may be "__proto__"); cloning gives them one back. */
function withoutPrototype<V>(rec: Readonly<Record<string, V>>): Record<string, V> {
  const out: Record<string, V> = Object.create(null);
  for (const [k, v] of Object.entries(rec)) out[k] = v;
  return out;
}

/** A report as presentReport built it in the worker: the same shapes, null prototypes included. */
function revive(r: PresentedReport): PresentedReport {
  return {
    ...r,
    charts: withoutPrototype(r.charts),
    ...(r.pending ? { pending: { ...r.pending, arrivedShare: withoutPrototype(r.pending.arrivedShare) } } : {}),
  };
}

/** The table without an analysis, for a worker that failed in phase 2 (as analyze() does on an unexpected failure). */
function unanalysed(table: TablePart, detail: string): PresentedReport {
  return { ...table.report, warnings: [...table.report.warnings, `Forecasts and explanations are unavailable: ${detail}`] };
}

/** Runs one load (both phases) in a worker; `signal` cancels it (see WorkerLoad.cancel). */
export function startWorkerLoad(job: Omit<LoadJob, 'job'>, signal?: AbortSignal): WorkerLoad {
  const id = ++jobs;
  let phase: 'table' | 'analysis' | 'done' = 'table';
  let tablePart: TablePart | undefined;
  let resolveTable!: (t: TablePart) => void;
  let rejectTable!: (e: unknown) => void;
  let resolveAnalysis!: (r: PresentedReport) => void;
  let rejectAnalysis!: (e: unknown) => void;
  const table = new Promise<TablePart>((res, rej) => {
    resolveTable = res;
    rejectTable = rej;
  });
  const analysis = new Promise<PresentedReport>((res, rej) => {
    resolveAnalysis = res;
    rejectAnalysis = rej;
  });
  // Whoever does not wait for a phase (a cancelled load, a failed table) must not see it unhandled.
  table.catch(() => undefined);
  analysis.catch(() => undefined);

  if (signal?.aborted) {
    rejectTable(signal.reason);
    rejectAnalysis(signal.reason);
    return { table, analysis, cancel: () => undefined };
  }
  let worker = acquire(job.root);
  let watch: ReturnType<typeof setInterval> | undefined;
  const stopWatch = (): void => {
    if (watch === undefined) return;
    clearInterval(watch);
    watch = undefined;
    counts.watching--;
  };
  const detach = (): void => {
    stopWatch();
    worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    signal?.removeEventListener('abort', onAbort);
  };
  /** The worker stopped or broke: fail whatever is pending. */
  const fail = (detail: string): void => {
    if (phase === 'done') return;
    detach();
    end(worker);
    if (phase === 'table') {
      const e = new Error(`The report could not be built: ${detail}`);
      rejectTable(e);
      rejectAnalysis(e);
    } else resolveAnalysis(unanalysed(tablePart!, detail));
    phase = 'done';
  };
  const cancel = (reason: unknown): void => {
    if (phase === 'done') return;
    detach();
    end(worker);
    if (phase === 'table') rejectTable(reason);
    rejectAnalysis(reason);
    phase = 'done';
  };
  function onMessage(m: FromAnalysisWorker): void {
    if (m.type === 'scheduling' || m.job !== id || phase === 'done') return;
    if (m.type === 'table') {
      // A load moved to a new worker after its table: the new worker builds it again (ignored).
      if (phase !== 'table') return;
      tablePart = { config: m.config, report: revive(m.report) };
      phase = 'analysis';
      resolveTable(tablePart);
    } else if (m.type === 'analysis' && phase === 'analysis') {
      phase = 'done';
      detach();
      release(job.root, worker);
      resolveAnalysis(revive(m.report));
    } else if (m.type === 'loadError' && phase === 'table') {
      phase = 'done';
      detach();
      release(job.root, worker);
      const e = new ReportLoadError(m.problem);
      rejectTable(e);
      rejectAnalysis(e);
    } else if (m.type === 'failed') {
      fail(m.message);
    }
  }
  function onError(e: Error): void {
    fail(`the analysis worker failed: ${e.message}`);
  }
  function onExit(code: number): void {
    fail(`the analysis worker stopped (exit code ${code})`);
  }
  function onAbort(): void {
    cancel(signal!.reason);
  }
  /**
   * Watch an idle-class worker's wait for a CPU (its thread id comes with its first message; a new
   * worker's counts start at zero). Starved: the load moves to a new, only-niced worker.
   */
  const watchStarvation = (): void => {
    const known = idleTids.get(worker);
    let from: Schedstat | undefined = known !== undefined ? threadSchedstat(known) : { runMs: 0, waitMs: 0 };
    watch = setInterval(() => {
      if (!idleClass.has(worker)) {
        stopWatch();
        return;
      }
      const tid = idleTids.get(worker);
      const now = tid !== undefined ? threadSchedstat(tid) : undefined;
      if (!now || !from) return;
      if (!starved(from, now)) return;
      from = undefined;
      moveOffStarved(now);
    }, scheduling.watchMs);
    watch.unref();
    counts.watching++;
  };
  const moveOffStarved = (stat: Schedstat): void => {
    counts.starved++;
    if (scheduling.idleClass) {
      scheduling.idleClass = false;
      scheduling.notes?.(
        `The report's analysis worker waited ${Math.round(stat.waitMs)} ms for a CPU and ran ${Math.round(stat.runMs)} ms: other programs keep this machine busy. Analysis workers now run at a low priority instead of only on idle CPU time; reports may draw less smoothly while they load.`,
      );
    }
    detach();
    end(worker);
    worker = spawn();
    start();
  };
  const start = (): void => {
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (idleClass.has(worker)) watchStarvation();
    const message: ToAnalysisWorker = { type: 'load', job: id, ...job };
    worker.postMessage(message);
  };
  start();
  return { table, analysis, cancel };
}

/** How long a slice chart may take before the worker is given up (it reads and parses the CSV at worst). */
const SLICE_TIMEOUT_MS = 60_000;

/**
 * One slice of a metric charted in the folder's worker (warm: from the table of its last load).
 * Rejects with a ReportLoadError (the files no longer load), or an Error saying what was wrong.
 */
export function startWorkerSlice(job: Omit<SliceJob, 'job'>): Promise<SliceChart> {
  const id = ++jobs;
  const worker = acquire(job.root);
  return new Promise<SliceChart>((resolve, reject) => {
    const timer = setTimeout(() => stop(new Error(`the slice chart took more than ${SLICE_TIMEOUT_MS / 1000} s`)), SLICE_TIMEOUT_MS);
    const detach = (): void => {
      clearTimeout(timer);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    };
    /** The worker broke or hung: it is not reused. */
    const stop = (e: Error): void => {
      detach();
      end(worker);
      reject(e);
    };
    function onMessage(m: FromAnalysisWorker): void {
      if (m.type === 'scheduling' || m.job !== id) return;
      detach();
      release(job.root, worker);
      if (m.type === 'slice') resolve(m.chart);
      else if (m.type === 'loadError') reject(new ReportLoadError(m.problem));
      else reject(new Error(m.type === 'failed' ? m.message : `unexpected answer "${m.type}"`));
    }
    function onError(e: Error): void {
      stop(new Error(`the analysis worker failed: ${e.message}`));
    }
    function onExit(code: number): void {
      stop(new Error(`the analysis worker stopped (exit code ${code})`));
    }
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    const message: ToAnalysisWorker = { type: 'slice', job: id, ...job };
    worker.postMessage(message);
  });
}
