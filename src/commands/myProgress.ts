// Calibrate: My Progress (issue 16). Where I stand on the hand-off ladder (shadow, draft, lead,
// solo), derived from the folder's investigation logs with the team's thresholds (the report
// config's `ladder:`), and what the next step asks for. A quick pick: every row reachable by
// keyboard, each count a heading, each investigation behind it opens on Enter.
import * as vscode from 'vscode';
import { DEFAULT_LADDER, parseLadderConfig, type LadderThresholds } from '../core/config/ladderConfig';
import { progressOf, type PersonProgress } from '../core/learning/ladder';
import { InputError } from '../core/types';
import { progressRows, progressTitle, type ProgressAction } from '../learning/progress';
import { readSettings } from '../settings';
import type { CommandDeps } from './command';
import { pickFolder } from './pickFolder';

/** The folder's thresholds: the defaults without a config or without `ladder:`; an InputError (with its line) when it is wrong. */
async function thresholdsOf(folder: vscode.WorkspaceFolder): Promise<LadderThresholds> {
  const rel = readSettings(vscode.workspace, folder).reportConfigPath;
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, rel));
  } catch (e) {
    if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return DEFAULT_LADDER;
    throw e;
  }
  return parseLadderConfig(new TextDecoder().decode(bytes), rel);
}

// Typed as Command<'calibrate.myProgress'> once the id is in ids.ts (the registry checks it there).
export const myProgress = {
  id: 'calibrate.myProgress' as const,
  async run(deps: CommandDeps): Promise<PersonProgress | undefined> {
    try {
      const folder = (await pickFolder())?.folder;
      if (!folder) return undefined;
      let thresholds: LadderThresholds;
      try {
        thresholds = await thresholdsOf(folder);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        const open = 'Open Report Config';
        const answer = await vscode.window.showErrorMessage(`Calibrate: the ladder's thresholds cannot be read: ${e.message}`, open);
        if (answer === open) await vscode.commands.executeCommand('calibrate.openReportConfig');
        return undefined;
      }
      const invs = await deps.investigations.get(folder).all();
      const me = deps.investigations.author();
      const progress = progressOf(invs, thresholds, me);
      const titles = new Map(invs.map(i => [i.name, i.state.title ?? i.name]));
      type Item = vscode.QuickPickItem & { action?: ProgressAction };
      const items: Item[] = progressRows(progress, n => titles.get(n)).map(r =>
        r.kind === 'heading'
          ? { label: r.label, kind: vscode.QuickPickItemKind.Separator }
          : { label: r.label, ...(r.description ? { description: r.description } : {}), ...(r.detail ? { detail: r.detail } : {}), action: r.action },
      );
      const pick = await vscode.window.showQuickPick(items, {
        title: progressTitle(progress, true),
        placeHolder: invs.length ? 'Pick an investigation to open it' : 'No investigations in this folder yet: shadow one to start',
        matchOnDescription: true,
        matchOnDetail: true,
      });
      const action = pick?.action;
      if (action && 'open' in action) await vscode.commands.executeCommand('calibrate.openInvestigation', { folder: folder.uri.toString(), name: action.open });
      else if (action) await vscode.commands.executeCommand('calibrate.openReportConfig');
      return progress;
    } catch (e) {
      void vscode.window.showErrorMessage(`Calibrate: ${(e as Error).message}`);
      return undefined;
    }
  },
};
