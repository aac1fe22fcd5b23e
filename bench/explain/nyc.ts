// Real data check: NYC taxi demand (NAB). Holiday windows should get US-holiday explanations, the
// January 2015 blizzard none. Skips with a message when ../shared is not there. Reading the series
// and NAB's windows is shared with the unit test (test/fixtures/nyc-taxi, which vendors a cut of it).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sameHourLastWeek } from '../../src/core/context/baseline';
import { Explainer } from '../../src/core/context/explain';
import type { HolidayCalendar } from '../../src/core/context/holidays';
import type { Dataset } from '../../src/core/types';
import { isOwnHoliday, NYC_HOLIDAYS, nycDataset, nycWindows, type NycWindow } from '../../test/fixtures/nyc-taxi/nycTaxi';
import { detectAll } from './detect';

export const NYC_DIR = resolve(__dirname, '../../../shared/bench/forecast/data');

export function loadNycTaxi(dir = NYC_DIR): { ds: Dataset; windows: NycWindow[] } | undefined {
  const csv = resolve(dir, 'nyc_taxi_hourly.csv');
  const labels = resolve(dir, 'nab_anomaly_windows.json');
  if (!existsSync(csv) || !existsSync(labels)) return undefined;
  return { ds: nycDataset(readFileSync(csv, 'utf8'), csv), windows: nycWindows(readFileSync(labels, 'utf8')) };
}

export interface NycResult {
  readonly window: string;
  readonly segments: number;
  /** Top-1 explanations per segment, in time order: kind, title, confidence. */
  readonly top1: string[];
  /**
   * Holiday windows: a segment's top-1 names the window's own holiday (this week, not the
   * baseline's). Blizzard: no segment of the storm (ending after NAB's label minus 12 h) has a
   * holiday first; `strict` also counts the pre-storm hours of the window.
   */
  readonly pass: boolean;
  readonly strict: boolean;
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
  return data.windows.map(({ name, from, to, label }) => {
    const inside = segs.filter(s => s.start < to && s.end > from);
    const tops = inside.map(s => ({ seg: s, x: ex.explain(s)[0] }));
    const noHoliday = (ts: typeof tops): boolean => ts.every(t => t.x?.kind !== 'holiday');
    const pass =
      name === 'blizzard'
        ? noHoliday(tops.filter(t => t.seg.end > label - 12 * 3_600_000))
        : NYC_HOLIDAYS[name]
          ? tops.some(t => isOwnHoliday(name, t.x))
          : true;
    const strict = name === 'blizzard' ? noHoliday(tops) : pass;
    const top1 = tops.map(
      t => `${new Date(t.seg.start).toISOString().slice(0, 13)} ${t.seg.direction} ${t.x?.kind}: ${t.x?.title} (${t.x?.confidence.toFixed(2)})`,
    );
    return { window: name, segments: inside.length, top1, pass, strict };
  });
}
