// Presence (issue 12): where each participant of a folder is looking right now, so the others see it
// and can follow it. One small JSON file per participant window under .calibrate/presence/, written
// whole and often (a temp file renamed over it), gitignored, and never part of an investigation log.
// This file is the pure half: the record, its strict validation (a presence file is untrusted input,
// like a log line), staleness, which presences to show, whom "follow" resolves to, and the write
// throttle. No vscode, no Node: src/services/presence.ts does the file I/O.
import { isEventId, LIMITS as LOG_LIMITS, type Role } from '../investigation/events';

export const PRESENCE_VERSION = 1;
/** The folder's presence files: one per participant window. Ephemeral, gitignored. */
export const PRESENCE_DIR = '.calibrate/presence';
/** A presence not rewritten for this long is from a window that is gone (killed, asleep): ignored. */
export const STALE_MS = 30_000;
/** An open window rewrites its presence this often even when nothing changes, so it never goes stale. */
export const HEARTBEAT_MS = 10_000;
/** At most one write per this interval per participant window: 10 a second (trailing throttle). */
export const MIN_WRITE_INTERVAL_MS = 100;
/** A presence file is a few hundred bytes; anything past this is not one and is not read. */
export const MAX_PRESENCE_BYTES = 64 * 1024;

export const PRESENCE_LIMITS = {
  /** A metric id or a dimension name or value (the report's own label limit). */
  label: 200,
  /** Dimensions of one slice. */
  dims: 20,
  /** An investigation log's name. */
  name: 200,
} as const;

/** Where one participant is looking. Every part is optional: a report with nothing chosen has only a metric. */
export interface Focus {
  /** The metric charted. */
  readonly metric?: string;
  /** The hour chosen (UTC ms), when one is. */
  readonly hour?: number;
  /** The slice charted instead of the metric's total (dimension → value). */
  readonly slice?: Readonly<Record<string, string>>;
  /** The anomaly chosen, named as in the report: its metric and start. */
  readonly anomaly?: { readonly metric: string; readonly start: number };
  /** The investigation item (an event id) focused in the investigation view. */
  readonly item?: string;
}

/** One participant window's presence file. */
export interface Presence {
  readonly v: 1;
  /** Who: the name this window writes investigation events as. */
  readonly author: string;
  /** This window's random id: one person may have two windows open. */
  readonly window: string;
  /** When it was written (ms since the epoch, the writer's clock). */
  readonly at: number;
  /** The investigation (log name) the window is working on, if any. */
  readonly investigation?: string;
  readonly focus: Focus;
  /** The author this window follows, while it follows someone. */
  readonly following?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max: number, min = 1): v is string => typeof v === 'string' && v.length >= min && v.length <= max;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const only = (o: Obj, ...keys: string[]) => Object.keys(o).find(k => !keys.includes(k));
const WINDOW_RE = /^[a-z0-9]{12,64}$/;
const LOG_NAME_RE = /^[A-Za-z0-9][\w.-]*$/;

/** A window id is 12–64 lowercase letters and digits (no "-": the file name splits on its last one). */
export const isWindowId = (v: unknown): v is string => typeof v === 'string' && WINDOW_RE.test(v);

/** Why `v` is not a focus, or undefined. Strict: an unknown field is refused, a typo must not pass silently. */
export function focusProblem(v: unknown): string | undefined {
  if (!isObj(v)) return 'focus must be an object';
  const extra = only(v, 'metric', 'hour', 'slice', 'anomaly', 'item');
  if (extra !== undefined) return `focus has an unknown field "${extra.slice(0, 40)}"`;
  if (v.metric !== undefined && !isStr(v.metric, PRESENCE_LIMITS.label)) return 'focus.metric must be a metric id';
  if (v.hour !== undefined && !isNum(v.hour)) return 'focus.hour must be an instant (ms)';
  if (v.slice !== undefined) {
    const s = v.slice;
    if (
      !isObj(s) ||
      Object.keys(s).length > PRESENCE_LIMITS.dims ||
      !Object.entries(s).every(([k, x]) => isStr(k, PRESENCE_LIMITS.label) && isStr(x, PRESENCE_LIMITS.label, 0))
    )
      return `focus.slice must map at most ${PRESENCE_LIMITS.dims} dimension names to values`;
  }
  if (v.anomaly !== undefined) {
    const a = v.anomaly;
    if (!isObj(a) || only(a, 'metric', 'start') !== undefined || !isStr(a.metric, PRESENCE_LIMITS.label) || !isNum(a.start))
      return 'focus.anomaly must be { metric, start }';
  }
  if (v.item !== undefined && !isEventId(v.item)) return 'focus.item must be an event id';
  return undefined;
}

/**
 * A presence file's content, checked like the log's checkEvent: never throws, says why. A newer
 * version is refused (it may mean something this one cannot show), not guessed at.
 */
