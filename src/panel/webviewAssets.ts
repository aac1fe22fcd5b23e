// The webviews' bundles and stylesheets as assets for inlineDocument.ts (ADR 0025): their text,
// read once per extension host (they change only with the extension, and a rebuild reloads the host),
// and the URI to link them from when they cannot be inlined (unreadable, or no file system).
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { DocumentAsset } from './inlineDocument';

const texts = new Map<string, string | undefined>();

function fileText(uri: vscode.Uri): string | undefined {
  const key = uri.toString();
  if (!texts.has(key)) {
    try {
      texts.set(key, readFileSync(uri.fsPath, 'utf8'));
    } catch {
      texts.set(key, undefined);
    }
  }
  return texts.get(key);
}

/** One file of the extension as an asset of `webview`'s page. */
export function webviewAsset(webview: vscode.Webview, extensionUri: vscode.Uri, path: readonly string[]): DocumentAsset {
  const file = vscode.Uri.joinPath(extensionUri, ...path);
  // Read only from a file system (a web extension host has none): other URIs are linked.
  const text = file.scheme === 'file' ? fileText(file) : undefined;
  return { uri: webview.asWebviewUri(file).toString(), ...(text !== undefined ? { text } : {}) };
}
