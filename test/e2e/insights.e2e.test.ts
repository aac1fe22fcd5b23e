// Issue 10, points 5-7 as a user sees them, in the packaged .vsix in code-server: one incident card
// for the iOS deploy's anomalies, explanations in plain words with one number per slice and the
// unlikely ones behind "more", and, once the report clock is not frozen, the stale-data banner.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openDemoWorkbench, findFrame, pick, runCommand } from './workbench';

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'test-results');
// WCAG contrast of an element's text against the first opaque background behind it. A string, so
// the test transpiler cannot inject helpers that do not exist in the page.
const CONTRAST_OF = (selector: string): string => `(() => {
  const rgba = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lin = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = ([r, g, b]) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  const el = document.querySelector(${JSON.stringify(selector)});
  let bg = el;
  while (bg && (rgba(getComputedStyle(bg).backgroundColor)[3] ?? 1) < 0.5) bg = bg.parentElement;
  const fg = lum(rgba(getComputedStyle(el).color));
  const b = lum(rgba(getComputedStyle(bg || document.body).backgroundColor));
  return (Math.max(fg, b) + 0.05) / (Math.min(fg, b) + 0.05);
})()`;
/** What explanations must never say: engine words, raw UTC, milliseconds, a doubled kind. */
const ENGINE_WORDS = /\d{4}-\d\d-\d\dT\d\d:\d\d|\.\d{3}Z|bucket|report-zone baseline|points of this slice|Unexplained: Unexplained|against expected/;

