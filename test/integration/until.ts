// Polling for the integration tests: what the extension host does happens on its own time (file
// watchers, the git extension's scans, a webview's reply).

/** Polls `f` every 100 ms until it returns something truthy; throws naming `what` after `ms`. */
export async function until<T>(what: string, f: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  for (const end = Date.now() + ms; ;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 100));
  }
}
