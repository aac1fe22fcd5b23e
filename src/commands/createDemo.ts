// Calibrate: Create Demo Workspace. The demo (seven weeks of a shop's hourly metrics with holidays,
// events and release tags in git: src/core/demo, as `npm run demo` makes it) written into a new
// "calibrate-demo" folder where the user chooses, then opened: its report opens with it. The
// walkthrough's first step, for someone with the extension and no data yet.
// Arguments (tests, other extensions): a folder Uri to write into (empty or new), and { open: false }
// to leave the window as it is. Resolves with the folder written, or undefined when cancelled.
import * as vscode from 'vscode';
import { writeDemoWorkspace } from '../workspace/demoWorkspace';
import type { Command } from './command';

export const createDemo: Command<'calibrate.createDemo'> = {
  id: 'calibrate.createDemo',
  async run(deps, target?: unknown, options?: unknown) {
    let dir = target instanceof vscode.Uri ? target : undefined;
    if (!dir) {
      const parent = await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        canSelectMany: false,
        openLabel: 'Create the Demo Here',
        title: 'Calibrate: the folder to create the demo workspace in (as a new "calibrate-demo" folder)',
      });
      if (!parent?.[0]) return undefined;
      dir = vscode.Uri.joinPath(parent[0], 'calibrate-demo');
    }
    const where = dir;
    try {
      const written = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Calibrate: creating the demo workspace…' },
        () => writeDemoWorkspace(where.fsPath),
      );
      deps.log.info('demo', `demo workspace in ${where.fsPath}: ${written.files.length} files, tags ${written.tags.join(', ') || 'none'}`);
      if (written.gitProblem) void vscode.window.showWarningMessage(`Calibrate: the demo has ${written.gitProblem}`);
    } catch (e) {
      void vscode.window.showErrorMessage(`Calibrate could not create the demo workspace: ${(e as Error).message}`);
      return undefined;
    }
    const open = !(typeof options === 'object' && options !== null && (options as { open?: unknown }).open === false);
    if (open) await vscode.commands.executeCommand('vscode.openFolder', where, { forceNewWindow: false });
    return where;
  },
};
