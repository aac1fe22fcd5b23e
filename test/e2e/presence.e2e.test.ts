// Presence and follow mode in the browser (issue 12), the packaged .vsix in code-server: the report
// is open and an investigation of a page-views anomaly started from it (I am its lead); another
// window's Ana (plain fs: her role event appended to the log, her presence file renamed into place)
// becomes lead and is shown in the report ("Ana (lead) is on Page views · anomaly …", a marker on the
// anomaly's cells); "Follow the lead" follows her; her move to another anomaly is followed within 1 s;
// a click in the report stops following ("Stopped following Ana") and her next move is not followed.
// Screenshots: test-results/presence-{dark,light}.png.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openDemoWorkbench, findFrame, pick, runCommand } from './workbench';
import { presenceFileName, type Presence } from '../../src/core/presence';

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'test-results');

describe('presence and Follow the Lead in the browser (e2e)', function () {
  let workbench: Awaited<ReturnType<typeof openDemoWorkbench>> | undefined;
  let page: Page;
  let report: Frame;
  let presenceDir = '';
  let name = '';
  const ana = randomBytes(12).toString('hex');
  /** Ana's presence as her window keeps it (rewritten every 5 s, as her heartbeat would). */
  let anaNow: Omit<Presence, 'at'> | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let first = { metric: '', start: 0 };
  let second = { metric: '', start: 0 };

  const writeAna = () => {
    if (!anaNow) return;
    fs.mkdirSync(presenceDir, { recursive: true });
    const file = presenceFileName('Ana', ana);
    const temp = path.join(presenceDir, `.${file}.${randomBytes(4).toString('hex')}.tmp`);
    fs.writeFileSync(temp, JSON.stringify({ ...anaNow, at: Date.now() }));
    fs.renameSync(temp, path.join(presenceDir, file));
  };
  const anaOn = (a: { metric: string; start: number }) => {
    anaNow = { v: 1, author: 'Ana', window: ana, investigation: name, focus: { metric: a.metric, anomaly: { metric: a.metric, start: a.start } } };
    writeAna();
  };

  /** For the screenshots: the marked cells scrolled into the table's view, the page at its top (the presence line under the header). */
  const showPresence = async () => {
    await report.evaluate(() => {
      document.querySelector('td.cell.presence-here')?.scrollIntoView({ block: 'nearest', inline: 'center' });
      window.scrollTo(0, 0);
    });
    await page.waitForTimeout(300);
  };

  before(async function () {
    this.timeout(900_000);
    workbench = await openDemoWorkbench('calibrate-e2e-presence-');
    page = workbench.page;
    presenceDir = path.join(workbench.workspace, '.calibrate', 'presence');
    await runCommand(page, 'Calibrate: Open Metrics Report');
    report = await findFrame(page, '#app[data-analysis="done"] table.report');
    fs.mkdirSync(OUT, { recursive: true });
    heartbeat = setInterval(writeAna, 5_000);
  });

  after(async () => {
    clearInterval(heartbeat);
    await workbench?.close();
  });

  it('1. opening the report writes my presence file and the .gitignore line', async () => {
    const until = Date.now() + 10_000;
    while (Date.now() < until && !(fs.existsSync(presenceDir) && fs.readdirSync(presenceDir).some(f => f.endsWith('.json')))) await page.waitForTimeout(100);
    const mine = fs.readdirSync(presenceDir).filter(f => f.endsWith('.json'));
    assert.equal(mine.length, 1, mine.join(', '));
    const p = JSON.parse(fs.readFileSync(path.join(presenceDir, mine[0]), 'utf8')) as Presence;
    assert.ok(p.focus.metric, 'the report told my focus: its charted metric');
    assert.match(fs.readFileSync(path.join(workbench!.workspace, '.gitignore'), 'utf8'), /^\.calibrate\/presence\/$/m);
  });

  it('2. an investigation of a page-views anomaly, started from the report (I am its lead)', async () => {
    const cards = report.locator('.anomaly[data-metric][data-start]');
    const all = await cards.evaluateAll(els => els.map(e => ({ metric: (e as HTMLElement).dataset.metric!, start: Number((e as HTMLElement).dataset.start) })));
    first = all.find(a => a.metric === 'page_views')!;
    second = all.find(a => a.metric !== 'page_views') ?? all.find(a => a.metric === 'page_views' && a.start !== first.start)!;
    assert.ok(first && second, JSON.stringify(all));
    const invDir = path.join(workbench!.workspace, '.calibrate', 'investigations');
    const before0 = new Set(fs.readdirSync(invDir));
    await report.locator(`tbody tr[data-metric="page_views"] td.cell[data-anomaly="page_views@${first.start}"]`).first().click();
    const investigate = report.locator('.cell-investigation .investigate-button');
    await investigate.waitFor({ state: 'visible', timeout: 15_000 });
    await investigate.click();
    await findFrame(page, '.inv-anomaly .anomaly-numbers', 30_000);
    const added = fs.readdirSync(invDir).filter(f => !before0.has(f));
    assert.equal(added.length, 1);
    name = added[0].replace(/\.jsonl$/, '');
    // Ana (another window) takes the lead: her role event, appended as her window appends.
    const text = fs.readFileSync(path.join(invDir, added[0]), 'utf8');
    const clock =
      Math.max(
        ...text
          .trim()
          .split('\n')
          .map(l => (JSON.parse(l) as { clock: number }).clock),
      ) + 1;
    const role = {
      v: 1,
      id: randomBytes(9).toString('base64url'),
      at: new Date().toISOString(),
      clock,
      author: 'Ana',
      type: 'role',
      data: { person: 'Ana', role: 'lead' },
    };
    fs.appendFileSync(path.join(invDir, added[0]), JSON.stringify(role) + '\n');
    await page.locator('.tabs-container .tab', { hasText: 'Metrics Report' }).first().click();
  });

  it('3. Ana’s presence shows in the report: who, her role, where, and a marker on the cells', async () => {
    const t0 = Date.now();
    anaOn(first);
    const person = report.locator('.presence-person[data-author="Ana"]');
    await person.waitFor({ state: 'visible', timeout: 5_000 });
    console.log(`      [measure] Ana's presence file written → shown in my report: ${Date.now() - t0} ms`);
    await report.waitForFunction(
      () => /Ana \(lead\) is on Page views · anomaly/.test(document.querySelector('.presence-person[data-author="Ana"]')?.textContent ?? ''),
      null,
      {
        timeout: 5_000,
      },
    );
    const marked = await report.locator(`td.cell.presence-here[data-anomaly="page_views@${first.start}"]`).count();
    assert.ok(marked >= 1, 'her anomaly’s cells are marked');
    assert.match(
      (await report.locator(`td.cell.presence-here[data-anomaly="page_views@${first.start}"]`).first().getAttribute('aria-label')) ?? '',
      /^Page views at .+\. Ana \(lead\) is here$/,
    );
    assert.match((await report.locator('tr[data-metric="page_views"] th.metric .presence-badge').textContent()) ?? '', /^AN Ana \(lead\) is on this metric$/);
    assert.equal(await report.locator('.presence').getAttribute('aria-label'), 'Who else is here');
  });

  it('4. Follow the lead: my report shows Ana’s anomaly, then follows her to another within 1 s', async () => {
    // Somewhere else first, so following visibly moves the report.
    await report.locator(`tbody tr[data-metric="${second.metric}"] td.cell`).first().click();
    await report.locator('.follow-lead').click();
    await report.waitForSelector('.presence[data-following="Ana"]', { timeout: 10_000 });
    assert.match((await report.locator('.follow-lead').textContent()) ?? '', /Stop following Ana/);
    await report.waitForSelector(`td.cell.chosen[data-anomaly="page_views@${first.start}"]`, { timeout: 5_000 });

    const t0 = Date.now();
    anaOn(second);
    await report.waitForSelector(`td.cell.chosen[data-anomaly="${second.metric}@${second.start}"]`, { timeout: 5_000 });
    const ms = Date.now() - t0;
    console.log(`      [measure] Ana moves to another anomaly → my report follows: ${ms} ms (target < 1000 ms)`);
    assert.ok(ms < 1_000, `followed after ${ms} ms`);
    assert.equal(
      await report.locator(`.anomaly[data-metric="${second.metric}"][data-start="${second.start}"] details[open]`).count(),
      1,
      'her anomaly’s card is open',
    );
    await showPresence();
    await page.screenshot({ path: path.join(OUT, 'presence-dark.png') });
  });

  it('5. a click of my own stops following: the report says so, and Ana’s next move is not followed', async () => {
    const cell = report.locator(`tbody tr[data-metric="page_views"] td.cell:not(.in-anomaly)`).first();
    await cell.click();
    await report.waitForSelector('.presence[data-following=""]', { timeout: 5_000 });
    assert.match((await report.locator('.presence-said').textContent()) ?? '', /Stopped following Ana/);
    assert.match((await report.locator('.follow-lead').textContent()) ?? '', /Follow the lead/);
    const chosen = await report.locator('td.cell.chosen').first().getAttribute('data-key');
    anaOn(first);
    await report.waitForFunction(() => /Page views · anomaly/.test(document.querySelector('.presence-person[data-author="Ana"]')?.textContent ?? ''), null, {
      timeout: 5_000,
    });
    await page.waitForTimeout(1_000);
    assert.equal(await report.locator('td.cell.chosen').first().getAttribute('data-key'), chosen, 'my selection stays mine');
  });

  it('6. reads in Light Modern (presence-light.png)', async () => {
    await report.locator('.follow-lead').click();
    await report.waitForSelector('.presence[data-following="Ana"]', { timeout: 10_000 });
    await runCommand(page, 'Preferences: Color Theme');
    await page.locator('.quick-input-widget input').fill('Light Modern');
    await pick(page, 'Light Modern');
    await report.waitForFunction(() => document.body.classList.contains('vscode-light'), null, { timeout: 60_000 });
    await report.waitForSelector(`td.cell.chosen[data-anomaly="page_views@${first.start}"]`, { timeout: 5_000 });
    await showPresence();
    await page.waitForTimeout(1_000);
    await page.screenshot({ path: path.join(OUT, 'presence-light.png') });
  });
});
