// The command registry: every palette command, one per file, registered once by activate().
import * as vscode from 'vscode';
import type { Command, CommandDeps } from './command';
import type { CommandId } from './ids';
import { openReport } from './openReport';
import { refreshReport } from './refreshReport';

/** By id: the type makes a command missing from ids.ts, or an id without its command, a compile error. */
const commands: { readonly [Id in CommandId]: Command<Id> } = {
  'calibrate.openReport': openReport,
  'calibrate.refreshReport': refreshReport,
};

export function registerCommands(context: vscode.ExtensionContext, deps: CommandDeps): void {
  for (const c of Object.values(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(c.id, (...args: unknown[]) => c.run(deps, ...args)));
  }
}

