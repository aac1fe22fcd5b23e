// Composition root: everything Calibrate does in VS Code is wired here, once.
import * as vscode from 'vscode';
import { createLogger } from './util/logger';
import { ReportPanel, type RenderedReport, type ReportPanelDeps } from './panel/reportPanel';
import { ReportPanels } from './panel/panelManager';
import { ReportServices } from './services/reportServices';
import type { LoadOutcome } from './services/reportService';
import { registerCommands } from './commands';
import type { CommandDeps } from './commands/command';
import { openReport } from './commands/openReport';
import { restoreFolder } from './commands/pickFolder';
import { readSettings } from './settings';

export type { LoadOutcome } from './services/reportService';

/** What activate() returns: used by the integration tests and by other extensions. */
export interface CalibrateApi {
  readonly activatedInMs: number;
  /** Resolves with the next report the webview draws. */
  nextRender(timeoutMs?: number): Promise<RenderedReport>;
  /**
   * How report loads went since activation, summed over folders: loads started, analyses that ran
   * to the end ('analysed') or were stopped by a newer load ('stopped'), loads that ended in a
   * problem ('failed'), and requests answered from the cache, unchanged inputs ('cached').
   */
  loadOutcomes(): Readonly<Record<LoadOutcome, number>>;
}

export function activate(context: vscode.ExtensionContext): CalibrateApi {
  const t0 = Date.now();
  const channel = vscode.window.createOutputChannel('Calibrate', { log: true });
  const log = createLogger(channel);
  const renderWaiters: ((r: RenderedReport) => void)[] = [];
  const outcomes: Record<LoadOutcome, number> = { started: 0, analysed: 0, stopped: 0, failed: 0, cached: 0 };
  const reports = new ReportServices({ log, clock: () => Date.now(), onOutcome: o => { outcomes[o]++; } });
  const panelDeps: ReportPanelDeps = {
    extensionUri: context.extensionUri,
    log,
    onRendered: r => renderWaiters.splice(0).forEach(w => w(r)),
  };
  const panels = new ReportPanels(panelDeps, reports);
  const commandDeps: CommandDeps = { panels, reports, workspaceState: context.workspaceState };

  context.subscriptions.push(
    channel,
    vscode.window.registerWebviewPanelSerializer(ReportPanel.viewType, {
      deserializeWebviewPanel: async panel => { panels.revive(panel, await restoreFolder(context.workspaceState)); },
    }),
    panels,
    reports,
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
