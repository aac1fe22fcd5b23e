// Fold benchmark (issue 11, "Speed"): fold a log of 10,000 realistic events in under 50 ms.
//   npm run bench:investigation [-- --events 10000] [--runs 30] [--chart-share 0.02] [--json]
// The log is built outside the timed region: the mix of an investigation worked by three people
// (notes, hypotheses and their statuses, questions and answers, action items, roles, verdicts, and
// pinned evidence, among it charts of a week of hours: 168 points with forecast, band and last week).
// Each run times foldLog (parse, check, dedupe, sort, fold) over the whole text, and, as a reference
// measured in the same process on the same text, JSON.parse of every line, which any reader of the
// log must pay: the ratio says how much the fold costs beyond reading the JSON.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { eventLine, fold as foldParsed, foldLog, newEvent, parseLog, type EventData, type EventType } from '../../src/core/investigation';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const EVENTS = arg('events', 10_000);
const RUNS = arg('runs', 30);
/** Share of events that pin a week's chart (5 series of 168 points, ~8 KB a line): the log's bulk. */
const CHART_SHARE = arg('chart-share', 0.02);
const WARMUP = 5;
const TARGET_MS = 50;
const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-03T17:00:00Z');

/** A deterministic log of `n` events (LCG-seeded), with the references a real one has. */
function buildLog(n: number, chartShare = CHART_SHARE): string {
  let s = 42;
  const r = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const authors = ['Priya Raman', 'Sam Ortiz', 'Lena Fischer'];
  let clock = 0;
  let ids = 0;
  const made = { hypothesis: [] as string[], evidence: [] as string[], question: [] as string[], action: [] as string[] };
  const lines: string[] = [];
  const add = <T extends EventType>(type: T, data: EventData[T]): string => {
    const id = `ev${String(++ids).padStart(7, '0')}`;
    // Two or three writers at once: some events share a clock (concurrent appends).
    const e = newEvent({ author: pick(authors), now: () => T0 + ids * 20_000, newId: () => id }, r() < 0.2 ? clock - 1 : clock, type, data);
    clock = Math.max(clock, e.clock);
    lines.push(eventLine(e));
    return id;
  };
  const week = Array.from({ length: 168 }, (_, i) => T0 - (168 - i) * HOUR);
  const wave = (k: number) => week.map((_, i) => Math.round(50_000 + 20_000 * Math.sin((i + k) / 3.8) + 2_000 * r()));
  const chart = (): EventData['evidence'] => {
    const expected = wave(0);
    return {
      kind: 'chart',
      title: 'iOS page views, last 7 days',
      place: { metric: 'page_views', slice: { platform: 'ios' }, start: week[0]!, end: T0 },
      zone: 'America/Los_Angeles',
      series: { x: week, actual: wave(1), expected, lower: expected.map(v => v * 0.9), upper: expected.map(v => v * 1.1), lastWeek: wave(2) },
    };
  };
  const text = (k: number) =>
    `Looked at ${pick(['iOS', 'android', 'web', 'US', 'IN', 'GB'])} for hour ${k}: ${'the drop is there, and it is not in last week. '.repeat(1 + Math.floor(r() * 4))}`;
  add('opened', { title: 'iOS page views drop', origin: 'anomaly' });
  for (const p of authors) add('role', { person: p, role: pick(['lead', 'learner', 'observer'] as const) });
  while (lines.length < n) {
    if (r() < chartShare) {
      made.evidence.push(add('evidence', chart()));
      continue;
    }
    const x = r();
    if (x < 0.34) add('note', { text: text(lines.length) });
    else if (x < 0.42) made.hypothesis.push(add('hypothesis', { text: text(lines.length) }));
    else if (x < 0.5 && made.hypothesis.length)
      add('hypothesisStatus', {
        hypothesis: pick(made.hypothesis),
        status: pick(['supported', 'rejected'] as const),
        evidence: made.evidence.slice(-2),
        reason: 'see the chart',
      });
    else if (x < 0.62)
      made.evidence.push(
        add('evidence', {
          kind: 'table',
          title: 'iOS by country',
          place: { metric: 'page_views', slice: { platform: 'ios' }, start: T0 - 4 * HOUR, end: T0 },
          columns: ['country', 'now', 'last week', 'change %'],
          rows: ['US', 'IN', 'GB', 'DE', 'BR', 'JP', 'FR', 'CA', 'AU', 'MX'].map(c => [
            c,
            Math.round(r() * 1e4),
            Math.round(r() * 1e4),
            Math.round(r() * 100 - 50),
          ]),
        }),
      );
    else if (x < 0.7) made.question.push(add('question', { text: text(lines.length) }));
    else if (x < 0.78 && made.question.length) add('answer', { question: pick(made.question), text: text(lines.length) });
    else if (x < 0.84) made.action.push(add('action', { text: 'Roll back ios-app 7.4.0', owner: pick(authors) }));
    else if (x < 0.9 && made.action.length) add('actionState', { action: pick(made.action), state: pick(['open', 'done', 'dropped'] as const) });
    else if (x < 0.95) add('verdict', { verdict: pick(['real', 'expected', 'dataProblem', 'falseAlarm'] as const) });
    else add('status', { status: pick(['open', 'monitoring', 'resolved'] as const) });
  }
  return lines.join('');
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};

