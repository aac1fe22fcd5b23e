// Which investigations a commit belongs to (issue 13): the logs its message names in an
// `Investigation:` trailer (the one Write Post-mortem and Record Decision prefill), and the logs it
// changed. Later readers then go from the anomaly to the fix. Pure: the adapter reads the commits
// (src/findings/commitLinker.ts). ADR 0018.
import type { CommitLink } from '../investigation/events';

import { INVESTIGATIONS_DIR as LOG_DIR } from '../investigation/log';
export const TRAILER_KEY = 'Investigation';
const NAME_RE = /^[A-Za-z0-9][\w.-]{0,199}$/;

/** The investigation a folder-relative path is the log of, or undefined. */
export function logNameOfPath(path: string): string | undefined {
  const p = path.replace(/\\/g, '/').replace(/^\.\//, '');
  if (!p.startsWith(`${LOG_DIR}/`) || !p.endsWith('.jsonl')) return undefined;
  const name = p.slice(LOG_DIR.length + 1, -'.jsonl'.length);
  return NAME_RE.test(name) && !name.includes('..') ? name : undefined;
}

/**
 * The values of the `Investigation:` trailers of a commit message: git's trailer block is the last
 * paragraph, and each of its lines is `Key: value` (continuation lines start with a space). A line
 * saying "Investigation: …" in the body's prose is not a trailer, as for `git interpret-trailers`.
 */
export function investigationTrailers(message: string): string[] {
  const paragraphs = message
    .replace(/\r\n/g, '\n')
    .trimEnd()
    .split(/\n[ \t]*\n/);
  if (paragraphs.length < 2) return []; // a subject alone has no trailers
  const block = paragraphs.at(-1)!.split('\n');
  if (!block.every(l => /^[\w-]+:\s/.test(l) || /^[ \t]+\S/.test(l))) return [];
  const key = new RegExp(`^${TRAILER_KEY}:\\s*(.+?)\\s*$`, 'i');
  return block.flatMap(l => {
    const m = key.exec(l);
    return m ? [m[1]!] : [];
  });
}

/** A commit as the adapter read it: its files changed relative to the workspace folder, with '/'. */
export interface SeenCommit {
  readonly hash: string;
  readonly message: string;
  /** Undefined when the adapter only read the message (a trailer was enough). */
  readonly files?: readonly string[];
}

/** The investigations (by log name) this commit links to, and how: a trailer wins over a changed log. */
export function commitLinks(commit: SeenCommit, known: ReadonlySet<string>): Map<string, CommitLink> {
  const links = new Map<string, CommitLink>();
  for (const value of investigationTrailers(commit.message)) {
    const name = logNameOfPath(value) ?? (NAME_RE.test(value) ? value.replace(/\.jsonl$/, '') : undefined);
    if (name && known.has(name)) links.set(name, 'trailer');
  }
  for (const f of commit.files ?? []) {
    const name = logNameOfPath(f);
    if (name && known.has(name) && !links.has(name)) links.set(name, 'log');
  }
  return links;
}

/** The commit's subject: its first line, cut to fit the log's one-line fields. */
export function commitSubject(message: string, max = 300): string {
  const first = message.replace(/\r\n/g, '\n').split('\n')[0]!.trim();
  return first.length <= max ? first : `${first.slice(0, max - 1)}…`;
}
