// The analysis worker's CPU priority: below the extension host's event loop.
//
// Why: a report load keeps its worker thread busy for a second or more (5 s on 10x the demo), and
// at that moment the webview is drawing the table in another process. On a machine with few cores
// the host's main thread then waits for a CPU: measured with the event-loop ticker and the main
// thread's /proc schedstat (scripts/bench-profile.mjs), the 55-90 ms "blocks" seen while a report
// opened were the main thread runnable but not running (0-2 ms on a CPU), right after the table was
// posted, while the worker ran phase 2. The worker, the host's main thread and the editor's windows
// are one session, so the scheduler shares the session's CPU time among them by their nice values:
// at equal priority the worker takes its full share and the event loop waits its turn. A worker
// ten steps nicer still gets every CPU nobody else wants (an idle machine analyses as fast as
// before), but the host's thread, and whatever else of the session is drawing, go first.
//
// Linux only: there the nice value belongs to each thread (setpriority(PRIO_PROCESS, 0) changes the
// calling thread). On Windows and macOS the same call changes the whole process, the extension host
// included, so it is not made there. No vscode import.
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
