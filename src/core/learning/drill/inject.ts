// A drill's injection (issue 16, ADR 0021): one synthetic anomaly of a chosen kind hidden in one
// slice of a COPY of a data set, inside the report's last complete hours (where the report looks
// for anomalies), sized so the total moves enough to be found at that difficulty. Deterministic
// for a seed. Returns the drilled data set, the context items it adds (a deploy, an event) and the
// hidden truth. Pure: the caller reads and writes the files.
//
// Difficulty sets three things:
//   - size: the share of the metric's total the anomaly moves (easy 30%, medium 18%, hard 10%), so
//     the slice must be big enough to move it that far at the deepest cut the kind allows;
//   - slice depth: easy and medium hide it in one dimension value, hard in two where the kind allows;
//   - masking: hard adds a decoy deploy on another slice near the anomaly's start.
import { DateTime, IANAZone } from 'luxon';
import { createRng, type Rng } from '../../demo/prng';
import type { DrillDifficulty } from '../../investigation/events';
import type { Dataset, Gap, Series } from '../../types';
import { DRILL_KINDS, type DrillDeploy, type DrillEvent, type DrillKind, type DrillTruth } from './truth';

const HOUR = 3_600_000;
const MIN = 60_000;
const DAY = 24 * HOUR;
/** The forecast learns the weekly pattern from six weeks: with less, the report cannot judge a drill's week. */
export const MIN_HISTORY_WEEKS = 6;
/** The share of the metric's total the anomaly moves, by difficulty. */
const TOTAL_CHANGE: Readonly<Record<DrillDifficulty, number>> = { easy: 0.3, medium: 0.18, hard: 0.1 };

export interface DrillInput {
  readonly dataset: Dataset;
  readonly drillId: string;
  readonly seed: number;
  readonly difficulty: DrillDifficulty;
  readonly source: 'demo' | 'workspace';
  /** The report's last complete hours [from, to), UTC ms: the report flags anomalies only there. */
  readonly window: { readonly from: number; readonly to: number };
  /** The report's time zone. */
  readonly zone: string;
  /** A dimension value's own time zone (the config's per-country zones), when the config gives one. */
  readonly zoneOf?: (dimension: string, value: string) => string | undefined;
  /** One kind; by default one the data allows, chosen by the seed. */
  readonly kind?: DrillKind;
}

export interface Drilled {
  readonly dataset: Dataset;
  readonly deploys: readonly DrillDeploy[];
  readonly events: readonly DrillEvent[];
  readonly truth: DrillTruth;
}

/** Why this data set cannot hold a drill, or undefined. The messages are for the person starting one. */
export function drillProblem(ds: Dataset | undefined): string | undefined {
  if (!ds || ds.series.length === 0) return 'there is no data to hide an anomaly in';
  if (ds.step !== HOUR) return 'drills need hourly data, like the report';
  if (ds.dimensions.length === 0) return 'a drill hides its anomaly in one slice, and this data has no dimensions (country, platform, …)';
  const weeks = (ds.end - ds.start) / (7 * DAY);
  if (weeks < MIN_HISTORY_WEEKS)
    return `too little history for a drill: ${weeks.toFixed(1)} weeks of data, and the forecast needs at least ${MIN_HISTORY_WEEKS} (the weekly pattern)`;
  return undefined;
}

/** The kinds this data allows: a clock-change drill needs a DST change in the report's last week. */
export function drillKinds(input: Pick<DrillInput, 'dataset' | 'window' | 'zone' | 'zoneOf'>): DrillKind[] {
  return DRILL_KINDS.filter(k => k !== 'dst' || clockChange(input) !== undefined);
}

