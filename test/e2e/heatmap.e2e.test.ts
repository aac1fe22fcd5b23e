// Issue 10, point 12 as a user meets it in the real workbench: the iOS deploy anomaly's card opens its
// heat-map ("Contribution by dimension"), platform=ios holds most of the change, the columns sort from
// the keyboard, the rows are reachable, and Enter on a row charts that slice.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { openDemoWorkbench, findFrame, pick, runCommand } from './workbench';

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'test-results');

/** The heat-map's rows as the reader sees them: slice, and share of the change (null: a gap). */
const rowsOf = (heat: Locator) =>
  heat.locator('tbody tr').evaluateAll(trs =>
    trs.map(tr => {
      const c = (tr.querySelector('td.heat') as HTMLElement).dataset.contribution ?? '';
      return { slice: `${(tr as HTMLElement).dataset.dimension}=${(tr as HTMLElement).dataset.value}`, contribution: c === '' ? null : Number(c) };
    }),
  );

// WCAG contrast of the hottest cell's text of the heat-map under test against its fill over the
// panel's background. A string, so the test transpiler cannot inject helpers absent from the page.
const CONTRAST_OF_HOTTEST_CELL = `(() => {
  const level = td => Number((/heat-(\\d)/.exec(td.className) || [0, 0])[1]);
  const cell = [...document.querySelectorAll('table[data-under-test] td.heat')].sort((a, b) => level(b) - level(a))[0];
  const parse = c => {
    const n = (c.match(/[\\d.]+/g) || []).map(Number);
    // rgb(a) is 0-255; color(srgb r g b / a) is 0-1.
    const [r, g, b] = c.startsWith('color(') ? n.slice(0, 3).map(x => x * 255) : n.slice(0, 3);
    const a = c.startsWith('color(') ? (n.length > 3 ? n[3] : 1) : n.length > 3 ? n[3] : 1;
    return [r, g, b, a];
  };
  const lin = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = ([r, g, b]) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  const page = parse(getComputedStyle(document.body).backgroundColor);
  const fill = parse(getComputedStyle(cell).backgroundColor);
  const over = [0, 1, 2].map(i => fill[i] * fill[3] + page[i] * (1 - fill[3]));
  const fg = lum(parse(getComputedStyle(cell).color));
  const bg = lum(over);
  return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
})()`;

