// npm run bench:explain [-- --seeds 1,2,3] [--product | --product-only]: the explanation engine on
// generated demo data with known ground truth, plus the NYC taxi real-data check and context timings;
// with --product, also the report pipeline end to end on the same seeds (product.ts), and with
// --product-only that part alone.
// Writes bench/out/explain/summary.json. Protocol: bench/explain/README.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fitCalibration, recalibrate } from './calibrate';
import { measureContext } from './timing';

const TRAIN_SEEDS = new Set([1, 2, 3]);

function seedsArg(): number[] {
  const i = process.argv.indexOf('--seeds');
  const raw = i >= 0 ? process.argv[i + 1] : undefined;
  return raw ? raw.split(',').map(Number).filter(Number.isFinite) : [1, 2, 3, 4, 5, 6, 7, 8];
}

async function main(): Promise<void> {
  const seeds = seedsArg();
  const productOnly = process.argv.includes('--product-only');
  const summary: Record<string, unknown> = { generatedAt: new Date().toISOString(), seeds };
  if (!productOnly) Object.assign(summary, await engine(seeds));
  if (productOnly || process.argv.includes('--product')) {
    const { HolidayCalendar } = await import('../../src/core/context/holidays');
    const { runProduct } = await import('./product');
    summary.product = await runProduct(seeds, await HolidayCalendar.load(), line => process.stdout.write(`${line}\n`));
  }
  summary.load = loadavg().map(x => Math.round(x * 100) / 100);
  const dir = resolve(__dirname, '../out/explain');
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  if (!productOnly) printSummary(summary);
  if (summary.product) printProduct(summary.product as import('./product').ProductFigures);
  console.log('load', summary.load);
}

/** The engine part: detect.ts's segments explained one by one, calibration, NYC taxi, timings. */
async function engine(seeds: readonly number[]): Promise<Record<string, unknown>> {
  const started = performance.now();
  // Timings first, while date-holidays is still unloaded (the demo generator imports it too).
  const timing = await measureContext();
  const { HolidayCalendar } = await import('../../src/core/context/holidays');
  const { Explainer, CALIBRATION } = await import('../../src/core/context/explain');
  const { parseEventsYaml } = await import('../../src/core/context/events');
  const { sameHourLastWeek } = await import('../../src/core/context/baseline');
  const { generateDemo, AS_OF, COUNTRIES } = await import('../../src/core/demo');
  const { ZONE, zoneOf, isObservable, shifted, demoDeploys } = await import('./demo');
  const { parseLongCsv } = await import('../../src/core/csv');
  const { detectAll } = await import('./detect');
  const { matchesOf, conflicts } = await import('./match');
  const { injectUnexplained } = await import('./inject');
  const m = await import('./metrics');
  const { runNyc } = await import('./nyc');

  const calendar = await HolidayCalendar.load();
  const mapping = { country: Object.fromEntries(COUNTRIES.map(c => [c.code, { country: c.code, timezone: c.zone }])) };
  const rows: import('./metrics').Row[] = [];
  const effectsBySeed = new Map<number, readonly import('./inject').BenchEffect[]>();
  let explainMs = 0;
  let setupMs = 0;
  for (const seed of seeds) {
    const demo = generateDemo({ seed });
    const parsed = parseLongCsv(demo.csv, 'data/metrics.csv');
    const { ds, added } = injectUnexplained(parsed, seed, demo.groundTruth.effects, ZONE, (e, c, a, b) => conflicts(e, c, a, b, ZONE, zoneOf));
    const effects = [...demo.groundTruth.effects, ...added];
    const events = parseEventsYaml(demo.files['.calibrate/events.yaml'] ?? '', '.calibrate/events.yaml', ZONE);
    if (events.errors.length) throw new Error(events.errors.join('\n'));
    const t0 = performance.now();
    const ex = new Explainer({
      dataset: ds,
      reportZone: ZONE,
      mapping,
      events: events.events,
      calendar,
      asOf: AS_OF,
      deploys: demoDeploys(demo),
    });
    setupMs += performance.now() - t0;
    // The hour in progress at the report clock is pending: segments never span into it.
    const segs = detectAll(ds, sameHourLastWeek(ZONE), undefined, Math.floor(AS_OF / 3_600_000) * 3_600_000);
    const t1 = performance.now();
    for (const seg of segs) rows.push({ seed, seg, matches: matchesOf(seg, effects, ZONE, isObservable, shifted), expl: ex.explain(seg) });
    explainMs += performance.now() - t1;
    effectsBySeed.set(seed, effects);
    process.stdout.write(`seed ${seed}: ${segs.length} segments\n`);
  }

  const train = rows.filter(r => TRAIN_SEEDS.has(r.seed));
  const test = rows.filter(r => !TRAIN_SEEDS.has(r.seed));
  const fitted = fitCalibration(train, CALIBRATION);
  const testFitted = test.map(r => ({ ...r, expl: recalibrate(r.expl, CALIBRATION, fitted) }));
  const nyc = runNyc(calendar);
  return {
    segments: rows.length,
    recallByInjectedKind: m.recallByKind(rows, effectsBySeed, isObservable),
    precisionByExplanationKind: m.precisionByKind(rows),
    nonHolidayFalseHoliday: m.falseHolidayRate(rows),
    calibration: {
      shipped: CALIBRATION,
      fittedOnSeeds: [...TRAIN_SEEDS],
      fitted,
      heldOutShipped: m.calibration(test),
      heldOutFitted: m.calibration(testFitted),
      all: m.calibration(rows),
    },
    nycTaxi: nyc ?? 'skipped: ../shared/bench/forecast/data not found',
    timings: {
      ...timing,
      explainMsPerSegment: Math.round((explainMs / Math.max(1, rows.length)) * 100) / 100,
      explainerSetupMsPerSeed: Math.round(setupMs / seeds.length),
      totalSeconds: Math.round((performance.now() - started) / 100) / 10,
    },
  };
}

