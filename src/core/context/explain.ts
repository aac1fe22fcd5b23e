// "Explain this segment": gather candidates from the context, score each by the evidence in the
// data, and turn the scores into confidences with a softmax whose temperature and "unexplained"
// score were fitted on generated data (see docs/adr/0008), so they can be read as probabilities.
import type { AnomalySegment, Dataset } from '../types';
import { sameHourLastWeek, type Baseline } from './baseline';
import { deployCandidates, eventCandidates, type Candidate, type CandidateInput } from './candidates';
import { holidayCandidates } from './holidayCandidates';
import { buildContext, resolvePlaces, type ContextInput, type Place } from './context';
import { HolidayImpactModel } from './impact';
import { localizeSegment } from './localized';
import { profileSegment } from './profile';
import { fitLL, NoiseModel, statsFor, UNKNOWN_TAU } from './scoring';
import { dataGapCandidate, dstCandidates, lateDataCandidate } from './special';
import { changeWord, moved, percent, sameHoursLastWeek } from './explainText';
import type { ContextWindow, Explanation } from './types';

/** The window's inputs (places, events, deploys, calendar), plus what explaining needs. */
export interface ExplainerOptions extends Omit<ContextInput, 'from' | 'to' | 'holidayTypes'> {
  readonly dataset: Dataset;
  /** Expected value per bucket; defaults to the same hour last week in the report zone. */
  readonly baseline?: Baseline;
  /** Report clock (UTC ms); defaults to the end of the data. */
  readonly asOf?: number;
  /** Minutes after an hour ends before it counts as complete. */
  readonly settleMinutes?: number;
  /** Derived (ratio) metrics: explained through whichever component moved it more. */
  readonly ratios?: Readonly<Record<string, { readonly numerator: string; readonly denominator: string }>>;
  /** Calibration: softmax temperature and the score of "unexplained". */
  readonly temperature?: number;
  readonly unexplainedScore?: number;
}

/**
 * Confidence = softmax(score / temperature) over the candidates; "unexplained" scores
 * `unexplainedScore` plus the fit of the total's own deviation. How the two constants were fitted
 * and checked: docs/adr/0008, "Confidence calibration".
 */
export const CALIBRATION = { temperature: 0.75, unexplainedScore: -3 };

export class Explainer {
  readonly context: ContextWindow;
  readonly places: readonly Place[];
  readonly impact: HolidayImpactModel;
  private readonly noise: NoiseModel;
  private readonly baseline: Baseline;
  private readonly dimValues: Record<string, string[]>;

  constructor(private readonly opts: ExplainerOptions) {
    const ds = opts.dataset;
    this.baseline = opts.baseline ?? sameHourLastWeek(opts.reportZone);
    this.places = resolvePlaces(opts.mapping, opts.calendar, opts.global, opts.reportZone);
    this.context = buildContext({
      from: ds.start - 8 * 86_400_000,
      to: ds.end + 86_400_000,
      reportZone: opts.reportZone,
      mapping: opts.mapping,
      ...(opts.global ? { global: opts.global } : {}),
      events: opts.events ?? [],
      deploys: opts.deploys ?? [],
      ...(opts.calendar ? { calendar: opts.calendar } : {}),
    });
    this.noise = new NoiseModel(ds, this.baseline);
    this.dimValues = Object.fromEntries(ds.dimensions.map(d => [d, [...new Set(ds.series.map(s => s.dims[d]).filter((v): v is string => v !== undefined))]]));
    const slices = this.places.map(p => ({
      country: p.country,
      filter: p.dim !== undefined ? { [p.dim]: p.value as string } : {},
      holidays: (this.context.holidays[p.country] ?? []).filter(h => !h.state || !p.state || h.state === p.state),
    }));
    this.impact = HolidayImpactModel.learn(ds, slices, opts.reportZone);
  }

  /**
   * Expected holiday multiplier for `metric` in the slice `dims` at instant `t` (1 = no holiday),
   * from the learned impacts: lets the forecast be holiday-adjusted.
   */
  expectedMultiplier(metric: string, dims: Readonly<Record<string, string>>, t: number): number {
    const place = this.places.find(p => (p.dim === undefined ? true : dims[p.dim] === p.value));
    if (!place) return 1;
    const hs = (this.context.holidays[place.country] ?? []).filter(h => !h.state || !place.state || h.state === place.state);
    return this.impact.expectedMultiplier(hs, metric, t);
  }

  /** Ranked candidates, best first; "unexplained" is always among them. */
  explain(seg: AnomalySegment): Explanation[] {
    const ratio = this.opts.ratios?.[seg.metric];
    if (ratio) return this.explainRatio(seg, ratio.numerator, ratio.denominator);
    return this.explainAdditive(seg);
  }

