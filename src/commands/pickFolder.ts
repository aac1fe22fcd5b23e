// The folder a report is for, in VS Code terms: see src/workspace/folderChoice.ts for the rule.
import * as vscode from 'vscode';
import { readSettings } from '../settings';
import { chooseFolder } from '../workspace/folderChoice';
import { CONFIG_WHAT } from '../workspace/reportFiles';
import { resolveWorkspaceFile } from '../workspace/safeFiles';

/** workspaceState key: the open report's folder, so a panel restored after a reload keeps it without asking. */
const REMEMBERED = 'calibrate.reportFolder';

/** The folder to show a report for; undefined when the user cancelled (open nothing). */
export function pickFolder(): Promise<{ readonly folder: vscode.WorkspaceFolder | undefined } | undefined> {
  return chooseFolder<vscode.WorkspaceFolder>({
    folders: vscode.workspace.workspaceFolders ?? [],
    // The same check as loading it (inside the folder, a regular file): a folder whose config would
    // be refused is not offered.
    hasReportConfig: f => resolveWorkspaceFile(f.uri.fsPath, readSettings(vscode.workspace, f).reportConfigPath, CONFIG_WHAT).then(() => true),
    // showWorkspaceFolderPick always lists every folder: a quick pick offers only those with a config.
    ask: async candidates =>
      (
        await vscode.window.showQuickPick(
          candidates.map(folder => ({ label: folder.name, description: folder.uri.fsPath, iconPath: new vscode.ThemeIcon('root-folder'), folder })),
          { placeHolder: 'Open the metrics report of which workspace folder?' },
        )
      )?.folder,
  });
}

export function rememberFolder(state: vscode.Memento, folder: vscode.WorkspaceFolder | undefined): Thenable<void> {
  return state.update(REMEMBERED, folder?.uri.toString());
}

/** The folder of the panel open before a reload, if still in the workspace; else pickFolder's choice. */
export async function restoreFolder(state: vscode.Memento): Promise<vscode.WorkspaceFolder | undefined> {
  const uri = state.get<unknown>(REMEMBERED);
  const remembered = vscode.workspace.workspaceFolders?.find(f => f.uri.toString() === uri);
  return remembered ?? (await pickFolder())?.folder;
}
