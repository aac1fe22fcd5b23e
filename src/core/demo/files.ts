// Text of the demo workspace's config files and README. Written by hand (not a YAML serializer)
// so the comments that teach the format stay in the files.
import type { KnownEvent } from './scenario';
import { COUNTRIES, METRICS } from './world';

export function reportYaml(asOf: string): string {
  const metrics = METRICS.slice()
    .sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id))
    .map((m) => `  - id: ${m.id}\n    label: ${m.label}\n`)
    .join('');
  const countries = COUNTRIES.map((c) => `      ${c.code}: { country: ${c.code}, timezone: ${c.zone} }\n`).join('');
  return `# Calibrate report config: shared by the team through git.
version: 1
title: Key business metrics
timezone: America/Los_Angeles
asOf: ${asOf}   # freezes the report clock (demo and drills); omit to use the real clock
source:
  type: csv
  path: data/metrics.csv
metrics:
${metrics}  - id: signup_rate
    label: Sign-up rate
    ratio: { numerator: signups, denominator: page_views }
dimensions:
  country:
    values:
${countries}  platform: {}
thresholds:
  amber: 5
  red: 15
`;
}

const ORDER = ['page_views', 'signups', 'job_applies', 'messages_sent'];

export function eventsYaml(events: readonly KnownEvent[]): string {
  const items = events
    .map((e) => {
      const lines = [
        `  - name: ${e.name}`,
        `    kind: ${e.kind}`,
        `    start: ${e.start}`,
        `    end: ${e.end}`,
        `    zone: ${e.zone}`,
        `    countries: [${e.countries.join(', ')}]`,
      ];
      if (e.expectedImpact) lines.push(`    expectedImpact: ${/^[+-]/.test(e.expectedImpact) ? `"${e.expectedImpact}"` : e.expectedImpact}`);
      return lines.join('\n') + '\n';
    })
    .join('');
  return `# Events the team knew about, in local wall-clock time of \`zone\`.
# kind: sports | launch | email_send | incident | maintenance | other
version: 1
events:
${items}`;
}

export function readme(seed: number): string {
  const countries = COUNTRIES.map((c) => c.code).join(', ');
  return `# Calibrate demo workspace

A generated workspace for trying Calibrate on the hourly **key business metrics** report:
each hour compared with the same hour last week.

It is synthetic data (generator seed ${seed}) for a professional network, seven weeks of hourly values up to
Tuesday 3 November 2026, 09:20 in Los Angeles, when the report clock is frozen.

## What is here

- \`data/metrics.csv\`: long CSV, \`timestamp,metric,value,country,platform\`, one row per UTC hour, metric and slice.
  Metrics: ${ORDER.join(', ')}. Countries: ${countries}. Platforms: web, ios, android.
- \`.calibrate/report.yaml\`: the report config (metrics, the derived sign-up rate, time zones per country, thresholds).
- \`.calibrate/events.yaml\`: events the team knew about (sports, the weekly newsletter).
- Git history: release tags for the web, iOS and Android apps.

Each country follows its own local clock, public holidays lower its traffic, and the window
crosses the European and US daylight-saving changes.

## Open the report

Open this folder in VS Code with Calibrate installed, then run **Calibrate: Open Metrics Report**
from the Command Palette. The report is red somewhere: find out why.
`;
}
