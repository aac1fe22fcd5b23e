// Phase 2 of a report load: forecast bands, the week's context and the anomalies' explanations,
// over phase 1's window and totals (nothing is read back from the view model). One metric at a
// time with a checkpoint before each, so a cancellation lands between metrics.
import { Explainer, mappingFromDimensions, type ContextEvent, type Deploy, type HolidayCalendar } from '../context';
import { forecastProblem, metricForecast, type MetricForecast } from '../report/forecastBands';
import { contextItems, metricAnomalies, rankAnomalies, type AnalyzedAnomaly, type ContextItem } from '../report/triage';
import { totalsOf } from '../report/totals';
import { InputError, type InputProblem } from '../types';
import type { CancelSignal, ContextSources, TimeWindow, YieldNow } from './ports';
import type { ReportTable } from './table';

export interface AnalysisPorts {
  readonly context: ContextSources;
  /** Called at each checkpoint when there is a signal; see YieldNow. */
  readonly yieldNow?: YieldNow;
}

/** Phase 2's result. Structured: explanations keep their evidence values and context items. */
export interface ReportAnalysis {
  /** Per metric id (no prototype), aligned with the window's chart axis; absent where no forecast could be made. */
  readonly forecasts: Readonly<Record<string, MetricForecast>>;
  /** Holidays, events, deploys and DST changes in the chart's week, in time order. */
  readonly context: readonly ContextItem[];
  /** The report window's anomalies, most severe first, each drilled down and explained. */
  readonly anomalies: readonly AnalyzedAnomaly[];
  /** Metrics without a forecast, context sources that failed or were partial (not about a line of a file). */
  readonly warnings: readonly string[];
  /** The entries of the events file and calendars left out, each at its file and line. */
  readonly problems?: readonly InputProblem[];
}

/** What the explainer was built from, and the warnings of the sources that failed. */
interface GatheredContext {
  readonly explainer: Explainer;
  readonly warnings: string[];
  readonly problems: InputProblem[];
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Never rejects, except with the signal's reason when the load is cancelled: a failing context
 * source is a warning, and an unexpected failure leaves the table without forecasts and explanations
 * (one warning says why).
 */
export async function analyze(table: ReportTable, ports: AnalysisPorts, signal?: CancelSignal): Promise<ReportAnalysis> {
  const checkpoint = async (): Promise<void> => {
    if (!signal) return;
    await ports.yieldNow?.();
    signal.throwIfAborted();
  };
  try {
    const { config, dataset, window } = table;
    const forecasts: Record<string, MetricForecast> = Object.create(null);
    const problems: string[] = [];
    for (const m of config.metrics) {
      await checkpoint();
      try {
        const totals = totalsOf(table.totals, m);
        if (totals.missing) continue; // no data yet: its row says so, and the table's problems
        forecasts[m.id] = metricForecast(config, m, dataset, totals, window.chartX, window.hours);
        // A band drawn from less data than usual (a week missing) says why beside the report.
        for (const note of forecasts[m.id].notes ?? []) problems.push(`Forecast for ${m.label}: ${note}`);
      } catch (e) {
        problems.push(forecastProblem(m, e));
      }
    }
    await checkpoint();
    const ctx = await gatherContext(table, ports.context, signal);
    await checkpoint();
    const context = contextItems(ctx.explainer.context, ctx.explainer, config.metrics[0].id).filter(
      i => i.end >= (window.chartX[0] ?? window.end) && i.start < window.end,
    );
    const anomalies: AnalyzedAnomaly[] = [];
    for (const m of config.metrics) {
      const f = Object.hasOwn(forecasts, m.id) ? forecasts[m.id] : undefined;
      if (!f) continue;
      await checkpoint();
      anomalies.push(...metricAnomalies(config, dataset, m, f, window, totalsOf(table.totals, m), ctx.explainer));
    }
    return { forecasts, context, anomalies: rankAnomalies(anomalies), warnings: [...problems, ...ctx.warnings], problems: ctx.problems };
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    return { forecasts: Object.create(null), context: [], anomalies: [], warnings: [`Forecasts and explanations are unavailable: ${message(e)}`] };
  }
}

/** The three sources at once; each failure is a warning. Rejects only with the cancellation. */
async function gatherContext(table: ReportTable, sources: ContextSources, signal: CancelSignal | undefined): Promise<GatheredContext> {
  const { config, dataset } = table;
  const window: TimeWindow = { from: dataset.start, to: dataset.end };
  const warnings: string[] = [];
  const [holidays, events, deploys] = await Promise.all([
    settle(
      () => sources.holidays(),
      (e): HolidayCalendar | undefined => {
        warnings.push(`Holidays unavailable: ${message(e)}`);
        return undefined;
      },
    ),
    settle(
      () => sources.events(window, signal),
      e => ({ events: [] as ContextEvent[], errors: [e instanceof Error ? e : new Error(String(e))] }),
    ),
    settle(
      () => sources.deploys(window, signal),
      e => ({ deploys: [] as Deploy[], warnings: [`unavailable: ${message(e)}`] }),
    ),
  ]);
  signal?.throwIfAborted(); // the sources' failures may only be the cancellation
  const problems: InputProblem[] = [];
  for (const e of events.errors) {
    if (e instanceof InputError) problems.push(e.toProblem());
    else warnings.push(e.message);
  }
  for (const w of deploys.warnings) warnings.push(`Deploys: ${w}`);
  const ratios = Object.fromEntries(config.metrics.filter(m => m.ratio).map(m => [m.id, m.ratio!]));
  const explainer = new Explainer({
    dataset,
    reportZone: config.timezone,
    mapping: mappingFromDimensions(config.dimensions),
    events: [...events.events],
    deploys: [...deploys.deploys],
    ...(holidays ? { calendar: holidays } : {}),
    ...(config.asOf !== undefined ? { asOf: config.asOf } : {}),
    settleMinutes: config.settleMinutes,
    ratios,
    // A team's re-fitted calibration (the weekly review's proposal, applied): else the shipped constants.
    ...(config.explanationCalibration ?? {}),
  });
  return { explainer, warnings, problems };
}

/** The source's answer, or `fallback(error)` when it throws or rejects (synchronously too). */
async function settle<T>(call: () => Promise<T>, fallback: (e: unknown) => T): Promise<T> {
  try {
    return await call();
  } catch (e) {
    return fallback(e);
  }
}
