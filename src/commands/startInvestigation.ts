// Calibrate: Start Investigation. From an anomaly of the report (palette: a quick pick of them, or
// the arguments triage and the panel pass), a blank one, or a missed anomaly someone reports.
import * as vscode from 'vscode';
import type { Command } from './command';
import { anomalyPicks, startBlank, startFromAnomaly } from './investigate';
import { pickFolder } from './pickFolder';

/** What triage and tests pass: the anomaly by metric and start (and the folder, by URI). */
interface StartArgs {
  readonly folder?: string;
  readonly metric: string;
  readonly start: number;
}

const isStartArgs = (v: unknown): v is StartArgs =>
  typeof v === 'object' && v !== null && typeof (v as StartArgs).metric === 'string' && Number.isFinite((v as StartArgs).start);

export const startInvestigation: Command<'calibrate.startInvestigation'> = {
  id: 'calibrate.startInvestigation',
  async run(deps, arg?: unknown) {
    try {
      const folder = isStartArgs(arg) && arg.folder ? vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(arg.folder)) : (await pickFolder())?.folder;
      if (!folder) return undefined;
      if (isStartArgs(arg)) return await startFromAnomaly(deps, folder, arg.metric, arg.start);
      const snapshot = deps.reports.get(folder).latest();
      const BLANK = { label: '$(new-file) Blank investigation…', description: 'not from an anomaly of the report', origin: 'blank' as const };
      const MISSED = {
        label: '$(report) Report a missed anomaly…',
        description: 'something was wrong and the report did not flag it',
        origin: 'missed' as const,
      };
      const items = [...(snapshot ? anomalyPicks(snapshot, deps, folder) : []), BLANK, MISSED];
      const pick = await vscode.window.showQuickPick(items, {
        placeHolder: snapshot ? 'Investigate which anomaly?' : 'The report is not loaded: start a blank investigation, or open the report first',
        matchOnDetail: true,
      });
      if (!pick) return undefined;
      if ('anomaly' in pick) return await startFromAnomaly(deps, folder, pick.anomaly.metric, pick.anomaly.start);
      const title = await vscode.window.showInputBox({
        prompt: pick.origin === 'missed' ? 'What did the report miss? (metric, when, what you saw)' : 'Title of the investigation',
        validateInput: v => (v.trim() ? undefined : 'A title is needed: it names the log file'),
      });
      if (!title?.trim()) return undefined;
      return await startBlank(deps, folder, title.trim(), pick.origin);
    } catch (e) {
      void vscode.window.showErrorMessage(`Calibrate: the investigation was not started: ${(e as Error).message}`);
      return undefined;
    }
  },
};
