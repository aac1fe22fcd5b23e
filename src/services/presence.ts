// One window's presence in one workspace folder: my presence file, written whole (a temp file renamed
// over it, so a reader never sees half of it), at most 10 times a second (trailing throttle), every
// 10 s as a heartbeat, and deleted on dispose; and the other windows' presence files, read when the
// watcher says one changed, checked (core/presence), stale ones dropped. Never throws at its callers:
// a file that cannot be read or written is logged, and presence is simply not shown.
//
// No vscode: the file system is a port (PresenceFiles) so a Live Share guest can use vscode.workspace.fs
// (src/vsls/), and the Node implementation is tested on the real file system. Hostile workspaces: the
// directory must resolve inside the folder, only regular files are read (fstat on the opened
// descriptor, O_NONBLOCK so a FIFO cannot block, O_NOFOLLOW), at most MAX_PRESENCE_BYTES each.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import {
  HEARTBEAT_MS,
  MAX_PRESENCE_BYTES,
  MIN_WRITE_INTERVAL_MS,
  nextWriteAt,
  parsePresence,
  PRESENCE_DIR,
  presenceFileName,
  shownPresences,
  windowOfFile,
  withPresenceIgnored,
  type Focus,
  type Presence,
} from '../core/presence';
import { calibrateDir } from '../workspace/safeFiles';

/** The presence directory of one folder, as the service needs it. Names are plain file names. */
export interface PresenceFiles {
  /** The file names in the directory now (none when it does not exist). */
  list(): Promise<string[]>;
  /** A file's text; undefined when it is gone or is not a regular file. Throws when it is too large. */
  read(name: string): Promise<string | undefined>;
  /** Replace a file whole, atomically for readers (temp file + rename). Creates the directory. */
  write(name: string, text: string): Promise<void>;
  /** Delete a file; nothing when it is gone. */
  remove(name: string): Promise<void>;
}

/** Presence files on the local disk, under `<folder>/.calibrate/presence/`. */
export class NodePresenceFiles implements PresenceFiles {
  constructor(private readonly folder: string) {}

  async list(): Promise<string[]> {
    const dir = await this.dir(false);
    if (!dir) return [];
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter(e => e.isFile()).map(e => e.name);
  }

  async read(name: string): Promise<string | undefined> {
    const dir = await this.dir(false);
    if (!dir) return undefined;
    let fh;
    try {
      fh = await open(join(dir, plain(name)), constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    } catch (e) {
      if (code(e) === 'ENOENT' || code(e) === 'ELOOP') return undefined;
      throw e;
    }
    try {
      const st = await fh.stat();
      if (!st.isFile()) return undefined;
      if (st.size > MAX_PRESENCE_BYTES) throw new Error(`${PRESENCE_DIR}/${name} is ${st.size} bytes, over the ${MAX_PRESENCE_BYTES} a presence may have`);
      const buf = Buffer.alloc(st.size);
      const { bytesRead } = await fh.read(buf, 0, st.size, 0);
      return buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await fh.close();
    }
  }

  async write(name: string, text: string): Promise<void> {
    const dir = (await this.dir(true))!;
    const temp = join(dir, `.${plain(name)}.${randomBytes(6).toString('hex')}.tmp`);
    // O_EXCL|O_NOFOLLOW: never write through a link someone left at the temp name.
    const fh = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    try {
      await fh.writeFile(text, 'utf8');
    } finally {
      await fh.close();
    }
    try {
      // rename replaces the directory entry (a link at the name is replaced, not followed).
      await rename(temp, join(dir, plain(name)));
    } catch (e) {
      await unlink(temp).catch(() => undefined);
      throw e;
    }
  }

  async remove(name: string): Promise<void> {
    const dir = await this.dir(false);
    if (dir) await unlink(join(dir, plain(name))).catch(e => (code(e) === 'ENOENT' ? undefined : Promise.reject(e)));
  }

  /** The directory's real path, if it exists inside the folder (`create`: make it). */
  private dir(create: boolean): Promise<string | undefined> {
    return calibrateDir(this.folder, PRESENCE_DIR, create);
  }
}

/**
 * Append the presence line to the folder's .gitignore unless it already ignores them (never
 * rewritten: appendFile). True when it added the line. A .gitignore that is a link is left alone.
 */
export async function ensurePresenceIgnored(folder: string): Promise<boolean> {
  const path = join(folder, '.gitignore');
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (code(e) !== 'ENOENT') throw e;
  }
  const add = withPresenceIgnored(text);
  if (!add) return false;
  // O_NOFOLLOW: a .gitignore that is a symbolic link (to a file outside) is not written through.
  const fh = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
  try {
    await fh.appendFile(add, 'utf8');
  } finally {
    await fh.close();
  }
  return true;
}

