// The folder the walkthrough's commands act on: the open report's, else the only folder, else the
// one the user picks (any folder: one without a report config is where a new config goes).
import * as vscode from 'vscode';
import type { CommandDeps } from './command';

export async function reportFolder(deps: CommandDeps, purpose: string): Promise<vscode.WorkspaceFolder | undefined> {
  const open = deps.panels.active?.folder;
  if (open) return open;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0];
  if (!folders.length) {
    void vscode.window.showInformationMessage(`Calibrate: open a folder first, then ${purpose}.`);
    return undefined;
  }
  return vscode.window.showWorkspaceFolderPick({ placeHolder: `Which workspace folder? (to ${purpose})` });
}
