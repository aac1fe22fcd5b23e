// The investigation view's HTML: the report's strict CSP (csp.ts) with a fresh nonce, only local
// bundles, no inline script or style. Everything dynamic is drawn by dist/webview/investigation.js.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { reportCsp, RESOURCE_ROOTS } from './csp';

/** The view's bundle, beside the report's in dist/webview/: that folder stays the only script root. */
export const INVESTIGATION_SCRIPT = ['dist', 'webview', 'investigation.js'] as const;

/** Attribute-safe text (the log name and folder URI are ours, but a name comes from a file name). */
const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * `log`: the log's name and its folder's URI, written on <body> so the view can save them with
 * setState: VS Code hands that state back to the serializer after a reload, which reopens the same log.
 */
export function investigationHtml(webview: vscode.Webview, extensionUri: vscode.Uri, log: { name: string; folder: string }): string {
  const nonce = randomBytes(18).toString('base64');
  const uri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${reportCsp(webview.cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${uri('media', 'report.css')}">
<link rel="stylesheet" href="${uri('media', 'investigation.css')}">
<title>Investigation</title>
</head>
<body data-log="${attr(log.name)}" data-folder="${attr(log.folder)}">
<main id="app" aria-busy="true"><p class="status" role="status">Loading the investigation…</p></main>
<script nonce="${nonce}" src="${uri(...INVESTIGATION_SCRIPT)}"></script>
</body>
</html>`;
}

/** Scripts on; resources only from the bundles' folder and media/. Kept while hidden: a half-written draft survives a tab switch. */
export function investigationWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    retainContextWhenHidden: true,
    localResourceRoots: RESOURCE_ROOTS.map(p => vscode.Uri.joinPath(extensionUri, ...p)),
  };
}
