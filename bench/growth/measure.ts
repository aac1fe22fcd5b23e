// One growth measurement, in its own process: `tsx bench/growth/measure.ts <codeRoot> <family> <size>`.
// Imports the product code from <codeRoot> (the working tree, or an extracted older commit), builds
// the input outside the timed region, times the operation once and prints {"ms": ...} as JSON.
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const [root, family, sizeArg] = process.argv.slice(2);
const size = Number(sizeArg);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const load = async (rel: string): Promise<any> => import(path.join(path.resolve(root), rel));
const HOUR = 3_600_000;
const COUNTRIES = ['US', 'IN', 'GB', 'DE', 'BR', 'JP', 'FR', 'CA', 'AU', 'MX'];

async function timeIt(f: () => unknown): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

/** (a) Explainer over the 7-week demo dataset with `size` events: construction + 6 explanations. */
async function explainer(n: number, dense = false, recurring = false): Promise<number> {
  const { generateDemo, CSV_PATH } = await load('src/core/demo/index.ts');
  const { parseLongCsv } = await load('src/core/csv/index.ts');
  const { parseReportConfig } = await load('src/core/config/reportConfig.ts');
  const { Explainer, HolidayCalendar, mappingFromDimensions } = await load('src/core/context/index.ts');
  const demo = generateDemo({ seed: 42 });
  const ds = parseLongCsv(demo.csv, CSV_PATH);
  const config = parseReportConfig(demo.files['.calibrate/report.yaml'], '.calibrate/report.yaml');
  const calendar = await HolidayCalendar.load();
  let s = 12345;
  const r = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const span = ds.end - ds.start;
  const events = Array.from({ length: n }, (_, i) => {
    // dense: every event falls in the last 10 days, where the explained segments are.
    const start = dense ? ds.end - Math.floor(r() * 240) * HOUR : ds.start + Math.floor((r() * span) / HOUR) * HOUR;
    // recurring: one job under one name, evenly through the weeks (a batch-job calendar), the case
    // where "did it recur this week?" compares every pair of events.
    if (recurring) {
      const at = ds.start + Math.floor((i * span) / n / HOUR) * HOUR;
      return {
        name: 'Nightly batch',
        kind: 'other',
        start: at,
        end: at + 10 * 60_000,
        zone: 'UTC',
        countries: [],
        source: `.calibrate/calendars/batch.ics:${i * 8 + 4}`,
      };
    }
    return {
      name: `Event ${i}`,
      kind: ['sports', 'launch', 'email_send', 'other'][i % 4],
      start,
      end: start + (1 + Math.floor(r() * 6)) * HOUR,
      zone: 'UTC',
      countries: [COUNTRIES[i % COUNTRIES.length]],
      ...(i % 3 === 0 ? { expectedImpact: -0.2 } : {}),
      source: `.calibrate/events.yaml:${i * 8 + 3}`,
    };
  });
  const segs = [0, 1, 2, 3, 4, 5].map(k => {
    const start = ds.end - (30 + k * 37) * HOUR;
    return {
      metric: 'page_views',
      dims: k % 2 ? { country: COUNTRIES[k] } : {},
      start,
      end: start + 4 * HOUR,
      peakAt: start,
      direction: 'down',
      severity: 3,
      actual: 90,
      expected: 100,
    };
  });
  return timeIt(() => {
    const ex = new Explainer({
      dataset: ds,
      reportZone: config.timezone,
      mapping: mappingFromDimensions(config.dimensions),
      events,
      deploys: demo.deploys,
      calendar,
      asOf: config.asOf,
    });
    for (const seg of segs) ex.explain(seg);
  });
}

/** (b) parseIcs of `size` VEVENTs (a tenth of them weekly-recurring), expanded over 8 weeks. */
async function ics(n: number): Promise<number> {
  const { parseIcs } = await load('src/core/context/ics.ts');
  const out = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//growth//EN'];
  for (let i = 0; i < n; i++) {
    const d = new Date(Date.UTC(2026, 8, 14) + (i % 1000) * HOUR);
    const stamp = d
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    out.push(
      'BEGIN:VEVENT',
      `UID:event-${i}@growth.example`,
      `SUMMARY:Match ${i}`,
      `DTSTART:${stamp}`,
      'DURATION:PT2H',
      'CATEGORIES:Sports',
      ...(i % 10 === 0 ? ['RRULE:FREQ=WEEKLY;COUNT=8'] : []),
      'END:VEVENT',
    );
  }
  out.push('END:VCALENDAR');
  const text = out.join('\r\n');
  return timeIt(() => parseIcs(text, 'calendar.ics', { defaultZone: 'America/Los_Angeles', from: Date.UTC(2026, 8, 1), to: Date.UTC(2026, 10, 15) }));
}

