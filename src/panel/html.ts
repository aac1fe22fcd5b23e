// The report webview's HTML: a strict CSP with a fresh crypto nonce, only local bundles, and no
// inline script or style. Everything dynamic is rendered by dist/webview/webview.js with textContent.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { reportCsp, RESOURCE_ROOTS, WEBVIEW_SCRIPT } from './csp';

/** Each webview part's own stylesheet, after report.css (which holds the palette). */
const STYLESHEETS = ['insights.css', 'context.css', 'heatmap.css'];

/** `diagnostics`: switch the webview's test instrumentation channel on (test and development modes only). */
export function reportHtml(webview: vscode.Webview, extensionUri: vscode.Uri, opts: { diagnostics: boolean }): string {
  const nonce = randomBytes(18).toString('base64');
  const uri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  const csp = reportCsp(webview.cspSource, nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${uri('media', 'report.css')}">
${STYLESHEETS.map(css => `<link rel="stylesheet" href="${uri('media', css)}">`).join('\n')}
<title>Metrics report</title>
</head>
<body${opts.diagnostics ? ' data-diagnostics="on"' : ''}>
<main id="app" aria-busy="true"><p class="status" role="status">Loading the metrics report…</p></main>
<script nonce="${nonce}" src="${uri(...WEBVIEW_SCRIPT)}"></script>
</body>
</html>`;
}

/** Webview options: scripts on, resources only from the webview bundle's folder and media/ (not dist/, which holds the host's code). */
export function reportWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    // Keep the drawn report while its tab is hidden: switching back shows it at once, with the
    // reader's place (scroll, open cards, chart zoom) intact, instead of rebuilding the page. See ADR 0012.
    retainContextWhenHidden: true,
    localResourceRoots: RESOURCE_ROOTS.map(p => vscode.Uri.joinPath(extensionUri, ...p)),
  };
}
