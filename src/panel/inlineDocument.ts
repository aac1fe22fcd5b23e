// A webview document whose script and styles travel inside the HTML, each under the page's nonce.
// Why (issue 11, ADR 0025): VS Code makes a new webview visible only at its document's `load` event,
// and every linked resource is one more round trip through the webview's service worker (about 75 ms
// measured from a click on Investigate, of a 500 ms budget). Inline, with its first state written in
// as data, the view draws as soon as VS Code writes the document, without a round trip to the host.
// The CSP stays strict: nothing inline runs or applies without the nonce. An asset without text is
// linked: the report's page is built here too, with its files linked (html.ts says why).
// Pure (no vscode, no I/O): webviewAssets.ts reads the files.
import { escapeXml } from '../core/findings/text';

/** An asset to inline, or the URI to link it from when it cannot be inlined (unreadable or unsafe). */
export interface DocumentAsset {
  readonly uri: string;
  readonly text?: string;
}

export interface InlineDocumentParts {
  readonly nonce: string;
  /** The Content-Security-Policy: `'nonce-<nonce>'` for scripts, and for styles when any is inlined. */
  readonly csp: string;
  readonly title: string;
  readonly styles: readonly DocumentAsset[];
  readonly script: DocumentAsset;
  /** Attributes written on <body>, escaped here. */
  readonly body: Readonly<Record<string, string>>;
  /** What the page says until the script draws (escaped here). */
  readonly loading: string;
  /** Data for the script, as a JSON block with this id (never executed, so no nonce needed). */
  readonly data?: { readonly id: string; readonly value: unknown };
}

/**
 * JSON that can sit inside a <script> element: every `<` escaped (\u003c is the same string to
 * JSON.parse), so no `</script` or `<!--` in user text can end or bend the element.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * Can `text` sit inside a <script> or <style> element as it is? Not if it could end the element
 * early (`</script`, `</style`) or, in a script, put the HTML parser in its "double escaped" state
 * (`<!--` followed by `<script`), where a later `</script>` no longer ends it. Such text is linked.
 */
export function inlinable(kind: 'script' | 'style', text: string): boolean {
  const t = text.toLowerCase();
  if (t.includes(`</${kind}`)) return false;
  return kind === 'style' || !t.includes('<script');
}

export function inlineDocument(p: InlineDocumentParts): string {
  const nonce = escapeXml(p.nonce);
  const style = (a: DocumentAsset) =>
    a.text !== undefined && inlinable('style', a.text) ? `<style nonce="${nonce}">\n${a.text}\n</style>` : `<link rel="stylesheet" href="${escapeXml(a.uri)}">`;
  const script =
    p.script.text !== undefined && inlinable('script', p.script.text)
      ? `<script nonce="${nonce}">\n${p.script.text}\n</script>`
      : `<script nonce="${nonce}" src="${escapeXml(p.script.uri)}"></script>`;
  const body = Object.entries(p.body)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const data = p.data ? `<script type="application/json" id="${escapeXml(p.data.id)}">${jsonForScript(p.data.value)}</script>\n` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeXml(p.csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${p.styles.map(style).join('\n')}
<title>${escapeXml(p.title)}</title>
</head>
<body${body}>
<main id="app" aria-busy="true"><p class="status" role="status">${escapeXml(p.loading)}</p></main>
${data}${script}
</body>
</html>`;
}
