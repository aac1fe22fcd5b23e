// The demo's example investigation: the iOS incident of the story (a release that broke links),
// investigated and closed by an on-call lead and a learner, so a new user sees what a finished one
// looks like. Written with the model's own newEvent/eventLine; ids and times come from the seed and
// the report clock, so the demo stays byte-identical for a seed. The numbers in it are the
// generated data's own. The anomaly it was opened from is frozen in by the demo workspace's writers
// (src/workspace/demoExample.ts): that needs the forecast and the explainer (the report pipeline,
// async and seconds long), which the generator does not run.
import { DateTime } from 'luxon';
import { eventLine, idFromBytes, logName, newEvent, type EventData, type EventSource, type EventType, type ReportPlace } from '../investigation';
import type { InjectedEffect } from './groundTruth';
import { createRng } from './prng';
import { AS_OF, GRID_END, REPORT_ZONE, WINDOW_START, type Deploy } from './scenario';

const HOUR = 3_600_000;
const MIN = 60_000;
const WEEK_HOURS = 168;

export interface DemoInvestigationInput {
  readonly seed: number;
  readonly effects: readonly InjectedEffect[];
  readonly deploys: readonly Deploy[];
  /** Hourly values from WINDOW_START, one series per country, for a metric on a platform. */
  readonly series: (metric: string, platform: string) => readonly { readonly country: string; readonly values: ArrayLike<number> }[];
}

export const INVESTIGATION_AUTHORS = { lead: 'Priya Raman', learner: 'Sam Ortiz' } as const;
/** The metric the example's incident is investigated in. */
export const EXAMPLE_METRIC = 'page_views';

