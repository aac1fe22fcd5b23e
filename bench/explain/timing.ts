// "Context for a 6-week, 10-country window": cold (first call in the process, including the lazy
// import of date-holidays) and warm (same calendar, caches filled), median of repeated calls.
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { buildContext } from '../../src/core/context/context';
import type { CountryMapping } from '../../src/core/context/types';

const TEN: [string, string][] = [
  ['US', 'America/New_York'],
  ['IN', 'Asia/Kolkata'],
  ['GB', 'Europe/London'],
  ['DE', 'Europe/Berlin'],
  ['BR', 'America/Sao_Paulo'],
  ['JP', 'Asia/Tokyo'],
  ['FR', 'Europe/Paris'],
  ['CA', 'America/Toronto'],
  ['AU', 'Australia/Sydney'],
  ['MX', 'America/Mexico_City'],
];

export const TEN_COUNTRIES: CountryMapping = { country: Object.fromEntries(TEN.map(([c, z]) => [c, { country: c, timezone: z }])) };

export async function measureContext(): Promise<{ contextColdMs: number; contextColdImportMs: number; contextWarmMedianMs: number; contextWarmMaxMs: number }> {
  const from = DateTime.fromISO('2026-09-22T00:00', { zone: 'America/Los_Angeles' }).toMillis();
  const to = DateTime.fromMillis(from).plus({ weeks: 6 }).toMillis();
  const t0 = performance.now();
  const { HolidayCalendar } = await import('../../src/core/context/holidays');
  const calendar = await HolidayCalendar.load();
  const t1 = performance.now();
  buildContext({ from, to, reportZone: 'America/Los_Angeles', mapping: TEN_COUNTRIES, calendar });
  const t2 = performance.now();
  const warm: number[] = [];
  for (let i = 0; i < 30; i++) {
    const s = performance.now();
    buildContext({ from, to, reportZone: 'America/Los_Angeles', mapping: TEN_COUNTRIES, calendar });
    warm.push(performance.now() - s);
  }
  warm.sort((a, b) => a - b);
  const r = (x: number): number => Math.round(x * 10) / 10;
  return { contextColdMs: r(t2 - t0), contextColdImportMs: r(t1 - t0), contextWarmMedianMs: r(warm[15] as number), contextWarmMaxMs: r(warm[29] as number) };
}
