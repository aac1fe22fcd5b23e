// Types of the context engine: what happened around an anomaly (holidays, events, deploys, DST)
// and the ranked explanations built from it. Plain data, so the panel can overlay it on charts.
import type { DimValues } from '../types';

/** Where a dimension value lives, for holidays and local clocks. */
export interface CountryRef {
  /** ISO 3166-1 alpha-2, e.g. "IN". */
  readonly country: string;
  /** ISO 3166-2 subdivision code without the country prefix, e.g. "CA" for California. */
  readonly state?: string;
  /** IANA zone; defaults to the first zone date-holidays lists for the country. */
  readonly timezone?: string;
}

/**
 * dimension name -> dimension value -> country. Typically one dimension, "country". Values without
 * a country (e.g. platforms) are ignored, so the report config's dimensions can be passed as they are.
 */
export type CountryMapping = Readonly<Record<string, Readonly<Record<string, Partial<CountryRef>>>>>;

export type HolidayType = 'public' | 'bank' | 'school' | 'optional' | 'observance';

/** One holiday on one date in one country (or state). Instants are UTC ms. */
export interface HolidayOccurrence {
  readonly country: string;
  readonly state?: string;
  /** Local calendar date, "YYYY-MM-DD". */
  readonly date: string;
  readonly start: number;
  readonly end: number;
  readonly type: HolidayType;
  /** English name. */
  readonly name: string;
  /** Name in the country's first language, when it differs from English. */
  readonly localName?: string;
  /** The date-holidays rule: stable across years, so it identifies "the same holiday". */
  readonly rule: string;
  readonly substitute: boolean;
  /** True when the holiday starts on the previous local evening (e.g. Islamic holidays). */
  readonly startsEveningBefore: boolean;
}

export type EventKind = 'sports' | 'launch' | 'email_send' | 'incident' | 'maintenance' | 'other';
export const EVENT_KINDS: readonly EventKind[] = ['sports', 'launch', 'email_send', 'incident', 'maintenance', 'other'];

/** A custom event from .calibrate/events.yaml or an .ics calendar. */
export interface ContextEvent {
  readonly name: string;
  readonly kind: EventKind;
  /** UTC ms; start inclusive, end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly zone: string;
  /** ISO country codes; empty = everywhere. */
  readonly countries: readonly string[];
  /** Expected relative impact, e.g. -0.2 for -20%. */
  readonly expectedImpact?: number;
  /** "file:line" where it was declared. */
  readonly source: string;
}

/** A deploy read from git: a tag or a merge to the main branch. */
export interface Deploy {
  readonly ref: string;
  readonly at: number; // UTC ms
  readonly message: string;
  readonly kind: 'tag' | 'merge';
}

/** A change of UTC offset in one zone. */
export interface DstTransition {
  readonly zone: string;
  readonly at: number; // UTC ms of the first instant with the new offset
  readonly offsetBefore: number; // minutes
  readonly offsetAfter: number; // minutes
}

/** Everything known around a window, for overlays and for explanations. */
export interface ContextWindow {
  readonly from: number;
  readonly to: number;
  readonly reportZone: string;
  /** Holidays per ISO country (state holidays included), inside [from, to). */
  readonly holidays: Readonly<Record<string, readonly HolidayOccurrence[]>>;
  readonly events: readonly ContextEvent[];
  readonly deploys: readonly Deploy[];
  readonly dst: readonly DstTransition[];
  /** Countries of the mapping that date-holidays does not know: no holidays for them. */
  readonly unknownCountries: readonly string[];
}

export type ExplanationKind = 'holiday' | 'event' | 'deploy' | 'dst' | 'late_data' | 'data_gap' | 'unexplained';

/** One number backing a candidate, phrased for people, with the raw values for tables. */
export interface Evidence {
  readonly text: string;
  readonly values?: Readonly<Record<string, number | string>>;
}

export interface Explanation {
  readonly kind: ExplanationKind;
  readonly title: string;
  /** Calibrated probability that this is the (main) cause; candidates' confidences sum to <= 1. */
  readonly confidence: number;
  readonly evidence: readonly Evidence[];
  /** The slice it points at, e.g. { country: 'IN' }; {} for the whole total. */
  readonly slice: Readonly<Record<string, string>>;
  /** True when the cause sat in the baseline week, not in the anomaly itself. */
  readonly inBaseline?: boolean;
  /** The context item, for linking in the UI. */
  readonly ref?: HolidayOccurrence | ContextEvent | Deploy | DstTransition;
  /** Uncalibrated score, kept for benchmarks. */
  readonly score: number;
}

// Where the deviation of a segment sits, leaf by leaf (localized.ts, localizeSegment).

export interface LocalizedLeaf {
  readonly dims: DimValues;
  /** actual - expected over the segment's buckets. */
  readonly delta: number;
  readonly expected: number;
}

export interface LocalizedCause {
  /** The root-cause element, e.g. { platform: 'ios' }. */
  readonly dims: DimValues;
  /** Its share of the whole cube's deviation (the localizer's explanatory power). */
  readonly share: number;
  readonly relativeChange: number | null;
  /** Indices into `leaves` of the leaves it claims (first cause first; never claimed twice). */
  readonly leaves: readonly number[];
}

export interface Localization {
  readonly leaves: readonly LocalizedLeaf[];
  readonly causes: readonly LocalizedCause[];
  /** Single-dimension slices in the cube (sum over dimensions of their values): where a cause could have been. */
  readonly slices: number;
  /** What the localizer left out to stay within its budget (LocalizeResult.warnings); absent or empty when none. */
  readonly warnings?: readonly string[];
}