export function injectDrill(input: DrillInput): Drilled {
  const problem = drillProblem(input.dataset);
  if (problem) throw new Error(problem);
  const { dataset: ds, window: w } = input;
  if (!(w.from >= ds.start && w.to <= ds.end && w.to - w.from >= 12 * HOUR)) throw new Error('the report window must be at least 12 hours inside the data');
  const rng = createRng((input.seed ^ 0x2c1b3c6d) >>> 0);
  const allowed = drillKinds(input);
  const kind = input.kind ?? allowed[rng.int(0, allowed.length - 1)]!;
  if (!allowed.includes(kind)) throw new Error(`a ${kind} drill needs a daylight-saving change in the report's last week, and this data has none`);
  const ctx = new Injection(input, rng);
  const planned = PLANS[kind](ctx);
  const deploys = [...planned.deploys];
  if (input.difficulty === 'hard') {
    const decoy = ctx.decoyDeploy(planned);
    if (decoy) deploys.push(decoy);
  }
  const truth: DrillTruth = {
    version: 1,
    drillId: input.drillId,
    seed: input.seed,
    difficulty: input.difficulty,
    source: input.source,
    kind,
    name: planned.name,
    slice: planned.slice,
    metrics: [],
    start: iso(planned.start),
    end: iso(planned.end),
    multiplier: round(planned.multiplier, 4),
    deploys: deploys.sort((a, b) => (a.at < b.at ? -1 : 1)),
    events: planned.events,
  };
  return { dataset: ctx.result(), deploys: truth.deploys, events: truth.events, truth };
}

interface Plan {
  readonly name: string;
  readonly slice: Readonly<Record<string, string>>;
  readonly start: number;
  readonly end: number;
  readonly multiplier: number;
  readonly deploys: readonly DrillDeploy[];
  readonly events: readonly DrillEvent[];
}

