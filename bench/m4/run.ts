// npm run bench:m4 [-- --series H1,H2 | --limit N] [--variant NAME] [--data DIR] [--out DIR]
// Forecasts the 414 hourly M4 series (../shared/bench/m4-hourly, PROTOCOL.md: h = 48 from the end
// of each training part) with the engine as the report panel calls it, writes the folder's
// forecasts and timings files, scores them with the folder's scorer and prints Calibrate beside the
// published M4 figures and the local references. See bench/m4/README.md.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadProtocol, loadSeries, type DatasetProtocol } from '../forecast/protocol';
import { calibrateM4 } from './model';
import { modelName, variantOptions } from './variants';
import {
  FORECAST_HEADER,
  TIMING_HEADER,
  comparableRows,
  forecastProblem,
  forecastRows,
  formatTable,
  missingBounds,
  parsePublished,
  parseScorerTable,
  publishedSelection,
  scoredTableRow,
  targetLines,
  timingRow,
  csvText,
} from './format';
import { perSeriesCsv, scoreSeries, spreadLines, type SeriesScore } from './perSeries';
import { findBenchRoot, howToScore, runScorer } from './scorer';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function selectSeries(all: DatasetProtocol[]): DatasetProtocol[] {
  const ids = arg('series')
    ?.split(',')
    .map(s => s.trim());
  if (ids) {
    const unknown = ids.filter(id => !all.some(p => p.name === id));
    if (unknown.length) throw new Error(`Unknown series: ${unknown.join(', ')}`);
    return all.filter(p => ids.includes(p.name));
  }
  const limit = arg('limit');
  if (limit === undefined) return all;
  const n = Number(limit);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--limit must be a positive integer, got ${limit}`);
  return all.slice(0, n);
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

function main(): number {
  const root = findBenchRoot(arg('data'), resolve(__dirname, '..', '..'));
  const out = resolve(arg('out') ?? 'bench/out/m4');
  const variant = arg('variant') ?? 'default';
  const options = variantOptions(variant);
  const model = modelName(variant);
  const series = selectSeries(loadProtocol(root));
  const say = (s: string, lines: string[]) => (console.log(s), lines.push(s));
  const report: string[] = [];

  const fRows = [FORECAST_HEADER];
  const tRows = [TIMING_HEADER];
  const failed: string[] = [];
  const scores: SeriesScore[] = [];
  const cpu = new Map<string, number>();
  const specs = new Map<string, string>();
  let naBounds = 0;
  const t0 = performance.now();
  for (const p of series) {
    const H = Math.max(...p.horizons);
    const o = p.origins[0];
    const { y } = loadSeries(root, p);
    const train = y.slice(0, o); // the training part only: nothing of the test is visible
    let status = 'ok';
    let fc;
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    try {
      fc = calibrateM4(p.name, train, H, options);
    } catch (e) {
      status = `error: ${(e as Error).message}`;
    }
    const wall = (performance.now() - w0) / 1000;
    const c = process.cpuUsage(c0);
    const cpuS = (c.user + c.system) / 1e6;
    const problem = fc && forecastProblem(fc, H);
    if (problem) status = `error: ${problem}`;
    if (fc && !problem) {
      fRows.push(...forecastRows(p.name, model, o, fc, H));
      naBounds += missingBounds(fc, H);
      scores.push(scoreSeries(p.name, train, y.subarray(o, o + H), fc));
      cpu.set(p.name, cpuS);
      specs.set(p.name, csvText(fc.spec));
    } else failed.push(`${p.name} (${status})`);
    tRows.push(timingRow(p.name, model, o, wall, cpuS, status, fc?.spec ?? ''));
  }
  const elapsed = (performance.now() - t0) / 1000;
  mkdirSync(join(out, 'forecasts'), { recursive: true });
  mkdirSync(join(out, 'timings'), { recursive: true });
  const forecastsFile = join(out, 'forecasts', `m4_hourly__${model}.csv`);
  writeFileSync(forecastsFile, fRows.join('\n') + '\n');
  writeFileSync(join(out, 'timings', `m4_hourly__${model}.csv`), tRows.join('\n') + '\n');
  writeFileSync(join(out, `per_series__${model}.csv`), perSeriesCsv(scores, cpu, specs));

  say(`# M4 hourly: ${model} (variant ${variant}) on ${series.length} series, protocol ${root}`, report);
  say(
    `${new Date().toISOString()}, load average ${loadavg()
      .map(v => v.toFixed(2))
      .join(' ')}, ${elapsed.toFixed(1)} s wall for the runs; CPU is per series, fit + 48-step forecast + intervals`,
    report,
  );
  say(`forecasts: ${forecastsFile}`, report);
  if (failed.length) say(`FAILED on ${failed.length} series (left out of the forecasts file, so the score is on a subset): ${failed.join('; ')}`, report);
  if (naBounds) say(`${naBounds} interval bounds were not finite and written NA: the scorer gives no MSIS or coverage then`, report);
  if (scores.length === 0) {
    say('No series produced a forecast.', report);
    return 1;
  }

  const scored = runScorer(root, forecastsFile);
  if (!scored.ok) {
    console.error(`Could not score: ${scored.why}.\nThe forecasts were written to ${forecastsFile}.\n${howToScore(root, forecastsFile)}`);
    return 2;
  }
  const rows = parseScorerTable(scored.stdout);
  const { ours, same, sample } = comparableRows(rows, model);
  if (!ours) {
    console.error(`The scorer printed no row for ${model}:\n${scored.stdout}`);
    return 1;
  }
  const published = parsePublished(readFileSync(join(root, 'published', 'm4_hourly_published.csv'), 'utf8'));
  const byOwa = (a: { OWA: number }, b: { OWA: number }) => a.OWA - b.OWA;
  const table = [
    scoredTableRow(ours, model),
    ...(ours.series === 414 ? publishedSelection(published) : []),
    ...[...same].sort(byOwa).map(r => scoredTableRow(r, model)),
  ];
  // The CPU column of ours is the median over the series, as the scorer computes it for every row.
  say('', report);
  say(`Median CPU ${(median([...cpu.values()]) * 1000).toFixed(1)} ms/series (scorer: ${(ours.medianCpuS * 1000).toFixed(1)}).`, report);
  say('', report);
  formatTable(table).forEach(l => say(l, report));
  if (sample.length) {
    say('', report);
    say('On the R sample (every 40th series, 11 series; OWA against Naive2 on those 11): the only like-for-like view of auto.arima, tbats, dshw.', report);
    formatTable([...sample].sort(byOwa).map(r => scoredTableRow(r, model))).forEach(l => say(l, report));
  }
  say('', report);
  say('Targets (issue 14):', report);
  targetLines(ours, published, same).forEach(l => say(l, report));
  say('', report);
  say("Spread (per series, this runner's formulas; the aggregates above are the scorer's):", report);
  spreadLines(scores).forEach(l => say(l, report));
  writeFileSync(join(out, `results__${model}.md`), report.join('\n') + '\n');
  return failed.length ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (e) {
  // A usage or setup problem (unknown variant or series, no benchmark folder): the message, no stack.
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
}
