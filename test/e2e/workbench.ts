// Drives the real VS Code workbench (code-server) in headless Chromium: palette, webview frames.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
// @ts-expect-error plain ESM helper shared with the other runners
import { startCodeServer, launchBrowser, workbenchUrl, runtimeReady } from '../../scripts/runtime/harness.mjs';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The packaged .vsix installed into a fresh code-server on a freshly generated demo workspace, its
 * workbench loaded in Chromium (Dark Modern). `close` stops both and removes the demo.
 */
export async function openDemoWorkbench(
  prefix: string,
  onPage: (page: Page) => void = () => {},
): Promise<{ page: Page; /** The demo workspace folder on disk (tests edit its files as a user would). */ workspace: string; close(): Promise<void> }> {
  if (!runtimeReady()) execFileSync('bash', [path.join(ROOT, 'scripts/runtime/setup.sh')], { stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/package.mjs')], { stdio: 'inherit', cwd: ROOT });
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const demo = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  let cs: { stop(): Promise<void> } | undefined;
  let browser: { context: { close(): Promise<void> }; page: Page } | undefined;
  const close = async (): Promise<void> => {
    await browser?.context.close().catch(() => {});
    await cs?.stop();
    fs.rmSync(demo, { recursive: true, force: true });
  };
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'scripts/gen-demo.ts'), '--out', demo], {
      stdio: 'inherit',
      cwd: ROOT,
    });
    const workspace = path.join(demo, 'workspace');
    cs = await startCodeServer({
      workspace,
      vsix: [path.join(ROOT, `${pkg.name}-${pkg.version}.vsix`)],
      settings: { 'workbench.colorTheme': 'Default Dark Modern' },
    });
    browser = await launchBrowser(cs);
    const page = browser!.page;
    onPage(page);
    await page.goto(workbenchUrl(cs, workspace), { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
    await page.waitForSelector('.explorer-folders-view', { timeout: 120_000 });
    return { page, workspace, close };
  } catch (e) {
    await close();
    throw e;
  }
}

export async function runCommand(page: Page, title: string): Promise<void> {
  // The first attempts often miss while the extension host is still starting, and the palette's
  // input can be briefly inert under a closing dialog or notification: retry after Escape.
  for (let attempt = 1; attempt <= 20; attempt++) {
    try {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 30_000 });
      await input.fill('>' + title, { timeout: 5_000 });
      // Click the row that is exactly this command: fuzzy matching may highlight a similar one first.
      await pick(page, title, 5_000);
      return;
    } catch {
      await page.keyboard.press('Escape');
      await page.waitForTimeout(2_000);
    }
  }
  throw new Error(`command "${title}" never appeared in the palette`);
}

/** Click the quick-pick row whose accessible label starts with `label`. */
export async function pick(page: Page, label: string, timeoutMs = 10_000): Promise<void> {
  const row = page.locator(`.quick-input-list .monaco-list-row[aria-label^="${label.replace(/"/g, '\\"')}"]`).first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  await row.click();
}

/** The frame that holds our webview HTML (page > iframe.webview > inner frame); found by content. */
export async function findFrame(page: Page, selector: string, timeoutMs = 90_000, pollMs = 500): Promise<Frame> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const f of page.frames()) {
      try {
        if (await f.$(selector)) return f;
      } catch {
        /* detached or navigating */
      }
    }
    await page.waitForTimeout(pollMs);
  }
  throw new Error(`no frame shows ${selector} within ${timeoutMs} ms`);
}

/** Polls `get` until it returns something truthy. */
export async function until<T>(what: string, get: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

/** The markdown preview's frame: the one whose first heading starts with `prefix`. */
export function previewFrame(page: Page, prefix: string, timeoutMs = 60_000): Promise<{ frame: Frame; h1: string }> {
  return until(
    `a preview showing "${prefix}…"`,
    async () => {
      for (const frame of page.frames()) {
        const h1 = await frame.evaluate(() => document.querySelector('h1')?.textContent ?? '').catch(() => '');
        if (h1.startsWith(prefix)) return { frame, h1 };
      }
      return undefined;
    },
    timeoutMs,
  );
}

/** Non-transparent pixels on a canvas: > 0 means Chart.js really painted. */
export function paintedPixels(frame: Frame, canvasSelector: string): Promise<number> {
  return frame.evaluate(sel => {
    const c = document.querySelector(sel) as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]) n++;
    return n;
  }, canvasSelector);
}
