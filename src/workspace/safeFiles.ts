// Reading the files a workspace names (report config, CSV source, events, calendars) without leaving
// the workspace folder. No vscode import, so it is unit-tested in Node.
//
// Security: a workspace may come from anyone (a cloned repository, an unpacked archive). Its files
// must not make Calibrate read outside the folder, hang, or exhaust memory:
// - paths are relative, without "..", and their real path (symbolic links resolved) stays inside
//   the folder's real path: a link to ~/.aws/credentials would otherwise surface in an error;
// - only regular files are read, checked with fstat on the opened descriptor (no check-then-open
//   race), opened with O_NONBLOCK so a FIFO cannot block the open itself; /dev/zero and pipes
//   report size 0 and would otherwise stream forever;
// - every read is capped in bytes as it goes, so a file that grows while read stops at the cap;
// - errors name the relative path and what was expected, never the content of what was refused.
import { constants } from 'node:fs';
import { mkdir, open, readlink, realpath, stat, type FileHandle } from 'node:fs/promises';
import { isAbsolute, join, posix, relative, sep, win32 } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { InputError } from '../core/types';
import { MAX_YAML_CHARS } from '../core/config/yaml';

const MB = 1024 * 1024;

/**
 * Report config and events.yaml: the YAML reader's own cap (core/config/yaml.ts), so a file is
 * never read past what would be refused anyway.
 */
export const MAX_YAML_BYTES = MAX_YAML_CHARS;
/**
 * One .ics calendar: a season of a sports league is well under 1 MB and a busy shared calendar
 * exported with years of history a few MB; 20 MB covers those, and bounds ical.js's parse tree
 * (about ten times the text) to a few hundred MB at worst.
 */
export const MAX_ICS_BYTES = 20 * MB;

/** The smallest read buffer: a file that reports 0 bytes (still being written) is not read a byte at a time. */
const MIN_READ_BUFFER = 16 * 1024;

export type Refusal = 'path' | 'missing' | 'outside' | 'notFile' | 'tooLarge' | 'unreadable';

/** An InputError (file = the relative path) that also says why the file was refused. */
export class WorkspaceFileError extends InputError {
  constructor(
    readonly refusal: Refusal,
    file: string,
    expected: string,
    detail: string,
  ) {
    super(file, undefined, expected, detail);
    this.name = 'WorkspaceFileError';
  }
}

export interface ReadLimit {
  /** What the file should be, for errors, e.g. "the CSV file named by source.path in the report config". */
  readonly what: string;
  readonly maxBytes: number;
  /** Appended to the size error's "Expected a file of at most N MB", e.g. " (setting …)". */
  readonly sizeAdvice?: string;
  /** Stops reading when a newer load supersedes this one. */
  readonly signal?: AbortSignal;
}

export function formatBytes(n: number): string {
  return n >= MB ? `${(n / MB).toFixed(0)} MB` : n >= 1024 ? `${(n / 1024).toFixed(0)} KB` : `${n} bytes`;
}

/**
 * The real path of `rel` inside `root`, refused (WorkspaceFileError) when `rel` is absolute or has
 * "..", or when it, or a link on the way, resolves outside the real path of `root`.
 */
export async function resolveInWorkspace(root: string, rel: string, what: string): Promise<string> {
  if (!rel || rel.includes('\0') || posix.isAbsolute(rel) || win32.isAbsolute(rel) || /^[A-Za-z]:/.test(rel) || rel.split(/[\\/]/).includes('..')) {
    throw new WorkspaceFileError(
      'path',
      rel,
      `${what}: a path relative to the workspace folder, inside it`,
      'the path is absolute or leaves the workspace folder with ".."',
    );
  }
  const [realRoot, real] = await Promise.all([realpath(root), realpath(join(root, rel))]).catch((e: NodeJS.ErrnoException) => {
    throw refusedByOs(e, rel, what);
  });
  if (!inside(realRoot, real)) {
    // The target is deliberately not named: it is outside the workspace and none of its business.
    throw new WorkspaceFileError(
      'outside',
      rel,
      `${what}, inside the workspace folder`,
      'the path resolves outside the workspace folder (through a symbolic link)',
    );
  }
  return real;
}

/** resolveInWorkspace, and the result must be a regular file (for opening it in an editor). */
export async function resolveWorkspaceFile(root: string, rel: string, what: string): Promise<string> {
  const real = await resolveInWorkspace(root, rel, what);
  const st = await stat(real).catch((e: NodeJS.ErrnoException) => {
    throw refusedByOs(e, rel, what);
  });
  if (!st.isFile()) throw notRegular(rel, what);
  return real;
}

/** Stream a workspace file as UTF-8 text, chunk by chunk, refusing it as resolveInWorkspace does and beyond the cap. */
export async function streamWorkspaceFile(root: string, rel: string, limit: ReadLimit, onText: (text: string) => void): Promise<void> {
  const decoder = new StringDecoder('utf8');
  await streamWorkspaceBytes(root, rel, limit, bytes => {
    const text = decoder.write(bytes);
    if (text) onText(text);
  });
  const rest = decoder.end();
  if (rest) onText(rest);
}

