// The fingerprint of a report's inputs: equal fingerprints mean the load pipeline (loadReport, then
// analyzeReport) would build the same report from them, up to the clock (reportCache.ts handles the
// clock). The report service compares fingerprints to decide whether a tab switch, a webview `ready`
// or a file event needs a new analysis. No vscode import, so it is unit-tested in plain Node.
//
// What goes in, and why each is enough:
// - the settings the pipeline reads (config path, CSV size cap) and the workspace trust (git runs
//   only when trusted);
// - the report config's text;
// - the CSV named by the config, events.yaml, and each .ics calendar the events adapter would read
//   (same folders, same order, same 50-calendar cap): SHA-256 of the file's bytes. A file's digest is
//   remembered by its stat (device, inode, size, mtime and ctime in ns) and reused while the stat is
//   unchanged, so a tab switch does not re-read a 6 MB CSV; a file modified within RACY_MS of being
//   read is never remembered ("racy git": a same-size write in the same timestamp tick would not
//   show in its stat). Refused files (missing, outside, too large) go in as their refusal, so a fix
//   or a break is a change;
// - a remote source (Prometheus, ADR 0022) has no file: the config's text names its server and
//   queries, and the report's clock-bound validity (reportCache.ts) ends with the hour, when the
//   service reloads it by itself (asking only for the new hours). What the server holds for the
//   hours already fetched is not fingerprinted: Refresh reloads whatever the cache holds, and new
//   credentials reload the reports that read a remote source;
// - in a trusted workspace, the git refs the deploy reader depends on: every tag and branch tip
//   (`git for-each-ref`, one process). Tag dates and subjects live in the tagged objects, and merges
//   on the main branch are reachable from its tip, so equal refs mean equal deploys.
// Reads go through safeFiles with the pipeline's own caps: the same paths are refused the same way.
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { parseReportConfig } from '../core/config/reportConfig';
import { MAX_CALENDARS } from '../context/workspaceEvents';
import { CONFIG_WHAT, CSV_WHAT } from '../workspace/reportFiles';
import { MAX_ICS_BYTES, MAX_YAML_BYTES, readWorkspaceText, resolveInWorkspace, streamWorkspaceBytes, WorkspaceFileError } from '../workspace/safeFiles';

/** Bump when the pipeline starts reading another input: old fingerprints then never match. */
export const FINGERPRINT_VERSION = 2; // 2: files are hashed as bytes, not as decoded text
/** A file modified this recently before it was hashed is hashed again next time (coarse file-system clocks). */
export const RACY_MS = 2000;

/** What the pipeline reads besides the files: the resolved settings and the workspace trust. */
export interface ReportInputs {
  /** The workspace folder's path. */
  readonly root: string;
  readonly configPath: string;
  readonly maxCsvBytes: number;
  /** Git runs (and counts) only in a trusted workspace. */
  readonly trusted: boolean;
}

export interface Fingerprint {
  /** SHA-256 over every part, hex. */
  readonly digest: string;
  /** Each input's own digest or refusal, by name: which inputs changed, for the log. */
  readonly parts: Readonly<Record<string, string>>;
}

