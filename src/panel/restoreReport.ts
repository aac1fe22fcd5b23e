// Which folder's report a panel that VS Code restores after a reload shows. The page saved its
// folder's URI with its UI state (webview/vscodeApi.ts). A window folder's report comes back as that
// folder's; a drill's as the drill's, whose folder is not one of the window's (ADR 0021). A drill
// whose folder is gone closes its panel: the team's report under a drill's tab would be read as the
// drill's, and the drill's as the team's. A Live Share guest's drill folder (vsls:) is the host's and
// is not read: its report says when the host's drill is gone. Panels saved before the folder was kept
// (and a state the webview wrote wrongly: it is not trusted) fall back to the remembered folder.
import * as vscode from 'vscode';
import { drillFolder } from '../learning/drillFolders';
import { restoreFolder } from '../commands/pickFolder';
import { DRILLS_DIR, drillIdIn, drillWork } from '../learning/drills';
import { migrateUiState } from '../messaging/protocol';

export type RestoredReport = { readonly folder: vscode.WorkspaceFolder | undefined } | { readonly gone: string };

export async function restoredReportFolder(state: unknown, memento: vscode.Memento): Promise<RestoredReport> {
  const saved = migrateUiState(state).folder;
  if (saved === undefined) return { folder: await restoreFolder(memento) };
  const window = vscode.workspace.workspaceFolders ?? [];
  const own = window.find(f => f.uri.toString() === saved);
  if (own) return { folder: own };
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(saved, true);
  } catch {
    return { folder: await restoreFolder(memento) };
  }
  // Only a folder directly under a window folder's drills directory: the state names it, and it is not trusted.
  for (const parent of window) {
    const id = drillIdIn(vscode.Uri.joinPath(parent.uri, ...DRILLS_DIR.split('/')).toString(), saved);
    if (!id) continue;
    // A Live Share guest's drill (vsls:) is not read here: if the host's drill is gone, its report says so.
    if (uri.scheme !== 'file') return { folder: drillFolder(parent, { drillId: id, dir: uri.fsPath }) };
    const drill = (await drillWork(uri.fsPath)).record?.state.drill;
    if (!drill) return { gone: `the drill in ${DRILLS_DIR}/${id} is gone` };
    return { folder: drillFolder(parent, { drillId: drill.drillId, dir: uri.fsPath }) };
  }
  return { folder: await restoreFolder(memento) };
}
