// The report pipeline as the host runs it (src/report/loadReport.ts, without `vscode`): hourly
// report, week charts, forecast bands, context and triage with explanations, on generated datasets.
// Target `pipeline`: no exception other than the documented load errors, finite numbers out.
// Target `snapshot`: the snapshot the host would post, after a JSON round trip (postMessage), must be
// accepted by parseToWebview (through the producer-side sanitizer when src/protocol.ts exports one).
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { buildHourlyReport } from '../../../src/core/report/hourlyReport';
import { buildWeekCharts } from '../../../src/core/report/weekChart';
import { buildForecastBands } from '../../../src/core/report/forecastBands';
import { contextItems, triageReport, type TriagedAnomaly } from '../../../src/core/report/triage';
import { incidentGroups } from '../../../src/core/report/incidents';
import { Explainer, HolidayCalendar, mappingFromDimensions, type ContextEvent } from '../../../src/core/context';
import * as protocol from '../../../src/messaging/protocol';
import { InputError } from '../../../src/core/types';
import { PropertyViolation, type FuzzTarget } from '../types';
import { buildDataset, configFor, datasetSpec, HOUR, type DatasetSpec } from './dataset';

export interface ReportInput {
  readonly spec: DatasetSpec;
  readonly events: readonly { readonly at: number; readonly hours: number; readonly impact?: number; readonly name: string }[];
}

const ROOT = path.resolve(__dirname, '../../..');
let calendar: Promise<HolidayCalendar> | undefined;

const input: fc.Arbitrary<ReportInput> = fc.record({
  spec: datasetSpec,
  events: fc.array(
    fc.record({
      at: fc.integer({ min: -48, max: 24 * 20 }),
      hours: fc.integer({ min: 1, max: 30 }),
      impact: fc.option(fc.constantFrom(-0.2, 0.5, -1, 3), { nil: undefined }),
      name: fc.constantFrom('Cup final', 'Launch', 'x'.repeat(600)),
    }),
    { maxLength: 4 },
  ),
});

/** A documented phase-1 failure: the host shows it as a load problem. */
const loadProblem = (e: unknown): e is Error =>
  e instanceof InputError || (e instanceof Error && e.constructor === Error && /^The hourly report needs/.test(e.message));

async function build(inp: ReportInput, guarded: boolean) {
  const data = buildDataset(inp.spec);
  const config = configFor(inp.spec, data);
  const report = buildHourlyReport(config, data, 0);
  const charts = buildWeekCharts(config, data, report);
  const base = {
    ...report,
    id: 1,
    analysis: 'pending' as const,
    source: config.source.path,
    charts,
    context: [],
    anomalies: [] as TriagedAnomaly[],
    incidents: [] as ReturnType<typeof incidentGroups>,
  };
  const phase2 = async () => {
    const x = charts[config.metrics[0].id].x;
    const bands = buildForecastBands(config, data, x, report.hours.length);
    const withBands = Object.fromEntries(Object.keys(charts).map(m => [m, { ...charts[m], forecast: bands.byMetric[m] }]));
    calendar ??= HolidayCalendar.load();
    const events: ContextEvent[] = inp.events.map((e, i) => ({
      name: e.name,
      kind: 'sports',
      start: data.start + e.at * HOUR,
      end: data.start + (e.at + e.hours) * HOUR,
      zone: config.timezone,
      countries: ['US'],
      ...(e.impact !== undefined ? { expectedImpact: e.impact } : {}),
      source: `.calibrate/events.yaml:${i + 2}`,
    }));
    const explainer = new Explainer({
      dataset: data,
      reportZone: config.timezone,
      mapping: mappingFromDimensions(config.dimensions),
      events,
      deploys: [],
      calendar: await calendar,
      asOf: config.asOf,
      settleMinutes: 0,
      ratios: { conv: { numerator: 'orders', denominator: 'views' } },
    });
    const weekEnd = report.hours[report.hours.length - 1].at + data.step;
    const context = contextItems(explainer.context, explainer, config.metrics[0].id).filter(i => i.end >= (x[0] ?? weekEnd) && i.start < weekEnd);
    const anomalies = triageReport(config, data, bands.byMetric, report.hours[0].at, report.hours.length, explainer);
    const incidents = incidentGroups(anomalies, config.timezone);
    return { ...base, id: 2, analysis: 'done' as const, charts: withBands, context, anomalies, incidents, warnings: [...report.warnings, ...bands.problems] };
  };
  if (!guarded) return phase2();
  try {
    return await phase2();
  } catch (e) {
    return {
      ...base,
      id: 2,
      analysis: 'done' as const,
      warnings: [...report.warnings, `Forecasts and explanations are unavailable: ${e instanceof Error ? e.message : String(e)}`],
    };
  }
}