function main(): void {
  const text = buildLog(EVENTS);
  const chartCount = (text.match(/"kind":"chart"/g) ?? []).length;
  const fold: number[] = [];
  const ref: number[] = [];
  const parse: number[] = [];
  // What the service does on each change after the first read: fold the events already parsed (parseGrowing).
  const foldOnly: number[] = [];
  const parsed = parseLog(text);
  let sink = 0;
  for (let k = 0; k < WARMUP + RUNS; k++) {
    // Alternate which goes first, so neither always finds the heap the other left.
    const order = k % 2 ? ['ref', 'parse', 'fold', 'foldOnly'] : ['foldOnly', 'fold', 'parse', 'ref'];
    for (const what of order) {
      const t0 = performance.now();
      if (what === 'fold') sink += foldLog(text).timeline.length;
      else if (what === 'parse') sink += parseLog(text).maxClock;
      else if (what === 'foldOnly') sink += foldParsed(parsed).timeline.length;
      else for (const l of text.split('\n')) if (l) sink += (JSON.parse(l) as { clock: number }).clock;
      const ms = performance.now() - t0;
      if (k >= WARMUP) (what === 'fold' ? fold : what === 'parse' ? parse : what === 'foldOnly' ? foldOnly : ref).push(ms);
    }
  }
  const state = foldLog(text);
  const result = {
    date: new Date().toISOString(),
    machine: `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`,
    load: os.loadavg().map(x => Math.round(x * 100) / 100),
    events: EVENTS,
    charts: chartCount,
    megabytes: Math.round((Buffer.byteLength(text) / 2 ** 20) * 10) / 10,
    problems: state.problems.length,
    runs: RUNS,
    foldMs: { median: round(quantile(fold, 0.5)), p95: round(quantile(fold, 0.95)) },
    foldParsedMs: { median: round(quantile(foldOnly, 0.5)), p95: round(quantile(foldOnly, 0.95)) },
    parseLogMs: { median: round(quantile(parse, 0.5)), p95: round(quantile(parse, 0.95)) },
    jsonParseMs: { median: round(quantile(ref, 0.5)), p95: round(quantile(ref, 0.95)) },
    ratio: { median: round(quantile(fold, 0.5) / quantile(ref, 0.5)), p95: round(quantile(fold, 0.95) / quantile(ref, 0.95)) },
    targetMs: TARGET_MS,
    pass: quantile(fold, 0.5) < TARGET_MS,
  };
  if (sink < 0) console.log(sink);
  if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(
      `investigation fold: ${result.events} events (${result.charts} charts of 168 points, ${result.megabytes} MB), ${RUNS} runs after ${WARMUP} warm-up`,
    );
    console.log(
      `  foldLog       median ${result.foldMs.median} ms, p95 ${result.foldMs.p95} ms   (target < ${TARGET_MS} ms: ${result.pass ? 'pass' : 'FAIL'})`,
    );
    console.log(
      `  fold          median ${result.foldParsedMs.median} ms, p95 ${result.foldParsedMs.p95} ms   (the parsed events only: each change after the first read)`,
    );
    console.log(`  parseLog      median ${result.parseLogMs.median} ms, p95 ${result.parseLogMs.p95} ms   (JSON.parse + validation, no fold)`);
    console.log(`  JSON.parse    median ${result.jsonParseMs.median} ms, p95 ${result.jsonParseMs.p95} ms   (every line of the same text)`);
    console.log(`  ratio         median ${result.ratio.median}×, p95 ${result.ratio.p95}×`);
    console.log(`  ${result.machine}; load ${result.load.join(' ')}; ${result.date}`);
  }
  process.exitCode = result.pass ? 0 : 1;
}

const round = (x: number) => Math.round(x * 100) / 100;

main();
