// Calibrate: Start Drill (issue 16, ADR 0021). Hides one synthetic anomaly in a copy of this
// workspace's report data (or the demo's), written under .calibrate/drills/<id>/ (git-ignored),
// keeps its truth in the extension's global storage, and opens the drill's report in the normal
// report panel: the learner triages, investigates and gives a verdict as on any day, then runs
// Calibrate: Reveal Drill. Refused, with nothing written, when there is no data, too little history,
// or a drill is running already.
// A Live Share guest joins the host's running drill instead (its report, published by the host).
// Arguments (tests, other extensions): { difficulty, source: 'demo' | 'workspace', seed, kind, folder }.
// Resolves with { drillId, folder (the drill's folder, as the report services know it), dir, truth (its path) }.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DRILL_DIFFICULTIES, type DrillDifficulty } from '../core/investigation';
import { DRILL_KINDS, type DrillKind } from '../core/learning/drill';
import { DRILLS_DIR, DrillRefusal, ensureEmpty, ignoreDrills, newDrillId, randomSeed, writeDrillWorkspace, writeTruth } from '../learning/drills';
import { allRunning, drillFolder, type WindowDrill } from '../learning/drillFolders';
import { prepareDrillIsolated } from '../learning/drillIsolated';
import { readSettings } from '../settings';
import type { CommandDeps } from './command';

/** What drills need beyond the other commands: the extension's private storage, where truths are kept. */
export interface DrillDeps {
  readonly globalStorage: vscode.Uri;
}

/** Where a drill's truth is kept: outside every workspace, in the extension's global storage. */
export function truthFile(deps: CommandDeps, drillId: string): string {
  const storage = (deps as CommandDeps & Partial<DrillDeps>).globalStorage;
  if (!storage) throw new Error('drills need the extension storage (CommandDeps.globalStorage), which this build does not pass');
  return path.join(storage.fsPath, 'drills', drillId, 'truth.json');
}

interface StartArgs {
  readonly difficulty?: DrillDifficulty;
  readonly source?: 'demo' | 'workspace';
  readonly seed?: number;
  readonly kind?: DrillKind;
  readonly folder?: string;
}

function startArgs(v: unknown): StartArgs {
  if (typeof v !== 'object' || v === null) return {};
  const a = v as Record<string, unknown>;
  return {
    ...(DRILL_DIFFICULTIES.includes(a.difficulty as DrillDifficulty) ? { difficulty: a.difficulty as DrillDifficulty } : {}),
    ...(a.source === 'demo' || a.source === 'workspace' ? { source: a.source } : {}),
    ...(Number.isSafeInteger(a.seed) && (a.seed as number) >= 0 ? { seed: a.seed as number } : {}),
    ...(DRILL_KINDS.includes(a.kind as DrillKind) ? { kind: a.kind as DrillKind } : {}),
    ...(typeof a.folder === 'string' ? { folder: a.folder } : {}),
  };
}

