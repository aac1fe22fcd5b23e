// The report service's cache: finished reports by input fingerprint, each valid until the clock
// could change it. No vscode import, so it is unit-tested in plain Node.

const HOUR = 3_600_000;
/**
 * A load problem is kept this long: an error does not say which hour it depends on ("needs at
 * least 8 days of complete hours before …" ends with time), and re-reading a broken input is cheap.
 */
export const PROBLEM_TTL_MS = 60_000;

/** What the report's clock dependence is, from the config and the snapshot built at `now`. */
export interface ClockInputs {
  /** The config freezes the report clock (`asOf`): the report never changes with time. */
  readonly frozen: boolean;
  /** Any hour start of the data (data.start + k hours): the hours are aligned to it. */
  readonly origin: number;
  /** The config's settleMinutes, in ms. */
  readonly settleMs: number;
}

/**
 * Until when a report built at `now` stays the report of `now`. The hourly report depends on the
 * clock only through the last complete hour (an hour counts once it ended and settleMs passed:
 * boundaries at origin + settleMs + k hours) and the "data may be delayed" age, in whole hours from
 * the end of that hour or of the data (boundaries at origin + k hours). The analysis's own clock is
 * the data's end or the config's asOf, never the wall clock. The snapshot's "As of" time is kept as
 * computed: the table, chart and analysis are those of any instant before this one.
 */
export function clockValidUntil(now: number, c: ClockInputs): number {
  if (c.frozen) return Number.POSITIVE_INFINITY;
  return Math.min(nextBoundary(now, c.origin), nextBoundary(now, c.origin + c.settleMs));
}

/** The first instant after `now` that is `origin` plus a whole number of hours. */
export function nextBoundary(now: number, origin: number): number {
  return origin + (Math.floor((now - origin) / HOUR) + 1) * HOUR;
}

/**
 * A few finished reports by fingerprint digest, most recently used kept, each with its expiry:
 * going back to an earlier config (undoing an edit) shows its report at once.
 */
export class ResultCache<T> {
  private readonly entries = new Map<string, { readonly value: T; readonly validUntil: number }>();

  constructor(readonly capacity = 4) {}

  get(digest: string, now: number): T | undefined {
    const e = this.entries.get(digest);
    if (!e) return undefined;
    this.entries.delete(digest);
    if (now >= e.validUntil) return undefined;
    this.entries.set(digest, e); // most recently used last
    return e.value;
  }

  set(digest: string, value: T, validUntil: number): void {
    this.entries.delete(digest);
    this.entries.set(digest, { value, validUntil });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