/** Timers and the clock, as a port: the unit tests drive them by hand. */
export interface PresenceClock {
  now(): number;
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(t: unknown): void;
  setInterval(f: () => void, ms: number): unknown;
  clearInterval(t: unknown): void;
}

export const realClock: PresenceClock = {
  now: () => Date.now(),
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: t => clearTimeout(t as NodeJS.Timeout),
  setInterval: (f, ms) => setInterval(f, ms),
  clearInterval: t => clearInterval(t as NodeJS.Timeout),
};

export interface PresenceServiceDeps {
  readonly files: PresenceFiles;
  /** This window's id (isWindowId): random per window. */
  readonly window: string;
  /** The name I write as (read at each write: git's user.name may arrive late). */
  readonly author: () => string;
  readonly clock?: PresenceClock;
  /** Calls back when a presence file changes, appears or disappears (its name). */
  readonly watch?: (changed: (name: string) => void) => { dispose(): void };
  /** Before my first write (the .gitignore line). A failure is logged, presence still written. */
  readonly beforeFirstWrite?: () => Promise<void>;
  readonly log?: (level: 'info' | 'warn', message: string) => void;
}

/** What I am doing, as this window knows it: written into my presence. */
export interface MyPresence {
  readonly investigation?: string;
  readonly focus: Focus;
  readonly following?: string;
}

export class PresenceService {
  private readonly clock: PresenceClock;
  private mine: MyPresence = { focus: {} };
  private readonly others = new Map<string, Presence>();
  private readonly listeners = new Set<() => void>();
  private readonly warned = new Set<string>();
  private lastWrite: number | undefined;
  private writeTimer: unknown;
  private readonly heartbeat: unknown;
  private writing: Promise<void> = Promise.resolve();
  private firstWrite: Promise<void> | undefined;
  private readonly watcher: { dispose(): void } | undefined;
  private disposed = false;
  /** What was last told to the listeners (JSON of shown()): the heartbeat re-checks staleness without a redraw when nothing changed. */
  private lastShown = '';
  private readonly reading = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  /** Writes done (the throttle's tests and the [measure] lines read it). */
  writes = 0;
  readonly file: string;
  readonly loaded: Promise<void>;

  constructor(private readonly deps: PresenceServiceDeps) {
    this.clock = deps.clock ?? realClock;
    this.file = presenceFileName(deps.author(), deps.window);
    this.watcher = deps.watch?.(name => void this.reread(name));
    // The heartbeat: my file stays fresh, and others' that went stale disappear without a file event.
    this.heartbeat = this.clock.setInterval(() => {
      this.schedule();
      this.tell();
    }, HEARTBEAT_MS);
    this.loaded = this.readAll();
    this.schedule();
  }

  /** Set what I am doing (merged into my presence); written within MIN_WRITE_INTERVAL_MS. */
  update(change: Partial<MyPresence>): void {
    if (this.disposed) return;
    // An explicit undefined clears a field (stopped following, no investigation).
    const next: Record<string, unknown> = { ...this.mine, ...change };
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
    this.mine = next as unknown as MyPresence;
    this.schedule();
  }

  get current(): MyPresence {
    return this.mine;
  }

  /** The other people's presences to show now (fresh, not mine, one per person, newest first). */
  shown(): Presence[] {
    return shownPresences([...this.others.values()], { window: this.deps.window, author: this.deps.author() }, this.clock.now());
  }

