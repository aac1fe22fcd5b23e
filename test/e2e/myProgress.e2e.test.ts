// Calibrate: My Progress in the browser: the demo's git user (Calibrate Demo), given a learner's role
// in the demo investigation, sees the level, the next step and the investigation behind the count;
// Enter on it opens the investigation.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openDemoWorkbench, runCommand, findFrame } from './workbench';
import { eventLine, newEvent } from '../../src/core/investigation';

const OUT = path.resolve(__dirname, '../../test-results');

describe('My Progress (e2e)', function () {
  let workbench: Awaited<ReturnType<typeof openDemoWorkbench>> | undefined;
  let page: Page;
  before(async function () {
    this.timeout(900_000);
    workbench = await openDemoWorkbench('calibrate-e2e-progress-');
    page = workbench.page;
    const dir = path.join(workbench.workspace, '.calibrate/investigations');
    const log = path.join(
      dir,
      fs.readdirSync(dir).find(f => f.endsWith('.jsonl'))!,
    );
    const role = newEvent({ author: 'Priya Raman', now: () => Date.parse('2026-11-04T09:00:00Z'), newId: () => 'e2e-role-000001' }, 999, 'role', {
      person: 'Calibrate Demo',
      role: 'learner',
    });
    fs.appendFileSync(log, eventLine(role));
  });
  after(async () => {
    await workbench?.close();
  });

  it('shows my level, the next step, and opens the investigation behind a count from the keyboard', async function () {
    this.timeout(300_000);
    await runCommand(page, 'Calibrate: My Progress');
    const title = page.locator('.quick-input-title');
    await title.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await title.innerText(), /My Progress: Calibrate Demo \(you\), at shadow/);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: '1 more investigation shadowed' }).first().waitFor({ timeout: 30_000 });
    fs.mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: path.join(OUT, 'my-progress.png') });
    // Filter by typing, then Enter: the investigation opens.
    await page.keyboard.type('iOS page views');
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    await page
      .locator('.tab', { hasText: /iOS page views/ })
      .first()
      .waitFor({ timeout: 60_000 });
    // The view drawn, with the anomaly it was opened from (frozen by the demo's writer), before the screenshot.
    const view = await findFrame(page, '.inv-header h1', 90_000);
    assert.equal((await view.locator('.inv-header h1').innerText()).trim(), 'iOS page views drop after the 7.4.0 release');
    assert.match(await view.locator('.anomaly-numbers').innerText(), /Actual .* vs forecast .*−\d+% vs forecast/);
    await page.screenshot({ path: path.join(OUT, 'my-progress-opened.png') });
  });
});
