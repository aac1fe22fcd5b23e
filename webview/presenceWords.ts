// What the report says of where someone is (presence, issue 12). Pure (no DOM), unit-tested in Node.
import type { ReportFocus, ReportSnapshot } from '../src/messaging/protocol';
import { findAnomaly } from './selection';
import { formatDelta, formatInstant, sliceName } from './format';

/** What a focus is, in words: the metric's label, the hour in the report's zone, the anomaly, the slice. */
export function focusWords(f: ReportFocus, s: ReportSnapshot | undefined): string {
  const metric = f.anomaly?.metric ?? f.metric;
  if (!metric) return 'the report';
  const label = s?.rows.find(r => r.metric === metric)?.label ?? metric;
  const parts = [label];
  const zone = s?.timezone ?? 'UTC';
  const a = f.anomaly && s ? findAnomaly(s, f.anomaly) : undefined;
  if (f.anomaly)
    parts.push(
      a
        ? `anomaly ${a.direction === 'down' ? '▼' : '▲'} ${formatInstant(a.start, zone, 'ccc HH:mm')} (${formatDelta(a.vsForecastPct)} vs forecast)`
        : `anomaly at ${formatInstant(f.anomaly.start, zone, 'ccc HH:mm')}`,
    );
  else if (f.hour !== undefined) parts.push(formatInstant(f.hour, zone, 'ccc HH:mm'));
  if (f.slice && Object.keys(f.slice).length) parts.push(`slice ${sliceName(f.slice)}`);
  return parts.join(' · ');
}
