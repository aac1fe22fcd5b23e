// The analysis worker's CPU priority: below the extension host's event loop.
//
// Why: a report load keeps its worker thread busy for a second or more (5 s on 10x the demo), and
// meanwhile the webview draws the table in another process. On a machine with few cores the host's
// main thread then waits for a CPU: on the panel bench (2 cores), the event-loop "blocks" of 35-100
// ms while a report opened were the main thread runnable but not running (its /proc schedstat: 0-2
// ms on a CPU), and perf's scheduler trace showed both CPUs held by this worker and the renderer
// (scripts/bench-profile.mjs --perf). The threads of one process share its CPU time by their nice
// values: at the host's priority the worker takes a full share and the event loop waits behind it;
// ten steps nicer, the host's thread goes first and the worker still gets every CPU nobody else
// wants (an idle machine analyses as fast as before). Measured, 3 sessions each on 2 cores: the
// host's main thread waited > 30 ms for a CPU while the worker ran 3 times instead of 6, at most
// 47 ms instead of 99; analysis times unchanged (median 1.3 s). It does not help against other
// processes (the renderer, other sessions): those compete as before.
//
// Linux only: there the nice value belongs to each thread (setpriority(PRIO_PROCESS, 0) changes the
// calling thread). On Windows and macOS the same call changes the whole process, the extension host
// included, so it is not made there. What the worker starts (the .ics worker, git for deploys)
// inherits the lower priority. No vscode import.
//
// Nicer was not enough (ADR 0026): on the same bench the host's thread still waited up to 57 ms for a
// CPU, because the scheduler does not move a waking thread onto a CPU held by a niced one. A thread
// in Linux's SCHED_IDLE class runs only on CPU time no other thread wants, and a waking thread is
// placed on its CPU and preempts it at once: with it, the longest wait fell to 13 ms. The cost is that
// a machine kept busy by other programs (a build) starves such a thread, so the host watches its wait
// (`threadSchedstat`, `starved`) and moves a starved load to a worker at the nice value only.
import { spawnSync } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** How many steps nicer than the thread that started it an analysis worker runs. */
export const WORKER_NICENESS = 10;
/** The largest nice value (the lowest priority) Linux knows. */
const MAX_NICE = 19;

/**
 * Make the calling thread `steps` nicer than it is (it starts with the nice value of the thread that
 * created it, the host's), capped at 19. Only lowers, never raises, the priority; on Linux only.
 * Returns the thread's new nice value, or undefined when nothing was changed.
 */
export function lowerThreadPriority(steps = WORKER_NICENESS, platform: NodeJS.Platform = process.platform): number | undefined {
  if (platform !== 'linux' || steps <= 0) return undefined;
  try {
    const current = getPriority(0); // pid 0: the calling thread, on Linux
    const next = Math.min(MAX_NICE, current + steps);
    if (next <= current) return undefined;
    setPriority(0, next);
    return next;
  } catch {
    return undefined; // not allowed (a sandbox): run at the host's priority, as before
  }
}

/**
 * Put the calling thread in Linux's SCHED_IDLE scheduling class (with util-linux's `chrt`; no
 * privilege is needed to lower one's own class). Returns the thread's id, to watch it with
 * threadSchedstat, or undefined when nothing was changed (another system, no chrt, refused). A
 * thread cannot leave this class without privileges: a starved worker is replaced, not promoted.
 */
export function idleScheduling(platform: NodeJS.Platform = process.platform, run: typeof spawnSync = spawnSync): number | undefined {
  if (platform !== 'linux') return undefined;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop()); // "<pid>/task/<tid>"
    if (!Number.isInteger(tid) || tid <= 0) return undefined;
    const r = run('chrt', ['--idle', '--pid', '0', String(tid)], { stdio: 'ignore', timeout: 2_000 });
    return r.status === 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/** A thread's time on a CPU and waiting for one, since it started (ms). */
export interface Schedstat {
  readonly runMs: number;
  readonly waitMs: number;
}

/** A thread of this process, from /proc/self/task/<tid>/schedstat ("run_ns wait_ns slices"); undefined if unreadable. */
export function threadSchedstat(tid: number): Schedstat | undefined {
  try {
    const [run, wait] = readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    return Number.isFinite(run) && Number.isFinite(wait) ? { runMs: run / 1e6, waitMs: wait / 1e6 } : undefined;
  } catch {
    return undefined;
  }
}

/** A load whose idle-class worker waited this long for a CPU, and ... */
export const STARVED_WAIT_MS = 1_000;
/** ... longer than STARVED_RATIO times what it ran, is starved by other programs. */
export const STARVED_RATIO = 2;

/**
 * Has the thread been starved since `from`? More than STARVED_WAIT_MS waiting for a CPU, and more
 * than STARVED_RATIO times its time on one. A report load that competes only with VS Code's own
 * drawing waits far less: 32–417 ms in all, at most a quarter of what it ran, over 28 loads of the
 * 2-core panel bench. One behind a build that keeps every core busy runs about 0.3% of the time
 * (the idle class's weight, 3 against 1024).
 */
export function starved(from: Schedstat, now: Schedstat): boolean {
  const waited = now.waitMs - from.waitMs;
  const ran = now.runMs - from.runMs;
  return waited > STARVED_WAIT_MS && waited > STARVED_RATIO * ran;
}
