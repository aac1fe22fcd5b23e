// Holidays per country via date-holidays, loaded lazily and cached per (country, state, year).
// date-holidays caches nothing and isHoliday() costs 3-10 ms a call, so we only ever call
// getHolidays(year) once per key and scan intervals ourselves.
import { DateTime } from 'luxon';
import type { HolidayOccurrence, HolidayType } from './types';

/** The subset of the date-holidays class we use; lets tests pass a fake. */
interface DhHoliday {
  date: string;
  start: Date;
  end: Date;
  name: string;
  type: string;
  rule: string;
  substitute?: boolean;
}
interface DhInstance {
  init(country: string, state?: string, opts?: { timezone?: string }): unknown;
  getHolidays(year: number, lang?: string): DhHoliday[] | undefined;
  getLanguages(): string[];
  getTimezones(): string[];
  getCountries(lang?: string): Record<string, string>;
}
export type HolidaysCtor = new (opts?: { timezone?: string }) => DhInstance;

let loading: Promise<HolidaysCtor> | undefined;

/** Import date-holidays on first use only (1.6 MB of data): activation must not pay for it. */
export function loadDateHolidays(): Promise<HolidaysCtor> {
  loading ??= import('date-holidays').then(m => {
    const mod = m as unknown as { default: unknown };
    // CJS interop: the class is either the default export or its `default` property.
    const d = mod.default as { default?: unknown };
    return (typeof d === 'function' ? d : d.default) as HolidaysCtor;
  });
  return loading;
}

/** Synchronous, cached holiday look-ups once the library is loaded. */
export class HolidayCalendar {
  private readonly cache = new Map<string, readonly HolidayOccurrence[]>();
  private readonly zones = new Map<string, string | undefined>();
  private countries: Record<string, string> | undefined;
  /** Number of getHolidays() computations, for tests and benchmarks. */
  computations = 0;

  constructor(private readonly Ctor: HolidaysCtor) {}

  static async load(): Promise<HolidayCalendar> {
    return new HolidayCalendar(await loadDateHolidays());
  }

  /** True when date-holidays has rules for this country code. */
  knows(country: string): boolean {
    this.countries ??= new this.Ctor().getCountries('en');
    return Object.prototype.hasOwnProperty.call(this.countries, country.toUpperCase());
  }

  /** The date-holidays default zone of a country (its first listed zone). */
  defaultZone(country: string): string | undefined {
    const key = country.toUpperCase();
    if (!this.zones.has(key)) {
      let zone: string | undefined;
      if (this.knows(key)) {
        const h = new this.Ctor();
        h.init(key);
        zone = h.getTimezones()[0];
      }
      this.zones.set(key, zone);
    }
    return this.zones.get(key);
  }

  /** All holidays of one year; [] for a country date-holidays does not know. */
  year(country: string, year: number, state?: string, zone?: string): readonly HolidayOccurrence[] {
    const c = country.toUpperCase();
    const key = `${c}|${state ?? ''}|${year}|${zone ?? ''}`;
    let hit = this.cache.get(key);
    if (hit) return hit;
    hit = this.knows(c) ? this.compute(c, year, state, zone) : [];
    this.cache.set(key, hit);
    return hit;
  }

  /** Holidays overlapping [from, to) (UTC ms), across the years the window touches. */
  between(country: string, from: number, to: number, state?: string, zone?: string): HolidayOccurrence[] {
    const z = zone ?? this.defaultZone(country) ?? 'UTC';
    // A year's list holds holidays that start the evening before (Dec 31 for Jan 1) and multi-day
    // ones running into the next year: widen the years by a margin, not by a whole year.
    const y0 = DateTime.fromMillis(from, { zone: z }).minus({ days: 10 }).year;
    const y1 = DateTime.fromMillis(to, { zone: z }).plus({ days: 2 }).year;
    const out: HolidayOccurrence[] = [];
    for (let y = y0; y <= y1; y++) {
      for (const h of this.year(country, y, state, zone)) if (h.start < to && h.end > from) out.push(h);
    }
    return out;
  }

  private compute(country: string, year: number, state?: string, zone?: string): HolidayOccurrence[] {
    this.computations++;
    const h = new this.Ctor(zone ? { timezone: zone } : undefined);
    h.init(country, state, zone ? { timezone: zone } : undefined);
    const tz = zone ?? h.getTimezones()[0] ?? 'UTC';
    const local = h.getLanguages().find(l => l !== 'en');
    const en = h.getHolidays(year, 'en') ?? [];
    const loc = local ? (h.getHolidays(year, local) ?? []) : [];
    return en.map((x, i): HolidayOccurrence => {
      const localName = loc[i]?.rule === x.rule && loc[i]?.name !== x.name ? loc[i]?.name : undefined;
      const date = x.date.slice(0, 10);
      const midnight = DateTime.fromISO(date, { zone: tz }).startOf('day').toMillis();
      return {
        country,
        ...(state ? { state } : {}),
        date,
        start: x.start.getTime(),
        end: x.end.getTime(),
        type: normalizeType(x.type),
        name: x.name,
        ...(localName ? { localName } : {}),
        rule: x.rule,
        substitute: x.substitute === true,
        startsEveningBefore: x.start.getTime() < midnight,
      };
    });
  }
}

function normalizeType(t: string): HolidayType {
  return t === 'public' || t === 'bank' || t === 'school' || t === 'optional' ? t : 'observance';
}
