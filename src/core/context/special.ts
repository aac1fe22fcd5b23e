// Candidates that come from the data and the clock rather than the calendar: a DST shift between
// the baseline week and this one, a partial latest hour, and missing data.
import { DateTime } from 'luxon';
import type { Dataset } from '../types';
import { sameHourLastWeek } from './baseline';
import { baselineWindow, elsewhereEvidence, type Candidate, type CandidateInput } from './candidates';
import { aggregate, deviation } from './profile';
import { fitLL, segmentSigma, shareTerm, statsFor } from './scoring';
import { at, moved, sameHoursLastWeek } from './explainText';

const offset = (zone: string, t: number): number => DateTime.fromMillis(t, { zone }).offset;

/**
 * A zone whose offset changed between the baseline week and now, relative to the report zone,
 * puts that slice's daily curve an hour off against the baseline. Evidence: the baseline taken
 * in the slice's own wall clock fits much better than the report-zone one.
 */
export function dstCandidates(inp: CandidateInput, ds: Dataset): Candidate[] {
  const { seg, prof, places, noise, reportZone } = inp;
  const [b0] = baselineWindow(seg, reportZone);
  const shiftOf = (zone: string): number => offset(zone, seg.start) - offset(zone, b0) - (offset(reportZone, seg.start) - offset(reportZone, b0));
  const byDim = new Map<string, { value: string; zone: string; shift: number }[]>();
  for (const p of places) {
    if (p.dim === undefined || p.value === undefined) continue;
    const fixed = seg.dims[p.dim];
    if (fixed !== undefined && fixed !== p.value) continue;
    const shift = shiftOf(p.zone);
    if (shift === 0) continue;
    const list = byDim.get(p.dim) ?? [];
    list.push({ value: p.value, zone: p.zone, shift });
    byDim.set(p.dim, list);
  }
  const out: Candidate[] = [];
  for (const [dim, list] of byDim) {
    const target = dim in seg.dims ? {} : { dim, values: list.map(x => x.value) };
    const st = statsFor(target, prof, seg.dims, seg.metric, noise);
    if (!st) continue;
    let expectedAlt = 0;
    let actualAlt = 0;
    for (const x of list) {
      const d = deviation(aggregate(ds, seg.metric, { ...seg.dims, [dim]: x.value }, seg.start, seg.end, sameHourLastWeek(x.zone)));
      expectedAlt += d.expected;
      actualAlt += d.actual;
    }
    if (!(expectedAlt > 0 && actualAlt > 0)) continue;
    const lAlt = Math.log(actualAlt / expectedAlt);
    // Re-aligned to the slice's own wall clock, the slice should look normal.
    const lr = fitLL(lAlt, st.sigma * Math.SQRT2, 0, 0);
    const score = -0.5 + lr + shareTerm(st.share) + st.elsewhere.support;
    const zones = [...new Set(list.map(x => `${x.zone} (${x.shift > 0 ? '+' : ''}${x.shift / 60} h)`))].join(', ');
    const who = target.dim ? `${target.dim} ${list.map(x => x.value).join(', ')}` : `${seg.metric} overall`;
    const hours = Math.max(1, Math.round((seg.end - seg.start) / ds.step));
    out.push({
      kind: 'dst',
      title: `DST shift: ${list.map(x => x.value).join(', ')} an hour off against last week`,
      score,
      slice: st.filter,
      evidence: [
        {
          text: `${who} ${moved(st.actual / st.expected - 1)} against ${sameHoursLastWeek(hours)} by ${reportZone} clocks, and ${moved(actualAlt / expectedAlt - 1)} against the same hours by their own clocks.`,
          values: { logRatio: st.logRatio, logRatioLocal: lAlt, share: st.share },
        },
        ...elsewhereEvidence(st, seg.direction),
        { text: `Since last week their clocks changed against ${reportZone}: ${zones}.` },
      ],
    });
  }
  return out;
}

