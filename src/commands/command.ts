import type * as vscode from 'vscode';
import type { ReportPanels } from '../panel/panelManager';
import type { ReportServices } from '../services/reportServices';
import type { Logger } from '../util/logger';
import type { CommandId } from './ids';
import type { TriageCursor } from './triage';
import type { GitShowDocuments } from './deployCommit';
import type { InvestigateDeps } from './investigate';
import type { PresenceServices } from '../services/presenceServices';
import type { FindingsUi } from '../findings/writeFinding';

/** What commands may use, built once by the composition root (src/extension.ts). */
export interface CommandDeps extends InvestigateDeps {
  /** The open report panels, one per folder. */
  readonly panels: ReportPanels;
  /** The report of each folder (its latest snapshot, loads, cache): for commands that read the analysis. */
  readonly reports: ReportServices;
  /** Per-workspace storage: the report's folder survives a window reload in a multi-root workspace. */
  readonly workspaceState: vscode.Memento;
  /** Where Next/Previous Anomaly are in the triage list, per folder. */
  readonly cursor: TriageCursor;
  /** The read-only documents of `git show` (a deploy's commit, from triage). */
  readonly gitShow: GitShowDocuments;
  readonly log: Logger;
  /** Presence and follow mode (issue 12). */
  readonly presence?: PresenceServices;
  /** Findings (issue 13): the blameless warnings and the regenerated texts shown in a diff. */
  readonly findings: FindingsUi;
  /** The extension's private storage (context.globalStorageUri): drills keep their hidden truth there, outside every workspace. */
  readonly globalStorage: vscode.Uri;
  /** This window is a Live Share guest (ADR 0016): drills are the host's to start and reveal. */
  readonly guest?: () => boolean;
}

/** One palette command: its id (contributed in package.json) and what it does. */
export interface Command<Id extends CommandId = CommandId> {
  readonly id: Id;
  run(deps: CommandDeps, ...args: unknown[]): unknown;
}
