// Starting, opening and pinning to investigations: shared by the palette commands, the report
// panel's buttons, the tree and triage. The folder's InvestigationService does the writing; this
// adds the VS Code around it (the view, the questions asked when something is unclear).
import { readFile } from 'node:fs/promises';
import { DateTime } from 'luxon';
import * as vscode from 'vscode';
import { openInvestigationOf, type EventData, type EvidenceBody } from '../core/investigation';
import type { ReportSnapshot } from '../messaging/protocol';
import { anomalyTitle, configDigest, freezeAnomaly } from '../services/evidence';
import type { InvestigationServices } from '../services/investigationServices';
import type { ReportServices } from '../services/reportServices';
import { readSettings } from '../settings';
import { MAX_YAML_BYTES, resolveWorkspaceFile } from '../workspace/safeFiles';
import { isRemoteFolder, readFolderText } from '../vsls/sharedFiles';
import { CONFIG_WHAT } from '../workspace/reportFiles';
import type { Logger } from '../util/logger';

/** What these need from the composition root. */
export interface InvestigateDeps {
  readonly reports: ReportServices;
  readonly investigations: InvestigationServices;
  readonly log?: Logger;
  /**
   * Show an investigation's view (src/panel/investigationPanel.ts). `writing`: the log is being
   * created; the view opens at once and reads it when it is written.
   */
  readonly showInvestigation: (
    folder: vscode.WorkspaceFolder,
    name: string,
    writing?: { readonly title: string; readonly done: Promise<unknown> },
  ) => Promise<void>;
  /** Close a log's view (a start whose name another window took meanwhile). */
  readonly closeInvestigation: (folder: vscode.WorkspaceFolder, name: string) => void;
}

/**
 * Start the investigation of one anomaly of the folder's current report, or open the one already
 * open for it. The starter is its lead until someone says otherwise. Returns the log's name.
 */
export async function startFromAnomaly(deps: InvestigateDeps, folder: vscode.WorkspaceFolder, metric: string, start: number): Promise<string> {
  const t0 = Date.now();
  const snapshot = deps.reports.get(folder).latest();
  const anomaly = snapshot?.anomalies.find(a => a.metric === metric && a.start === start);
  if (!snapshot || !anomaly) throw new Error('the report no longer lists that anomaly: refresh the report and start from it again');
  const service = deps.investigations.get(folder);
  const open = openInvestigationOf(await service.all(), { metric, slice: {}, start: anomaly.start, end: anomaly.end });
  if (open) {
    deps.investigations.setWorkingOn(folder, open.name);
    await deps.showInvestigation(folder, open.name);
    return open.name;
  }
  const when = DateTime.fromMillis(anomaly.start, { zone: snapshot.timezone }).toFormat('ccc d LLL HH:mm');
  const title = anomalyTitle(anomaly, when);
  // The config's digest is read while the view opens: only the first event needs it.
  const name = await startAndShow(deps, folder, title, async () => ({
    title,
    origin: 'anomaly',
    anomaly: freezeAnomaly(snapshot, anomaly, await configVersion(folder)),
  }));
  deps.log?.info('investigations', `started ${name} from an anomaly in ${Date.now() - t0} ms`);
  return name;
}

/**
 * Write the opened event and open the view at once, on the name the log will take: the webview boots
 * while the file is written (most of the time from a click to the view). If another window took that
 * name meanwhile, the view moves to the name the log took. Then the opener becomes the lead.
 */
async function startAndShow(deps: InvestigateDeps, folder: vscode.WorkspaceFolder, title: string, opened: () => Promise<EventData['opened']>): Promise<string> {
  const service = deps.investigations.get(folder);
  const preferred = service.nameFor(title);
  const writing = opened().then(data => service.start(data, preferred));
  const shown = deps.showInvestigation(folder, preferred, { title, done: writing });
  let name: string;
  try {
    name = await writing;
  } catch (e) {
    deps.closeInvestigation(folder, preferred);
    throw e;
  }
  await shown;
  if (name !== preferred) {
    deps.closeInvestigation(folder, preferred);
    await deps.showInvestigation(folder, name);
  }
  return leadAndShow(deps, folder, name);
}