describe('incidents, plain explanations and stale data in the browser (e2e)', function () {
  let workbench: Awaited<ReturnType<typeof openDemoWorkbench>> | undefined;
  let page: Page;
  let frame: Frame;

  before(async function () {
    this.timeout(900_000);
    workbench = await openDemoWorkbench('calibrate-e2e-insights-');
    page = workbench.page;
    await runCommand(page, 'Calibrate: Open Metrics Report');
    frame = await findFrame(page, '#app[data-analysis="done"] .anomaly-list');
    fs.mkdirSync(OUT, { recursive: true });
  });

  after(async () => {
    await workbench?.close();
  });

  /** Scroll `selector` into the middle of the panel and take the workbench's picture. */
  async function shoot(selector: string, file: string): Promise<void> {
    await frame.locator(selector).first().scrollIntoViewIfNeeded();
    await frame.evaluate(sel => document.querySelector(sel)?.scrollIntoView({ block: 'center' }), selector);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(OUT, file) });
  }

  it("groups the iOS deploy's anomalies into one incident card that lists its metrics", async () => {
    const incident = frame.locator('.incident', { has: frame.locator('.incident-title', { hasText: 'Deploy ios-v7.4.0' }) });
    assert.equal(await incident.count(), 1, 'one card for the one cause');
    assert.match(await incident.locator('.incident-title').innerText(), /^Deploy ios-v7\.4\.0: \d metrics, Tue \d\d:00–\d\d:00, platform=ios$/);
    const members = incident.locator('.anomaly');
    const n = await members.count();
    assert.ok(n >= 3, `${n} anomalies in the incident`);
    // Each anomaly keeps its own card (the reveal and the table find it by metric and start), collapsed.
    const labels: string[] = [];
    for (let i = 0; i < n; i++) {
      const card = members.nth(i);
      assert.ok(await card.getAttribute('data-metric'));
      assert.ok(Number(await card.getAttribute('data-start')) > 0);
      assert.equal(await card.locator('details[open]').count(), 0);
      labels.push((await card.locator('.anomaly-what').innerText()).split(/ [▼▲]/)[0]);
    }
    const meta = await incident.locator('.incident-meta').innerText();
    for (const l of labels) assert.ok(meta.includes(l), `${l} listed in "${meta}"`);
    // Every anomaly of the report is drawn once, inside an incident or on its own.
    const keys = await frame.evaluate(() => [...document.querySelectorAll<HTMLElement>('.anomaly')].map(a => `${a.dataset.metric}@${a.dataset.start}`));
    assert.equal(new Set(keys).size, keys.length);
    assert.equal(keys.length, Number((await frame.locator('#anomalies-title').innerText()).match(/\((\d+)\)/)?.[1]));
    await shoot('.incident', 'insights-incident.png');
  });

  it('explains in plain words: the "where" line and the evidence give the slice one number', async () => {
    const card = frame.locator('.incident .anomaly[data-metric="page_views"]').first();
    await card.locator('summary').first().focus();
    await page.keyboard.press('Enter');
    await card.locator('details[open]').first().waitFor({ state: 'visible' });
    const where = await card.locator('.where').innerText();
    const m = where.match(/^Where: platform=ios −(\d+)% vs last week \((\d+)% of the drop\)/);
    assert.ok(m, where);
    const deploy = card.locator('.explanations > .explanation.deploy');
    const evidence = await deploy.locator('.evidence').innerText();
    assert.match(evidence, new RegExp(`platform=ios fell ${m[1]}% against the same \\d+ hours last week: ${m[2]}% of the drop\\.`));
    // The tag is at 08:00 UTC: midnight in the report zone, said as a person would.
    assert.match(evidence, /Tag ios-v7\.4\.0 at Tue 3 Nov 00:00, \d hours? before the drop began/);
    assert.match(await deploy.locator('strong').innerText(), /^Deploy ios-v7\.4\.0$/, 'no kind prefix: "Deploy: Deploy …" is gone');
    const text = await card.innerText();
    assert.doesNotMatch(text, ENGINE_WORDS);
    // Explanations at 2% or less wait behind "more", a native disclosure the keyboard opens.
    const shown = await card.locator('.explanations > .explanation > .confidence').allInnerTexts();
    assert.ok(
      shown.slice(1).every(c => Number(c.replace('%', '')) > 2),
      `listed: ${shown.join(', ')}`,
    );
    const toggle = card.locator('.more-explanations .more-toggle');
    assert.equal(await toggle.count(), 1, 'page views 10:00 has a holiday at 0–1%');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await card.locator('.explanations-more').isVisible(), false);
    assert.equal(
      await card.locator(':scope > details > summary').count(),
      1,
      'the card keeps one summary of its own (the heat-map has its own disclosure inside)',
    );
    await toggle.focus();
    await page.keyboard.press('Enter');
    await card.locator('.explanations-more .explanation').first().waitFor({ state: 'visible' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    for (const c of await card.locator('.explanations-more .confidence').allInnerTexts()) assert.ok(Number(c.replace('%', '')) <= 2, c);
    await shoot('.incident .anomaly[data-metric="page_views"] details[open]', 'insights-card-after.png');
  });

  it('says "where" on every anomaly that has a slice: all but the clock change across eight countries', async () => {
    const cards = await frame.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.anomaly')].map(a => ({
        top: a.querySelector('.explanations > .explanation')?.classList[1] ?? 'none',
        where: a.querySelector('.where')?.textContent ?? '',
        text: a.textContent ?? '',
      })),
    );
    const without = cards.filter(c => !c.where);
    assert.ok(cards.length - without.length >= 7, `where on ${cards.length - without.length} of ${cards.length}`);
    assert.ok(
      without.every(c => c.top === 'dst' || c.top === 'unexplained'),
      JSON.stringify(without.map(c => c.top)),
    );
    for (const c of cards) assert.doesNotMatch(c.text, ENGINE_WORDS);
  });

  it('shows a stale-data banner, and titles the window by its end, when the report clock is not frozen', async () => {
    const file = path.join(workbench!.workspace, '.calibrate/report.yaml');
    const original = fs.readFileSync(file, 'utf8');
    const anomalies = await frame.locator('.anomaly').count();
    // The demo's data ends on 3 Nov 2026; without `asOf` the report clock is now, weeks later.
    fs.writeFileSync(file, original.replace(/^asOf:.*\n/m, ''));
    try {
      frame = await findFrame(page, '#app[data-analysis="done"] .stale-banner', 120_000);
      const banner = frame.locator('.stale-banner');
      assert.equal(await banner.getAttribute('role'), 'status');
      assert.match(
        await banner.innerText(),
        /^Stale data\. The latest complete hour ended \d+ (days|hours) before the report time \(.+\)\. Everything below is about the 24 hours to Tue 3 Nov 09:00, not the last 24 hours\./,
      );
      assert.match(await frame.locator('#anomalies-title').innerText(), /^Anomalies in the 24 hours to Tue 3 Nov 09:00 \(\d+\)$/);
      // The partial 09:00 is not compared: it adds no anomaly to the frozen clock's.
      assert.equal(await frame.locator('.anomaly').count(), anomalies);
      await frame.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(400);
      await page.screenshot({ path: path.join(OUT, 'insights-stale.png') });
      // The banner and the incident cards read in light and high-contrast themes too (WCAG AA, 4.5:1).
      for (const [theme, file, bodyClass] of [
        ['Light Modern', 'insights-stale-light.png', 'vscode-light'],
        ['Dark High Contrast', 'insights-stale-high-contrast.png', 'vscode-high-contrast'],
      ]) {
        await runCommand(page, 'Preferences: Color Theme');
        await page.locator('.quick-input-widget input').fill(theme);
        await pick(page, theme);
        await frame.waitForFunction(c => document.body.classList.contains(c), bodyClass, { timeout: 60_000 });
        await page.waitForTimeout(800);
        for (const sel of ['.stale-banner', '.incident-meta', '.incident .anomaly-why', '#anomalies-title']) {
          const ratio = (await frame.evaluate(CONTRAST_OF(sel))) as number;
          assert.ok(ratio >= 4.5, `${sel}: contrast ${ratio.toFixed(2)} in ${theme}`);
        }
        await frame.evaluate(() => document.querySelector('.stale-banner')?.scrollIntoView({ block: 'start' }));
        await page.waitForTimeout(300);
        await page.screenshot({ path: path.join(OUT, file) });
      }
    } finally {
      fs.writeFileSync(file, original);
    }
    frame = await findFrame(page, '#app[data-analysis="done"] .anomaly-list');
    await frame.waitForFunction(() => !document.querySelector('.stale-banner'), undefined, { timeout: 120_000 });
  });
});