  /** A ratio falls when its numerator falls or its denominator rises: follow the bigger mover. */
  private explainRatio(seg: AnomalySegment, num: string, den: string): Explanation[] {
    const dev = (metric: string): number => {
      const d = profileSegment({ ...seg, metric }, this.opts.dataset, this.baseline).total;
      return d.actual > 0 && d.expected > 0 ? Math.log(d.actual / d.expected) : 0;
    };
    const [ln, ld] = [dev(num), dev(den)];
    const useNum = Math.abs(ln) >= Math.abs(ld);
    const metric = useNum ? num : den;
    const direction = (useNum ? ln : -ld) < 0 ? 'down' : 'up';
    const note = {
      text: `${seg.metric} is ${num} / ${den}. Against the same hours last week ${num} ${moved(Math.expm1(ln))} and ${den} ${moved(Math.expm1(ld))}, so the causes below are those of ${metric}.`,
      values: { numeratorChange: Math.expm1(ln), denominatorChange: Math.expm1(ld), through: metric },
    };
    return this.explainAdditive({ ...seg, metric, direction: useNum ? direction : direction === 'down' ? 'up' : 'down' }).map(x => ({
      ...x,
      evidence: [note, ...x.evidence],
    }));
  }

  private explainAdditive(seg: AnomalySegment): Explanation[] {
    const ds = this.opts.dataset;
    // Once per segment: where the drill-down localizer puts the deviation, evidence for every candidate.
    const prof = { ...profileSegment(seg, ds, this.baseline), localization: localizeSegment(seg, ds, this.baseline) };
    const inp: CandidateInput = {
      seg,
      prof,
      window: this.context,
      places: this.places,
      noise: this.noise,
      impact: this.impact,
      reportZone: this.opts.reportZone,
      dimensions: ds.dimensions,
      baseline: this.baseline,
      dimValues: this.dimValues,
    };
    const asOf = this.opts.asOf ?? ds.end;
    const settle = (this.opts.settleMinutes ?? 0) * 60_000;
    const cands: Candidate[] = [
      ...holidayCandidates(inp),
      ...eventCandidates(inp),
      ...deployCandidates(inp),
      ...dstCandidates(inp, ds),
      ...lateDataCandidate(inp, ds, asOf, settle),
      ...dataGapCandidate(inp, ds),
    ];
    const tot = statsFor({}, prof, seg.dims, seg.metric, this.noise);
    const u = (this.opts.unexplainedScore ?? CALIBRATION.unexplainedScore) + (tot ? fitLL(tot.logRatio, tot.sigma, 0, UNKNOWN_TAU) : 0);
    cands.push({
      kind: 'unexplained',
      title: 'Unexplained: no known cause fits the data',
      score: u,
      slice: { ...seg.dims },
      evidence: [
        {
          text: `${seg.metric} ${moved(prof.total.rel)} against ${sameHoursLastWeek(prof.total.buckets)}.`,
          values: { actual: prof.total.actual, expected: prof.total.expected },
        },
        ...topSlices(prof.slices, prof.total.delta < 0 ? 'down' : 'up'),
      ],
    });
    return toConfidences(cands, this.opts.temperature ?? CALIBRATION.temperature);
  }
}

function topSlices(slices: ReturnType<typeof profileSegment>['slices'], direction: 'up' | 'down'): { text: string; values: Record<string, number> }[] {
  return [...slices]
    .sort((a, b) => b.share - a.share)
    .slice(0, 3)
    .filter(s => s.share > 0.2)
    .map(s => ({
      text: `${s.dim}=${s.value} ${moved(s.rel)}: ${percent(s.share)} of the ${changeWord(direction)}.`,
      values: { share: s.share, rel: s.rel },
    }));
}

/**
 * Scores are log odds; beyond this a candidate is certain (or impossible) either way. Bounding them
 * keeps the softmax finite whatever the inputs: an infinite score would make Infinity - Infinity,
 * and a NaN (a degenerate input) would poison every confidence, so it ranks last instead.
 */
const SCORE_BOUND = 1000;
const boundedScore = (s: number): number => (Number.isNaN(s) ? -SCORE_BOUND : Math.min(SCORE_BOUND, Math.max(-SCORE_BOUND, s)));

/** Softmax over scores; the same cause found twice (e.g. per state) keeps its best entry. */
export function toConfidences(cands: Candidate[], temperature: number): Explanation[] {
  const best = new Map<string, Candidate>();
  for (const raw of cands) {
    const score = boundedScore(raw.score);
    const c = score === raw.score ? raw : { ...raw, score };
    const key = `${c.kind}|${c.title}|${JSON.stringify(c.slice)}`;
    const prev = best.get(key);
    if (!prev || c.score > prev.score) best.set(key, c);
  }
  const list = [...best.values()];
  // A loop, not Math.max(...list): tens of thousands of candidates (a dense calendar) exceed the argument limit.
  const max = list.reduce((m, c) => Math.max(m, c.score), -Infinity);
  const t = temperature > 0 ? temperature : CALIBRATION.temperature; // also NaN: never divide by zero or NaN
  const w = list.map(c => Math.exp((c.score - max) / t));
  const z = w.reduce((a, b) => a + b, 0);
  return list.map((c, i) => ({ ...c, confidence: (w[i] as number) / z })).sort((a, b) => b.confidence - a.confidence);
}
