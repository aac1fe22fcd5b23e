// The report webview's HTML: a strict CSP with a fresh crypto nonce, only local bundles, and no
// inline script or style. Everything dynamic is rendered by dist/webview/webview.js with textContent.
// Its files stay linked, unlike the investigation view's (ADR 0025): the report is opened again and
// again in a session, and a linked bundle is then served from the webview's cache (bench/panel).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { reportCsp, RESOURCE_ROOTS, WEBVIEW_SCRIPT } from './csp';
import { inlineDocument } from './inlineDocument';

/** report.css (which holds the palette), then each webview part's own stylesheet. */
const STYLESHEETS = ['report.css', 'insights.css', 'context.css', 'heatmap.css'];

/**
 * `diagnostics`: switch the webview's test instrumentation channel on (test and development modes only).
 * `folder`: the URI of the folder whose report this is, saved by the page with its UI state so the
 * serializer restores the same folder's report (a drill's stays the drill's).
 */
export function reportHtml(webview: vscode.Webview, extensionUri: vscode.Uri, opts: { diagnostics: boolean; folder?: string }): string {
  const nonce = randomBytes(18).toString('base64');
  const uri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  // Assets without text are linked (inlineDocument.ts).
  return inlineDocument({
    nonce,
    csp: reportCsp(webview.cspSource, nonce),
    title: 'Metrics report',
    styles: STYLESHEETS.map(css => ({ uri: uri('media', css) })),
    script: { uri: uri(...WEBVIEW_SCRIPT) },
    body: { ...(opts.diagnostics ? { 'data-diagnostics': 'on' } : {}), ...(opts.folder ? { 'data-folder': opts.folder } : {}) },
    loading: 'Loading the metrics report…',
  });
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
