// Palette triage as a user sees it: the packaged .vsix in code-server, driven in headless Chromium.
// Triage Anomalies from the palette, pick the deploy incident, and the panel opens on that anomaly:
// its card expanded and the chart zoomed to its window.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openDemoWorkbench, findFrame, runCommand } from './workbench';

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'test-results');
const HOUR = 3_600_000;

describe('palette triage in the browser (e2e)', function () {
  let workbench: Awaited<ReturnType<typeof openDemoWorkbench>> | undefined;
  let page: Page;
  let frame: Frame;

  before(async function () {
    this.timeout(900_000);
    workbench = await openDemoWorkbench('calibrate-e2e-triage-');
    page = workbench.page;
  });

  after(async () => {
    await workbench?.close();
  });

  it('shows the anomaly count in the status bar before any report is open', async () => {
    // The workspace has a report config: the item is there, and names no count until a report loads.
    const item = page.locator('.statusbar-item', { hasText: /Anomalies|anomal/ }).first();
    await item.waitFor({ state: 'visible', timeout: 60_000 });
  });

  it('triages from the palette: the deploy incident opens the panel on its anomaly, card expanded, chart zoomed', async () => {
    const t0 = Date.now();
    await runCommand(page, 'Calibrate: Triage Anomalies');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Deploy ios-v7.4.0' }).first();
    await row.waitFor({ state: 'visible', timeout: 90_000 });
    console.log(`      [measure] palette to incidents listed: ${Date.now() - t0} ms`);
    const text = await row.innerText();
    assert.match(text, /▼ −\d+% Deploy ios-v7\.4\.0: \d metrics, Tue \d\d:00–\d\d:00, platform=ios/);
    assert.match(text, /Deploy · likely \(\d+(–\d+)?%\)/);
    await row.click();

    frame = await findFrame(page, '.anomaly.revealed details[open]');
    const card = frame.locator('.anomaly.revealed').first();
    assert.match(await card.locator('summary').first().innerText(), /likely: Deploy ios-v7\.4\.0 \(\d+%\)/);
    assert.equal(await frame.locator('.anomaly details[open]').count(), 1, 'only that card is expanded');
    const metric = await card.getAttribute('data-metric');
    const start = Number(await card.getAttribute('data-start'));
    // The chart charts the anomaly's metric, zoomed to its window with six hours either side.
    await frame.waitForSelector('#week-chart[data-zoomed="true"]');
    assert.equal(await frame.locator('table.report tbody tr.selected').getAttribute('data-metric'), metric);
    const canvas = frame.locator('#week-chart');
    const xMin = Number(await canvas.getAttribute('data-x-min'));
    const xMax = Number(await canvas.getAttribute('data-x-max'));
    assert.equal(xMin, start - 6 * HOUR);
    assert.ok(xMax - xMin > 12 * HOUR && xMax - xMin < 48 * HOUR, `zoomed to ${(xMax - xMin) / HOUR} hours, not the week`);
    console.log(`      [measure] palette to anomaly revealed: ${Date.now() - t0} ms`);
    // The screenshot shows the zoomed chart below the expanded card.
    await frame.evaluate(() => document.querySelector('.chart-box')?.scrollIntoView({ block: 'end' }));
    await page.waitForTimeout(500);
    fs.mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: path.join(OUT, 'triage.png') });
    // The status bar now counts the report's anomalies.
    await page
      .locator('.statusbar-item', { hasText: /\d+ anomal/ })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('"Show the whole week" zooms back out', async () => {
    await frame.locator('vscode-button.whole-week').click();
    await frame.waitForSelector('#week-chart[data-zoomed="false"]');
    const canvas = frame.locator('#week-chart');
    const span = Number(await canvas.getAttribute('data-x-max')) - Number(await canvas.getAttribute('data-x-min'));
    assert.ok(span > 6 * 24 * HOUR, `the whole week again (${span / HOUR} hours)`);
  });

  it('opens the triage with its keybinding (Ctrl+K Ctrl+Alt+A)', async () => {
    await page
      .locator('.monaco-workbench')
      .click({ position: { x: 5, y: 200 } })
      .catch(() => {});
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+Alt+A');
    const title = page.locator('.quick-input-widget .quick-input-title', { hasText: 'Triage anomalies' });
    await title.waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.press('Escape');
  });
});
