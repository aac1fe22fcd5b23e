// Real data check: NYC taxi demand (NAB). Holiday windows should get US-holiday explanations, the
// January 2015 blizzard none. Skips with a message when ../shared is not there.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sameHourLastWeek } from '../../src/core/context/baseline';
import { Explainer } from '../../src/core/context/explain';
import type { HolidayCalendar } from '../../src/core/context/holidays';
import type { HolidayOccurrence } from '../../src/core/context/types';
import type { Dataset } from '../../src/core/types';
import { detectAll } from './detect';

export const NYC_DIR = resolve(__dirname, '../../../shared/bench/forecast/data');
const NAMES = ['marathon', 'thanksgiving', 'christmas', 'new_year', 'blizzard'] as const;

export function loadNycTaxi(dir = NYC_DIR): { ds: Dataset; windows: [number, number][] } | undefined {
  const csv = resolve(dir, 'nyc_taxi_hourly.csv');
  const labels = resolve(dir, 'nab_anomaly_windows.json');
  if (!existsSync(csv) || !existsSync(labels)) return undefined;
  const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const t0 = Date.parse(rows[0]?.[0] ?? '');
  const step = 3_600_000;
  const values = new Float64Array(rows.length).fill(NaN);
  for (const [ts, v] of rows) values[Math.round((Date.parse(ts as string) - t0) / step)] = Number(v);
  const ds: Dataset = {
    source: csv, dimensions: [], metrics: ['passengers'], start: t0, end: t0 + values.length * step, step,
    series: [{ metric: 'passengers', dims: {}, start: t0, step, values }], gaps: [],
  };
  const json = JSON.parse(readFileSync(labels, 'utf8')) as Record<string, { windows: [string, string][] }>;
  const windows = (json['realKnownCause/nyc_taxi.csv']?.windows ?? []).map(([a, b]): [number, number] => [Date.parse(a), Date.parse(b)]);
  return { ds, windows };
}

export interface NycResult {
  readonly window: string;
  readonly segments: number;
  readonly holidayTop1: number;
  readonly holidays: string[];
  readonly top1Kinds: Record<string, number>;
  readonly pass: boolean;
}

/**
 * NAB's NYC timestamps are New York wall-clock times written with a Z, so the data's own clock is
 * used as the zone ("UTC") and holidays are the US days on that same clock.
 */
export function runNyc(calendar: HolidayCalendar): NycResult[] | undefined {
  const data = loadNycTaxi();
  if (!data) return undefined;
  const zone = 'UTC';
  const ex = new Explainer({ dataset: data.ds, reportZone: zone, mapping: {}, global: { country: 'US', state: 'NY', timezone: zone }, calendar });
  const segs = detectAll(data.ds, sameHourLastWeek(zone), { z: 4, minRel: 0.15 });
  return data.windows.map(([from, to], i) => {
    const inside = segs.filter((s) => s.start < to && s.end > from);
    const tops = inside.map((s) => ex.explain(s)[0]);
    const top1Kinds: Record<string, number> = {};
    for (const t of tops) if (t) top1Kinds[t.kind] = (top1Kinds[t.kind] ?? 0) + 1;
    const hol = tops.filter((t) => t?.kind === 'holiday');
    const holidays = [...new Set(hol.map((t) => (t?.ref as HolidayOccurrence).name))];
    const name = NAMES[i] ?? `window-${i}`;
    const expectHoliday = name === 'thanksgiving' || name === 'christmas' || name === 'new_year';
    const pass = name === 'blizzard' ? hol.length === 0 : expectHoliday ? hol.length > 0 : true;
    return { window: name, segments: inside.length, holidayTop1: hol.length, holidays, top1Kinds, pass };
  });
}
