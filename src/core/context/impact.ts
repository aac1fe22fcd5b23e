// Holiday impact learned from history: for each (country, holiday, metric) that occurred in the
// data, the ratio of actual to the expected non-holiday baseline (mean of the same hour one week
// before and after). Holidays without history fall back to a prior per holiday type.
import { DateTime } from 'luxon';
import type { Dataset, Series } from '../types';
import type { Baseline } from './baseline';
import { aggregate, deviation } from './profile';
import type { HolidayOccurrence, HolidayType } from './types';

export interface ImpactEstimate {
  /** Expected multiplier on the affected slice (0.65 = -35%). */
  readonly ratio: number;
  /** Standard deviation of log(ratio): the uncertainty of the estimate. */
  readonly logSd: number;
  readonly source: 'history' | 'type-prior' | 'default-prior';
  /** Past occurrences used, most recent last. */
  readonly occurrences: readonly { date: string; ratio: number }[];
}

/** Wide default priors: public holidays cut traffic, observances barely move it. */
const TYPE_PRIORS: Readonly<Record<HolidayType, { ratio: number; logSd: number }>> = {
  public: { ratio: 0.72, logSd: 0.3 },
  bank: { ratio: 0.85, logSd: 0.25 },
  optional: { ratio: 0.92, logSd: 0.2 },
  school: { ratio: 0.95, logSd: 0.15 },
  observance: { ratio: 0.99, logSd: 0.1 },
};

export interface LearnedOccurrence {
  readonly country: string;
  readonly holiday: HolidayOccurrence;
  readonly metric: string;
  readonly ratio: number;
}

/** Same wall-clock hour one week before and after, averaged, skipping unknown sides. */
function neighbourBaseline(zone: string): Baseline {
  return (s: Series, i: number) => {
    const t = DateTime.fromMillis(s.start + i * s.step, { zone });
    let sum = 0;
    let n = 0;
    for (const w of [-1, 1]) {
      const j = Math.round((t.plus({ weeks: w }).toMillis() - s.start) / s.step);
      const v = j >= 0 && j < s.values.length ? (s.values[j] as number) : NaN;
      if (!Number.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n ? sum / n : NaN;
  };
}

export class HolidayImpactModel {
  constructor(readonly learned: readonly LearnedOccurrence[] = []) {}

  /**
   * Measure every holiday occurrence found in the data. `slices` lists, per country, the
   * dimension filter of its slice ({} when the whole dataset is one country).
   */
  static learn(
    ds: Dataset,
    slices: readonly { country: string; filter: Record<string, string>; holidays: readonly HolidayOccurrence[] }[],
    reportZone: string,
  ): HolidayImpactModel {
    const base = neighbourBaseline(reportZone);
    const out: LearnedOccurrence[] = [];
    for (const { country, filter, holidays } of slices) {
      for (const h of holidays) {
        for (const metric of ds.metrics) {
          const d = deviation(aggregate(ds, metric, filter, h.start, h.end, base));
          // Need most of the holiday's hours, and a meaningful baseline, to learn anything.
          if (d.buckets < 0.6 * ((h.end - h.start) / ds.step) || d.expected <= 0 || d.actual <= 0) continue;
          out.push({ country, holiday: h, metric, ratio: d.actual / d.expected });
        }
      }
    }
    return new HolidayImpactModel(out);
  }

  /** Expected impact of `h` on `metric`, using only occurrences that ended before `asOf`. */
  estimate(h: HolidayOccurrence, metric: string, asOf: number): ImpactEstimate {
    const past = this.learned.filter(o => o.metric === metric && o.holiday.end <= asOf);
    const same = past.filter(o => o.country === h.country && sameHoliday(o.holiday, h)).sort((a, b) => a.holiday.start - b.holiday.start);
    const occurrences = same.map(o => ({ date: o.holiday.date, ratio: o.ratio }));
    if (same.length) {
      const logs = same.map(o => Math.log(o.ratio));
      const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
      const sd = logs.length > 1 ? Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (logs.length - 1)) : 0;
      // Year-to-year variation is not visible in one occurrence: keep a floor on the spread.
      return { ratio: Math.exp(mean), logSd: Math.max(sd, 0.1), source: 'history', occurrences };
    }
    const prior = TYPE_PRIORS[h.type];
    // Too few of this type: pool every past day off (public, bank, optional) as evidence instead.
    let pool = past.filter(o => o.holiday.type === h.type);
    if (pool.length < 2 && h.type !== 'observance' && h.type !== 'school')
      pool = past.filter(o => o.holiday.type !== 'observance' && o.holiday.type !== 'school');
    if (pool.length >= 2) {
      // Shrink the pooled mean toward the default prior; keep the uncertainty wide.
      const logs = pool.map(o => Math.log(o.ratio));
      const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
      const w = pool.length / (pool.length + 3);
      const m = w * mean + (1 - w) * Math.log(prior.ratio);
      return { ratio: Math.exp(m), logSd: prior.logSd, source: 'type-prior', occurrences };
    }
    return { ratio: prior.ratio, logSd: prior.logSd * 1.3, source: 'default-prior', occurrences };
  }

  /** Multiplier to apply to a forecast for `metric` in `country` at instant `t` (1 = no holiday). */
  expectedMultiplier(holidays: readonly HolidayOccurrence[], metric: string, t: number): number {
    let m = 1;
    for (const h of holidays) if (h.start <= t && t < h.end) m = Math.min(m, this.estimate(h, metric, h.start).ratio);
    return m;
  }
}

/** Same holiday across years: same rule; a substitute day counts as its own holiday. */
export function sameHoliday(a: HolidayOccurrence, b: HolidayOccurrence): boolean {
  return a.rule === b.rule && a.substitute === b.substitute && a.date !== b.date;
}

/** "IN is expected at -35% today (Diwali; last occurrence -32%)". */
export function describeImpact(valueLabel: string, h: HolidayOccurrence, e: ImpactEstimate): string {
  const pct = (r: number): string => `${r >= 1 ? '+' : ''}${Math.round((r - 1) * 100)}%`;
  const last = e.occurrences[e.occurrences.length - 1];
  const basis = last
    ? `last occurrence ${pct(last.ratio)}`
    : e.source === 'type-prior'
      ? `no history; typical ${h.type} holiday here`
      : `no history; prior for a ${h.type} holiday`;
  const name = h.localName ? `${h.name} / ${h.localName}` : h.name;
  return `${valueLabel} is expected at ${pct(e.ratio)} (${name}; ${basis})`;
}
