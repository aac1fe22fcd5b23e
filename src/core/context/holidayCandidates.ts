// Holiday candidates: a holiday in a country whose slice deviates, in this week, in the baseline
// week (so this week looks high), or in both (holiday against holiday, e.g. New Year vs Christmas).
import { DateTime } from 'luxon';
import { baselineWindow, elsewhereEvidence, overlapFraction, sliceEvidence, targetForCountries, type Candidate, type CandidateInput } from './candidates';
import { describeImpact, type ImpactEstimate } from './impact';
import { sentence } from './explainText';
import { fitLL, shareTerm, statsFor, type Target, type TargetStats } from './scoring';
import type { Evidence, HolidayOccurrence, HolidayType } from './types';

/** Log prior odds per holiday type: observances rarely move business metrics. */
const HOLIDAY_PRIOR: Record<HolidayType, number> = { public: 0.5, bank: 0, optional: -1, school: -1.5, observance: -2.5 };

/** Coverage of [b0, b1) by the union of the holidays' spans, as a fraction. */
function unionFraction(list: readonly HolidayOccurrence[], b0: number, b1: number): number {
  const spans = list
    .map(h => [Math.max(h.start, b0), Math.min(h.end, b1)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let reach = b0;
  for (const [a, b] of spans) {
    if (b > reach) covered += b - Math.max(a, reach);
    reach = Math.max(reach, b);
  }
  return covered / (b1 - b0);
}

interface Side {
  readonly ests: { h: HolidayOccurrence; w: number; e: ImpactEstimate }[];
  /** Expected log effect over the window, and its uncertainty. */
  readonly mu: number;
  readonly sd: number;
  readonly phi: number;
  readonly prior: number;
  readonly states: (string | undefined)[];
}

/**
 * Consecutive holidays (Japan's Silver Week) act together: hours-weighted mean of their expected
 * log effects. Observances on a day off (the day after Thanksgiving) must not dilute it.
 */
function side(all: readonly HolidayOccurrence[], w0: number, w1: number, inp: CandidateInput): Side | undefined {
  const list = all.filter(h => overlapFraction(h.start, h.end, w0, w1) > 0);
  if (!list.length) return undefined;
  const ests = list.map(h => ({ h, w: overlapFraction(h.start, h.end, w0, w1), e: inp.impact.estimate(h, inp.seg.metric, inp.seg.start) }));
  const offs = ests.filter(x => x.h.type !== 'observance' && x.h.type !== 'school');
  const lead = offs.length ? offs : ests;
  const wsum = lead.reduce((a, x) => a + x.w, 0);
  let mu = 0;
  let sd = 0;
  for (const x of lead) {
    mu += (x.w / wsum) * Math.log(x.e.ratio);
    sd += (x.w / wsum) * x.e.logSd;
  }
  const phi = unionFraction(list, w0, w1);
  ests.sort((a, b) => b.w - a.w || HOLIDAY_PRIOR[b.h.type] - HOLIDAY_PRIOR[a.h.type]);
  return {
    ests,
    mu: Math.log(1 + phi * Math.expm1(mu)),
    sd: sd * phi,
    phi,
    prior: Math.max(...ests.map(x => HOLIDAY_PRIOR[x.h.type])),
    states: [...new Set(list.map(h => h.state))],
  };
}

const nameOf = (h: HolidayOccurrence): string => (h.localName ? `${h.name} / ${h.localName}` : h.name);

function describe(sd: Side, where: string, lastWeek: boolean): Evidence[] {
  const out: Evidence[] = [];
  for (const { h, e } of sd.ests) {
    const day = DateTime.fromISO(h.date, { zone: 'utc' });
    out.push({
      text: `${sentence(h.type)} holiday in ${where}${lastWeek ? ' last week' : ''}: ${nameOf(h)}, ${day.isValid ? day.toFormat('ccc d LLL') : h.date}${h.substitute ? ' (a substitute day)' : ''}${h.startsEveningBefore ? ', from the evening before' : ''}.`,
    });
    out.push({ text: describeImpact(where, h, e), values: { expectedRatio: e.ratio, logSd: e.logSd } });
  }
  if (sd.phi < 0.999) out.push({ text: `The holiday covers ${Math.round(sd.phi * 100)}% of ${lastWeek ? "last week's same hours" : 'these hours'}.` });
  return out;
}

export function holidayCandidates(inp: CandidateInput): Candidate[] {
  const { seg, prof, window, noise, reportZone } = inp;
  const out: Candidate[] = [];
  const [b0, b1] = baselineWindow(seg, reportZone);
  for (const [country, all] of Object.entries(window.holidays)) {
    const now = side(all, seg.start, seg.end, inp);
    const base = side(all, b0, b1, inp);
    const states = [...new Set([...(now?.states ?? []), ...(base?.states ?? [])])];
    const target: Target | undefined = targetForCountries([country], states.length === 1 ? states[0] : undefined, inp);
    if (!target || (!now && !base)) continue;
    const st: TargetStats | undefined = statsFor(target, prof, seg.dims, seg.metric, noise);
    if (!st) continue;
    const where = states.length === 1 && states[0] ? `${country}-${states[0]}` : country;
    const emit = (
      mode: 'now' | 'baseline' | 'both',
      mu: number,
      sd: number,
      prior: number,
      title: string,
      evidence: Evidence[],
      ref: HolidayOccurrence,
    ): void => {
      const score = prior + fitLL(st.logRatio, st.sigma, mu, sd) + shareTerm(st.share) + st.elsewhere.support - (mode === 'baseline' ? 0.5 : 0);
      out.push({
        kind: 'holiday',
        title,
        score,
        evidence: [sliceEvidence(target, st, seg), ...elsewhereEvidence(st, seg.direction), ...evidence],
        slice: st.filter,
        ref,
        ...(mode === 'baseline' ? { inBaseline: true } : {}),
      });
    };
    const names = (sd: Side): string => sd.ests.map(x => nameOf(x.h)).join(', ');
    if (now) emit('now', now.mu, now.sd, now.prior, `${names(now)} in ${where}`, describe(now, where, false), (now.ests[0] as Side['ests'][number]).h);
    if (base) {
      const ev = [
        ...describe(base, where, true),
        { text: `Last week's same hours fell on the holiday, so this week looks ${-base.mu > 0 ? 'high' : 'low'} against them.` },
      ];
      emit('baseline', -base.mu, base.sd, base.prior, `Last week: ${names(base)} in ${where}`, ev, (base.ests[0] as Side['ests'][number]).h);
    }
    if (now && base) {
      const ev = [
        ...describe(now, where, false),
        ...describe(base, where, true),
        { text: 'Both weeks have a holiday here, so this compares holiday with holiday.' },
      ];
      emit(
        'both',
        now.mu - base.mu,
        Math.hypot(now.sd, base.sd),
        Math.max(now.prior, base.prior),
        `${names(now)} in ${where}, against ${names(base)} last week`,
        ev,
        (now.ests[0] as Side['ests'][number]).h,
      );
    }
  }
  return out;
}