const PLANS: Readonly<Record<DrillKind, (c: Injection) => Plan>> = {
  holiday(c) {
    // A whole local day in one region, off the calendar: it looks like a holiday the report does not know.
    const [dim, value] = c.pickOne(c.region, c.window.from, c.window.to, c.need(0.3));
    const zone = c.zoneOf(dim, value);
    const mid = c.window.from + (c.window.to - c.window.from) * c.rng.uniform(0.35, 0.65);
    const day = DateTime.fromMillis(mid, { zone }).startOf('day');
    const start = Math.max(day.toMillis(), c.ds.start);
    const end = Math.min(day.plus({ days: 1 }).toMillis(), c.ds.end);
    const m = c.dip({ [dim]: value }, Math.max(start, c.window.from), Math.min(end, c.window.to), 0.3, 0.9);
    c.scale({ [dim]: value }, start, end, () => m);
    return { name: `Holiday-like dip in ${dim} ${value} on ${day.toISODate()}`, slice: { [dim]: value }, start, end, multiplier: m, deploys: [], events: [] };
  },
  incident(c) {
    const slice = c.pickSlice(c.component, c.window.from, c.window.to, c.need(0.05));
    const len = c.window.to - c.window.from;
    const deployAt = snap(c.window.from + c.rng.uniform(HOUR, Math.max(HOUR, len - 6 * HOUR)), 5 * MIN);
    const start = deployAt + c.rng.int(4, 10) * 5 * MIN;
    const hours = c.difficulty === 'easy' ? c.rng.int(5, 6) : c.difficulty === 'medium' ? c.rng.int(4, 5) : 3;
    const end = Math.min(start + hours * HOUR, c.window.to);
    const m = c.dip(slice, start, end, 0.05, 0.85);
    c.scale(slice, start, end, () => m);
    const value = slice[c.component]!;
    const deploy = c.deploy(value, deployAt, false);
    return {
      name: `Incident on ${describe(slice)} after release ${deploy.tag}`,
      slice,
      start,
      end,
      multiplier: m,
      deploys: [deploy],
      events: [],
    };
  },
  late_data(c) {
    // The latest hours of one pipeline arrived only in part: the most recent hour least of all.
    const k = c.difficulty === 'easy' ? 4 : c.difficulty === 'medium' ? 3 : 2;
    const start = c.window.to - k * HOUR;
    const end = c.window.to;
    const slice = c.pickSlice(c.component, start, end, c.need(0.05));
    const least = c.dip(slice, start, end, 0.05, 0.8);
    c.scale(slice, start, end, t => least + ((1 - least) * Math.floor((end - 1 - t) / HOUR)) / k);
    return {
      name: `Late-arriving data for ${describe(slice)}: the last ${k} hours partly arrived`,
      slice,
      start,
      end,
      multiplier: least,
      deploys: [],
      events: [],
    };
  },
  event(c) {
    const sports = c.rng.next() < 0.5;
    const [dim, value] = c.pickOne(c.region, c.window.from, c.window.to, sports ? c.need(0.3) : c.need(-1));
    const zone = c.zoneOf(dim, value);
    const len = c.window.to - c.window.from;
    const hours = c.rng.int(2, 4);
    const start = snap(c.window.from + c.rng.uniform(2 * HOUR, Math.max(2 * HOUR, len - (hours + 1) * HOUR)), 15 * MIN);
    const end = Math.min(start + hours * HOUR, c.window.to);
    const slice = { [dim]: value };
    const m = sports ? c.dip(slice, start, end, 0.3, 0.9) : c.spike(slice, start, end, 3);
    c.scale(slice, start, end, () => m);
    const local = (t: number) => DateTime.fromMillis(t, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
    const name = sports ? `National football match (${value})` : `Product launch in ${value}`;
    const event: DrillEvent = {
      name,
      kind: sports ? 'sports' : 'launch',
      start: local(start),
      end: local(end),
      zone,
      countries: dim === 'country' ? [value] : [],
      ...(c.difficulty === 'easy' ? { expectedImpact: `${m >= 1 ? '+' : ''}${Math.round((m - 1) * 100)}%` } : {}),
      decoy: false,
    };
    return { name: `${name}, ${dim} ${value}`, slice, start, end, multiplier: m, deploys: [], events: [event] };
  },
  dst(c) {
    // A real drop in a region during the week its clocks changed: the shifted daily curve hides it.
    const change = clockChange(c.input)!;
    const slice = c.pickSlice(c.region, c.window.from, c.window.to, c.need(0.4), change.values);
    const len = c.window.to - c.window.from;
    const hours = c.rng.int(6, 10);
    const start = snap(c.window.from + c.rng.uniform(0, Math.max(0, len - hours * HOUR)), HOUR);
    const end = Math.min(start + hours * HOUR, c.window.to);
    const m = c.dip(slice, start, end, 0.4, 0.9);
    c.scale(slice, start, end, () => m);
    return {
      name: `Drop in ${describe(slice)} in the week its clocks changed (${change.zone}, ${DateTime.fromMillis(change.at, { zone: change.zone }).toISODate()})`,
      slice,
      start,
      end,
      multiplier: m,
      deploys: [],
      events: [],
    };
  },
  gap(c) {
    const k = c.difficulty === 'easy' ? 5 : c.difficulty === 'medium' ? 3 : 2;
    const hours = Math.floor((c.window.to - c.window.from) / HOUR);
    const start = c.window.from + c.rng.int(2, Math.max(2, hours - k - 1)) * HOUR;
    const end = start + k * HOUR;
    const slice = c.difficulty === 'easy' ? Object.fromEntries([c.pickOne(c.region, start, end, c.need(0))]) : c.pickSlice(c.component, start, end, c.need(0));
    c.scale(slice, start, end, () => NaN);
    return { name: `Data gap: ${describe(slice)} has no rows for ${k} hours`, slice, start, end, multiplier: 0, deploys: [], events: [] };
  },
};

/** The working copy and the choices every kind makes: which slice, how strong, which deploy. */
class Injection {
  readonly ds: Dataset;
  readonly window: { readonly from: number; readonly to: number };
  readonly difficulty: DrillDifficulty;
  /** The dimension a holiday or an event hits (country when there is one). */
  readonly region: string;
  /** The dimension a deploy or a pipeline belongs to (platform when there is one). */
  readonly component: string;
  private readonly series: Series[];
  private readonly gaps: Gap[] = [];

  constructor(
    readonly input: DrillInput,
    readonly rng: Rng,
  ) {
    this.ds = input.dataset;
    this.window = input.window;
    this.difficulty = input.difficulty;
    const dims = this.ds.dimensions;
    this.region = dims.includes('country') ? 'country' : dims[0]!;
    this.component = dims.includes('platform') ? 'platform' : (dims.find(d => d !== this.region) ?? this.region);
    this.series = this.ds.series.map(s => ({ ...s, values: new Float64Array(s.values) }));
  }

  zoneOf(dim: string, value: string): string {
    const z = this.input.zoneOf?.(dim, value);
    return z && IANAZone.isValidZone(z) ? z : this.input.zone;
  }

  values(dim: string): string[] {
    return [...new Set(this.ds.series.map(s => s.dims[dim]).filter((v): v is string => v !== undefined))].sort();
  }

  /** The mean over metrics of the slice's share of the metric's total over [from, to) (from the original data). */
  share(slice: Readonly<Record<string, string>>, from: number, to: number): number {
    const shares: number[] = [];
    for (const metric of this.ds.metrics) {
      let part = 0;
      let all = 0;
      for (const s of this.ds.series) {
        if (s.metric !== metric) continue;
        const inside = Object.entries(slice).every(([k, v]) => s.dims[k] === v);
        for (let t = Math.max(from, s.start); t < to; t += HOUR) {
          const v = s.values[Math.floor((t - s.start) / s.step)];
          if (v === undefined || !Number.isFinite(v)) continue;
          all += v;
          if (inside) part += v;
        }
      }
      if (all > 0) shares.push(part / all);
    }
    return shares.length ? shares.reduce((a, b) => a + b, 0) / shares.length : 0;
  }

  /** The least share of the total a slice needs to move it by this difficulty's change when cut at most to `lo` times (a negative `lo`: a spike of up to 3 times). */
  need(lo: number): number {
    const most = lo < 0 ? 2 : 1 - lo;
    return (TOTAL_CHANGE[this.difficulty] * 1.1) / most;
  }

  /** One value of `dim` for this difficulty: the largest (easy), a middle one (medium), a smaller one (hard), among those with `minShare` over [from, to). */
  pickOne(dim: string, from: number, to: number, minShare: number, among?: readonly string[]): [string, string] {
    const ranked = (among?.length ? [...among] : this.values(dim))
      .map(v => ({ v, share: this.share({ [dim]: v }, from, to) }))
      .filter(x => x.share > 0)
      .sort((a, b) => b.share - a.share || (a.v < b.v ? -1 : 1));
    if (!ranked.length) throw new Error(`no value of ${dim} has data in the report's last hours`);
    // Too small a slice cannot move the total enough to be found.
    const usable = ranked.filter(x => x.share >= minShare);
    const pool = usable.length ? usable : ranked.slice(0, 1);
    const n = pool.length;
    const at =
      this.difficulty === 'easy'
        ? this.rng.int(0, Math.min(1, n - 1))
        : this.difficulty === 'medium'
          ? this.rng.int(Math.min(1, n - 1), Math.min(3, n - 1))
          : this.rng.int(Math.floor((n - 1) / 2), n - 1);
    return [dim, pool[at]!.v];
  }

  /** The slice for this difficulty: one value of `dim`; at hard, with a value of the other dimension too when there is one. */
  pickSlice(dim: string, from: number, to: number, minShare: number, among?: readonly string[]): Record<string, string> {
    const other = dim === this.region ? this.component : this.region;
    if (this.difficulty !== 'hard' || other === dim) {
      const [d, v] = this.pickOne(dim, from, to, minShare, among);
      return { [d]: v };
    }
    // Hard: a combination big enough to move the total by a few percent (the deeper the slice, the harder the drill-down).
    const combos = (among?.length ? [...among] : this.values(dim))
      .flatMap(a => this.values(other).map(b => ({ slice: { [dim]: a, [other]: b }, share: 0 })))
      .map(x => ({ ...x, share: this.share(x.slice, from, to) }))
      .filter(x => x.share >= minShare)
      .sort((a, b) => b.share - a.share || (describe(a.slice) < describe(b.slice) ? -1 : 1));
    if (!combos.length) {
      const [d, v] = this.pickOne(dim, from, to, minShare, among);
      return { [d]: v };
    }
    return combos[this.rng.int(0, Math.min(3, combos.length - 1))]!.slice;
  }

  /** A dip that moves the total by this difficulty's share: the slice's multiplier, within [lo, hi]. */
  dip(slice: Readonly<Record<string, string>>, from: number, to: number, lo: number, hi: number): number {
    const share = Math.max(this.share(slice, from, to), 1e-6);
    const jitter = this.rng.uniform(0.9, 1.1);
    return round(Math.min(hi, Math.max(lo, 1 - (TOTAL_CHANGE[this.difficulty] * jitter) / share)), 2);
  }

  spike(slice: Readonly<Record<string, string>>, from: number, to: number, hi: number): number {
    const share = Math.max(this.share(slice, from, to), 1e-6);
    const jitter = this.rng.uniform(0.9, 1.1);
    return round(Math.min(hi, 1 + (TOTAL_CHANGE[this.difficulty] * jitter) / share), 2);
  }

  /** Multiply the slice's values in [from, to) by f(hour start), in proportion to the part of each hour covered; NaN makes a gap. */
  scale(slice: Readonly<Record<string, string>>, from: number, to: number, f: (t: number) => number): void {
    for (const s of this.series) {
      if (!Object.entries(slice).every(([k, v]) => s.dims[k] === v)) continue;
      let gapFrom: number | undefined;
      for (let i = Math.max(0, Math.floor((from - s.start) / s.step)); i < s.values.length; i++) {
        const b = s.start + i * s.step;
        if (b >= to) break;
        const covered = (Math.min(b + s.step, to) - Math.max(b, from)) / s.step;
        if (covered <= 0) continue;
        const v = s.values[i]!;
        const m = f(b);
        if (Number.isNaN(m)) {
          s.values[i] = NaN;
          gapFrom ??= b;
          continue;
        }
        const scaled = v * (1 - covered * (1 - m));
        s.values[i] = Number.isInteger(v) ? Math.round(scaled) : scaled;
      }
      if (gapFrom !== undefined) this.gaps.push({ metric: s.metric, dims: s.dims, from: gapFrom, to: Math.min(to, s.start + s.values.length * s.step) });
    }
  }

  deploy(value: string, at: number, decoy: boolean): DrillDeploy {
    const version = `${this.rng.int(2, 9)}.${this.rng.int(0, 24)}.0`;
    const slug = value.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'app';
    return { tag: `${slug}-v${version}`, at: iso(at), message: `Release ${value} ${version}`, decoy };
  }

  /** Hard drills' mask: a release of another component near the anomaly's start, that did nothing. */
  decoyDeploy(p: Plan): DrillDeploy | undefined {
    const mine = p.slice[this.component];
    const others = this.values(this.component).filter(v => v !== mine);
    if (!others.length) return undefined;
    const at = snap(Math.min(this.ds.end - HOUR, Math.max(this.ds.start, p.start - this.rng.int(1, 3) * HOUR + this.rng.int(0, 11) * 5 * MIN)), 5 * MIN);
    return this.deploy(others[this.rng.int(0, others.length - 1)]!, at, true);
  }

  result(): Dataset {
    const { rowProblems: _, ...rest } = this.ds;
    return { ...rest, series: this.series, gaps: [...this.ds.gaps, ...this.gaps] };
  }
}

/** The latest offset change, in the week before the window's end, of a region value's zone (or the report's). */
function clockChange(input: Pick<DrillInput, 'dataset' | 'window' | 'zone' | 'zoneOf'>): { zone: string; at: number; values: string[] } | undefined {
  const ds = input.dataset;
  const region = ds.dimensions.includes('country') ? 'country' : ds.dimensions[0];
  if (region === undefined) return undefined;
  const values = [...new Set(ds.series.map(s => s.dims[region]).filter((v): v is string => v !== undefined))].sort();
  const zoneOf = (v: string) => {
    const z = input.zoneOf?.(region, v);
    return z && IANAZone.isValidZone(z) ? z : input.zone;
  };
  const from = input.window.to - 7 * DAY;
  let best: { zone: string; at: number; values: string[] } | undefined;
  for (const zone of [...new Set(values.map(zoneOf))].sort()) {
    const z = IANAZone.create(zone);
    for (let t = from + HOUR; t < input.window.to; t += HOUR) {
      if (z.offset(t - HOUR) === z.offset(t)) continue;
      if (!best || t > best.at) best = { zone, at: t, values: values.filter(v => zoneOf(v) === zone) };
    }
  }
  return best;
}

const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');
const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;
const snap = (t: number, step: number): number => Math.round(t / step) * step;
const describe = (slice: Readonly<Record<string, string>>): string =>
  Object.entries(slice)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
