// Calibrate: Open Report Data. The CSV the folder's report config names (source.path): the data
// behind the report, and the walkthrough's example of the format on the demo. A config that does not
// parse is opened instead, at its problem.
import * as vscode from 'vscode';
import { parseReportConfig } from '../core/config/reportConfig';
import { InputError } from '../core/types';
import { readSettings } from '../settings';
import { openWorkspaceFile } from '../panel/reportPanel';
import { CONFIG_WHAT, readReportConfigText } from '../workspace/reportFiles';
import { MAX_YAML_BYTES } from '../workspace/safeFiles';
import { isRemoteFolder, readFolderText } from '../vsls/sharedFiles';
import type { Command } from './command';
import { reportFolder } from './reportFolder';

export const openReportData: Command<'calibrate.openReportData'> = {
  id: 'calibrate.openReportData',
  async run(deps) {
    const folder = await reportFolder(deps, 'open its report data');
    if (!folder) return;
    const rel = readSettings(vscode.workspace, folder).reportConfigPath;
    let source: string;
    try {
      // A Live Share guest's folder is the host's (vsls:): its config is read through the folder's URI.
      const text = isRemoteFolder(folder) ? await readFolderText(folder, rel, CONFIG_WHAT, MAX_YAML_BYTES) : await readReportConfigText(folder.uri.fsPath, rel);
      const config = parseReportConfig(text, rel, { prometheus: true });
      if (config.source.type === 'prometheus') {
        // A remote source: its data is on the server; the config's source is what can be opened.
        void vscode.window.showInformationMessage(`Calibrate: the report reads ${config.source.url}; its queries are in ${rel}.`);
        await openWorkspaceFile(folder, rel, config.source.at?.line, deps.log);
        return;
      }
      source = config.source.path;
    } catch (e) {
      const where = e instanceof InputError ? e : undefined;
      void vscode.window.showWarningMessage(`Calibrate: the report config does not name a CSV it can read: ${(e as Error).message}`);
      if (where?.file === rel) await openWorkspaceFile(folder, rel, where.line, deps.log);
      return;
    }
    await openWorkspaceFile(folder, source, undefined, deps.log);
  },
};
