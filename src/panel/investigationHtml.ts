// The investigation view's HTML: the report's strict CSP (csp.ts) with a fresh nonce, and its bundle
// and stylesheets carried inside the document under that nonce (inlineDocument.ts, ADR 0025), so the
// view draws as soon as VS Code writes it. Everything dynamic is drawn by the bundle with textContent.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { FIRST_STATE_ELEMENT_ID } from '../messaging/investigationProtocol';
import { reportCsp, RESOURCE_ROOTS } from './csp';
import { inlineDocument } from './inlineDocument';
import { webviewAsset } from './webviewAssets';

/** The view's bundle, beside the report's in dist/webview/: that folder stays the only script root. */
export const INVESTIGATION_SCRIPT = ['dist', 'webview', 'investigation.js'] as const;
const STYLESHEETS = [
  ['media', 'report.css'],
  ['media', 'investigation.css'],
] as const;

/**
 * `log`: the log's name and its folder's URI, written on <body> so the view can save them with
 * setState: VS Code hands that state back to the serializer after a reload, which reopens the same log.
 * `first`: the state message to draw at once, when the host knows it (the view checks it like a message).
 */
export function investigationHtml(webview: vscode.Webview, extensionUri: vscode.Uri, log: { name: string; folder: string }, first?: unknown): string {
  const nonce = randomBytes(18).toString('base64');
  const asset = (...p: string[]) => webviewAsset(webview, extensionUri, p);
  return inlineDocument({
    nonce,
    csp: reportCsp(webview.cspSource, nonce, { inlineStyles: true }),
    title: 'Investigation',
    styles: STYLESHEETS.map(p => asset(...p)),
    script: asset(...INVESTIGATION_SCRIPT),
    body: { 'data-log': log.name, 'data-folder': log.folder },
    loading: 'Loading the investigation…',
    ...(first !== undefined ? { data: { id: FIRST_STATE_ELEMENT_ID, value: first } } : {}),
  });
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
