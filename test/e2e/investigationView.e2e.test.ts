// The investigation view as a user sees it: the packaged .vsix in code-server, driven in headless
// Chromium. A log with one of everything (an anomaly, hypotheses, chart/table/explanation/context
// evidence, a question, an action item, a verdict, an event from a newer Calibrate and a broken
// line) is written into the demo workspace as another window or a git pull would; Calibrate: Open
// Investigation opens it. The test reads what is drawn, writes a note with Ctrl+Enter, checks that a
// script tag and a javascript: link are shown as text, that an over-long note is refused before
// sending with the draft kept, and saves investigation-{dark,light,hc}.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openDemoWorkbench, findFrame, pick, runCommand } from './workbench';
import { eventLine, newEvent, type EventData, type EventType } from '../../src/core/investigation';

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'test-results');
const HOUR = 3_600_000;
const NAME = '2026-11-24-checkout-errors-on-android';
const TITLE = 'Checkout errors on Android (e2e)';

/** The log, written with the model's own event writer. */
function logText(): string {
  const t0 = Date.UTC(2026, 10, 24, 12);
  const place = { metric: 'orders', slice: { platform: 'android' }, start: t0, end: t0 + 3 * HOUR };
  const x = Array.from({ length: 24 }, (_, i) => t0 - 10 * HOUR + i * HOUR);
  const expected = x.map((_, i) => 400 + 60 * Math.sin(i / 4));
  const series = {
    x,
    actual: expected.map((e, i) => (i >= 10 && i < 13 ? e * 0.55 : e * 1.02)),
    expected,
    lower: expected.map(e => e - 40),
    upper: expected.map(e => e + 40),
  };
  let n = 0;
  const lines: string[] = [];
  const add = <T extends EventType>(type: T, data: EventData[T], author = 'Priya Raman'): string => {
    n++;
    const id = `e2e${String(n).padStart(5, '0')}`;
    lines.push(eventLine(newEvent({ author, now: () => t0 + n * 5 * 60_000, newId: () => id }, n - 1, type, data)));
    return id;
  };
  add('opened', {
    title: TITLE,
    origin: 'anomaly',
    anomaly: {
      ...place,
      label: 'Orders',
      direction: 'down',
      severity: 4.1,
      vsForecastPct: -44,
      zone: 'Europe/Berlin',
      series,
      explanations: [{ title: 'Deploy android-v5.2.0', confidence: 0.7 }],
      configVersion: 'e2e-cfg',
    },
  });
  add('role', { person: 'Priya Raman', role: 'lead' });
  const chart = add('evidence', { kind: 'chart', title: 'Orders on Android', place, zone: 'Europe/Berlin', series });
  add('evidence', {
    kind: 'table',
    title: 'By country',
    place,
    columns: ['country', 'actual', 'forecast'],
    rows: [
      ['DE', 120, 260],
      ['FR', 90, 180],
    ],
  });
  add('evidence', { kind: 'context', title: 'Deploy android-v5.2.0', contextKind: 'deploy', start: t0 - HOUR, detail: 'payment SDK upgrade' });
  const h = add('hypothesis', { text: 'The **payment SDK** upgrade in 5.2.0 fails on old devices' }, 'Sam Ortiz');
  add('hypothesis', { text: 'A holiday in FR' }, 'Sam Ortiz');
  add('hypothesisStatus', { hypothesis: h, status: 'supported', evidence: [chart], reason: 'Android only, from the deploy hour' });
  add('question', { text: 'Did iOS see it?' }, 'Sam Ortiz');
  add('action', { text: 'Roll back to 5.1.9', owner: 'Priya Raman' });
  add('note', { text: 'Runbook: [payments](https://example.com/runbook)' });
  lines.push(JSON.stringify({ v: 2, id: 'future0001', at: '2026-11-24T14:30:00Z', clock: 40, author: 'Ana', type: 'reaction', data: { emoji: '+1' } }) + '\n');
  lines.push('{"v":1, "id": broken line\n');
  return lines.join('');
}