/** (c) localize on 60 leaves (country x platform) plus `size` extra columns, constant or not. */
async function drill(d: number, constant: boolean): Promise<number> {
  const { localize } = await load('src/core/drilldown/index.ts');
  const leaves: { dims: Record<string, string>; forecast: number; actual: number }[] = [];
  let s = 7;
  const r = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  let i = 0;
  for (const c of COUNTRIES) {
    for (const p of ['web', 'ios', 'android', 'tv', 'car', 'watch']) {
      const dims: Record<string, string> = { country: c, platform: p };
      // Varying columns each split the leaves their own way (a hash of leaf and column), so none is a
      // renamed copy of another that the search would drop.
      for (let k = 0; k < d; k++) dims[`x${k}`] = constant ? 'all' : `v${(Math.imul(i * 131 + k, 2654435761) >>> 13) & 1}`;
      const forecast = 1000 * (1 + r());
      leaves.push({ dims, forecast, actual: forecast * (c === 'IN' ? 0.5 : 1 + 0.02 * (r() - 0.5)) });
      i++;
    }
  }
  return timeIt(() => localize({ kind: 'additive', leaves }));
}

/** (d) LongCsvParser fed in 1 MB chunks (as the host reads files): one huge header, one huge record, or a huge quoted multi-line field. */
let refused: string | undefined;
const MIB = 1024 * 1024;

async function csv(bytes: number, kind: 'header' | 'record' | 'quoted'): Promise<number> {
  const { LongCsvParser } = await load('src/core/csv/index.ts');
  let text: string;
  if (kind === 'header') {
    const cols: string[] = [];
    for (let len = 0, k = 0; len < bytes; k++) {
      const c = `dimension_${k}`;
      cols.push(c);
      len += c.length + 1;
    }
    text = `timestamp,metric,value,${cols.join(',')}\n2026-10-01T00:00:00Z,views,1,${cols.map(() => 'a').join(',')}\n2026-10-01T01:00:00Z,views,2,${cols.map(() => 'a').join(',')}\n`;
  } else if (kind === 'record') {
    text = `timestamp,metric,value,note\n2026-10-01T00:00:00Z,views,1,${'x'.repeat(bytes)}\n2026-10-01T01:00:00Z,views,2,y\n`;
  } else {
    const line = 'a line of a long quoted note, with a comma\n';
    text = `timestamp,metric,value,note\n2026-10-01T00:00:00Z,views,1,"${line.repeat(Math.ceil(bytes / line.length))}"\n2026-10-01T01:00:00Z,views,2,y\n`;
  }
  const CHUNK = 1 << 20;
  // Parsed, or refused with an InputError (a limit on record length): either way, the time to the answer.
  return timeIt(() => {
    try {
      const p = new LongCsvParser('data/metrics.csv');
      for (let at = 0; at < text.length; at += CHUNK) p.push(text.slice(at, at + CHUNK));
      p.end();
    } catch (e) {
      if (!(e instanceof Error) || e.name !== 'InputError') throw e;
      refused = e.message.slice(0, 160);
    }
  });
}

async function main(): Promise<void> {
  const fams: Record<string, (n: number) => Promise<number>> = {
    explainEvents: n => explainer(n),
    explainEventsDense: n => explainer(n, true),
    explainRecurring: n => explainer(n, false, true),
    icsEvents: ics,
    drillConstantCols: n => drill(n, true),
    drillVaryingCols: n => drill(n, false),
    csvHeaderMB: n => csv(n * MIB, 'header'),
    csvRecordMB: n => csv(n * MIB, 'record'),
    csvQuotedMB: n => csv(n * MIB, 'quoted'),
    // Below the 1 MiB record cap, where long records are parsed, not refused.
    csvRecordKB: n => csv(n * 1024, 'record'),
    csvQuotedKB: n => csv(n * 1024, 'quoted'),
  };
  const f = fams[family];
  if (!f) throw new Error(`unknown family ${family}; known: ${Object.keys(fams).join(', ')}`);
  const ms = await f(size);
  process.stdout.write(`${JSON.stringify({ ms, ...(refused ? { refused } : {}) })}\n`);
}

main().catch(e => {
  process.stdout.write(`${JSON.stringify({ error: String(e instanceof Error ? e.message : e).slice(0, 500) })}\n`);
  process.exitCode = 1;
});
