// Every command id Calibrate registers, with no vscode import: a plain-Node unit test compares the
// list with package.json's contributes.commands, and the registry's type requires one command per id.
export const COMMAND_IDS = [
  'calibrate.openReport',
  'calibrate.refreshReport',
  'calibrate.triage',
  'calibrate.nextAnomaly',
  'calibrate.previousAnomaly',
  'calibrate.createDemo',
  'calibrate.openReportData',
  'calibrate.openReportConfig',
  'calibrate.startInvestigation',
  'calibrate.openInvestigation',
  'calibrate.passLead',
  'calibrate.followLead',
  'calibrate.writePostmortem',
  'calibrate.recordDecision',
  'calibrate.linkCommit',
  'calibrate.weeklyReview',
  'calibrate.myProgress',
  'calibrate.startDrill',
  'calibrate.revealDrill',
  'calibrate.setSourceCredentials',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];
