// The ports the report pipeline runs over. The host (src/report/) and the command line (src/cli/)
// implement them with workspace files, git and the holiday bundle; tests implement them with fakes.
// Nothing here does I/O: core stays pure (no vscode, no Node built-ins).
import type { Dataset } from '../types';
import type { ContextEvent, Deploy, HolidayCalendar } from '../context';

/**
 * What a load may be stopped by: an AbortSignal satisfies it. A newer load (refresh, file change)
 * aborts the older one, which stops at its next checkpoint and rejects with the signal's reason.
 */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason?: unknown;
  throwIfAborted(): void;
}

/** Where the data comes from (a CSV in the workspace today; Prometheus later). */
export interface DataSource {
  /** The whole dataset; rejects with an InputError that names the file and line, or the signal's reason. */
  read(signal?: CancelSignal): Promise<Dataset>;
}

/** A time range, UTC ms: [from, to). */
export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

/**
 * The context that explains anomalies. Each source may fail on its own: the pipeline turns a
 * failure (a rejection other than the cancellation) into a warning and explains without it.
 */
export interface ContextSources {
  /** The public-holiday calendar; undefined when there is none. */
  holidays(): Promise<HolidayCalendar | undefined>;
  /** The team's events in the window; `errors` are the entries or files left out (as warnings). */
  events(window: TimeWindow, signal?: CancelSignal): Promise<{ readonly events: readonly ContextEvent[]; readonly errors: readonly Error[] }>;
  /** Deploys in the window; `warnings` say why the list may be empty or partial. */
  deploys(window: TimeWindow, signal?: CancelSignal): Promise<{ readonly deploys: readonly Deploy[]; readonly warnings: readonly string[] }>;
}

/** The report clock when the config has no `asOf`. */
export interface Clock {
  now(): number;
}

/**
 * Lets pending work run (a message that aborts this load) at a checkpoint. The core steps are
 * synchronous: without yielding, an abort could not arrive until they all ended. The Node host
 * passes `() => new Promise(r => setImmediate(r))`; tests may count or abort in it.
 */
export type YieldNow = () => Promise<void>;