describe('the investigation view in the browser (e2e)', function () {
  let workbench: Awaited<ReturnType<typeof openDemoWorkbench>> | undefined;
  let page: Page;
  let frame: Frame;
  const dialogs: string[] = [];

  before(async function () {
    this.timeout(900_000);
    workbench = await openDemoWorkbench('calibrate-e2e-investigation-', p => p.on('dialog', d => void (dialogs.push(d.message()), d.dismiss())));
    page = workbench.page;
    const dir = path.join(workbench.workspace, '.calibrate', 'investigations');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${NAME}.jsonl`), logText());
  });

  after(async () => {
    await workbench?.close();
  });

  const composerText = () => frame.locator('#composer-text');
  const lastEntry = () => frame.locator('.timeline-list .entry').last();

  it('opens from Calibrate: Open Investigation and draws the whole record', async () => {
    await runCommand(page, 'Calibrate: Open Investigation');
    await pick(page, TITLE, 60_000);
    frame = await findFrame(page, '#app .composer #composer-text');
    await frame.waitForSelector('.inv-header h1');
    assert.equal(await frame.locator('.inv-header h1').innerText(), TITLE);
    assert.match(await frame.locator('.zone-note').innerText(), /Times in Europe\/Berlin/);
    assert.match(await frame.locator('.participants').innerText(), /Priya Raman \(lead\)/);
    assert.match(await frame.locator('.anomaly-numbers').innerText(), /Actual .* vs forecast .*−44% vs forecast/);
    // Hypotheses with their status and evidence.
    assert.equal(await frame.locator('.hypothesis').count(), 2);
    const supported = frame.locator('.hypothesis.supported');
    assert.match(await supported.innerText(), /payment SDK/);
    assert.equal(await supported.locator('.md strong').innerText(), 'payment SDK', 'markdown is rendered');
    assert.match(await supported.locator('.h-evidence').innerText(), /Orders on Android/);
    // Pinned evidence: a chart (actual line over a band), a table, a context item; each with "Show in report" where it has a place.
    assert.equal(await frame.locator('.evidence-item').count(), 3);
    assert.equal(await frame.locator('.evidence-item.chart svg path.actual').count(), 1);
    assert.equal(await frame.locator('.evidence-item.chart svg path.band').count(), 1);
    assert.equal(await frame.locator('.evidence-item.table tbody tr').count(), 2);
    assert.equal(await frame.locator('.evidence-item button', { hasText: 'Show in report' }).count(), 2);
    assert.match(await frame.locator('.question').innerText(), /Did iOS see it\?/);
    assert.match(await frame.locator('.action').innerText(), /Owner: Priya Raman/);
    // The timeline: every event, the newer one named, the broken line listed with its line.
    assert.equal(await frame.locator('.timeline-list .entry').count(), 12);
    assert.match(await frame.locator('.entry.foreign').innerText(), /newer Calibrate: update to see it.*reaction/);
    assert.equal(await frame.locator('.log-problems button', { hasText: 'Open at line 13' }).count(), 1);
  });

  it('writes a note with Ctrl+Enter and shows it, the composer cleared', async () => {
    const t0 = Date.now();
    await composerText().fill('Checked the **crash dashboard**: 5.2.0 only');
    await composerText().press('Control+Enter');
    await frame.waitForFunction(() => document.querySelector('.timeline-list .entry:last-child')?.textContent?.includes('crash dashboard'), undefined, {
      timeout: 15_000,
    });
    console.log(`      [measure] Ctrl+Enter to the note in the timeline: ${Date.now() - t0} ms`);
    assert.equal(await lastEntry().locator('.md strong').innerText(), 'crash dashboard');
    assert.match(await lastEntry().locator('.who').innerText(), /\S/);
    assert.equal(await composerText().inputValue(), '');
    assert.match(await frame.locator('.composer-message').innerText(), /Written/);
  });

  it('shows a script tag and a javascript: link as text: nothing runs, nothing links', async () => {
    await composerText().fill('<script>alert(1)</script>');
    await composerText().press('Control+Enter');
    await frame.waitForFunction(() => document.querySelector('.timeline-list .entry:last-child')?.textContent?.includes('<script>'), undefined, {
      timeout: 15_000,
    });
    assert.equal(await lastEntry().locator('.md').innerText(), '<script>alert(1)</script>');
    assert.equal(await lastEntry().locator('script').count(), 0);

    await composerText().fill('[link](javascript:alert(1))');
    await composerText().press('Control+Enter');
    await frame.waitForFunction(() => document.querySelector('.timeline-list .entry:last-child')?.textContent?.includes('javascript:'), undefined, {
      timeout: 15_000,
    });
    assert.equal(await lastEntry().locator('a').count(), 0, 'no link');
    assert.equal(await lastEntry().locator('.md').innerText(), '[link](javascript:alert(1))');
    assert.equal(await frame.locator('.inv-content script, .inv-content [onerror], .inv-content [onclick]').count(), 0);
    await page.waitForTimeout(500);
    assert.deepEqual(dialogs, [], 'no alert ran');
  });

  it('refuses an over-long note before sending, and keeps the draft', async () => {
    const long = 'x'.repeat(70_000);
    await composerText().fill(long);
    assert.match(await frame.locator('.composer-message').innerText(), /This note is 70,000 characters; notes are limited to 65,536/);
    await composerText().press('Control+Enter');
    assert.equal((await composerText().inputValue()).length, 70_000, 'the draft is kept');
    assert.equal(await frame.locator('.timeline-list .entry').count(), 15, 'nothing was written');
    await composerText().fill('');
  });

  it('marks the other hypothesis rejected from its own control, with a reason', async () => {
    const other = frame.locator('.hypothesis.proposed');
    await other.locator('button', { hasText: 'Mark rejected' }).click();
    assert.equal(await frame.locator('#composer-kind').inputValue(), 'hypothesisStatus');
    await composerText().fill('No holiday in FR that day');
    await composerText().press('Control+Enter');
    await frame.waitForSelector('.hypothesis.rejected', { timeout: 15_000 });
    assert.match(await frame.locator('.hypothesis.rejected .reason').innerText(), /No holiday in FR/);
  });

  it('says so when the log is deleted, keeps the draft, and picks the log up again when it is restored', async () => {
    const file = path.join(workbench!.workspace, '.calibrate', 'investigations', `${NAME}.jsonl`);
    const text = fs.readFileSync(file, 'utf8');
    await frame.locator('#composer-kind').selectOption('note');
    await composerText().fill('A draft while the log is gone');
    fs.rmSync(file);
    await frame.waitForSelector('.gone-banner:not([hidden])', { timeout: 30_000 });
    assert.match(await frame.locator('.gone-banner').innerText(), /was deleted or moved.*your draft is kept/);
    assert.equal(await composerText().inputValue(), 'A draft while the log is gone');
    assert.ok(await frame.locator('.composer-send').isDisabled(), 'nothing can be sent to a deleted log');
    fs.writeFileSync(file, text);
    await frame.waitForSelector('.gone-banner[hidden]', { state: 'attached', timeout: 30_000 });
    assert.equal(await composerText().inputValue(), 'A draft while the log is gone');
    assert.ok(!(await frame.locator('.composer-send').isDisabled()));
    await composerText().fill('');
  });

  for (const [theme, file, bodyClass] of [
    ['', 'investigation-dark.png', 'vscode-dark'],
    ['Light Modern', 'investigation-light.png', 'vscode-light'],
    ['Dark High Contrast', 'investigation-hc.png', 'vscode-high-contrast'],
  ]) {
    it(`reads in ${theme || 'Dark Modern'} (${file})`, async () => {
      if (theme) {
        await runCommand(page, 'Preferences: Color Theme');
        await page.locator('.quick-input-widget input').fill(theme);
        await pick(page, theme);
      }
      await frame.waitForFunction(c => document.body.classList.contains(c), bodyClass, { timeout: 60_000 });
      await frame.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(1000);
      fs.mkdirSync(OUT, { recursive: true });
      await page.screenshot({ path: path.join(OUT, file) });
      // And the pinned evidence below, with the hypotheses above it.
      await frame.evaluate(() => document.getElementById('pinned')?.scrollIntoView({ block: 'center' }));
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(OUT, file.replace('.png', '-evidence.png')) });
    });
  }

  it('comes back after a window reload, with its draft (serializer + webview state)', async () => {
    await composerText().fill('A draft across a reload');
    await page.waitForTimeout(300);
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
    await page.waitForTimeout(3000); // let the old webview frames go away
    frame = await findFrame(page, '.inv-header h1');
    assert.equal(await frame.locator('.inv-header h1').innerText(), TITLE);
    assert.equal(await composerText().inputValue(), 'A draft across a reload');
    assert.equal(await frame.locator('.timeline-list .entry').count(), 16);
  });

  it('"Open at line 13" opens the log at its broken line', async () => {
    await frame.locator('.log-problems button', { hasText: 'Open at line 13' }).click();
    await page.locator('.tab', { hasText: `${NAME}.jsonl` }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.editor-container .monaco-editor .view-line', { hasText: 'broken line' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('a log of 10,000 events draws its latest 500, shows older ones on demand, and takes a note quickly', async () => {
    const name = '2026-11-25-a-long-investigation';
    const t0 = Date.UTC(2026, 10, 25, 8);
    let text = eventLine(
      newEvent({ author: 'Priya Raman', now: () => t0, newId: () => 'long000000' }, 0, 'opened', { title: 'A long investigation (e2e)', origin: 'blank' }),
    );
    for (let i = 1; i < 10_000; i++) {
      const id = `long${String(i).padStart(6, '0')}`;
      text += eventLine(
        newEvent({ author: i % 2 ? 'Sam Ortiz' : 'Priya Raman', now: () => t0 + i * 1000, newId: () => id }, i, 'note', {
          text: `Note ${i}: *checked* [it](https://example.com/${i})`,
        }),
      );
    }
    fs.writeFileSync(path.join(workbench!.workspace, '.calibrate', 'investigations', `${name}.jsonl`), text);
    const opened = Date.now();
    await runCommand(page, 'Calibrate: Open Investigation');
    await pick(page, 'A long investigation (e2e)', 60_000);
    const long = await findFrame(page, '#app[data-events="10000"] .timeline-list');
    // The view's own stamp of its first drawing (the test's frame polling is 500 ms coarse).
    const drawnAt = Number(await long.locator('#app').getAttribute('data-first-drawn-at'));
    console.log(`      [measure] open a 10,000-event log to drawn: ${drawnAt - opened} ms (seen by the test's polling after ${Date.now() - opened} ms)`);
    assert.match(await long.locator('.zone-note').innerText(), /Times in UTC/);
    assert.equal(await long.locator('.timeline-list .entry').count(), 500);
    await long.locator('button.show-older').click();
    await long.waitForFunction(() => document.querySelectorAll('.timeline-list .entry').length === 1000, undefined, { timeout: 15_000 });
    assert.match(await long.locator('button.show-older').innerText(), /of 9000 hidden/);
    const t = Date.now();
    await long.locator('#composer-text').fill('A note on a long log');
    await long.locator('#composer-text').press('Control+Enter');
    await long.waitForSelector('#app[data-events="10001"]', { timeout: 15_000 });
    const ms = Date.now() - t;
    console.log(
      `      [measure] Ctrl+Enter to shown, 10,000 events: ${ms} ms (of which drawing ${await long.locator('#app').getAttribute('data-draw-ms')} ms)`,
    );
    assert.match(await long.locator('.timeline-list .entry').last().innerText(), /A note on a long log/);
    assert.ok(ms < 3_000, `a note on a 10,000-event log took ${ms} ms to show`);
  });
});
