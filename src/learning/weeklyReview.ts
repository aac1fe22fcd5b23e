// The weekly calibration review's adapter (issue 16), without vscode so the command line can share it:
// reads the folder's investigation logs, runs the report's analysis for each day of the week (the
// report flags anomalies in its 24 hours before the clock, so one run per day, with the clock at the
// day's end), builds the review (src/core/learning/review.ts) and plans its files:
// docs/calibration/<yyyy>-W<ww>.md and its charts, written with writeAll (never overwriting).
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { readLogs } from '../cli/investigation';
import { parseLadderConfig, DEFAULT_LADDER, type LadderThresholds } from '../core/config/ladderConfig';
import { handoffSuggestions, ladder } from '../core/learning/ladder';
import { SHIPPED_CALIBRATION } from '../core/learning/calibration';
import { buildWeeklyReview, weekName, weekRange, type FlaggedAnomaly, type IsoWeek, type WeeklyReview } from '../core/learning/review';
import { reviewMarkdown } from '../core/learning/reviewMarkdown';
import { analyze, buildTable } from '../core/pipeline';
import { loadReportTable, nodeYield, workspaceContextSources, type SourceOptions } from '../report/reportContext';
import { readReportConfigText } from '../workspace/reportFiles';
import type { FindingFile } from '../findings/files';

export const CALIBRATION_DIR = 'docs/calibration';
const HOUR = 3_600_000;

export interface WeeklyReviewOptions {
  /** The workspace folder (absolute) and its name, for messages. */
  readonly root: string;
  readonly folderName: string;
  /** The report config, relative to root. */
  readonly configPath: string;
  readonly maxCsvBytes: number;
  readonly week: IsoWeek;
  /** UTC ms: days after it are not run (the week so far). */
  readonly now: number;
  /** Read deploys from git (only in a trusted workspace). */
  readonly git: boolean;
  /** How a remote source may be read (contact: false in an untrusted workspace). */
  readonly source?: SourceOptions;
  /** Called before each day's analysis: "Tue 24 Nov". */
  readonly progress?: (day: string, index: number, days: number) => void;
  readonly signal?: AbortSignal;
}

export type ReviewPlan =
  | { readonly review: WeeklyReview; readonly files: readonly FindingFile[] }
  /** A week with no investigation: said plainly, no file is written. */
  | { readonly nothing: string };

export async function planWeeklyReview(opts: WeeklyReviewOptions): Promise<ReviewPlan> {
  const settings = { configPath: opts.configPath, maxCsvBytes: opts.maxCsvBytes };
  const clock = { now: () => opts.now };
  const base = await loadReportTable(opts.root, opts.folderName, settings, clock, opts.signal, 'set calibrate.reportConfigPath', opts.source);
  const zone = base.config.timezone;
  const { flagged, notes } = await weekAnomalies(opts, base);
  const { logs, problems } = await readLogs(opts.root);
  const investigations = logs.map(l => ({ name: l.name, state: l.state }));
  for (const p of problems) notes.push(`An investigation log could not be read: ${p.text}`);
  const thresholds = await ladderThresholds(opts, notes);
  const range = weekRange(opts.week, zone);
  const handoffs = handoffSuggestions(ladder(investigations, thresholds), thresholds, { from: range.start, to: range.end }).map(h => h.text);
  const review = buildWeeklyReview({
    week: opts.week,
    zone,
    investigations,
    flagged,
    // The constants the report explains with: the team's re-fit when applied, else the shipped ones.
    constants: base.config.explanationCalibration ?? SHIPPED_CALIBRATION,
    handoffs,
    flaggedNotes: notes,
  });
  if (review.investigationsInWeek === 0) {
    const n = review.seen.length;
    return {
      nothing: `nothing to review for ${review.week}: no investigation was opened or closed that week, and ${n} anomal${n === 1 ? 'y was' : 'ies were'} flagged`,
    };
  }
  const rendered = reviewMarkdown(review, { dir: CALIBRATION_DIR });
  const dir = join(opts.root, ...CALIBRATION_DIR.split('/'));
  return {
    review,
    files: [
      { path: join(dir, `${review.week}.md`), text: rendered.markdown },
      ...rendered.images.map(i => ({ path: join(dir, ...i.file.split('/')), text: i.svg })),
    ],
  };
}

