// The status bar's anomaly count: "$(pulse) 3 anomalies" over the folders with a report config,
// from their report services' latest analysis; a click opens the triage. Shown only while some
// folder has a report config (at its configured path). It never starts a load itself: before a
// report was loaded it says only that there is one to triage.
import * as vscode from 'vscode';
import type { ReportServices } from './services/reportServices';
import type { ReportState } from './services/reportService';
import { readSettings } from './settings';
import { Disposable } from './util/dispose';
import { CONFIG_WHAT } from './workspace/reportFiles';
import { resolveWorkspaceFile } from './workspace/safeFiles';

/** What the item says for the services' states: anomalies counted over the folders whose analysis is done. */
export function statusText(states: readonly (ReportState | undefined)[]): { readonly text: string; readonly tooltip: string } {
  const done = states.filter((s): s is ReportState => s?.update.type === 'snapshot' && s.update.snapshot.analysis === 'done');
  const failed = states.some(s => s?.update.type === 'loadError');
  if (!done.length) {
    return failed
      ? { text: '$(pulse) Anomalies: report problem', tooltip: 'Calibrate: the metrics report could not be built. Click to triage (it says why).' }
      : { text: '$(pulse) Anomalies', tooltip: "Calibrate: triage the anomalies of the report's 24 hours (the report loads on click)." };
  }
  const n = done.reduce((sum, s) => sum + (s.update.type === 'snapshot' ? s.update.snapshot.anomalies.length : 0), 0);
  return {
    text: `$(pulse) ${n} ${n === 1 ? 'anomaly' : 'anomalies'}`,
    tooltip: `Calibrate: ${n === 0 ? 'no anomalies' : `${n} ${n === 1 ? 'anomaly' : 'anomalies'}`} in the report's 24 hours. Click to triage.`,
  };
}

export class AnomalyStatusBar extends Disposable {
  private readonly item: vscode.StatusBarItem;
  /** The services watched, by folder URI, with their subscription. */
  private readonly watched = new Map<string, { readonly folder: vscode.WorkspaceFolder; readonly sub: vscode.Disposable }>();
  private generation = 0;

  constructor(
    private readonly reports: ReportServices,
    command: string,
  ) {
    super();
    this.item = this.register(vscode.window.createStatusBarItem('calibrate.anomalies', vscode.StatusBarAlignment.Left, 10));
    this.item.name = 'Calibrate Anomalies';
    this.item.command = command;
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan()));
    this.register(
      vscode.workspace.onDidChangeConfiguration(e => {
        if (e.affectsConfiguration('calibrate.reportConfigPath')) void this.rescan();
      }),
    );
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.rescan()));
    // A report config created or deleted (default path, or any .calibrate yaml): look again.
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/.calibrate/*.{yaml,yml}', false, true, false));
    this.register(watcher.onDidCreate(() => void this.rescan()));
    this.register(watcher.onDidDelete(() => void this.rescan()));
    this.register({
      dispose: () => {
        for (const w of this.watched.values()) w.sub.dispose();
        this.watched.clear();
      },
    });
    void this.rescan();
  }

  /** Which folders have a report config: watch their services, and show the item if any. */
  async rescan(): Promise<void> {
    const generation = ++this.generation;
    const folders = vscode.workspace.workspaceFolders ?? [];
    const has = await Promise.all(
      folders.map(f =>
        resolveWorkspaceFile(f.uri.fsPath, readSettings(vscode.workspace, f).reportConfigPath, CONFIG_WHAT).then(
          () => true,
          () => false,
        ),
      ),
    );
    if (generation !== this.generation || this.isDisposed) return; // a newer scan decides
    const keep = new Set<string>();
    folders.forEach((folder, i) => {
      if (!has[i]) return;
      const key = folder.uri.toString();
      keep.add(key);
      if (!this.watched.has(key)) this.watched.set(key, { folder, sub: this.reports.get(folder).onDidChange(() => this.update()) });
    });
    for (const [key, w] of this.watched)
      if (!keep.has(key)) {
        w.sub.dispose();
        this.watched.delete(key);
      }
    this.update();
  }

  private update(): void {
    if (this.isDisposed) return;
    if (!this.watched.size) {
      this.item.hide();
      return;
    }
    const { text, tooltip } = statusText([...this.watched.values()].map(w => this.reports.get(w.folder).current()));
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: text.replace(/^\$\([\w-]+\)\s*/, ''), role: 'button' };
    this.item.show();
  }

  /** For tests: the item's text, or undefined while hidden. */
  get shownText(): string | undefined {
    return this.watched.size ? this.item.text : undefined;
  }
}
