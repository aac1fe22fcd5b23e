// The report panels: at most one per workspace folder, opened or revealed by the commands and
// restored by the serializer, each a view of its folder's report service. Keeps the
// `calibrate.reportOpen` context key (it enables Refresh) true while any panel is open.
import * as vscode from 'vscode';
import type { ReportServices } from '../services/reportServices';
import { reportWebviewOptions } from './html';
import { ReportPanel, type AnomalyTarget, type ReportPanelDeps } from './reportPanel';

export class ReportPanels implements vscode.Disposable {
  private readonly panels = new Map<string, ReportPanel>();
  /** The panel last focused: the one the Refresh command and a second Open act on. */
  private focused: ReportPanel | undefined;

  constructor(
    private readonly deps: ReportPanelDeps,
    private readonly services: ReportServices,
  ) {}

  /** The panel last focused, else any open one. */
  get active(): ReportPanel | undefined {
    return this.focused ?? this.panels.values().next().value;
  }

  /** The folder's panel, revealed; opened if it has none. */
  show(folder: vscode.WorkspaceFolder | undefined): ReportPanel {
    const open = this.panels.get(keyOf(folder));
    if (open) {
      open.reveal();
      return open;
    }
    // A folder that is not one of the window's (a drill's, ADR 0021) names its tab, so it is never taken for the team's report.
    const own = folder && vscode.workspace.workspaceFolders?.some(f => f.uri.toString() === folder.uri.toString());
    const panel = vscode.window.createWebviewPanel(
      ReportPanel.viewType,
      !folder || own ? 'Metrics Report' : `${folder.name}: Metrics Report`,
      vscode.ViewColumn.Active,
      reportWebviewOptions(this.deps.extensionUri),
    );
    return this.adopt(panel, folder);
  }

  /** The folder's panel, opened or brought forward, on one anomaly (its card open, its chart zoomed to it). */
  async reveal(folder: vscode.WorkspaceFolder | undefined, anomaly: AnomalyTarget): Promise<ReportPanel> {
    const panel = this.show(folder);
    panel.revealAnomaly({ metric: anomaly.metric, start: anomaly.start, end: anomaly.end });
    return panel;
  }

  /** The open panel of this folder, if any. */
  get(folder: vscode.WorkspaceFolder | undefined): ReportPanel | undefined {
    return this.panels.get(keyOf(folder));
  }

  /** A panel VS Code restored after a reload (the serializer): it replaces any open for the same folder. */
  revive(panel: vscode.WebviewPanel, folder: vscode.WorkspaceFolder | undefined): ReportPanel {
    this.panels.get(keyOf(folder))?.dispose();
    panel.webview.options = reportWebviewOptions(this.deps.extensionUri);
    return this.adopt(panel, folder);
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
  }

  private adopt(webviewPanel: vscode.WebviewPanel, folder: vscode.WorkspaceFolder | undefined): ReportPanel {
    const key = keyOf(folder);
    const panel = new ReportPanel(webviewPanel, this.deps, folder, folder ? this.services.get(folder) : undefined);
    this.panels.set(key, panel);
    this.focused = panel;
    void vscode.commands.executeCommand('setContext', 'calibrate.reportOpen', true);
    webviewPanel.onDidChangeViewState(e => {
      if (e.webviewPanel.active && !panel.isClosed) this.focused = panel;
    });
    webviewPanel.onDidDispose(() => {
      if (this.panels.get(key) === panel) this.panels.delete(key);
      if (this.focused === panel) this.focused = undefined;
      if (this.panels.size === 0) void vscode.commands.executeCommand('setContext', 'calibrate.reportOpen', false);
    });
    return panel;
  }
}

function keyOf(folder: vscode.WorkspaceFolder | undefined): string {
  return folder?.uri.toString() ?? '';
}