function printSummary(s: Record<string, unknown>): void {
  const r = s.recallByInjectedKind as Record<string, Record<string, unknown>>;
  const p = s.precisionByExplanationKind as Record<string, Record<string, unknown>>;
  console.log("\nRecall by injected kind (effects judged on their own slice's most severe segment):");
  console.table(r);
  console.log('Precision by explanation kind:');
  console.table(p);
  console.log('Non-holiday segments with a holiday first:', s.nonHolidayFalseHoliday);
  const c = s.calibration as { shipped: unknown; fitted: unknown; heldOutShipped: { ece: number; brier: number; accuracy: number; reliability: unknown[] } };
  console.log('Calibration: shipped', c.shipped, 'fitted on seeds 1-3', c.fitted);
  console.log(`Held-out seeds, shipped constants: ECE ${c.heldOutShipped.ece}, Brier ${c.heldOutShipped.brier}, top-1 accuracy ${c.heldOutShipped.accuracy}`);
  console.table(c.heldOutShipped.reliability);
  console.log('NYC taxi:');
  if (Array.isArray(s.nycTaxi)) {
    for (const w of s.nycTaxi as { window: string; pass: boolean; strict: boolean; top1: string[] }[]) {
      console.log(`  ${w.window}: ${w.pass ? 'PASS' : 'FAIL'}${w.strict === w.pass ? '' : ` (strict: ${w.strict ? 'PASS' : 'FAIL'})`}`);
      for (const t of w.top1) console.log(`    ${t}`);
    }
  } else console.log(s.nycTaxi);
  console.log('Timings:', s.timings);
}

function printProduct(p: import('./product').ProductFigures): void {
  console.log(`\nProduct: the report pipeline on ${p.reports} reports (${p.refused.length} refused by the product):`);
  console.table(p.byKind);
  console.log('Per report:', p.perReport);
  console.log(`Anomalies shown: first explanation right ${p.top1Right}, "unexplained" ${p.unexplainedShare} (false anomalies: ${p.falseUnexplainedTop1})`);
  // The same clock refused or warned about in every seed: once, with its seeds.
  const bySeedless = new Map<string, string[]>();
  for (const w of [...p.refused, ...p.warnings]) {
    const [, seed = '', rest = w] = /^seed (\d+) (.*)$/s.exec(w) ?? [];
    bySeedless.set(rest, [...(bySeedless.get(rest) ?? []), seed]);
  }
  for (const [w, seeds] of bySeedless) console.log(`  seeds ${seeds.join(',')} ${w}`);
  console.log(`Missed or named otherwise: ${p.misses.length} (in summary.json); timings`, p.timings);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
