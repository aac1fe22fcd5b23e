// Calibrate: Triage Anomalies. The report window's anomalies, grouped into incidents by their likely
// cause (src/core/report/incidents.ts), in a quick pick read from the folder's report service: it
// works without the panel open. Picking an incident reveals its most severe anomaly in the panel;
// the item buttons open the deploy's commit (deployCommit.ts) or the event's declaration.
import * as vscode from 'vscode';
import {
  anomalyKey,
  causeLinks,
  confidenceText,
  groupIncidents,
  incidentTitle,
  severityText,
  signedPct,
  sliceText,
  windowText,
  type CauseLinks,
  type Incident,
} from '../core/report/incidents';
import type { TriagedAnomaly } from '../core/report/triage';
import { investigationsOf, VERDICT_WORDS, type Investigation } from '../core/investigation';
import { openWorkspaceFile } from '../panel/reportPanel';
import { KIND_WORDS, type ReportSnapshot } from '../messaging/protocol';
import type { Command, CommandDeps } from './command';
import { pickFolder } from './pickFolder';
import { showDeployCommit } from './deployCommit';

/** One quick-pick row: an incident, what it shows, and where its cause leads. Plain data, no UI. */
export interface TriageEntry {
  readonly label: string;
  readonly description: string;
  readonly detail: string;
  readonly incident: Incident;
  readonly links: CauseLinks;
}

/** The triage of one folder's latest complete report. */
export interface TriageData {
  readonly folder: vscode.WorkspaceFolder;
  readonly snapshot: ReportSnapshot;
  readonly entries: readonly TriageEntry[];
  /** Every anomaly in triage order (incident by incident, most severe first): what Next/Previous walk. */
  readonly anomalies: readonly TriagedAnomaly[];
}

/** The quick-pick rows of a report's anomalies, most severe incident first. */
export function triageEntries(s: ReportSnapshot): TriageEntry[] {
  return groupIncidents(s.anomalies).map(incident => {
    const { cause } = incident;
    const kind = cause ? (Object.hasOwn(KIND_WORDS, cause.kind) ? KIND_WORDS[cause.kind] : cause.kind) : 'Unexplained';
    const likely = cause ? `likely (${confidenceText(incident.confidence)})` : 'no context item fits';
    return {
      label: `${severityText(incident.headline)} ${incidentTitle(incident, s.timezone)}`,
      description: `${kind} · ${likely}`,
      detail: incident.anomalies
        .map(a => `${a.label} ${signedPct(a.vsForecastPct)} ${windowText(a.start, a.end, s.timezone)}${a.where[0] ? ` (${sliceText(a.where[0].dims)})` : ''}`)
        .join(' · '),
      incident,
      links: causeLinks(cause),
    };
  });
}

/**
 * The folder's triage from its report service: the latest complete report, loading it (from the
 * cache when the inputs are unchanged) if the service has none yet. Throws with the load problem.
 */
export async function triageData(reports: Pick<CommandDeps['reports'], 'get'>, folder: vscode.WorkspaceFolder): Promise<TriageData> {
  const service = reports.get(folder);
  let snapshot = service.latest();
  if (snapshot?.analysis !== 'done' || !service.current()?.complete) {
    const state = await service.load('command');
    if (state?.update.type === 'loadError') throw new Error(state.update.problem.message);
    snapshot = service.latest();
  }
  if (!snapshot || snapshot.analysis !== 'done') throw new Error('the report has no analysis yet');
  const entries = triageEntries(snapshot);
  return { folder, snapshot, entries, anomalies: entries.flatMap(e => e.incident.anomalies) };
}

/** Where Next/Previous Anomaly are: the anomaly last revealed from triage, by folder. Kept for the session. */
export class TriageCursor {
  private readonly at = new Map<string, string>();
  get(folder: vscode.WorkspaceFolder): string | undefined {
    return this.at.get(folder.uri.toString());
  }
  set(folder: vscode.WorkspaceFolder, a: Pick<TriagedAnomaly, 'metric' | 'start'>): void {
    this.at.set(folder.uri.toString(), anomalyKey(a));
  }
}

/** The folder to triage: the open report's, else pickFolder's choice (asking only among several with a config). */
export async function triageFolder(deps: CommandDeps): Promise<vscode.WorkspaceFolder | undefined> {
  const open = deps.panels.active;
  if (open?.folder) return open.folder;
  const choice = await pickFolder();
  if (choice && !choice.folder)
    void vscode.window.showInformationMessage('Calibrate: open a folder with a report config (.calibrate/report.yaml) to triage its anomalies.');
  return choice?.folder;
}

/** Reveal one anomaly in the folder's panel (opening it), and remember it for Next/Previous. */
export async function revealAnomaly(deps: CommandDeps, folder: vscode.WorkspaceFolder, a: TriagedAnomaly): Promise<void> {
  deps.cursor.set(folder, a);
  await deps.panels.reveal(folder, a);
}

