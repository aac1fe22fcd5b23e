// The report's context as a user acts on it (issue 10, point 8), and the VS Code surfaces around the
// panel (point 11): the packaged .vsix in code-server, driven in headless Chromium.
// A holiday says its type and learned impact; a deploy opens its commit; an event opens at its file
// and line; anyone can mark an item "expected", and the mark survives a Refresh from the editor
// title bar; a warning that names a file opens it; the Getting Started walkthrough leads to the
// first triage. Screenshots: readme-report.png (the README's), context.png, context-deploy.png,
// context-narrow.png, context-event.png, context-expected.png, context-warning.png, context-light.png,
// context-high-contrast.png, context-high-contrast-light.png, walkthrough.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openDemoWorkbench, findFrame, pick, runCommand } from './workbench';

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'test-results');
// WCAG contrast of an element's text against its own background (or the panel's, when it has
// none). A string, so the test transpiler cannot inject helpers that do not exist in the page.
const CONTRAST_OF = (selector: string) => `(() => {
  const rgba = c => { const v = (c.match(/[\\d.]+/g) || []).map(Number); return { rgb: v.slice(0, 3), a: v.length > 3 ? v[3] : 1 }; };
  const lin = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = ([r, g, b]) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  const el = document.querySelector(${JSON.stringify(selector)});
  const own = rgba(getComputedStyle(el).backgroundColor);
  const fg = lum(rgba(getComputedStyle(el).color).rgb);
  const bg = lum(own.a > 0.5 ? own.rgb : rgba(getComputedStyle(document.body).backgroundColor).rgb);
  return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
})()`;

