// Time indexes over a context window's events and deploys, built once per list: explaining a segment
// then only looks at the events near it and near its baseline week. Scanning every event (and every
// pair of events, for "did it recur?") per segment made explanations quadratic in the calendar's size.
import { weekLater } from '../time';
import type { ContextEvent, Deploy } from './types';

/**
 * Intervals sorted by start, read as an implicit balanced tree (the middle of each range is its root)
 * that stores the latest end under each root: overlap queries cost O(log n + hits).
 */
export class IntervalIndex {
  private readonly ids: Int32Array;
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private readonly maxEnd: Float64Array;

  /**
   * `ids` are positions in the caller's list. A NaN start fails every comparison, so it is left out;
   * a NaN end fails `end > t` just as -Infinity does, which keeps the tree's maxima ordered.
   */
  constructor(ids: readonly number[], start: (id: number) => number, end: (id: number) => number) {
    const kept = ids.filter(i => !Number.isNaN(start(i))).sort((a, b) => (start(a) < start(b) ? -1 : start(a) > start(b) ? 1 : a - b)); // no Infinity - Infinity
    this.ids = Int32Array.from(kept);
    this.starts = Float64Array.from(kept, start);
    this.ends = Float64Array.from(kept, i => (Number.isNaN(end(i)) ? -Infinity : end(i)));
    this.maxEnd = new Float64Array(kept.length);
    this.build(0, kept.length);
  }

  private build(lo: number, hi: number): number {
    if (lo >= hi) return -Infinity;
    const mid = (lo + hi) >>> 1;
    const m = Math.max(this.ends[mid] as number, this.build(lo, mid), this.build(mid + 1, hi));
    this.maxEnd[mid] = m;
    return m;
  }

  /** Ids, ascending, of the intervals with start < t1 and end > t0 (the same comparisons the callers make). */
  overlapping(t0: number, t1: number): number[] {
    const out: number[] = [];
    const visit = (lo: number, hi: number): void => {
      if (lo >= hi) return;
      const mid = (lo + hi) >>> 1;
      if (!((this.maxEnd[mid] as number) > t0)) return;
      visit(lo, mid);
      if (!((this.starts[mid] as number) < t1)) return; // sorted: nothing to the right starts earlier
      if ((this.ends[mid] as number) > t0) out.push(this.ids[mid] as number);
      visit(mid + 1, hi);
    };
    visit(0, this.ids.length);
    return out.sort((a, b) => a - b);
  }

  /** Ids, ascending, of the intervals starting in [lo, hi]. */
  startingIn(lo: number, hi: number): number[] {
    const out: number[] = [];
    if (Number.isNaN(lo)) return out; // a NaN bound admits nothing, as a comparison with it would
    for (let k = this.firstStartAtLeast(lo); k < this.starts.length && (this.starts[k] as number) <= hi; k++) out.push(this.ids[k] as number);
    return out.sort((a, b) => a - b);
  }

  private firstStartAtLeast(t: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.starts[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Index queries narrow by time; callers still apply their exact test, so rounding at the edges cannot change a result. */
const MARGIN = 60_000;

/** Events by time, by name and by (kind, countries), with their slots one week later in the report zone. */
export class EventIndex {
  private readonly all: IntervalIndex;
  private readonly byName: Map<string, IntervalIndex>;
  private readonly byKindPlace: Map<string, IntervalIndex>;
  private readonly nextWeekCache: ([number, number] | undefined)[];

  constructor(
    readonly events: readonly ContextEvent[],
    readonly zone: string,
  ) {
    const start = (i: number): number => (events[i] as ContextEvent).start;
    const end = (i: number): number => (events[i] as ContextEvent).end;
    const group = (key: (e: ContextEvent) => string): Map<string, IntervalIndex> => {
      const ids = new Map<string, number[]>();
      events.forEach((e, i) => {
        const k = key(e);
        const list = ids.get(k);
        if (list) list.push(i);
        else ids.set(k, [i]);
      });
      return new Map([...ids].map(([k, list]) => [k, new IntervalIndex(list, start, end)]));
    };
    this.all = new IntervalIndex(
      events.map((_, i) => i),
      start,
      end,
    );
    this.byName = group(e => e.name);
    this.byKindPlace = group(e => kindPlaceKey(e));
    this.nextWeekCache = new Array<[number, number] | undefined>(events.length);
  }

  /** Positions, ascending, of the events overlapping [t0, t1). */
  overlapping(t0: number, t1: number): number[] {
    return this.all.overlapping(t0, t1);
  }

  /** The event's span moved one week on the report zone's wall clock; computed once per event. */
  nextWeek(i: number): [number, number] {
    let s = this.nextWeekCache[i];
    if (!s) {
      const e = this.events[i] as ContextEvent;
      s = [weekLater(e.start, this.zone), weekLater(e.end, this.zone)];
      this.nextWeekCache[i] = s;
    }
    return s;
  }

  /** Whether another event of the same name overlaps this one's slot a week later. */
  recurs(i: number): boolean {
    const e = this.events[i] as ContextEvent;
    const [s0, s1] = this.nextWeek(i);
    return (this.byName.get(e.name)?.overlapping(s0, s1) ?? []).some(j => this.events[j] !== e);
  }

  /** The first listed event of the same kind and countries starting within `within` ms of this one's slot a week later. */
  movedTo(i: number, within: number): ContextEvent | undefined {
    const e = this.events[i] as ContextEvent;
    const [s] = this.nextWeek(i);
    const near = this.byKindPlace.get(kindPlaceKey(e))?.startingIn(s - within - MARGIN, s + within + MARGIN) ?? [];
    for (const j of near) {
      const o = this.events[j] as ContextEvent;
      if (o !== e && Math.abs(o.start - s) < within) return o;
    }
    return undefined;
  }
}

// The comparisons the explanation makes: same kind, same countries in the same order.
const kindPlaceKey = (e: ContextEvent): string => `${e.kind}\u0000${e.countries.join()}`;

/** Deploys by time. */
export class DeployIndex {
  private readonly at: IntervalIndex;
  constructor(readonly deploys: readonly Deploy[]) {
    const at = (i: number): number => (deploys[i] as Deploy).at;
    this.at = new IntervalIndex(
      deploys.map((_, i) => i),
      at,
      at,
    );
  }

  /** Deploys, in list order, at about [t0, t1] (a minute wider each side: callers apply their exact test). */
  near(t0: number, t1: number): Deploy[] {
    return this.at.startingIn(t0 - MARGIN, t1 + MARGIN).map(i => this.deploys[i] as Deploy);
  }
}

// One index per list (and zone): a window's lists are built once and only read, so explaining many
// segments, or several metrics, shares them.
const eventIndexes = new WeakMap<readonly ContextEvent[], Map<string, EventIndex>>();
const deployIndexes = new WeakMap<readonly Deploy[], DeployIndex>();

export function eventIndexFor(events: readonly ContextEvent[], zone: string): EventIndex {
  let byZone = eventIndexes.get(events);
  if (!byZone) eventIndexes.set(events, (byZone = new Map()));
  let idx = byZone.get(zone);
  if (!idx) byZone.set(zone, (idx = new EventIndex(events, zone)));
  return idx;
}

export function deployIndexFor(deploys: readonly Deploy[]): DeployIndex {
  let idx = deployIndexes.get(deploys);
  if (!idx) deployIndexes.set(deploys, (idx = new DeployIndex(deploys)));
  return idx;
}