  /** Resolves when the writes and reads started so far are done (tests; a clean close). */
  async idle(): Promise<void> {
    await this.loaded;
    await this.writing;
    await Promise.all([...this.reading.values()]);
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Stop writing and delete my file (resolves when it is deleted). */
  async close(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.clock.clearTimeout(this.writeTimer);
    this.clock.clearInterval(this.heartbeat);
    this.watcher?.dispose();
    this.listeners.clear();
    await this.writing;
    await this.deps.files.remove(this.file).catch(e => this.deps.log?.('warn', `could not delete ${PRESENCE_DIR}/${this.file}: ${(e as Error).message}`));
  }

  dispose(): void {
    void this.close();
  }

  /** The trailing throttle: one write at most per interval, the latest state always written. */
  private schedule(): void {
    if (this.disposed || this.writeTimer !== undefined) return;
    const delay = nextWriteAt(this.lastWrite, this.clock.now(), MIN_WRITE_INTERVAL_MS) - this.clock.now();
    this.writeTimer = this.clock.setTimeout(() => {
      this.writeTimer = undefined;
      this.lastWrite = this.clock.now();
      this.writing = this.writing.then(() => this.write());
    }, delay);
  }

  private async write(): Promise<void> {
    if (this.disposed) return;
    try {
      await (this.firstWrite ??= (this.deps.beforeFirstWrite?.() ?? Promise.resolve()).catch(e =>
        this.deps.log?.('warn', `presence: ${(e as Error).message}`),
      ));
      if (this.disposed) return;
      const p: Presence = { v: 1, author: this.deps.author(), window: this.deps.window, at: this.clock.now(), ...this.mine };
      this.writes++;
      await this.deps.files.write(this.file, JSON.stringify(p));
    } catch (e) {
      this.warnOnce('write', `could not write ${PRESENCE_DIR}/${this.file}: ${(e as Error).message}`);
    }
  }

  private async readAll(): Promise<void> {
    let names: string[] = [];
    try {
      names = await this.deps.files.list();
    } catch (e) {
      this.warnOnce('list', `could not list ${PRESENCE_DIR}: ${(e as Error).message}`);
    }
    await Promise.all(names.map(n => this.read(n)));
    this.tell();
  }

  /** A file changed: read it again (a change during a read reads again after it). */
  private reread(name: string): Promise<void> {
    const inFlight = this.reading.get(name);
    if (inFlight) {
      this.again.add(name);
      return inFlight;
    }
    const p = (async () => {
      try {
        do {
          this.again.delete(name);
          await this.read(name);
        } while (this.again.has(name) && !this.disposed);
        this.tell();
      } finally {
        this.reading.delete(name);
      }
    })();
    this.reading.set(name, p);
    return p;
  }

  /** Read one file into `others`: not a presence file's name, mine, gone, invalid → not there. */
  private async read(name: string): Promise<void> {
    const window = windowOfFile(name);
    if (!window || window === this.deps.window || this.disposed) return;
    try {
      const text = await this.deps.files.read(name);
      if (text === undefined) {
        this.others.delete(name);
        return;
      }
      const r = parsePresence(text);
      if ('problem' in r) {
        this.others.delete(name);
        return this.warnOnce(`${name}:${r.problem}`, `ignored ${PRESENCE_DIR}/${name}: ${r.problem}`);
      }
      if (r.ok.window !== window) {
        this.others.delete(name);
        return this.warnOnce(`${name}:window`, `ignored ${PRESENCE_DIR}/${name}: its window is not the one its name says`);
      }
      this.others.set(name, r.ok);
    } catch (e) {
      this.others.delete(name);
      this.warnOnce(`${name}:read`, `could not read ${PRESENCE_DIR}/${name}: ${(e as Error).message}`);
    }
  }

  /** Tell the listeners when what is shown changed (a new focus, someone came or went stale). */
  private tell(): void {
    if (this.disposed) return;
    const shown = JSON.stringify(this.shown().map(p => ({ ...p, at: 0 })));
    if (shown === this.lastShown) return;
    this.lastShown = shown;
    for (const l of [...this.listeners]) l();
  }

  /** A problem is logged once per file and problem, not at every rewrite (10 a second). */
  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key) || this.warned.size > 1_000) return;
    this.warned.add(key);
    this.deps.log?.('warn', message);
  }
}

/** A file name as given, refused if it is anything but a plain name. */
function plain(name: string): string {
  if (!/^[\w.-]{1,200}$/.test(name) || name === '.' || name === '..') throw new Error(`"${name.slice(0, 80)}" is not a presence file name`);
  return name;
}

const code = (e: unknown) => (typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined);
