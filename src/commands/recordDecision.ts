// Calibrate: Record Decision. The decision an investigation came to, as the next ADR in the team's ADR folder
// (src/findings/writeFinding.ts). Args { folder, name } (a URI string and a log name), else the
// investigation being worked on, else a pick. Returns what it did (written, diffed, staged).
import * as vscode from 'vscode';
import { findingTarget, writeFinding, type FindingResult } from '../findings/writeFinding';
import type { Command } from './command';
import { pickFolder } from './pickFolder';

export const recordDecision: Command<'calibrate.recordDecision'> = {
  id: 'calibrate.recordDecision',
  async run(deps, arg?: unknown): Promise<FindingResult | undefined> {
    try {
      const target = await findingTarget(deps.investigations, arg, async () => (await pickFolder())?.folder, 'Record the decision of which investigation?');
      return target ? await writeFinding(deps, target.folder, target.name, 'adr') : undefined;
    } catch (e) {
      void vscode.window.showErrorMessage(`Calibrate: the decision record was not written: ${(e as Error).message}`);
      return undefined;
    }
  },
};
