// File adapter: reads .calibrate/events.yaml and any .ics calendars under .calibrate/ (and
// .calibrate/calendars/), and hands the text to the pure parsers. No vscode import.
// Every file goes through safeFiles: inside the workspace folder, a regular file, size-capped.
// A refused or broken file is an error for that file only; the other files' events still load.
import { readdir } from 'node:fs/promises';
import { parseEventsYaml } from '../core/context/events';
import type { ContextEvent } from '../core/context/types';
import { InputError } from '../core/types';
import { parseIcsIsolated } from './icsIsolated';
import { MAX_ICS_BYTES, MAX_YAML_BYTES, readWorkspaceText, resolveInWorkspace, WorkspaceFileError } from '../workspace/safeFiles';

export interface WorkspaceEventsOptions {
  /** The report zone: used for events without a zone and floating ICS times. */
  readonly defaultZone: string;
  /** Expand recurring ICS events only inside this window (UTC ms). */
  readonly from?: number;
  readonly to?: number;
  /** Stops between files (and inside a read) when a newer load supersedes this one. */
  readonly signal?: AbortSignal;
}

/**
 * A team keeps a handful of calendars; past this many, the rest are skipped with an error, so a
 * workspace cannot make each report load read thousands of files of up to MAX_ICS_BYTES each.
 */
export const MAX_CALENDARS = 50;

/**
 * Workspace-relative paths (with '/') of the .ics files in a folder; none if it does not exist.
 * A folder that links outside the workspace is not even listed: one error names it instead.
 */
async function icsFiles(root: string, relDir: string, errors: InputError[]): Promise<string[]> {
  try {
    const dir = await resolveInWorkspace(root, relDir, 'a folder of calendars');
    return (await readdir(dir))
      .filter(f => f.toLowerCase().endsWith('.ics'))
      .sort()
      .map(f => `${relDir}/${f}`);
  } catch (e) {
    if (e instanceof WorkspaceFileError && e.refusal !== 'missing') errors.push(e);
    return [];
  }
}

async function read(root: string, rel: string, what: string, maxBytes: number, signal: AbortSignal | undefined): Promise<string | undefined> {
  try {
    return await readWorkspaceText(root, rel, { what, maxBytes, ...(signal ? { signal } : {}) });
  } catch (e) {
    if (e instanceof WorkspaceFileError && e.refusal === 'missing') return undefined;
    throw e;
  }
}

type Parsed = { events: ContextEvent[]; errors: InputError[] };

export async function loadWorkspaceEvents(root: string, opts: WorkspaceEventsOptions): Promise<{ events: ContextEvent[]; errors: InputError[] }> {
  const events: ContextEvent[] = [];
  const errors: InputError[] = [];
  // An InputError (a refused file) is that file's error; anything else (cancellation) ends the load.
  const each = async (rel: string, what: string, maxBytes: number, parse: (text: string) => Parsed | Promise<Parsed>) => {
    try {
      const text = await read(root, rel, what, maxBytes, opts.signal);
      if (text === undefined) return;
      const r = await parse(text);
      events.push(...r.events);
      errors.push(...r.errors);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      errors.push(e);
    }
  };
  await each('.calibrate/events.yaml', "the team's events file", MAX_YAML_BYTES, text => parseEventsYaml(text, '.calibrate/events.yaml', opts.defaultZone));
  const calendars = [...(await icsFiles(root, '.calibrate', errors)), ...(await icsFiles(root, '.calibrate/calendars', errors))];
  for (const rel of calendars.slice(MAX_CALENDARS)) {
    errors.push(new InputError(rel, undefined, `at most ${MAX_CALENDARS} calendars under .calibrate/`, 'skipped'));
  }
  for (const rel of calendars.slice(0, MAX_CALENDARS)) {
    opts.signal?.throwIfAborted();
    // In a worker with a wall-clock limit: a recurrence rule that ical.js cannot finish must never
    // freeze the extension host (the core parser's own checks and budget are the first line).
    await each(rel, 'an iCalendar (.ics) file', MAX_ICS_BYTES, text =>
      parseIcsIsolated(text, rel, {
        defaultZone: opts.defaultZone,
        ...(opts.from !== undefined ? { from: opts.from } : {}),
        ...(opts.to !== undefined ? { to: opts.to } : {}),
      }),
    );
  }
  events.sort((a, b) => a.start - b.start);
  return { events, errors };
}