function checkNumbers(anoms: readonly TriagedAnomaly[]): void {
  for (const a of anoms) {
    const bad = [a.start, a.end, a.severity, a.vsForecastPct].find(v => !Number.isFinite(v));
    if (bad !== undefined || a.end <= a.start)
      throw new PropertyViolation(
        `anomaly ${a.metric} has a non-finite or empty field (start ${a.start}, end ${a.end}, severity ${a.severity}, vsForecastPct ${a.vsForecastPct})`,
      );
    for (const x of a.explanations)
      if (!(x.confidence >= 0 && x.confidence <= 1)) throw new PropertyViolation(`explanation ${x.kind} of ${a.metric} has confidence ${x.confidence}`);
    for (const w of a.where) if (!Number.isFinite(w.share)) throw new PropertyViolation(`where-drill slice ${JSON.stringify(w.dims)} has share ${w.share}`);
  }
}

export const pipelineTarget: FuzzTarget<ReportInput> = {
  name: 'pipeline',
  cost: 20,
  timeoutMs: 20_000,
  arbitrary: () => input,
  run: async inp => {
    try {
      const snap = await build(inp, false);
      checkNumbers(snap.anomalies);
      return [];
    } catch (e) {
      if (loadProblem(e)) return [e.message];
      throw e;
    }
  },
  preview: inp => JSON.stringify(inp),
};

type Fit = (v: unknown) => unknown;
/**
 * The producer-side sanitizer, when the tree has one: fitForWebview(body) or fitSnapshot(snapshot)
 * in src/messaging/fitSnapshot.ts (src/fitSnapshot.ts in older trees) or the protocol. Looked up at
 * run time, so the harness works with or without it.
 */
let fit: Promise<{ name: string; body: Fit } | undefined> | undefined;
async function findSanitizer(): Promise<{ name: string; body: Fit } | undefined> {
  const mods: Record<string, unknown>[] = [protocol as unknown as Record<string, unknown>];
  for (const f of ['src/messaging/fitSnapshot.ts', 'src/fitSnapshot.ts']) {
    const file = path.join(ROOT, f);
    if (fs.existsSync(file)) mods.unshift((await import(file)) as Record<string, unknown>);
  }
  for (const m of mods) {
    if (typeof m.fitForWebview === 'function') return { name: 'fitForWebview', body: m.fitForWebview as Fit };
    for (const n of ['fitSnapshot', 'sanitizeSnapshot']) {
      const f = m[n];
      if (typeof f === 'function') return { name: n, body: b => ({ ...(b as object), snapshot: (f as Fit)((b as { snapshot: unknown }).snapshot) }) };
    }
  }
  return undefined;
}

export const snapshotTarget: FuzzTarget<ReportInput> = {
  name: 'snapshot',
  cost: 20,
  timeoutMs: 20_000,
  arbitrary: () => input,
  run: async inp => {
    let snap: unknown;
    try {
      snap = await build(inp, true);
    } catch (e) {
      if (loadProblem(e)) return [e.message];
      throw e;
    }
    const san = await (fit ??= findSanitizer());
    const body = { type: 'snapshot', snapshot: snap };
    const wire = JSON.parse(JSON.stringify({ channel: 'report', id: 7, body: san ? san.body(body) : body }));
    try {
      protocol.parseToWebview(wire);
    } catch (e) {
      throw new PropertyViolation(
        `the host's snapshot is rejected by parseToWebview${san ? ` (after ${san.name})` : ' (no sanitizer found)'}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    return [];
  },
  preview: inp => JSON.stringify(inp),
};
