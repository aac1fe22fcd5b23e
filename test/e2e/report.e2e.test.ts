// The report as a user sees it: the packaged .vsix installed into a real VS Code (code-server),
// driven in headless Chromium through the command palette.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openDemoWorkbench, findFrame, paintedPixels, pick, runCommand } from './workbench';

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'test-results');
// WCAG contrast of the first cell's text against the panel background. A string, so the test
// transpiler cannot inject helpers that do not exist in the page.
const CONTRAST_OF_FIRST_CELL = `(() => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const lin = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = ([r, g, b]) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  const fg = lum(rgb(getComputedStyle(document.querySelector('table.report tbody td .value')).color));
  const bg = lum(rgb(getComputedStyle(document.body).backgroundColor));
  return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
})()`;

describe('metrics report in the browser (e2e)', function () {
  let workbench: Awaited<ReturnType<typeof openDemoWorkbench>> | undefined;
  let page: Page;
  let frame: Frame;
  const consoleErrors: string[] = [];

  before(async function () {
    this.timeout(900_000);
    workbench = await openDemoWorkbench('calibrate-e2e-', p =>
      p.on('console', m => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      }),
    );
    page = workbench.page;
  });

  after(async () => {
    await workbench?.close();
  });

  it('opens from the command palette and shows 24 hour columns with a painted chart', async () => {
    const t0 = Date.now();
    await runCommand(page, 'Calibrate: Open Metrics Report');
    frame = await findFrame(page, 'table.report');
    await frame.waitForSelector('#week-chart');
    console.log(`      [measure] palette to table visible: ${Date.now() - t0} ms`);
    await frame.waitForSelector('#app[data-analysis="done"]', { timeout: 60_000 });
    console.log(`      [measure] palette to forecasts and explanations visible: ${Date.now() - t0} ms`);
    assert.equal(await frame.locator('thead th[data-hour]').count(), 24);
    assert.equal(await frame.locator('table.report tbody tr').count(), 5, 'five metrics in the demo config');
    assert.equal(await frame.locator('table.report tbody tr').first().locator('td:not(.pending)').count(), 24);
    assert.equal(await frame.locator('table.report tbody tr').first().locator('td.pending').count(), 1, 'and the still-arriving hour, apart');
    await page.waitForTimeout(500);
    const painted = await paintedPixels(frame, '#week-chart');
    assert.ok(painted > 2000, `chart canvas painted (${painted} pixels)`);
    fs.mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: path.join(OUT, 'report-dark.png') });
  });

  it('flags the partial latest hour and the DST change in the demo window', async () => {
    const notes = await frame.locator('.notes').innerText();
    assert.match(notes, /still arriving/);
    // US DST ended on 2026-11-01, so every hour of the window compares PST with PDT a week earlier:
    // said once, in one banner, not on each of the 24 hour headers.
    assert.equal(await frame.locator('.note.dst').count(), 1);
    assert.match(
      await frame.locator('.note.dst').innerText(),
      /^Clocks changed between the two weeks \(.*America\/Los_Angeles on Sun 1 Nov.*\): each hour is compared with the same wall-clock hour/,
    );
    assert.equal(await frame.locator('thead th.dst, thead .dst-mark').count(), 0, 'no hour header is marked');
  });

  it('lists the anomalies with likely explanations, expandable from the keyboard', async () => {
    const items = frame.locator('.anomaly');
    assert.ok((await items.count()) >= 1, 'at least one anomaly in the demo window');
    const deploy = frame.locator('.anomaly[data-metric="page_views"] summary', { hasText: 'likely: Deploy ios-v7.4.0' }).first();
    await deploy.focus();
    await page.keyboard.press('Enter');
    const details = frame.locator('.anomaly[data-metric="page_views"] details[open]').first();
    await details.waitFor({ state: 'visible' });
    const text = await details.locator('.explanations').innerText();
    assert.match(text, /Deploy ios-v7\.4\.0 \d+%/);
    assert.match(await details.locator('.where').innerText(), /^Where: platform=ios −\d+% vs last week \(\d+% of the drop\)/);
    assert.ok((await frame.locator('.context-item.holiday').count()) >= 1, 'holidays listed in the context');
  });

  it('has a strict CSP with a nonce and loads nothing remote', async () => {
    const csp = await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp!, /default-src 'none'/);
    assert.match(csp!, /script-src 'nonce-[A-Za-z0-9+/=]{16,}'/);
    assert.doesNotMatch(csp!, /unsafe-inline|unsafe-eval|https?:\/\/(?!.*vscode-cdn|.*vscode-resource)/);
    // Our one script carries the nonce and comes from the webview resource origin, which VS Code's
    // service worker answers from the extension folder (nothing goes to the network).
    const scripts = await frame.evaluate(() =>
      [...document.scripts].filter(s => s.src).map(s => ({ host: new URL(s.src).host, path: new URL(s.src).pathname, nonce: s.nonce })),
    );
    assert.equal(scripts.length, 1, JSON.stringify(scripts));
    assert.match(scripts[0].host, /\.vscode-resource\.vscode-cdn\.net$/);
    assert.match(scripts[0].path, /\/dist\/webview\/webview\.js$/);
    assert.ok(scripts[0].nonce && csp!.includes(`'nonce-${scripts[0].nonce}'`), 'the script nonce is the CSP nonce');
    const remote = await frame.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map(e => e.name)
        .filter(n => !/^(https:\/\/[^/]+\.vscode-cdn\.net|data:|blob:)/.test(n)),
    );
    assert.deepEqual(remote, []);
    assert.deepEqual(
      consoleErrors.filter(e => /Content Security Policy|Refused to/.test(e)),
      [],
    );
  });

  it('is keyboard navigable: arrows move between cells, a metric button switches the chart', async () => {
    const first = frame.locator('table.report tbody tr').first().locator('.metric-button');
    await first.focus();
    await page.keyboard.press('ArrowRight');
    const focused = await frame.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    assert.match(focused, /^Page views at .+ last week/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await frame.waitForFunction(() => document.querySelector('#week-chart')?.getAttribute('aria-label')?.startsWith('Sign-ups'));
    assert.equal(await frame.locator('table.report tbody tr.selected').getAttribute('data-metric'), 'signups');
  });

  it('comes back after a window reload, with the chosen metric (serializer + UI state)', async () => {
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
    await page.waitForTimeout(3000); // let the old webview frames go away
    frame = await findFrame(page, '#app[data-analysis="done"] table.report tbody tr.selected');
    assert.equal(await frame.locator('table.report tbody tr.selected').getAttribute('data-metric'), 'signups');
    assert.equal(await frame.locator('thead th[data-hour]').count(), 24);
  });

  for (const [theme, file, bodyClass] of [
    ['Light Modern', 'report-light.png', 'vscode-light'],
    ['Dark High Contrast', 'report-high-contrast.png', 'vscode-high-contrast'],
  ]) {
    it(`reads well in ${theme}`, async () => {
      await runCommand(page, 'Preferences: Color Theme');
      await page.locator('.quick-input-widget input').fill(theme);
      await pick(page, theme);
      await frame.waitForFunction(c => document.body.classList.contains(c), bodyClass, { timeout: 60_000 });
      await page.waitForTimeout(1000);
      // Text against the panel background must meet WCAG AA (4.5:1).
      const ratio = (await frame.evaluate(CONTRAST_OF_FIRST_CELL)) as number;
      assert.ok(ratio >= 4.5, `contrast ${ratio.toFixed(2)} in ${theme}`);
      await page.screenshot({ path: path.join(OUT, file) });
    });
  }
});
