// Calibrate: Pass the Lead. The lead of an investigation hands it on (the expert to the learner, in
// the end): a role event in the log, so the record says who led when. The previous lead becomes an
// observer (the fold keeps one lead) and goes on reviewing.
import * as vscode from 'vscode';
import type { Command } from './command';
import { pickFolder } from './pickFolder';

interface PassArgs {
  readonly folder: string;
  readonly name: string;
  readonly to?: string;
}
const isPassArgs = (v: unknown): v is PassArgs =>
  typeof v === 'object' && v !== null && typeof (v as PassArgs).folder === 'string' && typeof (v as PassArgs).name === 'string';

export const passLead: Command<'calibrate.passLead'> = {
  id: 'calibrate.passLead',
  async run(deps, arg?: unknown) {
    try {
      const folder = isPassArgs(arg) ? vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(arg.folder)) : (await pickFolder())?.folder;
      if (!folder) return undefined;
      const service = deps.investigations.get(folder);
      const open = (await service.all()).filter(i => !i.state.closed);
      const name = isPassArgs(arg)
        ? arg.name
        : (deps.investigations.workingOn(folder) ??
          (open.length === 1
            ? open[0].name
            : (
                await vscode.window.showQuickPick(
                  open.map(i => ({ label: i.state.title ?? i.name, description: `lead: ${i.state.lead ?? 'nobody'}`, name: i.name })),
                  { placeHolder: 'Pass the lead of which investigation?' },
                )
              )?.name));
      const state = name ? await service.get(name) : undefined;
      if (!name || !state) {
        if (!open.length) void vscode.window.showInformationMessage('Calibrate: there is no open investigation to pass the lead of.');
        return undefined;
      }
      const me = deps.investigations.author();
      const OTHER = '$(person-add) Someone else…';
      const to =
        (isPassArgs(arg) ? arg.to : undefined) ??
        (await (async () => {
          const people = state.participants.filter(p => p.name !== state.lead).map(p => ({ label: p.name, description: p.role ?? 'wrote in it' }));
          const pick = await vscode.window.showQuickPick([...people, { label: OTHER, description: 'a name as they write it' }], {
            placeHolder: `Pass the lead of “${state.title ?? name}” to… (the lead now: ${state.lead ?? 'nobody'}${state.lead === me ? ', you' : ''})`,
          });
          if (pick?.label !== OTHER) return pick?.label;
          return (
            await vscode.window.showInputBox({ prompt: 'Who leads from now on?', validateInput: v => (v.trim() ? undefined : 'A name is needed') })
          )?.trim();
        })());
      if (!to) return undefined;
      if (to === state.lead) {
        void vscode.window.showInformationMessage(`Calibrate: ${to} leads “${state.title ?? name}” already.`);
        return name;
      }
      await service.append(name, 'role', { person: to, role: 'lead' });
      void vscode.window.showInformationMessage(
        `Calibrate: ${to} leads “${state.title ?? name}” now${state.lead ? `; ${state.lead} observes and reviews` : ''}.`,
      );
      return name;
    } catch (e) {
      void vscode.window.showErrorMessage(`Calibrate: the lead was not passed: ${(e as Error).message}`);
      return undefined;
    }
  },
};
