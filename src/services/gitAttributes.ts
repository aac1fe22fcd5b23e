// The first investigation log of a folder: git should merge the logs line by line (both sides'
// events kept), so .gitattributes gets `merge=union` for them. Only ever appended to: a user's
// own attributes are never rewritten. The user is told what was added and why.
import * as vscode from 'vscode';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../util/logger';
import { UNION_LINE, withUnionMerge } from './unionMerge';

export async function ensureUnionMerge(folder: vscode.WorkspaceFolder, log: Logger): Promise<void> {
  const path = join(folder.uri.fsPath, '.gitattributes');
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'ENOENT') throw e;
  }
  const add = withUnionMerge(text);
  if (!add) return;
  await appendFile(path, add, 'utf8');
  log.info('investigations', `added "${UNION_LINE}" to .gitattributes`);
  void vscode.window
    .showInformationMessage(
      'Calibrate added a line to .gitattributes so that git merges investigation logs line by line (merge=union): two people appending on two branches keep both sides’ events.',
      'Open .gitattributes',
    )
    .then(pick => pick && vscode.window.showTextDocument(vscode.Uri.file(path)));
}
