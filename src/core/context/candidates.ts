// Candidate explanations from the calendar: holidays, custom events and deploys.
import { DateTime } from 'luxon';
import type { AnomalySegment } from '../types';
import { weekEarlier } from '../time';
import type { Baseline } from './baseline';
import type { Place } from './context';
import { deployIndexFor, eventIndexFor } from './eventIndex';
import type { HolidayImpactModel } from './impact';
import type { SegmentProfile } from './profile';
import { fitLL, shareTerm, statsFor, type NoiseModel, type Target, type TargetStats } from './scoring';
import { at, changeWord, duration, moved, percent, sameHoursLastWeek, sentence, signed, sliceWords, span } from './explainText';
import type { ContextEvent, ContextWindow, Evidence, Explanation } from './types';

export type Candidate = Omit<Explanation, 'confidence'>;

export interface CandidateInput {
  readonly seg: AnomalySegment;
  readonly prof: SegmentProfile;
  readonly window: ContextWindow;
  readonly places: readonly Place[];
  readonly noise: NoiseModel;
  readonly impact: HolidayImpactModel;
  readonly reportZone: string;
  readonly dimensions: readonly string[];
  readonly baseline: Baseline;
  /** Every value of every dimension in the data. */
  readonly dimValues: Readonly<Record<string, readonly string[]>>;
}

const HOUR = 3_600_000;
const EVENT_PRIOR: Record<string, number> = { incident: 1, maintenance: 0.5, sports: 0.5, launch: 0.5, email_send: 0.5, other: 0 };
/** An effect of unknown size: centred on no change, wide. */
const BROAD_TAU = 0.5;

/** The week before, in the report zone's wall clock: the window the baseline came from. */
export function baselineWindow(seg: AnomalySegment, zone: string): [number, number] {
  return [weekEarlier(seg.start, zone), weekEarlier(seg.end, zone)];
}

export function overlapFraction(a0: number, a1: number, b0: number, b1: number): number {
  const o = Math.min(a1, b1) - Math.max(a0, b0);
  return o > 0 ? o / (b1 - b0) : 0;
}

/** Which slice a set of countries maps to, relative to the segment; undefined if none in the data. */
export function targetForCountries(countries: readonly string[], state: string | undefined, inp: CandidateInput): Target | undefined {
  if (!countries.length) return {};
  const hit = inp.places.filter(p => countries.includes(p.country) && (!state || !p.state || p.state === state));
  if (!hit.length) return undefined;
  if (hit.some(p => p.dim === undefined)) return {}; // the whole dataset is that country
  const dim = hit[0]?.dim as string;
  const values = hit.filter(p => p.dim === dim).map(p => p.value as string);
  const fixed = inp.seg.dims[dim];
  if (fixed !== undefined) return values.includes(fixed) ? {} : undefined;
  return { dim, values };
}

/** "platform=ios", "country AU, BR, DE", or the metric itself for the whole segment. */
export function sliceLabel(t: Target, st: TargetStats, metric: string): string {
  if (t.dim && t.values?.length === 1) return sliceWords({ ...st.filter, [t.dim]: t.values[0] as string });
  if (t.dim) return `${t.dim} ${t.values?.join(', ')}`;
  return Object.keys(st.filter).length ? sliceWords(st.filter) : `${metric} overall`;
}

/**
 * How the candidate's slice moved. Its share is the slice's own part of the total change (the
 * number the drill-down gives the same slice); what other causes take of it is said by
 * elsewhereEvidence. Values: `actual`, `expected`, `share` (left to this cause), `rawShare` (the
 * slice's own) and the `metric` they are of (a ratio is explained through its numerator or denominator).
 */