export const startDrill = {
  id: 'calibrate.startDrill' as const,
  async run(deps: CommandDeps, arg?: unknown) {
    if (deps.guest?.()) return joinHostDrill(deps);
    const a = startArgs(arg);
    const all = (vscode.workspace.workspaceFolders ?? []).filter(f => f.uri.scheme === 'file');
    const parent = a.folder
      ? all.find(f => f.uri.toString() === a.folder)
      : all.length === 1
        ? all[0]
        : all.length
          ? await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Start the drill in which workspace folder? (it is written under .calibrate/drills/)' })
          : undefined;
    if (!parent) {
      if (!all.length) void vscode.window.showInformationMessage('Calibrate: open a folder first: a drill is written into it, under .calibrate/drills/.');
      return undefined;
    }
    const running = await allRunning();
    if (running.length) {
      const d = running[0]!;
      const open = 'Open the Drill';
      // Not awaited: the command ends now, and the button, if pressed, reopens the running drill's report.
      void vscode.window
        .showWarningMessage(
          `Calibrate: drill ${d.drillId} (${d.difficulty}) is running since ${d.startedAt}. One drill at a time: reveal it first (Calibrate: Reveal Drill), or delete ${DRILLS_DIR}/${d.drillId} to abandon it.`,
          open,
        )
        .then(pick => pick === open && deps.panels.show(drillFolder(d.parent, d)));
      return undefined;
    }
    const difficulty =
      a.difficulty ??
      (
        await vscode.window.showQuickPick(
          [
            { label: 'Easy', description: 'a large change in one slice', value: 'easy' as const },
            { label: 'Medium', description: 'a smaller change, a smaller slice', value: 'medium' as const },
            { label: 'Hard', description: 'a small change two dimensions deep, with a decoy deploy', value: 'hard' as const },
          ],
          { placeHolder: 'How hard a drill?' },
        )
      )?.value;
    if (!difficulty) return undefined;
    const source =
      a.source ??
      (
        await vscode.window.showQuickPick(
          [
            {
              label: "This workspace's data",
              description: `a copy of ${parent.name}'s report data; the data itself is not changed`,
              value: 'workspace' as const,
            },
            { label: 'The demo data', description: 'the demo generator’s seven weeks', value: 'demo' as const },
          ],
          { placeHolder: 'Hide the anomaly in a copy of which data?' },
        )
      )?.value;
    if (!source) return undefined;
    const now = Date.now();
    const drillId = newDrillId(now);
    const dir = path.join(parent.uri.fsPath, DRILLS_DIR, drillId);
    try {
      const written = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Calibrate: preparing the drill…' },
        async () => {
          const settings = readSettings(vscode.workspace, parent);
          // Off the host's thread: generating the demo or parsing the team's CSV takes seconds.
          const drill = await prepareDrillIsolated({
            source,
            root: parent.uri.fsPath,
            configPath: settings.reportConfigPath,
            maxCsvBytes: settings.maxCsvBytes,
            opts: { drillId, seed: a.seed ?? randomSeed(), difficulty, now, ...(a.kind ? { kind: a.kind } : {}) },
          });
          await ensureEmpty(dir);
          await writeTruth(truthFile(deps, drillId), drill);
          await ignoreDrills(parent.uri.fsPath);
          return writeDrillWorkspace(dir, drill, { author: deps.investigations.author(), now });
        },
      );
      deps.log.info('drills', `drill ${drillId} (${difficulty}, ${source}) in ${dir}`);
      if (written.gitProblem) void vscode.window.showWarningMessage(`Calibrate: the drill has ${written.gitProblem}`);
    } catch (e) {
      const why = e instanceof DrillRefusal ? e.message : `${(e as Error).message}`;
      void vscode.window.showErrorMessage(`Calibrate: no drill was started: ${why}.`);
      return undefined;
    }
    const folder = drillFolder(parent, { drillId, dir });
    deps.panels.show(folder);
    void vscode.window.showInformationMessage(
      `Calibrate: drill ${drillId} (${difficulty}) started. Something changed in the drill report's last 24 hours: find it, investigate it, give your verdict, then run Calibrate: Reveal Drill.`,
    );
    return { drillId, folder, dir, truth: truthFile(deps, drillId) };
  },
};

/**
 * A Live Share guest starts no drill (the truth would be kept on the guest's machine, and the data
 * is the host's): it joins the host's running drill, opening its report, which the host publishes.
 * Resolves with { drillId, folder, joined: true }, or undefined when none runs.
 */
async function joinHostDrill(deps: CommandDeps) {
  const running = await allRunning({ shared: true });
  const d: WindowDrill | undefined =
    running.length <= 1
      ? running[0]
      : (
          await vscode.window.showQuickPick(
            running.map(r => ({ label: `Drill ${r.drillId}`, description: `${r.difficulty}, started ${r.startedAt}`, r })),
            { placeHolder: "Join which of the host's drills?" },
          )
        )?.r;
  if (!d) {
    if (!running.length)
      void vscode.window.showInformationMessage(
        "Calibrate: as a Live Share guest you join the host's drill, and none is running. The host starts it (Calibrate: Start Drill); then run Start Drill here to open it.",
      );
    return undefined;
  }
  const folder = drillFolder(d.parent, d);
  deps.panels.show(folder);
  void vscode.window.showInformationMessage(
    `Calibrate: you joined drill ${d.drillId} (${d.difficulty}), started by the host at ${d.startedAt}. Its report is the host's; investigate it here, and the host reveals it.`,
  );
  return { drillId: d.drillId, folder, joined: true as const };
}