export function checkPresence(v: unknown): { readonly ok: Presence } | { readonly problem: string } {
  if (!isObj(v)) return { problem: 'a presence is a JSON object' };
  if (v.v !== PRESENCE_VERSION) return { problem: isNum(v.v) && v.v > PRESENCE_VERSION ? `version ${v.v} is newer than this Calibrate's` : 'v must be 1' };
  const extra = only(v, 'v', 'author', 'window', 'at', 'investigation', 'focus', 'following');
  if (extra !== undefined) return { problem: `unknown field "${extra.slice(0, 40)}"` };
  if (!isStr(v.author, LOG_LIMITS.short) || v.author.trim() === '') return { problem: 'author must be a name' };
  if (!isWindowId(v.window)) return { problem: 'window must be 12–64 lowercase letters and digits' };
  if (!isNum(v.at)) return { problem: 'at must be an instant (ms)' };
  if (v.investigation !== undefined && !(isStr(v.investigation, PRESENCE_LIMITS.name) && LOG_NAME_RE.test(v.investigation)))
    return { problem: 'investigation must be a log name' };
  if (v.following !== undefined && !isStr(v.following, LOG_LIMITS.short)) return { problem: 'following must be a name' };
  const why = focusProblem(v.focus);
  if (why) return { problem: why };
  return { ok: v as unknown as Presence };
}

/** Parse a presence file's text: JSON, then checkPresence. */
export function parsePresence(text: string): { readonly ok: Presence } | { readonly problem: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { problem: 'not JSON (a half-written file is never read: writes are renamed into place)' };
  }
  return checkPresence(v);
}

/** The file name part of an author: lowercase letters, digits and "-", never empty. */
export function authorSlug(author: string): string {
  const slug = author
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents off: "María" is "maria"
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug || 'someone';
}

/** `<author-slug>-<window>.json`. */
export const presenceFileName = (author: string, window: string): string => `${authorSlug(author)}-${window}.json`;

const FILE_RE = /^([a-z0-9-]{1,40})-([a-z0-9]{12,64})\.json$/;

/** The window id a presence file name carries, or undefined when the name is not a presence file's (report-snapshot.json, a temp file). */
export function windowOfFile(name: string): string | undefined {
  return FILE_RE.exec(name)?.[2];
}

export const isStale = (p: Presence, now: number): boolean => now - p.at > STALE_MS;

/**
 * The presences to show: other people only (not my window, nor another of my own windows: a window
 * of mine that was killed would otherwise show me to myself for 30 s), fresh ones only, the newest
 * per author (someone in two windows is one person, where they last moved), newest first.
 */
export function shownPresences(all: readonly Presence[], me: { readonly window: string; readonly author: string }, now: number): Presence[] {
  const newest = new Map<string, Presence>();
  for (const p of all) {
    if (p.window === me.window || p.author === me.author || isStale(p, now)) continue;
    const had = newest.get(p.author);
    if (!had || p.at > had.at) newest.set(p.author, p);
  }
  return [...newest.values()].sort((a, b) => b.at - a.at || (a.author < b.author ? -1 : a.author > b.author ? 1 : 0));
}

/** The lead of an investigation (its participants as folded), unless that is me: whom "Follow the Lead" follows. */
export function leadOf(participants: readonly { readonly name: string; readonly role?: Role }[], me: string): string | undefined {
  return participants.find(p => p.role === 'lead' && p.name !== me)?.name;
}

/** What following `author` resolves to now: their newest fresh presence (of any of their windows), if any. */
export function followedPresence(shown: readonly Presence[], author: string): Presence | undefined {
  let best: Presence | undefined;
  for (const p of shown) if (p.author === author && (!best || p.at > best.at)) best = p;
  return best;
}

/** Two foci are the same place (compared field by field; slice keys in any order). */
export function sameFocus(a: Focus | undefined, b: Focus | undefined): boolean {
  return focusKey(a) === focusKey(b);
}

export function focusKey(f: Focus | undefined): string {
  if (!f) return '';
  const slice = f.slice ? Object.entries(f.slice).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)) : undefined;
  return JSON.stringify([f.metric, f.hour, slice, f.anomaly && [f.anomaly.metric, f.anomaly.start], f.item]);
}

/**
 * The write throttle: when the next write may happen, for a change at `now` after the last write at
 * `lastWrite`. Immediately when the window has been quiet for an interval (a click shows at once),
 * else at the end of the interval (trailing): at most one write per MIN_WRITE_INTERVAL_MS, and the
 * last change is always written.
 */
export function nextWriteAt(lastWrite: number | undefined, now: number, interval = MIN_WRITE_INTERVAL_MS): number {
  return lastWrite === undefined ? now : Math.max(now, lastWrite + interval);
}
