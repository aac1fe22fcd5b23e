// "Give me the context for this window": holidays per country, events, deploys and DST transitions,
// for chart overlays and for the explanation engine.
import { dstTransitions } from './dst';
import type { HolidayCalendar } from './holidays';
import type { ContextEvent, ContextWindow, CountryMapping, CountryRef, Deploy, DstTransition, HolidayOccurrence, HolidayType } from './types';

/** One dimension value (or the whole dataset) tied to a country and a zone. */
export interface Place {
  /** Undefined for the whole dataset (data without a country dimension). */
  readonly dim?: string;
  readonly value?: string;
  readonly country: string;
  readonly state?: string;
  readonly zone: string;
  readonly known: boolean;
}

export interface ContextInput {
  readonly from: number;
  readonly to: number;
  readonly reportZone: string;
  readonly mapping: CountryMapping;
  /** The country of the whole dataset, when it has no country dimension (e.g. NYC taxi -> US/NY). */
  readonly global?: CountryRef;
  readonly events?: readonly ContextEvent[];
  readonly deploys?: readonly Deploy[];
  /** Loaded calendar; without it there are no holidays (e.g. while date-holidays loads). */
  readonly calendar?: HolidayCalendar;
  /** Holiday types to keep (e.g. ['public', 'bank'] for chart bands); default all. */
  readonly holidayTypes?: readonly HolidayType[];
}

export function resolvePlaces(mapping: CountryMapping, calendar: HolidayCalendar | undefined, global: CountryRef | undefined, reportZone: string): Place[] {
  const out: Place[] = [];
  const mk = (ref: CountryRef, dim?: string, value?: string): Place => {
    const country = ref.country.toUpperCase();
    const known = calendar ? calendar.knows(country) : false;
    const zone = ref.timezone ?? (known ? calendar?.defaultZone(country) : undefined) ?? reportZone;
    return { ...(dim !== undefined ? { dim, value } : {}), country, ...(ref.state ? { state: ref.state } : {}), zone, known };
  };
  for (const [dim, values] of Object.entries(mapping)) {
    for (const [value, ref] of Object.entries(values)) if (ref?.country) out.push(mk({ ...ref, country: ref.country }, dim, value));
  }
  if (global) out.push(mk(global));
  return out;
}

/** Holidays of each place over [from, to), keyed by country (states merged, deduplicated). */
export function holidaysFor(places: readonly Place[], calendar: HolidayCalendar | undefined, from: number, to: number): Record<string, HolidayOccurrence[]> {
  const out: Record<string, HolidayOccurrence[]> = {};
  if (!calendar) return out;
  for (const p of places) {
    if (!p.known) continue;
    const list = (out[p.country] ??= []);
    for (const h of calendar.between(p.country, from, to, p.state, p.zone)) {
      if (!list.some(x => x.rule === h.rule && x.date === h.date && x.state === h.state)) list.push(h);
    }
    list.sort((a, b) => a.start - b.start);
  }
  return out;
}

/** The report config's `dimensions` list as a CountryMapping (structural: no config import). */
export function mappingFromDimensions(dims: readonly { id: string; values: Readonly<Record<string, Partial<CountryRef>>> }[]): CountryMapping {
  // Null-prototype records, own keys only: a value named `__proto__` or `constructor` is data, and a
  // lookup of a missing one finds nothing rather than Object.prototype's member.
  const out = Object.create(null) as Record<string, Record<string, Partial<CountryRef>>>;
  for (const d of dims) {
    const values = Object.create(null) as Record<string, Partial<CountryRef>>;
    for (const [v, ref] of Object.entries(d.values)) values[v] = ref;
    out[d.id] = values;
  }
  return out;
}

export function buildContext(input: ContextInput): ContextWindow {
  const { from, to, reportZone, calendar } = input;
  const places = resolvePlaces(input.mapping, calendar, input.global, reportZone);
  const zones = [...new Set([reportZone, ...places.map(p => p.zone)])];
  const dst: DstTransition[] = zones.flatMap(z => dstTransitions(z, from, to)).sort((a, b) => a.at - b.at);
  const holidays = holidaysFor(places, calendar, from, to);
  if (input.holidayTypes) {
    const keep = new Set(input.holidayTypes);
    for (const c of Object.keys(holidays)) holidays[c] = (holidays[c] ?? []).filter(h => keep.has(h.type));
  }
  return {
    from,
    to,
    reportZone,
    holidays,
    events: (input.events ?? []).filter(e => e.start < to && e.end > from),
    deploys: (input.deploys ?? []).filter(d => d.at >= from && d.at < to),
    dst,
    unknownCountries: calendar ? [...new Set(places.filter(p => !p.known).map(p => p.country))] : [],
  };
}
