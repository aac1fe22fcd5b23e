import type * as vscode from 'vscode';
import type { ReportPanels } from '../panel/panelManager';
import type { ReportServices } from '../services/reportServices';
import type { CommandId } from './ids';

/** What commands may use, built once by the composition root (src/extension.ts). */
export interface CommandDeps {
  /** The open report panels, one per folder. */
  readonly panels: ReportPanels;
  /** The report of each folder (its latest snapshot, loads, cache): for commands that read the analysis. */
  readonly reports: ReportServices;
  /** Per-workspace storage: the report's folder survives a window reload in a multi-root workspace. */
  readonly workspaceState: vscode.Memento;
}

/** One palette command: its id (contributed in package.json) and what it does. */
export interface Command<Id extends CommandId = CommandId> {
  readonly id: Id;
  run(deps: CommandDeps, ...args: unknown[]): unknown;
}
