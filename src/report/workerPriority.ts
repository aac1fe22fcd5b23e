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
