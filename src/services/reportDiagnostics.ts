// The report's problems in VS Code's Problems panel: one diagnostic collection, refreshed from each
// folder's report state (problemDiagnostics.ts says which), with quick actions on them to open the
// report or rebuild it once the file is fixed. A folder's diagnostics go with its report service.
import * as vscode from 'vscode';
import { diagnosticsOf, type FileDiagnostic } from './problemDiagnostics';
import type { ReportState } from './reportService';

const SOURCE = 'Calibrate';
const SEVERITY: Record<FileDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

export class ReportDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('calibrate');
  /** The files each folder has diagnostics on, so a newer state clears what it no longer reports. */
  private readonly files = new Map<string, vscode.Uri[]>();
  private readonly actions: vscode.Disposable;
  private disposed = false;

  constructor() {
    this.actions = vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new ReportProblemActions(), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    });
  }

  /** The folder's report changed: its diagnostics become this state's. */
  show(folder: vscode.WorkspaceFolder, state: ReportState): void {
    if (this.disposed) return;
    this.clear(folder);
    const uris: vscode.Uri[] = [];
    for (const [file, list] of diagnosticsOf(state)) {
      const uri = vscode.Uri.joinPath(folder.uri, ...file.split('/'));
      uris.push(uri);
      this.collection.set(
        uri,
        list.map(d => {
          // The end of the line is not known without reading the file: a long range, clamped by the editor.
          const diagnostic = new vscode.Diagnostic(new vscode.Range(d.line, d.character, d.line, d.character + 1_000), d.message, SEVERITY[d.severity]);
          diagnostic.source = SOURCE;
          return diagnostic;
        }),
      );
    }
    this.files.set(folder.uri.toString(), uris);
  }

  /** The folder left the workspace (or its report service ended). */
  clear(folder: vscode.WorkspaceFolder): void {
    if (this.disposed) return; // the services may end after the collection, on deactivation
    for (const uri of this.files.get(folder.uri.toString()) ?? []) this.collection.delete(uri);
    this.files.delete(folder.uri.toString());
  }

  dispose(): void {
    this.disposed = true;
    this.actions.dispose();
    this.collection.dispose();
  }
}

/** On a Calibrate diagnostic: open the report, or rebuild it after fixing the file. */
class ReportProblemActions implements vscode.CodeActionProvider {
  provideCodeActions(_doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter(d => d.source === SOURCE);
    if (!ours.length) return [];
    const action = (title: string, command: string): vscode.CodeAction => {
      const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      a.command = { title, command };
      a.diagnostics = ours;
      return a;
    };
    return [
      action('Calibrate: Open the metrics report', 'calibrate.openReport'),
      action('Calibrate: Refresh the report (after fixing this)', 'calibrate.refreshReport'),
    ];
  }
}
