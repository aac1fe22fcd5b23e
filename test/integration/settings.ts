// Workspace settings for integration tests, set and read back. `update()` can resolve before this
// extension host's configuration holds the new value; a test that opens the report at once may then
// read the previous test's value (a config path whose folder was already deleted).
import { isDeepStrictEqual } from 'node:util';
import * as vscode from 'vscode';

/** Set a `calibrate.*` workspace setting (undefined clears it), and wait until the host reads it back. */
export async function setCalibrateSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('calibrate').update(key, value, vscode.ConfigurationTarget.Workspace);
  const deadline = Date.now() + 5_000;
  while (!isDeepStrictEqual(vscode.workspace.getConfiguration('calibrate').inspect(key)?.workspaceValue, value)) {
    if (Date.now() > deadline) throw new Error(`calibrate.${key} did not read back as ${JSON.stringify(value)} within 5 s`);
    await new Promise(r => setTimeout(r, 20));
  }
}