describe('the heat-map drill-down of an anomaly (e2e)', function () {
  let workbench: Awaited<ReturnType<typeof openDemoWorkbench>> | undefined;
  let page: Page;
  let frame: Frame;
  let card: Locator;
  let heat: Locator;
  const shot = async (name: string) => {
    // The heat-map itself, in view, with its card's summary above it.
    await heat.evaluate(e => e.scrollIntoView({ block: 'center' }));
    await page.waitForTimeout(300);
    fs.mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: path.join(OUT, name) });
  };

  before(async function () {
    this.timeout(900_000);
    workbench = await openDemoWorkbench('calibrate-e2e-heatmap-');
    page = workbench.page;
    await runCommand(page, 'Calibrate: Open Metrics Report');
    frame = await findFrame(page, '#app[data-analysis="done"] table.report');
  });

  after(async () => {
    await workbench?.close();
  });

  it("opens the iOS deploy anomaly's heat-map from its card: platform=ios holds most of the change", async () => {
    card = frame.locator('.anomaly[data-metric="page_views"]', { has: frame.locator('summary', { hasText: 'Deploy ios-v7.4.0' }) }).first();
    await card.locator('summary').first().click();
    const disclosure = card.locator('summary', { hasText: 'Contribution by dimension' }).first();
    await disclosure.waitFor({ state: 'visible' });
    await disclosure.click();
    heat = card.locator('.heatmap-table').first();
    await heat.waitFor({ state: 'visible' });
    const rows = await rowsOf(heat);
    // The core's order: the most explanatory dimension first, its values by their share of the change.
    assert.equal(rows[0].slice, 'platform=ios', JSON.stringify(rows));
    assert.ok(rows[0].contribution! > 0.5, `iOS holds most of the change: ${rows[0].contribution}`);
    const top = Math.max(...rows.map(r => Math.abs(r.contribution ?? 0)));
    assert.equal(Math.abs(rows[0].contribution!), top, 'and more than any other value');
    // One row per value: every platform and every country of the demo.
    assert.deepEqual(new Set(rows.map(r => r.slice.split('=')[0])), new Set(['platform', 'country']));
    assert.equal(rows.filter(r => r.slice.startsWith('platform=')).length, 3);
    assert.match(
      await card.locator('.heat-summary').first().innerText(),
      /^Page views, \w{3} \d\d:00–\d\d:00: .* against .* the same hours last week \(−\d+%\)\./,
    );
    // The "where" line and the heat-map give iOS the same share of the change.
    const where = await card.locator('.where').first().innerText();
    const share = Number(/platform=ios[^(;]*\((\d+)%/.exec(where)?.[1]);
    assert.equal(Math.round(rows[0].contribution! * 100), share, where);
    await shot('heatmap.png');
  });

  it('sorts by a column from the keyboard: Tab to its header, Enter, Enter again flips it', async () => {
    await heat.locator('button.heat-sort[data-column="value"]').focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    assert.equal(await frame.evaluate(() => (document.activeElement as HTMLElement).dataset.column), 'contribution', 'Tab walks the headers');
    const header = heat.locator('th.heat-col-contribution');
    await page.keyboard.press('Enter');
    assert.equal(await header.getAttribute('aria-sort'), 'descending');
    const down = (await rowsOf(heat)).map(r => r.contribution).filter((c): c is number => c !== null);
    assert.deepEqual(
      down,
      [...down].sort((a, b) => b - a),
      'largest share of the change first',
    );
    await page.keyboard.press('Enter');
    assert.equal(await header.getAttribute('aria-sort'), 'ascending');
    const up = await rowsOf(heat);
    assert.notEqual(up[0].slice, 'platform=ios', 'iOS moves to the bottom');
    assert.equal(await heat.locator('th[aria-sort]').count(), 1, 'one sorted column at a time');
    await page.keyboard.press('Enter');
    assert.equal((await rowsOf(heat))[0].slice, 'platform=ios');
  });

  it('reaches the rows with Tab and moves between them with the arrow keys', async () => {
    await heat.locator('button.heat-sort[data-column="contribution"]').focus();
    await page.keyboard.press('Tab');
    const focused = () => frame.evaluate(() => (document.activeElement as HTMLElement).closest('tr')?.dataset.value ?? '');
    assert.equal(await focused(), 'ios', 'the rows are one Tab stop, on the first row');
    await page.keyboard.press('ArrowDown');
    assert.equal(await focused(), (await rowsOf(heat))[1].slice.split('=')[1]);
    await page.keyboard.press('Home');
    assert.equal(await focused(), 'ios');
  });

  it('reads in light and high-contrast themes (fills in light, edges in high contrast)', async () => {
    await heat.evaluate(t => t.setAttribute('data-under-test', ''));
    assert.ok((await heat.locator('td.heat-3, td.heat-4, td.heat-5').count()) > 0, 'a strongly filled cell to check');
    const dark = (await frame.evaluate(CONTRAST_OF_HOTTEST_CELL)) as number;
    assert.ok(dark >= 4.5, `contrast ${dark.toFixed(2)} in Dark Modern`);
    for (const [theme, file, bodyClass] of [
      ['Light Modern', 'heatmap-light.png', 'vscode-light'],
      ['Dark High Contrast', 'heatmap-high-contrast.png', 'vscode-high-contrast'],
    ]) {
      await runCommand(page, 'Preferences: Color Theme');
      await page.locator('.quick-input-widget input').fill(theme);
      await pick(page, theme);
      await frame.waitForFunction(c => document.body.classList.contains(c), bodyClass, { timeout: 60_000 });
      await page.waitForTimeout(800);
      const ratio = (await frame.evaluate(CONTRAST_OF_HOTTEST_CELL)) as number;
      assert.ok(ratio >= 4.5, `contrast ${ratio.toFixed(2)} in ${theme}`);
      if (bodyClass === 'vscode-high-contrast') {
        const cell = heat.locator('td.heat-3, td.heat-4, td.heat-5').first();
        const style = await cell.evaluate(td => ({ shadow: getComputedStyle(td).boxShadow, fill: getComputedStyle(td).backgroundColor }));
        assert.match(style.shadow, /inset/, 'high contrast marks the heat with an edge');
        assert.match(style.fill, /^rgba\(0, 0, 0, 0\)$|transparent/, 'and no fill');
      }
      await shot(file);
    }
  });

  it('Enter on a row charts that slice', async () => {
    await heat.locator('tbody tr[data-dimension="platform"][data-value="ios"] button.heat-slice').focus();
    await page.keyboard.press('Enter');
    // The panel charts the slice against its own forecast; the chart names what it shows.
    await frame.waitForFunction(() => /platform=ios/.test(document.querySelector('#week-chart')?.getAttribute('aria-label') ?? ''), undefined, {
      timeout: 30_000,
    });
  });
});
