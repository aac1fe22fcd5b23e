// A Live Share guest's investigation logs (ADR 0016): read through `vscode.workspace.fs` (the host's
// files, over the `vsls:` scheme), never written. Each append becomes a new file in the host's inbox,
// `.calibrate/inbox/<log name>/<event id>.json` (written as `.tmp`, then renamed, never over an
// existing file), which the host's Calibrate validates and appends (inbox.ts). Until the host has
// taken it, the guest's own event is shown from memory ("pending"), so its view and its next
// append's clock see it at once; it leaves memory when the host's log holds it, or when the inbox
// file is gone without it (the host refused it: `.calibrate/inbox/rejected/` says why).
import * as vscode from 'vscode';
import { AppendRefused, type LogStore } from '../services/investigationService';
import { INVESTIGATIONS_DIR, MAX_LOG_BYTES } from '../services/investigationStore';
import { INBOX_DIR, isInboxLogName } from './inboxRules';
import { moveIntoPlace } from './sharedFiles';

interface Pending {
  readonly id: string;
  readonly line: string;
  readonly uri: vscode.Uri;
}

export class SharedLogStore implements LogStore {
  private readonly pending = new Map<string, Pending[]>();

  constructor(
    private readonly folder: vscode.Uri,
    /** A read-only guest writes nothing: refused here too, not only in the view. */
    private readonly readOnly: () => boolean,
    private readonly watchLogs: (changed: (name: string) => void) => { dispose(): void },
  ) {}

  async list(): Promise<string[]> {
    let entries: [string, vscode.FileType][] = [];
    try {
      entries = await vscode.workspace.fs.readDirectory(this.uri(INVESTIGATIONS_DIR));
    } catch (e) {
      if (!notFound(e)) throw e;
    }
    const names = entries.filter(([n, t]) => t === vscode.FileType.File && n.endsWith('.jsonl') && isInboxLogName(n.slice(0, -6))).map(([n]) => n.slice(0, -6));
    return [...new Set([...names, ...[...this.pending].filter(([, p]) => p.length).map(([n]) => n)])];
  }

  async read(name: string): Promise<string | undefined> {
    const text = await this.readHost(name);
    const pending = await this.stillPending(name, text);
    if (!pending.length) return text;
    const base = text ?? '';
    return base + (base && !base.endsWith('\n') ? '\n' : '') + pending.map(p => p.line).join('');
  }

  async append(name: string, line: string, opts: { readonly create?: boolean } = {}): Promise<void> {
    if (this.readOnly()) throw new AppendRefused('You joined this Live Share session read-only: nothing is written. Ask the host for read-write access.');
    if (!isInboxLogName(name)) throw new Error(`"${name}" is not an investigation name`);
    if (!line.endsWith('\n') || line.indexOf('\n') !== line.length - 1) throw new Error('an append is exactly one line ending in a newline');
    const id = (JSON.parse(line) as { id?: unknown }).id;
    if (typeof id !== 'string' || !/^[\w-]{6,64}$/.test(id)) throw new Error('an event to append needs its id');
    if (opts.create && ((await this.readHost(name)) !== undefined || this.pending.get(name)?.length)) {
      throw Object.assign(new Error(`the investigation "${name}" exists already`), { code: 'EEXIST' });
    }
    const dir = this.uri(`${INBOX_DIR}/${name}`);
    const uri = vscode.Uri.joinPath(dir, `${id}.json`);
    const tmp = vscode.Uri.joinPath(dir, `${id}.json.tmp`);
    await vscode.workspace.fs.createDirectory(dir);
    await vscode.workspace.fs.writeFile(tmp, new TextEncoder().encode(line.slice(0, -1)));
    // Never over an existing file: ids are random, and a clash is refused rather than overwritten.
    await moveIntoPlace(tmp, uri);
    this.pending.set(name, [...(this.pending.get(name) ?? []), { id, line, uri }]);
  }

  watch(changed: (name: string) => void): { dispose(): void } {
    return this.watchLogs(changed);
  }

  /** The host's log as it is now, or undefined when it does not exist. */
  private async readHost(name: string): Promise<string | undefined> {
    if (!isInboxLogName(name)) throw new Error(`"${name}" is not an investigation name`);
    const uri = this.uri(`${INVESTIGATIONS_DIR}/${name}.jsonl`);
    try {
      const st = await vscode.workspace.fs.stat(uri);
      if (st.type !== vscode.FileType.File) return undefined;
      if (st.size > MAX_LOG_BYTES)
        throw new Error(`${INVESTIGATIONS_DIR}/${name}.jsonl is over the ${MAX_LOG_BYTES / 1024 / 1024} MB Calibrate reads: it is not shown`);
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch (e) {
      if (notFound(e)) return undefined;
      throw e;
    }
  }

  /** This guest's events the host's log does not hold yet and whose inbox file is still there. */
  private async stillPending(name: string, text: string | undefined): Promise<Pending[]> {
    const all = this.pending.get(name) ?? [];
    const kept: Pending[] = [];
    for (const p of all) {
      if (text?.includes(`"id":"${p.id}"`)) continue;
      if (await exists(p.uri)) kept.push(p);
    }
    if (kept.length) this.pending.set(name, kept);
    else this.pending.delete(name);
    return kept;
  }

  private uri(path: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, ...path.split('/'));
  }
}

/**
 * The log store of a folder whose window may become a guest: the shared store while it is one,
 * the local store otherwise (a real guest is one from its first moment; the stub test switches).
 */
export function pairedLogStore(local: LogStore, shared: LogStore, guest: () => boolean): LogStore {
  const pick = () => (guest() ? shared : local);
  return {
    list: () => pick().list(),
    read: name => pick().read(name),
    append: (name, line, opts) => pick().append(name, line, opts),
    watch: changed => local.watch(changed),
  };
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

function notFound(e: unknown): boolean {
  return e instanceof vscode.FileSystemError ? e.code === 'FileNotFound' || e.code === 'EntryNotFound' : (e as { code?: unknown })?.code === 'ENOENT';
}
