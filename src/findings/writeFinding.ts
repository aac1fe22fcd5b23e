// Writing a finding from the editor (issue 13): the post-mortem or the decision record of an
// investigation, rendered by the core (src/core/findings) and written by src/findings/files.ts, which
// never overwrites. When the file is there already (the investigation moved on since), nothing is
// written: a diff shows the file on disk beside the text regenerated now, so the user takes what they
// want. Then: the blameless check as warnings on the file, the markdown preview beside it, and the
// files staged with the log through the git extension, with the commit message prefilled.
import { join, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { blamelessProblems } from '../core/findings/blameless';
import { isInsidePath, LIMITS, type FindingKind } from '../core/investigation/events';
import type { InvestigationServices } from '../services/investigationServices';
import { INVESTIGATIONS_DIR } from '../services/investigationStore';
import { FileExists, planAdr, planPostmortem, writeAll, type AdrPlan, type FindingFile } from './files';
import type { InvestigationState } from '../core/investigation';
import type { FindingReply, FindingRequest } from '../vsls/findingRequestRules';
import { gitApi, repositoryOf, type GitInputBox } from './gitApi';
import { markSuperseded } from './supersede';

export type { FindingKind } from '../core/investigation/events';

/** What a run did: the files written (none when one was there), the file diffed instead, and whether git staged them. */
export interface FindingResult {
  readonly written: readonly string[];
  readonly diffed?: string;
  readonly staged: boolean;
  /** The ADR this one supersedes, when its status was changed in its editor (unsaved: the user saves it). */
  readonly superseded?: string;
}

const DRAFT_SCHEME = 'calibrate-finding';
const TRAILER = 'Investigation:';

/**
 * What findings keep for the window's life: the blameless warnings per file, and the regenerated
 * texts shown read-only on the right of a diff (a virtual document: nothing to save, nothing lost).
 */
export class FindingsUi implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('calibrate-findings');
  private readonly drafts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly provider = vscode.workspace.registerTextDocumentContentProvider(DRAFT_SCHEME, {
    onDidChange: this.changed.event,
    provideTextDocumentContent: uri => this.drafts.get(uri.toString()) ?? '',
  });

  /** A read-only document holding `text`, named after the file it would replace. */
  draft(file: vscode.Uri, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: DRAFT_SCHEME, path: file.path });
    this.drafts.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  dispose(): void {
    this.diagnostics.dispose();
    this.provider.dispose();
    this.changed.dispose();
  }
}

/** The folder and investigation a command acts on: its args, else the one being worked on, else a pick. */
export async function findingTarget(
  investigations: InvestigationServices,
  arg: unknown,
  pickFolder: () => Promise<vscode.WorkspaceFolder | undefined>,
  placeHolder: string,
): Promise<{ folder: vscode.WorkspaceFolder; name: string } | undefined> {
  const a = typeof arg === 'object' && arg !== null ? (arg as { folder?: unknown; name?: unknown }) : {};
  const folder = typeof a.folder === 'string' ? vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(a.folder)) : await pickFolder();
  if (!folder) return undefined;
  if (typeof a.name === 'string') return { folder, name: a.name };
  const working = investigations.workingOn(folder);
  if (working) return { folder, name: working };
  const all = await investigations.get(folder).all();
  if (!all.length) {
    void vscode.window.showInformationMessage('Calibrate: this folder has no investigation to write a finding from.');
    return undefined;
  }
  const pick =
    all.length === 1
      ? all[0]
      : await vscode.window.showQuickPick(
          all.map(i => ({ label: i.state.title ?? i.name, description: i.state.closed ? 'closed' : i.state.status, name: i.name })),
          { placeHolder },
        );
  return pick ? { folder, name: pick.name } : undefined;
}

/** A finding's files, planned and written: those written, or the one there already (nothing written), with the log it links to. No UI. */
async function putFinding(
  investigations: InvestigationServices,
  folder: vscode.WorkspaceFolder,
  name: string,
  kind: FindingKind,
  now: number,
  options: { readonly supersedes?: number; readonly author?: string },
): Promise<{ state: InvestigationState; files: AdrPlan | FindingFile[]; logAbs: string } & ({ written: string[] } | { there: FindingFile })> {
  const state = await investigations.get(folder).get(name);
  if (!state) throw new Error(`there is no investigation "${name}" in ${folder.name}`);
  const root = folder.uri.fsPath;
  const logAbs = join(root, ...INVESTIGATIONS_DIR.split('/'), `${name}.jsonl`);
  const inv = { name, state };
  const files =
    kind === 'adr'
      ? await planAdr(inv, { root, logAbs, now, reuse: true, ...(options.supersedes !== undefined ? { supersedes: options.supersedes } : {}) })
      : await planPostmortem(inv, { root, now, logAbs });
  try {
    const written = await writeAll(files, 'the diff shows what is new');
    await recordFinding(investigations, folder, name, kind, files[0]!, options.author);
    return { state, files, logAbs, written };
  } catch (e) {
    if (!(e instanceof FileExists)) throw e;
    await recordFinding(investigations, folder, name, kind, files[0]!, options.author);
    // The markdown when it is among those there, else the first: the user compares and takes what they want.
    return { state, files, logAbs, there: files.find(f => e.paths.includes(f.path)) ?? files[0]! };
  }
}

