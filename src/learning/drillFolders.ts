// The window's running drills as VS Code folders (ADR 0021): each drill is a folder of its own,
// inside its workspace folder, so the report services, panels and investigations treat it like any
// folder. A Live Share guest (ADR 0016) finds the host's drills through the shared workspace
// (vscode.workspace.fs) under the host's folder URI: its report is the one the host publishes in the
// drill's folder, and what the guest writes goes to the drill's inbox, which the host takes.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { foldLog } from '../core/investigation';
import { INVESTIGATIONS_DIR, MAX_LOG_BYTES } from '../services/investigationStore';
import { DRILLS_DIR, runningDrill, runningDrills, type RunningDrill } from './drills';

export type WindowDrill = RunningDrill & { readonly parent: vscode.WorkspaceFolder };

const folders = new Map<string, vscode.WorkspaceFolder>();

/** The drill as a folder the report services, panels and investigations know: one object per drill. */
export function drillFolder(parent: vscode.WorkspaceFolder, drill: Pick<RunningDrill, 'drillId' | 'dir'>): vscode.WorkspaceFolder {
  // A guest's (vsls:) drill is the host's folder of that name, under the host's folder URI.
  const uri =
    parent.uri.scheme === 'file'
      ? vscode.Uri.file(drill.dir)
      : vscode.Uri.joinPath(parent.uri, ...DRILLS_DIR.split('/'), path.posix.basename(drill.dir.replace(/\\/g, '/')));
  const known = folders.get(uri.toString());
  if (known) return known;
  const folder: vscode.WorkspaceFolder = { uri, name: `Drill ${drill.drillId}`, index: parent.index };
  folders.set(uri.toString(), folder);
  return folder;
}

/**
 * Every running drill of the window's folders, with its parent folder. `shared`: read through the
 * shared workspace (a Live Share guest: the host's drills), else from this machine's disk.
 */
export async function allRunning(opts: { readonly shared?: boolean } = {}): Promise<WindowDrill[]> {
  const all = vscode.workspace.workspaceFolders ?? [];
  const each = await Promise.all(
    all.map(async parent => {
      if (opts.shared) return (await sharedRunning(parent)).map(d => ({ ...d, parent }));
      return parent.uri.scheme === 'file' ? (await runningDrills(parent.uri.fsPath)).map(d => ({ ...d, parent })) : [];
    }),
  );
  return each.flat();
}

/** runningDrills (drills.ts) through vscode.workspace.fs: the drill's record is the log with its `drill started`. */
async function sharedRunning(parent: vscode.WorkspaceFolder): Promise<RunningDrill[]> {
  const fs = vscode.workspace.fs;
  const base = vscode.Uri.joinPath(parent.uri, ...DRILLS_DIR.split('/'));
  const list = (uri: vscode.Uri) => Promise.resolve(fs.readDirectory(uri)).catch(() => [] as [string, vscode.FileType][]);
  const out: RunningDrill[] = [];
  for (const [id, type] of (await list(base)).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (type !== vscode.FileType.Directory) continue;
    const dir = vscode.Uri.joinPath(base, id);
    const logs = vscode.Uri.joinPath(dir, ...INVESTIGATIONS_DIR.split('/'));
    const names = (await list(logs))
      .filter(([n, t]) => t === vscode.FileType.File && n.endsWith('.jsonl'))
      .map(([n]) => n)
      .sort();
    for (const n of names) {
      const uri = vscode.Uri.joinPath(logs, n);
      const size = await Promise.resolve(fs.stat(uri)).then(
        s => s.size,
        () => Infinity,
      );
      if (size > MAX_LOG_BYTES) continue;
      const text = await Promise.resolve(fs.readFile(uri)).then(
        b => new TextDecoder().decode(b),
        () => undefined,
      );
      const d = text === undefined ? undefined : foldLog(text).drill;
      if (!d) continue;
      const running = runningDrill(dir.fsPath, d);
      if (running) out.push(running);
      break;
    }
  }
  return out;
}