/** The report lags real time: the newest buckets are still filling. */
export function lateDataCandidate(inp: CandidateInput, ds: Dataset, asOf: number, settleMs: number): Candidate[] {
  const { seg, prof, noise } = inp;
  const firstUnsettled = ds.start + Math.max(0, Math.floor((asOf - settleMs - ds.start) / ds.step)) * ds.step;
  const lastStart = Math.min(ds.end - ds.step, firstUnsettled);
  if (seg.end <= lastStart || seg.direction !== 'down') return [];
  const tail = deviation(aggregate(ds, seg.metric, seg.dims, lastStart, seg.end, inp.baseline));
  if (!(tail.actual > 0 && tail.expected > 0)) return [];
  const lTail = Math.log(tail.actual / tail.expected);
  const sigma = segmentSigma(noise.hourly(seg.metric, seg.dims), tail.buckets);
  // A partial hour hits every slice by about the same fraction; a real drop is usually local.
  let spread = 0;
  for (const dim of inp.dimensions) {
    if (dim in seg.dims) continue;
    const vals = prof.slices.filter(s => s.dim === dim && s.actual > 0 && s.expected > 0);
    const w = vals.reduce((a, s) => a + s.expected, 0);
    if (!w) continue;
    const m = vals.reduce((a, s) => a + s.expected * Math.log(s.actual / s.expected), 0) / w;
    spread = Math.max(spread, Math.sqrt(vals.reduce((a, s) => a + s.expected * (Math.log(s.actual / s.expected) - m) ** 2, 0) / w));
  }
  const uniform = spread < 0.35 * Math.abs(prof.total.rel ? Math.log(1 + prof.total.rel) : 0) || !inp.dimensions.length;
  // If data arrives as it happens, the share of the hour that has elapsed is what has arrived.
  const elapsed = Math.min(1, Math.max(0.05, (asOf - lastStart) / ds.step));
  const lr = fitLL(lTail, sigma, Math.log(elapsed < 1 ? elapsed : 0.8), elapsed < 1 ? 0.3 : 0.5);
  const tailShare = prof.total.delta !== 0 ? (tail.actual - tail.expected) / prof.total.delta : 0;
  const score = 1 + lr + shareTerm(tailShare) + (uniform ? 1.5 : -1.5);
  return [
    {
      kind: 'late_data',
      title: 'Latest hour still filling (report lags real time)',
      score,
      slice: { ...seg.dims },
      evidence: [
        {
          text: `The latest hour, ${at(lastStart, inp.reportZone)}, ${moved(tail.actual / tail.expected - 1)} against the same hour last week; the report clock is ${at(asOf, inp.reportZone)}.`,
          values: { logRatio: lTail, tailShare },
        },
        {
          text: uniform
            ? 'Every slice is down by a similar fraction, as in an hour that is still arriving.'
            : 'Slices moved by different amounts, unlike an hour that is still arriving.',
          values: { spread },
        },
      ],
    },
  ];
}

export function dataGapCandidate(inp: CandidateInput, ds: Dataset): Candidate[] {
  const { seg } = inp;
  const gaps = ds.gaps.filter(
    g => g.metric === seg.metric && g.from < seg.end && g.to > seg.start && Object.entries(seg.dims).every(([k, v]) => g.dims[k] === v),
  );
  const missing = inp.prof.total.missing;
  if (!gaps.length && !missing) return [];
  const buckets = Math.max(1, Math.round((seg.end - seg.start) / ds.step));
  const frac = Math.min(1, missing / buckets);
  const slices = [...new Set(gaps.map(g => Object.values(g.dims).join('/') || 'total'))];
  const st = statsFor({}, inp.prof, seg.dims, seg.metric, inp.noise);
  return [
    {
      kind: 'data_gap',
      title: 'Missing data in these hours',
      score: 2 + 4 * frac + (st ? 0 : 1),
      slice: { ...seg.dims },
      evidence: [
        {
          text: `${missing} of ${buckets} ${ds.step === 3_600_000 ? 'hours' : 'time steps'} have missing values${slices.length ? ` (${slices.slice(0, 5).join(', ')}${slices.length > 5 ? ', …' : ''})` : ''}; gaps are never filled.`,
          values: { missing, buckets },
        },
      ],
    },
  ];
}
