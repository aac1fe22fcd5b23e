// The host's side of a Live Share guest's appends (ADR 0016): `.calibrate/inbox/<log>/<id>.json`,
// one event per file, written by a guest through the shared workspace. The host's Calibrate reads
// each file (regular files only, at most 1 MiB), judges it (inboxRules.ts), appends it to the log
// through its own log store (O_APPEND, its clock), and deletes it; a refused file, and a `.tmp`
// write abandoned mid-way, is moved to `.calibrate/inbox/rejected/` beside a `<id>.why.txt`. Node file I/O, no vscode (the watcher that
// calls drain() is the caller's), so it is tested against the real file system.
import { mkdir, readdir, rename, rmdir, unlink, writeFile, lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { eventLine, parseLog } from '../core/investigation';
import type { LogStore } from '../services/investigationService';
import type { Logger } from '../util/logger';
import { EXCHANGE_IGNORE_TEXT, INBOX_DIR, isInboxLogName, judgeInboxFile, MAX_INBOX_BYTES, REJECTED_DIR } from './inboxRules';
import { calibrateDir } from '../workspace/safeFiles';
import { Drainer } from '../util/drainer';
import { readSmallFile } from './smallFile';
import { ensureSelfIgnored, SELF_IGNORE_FILE } from '../workspace/selfIgnored';

export interface InboxDeps {
  /** The workspace folder's path on the host. */
  readonly root: string;
  /** The host's own log store (investigationStore.ts): appends land as any local append. */
  readonly store: LogStore;
  readonly log: Logger;
  /** Display names of the session's read-only guests (Live Share peers with Access.ReadOnly). */
  readonly readOnlyAuthors: () => readonly string[];
  /** A new log was created from a guest's start (the .gitattributes union merge). */
  readonly onCreated?: (name: string) => Promise<void>;
}

/** Files taken per drain: a flood waits for the next one rather than blocking the host. */
const MAX_FILES_PER_DRAIN = 1000;
/**
 * A `.tmp` not renamed after this long was abandoned (the guest's window closed mid-write): one event
 * of at most 1 MiB is written in seconds, even over Live Share. It is moved aside, never deleted.
 */
export const ABANDONED_TMP_MS = 10 * 60_000;

export interface DrainResult {
  readonly appended: number;
  readonly rejected: number;
}

export class InboxProcessor {
  private readonly drainer = new Drainer<DrainResult>(
    () => this.drainOnce(),
    (a, b) => ({ appended: a.appended + b.appended, rejected: a.rejected + b.rejected }),
  );

  constructor(private readonly deps: InboxDeps) {}

  /** Take every file in the inbox now. Calls during a drain run one more drain after it. */
  drain(): Promise<DrainResult> {
    return this.drainer.drain();
  }

  private async drainOnce(): Promise<DrainResult> {
    const inbox = await this.inboxDir();
    if (!inbox) return { appended: 0, rejected: 0 };
    await ensureSelfIgnored(inbox, EXCHANGE_IGNORE_TEXT).catch(e =>
      this.deps.log.warn('inbox', `could not keep ${INBOX_DIR} out of git: ${(e as Error).message}`),
    );
    let appended = 0;
    let rejected = 0;
    let budget = MAX_FILES_PER_DRAIN;
    for (const d of await readdir(inbox, { withFileTypes: true })) {
      if (d.name === REJECTED_DIR || d.name === SELF_IGNORE_FILE || budget <= 0) continue;
      const path = join(inbox, d.name);
      if (!d.isDirectory() || !isInboxLogName(d.name)) {
        await this.reject(inbox, path, d.name, `"${d.name}" is not a log's inbox: a guest files each event under .calibrate/inbox/<log name>/`);
        rejected++;
        continue;
      }
      // A guest writes `<id>.json.tmp` and renames it: a .tmp is still being written, taken next time,
      // unless it was abandoned.
      const names = await readdir(path);
      for (const f of names.filter(n => n.endsWith('.tmp'))) {
        const age = await this.ageOf(join(path, f));
        if (age === undefined || age < ABANDONED_TMP_MS) continue;
        await this.reject(
          inbox,
          join(path, f),
          f,
          `an unfinished write, not completed for ${Math.round(age / 60_000)} minutes (the guest's window probably closed while writing it); if the event matters, add it again`,
        );
        rejected++;
      }
      const files = names.filter(f => !f.endsWith('.tmp')).slice(0, budget);
      budget -= files.length;
      // Read them all first: an `opened` goes before the events that follow it, then by clock.
      const read = await Promise.all(files.map(async f => ({ file: f, ...(await readInboxFile(join(path, f))) })));
      const order = (x: (typeof read)[number]) => (x.text !== undefined && /"type"\s*:\s*"opened"/.test(x.text) ? 0 : 1);
      read.sort((a, b) => order(a) - order(b) || a.clock - b.clock || (a.file < b.file ? -1 : 1));
      for (const f of read) {
        const filePath = join(path, f.file);
        const why = await this.take(d.name, f.file, filePath, f);
        if (why === undefined) appended++;
        else {
          await this.reject(inbox, filePath, f.file, why);
          rejected++;
        }
      }
      await rmdir(path).catch(() => undefined); // empty now, unless a guest wrote more meanwhile
    }
    if (appended || rejected)
      this.deps.log.info('inbox', `from guests: ${appended} event(s) appended, ${rejected} refused (see ${INBOX_DIR}/${REJECTED_DIR}/)`);
    return { appended, rejected };
  }

  /** How long ago the file was last written, or undefined if it is gone or not a regular file. */
  private async ageOf(path: string): Promise<number | undefined> {
    const st = await lstat(path).catch(() => undefined);
    return st?.isFile() ? Date.now() - st.mtimeMs : undefined;
  }

  /** Append one file's event, then delete the file: undefined, or why it was refused. */
  private async take(name: string, file: string, path: string, f: { text?: string; bytes: number; problem?: string }): Promise<string | undefined> {
    if (f.problem !== undefined || f.text === undefined) return f.problem ?? 'unreadable';
    if (!file.endsWith('.json')) return 'an inbox file is named <event id>.json';
    let logText: string | undefined;
    try {
      logText = await this.deps.store.read(name);
    } catch (e) {
      return `the log could not be read: ${e instanceof Error ? e.message : String(e)}`;
    }
    const verdict = judgeInboxFile(f.text, {
      logName: name,
      fileId: file.slice(0, -'.json'.length),
      bytes: f.bytes,
      logExists: logText !== undefined,
      maxClock: logText === undefined ? 0 : parseLog(logText).maxClock,
      readOnlyAuthors: this.deps.readOnlyAuthors(),
    });
    if ('reject' in verdict) return verdict.reject;
    try {
      await this.deps.store.append(name, eventLine(verdict.append), verdict.create ? { create: true } : {});
    } catch (e) {
      return `not appended: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (verdict.create) await this.deps.onCreated?.(name).catch(() => undefined);
    await unlink(path).catch(e => this.deps.log.warn('inbox', `appended ${name}/${file} but could not delete it: ${(e as Error).message}`));
    return undefined;
  }

  /** Move a refused file (or directory) aside with its reason; if even that fails, log it. */
  private async reject(inbox: string, path: string, file: string, why: string): Promise<void> {
    const dir = join(inbox, REJECTED_DIR);
    const base =
      file
        .replace(/\.json$/, '')
        .replace(/[^\w.-]/g, '_')
        .slice(0, 100) || 'unnamed';
    const stem = `${base}-${Date.now().toString(36)}`;
    try {
      await mkdir(dir, { recursive: true });
      await rename(path, join(dir, `${stem}.json`));
      await writeFile(join(dir, `${stem}.why.txt`), `${why}\n`, { flag: 'wx' });
      this.deps.log.warn('inbox', `refused ${file}: ${why}`);
    } catch (e) {
      this.deps.log.error('inbox', `refused ${file} (${why}) but could not move it aside`, e);
    }
  }

  /** The inbox's real path, when it exists inside the folder (a symbolic link out of it is refused). */
  private async inboxDir(): Promise<string | undefined> {
    try {
      return await calibrateDir(this.deps.root, INBOX_DIR, false);
    } catch (e) {
      this.deps.log.warn('inbox', `${(e as Error).message}: not read`);
      return undefined;
    }
  }
}

/** One inbox file: its text (regular files only, at most MAX_INBOX_BYTES), or why it cannot be read. */
async function readInboxFile(path: string): Promise<{ text?: string; bytes: number; clock: number; problem?: string }> {
  const f = await readSmallFile(path, MAX_INBOX_BYTES);
  if ('notFile' in f) return { bytes: 0, clock: 0, problem: 'not a regular file (a directory or a link?)' };
  if ('tooLarge' in f) return { bytes: f.tooLarge, clock: 0, problem: `the file is ${f.tooLarge} bytes, over the ${MAX_INBOX_BYTES} an event may be` };
  if ('unreadable' in f) return { bytes: 0, clock: 0, problem: `unreadable: ${f.unreadable}` };
  return { text: f.text, bytes: f.bytes, clock: Number(/"clock"\s*:\s*(\d{1,15})/.exec(f.text)?.[1] ?? 0) };
}