/** Walk the triage list from the cursor, `step` +1 or -1, wrapping around; reveals the anomaly reached. */
export async function stepAnomaly(deps: CommandDeps, step: 1 | -1): Promise<TriagedAnomaly | undefined> {
  const folder = await triageFolder(deps);
  if (!folder) return undefined;
  let data: TriageData;
  try {
    data = await triageData(deps.reports, folder);
  } catch (e) {
    void vscode.window.showErrorMessage(`Calibrate: the report could not be built: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
  const list = data.anomalies;
  if (!list.length) {
    void vscode.window.showInformationMessage("Calibrate: no anomalies in the report's 24 hours.");
    return undefined;
  }
  const here = list.findIndex(a => anomalyKey(a) === deps.cursor.get(folder));
  // From nowhere (or an anomaly a newer report no longer has), Next starts at the first and Previous at the last.
  const next = here < 0 ? (step > 0 ? 0 : list.length - 1) : (here + step + list.length) % list.length;
  const a = list[next];
  await revealAnomaly(deps, folder, a);
  return a;
}

// ---- the quick pick -----------------------------------------------------------------------------

interface TriageItem extends vscode.QuickPickItem {
  readonly entry: TriageEntry;
}

const REVEAL_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('graph-line'), tooltip: 'Reveal in the report' };
const COMMIT_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('git-commit'), tooltip: "Show the deploy's commit" };
const SOURCE_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('go-to-file'), tooltip: 'Open the event where it is declared' };
const INVESTIGATE_BUTTON: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('search'),
  tooltip: 'Investigate (start, or open the investigation already open)',
};

/** "Under investigation: ana (lead), ben" or "Investigated: real", for the incident's anomalies. */
export function investigationText(invs: readonly Investigation[], incident: Incident): string | undefined {
  const of = incident.anomalies.flatMap(a => investigationsOf(invs, a));
  const open = of.find(i => !i.state.closed);
  if (open) {
    const who = open.state.participants.map(p => (p.role ? `${p.name} (${p.role})` : p.name)).join(', ');
    return `Under investigation${who ? `: ${who}` : ''}${open.state.verdict ? ` · verdict ${VERDICT_WORDS[open.state.verdict.verdict]}` : ''}`;
  }
  const closed = of[0];
  return closed ? `Investigated${closed.state.verdict ? `: ${VERDICT_WORDS[closed.state.verdict.verdict]}` : ''}` : undefined;
}

export const triage: Command<'calibrate.triage'> = {
  id: 'calibrate.triage',
  async run(deps) {
    const folder = await triageFolder(deps);
    if (!folder) return;
    const qp = vscode.window.createQuickPick<TriageItem>();
    qp.title = `Triage anomalies: ${folder.name}`;
    qp.placeholder = 'Loading the report…';
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.busy = true;
    const done = new Promise<void>(resolve =>
      qp.onDidHide(() => {
        qp.dispose();
        resolve();
      }),
    );
    qp.show();
    let data: TriageData;
    try {
      data = await triageData(deps.reports, folder);
    } catch (e) {
      qp.hide();
      void vscode.window.showErrorMessage(`Calibrate: the report could not be built: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    qp.busy = false;
    const n = data.anomalies.length;
    qp.placeholder = n
      ? `${n} ${n === 1 ? 'anomaly' : 'anomalies'} in the report's 24 hours, ${data.entries.length} likely ${data.entries.length === 1 ? 'cause' : 'causes'}: Enter reveals it in the report`
      : "No anomalies in the report's 24 hours: every hour is inside its forecast's 95% band";
    const invs = await deps.investigations
      .get(folder)
      .all()
      .catch(() => []);
    qp.items = data.entries.map(entry => {
      const inv = investigationText(invs, entry.incident);
      return {
        label: entry.label,
        description: entry.description,
        detail: inv ? `${inv} — ${entry.detail}` : entry.detail,
        entry,
        buttons: [REVEAL_BUTTON, INVESTIGATE_BUTTON, ...(entry.links.deploy ? [COMMIT_BUTTON] : []), ...(entry.links.source ? [SOURCE_BUTTON] : [])],
      };
    });
    qp.onDidAccept(() => {
      const item = qp.selectedItems[0];
      if (!item) return;
      qp.hide();
      void revealAnomaly(deps, folder, item.entry.incident.anomalies[0]);
    });
    qp.onDidTriggerItemButton(({ item, button }) => {
      qp.hide();
      const { links, incident } = item.entry;
      if (button === COMMIT_BUTTON && links.deploy) void showDeployCommit(folder, links.deploy, deps);
      else if (button === SOURCE_BUTTON && links.source) void openWorkspaceFile(folder, links.source.file, links.source.line, deps.log);
      else if (button === INVESTIGATE_BUTTON)
        void vscode.commands.executeCommand('calibrate.startInvestigation', {
          folder: folder.uri.toString(),
          metric: incident.anomalies[0].metric,
          start: incident.anomalies[0].start,
        });
      else void revealAnomaly(deps, folder, incident.anomalies[0]);
    });
    await done;
  },
};

// The deploy's commit (the git extension's changes editor, or `git show --stat`) is deployCommit.ts;
// the composition root and the commands' deps still name its documents through here.
export { GIT_SHOW_SCHEME, GitShowDocuments, gitShowStat } from './deployCommit';
