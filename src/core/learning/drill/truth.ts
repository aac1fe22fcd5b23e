// A drill's hidden truth (issue 16, ADR 0021): what was injected, where, when and how hard, and the
// context items added with it. It is written outside the learner's workspace and its SHA-256 goes
// into the drill's `started` event, so the reveal can tell a missing or edited truth apart. Its
// text is canonical (fixed key order, one form): the digest of the same truth is always the same.
// Pure: no I/O.
import { DRILL_DIFFICULTIES, type DrillDifficulty } from '../../investigation/events';

/** What a drill can hide. The names follow the demo generator's ground truth where they overlap. */
export type DrillKind = 'holiday' | 'incident' | 'late_data' | 'event' | 'dst' | 'gap';
export const DRILL_KINDS: readonly DrillKind[] = ['holiday', 'incident', 'late_data', 'event', 'dst', 'gap'];

/** How the learner should read each kind, for the reveal. */
export const KIND_LABELS: Readonly<Record<DrillKind, string>> = {
  holiday: 'a holiday-like dip in one region',
  incident: 'a platform incident after a deploy',
  late_data: 'late-arriving data',
  event: 'an event',
  dst: 'a change masked by a clock change (DST)',
  gap: 'a data gap',
};

/** A deploy the drill added (a release tag in the drill workspace's git). `decoy`: unrelated, there to mislead. */
export interface DrillDeploy {
  readonly tag: string;
  /** UTC ISO instant. */
  readonly at: string;
  readonly message: string;
  readonly decoy: boolean;
}

/** An event the drill added to the drill workspace's events.yaml: local wall-clock times in `zone`. */
export interface DrillEvent {
  readonly name: string;
  readonly kind: 'sports' | 'launch';
  /** yyyy-MM-ddTHH:mm:ss, local to `zone`. */
  readonly start: string;
  readonly end: string;
  readonly zone: string;
  readonly countries: readonly string[];
  readonly expectedImpact?: string;
  readonly decoy: boolean;
}

export interface DrillTruth {
  readonly version: 1;
  readonly drillId: string;
  readonly seed: number;
  readonly difficulty: DrillDifficulty;
  /** Where the data came from: the demo generator, or a copy of the workspace's own data. */
  readonly source: 'demo' | 'workspace';
  readonly kind: DrillKind;
  /** For people: "Checkout incident on ios after release ios-v7.5.0". */
  readonly name: string;
  /** The slice injected into: dimension -> value (never {}: a drill always hides a slice). */
  readonly slice: Readonly<Record<string, string>>;
  /** Metrics changed; [] means every metric of the data. */
  readonly metrics: readonly string[];
  /** UTC ISO instants: the injected window, start inclusive, end exclusive. */
  readonly start: string;
  readonly end: string;
  /** Multiplier at full strength (0.6 = -40%; 0 for a gap; for late data, the least arrived share). */
  readonly multiplier: number;
  readonly deploys: readonly DrillDeploy[];
  readonly events: readonly DrillEvent[];
}

/** The truth's canonical text: keys in the order above, two-space JSON, one final newline. */
export function truthText(t: DrillTruth): string {
  const canonical: DrillTruth = {
    version: 1,
    drillId: t.drillId,
    seed: t.seed,
    difficulty: t.difficulty,
    source: t.source,
    kind: t.kind,
    name: t.name,
    slice: Object.fromEntries(Object.entries(t.slice).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    metrics: [...t.metrics],
    start: t.start,
    end: t.end,
    multiplier: t.multiplier,
    deploys: t.deploys.map(d => ({ tag: d.tag, at: d.at, message: d.message, decoy: d.decoy })),
    events: t.events.map(e => ({
      name: e.name,
      kind: e.kind,
      start: e.start,
      end: e.end,
      zone: e.zone,
      countries: [...e.countries],
      ...(e.expectedImpact !== undefined ? { expectedImpact: e.expectedImpact } : {}),
      decoy: e.decoy,
    })),
  };
  return JSON.stringify(canonical, null, 2) + '\n';
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIso = (v: unknown): v is string =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/.test(v) && !Number.isNaN(Date.parse(v));
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 300;

/** The truth in `text`, or why it is not one (a hand-edited or truncated file). Never throws. */
export function parseTruth(text: string): DrillTruth | { readonly problem: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { problem: `it is not JSON (${(e as Error).message})` };
  }
  if (!isObj(v) || v.version !== 1) return { problem: 'it is not a version 1 drill truth' };
  if (!isText(v.drillId) || !Number.isSafeInteger(v.seed)) return { problem: 'it has no drillId or seed' };
  if (!(DRILL_DIFFICULTIES as readonly unknown[]).includes(v.difficulty)) return { problem: 'its difficulty is not easy, medium or hard' };
  if (v.source !== 'demo' && v.source !== 'workspace') return { problem: 'its source is not demo or workspace' };
  if (!(DRILL_KINDS as readonly unknown[]).includes(v.kind)) return { problem: `its kind is not one of ${DRILL_KINDS.join(', ')}` };
  if (!isText(v.name)) return { problem: 'it has no name' };
  const slice = v.slice;
  if (!isObj(slice) || !Object.keys(slice).length || !Object.values(slice).every(isText))
    return { problem: 'its slice is not a mapping of dimension to value' };
  if (!Array.isArray(v.metrics) || !v.metrics.every(isText)) return { problem: 'its metrics are not a list of metric ids' };
  if (!isIso(v.start) || !isIso(v.end) || Date.parse(v.end) <= Date.parse(v.start)) return { problem: 'its window is not start < end in UTC ISO time' };
  if (typeof v.multiplier !== 'number' || !Number.isFinite(v.multiplier) || v.multiplier < 0) return { problem: 'its multiplier is not a number from 0' };
  const deploys = v.deploys;
  if (!Array.isArray(deploys) || !deploys.every(d => isObj(d) && isText(d.tag) && isIso(d.at) && isText(d.message) && typeof d.decoy === 'boolean'))
    return { problem: 'its deploys are not { tag, at, message, decoy }' };
  const events = v.events;
  if (
    !Array.isArray(events) ||
    !events.every(
      e =>
        isObj(e) &&
        isText(e.name) &&
        (e.kind === 'sports' || e.kind === 'launch') &&
        isText(e.start) &&
        isText(e.end) &&
        isText(e.zone) &&
        Array.isArray(e.countries) &&
        e.countries.every(isText) &&
        (e.expectedImpact === undefined || isText(e.expectedImpact)) &&
        typeof e.decoy === 'boolean',
    )
  )
    return { problem: 'its events are not { name, kind, start, end, zone, countries, decoy }' };
  return v as unknown as DrillTruth;
}
