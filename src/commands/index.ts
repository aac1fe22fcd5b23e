// The command registry: every palette command, one per file, registered once by activate().
import * as vscode from 'vscode';
import type { Command, CommandDeps } from './command';
import type { CommandId } from './ids';
import { openReport } from './openReport';
import { nextAnomaly } from './nextAnomaly';
import { previousAnomaly } from './previousAnomaly';
import { refreshReport } from './refreshReport';
import { triage } from './triage';
import { createDemo } from './createDemo';
import { openReportData } from './openReportData';
import { openReportConfig } from './openReportConfig';
import { startInvestigation } from './startInvestigation';
import { openInvestigation } from './openInvestigation';
import { passLead } from './passLead';
import { followLead } from './followLead';
import { writePostmortem } from './writePostmortem';
import { linkCommit } from './linkCommit';
import { weeklyReview } from './weeklyReview';
import { myProgress } from './myProgress';
import { startDrill } from './startDrill';
import { revealDrill } from './revealDrill';
import { setSourceCredentials } from './setSourceCredentials';
import { recordDecision } from './recordDecision';

/** By id: the type makes a command missing from ids.ts, or an id without its command, a compile error. */
const commands: { readonly [Id in CommandId]: Command<Id> } = {
  'calibrate.openReport': openReport,
  'calibrate.refreshReport': refreshReport,
  'calibrate.triage': triage,
  'calibrate.nextAnomaly': nextAnomaly,
  'calibrate.previousAnomaly': previousAnomaly,
  'calibrate.createDemo': createDemo,
  'calibrate.openReportData': openReportData,
  'calibrate.openReportConfig': openReportConfig,
  'calibrate.startInvestigation': startInvestigation,
  'calibrate.openInvestigation': openInvestigation,
  'calibrate.passLead': passLead,
  'calibrate.followLead': followLead,
  'calibrate.writePostmortem': writePostmortem,
  'calibrate.linkCommit': linkCommit,
  'calibrate.weeklyReview': weeklyReview,
  'calibrate.myProgress': myProgress,
  'calibrate.startDrill': startDrill,
  'calibrate.revealDrill': revealDrill,
  'calibrate.setSourceCredentials': setSourceCredentials,
  'calibrate.recordDecision': recordDecision,
};

export function registerCommands(context: vscode.ExtensionContext, deps: CommandDeps): void {
  for (const c of Object.values(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(c.id, (...args: unknown[]) => c.run(deps, ...args)));
  }
}
