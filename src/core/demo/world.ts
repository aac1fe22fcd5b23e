// The demo's world: countries on their local clocks, platform mixes, metrics and the daily rhythm
// of a professional network (busy weekday mornings and afternoons, quiet nights and weekends).

export interface DemoCountry {
  readonly code: string;
  readonly zone: string;
  /** Page views in the busiest weekday hour, before platform split and noise. */
  readonly peak: number;
  /** Platform shares (web, ios, android), summing to 1. */
  readonly mix: Readonly<Record<DemoPlatform, number>>;
}

export type DemoPlatform = 'android' | 'ios' | 'web';
export const PLATFORMS: readonly DemoPlatform[] = ['android', 'ios', 'web']; // CSV order

const mix = (web: number, ios: number, android: number) => ({ web, ios, android });

/** Sorted by code: the CSV row order. */
export const COUNTRIES: readonly DemoCountry[] = [
  { code: 'AU', zone: 'Australia/Sydney', peak: 15_000, mix: mix(0.45, 0.35, 0.2) },
  { code: 'BR', zone: 'America/Sao_Paulo', peak: 45_000, mix: mix(0.35, 0.15, 0.5) },
  { code: 'CA', zone: 'America/Toronto', peak: 25_000, mix: mix(0.45, 0.33, 0.22) },
  { code: 'DE', zone: 'Europe/Berlin', peak: 40_000, mix: mix(0.55, 0.25, 0.2) },
  { code: 'FR', zone: 'Europe/Paris', peak: 30_000, mix: mix(0.52, 0.26, 0.22) },
  { code: 'GB', zone: 'Europe/London', peak: 50_000, mix: mix(0.48, 0.34, 0.18) },
  { code: 'IN', zone: 'Asia/Kolkata', peak: 120_000, mix: mix(0.3, 0.08, 0.62) },
  { code: 'JP', zone: 'Asia/Tokyo', peak: 25_000, mix: mix(0.38, 0.47, 0.15) },
  { code: 'MX', zone: 'America/Mexico_City', peak: 20_000, mix: mix(0.38, 0.17, 0.45) },
  { code: 'US', zone: 'America/New_York', peak: 180_000, mix: mix(0.43, 0.37, 0.2) },
];

export interface DemoMetric {
  readonly id: string;
  readonly label: string;
  /** Events per page view. */
  readonly rate: number;
  /** Height of the after-work evening bump, relative to the morning peak. */
  readonly evening: number;
  /** Shift of the daytime peaks in hours (job applications come a little later). */
  readonly shift: number;
  /** Weekend day volume relative to a weekday. */
  readonly weekend: number;
}

/** Sorted by id: the CSV row order. */
export const METRICS: readonly DemoMetric[] = [
  { id: 'job_applies', label: 'Job applications', rate: 0.015, evening: 0.45, shift: 0.5, weekend: 0.38 },
  { id: 'messages_sent', label: 'Messages sent', rate: 0.03, evening: 0.15, shift: -0.3, weekend: 0.35 },
  { id: 'page_views', label: 'Page views', rate: 1, evening: 0.22, shift: 0, weekend: 0.42 },
  { id: 'signups', label: 'Sign-ups', rate: 0.004, evening: 0.35, shift: 0.2, weekend: 0.45 },
];

const g = (x: number, mu: number, sigma: number) => Math.exp(-0.5 * ((x - mu) / sigma) ** 2);

function weekdayCurve(m: DemoMetric, x: number): number {
  // Morning peak dominates the afternoon one; the lunch dip falls between them.
  return 0.05 + g(x, 10.3 + m.shift, 1.6) + 0.78 * g(x, 15 + m.shift, 1.9) + m.evening * g(x, 20.5, 1.5);
}

function weekendCurve(m: DemoMetric, x: number): number {
  return 0.06 + 0.8 * g(x, 12.5, 3.2) + (0.3 + m.evening) * g(x, 20.5, 2);
}

function dailySum(f: (x: number) => number): number {
  let s = 0;
  for (let i = 0; i < 96; i++) s += f((i + 0.5) / 4);
  return s / 4;
}

/** Per metric: the weekday peak normalised to 1, the weekend scaled to its share of a weekday's volume. */
const NORM = new Map(
  METRICS.map((m) => {
    let peak = 0;
    for (let i = 0; i < 240; i++) peak = Math.max(peak, weekdayCurve(m, i / 10));
    const wd = dailySum((x) => weekdayCurve(m, x));
    const we = dailySum((x) => weekendCurve(m, x));
    return [m.id, { weekday: 1 / peak, weekend: (m.weekend * wd) / we / peak }];
  }),
);

/** Day-of-week level, Luxon weekday numbering (1 = Monday). Fridays wind down early. */
const DOW = [0, 1.0, 1.03, 1.03, 1.0, 0.9, 0.95, 1.05];

/** Relative activity at local hour `x` (0-24, fractional) on local weekday `dow` (1 = Monday). */
export function rhythm(m: DemoMetric, dow: number, x: number): number {
  const n = NORM.get(m.id)!;
  return dow >= 6 ? DOW[dow] * n.weekend * weekendCurve(m, x) : DOW[dow] * n.weekday * weekdayCurve(m, x);
}
