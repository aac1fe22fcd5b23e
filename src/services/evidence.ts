// Freezing what the report shows into the investigation log: the anomaly an investigation opens
// from, and pinned evidence. The host builds both from its own snapshot (the webview only names
// what to pin), and stores the values, so the investigation reads the same next month.
// No vscode: unit-tested in Node.
import type { AnomalyCopy, EvidenceBody, FrozenSeries, ReportPlace } from '../core/investigation';
import { LIMITS } from '../core/investigation';
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { PinTarget, ReportSnapshot, WeekChart } from '../messaging/protocol';
import { contextKey } from '../messaging/protocol';

type Anomaly = ReportSnapshot['anomalies'][number];

/** A short one-line field: the log refuses longer ones. */
const short = (s: string) => (s.length <= LIMITS.short ? s : s.slice(0, LIMITS.short - 1) + '…');
const HOUR = 3_600_000;

/** The chart's hours in [start, end) (at least the hour at start), frozen. */
export function freezeSeries(chart: WeekChart, start: number, end: number): FrozenSeries {
  const idx = chart.x.flatMap((t, i) => (t >= start && t < Math.max(end, start + HOUR) ? [i] : []));
  const pick = (xs: readonly (number | null)[] | undefined) => xs && idx.map(i => xs[i] ?? null);
  const f = chart.forecast;
  return {
    x: idx.map(i => chart.x[i]),
    actual: pick(chart.thisWeek)!,
    lastWeek: pick(chart.lastWeek)!,
    ...(f ? { expected: pick(f.mean)!, lower: pick(f.lower95)!, upper: pick(f.upper95)! } : {}),
  };
}

/** The anomaly's numbers as the report shows them now, for the opened event. A day of context either side of its window. */
export function freezeAnomaly(s: ReportSnapshot, a: Anomaly, configVersion: string): AnomalyCopy {
  const chart = s.charts[a.metric];
  const series = chart ? freezeSeries(chart, a.start - 6 * HOUR, a.end + 6 * HOUR) : { x: [], actual: [] };
  return {
    metric: a.metric,
    slice: {},
    start: a.start,
    end: a.end,
    label: short(a.label),
    direction: a.direction,
    severity: a.severity,
    vsForecastPct: a.vsForecastPct,
    zone: s.timezone,
    series,
    explanations: a.explanations.slice(0, LIMITS.rows).map(e => ({ title: e.title.slice(0, LIMITS.text), confidence: e.confidence })),
    configVersion,
  };
}

/** The report config's version, recorded with a frozen anomaly: a digest of the config's text, so a later reader knows which config measured it. */
export function configDigest(text: string | Uint8Array): string {
  return 'sha256:' + createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** A title for an investigation opened from an anomaly: "Orders down 23% vs forecast, Tue 14:00". */
export function anomalyTitle(a: Anomaly, when: string): string {
  return short(`${a.label} ${a.direction} ${Math.abs(Math.round(a.vsForecastPct))}% vs forecast, ${when}`);
}

/** Why a pin cannot be made from this snapshot, as an Error the webview shows. */
class PinError extends Error {}

/**
 * The evidence a pin names, frozen from the snapshot. `sliceChart`: the slice's chart, for a pin of
 * a charted slice (the host computes it; the snapshot has only totals).
 */
export function freezeEvidence(s: ReportSnapshot, t: PinTarget, sliceChart?: WeekChart): EvidenceBody {
  const anomaly = (metric: string, start: number) => {
    const a = s.anomalies.find(x => x.metric === metric && x.start === start);
    if (!a) throw new PinError('the report no longer lists that anomaly');
    return a;
  };
  const place = (metric: string, start: number, end: number, slice: Readonly<Record<string, string>> = {}): ReportPlace => ({
    metric,
    slice: { ...slice },
    start,
    end,
  });
  switch (t.kind) {
    case 'chart': {
      const sliced = Object.keys(t.dims).length > 0;
      const chart = sliced ? sliceChart : s.charts[t.metric];
      const row = s.rows.find(r => r.metric === t.metric);
      if (!chart || !row) throw new PinError(`the report has no chart of "${t.metric}"${sliced ? ' for that slice' : ''}`);
      const series = freezeSeries(chart, t.start, t.end);
      if (series.x.length > LIMITS.points) throw new PinError(`the chart's window has ${series.x.length} hours; zoom in to at most ${LIMITS.points} to pin it`);
      const where = sliced
        ? ` (${Object.entries(t.dims)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')})`
        : '';
      // The window in the title: two pins of one metric must read apart (the composer lists them by title).
      const title = short(`${row.label}${where}, ${windowWords(t.start, t.end, s.timezone)}`);
      return { kind: 'chart', title, place: place(t.metric, t.start, t.end, t.dims), zone: s.timezone, series };
    }
    case 'heatmap': {
      const a = anomaly(t.metric, t.start);
      const c = a.contributions;
      if (!c) throw new PinError('that anomaly has no drill-down table to pin');
      const rows = c.dimensions.flatMap(d =>
        d.values.map(v => [
          d.dimension,
          v.others ? `${v.others} others` : v.value,
          v.expected,
          v.actual,
          pct(v.relativeChange),
          pct(v.shareBefore),
          pct(v.contribution),
        ]),
      );
      return {
        kind: 'table',
        title: short(`${a.label}: where the change is`),
        place: place(a.metric, a.start, a.end),
        columns: ['dimension', 'value', 'expected', 'actual', 'change %', 'share before %', 'share of change %'],
        rows: rows.slice(0, LIMITS.rows).map(r => r.map(x => (typeof x === 'string' ? short(x) : x))),
      };
    }
    case 'explanation': {
      const a = anomaly(t.metric, t.start);
      const e = a.explanations[t.index];
      if (!e) throw new PinError('that anomaly has no such explanation');
      return {
        kind: 'explanation',
        title: short(e.title),
        place: place(a.metric, a.start, a.end, e.slice),
        confidence: e.confidence,
        evidence: e.evidence.slice(0, LIMITS.rows).map(x => x.text.slice(0, LIMITS.text)),
      };
    }
    case 'context': {
      const c = s.context.find(i => contextKey(i) === t.key);
      if (!c) throw new PinError('the report no longer lists that context item');
      return {
        kind: 'context',
        title: short(c.title),
        contextKind: c.kind,
        start: c.start,
        end: c.end,
        ...(c.detail ? { detail: c.detail.slice(0, LIMITS.text) } : {}),
      };
    }
  }
}

/** "Tue 3 Nov 00:00–06:00", or "Mon 2 Nov 00:00 – Tue 3 Nov 06:00" across days, in the report's zone. */
export function windowWords(start: number, end: number, zone: string): string {
  const a = DateTime.fromMillis(start, { zone });
  const b = DateTime.fromMillis(end, { zone });
  return a.hasSame(b, 'day')
    ? `${a.toFormat('ccc d LLL HH:mm')}–${b.toFormat('HH:mm')}`
    : `${a.toFormat('ccc d LLL HH:mm')} – ${b.toFormat('ccc d LLL HH:mm')}`;
}

const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