/** What a finding of `kind` is called in messages. */
export const whatOf = (kind: FindingKind) => (kind === 'adr' ? 'decision record' : 'post-mortem');
const summaryOf = (kind: FindingKind, state: InvestigationState, name: string) =>
  kind === 'adr' ? `Record the decision of ${state.title ?? name}` : `Post-mortem of ${state.title ?? name}`;

export async function writeFinding(
  deps: { readonly investigations: InvestigationServices; readonly findings: FindingsUi },
  folder: vscode.WorkspaceFolder,
  name: string,
  kind: FindingKind,
  now = Date.now(),
  options: { readonly supersedes?: number } = {},
): Promise<FindingResult> {
  const root = folder.uri.fsPath;
  const put = await putFinding(deps.investigations, folder, name, kind, now, options);
  const what = whatOf(kind);
  if ('there' in put) {
    const disk = vscode.Uri.file(put.there.path);
    await vscode.commands.executeCommand(
      'vscode.diff',
      disk,
      deps.findings.draft(disk, put.there.text),
      `${relative(root, put.there.path).split(sep).join('/')} (on disk) ↔ regenerated now`,
    );
    void vscode.window.showInformationMessage(
      `Calibrate: the ${what} is there already, and nothing was overwritten. The diff shows it on disk (left) beside the text regenerated from the investigation now (right): take what you want.`,
    );
    return { written: [], diffed: put.there.path, staged: false };
  }
  const { state, files, written, logAbs } = put;
  const markdown = vscode.Uri.file(files[0]!.path);
  const blame = showBlame(
    deps.findings,
    markdown,
    files[0]!.text,
    state.participants.map(p => p.name),
  );
  // The preview beside what is active (the investigation, when run from its view): the view stays in sight.
  await vscode.commands.executeCommand('markdown.showPreviewToSide', markdown);
  if (blame.length) void offerBlameFix(markdown, blame[0]!.range, blame.length);
  const staging = await stage(folder, [...written, logAbs], summaryOf(kind, state, name), `${INVESTIGATIONS_DIR}/${name}.jsonl`);
  if (!staging.staged) void vscode.window.showInformationMessage(`Calibrate: the ${what} is written, but nothing was staged: ${staging.why}.`);
  // The old ADR's status, as an unsaved edit beside (src/findings/supersede.ts): never written here.
  const superseded = kind === 'adr' ? await markSuperseded(files) : undefined;
  return { written, staged: staging.staged, ...(superseded !== undefined ? { superseded } : {}) };
}

/**
 * A Live Share guest's request, carried out in the host's window (ADR 0028): the same files, log
 * event and staging as the host's own command. Nothing opens in the host's editor but an ADR this one
 * supersedes (its status edit, unsaved, for the host to save); a notification says who wrote what.
 * The reply names files relative to the folder, as the guest reads them.
 */
export async function writeFindingForGuest(
  deps: { readonly investigations: InvestigationServices; readonly findings: FindingsUi },
  folder: vscode.WorkspaceFolder,
  request: FindingRequest,
  now = Date.now(),
): Promise<FindingReply> {
  const { id, log: name, kind, by } = request;
  const rel = (p: string) => relative(folder.uri.fsPath, p).split(sep).join('/');
  // The log's finding event is the guest's: they asked for it; this window only wrote it.
  const put = await putFinding(deps.investigations, folder, name, kind, now, {
    author: by,
    ...(request.supersedes !== undefined ? { supersedes: request.supersedes } : {}),
  });
  if ('there' in put) return { id, diffed: rel(put.there.path), text: put.there.text };
  const { state, files, written, logAbs } = put;
  const markdown = vscode.Uri.file(files[0]!.path);
  showBlame(
    deps.findings,
    markdown,
    files[0]!.text,
    state.participants.map(p => p.name),
  );
  const staging = await stage(folder, [...written, logAbs], summaryOf(kind, state, name), `${INVESTIGATIONS_DIR}/${name}.jsonl`);
  const superseded = kind === 'adr' ? await markSuperseded(files) : undefined;
  const open = 'Open';
  void vscode.window
    .showInformationMessage(
      `Calibrate: ${by} (Live Share guest) wrote the ${whatOf(kind)} of ${state.title ?? name}: ${rel(files[0]!.path)}` +
        (staging.staged ? ', staged with the log for you to commit.' : ` (not staged: ${staging.why}).`) +
        (superseded !== undefined ? ` The ADR it supersedes, ${rel(superseded)}, has its new status in your editor, unsaved.` : ''),
      open,
    )
    .then(pick => pick === open && vscode.commands.executeCommand('markdown.showPreviewToSide', markdown));
  return {
    id,
    written: written.map(rel),
    staged: staging.staged,
    ...(!staging.staged ? { why: staging.why } : {}),
    ...(superseded !== undefined ? { superseded: rel(superseded) } : {}),
  };
}

