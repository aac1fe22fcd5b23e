// Calibrate: Write Post-mortem. The blameless post-mortem of an investigation, in docs/postmortems with its charts
// (src/findings/writeFinding.ts). Args { folder, name } (a URI string and a log name), else the
// investigation being worked on, else a pick. Returns what it did (written, diffed, staged). In a Live
// Share guest's window the host's Calibrate writes it (ADR 0028).
import * as vscode from 'vscode';
import { findingTarget, writeFinding, type FindingResult } from '../findings/writeFinding';
import { guestWriteFinding } from '../vsls/guestFindings';
import type { Command } from './command';
import { pickFolder } from './pickFolder';

export const writePostmortem: Command<'calibrate.writePostmortem'> = {
  id: 'calibrate.writePostmortem',
  async run(deps, arg?: unknown): Promise<FindingResult | undefined> {
    try {
      const target = await findingTarget(deps.investigations, arg, async () => (await pickFolder())?.folder, 'Write the post-mortem of which investigation?');
      if (!target) return undefined;
      // A Live Share guest's folder is the host's: the host's Calibrate writes it (ADR 0028).
      return deps.guest?.()
        ? await guestWriteFinding(deps, target.folder, target.name, 'postmortem')
        : await writeFinding(deps, target.folder, target.name, 'postmortem');
    } catch (e) {
      void vscode.window.showErrorMessage(`Calibrate: the post-mortem was not written: ${(e as Error).message}`);
      return undefined;
    }
  },
};