/**
 * Stream a workspace file's raw bytes, chunk by chunk, with the same refusals and cap as
 * streamWorkspaceFile. `onBytes` must use the chunk before it returns: the buffer is reused for
 * the next read. For a digest, the bytes are what to hash: decoding them to text and the hash
 * encoding that text back to UTF-8 cost three times the hash itself, on the extension host's thread.
 */
export async function streamWorkspaceBytes(root: string, rel: string, limit: ReadLimit, onBytes: (bytes: Buffer) => void): Promise<void> {
  const real = await resolveInWorkspace(root, rel, limit.what);
  limit.signal?.throwIfAborted();
  let fh: FileHandle;
  try {
    // O_NOFOLLOW: the real path has no link left, so a link appearing now is a swap; refuse it.
    fh = await open(real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw refusedByOs(e as NodeJS.ErrnoException, rel, limit.what);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw notRegular(rel, limit.what);
    if (!(await openedWhatWasChecked(fh, real, root))) {
      throw new WorkspaceFileError('outside', rel, `${limit.what}, inside the workspace folder`, 'the file changed while it was opened');
    }
    if (st.size > limit.maxBytes) throw tooLarge(rel, limit, `file is ${formatBytes(st.size)}`);
    // Sized to the file (one byte more, so that a file grown since its stat still shows on the next
    // read) up to 1 MB: a 1 KB config is read at every fingerprint on the extension host's thread,
    // and a fresh 1 MB buffer for each was 6 of the 110 MB the host allocated over the panel
    // bench's 16 opens (a sampling heap profile), garbage for its collector.
    const buf = Buffer.allocUnsafe(Math.min(1 << 20, limit.maxBytes + 1, Math.max(st.size + 1, MIN_READ_BUFFER)));
    let total = 0;
    for (;;) {
      limit.signal?.throwIfAborted();
      // Never ask for more than one byte past the cap: a growing file cannot make us read on.
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, limit.maxBytes + 1 - total), null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > limit.maxBytes) throw tooLarge(rel, limit, `file grew past ${formatBytes(limit.maxBytes)} while it was read`);
      onBytes(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
}

/** The whole of a (capped) workspace file as UTF-8 text. */
export async function readWorkspaceText(root: string, rel: string, limit: ReadLimit): Promise<string> {
  const parts: string[] = [];
  await streamWorkspaceFile(root, rel, limit, t => parts.push(t));
  return parts.join('');
}

function inside(realRoot: string, real: string): boolean {
  const r = relative(realRoot, real);
  return !(r === '..' || r.startsWith(`..${sep}`) || isAbsolute(r));
}

/**
 * The descriptor is the file whose path was checked: on Linux, /proc names the path actually
 * opened (a directory on the way swapped for a link after the check shows here); elsewhere, the
 * opened file and the checked path must still be the same inode.
 */
async function openedWhatWasChecked(fh: FileHandle, real: string, root: string): Promise<boolean> {
  try {
    const opened = await readlink(`/proc/self/fd/${fh.fd}`);
    return opened === real || inside(await realpath(root), opened);
  } catch {
    const [a, b] = await Promise.all([fh.stat(), stat(real)]).catch(() => [undefined, undefined]);
    return !!a && !!b && a.dev === b.dev && a.ino === b.ino;
  }
}

function notRegular(rel: string, what: string): WorkspaceFileError {
  return new WorkspaceFileError('notFile', rel, `${what}, a regular file`, 'not a regular file (a directory, device, pipe or socket)');
}

function tooLarge(rel: string, limit: ReadLimit, detail: string): WorkspaceFileError {
  return new WorkspaceFileError('tooLarge', rel, `a file of at most ${formatBytes(limit.maxBytes)}${limit.sizeAdvice ?? ''}`, detail);
}

/** An OS error as a refusal: its code only, as its message names absolute paths. */
function refusedByOs(e: NodeJS.ErrnoException, rel: string, what: string): WorkspaceFileError {
  if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return new WorkspaceFileError('missing', rel, what, 'file not found');
  if (e.code === 'ELOOP')
    return new WorkspaceFileError('outside', rel, `${what}, inside the workspace folder`, 'the path is a symbolic link that changed, or a loop of links');
  return new WorkspaceFileError('unreadable', rel, what, `the file could not be read (${e.code ?? 'error'})`);
}

/** A directory Calibrate keeps its own files in (investigations, presence, the inbox) points outside its folder. */
export class OutsideFolderError extends Error {
  constructor(readonly dir: string) {
    super(`${dir} points outside the workspace folder (a symbolic link?): Calibrate does not read or write it`);
    this.name = 'OutsideFolderError';
  }
}

/**
 * The real path of one of Calibrate's own directories in a folder (`.calibrate/investigations`,
 * `.calibrate/presence`, `.calibrate/inbox`), made first when `create`; undefined when it does not
 * exist. Throws OutsideFolderError when its real path leaves the folder: a link there to elsewhere
 * would otherwise make Calibrate read or write outside the workspace.
 */
export async function calibrateDir(root: string, dir: string, create: boolean): Promise<string | undefined> {
  const path = join(root, dir);
  if (create) await mkdir(path, { recursive: true });
  let real: string, realRoot: string;
  try {
    [real, realRoot] = await Promise.all([realpath(path), realpath(root)]);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const rel = relative(realRoot, real);
  if (rel.startsWith('..') || isAbsolute(rel)) throw new OutsideFolderError(dir);
  return real;
}
