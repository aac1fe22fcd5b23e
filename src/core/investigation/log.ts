// Reading and writing the log's lines. Reading never throws: every line is either an event, an
// event kept for a newer Calibrate, blank, or a problem reported at its line number and skipped.
// Nothing is ever dropped from the file: the log is only appended to (ADR 0015).
// Pure: no vscode, no I/O.
import { checkEvent, LIMITS, LOG_VERSION, type EventData, type EventType, type ForeignEvent, type InvestigationEvent } from './events';

/** Where a folder's investigation logs are, from the folder, with '/' (ADR 0003): one `<name>.jsonl` each. */
export const INVESTIGATIONS_DIR = '.calibrate/investigations';

export interface LogLine<E> {
  /** 1-based line in the file. */
  readonly line: number;
  readonly event: E;
  /** The line's text as written: two lines with one id are the same event only when they are equal. */
  readonly raw: string;
}

export interface LineProblem {
  readonly line: number;
  readonly message: string;
}

export interface ParsedLog {
  readonly events: readonly LogLine<InvestigationEvent>[];
  readonly foreign: readonly LogLine<ForeignEvent>[];
  readonly problems: readonly LineProblem[];
  /** The highest clock of any event read (folded or foreign): the next event's clock is one more. */
  readonly maxClock: number;
}

/**
 * Parse a log's text. A last line with no newline is read only if it is a whole JSON object: a
 * writer appends `line + "\n"` in one write, so a reader that meets a half-written line (it ends
 * early, so it never parses) skips it and reads it whole next time, without reporting it.
 */
export function parseLog(text: string, firstLine = 1): ParsedLog {
  const events: LogLine<InvestigationEvent>[] = [];
  const foreign: LogLine<ForeignEvent>[] = [];
  const problems: LineProblem[] = [];
  let maxClock = 0;
  const lines = text.split('\n');
  const last = lines.length - 1;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (raw.trim() === '') continue;
    const line = i + firstLine;
    if (raw.length > LIMITS.line) {
      problems.push({
        line,
        message: `line ${line} is ${raw.length} characters, over the ${LIMITS.line} a log line may have: it is kept in the file and skipped`,
      });
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      // The unfinished tail of an append in progress is not an error (yet).
      if (i === last) continue;
      problems.push({ line, message: `line ${line} is not JSON (${e instanceof Error ? e.message : String(e)}): it is kept in the file and skipped` });
      continue;
    }
    const c = checkEvent(value);
    if ('invalid' in c) {
      problems.push({ line, message: `line ${line} is not a valid event: ${c.invalid}. It is kept in the file and skipped` });
    } else if ('foreign' in c) {
      foreign.push({ line, event: c.foreign, raw });
      maxClock = Math.max(maxClock, c.foreign.clock);
    } else {
      events.push({ line, event: c.ok, raw });
      maxClock = Math.max(maxClock, c.ok.clock);
    }
  }
  return { events, foreign, problems, maxClock };
}

/** Two parses of consecutive parts of one log, as one. */
export function joinParsed(a: ParsedLog, b: ParsedLog): ParsedLog {
  return {
    events: [...a.events, ...b.events],
    foreign: [...a.foreign, ...b.foreign],
    problems: [...a.problems, ...b.problems],
    maxClock: Math.max(a.maxClock, b.maxClock),
  };
}

/**
 * Parse a log that grows by appends, reusing the parse of what it was: when the text still starts
 * with the complete lines parsed last time, only the rest is parsed. Keeps the parse of the complete
 * lines (never a cut last line) in `cache`.
 */
export function parseGrowing(
  text: string,
  cache: { complete: string; lines: number; parsed: ParsedLog } | undefined,
): {
  parsed: ParsedLog;
  cache: { complete: string; lines: number; parsed: ParsedLog };
} {
  const cut = text.lastIndexOf('\n') + 1;
  const complete = text.slice(0, cut);
  const reuse = cache !== undefined && complete.length >= cache.complete.length && complete.startsWith(cache.complete);
  const head = reuse ? joinParsed(cache.parsed, parseLog(complete.slice(cache.complete.length), cache.lines + 1)) : parseLog(complete);
  const lines = reuse ? cache.lines + countNewlines(complete, cache.complete.length) : countNewlines(complete, 0);
  const rest = text.slice(cut);
  return { parsed: rest.trim() ? joinParsed(head, parseLog(rest, lines + 1)) : head, cache: { complete, lines, parsed: head } };
}

function countNewlines(s: string, from: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** True when the last line has no newline (an append cut short, or a hand edit): the next append must start a new line. */
export function hasUnfinishedTail(text: string): boolean {
  return text.length > 0 && !text.endsWith('\n');
}

/** Who writes an event and how its id and time are drawn: ports, so tests are deterministic. */
export interface EventSource {
  readonly author: string;
  readonly now: () => number;
  /** A fresh random id (at least 6 characters of [A-Za-z0-9_-]). */
  readonly newId: () => string;
}

/** A new event after everything in the log (Lamport: one more than the highest clock seen). */
export function newEvent<T extends EventType>(src: EventSource, maxClock: number, type: T, data: EventData[T]): InvestigationEvent {
  return { v: LOG_VERSION, id: src.newId(), at: new Date(src.now()).toISOString(), clock: maxClock + 1, author: src.author, type, data } as InvestigationEvent;
}

/** One event as one line of the log, with its newline. Key order is fixed, so equal events are equal lines. */
export function eventLine(e: InvestigationEvent): string {
  return JSON.stringify({ v: e.v, id: e.id, at: e.at, clock: e.clock, author: e.author, type: e.type, data: e.data }) + '\n';
}

/** An id from random bytes (any source of 9 random bytes: crypto in Node and the browser). */
export function idFromBytes(bytes: Uint8Array): string {
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let s = '';
  for (const b of bytes) s += ALPHABET[b & 63];
  return s;
}

/** The Latin spelling of letters without a decomposition (German, Nordic, Polish, Croatian, Icelandic, Turkish). */
const LATIN: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', þ: 'th', ð: 'd', ı: 'i' };
const LATIN_LETTERS = new RegExp(`[${Object.keys(LATIN).join('')}]`, 'g');

/** `2026-11-30-ios-orders-drop`: the file name (without .jsonl) of an investigation opened at `at` in `zone`. */
export function logName(title: string, dateInZone: string, taken: (name: string) => boolean): string {
  const slug =
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      // Letters that NFKD does not decompose keep their usual Latin spelling (not dropped).
      .replace(LATIN_LETTERS, c => LATIN[c]!)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48)
      .replace(/-+$/, '') || 'investigation';
  const base = `${dateInZone}-${slug}`;
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
}
