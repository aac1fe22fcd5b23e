// The demo's example investigation, opened from its anomaly as a user opens one: the anomaly frozen
// as the report shows it (its numbers and the explanations with their confidences). The generator
// (src/core/demo) writes the example without it, because that needs the forecast and the explainer;
// here the report pipeline runs once over the demo's own data, events, holidays and releases (the
// tags the workspace gets), in memory, and the copy goes into the example's `opened` event. So the
// demo's weekly calibration review has a confirmed case to show. Deterministic for a seed, like
// the rest of the demo. Node, no vscode: the demo workspace command and scripts/gen-demo.ts use it.
import { parseReportConfig } from '../core/config/reportConfig';
import { HolidayCalendar, parseEventsYaml } from '../core/context';
import { parseLongCsv } from '../core/csv';
import { CSV_PATH, EXAMPLE_METRIC, type DemoOutput } from '../core/demo';
import { dataProblem, eventLine, parseLog } from '../core/investigation';
import { analyze, buildTable, presentReport } from '../core/pipeline';
import type { ReportSnapshot } from '../messaging/protocol';
import { nodeYield } from '../report/reportContext';
import { configDigest, freezeAnomaly } from '../services/evidence';

const CONFIG = '.calibrate/report.yaml';
const EVENTS = '.calibrate/events.yaml';
const EXAMPLE = /^\.calibrate\/investigations\/[^/]+\.jsonl$/;

/**
 * The demo's files with the example investigation's anomaly frozen in. Unchanged when the report does
 * not flag the example's incident (then the example says nothing it could not back).
 */
export async function withFrozenExample(demo: DemoOutput): Promise<Record<string, string>> {
  const files = { ...demo.files };
  const path = Object.keys(files).find(p => EXAMPLE.test(p));
  const incident = demo.groundTruth.effects.find(e => e.kind === 'incident');
  const configText = files[CONFIG];
  if (!path || !incident || configText === undefined) return files;
  const config = parseReportConfig(configText, CONFIG);
  const table = buildTable(config, parseLongCsv(demo.csv, CSV_PATH), { now: () => Date.now() });
  const events = parseEventsYaml(files[EVENTS] ?? '', EVENTS, config.timezone);
  // Run by a command in the extension host: yield between metrics, so the host stays responsive.
  const analysis = await analyze(
    table,
    {
      yieldNow: nodeYield,
      context: {
        holidays: () => HolidayCalendar.load(),
        events: async () => ({ events: events.events, errors: [] }),
        // The release tags the demo workspace is given (the report reads them from git).
        deploys: async () => ({
          deploys: demo.deploys.map(d => ({ ref: d.tag, at: Date.parse(d.at), message: d.message, kind: 'tag' as const })),
          warnings: [],
        }),
      },
    },
    new AbortController().signal,
  );
  const snapshot: ReportSnapshot = { ...presentReport(table, analysis), id: 0, analysis: 'done' };
  // The example's metric, flagged over the incident's hours: the anomaly that overlaps them most.
  const from = Date.parse(incident.start);
  const to = Date.parse(incident.end);
  const overlap = (a: { start: number; end: number }) => Math.min(a.end, to) - Math.max(a.start, from);
  const anomaly = snapshot.anomalies.filter(a => a.metric === EXAMPLE_METRIC && overlap(a) > 0).sort((a, b) => overlap(b) - overlap(a))[0];
  if (!anomaly) return files;
  const log = parseLog(files[path]!);
  const first = log.events[0];
  if (!first || first.event.type !== 'opened' || log.problems.length) return files;
  const opened = first.event;
  const data = { ...opened.data, anomaly: freezeAnomaly(snapshot, anomaly, configDigest(configText)) };
  const why = dataProblem('opened', data);
  if (why) throw new Error(`the demo's example investigation: its frozen anomaly is not valid (${why})`);
  const lines = files[path]!.split('\n');
  lines[first.line - 1] = eventLine({ ...opened, data }).trimEnd();
  files[path] = lines.join('\n');
  return files;
}
