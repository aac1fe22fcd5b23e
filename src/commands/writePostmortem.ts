// Calibrate: Write Post-mortem. The blameless post-mortem of an investigation, in docs/postmortems with its charts
// (src/findings/writeFinding.ts). Args { folder, name } (a URI string and a log name), else the
// investigation being worked on, else a pick. Returns what it did (written, diffed, staged).
import * as vscode from 'vscode';
import { findingTarget, writeFinding, type FindingResult } from '../findings/writeFinding';
import type { Command } from './command';
import { pickFolder } from './pickFolder';

export const writePostmortem: Command<'calibrate.writePostmortem'> = {
  id: 'calibrate.writePostmortem',
  async run(deps, arg?: unknown): Promise<FindingResult | undefined> {
    try {
      const target = await findingTarget(deps.investigations, arg, async () => (await pickFolder())?.folder, 'Write the post-mortem of which investigation?');
      return target ? await writeFinding(deps, target.folder, target.name, 'postmortem') : undefined;
    } catch (e) {
      void vscode.window.showErrorMessage(`Calibrate: the post-mortem was not written: ${(e as Error).message}`);
      return undefined;
    }
  },
};
