// Matching detected segments to the generator's ground truth, and what counts as a right answer.
// The protocol is documented in bench/explain/README.md; keep the two in step.
import { DateTime } from 'luxon';
import type { InjectedEffect } from '../../src/core/demo';
import type { BenchEffect } from './inject';
import type { ContextEvent, Explanation, HolidayOccurrence } from '../../src/core/context/types';
import type { AnomalySegment } from '../../src/core/types';

const HOUR = 3_600_000;

/** What matching reads of an anomaly: the engine bench's segments and the report's anomalies (on the total, `dims` {}) alike. */
export type Span = Pick<AnomalySegment, 'metric' | 'dims' | 'start' | 'end' | 'severity'>;

export interface Match {
  readonly effect: BenchEffect;
  /** 'primary': the effect's own window; 'echo': the week after, when it sits in the baseline. */
  readonly role: 'primary' | 'echo';
}

/**
 * Effects that leave no trace against a same-hour-last-week baseline are not judged: deploy markers
 * (multiplier 1), and a DST change in a zone that moves together with the report zone (US, CA
 * against Los Angeles), which keeps that slice aligned with its baseline.
 */
export function observable(e: BenchEffect, reportZone: string, zoneOf: (country: string) => string | undefined): boolean {
  if (e.kind === 'deploy') return false;
  if (e.kind !== 'dst') return e.multiplier !== 1;
  return !e.slice.country || relativeShift(e, e.slice.country, reportZone, zoneOf);
}

/** Did `country`'s clock move against the report zone's across this DST effect? */
export function relativeShift(e: BenchEffect | InjectedEffect, country: string, reportZone: string, zoneOf: (country: string) => string | undefined): boolean {
  const zone = zoneOf(country);
  if (!zone) return true;
  const at = Date.parse(e.start);
  const rel = (t: number): number => DateTime.fromMillis(t, { zone }).offset - DateTime.fromMillis(t, { zone: reportZone }).offset;
  return rel(at - 86_400_000) !== rel(at + 86_400_000);
}

function windows(e: BenchEffect, zone: string): { role: Match['role']; from: number; to: number }[] {
  const s = Date.parse(e.start);
  const t = Date.parse(e.end);
  const week = (x: number): number => DateTime.fromMillis(x, { zone }).plus({ weeks: 1 }).toMillis();
  switch (e.kind) {
    case 'dst': // the week whose same-hour-last-week baseline straddles the clock change
      return [{ role: 'primary', from: s, to: week(s) }];
    case 'late_data':
      return [{ role: 'primary', from: s, to: t }];
    case 'email_send': // a late send is felt from the usual send time, up to 3 h before it went out
      return [
        { role: 'primary', from: s - 3 * HOUR, to: t },
        { role: 'echo', from: week(s), to: week(t) },
      ];
    default:
      return [
        { role: 'primary', from: s, to: t },
        { role: 'echo', from: week(s), to: week(t) },
      ];
  }
}

export function matchesOf(
  seg: Span,
  effects: readonly BenchEffect[],
  zone: string,
  isObservable: (e: BenchEffect) => boolean,
  shifted: (e: BenchEffect, country: string) => boolean,
): Match[] {
  const out: Match[] = [];
  for (const e of effects) {
    if (!isObservable(e)) continue;
    if (e.metrics.length && !e.metrics.includes(seg.metric)) continue;
    if (Object.entries(e.slice).some(([k, v]) => seg.dims[k] !== undefined && seg.dims[k] !== v)) continue;
    // The report zone's clock change only misaligns the countries whose clocks did not move with it.
    if (e.kind === 'dst' && !e.slice.country && seg.dims.country && !shifted(e, seg.dims.country)) continue;
    for (const w of windows(e, zone)) if (seg.start < w.to && seg.end > w.from) out.push({ effect: e, role: w.role });
  }
  return out;
}

/** Does this explanation name the injected cause? Kind, and the country or the event. */
export function satisfies(x: Explanation, e: BenchEffect): boolean {
  switch (e.kind) {
    case 'holiday':
      return x.kind === 'holiday' && (x.ref as HolidayOccurrence | undefined)?.country === e.slice.country;
    case 'event':
      return x.kind === 'event' && (x.ref as ContextEvent | undefined)?.name === e.name;
    case 'incident':
      return x.kind === 'deploy' || (x.kind === 'event' && (x.ref as ContextEvent | undefined)?.kind === 'incident');
    case 'email_send':
      return x.kind === 'event' && (x.ref as ContextEvent | undefined)?.kind === 'email_send';
    case 'late_data':
      return x.kind === 'late_data' || x.kind === 'data_gap';
    case 'dst':
      return x.kind === 'dst';
    case 'unexplained':
      return x.kind === 'unexplained';
    default:
      return false;
  }
}

/** A segment's answer is right if it names any matched cause; with no match, "unexplained" is right. */
export function isRight(x: Explanation | undefined, matches: readonly Match[]): boolean {
  if (!x) return false;
  if (!matches.length) return x.kind === 'unexplained';
  return matches.some(m => satisfies(x, m.effect));
}

/**
 * The segment an effect is judged on: detected in the effect's own slice, else on the total, else
 * anywhere; within that, the least ambiguous (fewest other injected effects also explain it;
 * DST shifts are background for a week and do not count); then mostly inside the effect's window;
 * then the most severe.
 */
export function evaluationSegment<T extends { seg: Span; matches: readonly Match[] }>(e: BenchEffect, rows: readonly T[]): T | undefined {
  const all = rows.filter(r => r.matches.some(m => m.effect === e && m.role === 'primary'));
  const same = (d: Readonly<Record<string, string>>, f: Readonly<Record<string, string>>): boolean =>
    Object.keys(d).length === Object.keys(f).length && Object.entries(f).every(([k, v]) => d[k] === v);
  // Fewer other injected causes in the same segment is better; 0 = unambiguous.
  const clean = (r: T): number => -new Set(r.matches.filter(m => m.effect !== e && m.effect.kind !== 'dst').map(m => m.effect)).size;
  const group = (r: T): number => (same(r.seg.dims, e.slice) ? 2 : Object.keys(r.seg.dims).length ? 0 : 1);
  const inside = (r: T): number => {
    const s = Date.parse(e.start);
    const t = e.kind === 'dst' ? Infinity : Date.parse(e.end);
    return (Math.min(t, r.seg.end) - Math.max(s, r.seg.start)) / (r.seg.end - r.seg.start) >= 0.5 ? 1 : 0;
  };
  return all.sort((a, b) => group(b) - group(a) || clean(b) - clean(a) || inside(b) - inside(a) || b.seg.severity - a.seg.severity)[0];
}

/** Would an injected effect get in the way of a random anomaly in `country` over [from, to)? */
export function conflicts(e: InjectedEffect, country: string, from: number, to: number, zone: string, zoneOf: (c: string) => string | undefined): boolean {
  if (e.kind === 'deploy') return false;
  if (e.slice.country && e.slice.country !== country) return false;
  if (e.kind === 'dst' && !relativeShift(e, country, zone, zoneOf)) return false;
  return windows(e, zone).some(w => w.from < to && w.to > from);
}