export interface FingerprintDeps {
  readonly files: FileHasher;
  /** The git refs' digest (gitState.ts); called only when trusted. */
  readonly gitRefs: (cwd: string, signal?: AbortSignal) => Promise<string>;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A refusal as a fingerprint part (never the file's content); a cancellation passes through. */
function refusal(e: unknown): string {
  if (e instanceof WorkspaceFileError) return `!${e.refusal}`;
  throw e;
}

export async function fingerprintInputs(inputs: ReportInputs, deps: FingerprintDeps, signal?: AbortSignal): Promise<Fingerprint> {
  const { root } = inputs;
  const cancel = signal ? { signal } : {};
  const parts: Record<string, string> = Object.create(null);
  parts.version = String(FINGERPRINT_VERSION);
  parts.settings = JSON.stringify([inputs.configPath, inputs.maxCsvBytes, inputs.trusted]);
  const config = async (): Promise<void> => {
    let text: string;
    try {
      text = await readWorkspaceText(root, inputs.configPath, { what: CONFIG_WHAT, maxBytes: MAX_YAML_BYTES, ...cancel });
    } catch (e) {
      parts.config = refusal(e);
      return;
    }
    parts.config = sha256(text);
    const csvPath = sourcePathOf(text, parts.config, inputs.configPath);
    if (csvPath === undefined) return; // a remote source, or the load stops at the config's error: the config's text is the input
    parts.csv = `${csvPath}:${await deps.files.digest(root, csvPath, { what: CSV_WHAT, maxBytes: inputs.maxCsvBytes, ...cancel })}`;
  };
  const events = async (): Promise<void> => {
    parts.events = await deps.files.digest(root, '.calibrate/events.yaml', { what: "the team's events file", maxBytes: MAX_YAML_BYTES, ...cancel });
  };
  const calendars = async (): Promise<void> => {
    const files = [...(await icsFiles(root, '.calibrate', parts)), ...(await icsFiles(root, '.calibrate/calendars', parts))];
    const kept = files.slice(0, MAX_CALENDARS);
    const digests = await Promise.all(kept.map(rel => deps.files.digest(root, rel, { what: 'an iCalendar (.ics) file', maxBytes: MAX_ICS_BYTES, ...cancel })));
    // The skipped ones are named in a warning: their names count, not their content.
    parts.calendars = sha256(JSON.stringify([kept.map((rel, i) => [rel, digests[i]]), files.slice(MAX_CALENDARS)]));
  };
  const git = async (): Promise<void> => {
    parts.git = inputs.trusted ? await deps.gitRefs(root, signal) : '!untrusted';
  };
  await Promise.all([config(), events(), calendars(), git()]);
  signal?.throwIfAborted();
  const ordered = Object.keys(parts)
    .sort()
    .map(k => [k, parts[k]]);
  return { digest: sha256(JSON.stringify(ordered)), parts: Object.fromEntries(ordered) as Record<string, string> };
}

/** A few config texts' answers: the current config, and the ones an undo would go back to. */
const MAX_SOURCE_PATHS = 16;
const sourcePaths = new Map<string, string | undefined>();

/**
 * The CSV path a config's text names, or undefined when it names a remote source or does not parse, remembered by the
 * text's digest (and the config's path, which only names the file in errors). Every request
 * fingerprints, on the extension host's thread, and parsing the YAML only for source.path cost
 * 3-10 ms and about 1 MB of garbage each time (30 ms on the session's first, cold parse), for a
 * text that is nearly always the one parsed last time. The parse is a function of the text alone,
 * so the remembered answer is the one a new parse would give.
 */
function sourcePathOf(text: string, digest: string, configPath: string): string | undefined {
  const key = `${configPath}\0${digest}`;
  if (sourcePaths.has(key)) {
    const known = sourcePaths.get(key);
    sourcePaths.delete(key); // most recently used last
    sourcePaths.set(key, known);
    return known;
  }
  let csvPath: string | undefined;
  try {
    const source = parseReportConfig(text, configPath, { prometheus: true }).source;
    csvPath = source.type === 'csv' ? source.path : undefined;
  } catch {
    csvPath = undefined;
  }
  sourcePaths.set(key, csvPath);
  while (sourcePaths.size > MAX_SOURCE_PATHS) sourcePaths.delete(sourcePaths.keys().next().value!);
  return csvPath;
}

/** The names of the parts that differ between two fingerprints (for the log: "config changed"). */
export function changedParts(a: Fingerprint | undefined, b: Fingerprint): string[] {
  if (!a) return Object.keys(b.parts);
  const keys = new Set([...Object.keys(a.parts), ...Object.keys(b.parts)]);
  return [...keys].filter(k => a.parts[k] !== b.parts[k]).sort();
}

/** The .ics files of a folder, as src/context/workspaceEvents.ts lists them (a refused folder is a part of its own). */
async function icsFiles(root: string, relDir: string, parts: Record<string, string>): Promise<string[]> {
  try {
    const dir = await resolveInWorkspace(root, relDir, 'a folder of calendars');
    return (await readdir(dir))
      .filter(f => f.toLowerCase().endsWith('.ics'))
      .sort()
      .map(f => `${relDir}/${f}`);
  } catch (e) {
    if (e instanceof WorkspaceFileError) {
      if (e.refusal !== 'missing') parts[`dir:${relDir}`] = `!${e.refusal}`;
      return [];
    }
    parts[`dir:${relDir}`] = '!unreadable'; // not a directory, unreadable: the events adapter finds none either
    return [];
  }
}

export interface DigestOptions {
  readonly what: string;
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
}

/**
 * SHA-256 of workspace files, read through safeFiles, remembered by stat so an unchanged file is
 * not read again. One per service; the memory is bounded by MAX_REMEMBERED files.
 */
export class FileHasher {
  static readonly MAX_REMEMBERED = 256;
  private readonly memo = new Map<string, { readonly key: string; readonly digest: string }>();
  /** Files read and hashed, and digests reused from their stat: for tests and the log. */
  readonly stats = { hashed: 0, reused: 0 };

  constructor(
    private readonly clock: () => number = Date.now,
    private readonly racyMs = RACY_MS,
  ) {}

  /** The content's digest, or the refusal ("!missing", "!outside", "!tooLarge", …) the pipeline would meet. */
  async digest(root: string, rel: string, opts: DigestOptions): Promise<string> {
    let real: string;
    try {
      real = await resolveInWorkspace(root, rel, opts.what);
    } catch (e) {
      return refusal(e);
    }
    const st = await stat(real, { bigint: true }).catch(() => undefined);
    if (!st) return '!missing';
    if (!st.isFile()) return '!notFile';
    if (st.size > BigInt(opts.maxBytes)) return `!tooLarge:${st.size}`;
    const key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
    const known = this.memo.get(real);
    if (known?.key === key) {
      this.stats.reused++;
      return known.digest;
    }
    const readAt = this.clock();
    const hash = createHash('sha256');
    try {
      // The file's bytes, not its decoded text: this runs on the extension host's thread, and the
      // 6 MB demo CSV hashes in 4 ms as bytes where decoding it and the hash re-encoding the text
      // took 10-13 ms (Node 24, this machine; ten times that for the tenfold demo). Equal bytes are
      // equal text, so a match is still the same report; text that differs only in invalid UTF-8
      // is at worst analysed again.
      await streamWorkspaceBytes(root, rel, { what: opts.what, maxBytes: opts.maxBytes, ...(opts.signal ? { signal: opts.signal } : {}) }, bytes =>
        hash.update(bytes),
      );
    } catch (e) {
      this.memo.delete(real);
      return refusal(e);
    }
    this.stats.hashed++;
    const digest = hash.digest('hex');
    this.memo.delete(real);
    if (readAt - Number(st.mtimeNs / 1_000_000n) > this.racyMs) {
      if (this.memo.size >= FileHasher.MAX_REMEMBERED) this.memo.delete(this.memo.keys().next().value!);
      this.memo.set(real, { key, digest });
    }
    return digest;
  }
}