export function sliceEvidence(t: Target, st: TargetStats, seg: AnomalySegment): Evidence {
  const hours = Math.max(1, Math.round((seg.end - seg.start) / HOUR));
  const part = t.dim ? `: ${percent(st.rawShare)} of the ${changeWord(seg.direction)}` : '';
  return {
    text: `${sliceLabel(t, st, seg.metric)} ${moved(st.actual / st.expected - 1)} against ${sameHoursLastWeek(hours)}${part}.`,
    values: { actual: st.actual, expected: st.expected, share: st.share, rawShare: st.rawShare, metric: seg.metric },
  };
}

/** What the drill-down says about the target, when it takes part of the target's deviation away (localized.ts). */
export function elsewhereEvidence(st: TargetStats, direction: 'up' | 'down'): Evidence[] {
  if (st.elsewhere.share <= 0.05 || !st.elsewhere.by.length) return [];
  const word = changeWord(direction);
  const who = st.elsewhere.by
    .map(b => `${b.label.replace(/, /g, ' & ')} (${b.relativeChange !== null ? `${signed(b.relativeChange)}, ` : ''}${percent(b.share)} of the ${word})`)
    .join(' and ');
  return [
    {
      text: `The drill-down puts the ${word} in ${who}, a pattern this cause does not produce: that leaves this cause ${percent(Math.max(0, st.share))} of the ${word}, not ${percent(st.rawShare)}.`,
      values: { rawShare: st.rawShare, claimedElsewhere: st.elsewhere.share },
    },
  ];
}

const hhmm = (ms: number, zone: string): string => DateTime.fromMillis(ms, { zone }).toFormat('HH:mm');

/** Bounds of a declared impact: at -100% or below the log effect is infinite or NaN (a parse-time bound is not enough). */
const MIN_IMPACT = -0.99;
const MAX_IMPACT = 100;

/** Log effect of an event declared at `impact` that covers the share `phi` (0 < phi <= 1) of the window; NaN says nothing. */
export function eventLogEffect(impact: number, phi: number): number {
  return Number.isNaN(impact) ? 0 : Math.log(1 + phi * Math.min(MAX_IMPACT, Math.max(MIN_IMPACT, impact)));
}

export function eventCandidates(inp: CandidateInput): Candidate[] {
  const { seg, prof, window, noise, reportZone } = inp;
  const out: Candidate[] = [];
  const [b0, b1] = baselineWindow(seg, reportZone);
  const index = eventIndexFor(window.events, reportZone);
  // Only events overlapping the segment or its baseline window can yield a candidate.
  const near = [...new Set([...index.overlapping(seg.start, seg.end), ...index.overlapping(b0, b1)])].sort((a, b) => a - b);
  for (const i of near) {
    const e = window.events[i] as ContextEvent;
    const direct = overlapFraction(e.start, e.end, seg.start, seg.end);
    const inBase = overlapFraction(e.start, e.end, b0, b1);
    // A baseline event only explains the gap if it did not recur at the same time this week.
    const base = inBase > 0 && index.recurs(i) ? 0 : inBase;
    for (const [inBaseline, phi] of [
      [false, direct],
      [true, base],
    ] as const) {
      if (phi <= 0) continue;
      const target = targetForCountries(e.countries, undefined, inp);
      if (!target) continue;
      const st = statsFor(target, prof, seg.dims, seg.metric, noise);
      if (!st) continue;
      const known = e.expectedImpact !== undefined && !Number.isNaN(e.expectedImpact);
      const mu = known ? (inBaseline ? -1 : 1) * eventLogEffect(e.expectedImpact as number, phi) : 0;
      const lr = fitLL(st.logRatio, st.sigma, mu, known ? 0.15 : BROAD_TAU);
      const score = (EVENT_PRIOR[e.kind] ?? 0) + lr + shareTerm(st.share) + st.elsewhere.support + Math.log(phi) * 0.5 - (inBaseline ? 1 : 0);
      const evidence: Evidence[] = [
        sliceEvidence(target, st, seg),
        ...elsewhereEvidence(st, seg.direction),
        {
          text: `${sentence(e.kind.replace('_', ' '))}${inBaseline ? ' last week' : ''}: ${e.name}, ${span(e.start, e.end, reportZone)}${e.countries.length ? ` in ${e.countries.join(', ')}` : ''} (${e.source}).`,
        },
      ];
      if (known) evidence.push({ text: `Declared with an expected impact of ${signed(e.expectedImpact as number)}.` });
      if (inBaseline) {
        // Moved rather than dropped? A same-kind event for the same countries near this week's slot.
        const later = index.movedTo(i, 6 * HOUR);
        evidence.push({
          text: later
            ? `This week it moved: "${later.name}" started at ${hhmm(later.start, reportZone)} instead of ${hhmm(e.start, reportZone)} (${later.source}).`
            : "It did not happen this week, so last week's figures carry an effect this week lacks.",
        });
      }
      out.push({
        kind: 'event',
        title: `${inBaseline ? 'Last week: ' : ''}${e.name}`,
        score,
        evidence,
        slice: st.filter,
        ref: e,
        ...(inBaseline ? { inBaseline } : {}),
      });
    }
  }
  return out;
}

