// What the demo generator injected, where and how strong. Tests, benchmarks and drills read it;
// it is written outside the demo workspace so a learner in a drill cannot see the answer.

export type InjectedKind = 'holiday' | 'event' | 'incident' | 'dst' | 'late_data' | 'email_send' | 'deploy';

export interface InjectedEffect {
  /** Stable id, e.g. "holiday-IN-2026-11-08". */
  readonly id: string;
  readonly kind: InjectedKind;
  /** Human name, e.g. "Diwali" or "US evening football game". */
  readonly name: string;
  /** UTC ISO instants; start inclusive, end exclusive. */
  readonly start: string;
  readonly end: string;
  /** Metrics affected; empty means all. */
  readonly metrics: readonly string[];
  /** The slice affected: dimension -> value. {} means every slice. */
  readonly slice: Readonly<Record<string, string>>;
  /** Multiplier applied to the affected traffic at full strength (0.6 = -40%). */
  readonly multiplier: number;
}

export interface GroundTruth {
  readonly version: 1;
  readonly seed: number;
  readonly timezone: string;
  readonly start: string;
  readonly end: string;
  readonly effects: readonly InjectedEffect[];
}

// Conventions of the generator's ground truth (src/core/demo):
// - Instant effects (kind `deploy`, `dst`) have start === end and multiplier 1; they explain, they do not move traffic.
// - A `dst` effect with slice {} is the report time zone's change; others name the country whose clock changed.
// - `end` of the ground truth is the end of the last (partly arrived) hourly bucket, not the report clock `asOf`.
// - The regular Tuesday newsletter lifts are part of the baseline and not listed; only the late one is.
