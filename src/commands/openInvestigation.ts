// Calibrate: Open Investigation. By name (the tree, the report's marks, tests), else a quick pick of
// the folder's investigations, open ones first.
import * as vscode from 'vscode';
import { summarize } from '../core/investigation';
import type { Command } from './command';
import { openByName } from './investigate';
import { pickFolder } from './pickFolder';

interface OpenArgs {
  readonly folder: string;
  readonly name: string;
}
const isOpenArgs = (v: unknown): v is OpenArgs =>
  typeof v === 'object' && v !== null && typeof (v as OpenArgs).folder === 'string' && typeof (v as OpenArgs).name === 'string';

export const openInvestigation: Command<'calibrate.openInvestigation'> = {
  id: 'calibrate.openInvestigation',
  async run(deps, arg?: unknown) {
    try {
      const folder = isOpenArgs(arg) ? vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(arg.folder)) : (await pickFolder())?.folder;
      if (!folder) return;
      if (isOpenArgs(arg)) return await openByName(deps, folder, arg.name);
      const all = (await deps.investigations.get(folder).all()).map(summarize).sort((a, b) => Number(a.closed) - Number(b.closed));
      if (all.length === 0) {
        void vscode.window.showInformationMessage('No investigations yet in this folder. Start one from an anomaly: Calibrate: Start Investigation.');
        return;
      }
      const pick = await vscode.window.showQuickPick(
        all.map(s => ({
          label: s.title,
          description: `${s.closed ? 'closed' : s.status}${s.verdict ? ` · ${s.verdict}` : ''}`,
          detail: `${s.name} · ${s.participants.join(', ')}`,
          name: s.name,
        })),
        { placeHolder: 'Open which investigation?', matchOnDescription: true, matchOnDetail: true },
      );
      if (pick) await openByName(deps, folder, pick.name);
    } catch (e) {
      void vscode.window.showErrorMessage(`Calibrate: ${(e as Error).message}`);
    }
  },
};
