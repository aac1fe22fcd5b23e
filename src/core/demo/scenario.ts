// The demo's story for one seed: which effects hit which slice, when and how hard. Every effect in
// the ground truth is applied exactly as recorded; regular newsletters are baseline, not recorded.
import { DateTime, IANAZone } from 'luxon';
import Holidays from 'date-holidays';
import type { InjectedEffect, InjectedKind } from './groundTruth';
import type { Rng } from './prng';
import { COUNTRIES } from './world';

export const REPORT_ZONE = 'America/Los_Angeles';
const HOUR = 3_600_000;
const MIN = 60_000;
export const WINDOW_START = DateTime.fromISO('2026-09-14T00:00', { zone: REPORT_ZONE }).toMillis();
export const AS_OF = DateTime.fromISO('2026-11-03T09:20', { zone: REPORT_ZONE }).toMillis();
/** Hourly UTC grid [WINDOW_START, GRID_END); the last bucket holds the partly arrived hour. */
export const GRID_END = Math.ceil(AS_OF / HOUR) * HOUR;

/** A time-limited multiplier on a slice. `at(t)` is the multiplier at instant t inside [start, end). */
export interface Modifier {
  readonly start: number;
  readonly end: number;
  readonly slice: Readonly<Record<string, string>>;
  readonly metrics: readonly string[];
  at(t: number): number;
}

export interface Deploy {
  readonly tag: string;
  readonly at: string;
  readonly message: string;
}

/** An event the team knew about, for .calibrate/events.yaml (local wall-clock times). */
export interface KnownEvent {
  readonly name: string;
  readonly kind: 'sports' | 'email_send';
  readonly start: string;
  readonly end: string;
  readonly zone: string;
  readonly countries: readonly string[];
  readonly expectedImpact?: string;
}

export interface Scenario {
  readonly effects: InjectedEffect[];
  readonly modifiers: Modifier[];
  readonly deploys: Deploy[];
  readonly known: KnownEvent[];
}

export const isoUtc = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
const local = (s: string, zone: string) => DateTime.fromISO(s, { zone }).toMillis();
const r2 = (x: number) => Math.round(x * 100) / 100;
const box = (m: number) => (_t: number) => m;