/** The blameless check's warnings on a finding's markdown (Problems), returned so the caller may offer the first. */
export function showBlame(findings: FindingsUi, markdown: vscode.Uri, text: string, people: readonly string[]): vscode.Diagnostic[] {
  const blame = blamelessProblems(text, [...people]).map(p => {
    const at = new vscode.Range(p.line - 1, p.column - 1, p.line - 1, p.column - 1 + p.text.length);
    const d = new vscode.Diagnostic(at, `${p.message} Suggestion: “${p.suggestion}”.`, vscode.DiagnosticSeverity.Warning);
    d.source = 'Calibrate (blameless)';
    return d;
  });
  findings.diagnostics.set(markdown, blame);
  return blame;
}

/** The files staged and the commit message prefilled, when the workspace is trusted and in a repository; else why not. */
async function stage(
  folder: vscode.WorkspaceFolder,
  paths: string[],
  summary: string,
  log: string,
): Promise<{ staged: true } | { staged: false; why: string }> {
  if (!vscode.workspace.isTrusted) return { staged: false, why: 'this workspace is not trusted, and Calibrate runs no git in it' };
  const api = await gitApi();
  if (!api) return { staged: false, why: "VS Code's git extension is not available (disabled, or still starting)" };
  const repo = await repositoryOf(api, folder.uri);
  if (!repo) return { staged: false, why: `${folder.name} is not in a git repository` };
  await repo.add(paths);
  prefill(repo.inputBox, oneLine(summary), `${TRAILER} ${log}`);
  return { staged: true };
}

/** The commit message: the summary and trailer when empty; else what the user typed, with the trailer added when it is not there. */
export function prefill(box: GitInputBox, summary: string, trailer: string): void {
  const typed = box.value.trimEnd();
  if (!typed) box.value = `${summary}\n\n${trailer}\n`;
  else if (!typed.split('\n').some(l => l.trim() === trailer)) {
    // After a trailer block, one more line; after prose, a blank line first (git's trailer rules).
    const last = typed.slice(typed.lastIndexOf('\n') + 1);
    box.value = `${typed}${/^[\w-]+: /.test(last) && typed.includes('\n\n') ? '\n' : '\n\n'}${trailer}\n`;
  }
}

/** A commit subject: one line, at most 72 characters. */
const oneLine = (s: string) => {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length <= 72 ? line : `${line.slice(0, 71)}…`;
};

/**
 * The finding in the investigation's log (a `finding` event), so its view lists it for everyone who
 * opens it, and the log's commit carries the link. Once per path and kind: regenerating does not repeat it.
 */
async function recordFinding(
  investigations: InvestigationServices,
  folder: vscode.WorkspaceFolder,
  name: string,
  kind: FindingKind,
  markdown: { readonly path: string; readonly text: string },
  author?: string,
): Promise<void> {
  const path = relative(folder.uri.fsPath, markdown.path).split(sep).join('/');
  if (!isInsidePath(path)) return; // written elsewhere: not a path the log can hold
  const service = investigations.get(folder);
  if ((await service.get(name))?.findings.some(f => f.path === path && f.kind === kind)) return;
  const h1 = /^# (.+)$/m.exec(markdown.text)?.[1]?.replace(/\\(.)/g, '$1').trim();
  const title = (h1 || name).slice(0, LIMITS.short);
  await service.append(name, 'finding', { kind, path, title }, author);
}

/** Warnings only (never a block): say how many, and open the file at the first when asked. */
async function offerBlameFix(file: vscode.Uri, first: vscode.Range, count: number): Promise<void> {
  const show = 'Show';
  const picked = await vscode.window.showWarningMessage(
    `Calibrate: ${count} phrase${count === 1 ? '' : 's'} in ${file.path.split('/').pop()} may read as blaming a person (see Problems for a suggested rewording).`,
    show,
  );
  if (picked === show) await vscode.window.showTextDocument(file, { selection: first, preview: false });
}
