// Matching detected segments to the generator's ground truth, and what counts as a right answer.
// The protocol is documented in bench/explain/README.md; keep the two in step.
import { DateTime } from 'luxon';
import type { InjectedEffect, InjectedKind } from '../../src/core/demo';
import type { ContextEvent, Explanation, HolidayOccurrence } from '../../src/core/context/types';
import type { AnomalySegment } from '../../src/core/types';

const HOUR = 3_600_000;

export interface Match {
  readonly effect: InjectedEffect;
  /** 'primary': the effect's own window; 'echo': the week after, when it sits in the baseline. */
  readonly role: 'primary' | 'echo';
}

/** Effects with no effect on the data (deploy markers) are not observable and never matched. */
export function observable(e: InjectedEffect): boolean {
  return e.kind !== 'deploy' && (e.kind === 'dst' || e.multiplier !== 1);
}

function windows(e: InjectedEffect, zone: string): { role: Match['role']; from: number; to: number }[] {
  const s = Date.parse(e.start);
  const t = Date.parse(e.end);
  const week = (x: number): number => DateTime.fromMillis(x, { zone }).plus({ weeks: 1 }).toMillis();
  switch (e.kind) {
    case 'dst': // the week whose same-hour-last-week baseline straddles the clock change
      return [{ role: 'primary', from: s, to: week(s) }];
    case 'late_data':
      return [{ role: 'primary', from: s, to: t }];
    case 'email_send': // a late send is felt from the usual send time, up to 3 h before it went out
      return [{ role: 'primary', from: s - 3 * HOUR, to: t }, { role: 'echo', from: week(s), to: week(t) }];
    default:
      return [{ role: 'primary', from: s, to: t }, { role: 'echo', from: week(s), to: week(t) }];
  }
}

export function matchesOf(seg: AnomalySegment, effects: readonly InjectedEffect[], zone: string): Match[] {
  const out: Match[] = [];
  for (const e of effects) {
    if (!observable(e)) continue;
    if (e.metrics.length && !e.metrics.includes(seg.metric)) continue;
    if (Object.entries(e.slice).some(([k, v]) => seg.dims[k] !== undefined && seg.dims[k] !== v)) continue;
    for (const w of windows(e, zone)) if (seg.start < w.to && seg.end > w.from) out.push({ effect: e, role: w.role });
  }
  return out;
}

/** Does this explanation name the injected cause? Kind, and the country or the event. */
export function satisfies(x: Explanation, e: InjectedEffect): boolean {
  switch (e.kind as InjectedKind) {
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
    default:
      return false;
  }
}

/** A segment's answer is right if it names any matched cause; with no match, "unexplained" is right. */
export function isRight(x: Explanation | undefined, matches: readonly Match[]): boolean {
  if (!x) return false;
  if (!matches.length) return x.kind === 'unexplained';
  return matches.some((m) => satisfies(x, m.effect));
}

/** The segment an effect is judged on: detected in its own slice, else the total, else the most severe. */
export function evaluationSegment<T extends { seg: AnomalySegment; matches: readonly Match[] }>(e: InjectedEffect, rows: readonly T[]): T | undefined {
  const mine = rows.filter((r) => r.matches.some((m) => m.effect === e && m.role === 'primary'));
  const same = (d: Readonly<Record<string, string>>, f: Readonly<Record<string, string>>): boolean =>
    Object.keys(d).length === Object.keys(f).length && Object.entries(f).every(([k, v]) => d[k] === v);
  const pick = (xs: T[]): T | undefined => xs.sort((a, b) => b.seg.severity - a.seg.severity)[0];
  return pick(mine.filter((r) => same(r.seg.dims, e.slice))) ?? pick(mine.filter((r) => !Object.keys(r.seg.dims).length)) ?? pick(mine);
}
