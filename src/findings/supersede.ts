// "Supersedes ADR N", the other way (issue 13): once the new ADR is written, the old one's status is
// set to "superseded by [ADR M](…)" as an ordinary edit of its document, shown beside and left
// unsaved. The user sees it dirty, undoes it with Ctrl+Z, or saves it when they agree: Calibrate
// never changes a decision record on disk behind their back. When the old ADR is open with unsaved
// words, the edit is made to the document as it is in the editor, so none of them are lost.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { supersededStatus } from '../core/findings/adrFolder';
import type { AdrPlan } from './files';

/** Marks the old ADR of `plan` superseded in its editor. Returns its path when the edit was made. */
export async function markSuperseded(plan: AdrPlan): Promise<string | undefined> {
  const old = plan.supersedes;
  if (!old) return undefined;
  const oldName = basename(old.path);
  // The open document when there is one (its unsaved text included), else the file.
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(old.path));
  // Shown first (also when there is nothing to change: the user marks it there), then read and
  // edited with no wait between, so a keystroke meanwhile cannot shift the range.
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  const text = doc.getText();
  const next = supersededStatus(text, old.newNumber, old.newFile);
  if (next === undefined) {
    void vscode.window.showInformationMessage(
      `Calibrate: the new ADR links to ADR ${old.number} (${oldName}), but that one has no status to change (no "status:" in front matter, no "## Status" section): mark it superseded by hand if you want.`,
    );
    return undefined;
  }
  if (next === text) {
    void vscode.window.showInformationMessage(`Calibrate: ADR ${old.number} (${oldName}) already says it is superseded by ADR ${old.newNumber}.`);
    return undefined;
  }
  // Only the lines that change: the rest of the document (and where the user's cursor is) stays.
  const { start, end, insert } = changedSpan(text, next);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(start), doc.positionAt(end)), insert);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showWarningMessage(
      `Calibrate: ADR ${old.number} (${oldName}) could not be marked superseded (the editor refused the edit): set its status to "superseded by ADR ${old.newNumber}" by hand.`,
    );
    return undefined;
  }
  // Auto save (the user's setting; on by default in VS Code for the Web) saves it like any edit: said so.
  const autoSave = vscode.workspace.getConfiguration('files', doc.uri).get<string>('autoSave', 'off') !== 'off';
  void vscode.window.showInformationMessage(
    `Calibrate: ADR ${old.number} (${oldName}) is marked superseded by ADR ${old.newNumber} in its editor, ` +
      (autoSave
        ? 'and your auto save setting will save it: Ctrl+Z undoes the change. Commit it with the new ADR.'
        : 'not saved. Save it to keep the change (Ctrl+Z undoes it), and commit it with the new ADR.'),
  );
  return old.path;
}

/** The one span of `before` that `after` replaces: offsets in `before`, and the text put there. */
export function changedSpan(before: string, after: string): { start: number; end: number; insert: string } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before[start] === after[start]) start++;
  let tail = 0;
  while (tail < max - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  // Never between \r and \n, nor inside a surrogate pair: widen to whole characters.
  const splits = (s: string, i: number) => i > 0 && i < s.length && ((s[i - 1] === '\r' && s[i] === '\n') || /[\ud800-\udbff]/.test(s[i - 1]!));
  while (splits(before, start)) start--;
  while (tail > 0 && splits(before, before.length - tail)) tail--;
  return { start, end: before.length - tail, insert: after.slice(start, after.length - tail) };
}
