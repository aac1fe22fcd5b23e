// The report as a user sees it: the packaged .vsix installed into a real VS Code (code-server),
// driven in headless Chromium through the command palette.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
// @ts-expect-error plain ESM helper shared with the other runners
import { startCodeServer, launchBrowser, workbenchUrl, runtimeReady } from '../../scripts/runtime/harness.mjs';
import { findFrame, paintedPixels, runCommand } from './workbench';

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'test-results');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('metrics report in the browser (e2e)', function () {
  let cs: { stop(): Promise<void>; tmp: string; port: number; base: string };
  let browser: { context: { close(): Promise<void> } ; page: Page };
  let page: Page;
  let frame: Frame;
  let demo: string;
  const consoleErrors: string[] = [];

  before(async function () {
    this.timeout(900_000);
    if (!runtimeReady()) execFileSync('bash', [path.join(ROOT, 'scripts/runtime/setup.sh')], { stdio: 'inherit' });
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/package.mjs')], { stdio: 'inherit', cwd: ROOT });
    demo = fs.mkdtempSync(path.join(os.tmpdir(), 'calibrate-e2e-'));
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'scripts/gen-demo.ts'), '--out', demo], { stdio: 'inherit', cwd: ROOT });
    const vsix = path.join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
    cs = await startCodeServer({ workspace: path.join(demo, 'workspace'), vsix: [vsix], settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
    browser = await launchBrowser(cs);
    page = browser.page;
    page.on('console', m => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    await page.goto(workbenchUrl(cs, path.join(demo, 'workspace')), { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
    await page.waitForSelector('.explorer-folders-view', { timeout: 120_000 });
  });

  after(async () => {
    await browser?.context.close().catch(() => {});
    await cs?.stop();
    if (demo) fs.rmSync(demo, { recursive: true, force: true });
  });

  it('opens from the command palette and shows 24 hour columns with a painted chart', async () => {
    const t0 = Date.now();
    await runCommand(page, 'Calibrate: Open Metrics Report');
    frame = await findFrame(page, 'table.report');
    await frame.waitForSelector('#week-chart');
    console.log(`      [measure] palette to table visible: ${Date.now() - t0} ms`);
    assert.equal(await frame.locator('thead th[data-hour]').count(), 24);
    assert.equal(await frame.locator('tbody tr').count(), 5, 'five metrics in the demo config');
    assert.equal(await frame.locator('tbody tr').first().locator('td').count(), 24);
    await page.waitForTimeout(500);
    const painted = await paintedPixels(frame, '#week-chart');
    assert.ok(painted > 2000, `chart canvas painted (${painted} pixels)`);
    fs.mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: path.join(OUT, 'report-dark.png') });
  });

  it('flags the partial latest hour and the DST change in the demo window', async () => {
    const notes = await frame.locator('.notes').innerText();
    assert.match(notes, /still arriving/);
    assert.match(notes, /2026-11-01 has 25 hours/);
    assert.ok(await frame.locator('thead th.dst').count() > 0, 'DST-affected hours are marked');
  });

  it('has a strict CSP with a nonce and loads nothing remote', async () => {
    const csp = await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp!, /default-src 'none'/);
    assert.match(csp!, /script-src 'nonce-[A-Za-z0-9+/=]{16,}'/);
    assert.doesNotMatch(csp!, /unsafe-inline|unsafe-eval|https?:\/\/(?!.*vscode-cdn|.*vscode-resource)/);
    const scripts = await frame.evaluate(() => [...document.scripts].map(s => ({ src: s.src, nonce: s.nonce })));
    assert.ok(scripts.length >= 1 && scripts.every(s => s.nonce && !/^https?:\/\/(?!127\.0\.0\.1)/.test(s.src)), JSON.stringify(scripts));
    assert.deepEqual(consoleErrors.filter(e => /Content Security Policy|Refused to/.test(e)), []);
  });

  it('is keyboard navigable: arrows move between cells, a metric button switches the chart', async () => {
    const first = frame.locator('tbody tr').first().locator('.metric-button');
    await first.focus();
    await page.keyboard.press('ArrowRight');
    const focused = await frame.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    assert.match(focused, /^Page views at .+ last week/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await frame.waitForFunction(() => document.querySelector('#week-chart')?.getAttribute('aria-label')?.startsWith('Sign-ups'));
    assert.equal(await frame.locator('tbody tr.selected').getAttribute('data-metric'), 'signups');
  });

  for (const [theme, file, bodyClass] of [['Default Light Modern', 'report-light.png', 'vscode-light'], ['Default High Contrast', 'report-high-contrast.png', 'vscode-high-contrast']]) {
    it(`reads well in ${theme}`, async () => {
      const settings = path.join(cs.tmp, 'ud/User/settings.json');
      const s = JSON.parse(fs.readFileSync(settings, 'utf8'));
      fs.writeFileSync(settings, JSON.stringify({ ...s, 'workbench.colorTheme': theme }, null, 2));
      await frame.waitForFunction(c => document.body.classList.contains(c), bodyClass, { timeout: 60_000 });
      await page.waitForTimeout(1000);
      // Text against the panel background must meet WCAG AA (4.5:1).
      const ratio = await frame.evaluate(() => {
        const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
        const lum = ([r, g, b]: number[]) => { const f = (v: number) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
        const td = document.querySelector('tbody td .value')!;
        const fg = lum(rgb(getComputedStyle(td).color));
        const bg = lum(rgb(getComputedStyle(document.body).backgroundColor));
        return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      });
      assert.ok(ratio >= 4.5, `contrast ${ratio.toFixed(2)} in ${theme}`);
      await page.screenshot({ path: path.join(OUT, file) });
    });
  }
});
