// Calibrate: Set Data Source Credentials. A bearer token or basic auth for the remote source the
// folder's report config names (Prometheus and the engines that speak its API), kept in VS Code's
// SecretStorage under the URL's origin (src/services/sourceCredentials.ts, ADR 0022); or clear
// them. Never written to the workspace, never shown back, never logged: the log says which origin
// changed and how (bearer, basic, cleared), nothing more. The reports shown reload with them.
import * as vscode from 'vscode';
import { parseReportConfig } from '../core/config/reportConfig';
import { readSettings } from '../settings';
import { readReportConfigText } from '../workspace/reportFiles';
import { credentialOrigin } from '../services/sourceCredentials';
import type { CommandDeps } from './command';
import { reportFolder } from './reportFolder';

type Choice = vscode.QuickPickItem & { readonly kind2: 'bearer' | 'basic' | 'clear' };

/** The command (its id is listed in ids.ts and package.json, the registry in index.ts maps it). */
export const setSourceCredentials = {
  id: 'calibrate.setSourceCredentials' as const,
  async run(deps: CommandDeps, urlArg?: unknown): Promise<void> {
    if (deps.guest?.()) {
      // A guest's report is the host's, published (ADR 0016): a guest contacts no data source, so a credential here would never be used.
      void vscode.window.showInformationMessage(
        "Calibrate: as a Live Share guest you see the host's report; the data source's credentials are the host's to set.",
      );
      return;
    }
    const url = typeof urlArg === 'string' ? urlArg : await sourceUrl(deps);
    if (!url) return;
    const origin = credentialOrigin(url);
    if (!origin) {
      void vscode.window.showWarningMessage('Calibrate: the data source URL is not an http:// or https:// URL.');
      return;
    }
    const stored = await deps.reports.credentials.get(url);
    const items: Choice[] = [
      { kind2: 'bearer', label: 'Bearer token', detail: 'Sent as "Authorization: Bearer …" (Grafana Cloud, a gateway, an auth proxy)' },
      { kind2: 'basic', label: 'Basic auth', detail: 'A user name and a password' },
      ...(stored ? [{ kind2: 'clear' as const, label: 'Clear the stored credentials', detail: `Forget what is stored for ${origin}` }] : []),
    ];
    const pick = await vscode.window.showQuickPick(items, {
      title: `Credentials for ${origin}`,
      placeHolder: "Kept in VS Code's secret storage on this machine, never in the workspace",
    });
    if (!pick) return;
    if (pick.kind2 === 'clear') {
      await deps.reports.credentials.clear(url);
      deps.log.info('credentials', `cleared the credentials for ${origin}`);
      void vscode.window.showInformationMessage(`Calibrate: the credentials for ${origin} were cleared.`);
      return;
    }
    if (pick.kind2 === 'bearer') {
      const token = await secretInput(`Bearer token for ${origin}`, 'The token (it is not shown, and is stored only in secret storage)');
      if (!token) return;
      await deps.reports.credentials.set(url, { bearer: token });
    } else {
      const user = await vscode.window.showInputBox({ title: `Basic auth for ${origin}`, prompt: 'User name', ignoreFocusOut: true });
      if (!user) return;
      const password = await secretInput(`Basic auth for ${origin}`, `Password of ${user}`);
      if (password === undefined) return;
      await deps.reports.credentials.set(url, { basic: { user, password } });
    }
    deps.log.info('credentials', `stored ${pick.kind2} credentials for ${origin}`);
    void vscode.window.showInformationMessage(`Calibrate: ${pick.label.toLowerCase()} for ${origin} stored in VS Code's secret storage.`);
  },
};

function secretInput(title: string, prompt: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({ title, prompt, password: true, ignoreFocusOut: true });
}

/** The source URL of the folder's report config; a message says why there is none. */
async function sourceUrl(deps: CommandDeps): Promise<string | undefined> {
  const folder = await reportFolder(deps, 'set its data source credentials');
  if (!folder) return undefined;
  const rel = readSettings(vscode.workspace, folder).reportConfigPath;
  try {
    const source = parseReportConfig(await readReportConfigText(folder.uri.fsPath, rel), rel, { prometheus: true }).source;
    if (source.type === 'prometheus') return source.url;
    void vscode.window.showInformationMessage(`Calibrate: the report of ${folder.name} reads ${source.path}, a file: it needs no credentials.`);
  } catch (e) {
    void vscode.window.showWarningMessage(`Calibrate: the report config does not name a data source it can read: ${(e as Error).message}`);
  }
  return undefined;
}
