// Write Post-mortem and Record Decision in a Live Share guest's window (ADR 0028). The guest's
// folder is the host's, over the vsls: scheme: its files are not on this disk and its repository is
// not this machine's, so the finding is asked of the host's Calibrate (findingRequests.ts) and what
// it wrote is shown here, through vscode.workspace.fs: the preview, the blameless warnings, or the
// diff when the finding was there already. Nothing is written on the guest's disk.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { FindingKind } from '../core/investigation/events';
import type { InvestigationServices } from '../services/investigationServices';
import { showBlame, whatOf, type FindingResult, type FindingsUi } from '../findings/writeFinding';
import { moveIntoPlace } from './sharedFiles';
import { MAX_REPLY_BYTES, parseFindingReply, REPLIES_DIR, REQUESTS_DIR, type FindingReply } from './findingRequestRules';

/** How long the guest waits for the host's answer: a finding is written in a second; the host sweeps its requests every 5 s. */
export const REPLY_TIMEOUT_MS = 60_000;
const POLL_MS = 250;

/** Asks the host's Calibrate for the finding, shows what it did, and returns it as the host's own command would (paths as this window sees them). */
export async function guestWriteFinding(
  deps: { readonly investigations: InvestigationServices; readonly findings: FindingsUi },
  folder: vscode.WorkspaceFolder,
  name: string,
  kind: FindingKind,
  options: { readonly supersedes?: number } = {},
): Promise<FindingResult> {
  const what = whatOf(kind);
  const reply = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Calibrate: the host's Calibrate is writing the ${what}`, cancellable: true },
    (_progress, token) =>
      askHost(
        folder,
        { log: name, kind, by: deps.investigations.author(), ...(options.supersedes !== undefined ? { supersedes: options.supersedes } : {}) },
        token,
      ),
  );
  const at = (rel: string) => vscode.Uri.joinPath(folder.uri, ...rel.split('/'));
  if ('error' in reply) throw new Error(`the host's Calibrate answered: ${reply.error}`);
  if ('diffed' in reply) {
    const disk = at(reply.diffed);
    await shown(
      vscode.commands.executeCommand('vscode.diff', disk, deps.findings.draft(disk, reply.text), `${reply.diffed} (the host's) ↔ regenerated now`),
      reply.diffed,
    );
    void vscode.window.showInformationMessage(
      `Calibrate: the ${what} is there already, and nothing was overwritten. The diff shows the host's file (left) beside the text regenerated from the investigation now (right): take what you want.`,
    );
    return { written: [], diffed: disk.fsPath, staged: false };
  }
  const markdown = at(reply.written[0]!);
  const state = await deps.investigations.get(folder).get(name);
  let text = '';
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(markdown));
  } catch {
    // Written and then moved or deleted on the host already: the preview says so; nothing to check.
  }
  const blame = text ? showBlame(deps.findings, markdown, text, state?.participants.map(p => p.name) ?? []) : [];
  await shown(vscode.commands.executeCommand('markdown.showPreviewToSide', markdown), reply.written[0]!);
  void vscode.window.showInformationMessage(
    `Calibrate: the host's Calibrate wrote ${reply.written[0]}` +
      (reply.staged ? ' and staged it with the log in the host’s repository: the host commits it.' : ` (not staged: ${reply.why ?? 'no reason given'}).`) +
      (blame.length ? ` ${blame.length} phrase${blame.length === 1 ? '' : 's'} may read as blaming a person: see Problems.` : '') +
      (reply.superseded ? ` ${reply.superseded} is marked superseded in the host's editor, for the host to save.` : ''),
  );
  return { written: reply.written.map(p => at(p).fsPath), staged: reply.staged, ...(reply.superseded ? { superseded: at(reply.superseded).fsPath } : {}) };
}

/** The host did its part: an editor that fails to open here is said, not reported as the finding failing. */
async function shown(open: Thenable<unknown>, file: string): Promise<void> {
  try {
    await open;
  } catch (e) {
    void vscode.window.showWarningMessage(`Calibrate: ${file} could not be shown here (${(e as Error).message}); open it from the Explorer.`);
  }
}

/** Files the request and waits for the reply (then deletes it). Cancelled or unanswered: the request is taken back when the host has not taken it. */
export async function askHost(
  folder: vscode.WorkspaceFolder,
  request: { readonly log: string; readonly kind: FindingKind; readonly by: string; readonly supersedes?: number },
  token?: vscode.CancellationToken,
  timeoutMs = REPLY_TIMEOUT_MS,
): Promise<FindingReply> {
  const id = randomUUID();
  const dir = vscode.Uri.joinPath(folder.uri, ...REQUESTS_DIR.split('/'));
  const file = vscode.Uri.joinPath(dir, `${id}.json`);
  const tmp = vscode.Uri.joinPath(dir, `${id}.json.tmp`);
  await vscode.workspace.fs.createDirectory(dir);
  await vscode.workspace.fs.writeFile(tmp, new TextEncoder().encode(JSON.stringify({ id, ...request })));
  await moveIntoPlace(tmp, file);
  const replyUri = vscode.Uri.joinPath(dir, REPLIES_DIR, `${id}.json`);
  const end = Date.now() + timeoutMs;
  while (!token?.isCancellationRequested) {
    const text = await readReply(replyUri);
    if (text !== undefined) {
      await vscode.workspace.fs.delete(replyUri).then(undefined, () => undefined);
      const parsed = parseFindingReply(text, id);
      if ('invalid' in parsed) throw new Error(parsed.invalid);
      return parsed.reply;
    }
    if (Date.now() > end) break;
    await new Promise(r => setTimeout(r, POLL_MS));
  }
  // Not answered: taken back, so the host does not write it later unseen. If the host has it already, its reply is swept in time.
  const taken = await vscode.workspace.fs.delete(file).then(
    () => false,
    () => true,
  );
  if (token?.isCancellationRequested)
    throw new Error(taken ? 'cancelled, but the host had taken the request already: look for the file in a moment' : 'cancelled');
  throw new Error(
    taken
      ? `the host's Calibrate took the request but did not answer within ${timeoutMs / 1000} s; look for the file in a moment`
      : `the host's Calibrate did not answer within ${timeoutMs / 1000} s (is the host's window open, with Calibrate in it?). Nothing was written`,
  );
}

/** The reply's text when it is there (at most MAX_REPLY_BYTES), else undefined. */
async function readReply(uri: vscode.Uri): Promise<string | undefined> {
  let st: vscode.FileStat;
  try {
    st = await vscode.workspace.fs.stat(uri);
  } catch {
    return undefined;
  }
  if (st.type !== vscode.FileType.File) return undefined;
  if (st.size > MAX_REPLY_BYTES) {
    await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    throw new Error(`the host's reply is ${st.size} bytes, over the ${MAX_REPLY_BYTES} one may be`);
  }
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}
