// Calibrate: Open Report Config. The folder's .calibrate/report.yaml (the setting
// calibrate.reportConfigPath), opened beside the report; in a folder without one, a starter config
// the user asks for is written first. The Getting Started walkthrough's "config" step.
import * as vscode from 'vscode';
import { readSettings } from '../settings';
import { openWorkspaceFile } from '../panel/reportPanel';
import type { Command } from './command';
import { reportFolder } from './reportFolder';
import { STARTER_CONFIG } from '../workspace/starterConfig';

export const openReportConfig: Command<'calibrate.openReportConfig'> = {
  id: 'calibrate.openReportConfig',
  async run(deps) {
    const folder = await reportFolder(deps, 'open its report config');
    if (!folder) return;
    const rel = readSettings(vscode.workspace, folder).reportConfigPath;
    const uri = vscode.Uri.joinPath(folder.uri, rel);
    const exists = await vscode.workspace.fs.stat(uri).then(
      () => true,
      () => false,
    );
    if (!exists) {
      const create = 'Create a Starter Config';
      const answer = await vscode.window.showInformationMessage(`${folder.name} has no report config (${rel}). Create one to describe your CSV?`, create);
      if (answer !== create) return;
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(STARTER_CONFIG));
    }
    // Through the same check as every workspace file: inside the folder, a regular file.
    await openWorkspaceFile(folder, rel, undefined, deps.log);
  },
};