export function buildScenario(rng: Rng): Scenario {
  const effects: InjectedEffect[] = [];
  const modifiers: Modifier[] = [];
  const deploys: Deploy[] = [];
  const known: KnownEvent[] = [];
  const record = (
    kind: InjectedKind,
    id: string,
    name: string,
    start: number,
    end: number,
    slice: Record<string, string>,
    multiplier: number,
    metrics: string[] = [],
    at: (t: number) => number = box(multiplier),
  ) => {
    effects.push({ id, kind, name, start: isoUtc(start), end: isoUtc(end), metrics, slice, multiplier });
    if (end > start && multiplier !== 1) modifiers.push({ start, end, slice, metrics, at });
  };

  // Holidays: public (and bank) days from date-holidays cut that country's traffic for the local day.
  const weak = new Set(['Columbus Day', 'Election Day']);
  for (const c of COUNTRIES) {
    const seen = new Set<string>();
    for (const h of new Holidays(c.code).getHolidays(2026, 'en')) {
      if (h.type !== 'public' && h.type !== 'bank') continue;
      const date = h.date.slice(0, 10);
      const start = local(date, c.zone);
      const end = DateTime.fromMillis(start, { zone: c.zone }).plus({ days: 1 }).toMillis();
      if (end <= WINDOW_START || start >= GRID_END || seen.has(date)) continue;
      seen.add(date);
      const m = r2(h.type === 'bank' || weak.has(h.name) ? rng.uniform(0.72, 0.8) : rng.uniform(0.5, 0.65));
      record('holiday', `holiday-${c.code}-${date}`, h.name, start, end, { country: c.code }, m);
    }
  }

  // DST changes inside the window, per country zone and for the report zone. Instants: start = end.
  const zones: [string, Record<string, string>, string][] = [
    ...COUNTRIES.map((c): [string, Record<string, string>, string] => [c.zone, { country: c.code }, c.code]),
    [REPORT_ZONE, {}, 'report'],
  ];
  for (const [zone, slice, key] of zones) {
    const z = IANAZone.create(zone);
    for (let t = WINDOW_START + HOUR; t < GRID_END; t += HOUR) {
      const before = z.offset(t - HOUR);
      const after = z.offset(t);
      if (before === after) continue;
      let at = t - HOUR; // find the exact minute of the change
      while (z.offset(at) === before) at += 15 * MIN;
      const what = after < before ? 'ends' : 'starts';
      const label = key === 'report' ? `report time zone ${zone}` : zone;
      const date = DateTime.fromMillis(at, { zone }).toISODate();
      record('dst', `dst-${key}-${date}`, `DST ${what} in ${label} (UTC${fmtOffset(before)} to UTC${fmtOffset(after)})`, at, at, slice, 1);
    }
  }

  // Sports: Monday Night Football in the US evening, plus earlier games in the history.
  const sports: [string, string, string, string, string, string, number, number][] = [
    ['event-US-2026-10-18', 'Sunday Night Football', '2026-10-18T20:20', '2026-10-18T23:35', 'America/New_York', 'US', 0.82, 0.9],
    ['event-BR-2026-10-13', 'Brazil national football team match', '2026-10-13T21:30', '2026-10-13T23:30', 'America/Sao_Paulo', 'BR', 0.68, 0.78],
    ['event-US-2026-11-02', 'Monday Night Football', '2026-11-02T20:15', '2026-11-02T23:30', 'America/New_York', 'US', 0.76, 0.84],
  ];
  for (const [id, name, s, e, zone, country, lo, hi] of sports) {
    const m = r2(rng.uniform(lo, hi));
    record('event', id, name, local(s, zone), local(e, zone), { country }, m);
    known.push({ name, kind: 'sports', start: `${s}:00`, end: `${e}:00`, zone, countries: [country], expectedImpact: `${Math.round((m - 1) * 100)}%` });
  }

  // Deploys: ordinary releases with no effect, then the iOS release that breaks links.
  const releases: [string, string, string, Record<string, string>][] = [
    ['web-v2026.09.29', 'web 2026.09.29 release', '2026-09-29T17:10:00Z', { platform: 'web' }],
    ['android-v7.3.2', 'android-app 7.3.2 release', '2026-10-15T16:40:00Z', { platform: 'android' }],
    ['ios-v7.3.0', 'ios-app 7.3.0 release', '2026-10-20T18:05:00Z', { platform: 'ios' }],
  ];
  for (const [tag, name, at, slice] of releases) {
    const t = Date.parse(at) + rng.int(-4, 4) * 5 * MIN;
    record('deploy', `deploy-${tag}`, name, t, t, slice, 1);
    deploys.push({ tag, at: isoUtc(t), message: `Release ${name.replace(' release', '')}` });
  }
  const incStart = local('2026-11-03T01:00', REPORT_ZONE) + rng.int(-2, 2) * 15 * MIN;
  const incEnd = incStart + (240 + rng.int(-2, 2) * 15) * MIN;
  const deployAt = incStart - rng.int(6, 9) * 5 * MIN; // 30-45 min before the links break
  record('deploy', 'deploy-ios-v7.4.0', 'ios-app 7.4.0 release', deployAt, deployAt, { platform: 'ios' }, 1);
  deploys.push({ tag: 'ios-v7.4.0', at: isoUtc(deployAt), message: 'Release ios-app 7.4.0' });
  record('incident', 'incident-ios-links-2026-11-03', 'iOS links broken (app release 7.4.0)', incStart, incEnd, { platform: 'ios' }, r2(rng.uniform(0.3, 0.4)));

  // Newsletter: Tuesdays 09:00 New York, a decaying lift on US page views and sign-ups for 3 hours.
  // On the last Tuesday it went out late (11:30), so the usual 09:00 lift is missing that day.
  const nlZone = 'America/New_York';
  const lift = (send: number, peak: number) => (t: number) => 1 + peak * Math.exp(-(t - send) / (1.8 * HOUR));
  const nlMetrics = ['page_views', 'signups'];
  for (let d = DateTime.fromISO('2026-09-15T09:00', { zone: nlZone }); d.toMillis() < GRID_END; d = d.plus({ weeks: 1 })) {
    const late = d.toISODate() === '2026-11-03';
    const send = late ? local('2026-11-03T11:30', nlZone) : d.toMillis();
    const peak = r2(rng.uniform(0.26, 0.33));
    const end = send + 3 * HOUR;
    if (late) {
      const name = 'Weekly newsletter, sent late (11:30 instead of 09:00 America/New_York)';
      record('email_send', 'email-newsletter-2026-11-03', name, send, end, { country: 'US' }, r2(1 + peak), nlMetrics, lift(send, peak));
    } else {
      modifiers.push({ start: send, end, slice: { country: 'US' }, metrics: nlMetrics, at: lift(send, peak) });
    }
    const sLocal = DateTime.fromMillis(send, { zone: nlZone });
    known.push({
      name: late ? 'Weekly newsletter (sent late)' : 'Weekly newsletter',
      kind: 'email_send',
      start: sLocal.toFormat("yyyy-MM-dd'T'HH:mm:ss"),
      end: sLocal.plus({ hours: 3 }).toFormat("yyyy-MM-dd'T'HH:mm:ss"),
      zone: nlZone,
      countries: ['US'],
      expectedImpact: '+25%',
    });
  }

  // Late data: only part of the latest hour has arrived when the report clock stops.
  const minutes = rng.int(18, 22);
  const last = GRID_END - HOUR;
  record('late_data', `late-data-${isoUtc(last)}`, `Latest hour partly arrived (${minutes} of 60 minutes)`, last, GRID_END, {}, Math.round((minutes / 60) * 1e4) / 1e4);

  effects.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : 1));
  known.sort((a, b) => local(a.start, a.zone) - local(b.start, b.zone));
  deploys.sort((a, b) => (a.at < b.at ? -1 : 1));
  return { effects, modifiers, deploys, known };
}

function fmtOffset(min: number): string {
  const s = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  return `${s}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