describe('the context list and the VS Code surfaces in the browser (e2e)', function () {
  let workbench: Awaited<ReturnType<typeof openDemoWorkbench>> | undefined;
  let page: Page;
  let frame: Frame;
  let workspace = '';

  const shot = async (name: string) => {
    fs.mkdirSync(OUT, { recursive: true });
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(OUT, name) });
  };
  /** Back to the report's tab (an action opened an editor beside it). */
  const toReport = async () => {
    await page.locator('.tabs-container .tab', { hasText: 'Metrics Report' }).first().click();
    await frame.waitForSelector('.context-item', { timeout: 30_000 });
  };
  /** The status bar's cursor position of the active text editor, e.g. "Ln 12, Col 1". */
  const cursorAt = (line: number) =>
    page
      .locator('.statusbar-item', { hasText: new RegExp(`^Ln ${line}, Col 1`) })
      .first()
      .waitFor({ state: 'visible', timeout: 20_000 });

  before(async function () {
    this.timeout(900_000);
    workbench = await openDemoWorkbench('calibrate-e2e-context-');
    page = workbench.page;
    workspace = new URL(page.url()).searchParams.get('folder') ?? '';
    assert.ok(fs.existsSync(path.join(workspace, '.calibrate/events.yaml')), `the demo workspace (${workspace})`);
  });

  after(async () => {
    await workbench?.close();
  });

  it('shows the report as a reader first sees it (the README screenshot)', async () => {
    await runCommand(page, 'View: Close Primary Side Bar');
    await runCommand(page, 'Calibrate: Open Metrics Report');
    frame = await findFrame(page, '#app[data-analysis="done"] .context-item');
    await frame.waitForSelector('#week-chart');
    await page.waitForTimeout(1_000); // the chart's first paint
    await shot('readme-report.png');
  });

  it('says what each context item is: a holiday its type and learned impact', async () => {
    const holidays = frame.locator('.context-item.holiday .context-detail');
    assert.ok((await holidays.count()) > 0, 'the demo week has holidays');
    for (const text of await holidays.allInnerTexts())
      assert.match(text, /^(Public|Bank|Optional) holiday in [A-Z]{2}(-\w+)? · .+ expected [−+±]\d+%: (learned from \d+ past occurrences?|no history)/, text);
    // Every item can be marked; deploys and events also open what they point at.
    const items = frame.locator('.context-item');
    assert.equal(await frame.locator('.context-item .context-mark').count(), await items.count());
    assert.ok((await frame.locator('.context-item.deploy .context-open', { hasText: 'Open commit' }).count()) > 0);
    assert.ok((await frame.locator('.context-item.event .context-open', { hasText: /^Open events\.yaml:\d+$/ }).count()) > 0);
    await frame.evaluate(() => document.querySelector('section.context')?.scrollIntoView({ block: 'start' }));
    await shot('context.png');
    // Beside code (half a laptop screen): each item's parts stack, its buttons still there.
    await page.setViewportSize({ width: 760, height: 900 });
    await frame.evaluate(() => document.querySelector('section.context')?.scrollIntoView({ block: 'start' }));
    await shot('context-narrow.png');
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it("opens a deploy's commit (the demo's release commits change no file: their `git show`)", async () => {
    const deploy = frame.locator('.context-item.deploy', { hasText: 'ios-v7.4.0' }).first();
    await deploy.locator('.context-open').click();
    const tab = page.locator('.tabs-container .tab', { hasText: 'ios-v7.4.0.git-show' }).first();
    await tab.waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.monaco-editor .view-lines', { hasText: 'Release ios-app 7.4.0' }).first().waitFor({ timeout: 20_000 });
    await shot('context-deploy.png');
  });

  it('opens an event at its file and line', async () => {
    await toReport();
    const open = frame.locator('.context-item.event .context-open').first();
    const line = Number(/:(\d+)$/.exec(await open.innerText())?.[1]);
    assert.ok(line > 0);
    await open.click();
    await page.locator('.tabs-container .tab.active', { hasText: 'events.yaml' }).waitFor({ timeout: 20_000 });
    await cursorAt(line);
    await shot('context-event.png');
  });

  it('marks an item "expected", and the mark survives a Refresh from the editor title bar', async () => {
    await toReport();
    const deploy = frame.locator('.context-item.deploy', { hasText: 'ios-v7.4.0' }).first();
    const mark = deploy.locator('.context-mark');
    assert.equal(await mark.getAttribute('aria-pressed'), 'false');
    await mark.focus();
    await page.keyboard.press('Enter'); // the keyboard path
    await frame.waitForSelector('.context-item.deploy.expected .context-mark[aria-pressed="true"]', { timeout: 15_000 });
    assert.equal(await deploy.locator('.context-mark').innerText(), 'Expected ✓');
    await frame.evaluate(() => document.querySelector('section.context')?.scrollIntoView({ block: 'start' }));
    await shot('context-expected.png');
    // Refresh from the editor title bar: a new report, drawn anew, still carries the mark (the host holds it).
    await frame.evaluate(() => document.querySelector('.context-list')?.setAttribute('data-before-refresh', ''));
    const refresh = page.locator('.editor-actions .action-label[aria-label^="Refresh Metrics Report"]').first();
    await refresh.waitFor({ state: 'visible', timeout: 10_000 });
    assert.ok(await page.locator('.editor-actions .action-label[aria-label^="Triage Anomalies"]').first().isVisible(), 'Triage is in the title bar too');
    await refresh.click();
    await frame.waitForSelector('#app[data-analysis="done"] .context-list:not([data-before-refresh])', { timeout: 60_000 });
    await frame.waitForSelector('.context-item.deploy.expected', { timeout: 10_000 });
    // And it can be withdrawn.
    await frame.locator('.context-item.deploy.expected .context-mark').first().click();
    await frame.waitForSelector('.context-item.deploy:not(.expected) .context-mark[aria-pressed="false"]', { timeout: 15_000 });
  });

  it('lists a problem in the events file with an Open button, to its line', async () => {
    const events = path.join(workspace, '.calibrate/events.yaml');
    const original = fs.readFileSync(events, 'utf8');
    const line = original.trimEnd().split('\n').length + 2; // the broken entry's `kind:` line
    fs.writeFileSync(
      events,
      `${original.trimEnd()}\n  - name: Typo in a kind\n    kind: sport\n    start: 2026-11-02T10:00:00\n    end: 2026-11-02T11:00:00\n`,
    );
    try {
      const list = frame.locator('.note.problems details.problem-list');
      await list.waitFor({ state: 'attached', timeout: 60_000 });
      if (!(await list.evaluate(d => (d as HTMLDetailsElement).open))) await list.locator('summary').click();
      const open = frame.locator('.problem-item .note-open', { hasText: 'events.yaml' }).first();
      await open.waitFor({ state: 'visible', timeout: 60_000 });
      await frame.evaluate(() => window.scrollTo(0, 0));
      await shot('context-warning.png');
      assert.match(await open.innerText(), new RegExp(`^Open events\\.yaml:${line}$`));
      await open.click();
      await page.locator('.tabs-container .tab.active', { hasText: 'events.yaml' }).waitFor({ timeout: 20_000 });
      await cursorAt(line);
    } finally {
      fs.writeFileSync(events, original);
    }
  });

  for (const [theme, file, bodyClass] of [
    ['Light Modern', 'context-light.png', 'vscode-light'],
    ['Dark High Contrast', 'context-high-contrast.png', 'vscode-high-contrast'],
    ['Light High Contrast', 'context-high-contrast-light.png', 'vscode-high-contrast-light'],
    ['Dark Modern', undefined, 'vscode-dark'],
  ] as const) {
    it(`reads well in ${theme}: the buttons, the detail, the "expected" badge`, async () => {
      await toReport();
      await runCommand(page, 'Preferences: Color Theme');
      await page.locator('.quick-input-widget input').fill(theme);
      await pick(page, theme);
      await frame.waitForFunction(c => document.body.classList.contains(c), bodyClass, { timeout: 60_000 });
      const mark = frame.locator('.context-item.deploy .context-mark').first();
      if ((await mark.getAttribute('aria-pressed')) !== 'true') await mark.click();
      await frame.waitForSelector('.context-item.deploy.expected');
      await page.waitForTimeout(800);
      for (const sel of [
        '.context-item .context-mark',
        '.context-item.deploy .context-open',
        '.context-item .context-detail',
        '.context-item.expected .context-expected',
      ]) {
        const ratio = (await frame.evaluate(CONTRAST_OF(sel))) as number;
        assert.ok(ratio >= 4.5, `${sel}: contrast ${ratio.toFixed(2)} in ${theme}`);
      }
      await frame.evaluate(() => document.querySelector('section.context')?.scrollIntoView({ block: 'start' }));
      if (file) await shot(file);
      await frame.locator('.context-item.deploy.expected .context-mark').first().click();
      await frame.waitForSelector('.context-item.deploy:not(.expected)');
    });
  }

  it('opens the Getting Started walkthrough, whose last step runs the first triage', async () => {
    await runCommand(page, 'Welcome: Open Walkthrough...');
    await pick(page, 'Get Started with Calibrate', 30_000);
    const steps = page.locator('button.getting-started-step');
    await steps.first().waitFor({ state: 'visible', timeout: 30_000 });
    const titles = (await steps.allInnerTexts()).map(t => t.split('\n')[0].trim());
    for (const t of ['Open the demo report', 'Bring your metrics as a CSV', 'Describe them in the report config', 'Triage your first anomalies'])
      assert.ok(
        titles.some(x => x.startsWith(t)),
        `${t} in ${JSON.stringify(titles)}`,
      );
    await shot('walkthrough.png');
    const triage = page.locator('button.getting-started-step[data-step-id$="#triage"]');
    await triage.click();
    await page.locator('.getting-started-step.expanded').getByText('Triage Anomalies', { exact: true }).first().click();
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Triage anomalies' }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.press('Escape');
    await page.locator('button.getting-started-step[data-step-id$="#triage"][aria-checked="true"]').waitFor({ timeout: 15_000 });
  });
});