/** A dimension value named in the deploy's tag or message ("ios-v2.3.1" -> platform=ios). */
function mentionedTarget(text: string, inp: CandidateInput): Target | undefined {
  const named = (v: string): boolean => v.length >= 2 && new RegExp(`(^|[^a-z0-9])${v.replace(/[^a-z0-9]/gi, '\\$&')}([^a-z0-9]|$)`, 'i').test(text);
  for (const dim of inp.dimensions) {
    const fixed = inp.seg.dims[dim];
    if (fixed !== undefined) {
      if (named(fixed)) return { dim, values: [fixed] };
      // A deploy of another platform (say) does not explain this one.
      if ((inp.dimValues[dim] ?? []).some(v => v !== fixed && named(v))) return { dim, values: [] };
      continue;
    }
    const values = new Set(inp.prof.slices.filter(s => s.dim === dim).map(s => s.value));
    for (const v of values) if (named(v)) return { dim, values: [v] };
  }
  return undefined;
}

export function deployCandidates(inp: CandidateInput): Candidate[] {
  const { seg, prof, window, noise } = inp;
  const out: Candidate[] = [];
  for (const d of deployIndexFor(window.deploys).near(seg.start - 6 * HOUR, seg.start + 0.5 * HOUR)) {
    const lagH = (seg.start - d.at) / HOUR;
    if (lagH < -0.5 || lagH > 6) continue; // shortly before the onset (or within its first bucket)
    const named = mentionedTarget(`${d.ref} ${d.message}`, inp);
    if (named?.values?.length === 0) continue;
    // A deploy that names no slice predicts no pattern across slices; one that names a slice moves it alike everywhere.
    const target: Target = named && !(named.dim && named.dim in seg.dims) ? named : named ? {} : { uniform: false };
    const st = statsFor(target, prof, seg.dims, seg.metric, noise);
    if (!st) continue;
    const lr = fitLL(st.logRatio, st.sigma, 0, BROAD_TAU);
    const score = -0.5 - 0.3 * Math.max(0, lagH) + (named ? 1.5 : 0) + lr + shareTerm(st.share) + st.elsewhere.support;
    const word = changeWord(seg.direction);
    const evidence: Evidence[] = [
      sliceEvidence(target, st, seg),
      ...elsewhereEvidence(st, seg.direction),
      {
        text: `${sentence(d.kind)} ${d.ref} at ${at(d.at, inp.reportZone)}, ${lagH > 0 ? `${duration(seg.start - d.at)} before the ${word} began` : `as the ${word} began`}: ${d.message}`,
        values: { lagHours: lagH },
      },
    ];
    if (named) evidence.push({ text: `The deploy names ${named.values?.[0]}, the ${named.dim ?? 'slice'} that moved.` });
    out.push({ kind: 'deploy', title: `Deploy ${d.ref}`, score, evidence, slice: st.filter, ref: d });
  }
  return out;
}
