// A workspace folder that is not on this disk: a Live Share guest's, over the vsls: scheme (ADR 0016).
// Its files are the host's, reached through the folder's URI and vscode.workspace.fs, never through
// `fsPath` (which names nothing here). A path is taken only when it stays inside the folder; the
// host's own links are the host's business (its Calibrate confines what it reads itself).
import { posix } from 'node:path';
import * as vscode from 'vscode';
import type { AdrFolderReader } from '../findings/files';

/** The folder is reached through VS Code's file system only (not a local folder). */
export const isRemoteFolder = (folder: vscode.WorkspaceFolder): boolean => folder.uri.scheme !== 'file';

/** The URI of `rel` (relative, with / or \) under the folder; throws when it is absolute or leaves the folder. */
export function uriInFolder(folder: vscode.WorkspaceFolder, rel: string, what: string): vscode.Uri {
  const parts = rel.replace(/\\/g, '/');
  const norm = posix.normalize(parts);
  if (!parts || posix.isAbsolute(parts) || /^[A-Za-z]:/.test(parts) || norm === '..' || norm.startsWith('../'))
    throw new Error(`${what} (${rel}) is not a path inside the folder`);
  return vscode.Uri.joinPath(folder.uri, ...norm.split('/').filter(p => p && p !== '.'));
}

/** The text of `rel` under the folder, at most `maxBytes`; a clear error naming the file otherwise. */
export async function readFolderText(folder: vscode.WorkspaceFolder, rel: string, what: string, maxBytes: number): Promise<string> {
  return (await readIn(folder, rel, what, maxBytes, () => {
    throw new Error(`${what} (${rel}) does not exist in ${folder.name}`);
  }))!;
}

/** As readFolderText, with one stat: `statFailed` says what a failed stat means (undefined: nothing there). */
async function readIn(
  folder: vscode.WorkspaceFolder,
  rel: string,
  what: string,
  maxBytes: number,
  statFailed: (e: unknown) => undefined,
): Promise<string | undefined> {
  const uri = uriInFolder(folder, rel, what);
  let st: vscode.FileStat;
  try {
    st = await vscode.workspace.fs.stat(uri);
  } catch (e) {
    return statFailed(e);
  }
  if (st.type !== vscode.FileType.File) throw new Error(`${what} (${rel}) is not a file`);
  if (st.size > maxBytes) throw new Error(`${what} (${rel}) is ${st.size} bytes, over the ${maxBytes} Calibrate reads`);
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/**
 * Moves `tmp` to `file`, never over an existing file. The other side may take `file` the moment it
 * appears (the host deletes what it took), and VS Code, which resolves the target after moving it,
 * then fails with EntryNotFound although the move happened. Told apart by `tmp`: gone means moved.
 */
export async function moveIntoPlace(tmp: vscode.Uri, file: vscode.Uri): Promise<void> {
  try {
    await vscode.workspace.fs.rename(tmp, file, { overwrite: false });
  } catch (e) {
    if (e instanceof vscode.FileSystemError && e.code === 'FileExists') throw e;
    const stillThere = await vscode.workspace.fs.stat(tmp).then(
      () => true,
      () => false,
    );
    if (stillThere) throw e;
  }
}

/** Not there: VS Code's FileNotFound (or, for a folder, a file in its place). */
const isMissing = (e: unknown, folderExpected = false): boolean =>
  e instanceof vscode.FileSystemError && (e.code === 'FileNotFound' || (folderExpected && e.code === 'FileNotADirectory'));

/**
 * The team's ADR folder as a guest reads it, through VS Code's file system (the host's files): the
 * conventions, the listing and each ADR, for Record Decision's "Does this decision replace an
 * earlier one?" pick. The host's Calibrate checks the number picked again when it writes.
 */
export function folderAdrReader(folder: vscode.WorkspaceFolder): AdrFolderReader {
  return {
    // One stat and one read per file: over Live Share each is a round trip to the host.
    text: (rel, maxBytes, what) =>
      readIn(folder, rel, what, maxBytes, e => {
        if (isMissing(e)) return undefined;
        throw e;
      }),
    list: async rel => {
      try {
        return (await vscode.workspace.fs.readDirectory(uriInFolder(folder, rel, 'the ADR folder'))).map(([name]) => name);
      } catch (e) {
        if (isMissing(e, true)) return undefined;
        throw e;
      }
    },
  };
}