/**
 * The anomalies the report flagged in the week: one analysis per day, the clock at the day's end
 * (plus the settle time, so its last hour is complete), over the dataset read once. An anomaly
 * across midnight comes back from two days: the pieces of one metric that touch are joined.
 */
async function weekAnomalies(
  opts: WeeklyReviewOptions,
  base: Awaited<ReturnType<typeof loadReportTable>>,
): Promise<{ flagged: FlaggedAnomaly[]; notes: string[] }> {
  const zone = base.config.timezone;
  const range = weekRange(opts.week, zone);
  const context = workspaceContextSources(opts.root, { zone, git: opts.git });
  const settle = base.config.settleMinutes * 60_000;
  const notes: string[] = [];
  const found: FlaggedAnomaly[] = [];
  const days: { start: number; end: number }[] = [];
  for (let d = DateTime.fromMillis(range.start, { zone }); d.toMillis() < range.end; d = d.plus({ days: 1 })) {
    days.push({ start: d.toMillis(), end: d.plus({ days: 1 }).toMillis() });
  }
  const dataEnd = base.dataset.end;
  for (const [i, day] of days.entries()) {
    const label = DateTime.fromMillis(day.start, { zone }).toFormat('ccc d LLL');
    if (day.start >= Math.min(opts.now, dataEnd)) {
      notes.push(`${label} and after: not run (${day.start >= opts.now ? 'still to come' : 'after the data ends'}).`);
      break;
    }
    opts.signal?.throwIfAborted();
    opts.progress?.(label, i, days.length);
    const asOf = Math.min(day.end + settle, opts.now);
    try {
      const table = buildTable({ ...base.config, asOf }, base.dataset, { now: () => asOf }, opts.configPath);
      const analysis = await analyze(table, { context, yieldNow: nodeYield });
      for (const w of analysis.warnings) if (/unavailable/i.test(w)) notes.push(`${label}: ${w}`);
      for (const a of analysis.anomalies) {
        if (a.end <= day.start || a.start >= day.end + HOUR) continue;
        found.push({
          metric: a.metric,
          label: a.label,
          start: a.start,
          end: a.end,
          direction: a.direction,
          vsForecastPct: a.vsForecastPct,
          explanations: a.explanations.map(x => ({ kind: x.kind, title: x.title, confidence: x.confidence })),
        });
      }
    } catch (e) {
      notes.push(`${label}: the report could not run (${(e as Error).message}).`);
    }
  }
  return { flagged: joinPieces(found), notes: [...new Set(notes)] };
}

/** Anomalies of one metric and direction that overlap or touch are one: the latest run's explanations, the union window. */
function joinPieces(found: readonly FlaggedAnomaly[]): FlaggedAnomaly[] {
  const out: FlaggedAnomaly[] = [];
  for (const a of [...found].sort((x, y) => x.start - y.start)) {
    const i = out.findIndex(b => b.metric === a.metric && b.direction === a.direction && a.start <= b.end && b.start <= a.end);
    if (i < 0) out.push(a);
    else {
      const b = out[i]!;
      out[i] = { ...a, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
    }
  }
  return out;
}

/** The team's ladder thresholds from the report config's `ladder:`; the defaults, with a note, when it cannot be read. */
async function ladderThresholds(opts: WeeklyReviewOptions, notes: string[]): Promise<LadderThresholds> {
  try {
    return parseLadderConfig(await readReportConfigText(opts.root, opts.configPath, opts.signal), opts.configPath);
  } catch (e) {
    notes.push(`The ladder's thresholds could not be read (${(e as Error).message}): hand-offs use the defaults.`);
    return DEFAULT_LADDER;
  }
}

export { weekName };
