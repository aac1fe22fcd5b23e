// Adapter: gathers the context the core needs from the workspace: the holiday calendar (loaded
// lazily, once per session), the team's events (.calibrate/events.yaml, .ics), and deploys from git.
import * as vscode from 'vscode';
import type { ReportConfig } from '../core/config/reportConfig';
import type { Dataset } from '../core/types';
import { Explainer, HolidayCalendar, mappingFromDimensions, type ContextEvent, type Deploy } from '../core/context';
import { loadWorkspaceEvents } from '../context/workspaceEvents';
import { readGitDeploys } from '../context/gitDeploys';

let calendar: Promise<HolidayCalendar> | undefined;

export interface ReportContext {
  readonly explainer: Explainer | undefined;
  readonly warnings: string[];
}

/** Rejects with the signal's AbortError when a newer load supersedes this one (git is stopped too). */
export async function loadReportContext(folder: vscode.WorkspaceFolder, config: ReportConfig, data: Dataset, signal?: AbortSignal): Promise<ReportContext> {
  const warnings: string[] = [];
  const root = folder.uri.fsPath;
  const cancel = signal ? { signal } : {};
  calendar ??= HolidayCalendar.load();
  const [cal, ev, git] = await Promise.all([
    calendar.catch(e => { warnings.push(`Holidays unavailable: ${(e as Error).message}`); calendar = undefined; return undefined; }),
    loadWorkspaceEvents(root, { defaultZone: config.timezone, from: data.start, to: data.end, ...cancel }).catch(e => ({ events: [] as ContextEvent[], errors: [e as Error] })),
    // git runs only in trusted workspaces: a repository's config can make git run programs.
    vscode.workspace.isTrusted
      ? readGitDeploys({ cwd: root, from: data.start, to: data.end, ...cancel })
      : Promise.resolve({ deploys: [] as Deploy[], warnings: ['Deploys from git are read only in a trusted workspace.'] }),
  ]);
  signal?.throwIfAborted(); // the events' errors may only be the cancellation
  for (const e of ev.errors) warnings.push(e.message);
  // "no repository" is normal for a data-only folder: keep it quiet.
  for (const w of git.warnings) if (!/not a git repository|not inside a git work tree/.test(w)) warnings.push(`Deploys: ${w}`);
  const ratios = Object.fromEntries(config.metrics.filter(m => m.ratio).map(m => [m.id, m.ratio!]));
  const explainer = new Explainer({
    dataset: data, reportZone: config.timezone, mapping: mappingFromDimensions(config.dimensions),
    events: ev.events, deploys: git.deploys, ...(cal ? { calendar: cal } : {}),
    ...(config.asOf !== undefined ? { asOf: config.asOf } : {}), settleMinutes: config.settleMinutes, ratios,
  });
  return { explainer, warnings };
}
