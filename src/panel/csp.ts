// The report webview's Content-Security-Policy and the folders it may load from, apart from the
// VS Code API (html.ts) so that tests can check them.

/** The webview bundle, alone in its folder: that folder, not dist/ with the host's code, is a resource root. */
export const WEBVIEW_SCRIPT = ['dist', 'webview', 'webview.js'] as const;

/** The only folders of the extension the webview may load: its bundle's and the stylesheet's. */
export const RESOURCE_ROOTS: readonly (readonly string[])[] = [WEBVIEW_SCRIPT.slice(0, -1), ['media']];

/**
 * Nothing by default; styles, fonts and images from the extension; the one script by its nonce.
 * base-uri 'none': injected markup cannot re-point relative URLs with a <base>; form-action 'none':
 * nor send a form anywhere (neither falls back to default-src). `inlineStyles`: the page's own
 * <style> elements apply too, by the same nonce (inlineDocument.ts); never 'unsafe-inline'.
 */
export function reportCsp(cspSource: string, nonce: string, opts: { inlineStyles?: boolean } = {}): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}${opts.inlineStyles ? ` 'nonce-${nonce}'` : ''}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