/** `.calibrate/investigations/<date>-<slug>.jsonl` and its text. */
export function demoInvestigation(input: DemoInvestigationInput): { path: string; text: string } {
  const incident = input.effects.find(e => e.kind === 'incident')!;
  const deploy = input.deploys.find(d => d.tag === 'ios-v7.4.0')!;
  const idx = (t: number) => Math.round((t - WINDOW_START) / HOUR);
  // The anomaly's hours: every hour the broken links touched.
  const start = Math.floor(Date.parse(incident.start) / HOUR) * HOUR;
  const end = Math.ceil(Date.parse(incident.end) / HOUR) * HOUR;
  const total = (metric: string, platform: string, i: number) => input.series(metric, platform).reduce((s, c) => s + c.values[i]!, 0);
  const over = (metric: string, platform: string, from: number, to: number, back = 0) => {
    let s = 0;
    for (let i = idx(from); i < idx(to); i++) s += total(metric, platform, i - back);
    return s;
  };
  const pct = (now: number, before: number) => Math.round((now / before - 1) * 100);
  const iosNow = over('page_views', 'ios', start, end);
  const iosBefore = over('page_views', 'ios', start, end, WEEK_HOURS);
  const others = ['android', 'web'].map(p => `${p} ${signed(pct(over('page_views', p, start, end), over('page_views', p, start, end, WEEK_HOURS)))}%`).join(', ');

  // The report's 24 complete hours, for the iOS slice: the chart the learner pinned.
  const chartEnd = GRID_END - HOUR;
  const chartPlace: ReportPlace = { metric: 'page_views', slice: { platform: 'ios' }, start: chartEnd - 24 * HOUR, end: chartEnd };
  const x = Array.from({ length: 24 }, (_, k) => chartPlace.start + k * HOUR);
  const incidentPlace: ReportPlace = { metric: EXAMPLE_METRIC, slice: { platform: 'ios' }, start, end };
  const byCountry = input.series('page_views', 'ios').map(c => {
    let now = 0;
    let before = 0;
    for (let i = idx(start); i < idx(end); i++) {
      now += c.values[i]!;
      before += c.values[i - WEEK_HOURS]!;
    }
    return [c.country, now, before, pct(now, before)] as (string | number)[];
  });

  const local = (t: number, f = 'HH:mm') => DateTime.fromMillis(t, { zone: REPORT_ZONE }).toFormat(f);
  const window = `${local(start)}–${local(end)}`;

  // Two people writing, one clock between them (each reads the other's lines before writing).
  const rng = createRng((input.seed ^ 0x1a7e57) >>> 0);
  let clock = 0;
  let at = AS_OF + 6 * MIN;
  const lines: string[] = [];
  const write = <T extends EventType>(author: string, minutes: number, type: T, data: EventData[T]): string => {
    at += minutes * MIN;
    const src: EventSource = { author, now: () => at, newId: () => idFromBytes(Uint8Array.from({ length: 9 }, () => rng.int(0, 255))) };
    const e = newEvent(src, clock, type, data);
    clock = e.clock;
    lines.push(eventLine(e));
    return e.id;
  };
  const { lead, learner } = INVESTIGATION_AUTHORS;

  const title = 'iOS page views drop after the 7.4.0 release';
  write(lead, 0, 'opened', { title, origin: 'anomaly' });
  write(lead, 0, 'role', { person: lead, role: 'lead' });
  write(lead, 0, 'role', { person: learner, role: 'learner' });
  write(
    lead,
    1,
    'note',
    {
      text:
        `Page views on **iOS** were ${signed(pct(iosNow, iosBefore))}% against the same hours last week, ${window} (${REPORT_ZONE}); ` +
        `the other platforms moved far less (${others}).\n\nSam is on call with me this week: Sam, take the first pass. ` +
        'Pin what you look at, so the next shift can follow.',
    },
  );
  const chart = write(learner, 4, 'evidence', {
    kind: 'chart',
    title: 'iOS page views, the report’s 24 hours',
    place: chartPlace,
    zone: REPORT_ZONE,
    series: { x, actual: x.map(t => total('page_views', 'ios', idx(t))), lastWeek: x.map(t => total('page_views', 'ios', idx(t) - WEEK_HOURS)) },
  });
  const football = write(learner, 2, 'hypothesis', { text: 'Monday Night Football kept US users away from the app.' });
  const table = write(learner, 5, 'evidence', {
    kind: 'table',
    title: `iOS page views by country, ${window}`,
    place: incidentPlace,
    columns: ['country', 'page views', 'last week', 'change %'],
    rows: byCountry,
  });
  write(learner, 2, 'hypothesisStatus', {
    hypothesis: football,
    status: 'rejected',
    evidence: [table],
    reason: 'iOS fell in every country, not only the US, and the game had ended before the drop began.',
  });
  const release = write(lead, 3, 'hypothesis', { text: `The iOS app release ${deploy.tag.replace('ios-v', '')} broke links into the app.` });
  const deployEvidence = write(lead, 1, 'evidence', {
    kind: 'context',
    title: `Deploy ${deploy.tag}`,
    contextKind: 'deploy',
    start: Date.parse(deploy.at),
    detail: `${deploy.message}, ${Math.round((Date.parse(incident.start) - Date.parse(deploy.at)) / MIN)} minutes before the drop`,
  });
  const question = write(learner, 4, 'question', { text: 'Did web or Android drop too? If they did, it is not the iOS release.' });
  write(lead, 2, 'answer', { question, text: `Far less: over the same hours, against last week, ${others}. Only iOS fell this far.` });
  write(lead, 3, 'hypothesisStatus', {
    hypothesis: release,
    status: 'supported',
    evidence: [chart, deployEvidence],
    reason: 'The drop starts shortly after the release, on iOS only, in every country, and ends when the release was pulled.',
  });
  const action = write(lead, 2, 'action', { text: 'Add an open-a-shared-link check to the iOS release smoke test.', owner: learner });
  write(lead, 1, 'verdict', { verdict: 'real', reason: 'A broken release, not the calendar: users could not open links on iOS.' });
  write(learner, 20, 'actionState', { action, state: 'done' });
  write(
    learner,
    2,
    'note',
    { text: 'What I learned: rule out the calendar first (football, holidays), then split by platform. A drop on one platform in every country points at a release.' },
  );
  write(lead, 5, 'closed', {
    summary: `iOS page views fell ${Math.abs(pct(iosNow, iosBefore))}% against last week, ${window}, while web and Android held.`,
    rootCause: `The iOS app release ${deploy.tag.replace('ios-v', '')} (tag ${deploy.tag}) broke links into the app; users who followed a link landed nowhere.`,
    decision: 'Keep 7.4.0 pulled and ship 7.4.1 with the link fix; the release smoke test now opens a shared link.',
  });

  const date = DateTime.fromMillis(AS_OF + 6 * MIN, { zone: REPORT_ZONE }).toISODate()!;
  return { path: `.calibrate/investigations/${logName(title, date, () => false)}.jsonl`, text: lines.join('') };
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
