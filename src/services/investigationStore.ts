// The investigation logs of one folder on disk: .calibrate/investigations/<name>.jsonl. Node file
// I/O, no vscode (the watcher is passed in), so it is tested against the real file system.
//
// Appends are atomic at the line level (ADR 0015): the file is opened with O_APPEND and each event
// is one write() of `line + "\n"`. On a local file system the kernel positions each O_APPEND write
// at the end and does not interleave two writes to one file, so two windows (two processes) that
// append at once both land, one after the other. A reader that meets a half-written last line skips
// it (core/investigation/log.ts) and reads it whole on the next change.
//
// Hostile workspaces: the folder, the directory and the files are checked like every other
// workspace file (safeFiles.ts): the directory's real path stays inside the folder, only regular
// files are read (fstat on the opened descriptor, O_NONBLOCK so a FIFO cannot block), and a log is
// read up to MAX_LOG_BYTES.
import { constants } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogStore } from './investigationService';
import { calibrateDir } from '../workspace/safeFiles';
import { INVESTIGATIONS_DIR } from '../core/investigation/log';

export { INVESTIGATIONS_DIR };
/** 10,000 events with a pinned week each are about 30 MB; a log past this is refused with a message, not read. */
export const MAX_LOG_BYTES = 64 * 1024 * 1024;
const NAME_RE = /^[A-Za-z0-9][\w.-]{0,199}$/;

export class LogTooLarge extends Error {
  constructor(
    readonly name_: string,
    size: number,
  ) {
    super(
      `${INVESTIGATIONS_DIR}/${name_}.jsonl is ${(size / 1024 / 1024).toFixed(0)} MB, over the ${MAX_LOG_BYTES / 1024 / 1024} MB Calibrate reads: it is not shown. Split or archive it.`,
    );
    this.name = 'LogTooLarge';
  }
}

export class FileLogStore implements LogStore {
  constructor(
    private readonly folder: string,
    private readonly watchLogs: (changed: (name: string) => void) => { dispose(): void },
  ) {}

  /** The log's path, checked: a name is a plain file name, never a path. */
  path(name: string): string {
    if (!NAME_RE.test(name) || name.includes('..')) throw new Error(`"${name}" is not an investigation name (letters, digits, ".", "_" and "-")`);
    return join(this.folder, INVESTIGATIONS_DIR, `${name}.jsonl`);
  }

  async list(): Promise<string[]> {
    const dir = await this.dir(false);
    if (!dir) return [];
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter(e => e.isFile() && e.name.endsWith('.jsonl') && NAME_RE.test(e.name.slice(0, -6))).map(e => e.name.slice(0, -6));
  }

  async read(name: string): Promise<string | undefined> {
    if (!(await this.dir(false))) return undefined;
    let fh;
    try {
      fh = await open(this.path(name), constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    } catch (e) {
      if (code(e) === 'ENOENT') return undefined;
      throw e;
    }
    try {
      const st = await fh.stat();
      if (!st.isFile()) return undefined;
      if (st.size > MAX_LOG_BYTES) throw new LogTooLarge(name, st.size);
      const buf = Buffer.alloc(st.size);
      let n = 0;
      while (n < st.size) {
        const { bytesRead } = await fh.read(buf, n, st.size - n, n);
        if (bytesRead === 0) break;
        n += bytesRead;
      }
      return buf.subarray(0, n).toString('utf8');
    } finally {
      await fh.close();
    }
  }

  async append(name: string, line: string, opts: { readonly create?: boolean } = {}): Promise<void> {
    if (!line.endsWith('\n') || line.indexOf('\n') !== line.length - 1) throw new Error('an append is exactly one line ending in a newline');
    await this.dir(true);
    const path = this.path(name);
    // O_EXCL on create: two windows starting the same investigation name cannot both own it.
    const flags = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | (opts.create ? constants.O_EXCL : 0);
    const fh = await open(path, flags, 0o644);
    try {
      const st = await fh.stat();
      if (!st.isFile()) throw new Error(`${INVESTIGATIONS_DIR}/${name}.jsonl is not a regular file`);
      // A file that does not end in a newline (an append cut short by a crash, a hand edit) gets
      // one first, in the same write, so our event never joins the broken line.
      const text = st.size > 0 && !(await endsWithNewline(path, st.size)) ? '\n' + line : line;
      const bytes = Buffer.from(text, 'utf8');
      const { bytesWritten } = await fh.write(bytes, 0, bytes.length);
      if (bytesWritten !== bytes.length)
        throw new Error(`only ${bytesWritten} of ${bytes.length} bytes of the event were written to ${name}.jsonl (disk full?)`);
      await fh.datasync();
    } finally {
      await fh.close();
    }
  }

  watch(changed: (name: string) => void): { dispose(): void } {
    return this.watchLogs(changed);
  }

  /** The directory's real path, if it exists inside the folder (`create`: make it). */
  private dir(create: boolean): Promise<string | undefined> {
    return calibrateDir(this.folder, INVESTIGATIONS_DIR, create);
  }
}

async function endsWithNewline(path: string, size: number): Promise<boolean> {
  const fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const b = Buffer.alloc(1);
    await fh.read(b, 0, 1, size - 1);
    return b[0] === 0x0a;
  } finally {
    await fh.close();
  }
}

const code = (e: unknown) => (typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined);
