// Composition root: everything Calibrate does in VS Code is wired here, once.
import * as vscode from 'vscode';
import { createLogger } from './util/logger';
import { ReportPanel, type LoadOutcome, type RenderedReport, type ReportPanelDeps } from './panel/reportPanel';
import { registerCommands } from './commands';
import type { CommandDeps } from './commands/command';
import { openReport } from './commands/openReport';
import { restoreFolder } from './commands/pickFolder';
import { readSettings } from './settings';

/** What activate() returns: used by the integration tests and by other extensions. */
export interface CalibrateApi {
  readonly activatedInMs: number;
  /** Resolves with the next report the webview draws. */
  nextRender(timeoutMs?: number): Promise<RenderedReport>;
  /** How many report loads ended each way since activation (a superseded load must stop early). */
  loadOutcomes(): Readonly<Record<LoadOutcome, number>>;
}

export function activate(context: vscode.ExtensionContext): CalibrateApi {
  const t0 = Date.now();
  const channel = vscode.window.createOutputChannel('Calibrate', { log: true });
  const log = createLogger(channel);
  const renderWaiters: ((r: RenderedReport) => void)[] = [];
  const outcomes: Record<LoadOutcome, number> = { analysed: 0, stopped: 0 };
  const deps: ReportPanelDeps = {
    extensionUri: context.extensionUri,
    log,
    clock: () => Date.now(),
    onRendered: r => renderWaiters.splice(0).forEach(w => w(r)),
    onLoadEnded: o => { outcomes[o]++; },
  };

  const commandDeps: CommandDeps = { panel: deps, workspaceState: context.workspaceState };

  context.subscriptions.push(
    channel,
    vscode.window.registerWebviewPanelSerializer(ReportPanel.viewType, {
      deserializeWebviewPanel: async panel => { ReportPanel.revive(panel, deps, await restoreFolder(context.workspaceState)); },
    }),
    { dispose: () => ReportPanel.active?.dispose() },
  );
  registerCommands(context, commandDeps);

  // Opening on startup reads workspace files with no click: an untrusted workspace cannot switch it on (settings.ts).
  if (readSettings(vscode.workspace).openReportOnStartup) void openReport.run(commandDeps);
  const activatedInMs = Date.now() - t0;
  log.info('activate', `activated in ${activatedInMs} ms`);
  return {
    activatedInMs,
    loadOutcomes: () => ({ ...outcomes }),
    nextRender: (timeoutMs = 60_000) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no report rendered within ${timeoutMs} ms`)), timeoutMs);
      renderWaiters.push(r => { clearTimeout(timer); resolve(r); });
    }),
  };
}

export function deactivate(): void { /* everything is in context.subscriptions */ }
