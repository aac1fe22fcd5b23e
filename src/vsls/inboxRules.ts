// What the host accepts from a Live Share guest's inbox (ADR 0016). A guest never writes a log: two
// writers of one file over the network would race, and O_APPEND means nothing on the far side of
// Live Share. It writes each event as its own new file, `.calibrate/inbox/<log name>/<event id>.json`,
// and the host's Calibrate judges it here, like any other input, before appending it with its own
// Lamport clock. Pure: no vscode, no I/O (inbox.ts does the files), so every rule is unit-tested.
import { checkEvent, type InvestigationEvent } from '../core/investigation';

/**
 * The `.gitignore` the host puts in each exchange folder (the inbox, and the finding requests of ADR
 * 0028; src/workspace/selfIgnored.ts): messages in flight and what the host refused are nobody's history.
 */
export const EXCHANGE_IGNORE_TEXT = '# Written by Calibrate: Live Share messages in flight between a guest and the host, not history.\n*\n';
export const INBOX_DIR = '.calibrate/inbox';
/** Refused files go here, each with a `<id>.why.txt` saying why: never silently dropped. */
export const REJECTED_DIR = 'rejected';
/** One event is at most 1 MiB as a log line (ADR 0015); its inbox file may be no larger. */
export const MAX_INBOX_BYTES = 1024 * 1024;
/** A log's name, as the log store takes it (investigationStore.ts): a file name, never a path. */
const LOG_NAME_RE = /^[A-Za-z0-9][\w.-]{0,199}$/;

export const isInboxLogName = (name: string): boolean => LOG_NAME_RE.test(name) && !name.includes('..') && name !== REJECTED_DIR;

/** What the host knows when it judges one inbox file. */
export interface InboxContext {
  /** The log the file is filed under (its directory's name). */
  readonly logName: string;
  /** The file's name without `.json`: must be the event's id. */
  readonly fileId: string;
  /** The file's size in bytes. */
  readonly bytes: number;
  /** The log exists on the host (undefined clock otherwise). */
  readonly logExists: boolean;
  /** The highest clock in the host's log now (0 for a new log). */
  readonly maxClock: number;
  /** Display names of the session's read-only guests: the host refuses their events. */
  readonly readOnlyAuthors: readonly string[];
}

/**
 * An event to append (`create`: it opens a new log, which must not exist yet), or why not. An
 * `opened` event is the whole "create" marker: it is the only event that may be filed under a log
 * that does not exist, and it may never be filed under one that does.
 */
export type InboxVerdict = { readonly append: InvestigationEvent; readonly create: boolean } | { readonly reject: string };

export function judgeInboxFile(text: string, c: InboxContext): InboxVerdict {
  if (c.bytes > MAX_INBOX_BYTES) return { reject: `the file is ${c.bytes} bytes, over the ${MAX_INBOX_BYTES} an event may be` };
  if (!isInboxLogName(c.logName)) return { reject: `"${c.logName.slice(0, 100)}" is not an investigation name` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { reject: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const checked = checkEvent(json);
  if ('invalid' in checked) return { reject: `not a valid event: ${checked.invalid}` };
  if ('foreign' in checked) return { reject: `not written: ${checked.foreign.why}; the host writes only what it can check` };
  const event = checked.ok;
  if (event.id !== c.fileId)
    return { reject: `the file is named "${c.fileId.slice(0, 100)}" but holds the event "${event.id}": an inbox file is named by its event's id` };
  if (c.readOnlyAuthors.includes(event.author)) return { reject: `${event.author} joined the session read-only: their events are not written` };
  if (event.type === 'opened') {
    if (c.logExists) return { reject: `the investigation "${c.logName}" exists already: a start takes a new name` };
    return { append: event, create: true };
  }
  if (!c.logExists) return { reject: `there is no investigation "${c.logName}" on the host (deleted, moved, or never started)` };
  return { append: reclock(event, c.maxClock), create: false };
}

/**
 * The Lamport rule on the host's side: an event whose clock is not above the log's highest is
 * given max + 1 (the guest read a log that had moved on), keeping its id, author and time; one that
 * is above keeps its clock. The fold orders by (clock, author, id), so this places it after
 * everything the host has, as a local append would be.
 */
export function reclock(event: InvestigationEvent, maxClock: number): InvestigationEvent {
  return event.clock > maxClock ? event : { ...event, clock: maxClock + 1 };
}
