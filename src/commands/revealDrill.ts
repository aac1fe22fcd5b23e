// Calibrate: Reveal Drill (issue 16, ADR 0021). Scores the running drill's investigations against
// its hidden truth (found, cause kind, slice F1, window overlap, minutes to the first correct
// hypothesis, passed), appends the `drill revealed` event to the drill's record, and shows the score
// as a markdown preview. Refused, with nothing written, before any verdict, or when the truth is
// missing or was edited.
// Arguments (tests): { dir } to reveal that drill. Resolves with { drillId, score, markdown } or undefined.
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DrillRefusal, publishDrillRecord, revealDrill as reveal } from '../learning/drills';
import type { CommandDeps } from './command';
import { allRunning, drillFolder } from '../learning/drillFolders';
import { truthFile } from './startDrill';

export const revealDrill = {
  id: 'calibrate.revealDrill' as const,
  async run(deps: CommandDeps, arg?: unknown) {
    if (deps.guest?.()) {
      void vscode.window.showInformationMessage(
        "Calibrate: the host reveals the drill: its hidden truth is kept on the host's machine. Give your verdict in the drill's investigation, then ask the host to run Calibrate: Reveal Drill.",
      );
      return undefined;
    }
    const wanted = typeof arg === 'object' && arg !== null && typeof (arg as { dir?: unknown }).dir === 'string' ? (arg as { dir: string }).dir : undefined;
    const running = await allRunning();
    const active = deps.panels.active?.folder?.uri.fsPath;
    const d =
      running.find(r => r.dir === wanted) ??
      (wanted ? undefined : (running.find(r => r.dir === active) ?? (running.length === 1 ? running[0] : undefined))) ??
      (!wanted && running.length > 1
        ? (
            await vscode.window.showQuickPick(
              running.map(r => ({ label: `Drill ${r.drillId}`, description: `${r.difficulty}, started ${r.startedAt}`, r })),
              { placeHolder: 'Reveal which drill?' },
            )
          )?.r
        : undefined);
    if (!d) {
      if (!running.length)
        void vscode.window.showInformationMessage('Calibrate: no drill is running in this workspace: start one with Calibrate: Start Drill.');
      return undefined;
    }
    let revealed;
    try {
      revealed = await reveal(d.dir, truthFile(deps, d.drillId), { author: deps.investigations.author(), now: Date.now() });
    } catch (e) {
      const why = e instanceof DrillRefusal ? e.message : (e as Error).message;
      void vscode.window.showWarningMessage(`Calibrate: drill ${d.drillId} was not revealed: ${why}.`);
      return undefined;
    }
    const s = revealed.result.score;
    deps.log.info('drills', `drill ${d.drillId} revealed: ${JSON.stringify(s)}`);
    // The record joins the team's investigations (the ladder's "drills passed", the weekly review's drills).
    const published = await publishDrillRecord(d.dir, revealed.record, d.parent.uri.fsPath).catch(e => {
      deps.log.warn('drills', `the record of drill ${d.drillId} was not copied to the team's investigations: ${(e as Error).message}`);
      return undefined;
    });
    // The score beside the drill (its folder is the drill's own, never the team's data).
    const file = path.join(d.dir, 'drill-score.md');
    await writeFile(file, revealed.markdown);
    await vscode.commands
      .executeCommand('markdown.showPreview', vscode.Uri.file(file))
      .then(undefined, () => vscode.window.showTextDocument(vscode.Uri.file(file)));
    const parts = [
      `found ${s.found ? 'yes' : 'no'}`,
      `cause kind ${s.causeKindRight ? 'right' : 'not right'}`,
      `slice F1 ${s.sliceF1.toFixed(2)}`,
      `window overlap ${s.windowOverlap.toFixed(2)}`,
      ...(s.minutesToFirstCorrectHypothesis !== undefined ? [`first correct hypothesis after ${s.minutesToFirstCorrectHypothesis} min`] : []),
    ];
    void vscode.window.showInformationMessage(
      `Calibrate: drill ${d.drillId} ${s.passed ? 'passed' : 'not passed'}: ${parts.join(', ')}. It was ${revealed.truth.name}.`,
    );
    return { drillId: d.drillId, score: s, markdown: file, folder: drillFolder(d.parent, d), ...(published ? { published } : {}) };
  },
};
