// Calibrate: Record Decision. The decision an investigation came to, as the next ADR in the team's ADR folder
// (src/findings/writeFinding.ts). Args { folder, name, supersedes } (a URI string, a log name, and the
// number of the ADR it replaces or null for none), else the investigation being worked on, else a
// pick; then, unless the args said, "Does this decision replace an earlier one?". When it does, the
// new ADR links to the old, and the old one's status is changed in its editor, unsaved
// (src/findings/supersede.ts). Returns what it did (written, diffed, staged, superseded).
import * as vscode from 'vscode';
import { listAdrs, type AdrFolderReader } from '../findings/files';
import { findingTarget, writeFinding, type FindingResult } from '../findings/writeFinding';
import { guestWriteFinding } from '../vsls/guestFindings';
import { folderAdrReader } from '../vsls/sharedFiles';
import type { Command } from './command';
import { pickFolder } from './pickFolder';

export const recordDecision: Command<'calibrate.recordDecision'> = {
  id: 'calibrate.recordDecision',
  async run(deps, arg?: unknown): Promise<FindingResult | undefined> {
    try {
      const target = await findingTarget(deps.investigations, arg, async () => (await pickFolder())?.folder, 'Record the decision of which investigation?');
      if (!target) return undefined;
      const said = supersedesArg(arg);
      // A Live Share guest's folder is the host's: its ADRs are listed through VS Code's file system,
      // and the host's Calibrate writes the decision (ADR 0028).
      const guest = deps.guest?.() ?? false;
      const supersedes = said !== undefined ? said : await askSupersedes(guest ? folderAdrReader(target.folder) : target.folder.uri.fsPath, target.name);
      if (supersedes === 'cancelled') return undefined;
      const options = supersedes !== null ? { supersedes } : {};
      if (guest) return await guestWriteFinding(deps, target.folder, target.name, 'adr', options);
      return await writeFinding(deps, target.folder, target.name, 'adr', undefined, options);
    } catch (e) {
      void vscode.window.showErrorMessage(`Calibrate: the decision record was not written: ${(e as Error).message}`);
      return undefined;
    }
  },
};

/** The args' `supersedes`: a number (that ADR), null (none), else undefined (ask). */
function supersedesArg(arg: unknown): number | null | undefined {
  if (typeof arg !== 'object' || arg === null || !('supersedes' in arg)) return undefined;
  const v = (arg as { supersedes: unknown }).supersedes;
  if (v === null) return null;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
  throw new Error(`"supersedes" must be an ADR number or null (got ${JSON.stringify(v) ?? String(v)})`);
}

/**
 * "Does this decision replace an earlier one?": no, or one of the folder's ADRs, newest first.
 * Not asked when there is none to replace, or when the investigation has its ADR already
 * (regenerating it diffs that one, and keeps what it said it supersedes).
 */
async function askSupersedes(root: string | AdrFolderReader, name: string): Promise<number | null | 'cancelled'> {
  // In the status bar while it reads: a guest's reads go to the host, one round trip each.
  const { dir, adrs } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Calibrate: reading the ADR folder' }, () =>
    listAdrs(root, name),
  );
  if (!adrs.length || adrs.some(a => a.ofInvestigation)) return null;
  const no = { label: 'No: a new decision', description: '', number: null as number | null };
  const items = [
    no,
    ...adrs.map(a => ({
      label: `ADR ${/^\d+/.exec(a.file)?.[0] ?? a.number}: ${a.title}`,
      description: a.status ?? 'no status',
      detail: `${dir}/${a.file}`,
      number: a.number as number | null,
    })),
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Does this decision replace an earlier one?',
    placeHolder: 'Pick the ADR it supersedes (its status is then changed in its editor, for you to save), or No',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return pick ? pick.number : 'cancelled';
}
