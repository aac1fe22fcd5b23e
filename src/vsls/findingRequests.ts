// The host's side of a guest's finding requests (ADR 0028): `.calibrate/requests/<id>.json`, judged
// (findingRequestRules.ts), carried out one at a time by the host's own finding writer, and answered
// in `replies/<id>.json` (a `.tmp`, then renamed: the guest never reads half a reply). Every request
// gets a reply, a refusal included, so the guest is told why instead of waiting. A request is a
// command, not something a person wrote: once answered it is deleted, and so is a reply or an
// unfinished write nobody took within ABANDONED_MS. Node file I/O, no vscode (the watcher that calls
// drain() and the writer are the caller's), tested against the real file system.
import { lstat, mkdir, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../util/logger';
import { calibrateDir } from '../workspace/safeFiles';
import { Drainer } from '../util/drainer';
import { readSmallFile } from './smallFile';
import { isRequestId, judgeFindingRequest, MAX_REQUEST_BYTES, REPLIES_DIR, REQUESTS_DIR, type FindingReply, type FindingRequest } from './findingRequestRules';
import { ensureSelfIgnored, SELF_IGNORE_FILE } from '../workspace/selfIgnored';
import { EXCHANGE_IGNORE_TEXT } from './inboxRules';

/** A reply the guest never took (its window closed while waiting), or a request never completed: removed after this long. */
export const ABANDONED_MS = 10 * 60_000;
/** Requests carried out per drain: more wait for the next one. */
const MAX_PER_DRAIN = 20;

export interface FindingRequestDeps {
  /** The workspace folder's path on the host. */
  readonly root: string;
  readonly log: Logger;
  /** Display names of the session's read-only guests: nothing is written for them. */
  readonly readOnlyAuthors: () => readonly string[];
  /** The host's finding writer (writeFindingForGuest): what it did, or it throws why not. */
  readonly write: (request: FindingRequest) => Promise<FindingReply>;
}

export class FindingRequestProcessor {
  private readonly drainer = new Drainer<number>(
    () => this.drainOnce(),
    (a, b) => a + b,
  );

  constructor(private readonly deps: FindingRequestDeps) {}

  /** Answer every request there now. Calls during a drain run one more drain after it. Resolves to the number answered. */
  drain(): Promise<number> {
    return this.drainer.drain();
  }

  private async drainOnce(): Promise<number> {
    let dir: string | undefined;
    try {
      dir = await calibrateDir(this.deps.root, REQUESTS_DIR, false);
    } catch (e) {
      this.deps.log.warn('requests', `${(e as Error).message}: not read`);
      return 0;
    }
    if (!dir) return 0;
    await ensureSelfIgnored(dir, EXCHANGE_IGNORE_TEXT).catch(e =>
      this.deps.log.warn('requests', `could not keep ${REQUESTS_DIR} out of git: ${(e as Error).message}`),
    );
    let answered = 0;
    for (const name of await readdir(dir)) {
      const path = join(dir, name);
      if (name === SELF_IGNORE_FILE) continue;
      if (name === REPLIES_DIR) {
        await this.removeAbandoned(path);
        continue;
      }
      if (!name.endsWith('.json')) {
        // A `.tmp` is a request still being written; anything else is no request. Either is removed once old.
        const age = await ageOf(path);
        if (age !== undefined && age >= ABANDONED_MS) await unlink(path).catch(() => undefined);
        continue;
      }
      if (answered >= MAX_PER_DRAIN) {
        this.drainer.more();
        break;
      }
      const id = name.slice(0, -'.json'.length);
      const reply = await this.answer(path, id);
      if (reply === undefined) continue; // gone meanwhile (taken by a drain in another window of the host)
      await this.reply(dir, reply);
      await unlink(path).catch(e => this.deps.log.warn('requests', `answered ${name} but could not delete it: ${(e as Error).message}`));
      answered++;
    }
    return answered;
  }

  /** The reply to one request file: what was done, or why nothing was. */
  private async answer(path: string, id: string): Promise<FindingReply | undefined> {
    const read = await readRequest(path);
    if (read === undefined) return undefined;
    const replyId = isRequestId(id) ? id : 'invalid';
    if ('problem' in read) return { id: replyId, error: read.problem };
    const verdict = judgeFindingRequest(read.text, { fileId: id, bytes: read.bytes, readOnlyAuthors: this.deps.readOnlyAuthors() });
    if ('reject' in verdict) {
      this.deps.log.warn('requests', `refused ${id}: ${verdict.reject}`);
      return { id: replyId, error: verdict.reject };
    }
    const r = verdict.request;
    try {
      const reply = await this.deps.write(r);
      this.deps.log.info(
        'requests',
        `${r.by}'s ${r.kind} of ${r.log}: ${'error' in reply ? reply.error : 'diffed' in reply ? 'there already' : reply.written.join(', ')}`,
      );
      return reply;
    } catch (e) {
      this.deps.log.warn('requests', `${r.by}'s ${r.kind} of ${r.log} was not written: ${(e as Error).message}`);
      return { id: r.id, error: (e as Error).message };
    }
  }

  private async reply(dir: string, reply: FindingReply): Promise<void> {
    const replies = join(dir, REPLIES_DIR);
    await mkdir(replies, { recursive: true });
    const file = join(replies, `${reply.id}.json`);
    await writeFile(`${file}.tmp`, JSON.stringify(reply));
    await rename(`${file}.tmp`, file);
  }

  private async removeAbandoned(replies: string): Promise<void> {
    for (const name of await readdir(replies).catch(() => [] as string[])) {
      const age = await ageOf(join(replies, name));
      if (age !== undefined && age >= ABANDONED_MS) await unlink(join(replies, name)).catch(() => undefined);
    }
  }
}

/** How long ago a regular file was last written, or undefined (gone, or not a regular file). */
async function ageOf(path: string): Promise<number | undefined> {
  const st = await lstat(path).catch(() => undefined);
  return st?.isFile() ? Date.now() - st.mtimeMs : undefined;
}

/** One request file: its text (a regular file of at most MAX_REQUEST_BYTES), why it cannot be read, or undefined when it is gone. */
async function readRequest(path: string): Promise<{ text: string; bytes: number } | { problem: string } | undefined> {
  const f = await readSmallFile(path, MAX_REQUEST_BYTES);
  if ('notFile' in f) {
    // Calibrate's own folder, confined to the workspace: a link is removed, not followed.
    await rm(path, { recursive: true, force: true }).catch(() => undefined);
    return { problem: 'the request is not a regular file (a directory or a link?)' };
  }
  if ('tooLarge' in f) return { problem: `the request is ${f.tooLarge} bytes, over the ${MAX_REQUEST_BYTES} one may be` };
  if ('unreadable' in f) return f.code === 'ENOENT' ? undefined : { problem: `the request could not be read: ${f.unreadable}` };
  return f;
}
