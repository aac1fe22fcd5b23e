// A Live Share guest's finding, written by the host (ADR 0028). The post-mortem and the ADR are
// planned from the host's files (the team's ADR folder and numbering, what exists already) and
// staged in the host's repository, which a guest's window can neither read as local files nor run
// git in. So a guest asks: `.calibrate/requests/<id>.json` (written as `.tmp`, then renamed), and
// the host's Calibrate writes the finding as its own command would, then answers in
// `.calibrate/requests/replies/<id>.json`. Both sides judge what they read here, like any other
// input. Pure: no vscode, no I/O.
import { FINDING_KINDS, isInsidePath, type FindingKind } from '../core/investigation/events';
import { isInboxLogName } from './inboxRules';

export const REQUESTS_DIR = '.calibrate/requests';
/** Under REQUESTS_DIR: the host's answers, one per request, read and deleted by the guest. */
export const REPLIES_DIR = 'replies';
/** A request names a log, a kind and a person: a few hundred bytes. Anything larger is not one. */
export const MAX_REQUEST_BYTES = 4 * 1024;
/** A reply may carry the regenerated text of a finding that was there already (the guest's diff). */
export const MAX_REPLY_BYTES = 4 * 1024 * 1024;
/** Ids as events have them: random, and safe as a file name. */
const ID_RE = /^[\w-]{6,64}$/;

export interface FindingRequest {
  readonly id: string;
  /** The investigation's log name. */
  readonly log: string;
  readonly kind: FindingKind;
  /** The guest's display name, as Live Share gives it (self-declared, as an event's author is: ADR 0016). */
  readonly by: string;
  /** An ADR: the number of the one it supersedes. */
  readonly supersedes?: number;
}

/** What the host did: the files written (folder-relative, with /), or the one there already with the text regenerated now, or why nothing was done. */
export type FindingReply =
  | { readonly id: string; readonly written: readonly string[]; readonly staged: boolean; readonly why?: string; readonly superseded?: string }
  | { readonly id: string; readonly diffed: string; readonly text: string }
  | { readonly id: string; readonly error: string };

export const isRequestId = (id: unknown): id is string => typeof id === 'string' && ID_RE.test(id);

/** The host's judgement of one request file: the request, or why it is refused (said back to the guest in the reply). */
export function judgeFindingRequest(
  text: string,
  c: { readonly fileId: string; readonly bytes: number; readonly readOnlyAuthors: readonly string[] },
): { readonly request: FindingRequest } | { readonly reject: string } {
  if (c.bytes > MAX_REQUEST_BYTES) return { reject: `the request is ${c.bytes} bytes, over the ${MAX_REQUEST_BYTES} one may be` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { reject: `the request is not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { reject: 'the request is not a JSON object' };
  const r = json as Record<string, unknown>;
  const extra = Object.keys(r).filter(k => !['id', 'log', 'kind', 'by', 'supersedes'].includes(k));
  if (extra.length) return { reject: `the request has fields a request does not: ${extra.slice(0, 5).join(', ')}` };
  if (!isRequestId(r.id)) return { reject: 'the request needs an id (6-64 letters, digits, _ or -)' };
  if (r.id !== c.fileId) return { reject: `the file is named "${c.fileId.slice(0, 100)}" but holds the request "${r.id}"` };
  if (typeof r.log !== 'string' || !isInboxLogName(r.log)) return { reject: 'the request needs the log name of an investigation' };
  if (!FINDING_KINDS.includes(r.kind as FindingKind)) return { reject: `the request's kind must be ${FINDING_KINDS.join(' or ')}` };
  if (typeof r.by !== 'string' || !r.by.trim() || r.by.length > 200) return { reject: 'the request needs who asks (a name of at most 200 characters)' };
  if (r.supersedes !== undefined && (r.kind !== 'adr' || !Number.isSafeInteger(r.supersedes) || (r.supersedes as number) < 0))
    return { reject: '"supersedes" is the number of an ADR, and only a decision record supersedes one' };
  if (c.readOnlyAuthors.includes(r.by)) return { reject: `${r.by} joined the session read-only: nothing is written for them` };
  return {
    request: {
      id: r.id,
      log: r.log,
      kind: r.kind as FindingKind,
      by: r.by.trim(),
      ...(r.supersedes !== undefined ? { supersedes: r.supersedes as number } : {}),
    },
  };
}

/** The guest's judgement of the host's reply to its request `id`: the reply, or why it cannot be used. */
export function parseFindingReply(text: string, id: string): { readonly reply: FindingReply } | { readonly invalid: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { invalid: `the host's reply is not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { invalid: "the host's reply is not a JSON object" };
  const r = json as Record<string, unknown>;
  if (r.id !== id) return { invalid: `the host's reply answers another request (${String(r.id).slice(0, 80)})` };
  if (typeof r.error === 'string') return { reply: { id, error: r.error.slice(0, 2000) } };
  if (typeof r.diffed === 'string') {
    if (!isInsidePath(r.diffed)) return { invalid: "the host's reply names a file outside the folder" };
    if (typeof r.text !== 'string') return { invalid: "the host's reply has no regenerated text to compare" };
    return { reply: { id, diffed: r.diffed, text: r.text } };
  }
  if (!Array.isArray(r.written) || !r.written.length || r.written.length > 1000 || !r.written.every(p => typeof p === 'string' && isInsidePath(p)))
    return { invalid: "the host's reply names no written file, or one outside the folder" };
  if (typeof r.staged !== 'boolean') return { invalid: "the host's reply does not say whether it staged the files" };
  if (r.why !== undefined && typeof r.why !== 'string') return { invalid: "the host's reply gives a reason that is not text" };
  if (r.superseded !== undefined && (typeof r.superseded !== 'string' || !isInsidePath(r.superseded)))
    return { invalid: "the host's reply names a superseded ADR outside the folder" };
  return {
    reply: {
      id,
      written: r.written as string[],
      staged: r.staged,
      ...(typeof r.why === 'string' ? { why: r.why.slice(0, 2000) } : {}),
      ...(typeof r.superseded === 'string' ? { superseded: r.superseded } : {}),
    },
  };
}