/** Start an investigation with no anomaly behind it: a blank one, or a missed anomaly someone reports. */
export async function startBlank(deps: InvestigateDeps, folder: vscode.WorkspaceFolder, title: string, origin: 'blank' | 'missed'): Promise<string> {
  return startAndShow(deps, folder, title, async () => ({ title, origin }));
}

/** The opener is its lead (the opened event's author: the name the service wrote it with); the view opens meanwhile and shows the role when it lands. */
async function leadAndShow(deps: InvestigateDeps, folder: vscode.WorkspaceFolder, name: string): Promise<string> {
  const service = deps.investigations.get(folder);
  deps.investigations.setWorkingOn(folder, name);
  const lead = service.peek(name)?.opened?.by ?? deps.investigations.author();
  await Promise.all([deps.showInvestigation(folder, name), service.append(name, 'role', { person: lead, role: 'lead' })]);
  return name;
}

export async function openByName(deps: InvestigateDeps, folder: vscode.WorkspaceFolder, name: string): Promise<void> {
  if (!(await deps.investigations.get(folder).get(name))) throw new Error(`there is no investigation "${name}" in ${folder.name}`);
  deps.investigations.setWorkingOn(folder, name);
  await deps.showInvestigation(folder, name);
}

/**
 * Pin evidence to the investigation the folder is working on; when there is none, the open one
 * (asked when there are several). Returns the investigation's title.
 */
export async function pinEvidence(deps: InvestigateDeps, folder: vscode.WorkspaceFolder, body: EvidenceBody): Promise<string> {
  const service = deps.investigations.get(folder);
  let name = deps.investigations.workingOn(folder);
  if (!name) {
    const open = (await service.all()).filter(i => !i.state.closed);
    if (open.length === 0) throw new Error('there is no open investigation to pin it to: start one from an anomaly first (Investigate)');
    const pick =
      open.length === 1
        ? open[0]
        : (
            await vscode.window.showQuickPick(
              open.map(i => ({ label: i.state.title ?? i.name, description: i.name, inv: i })),
              { placeHolder: 'Pin it to which investigation?' },
            )
          )?.inv;
    if (!pick) throw new Error('not pinned: no investigation was chosen');
    name = pick.name;
    deps.investigations.setWorkingOn(folder, name);
  }
  await service.append(name, 'evidence', body);
  return service.peek(name)?.title ?? name;
}

/** The report config's version: a digest of its text, so a later reader knows which config measured the anomaly. */
async function configVersion(folder: vscode.WorkspaceFolder): Promise<string> {
  try {
    const rel = readSettings(vscode.workspace, folder).reportConfigPath;
    // A Live Share guest's folder is the host's (vsls:): the config is read through the folder's URI.
    const bytes = isRemoteFolder(folder)
      ? await readFolderText(folder, rel, CONFIG_WHAT, MAX_YAML_BYTES)
      : await readFile(await resolveWorkspaceFile(folder.uri.fsPath, rel, CONFIG_WHAT));
    return configDigest(bytes);
  } catch {
    return '';
  }
}

/** The snapshot's anomalies as quick-pick rows, with who is investigating each. */
export function anomalyPicks(s: ReportSnapshot, deps: InvestigateDeps, folder: vscode.WorkspaceFolder) {
  const invs = deps.investigations.known(folder);
  return s.anomalies.map(a => {
    const open = openInvestigationOf(invs, { metric: a.metric, slice: {}, start: a.start, end: a.end });
    const when = DateTime.fromMillis(a.start, { zone: s.timezone }).toFormat('ccc d LLL HH:mm');
    return {
      label: `${a.direction === 'down' ? '$(arrow-down)' : '$(arrow-up)'} ${a.label} ${Math.round(a.vsForecastPct)}% vs forecast`,
      description: when,
      detail: open
        ? `Under investigation: ${open.state.title ?? open.name} (${open.state.participants.map(p => p.name).join(', ')})`
        : a.explanations[0]?.title,
      anomaly: a,
    };
  });
}
