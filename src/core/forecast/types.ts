// Types of the Holt-Winters forecasting engine. Pure data: no vscode, no I/O.

export type SeasonalForm = 'additive' | 'multiplicative';
export type TrendForm = 'none' | 'additive' | 'damped';

/** The structure of one Holt-Winters model (Taylor 2003 when two periods are given). */
export interface HwSpec {
  readonly seasonal: SeasonalForm;
  readonly trend: TrendForm;
  /** One or two seasonal periods in steps, e.g. [24] or [24, 168]; the second must be a multiple of the first. */
  readonly periods: readonly number[];
  /** AR(1) adjustment of the one-step errors (Taylor 2003, section 3). */
  readonly ar: boolean;
}

/** Smoothing parameters. Unused ones are ignored (e.g. omega with one period). */
export interface HwParams {
  readonly alpha: number; // level
  readonly beta: number; // trend
  readonly gamma: number; // first (shorter) seasonal period
  readonly omega: number; // second (longer) seasonal period
  readonly phi: number; // trend damping, 1 = undamped
  readonly rho: number; // AR(1) coefficient of the residuals, 0 = none
}

/** The filter's state after the last observation: everything needed to forecast. */
export interface HwState {
  level: number;
  trend: number;
  /** Seasonal indices by phase of the first and second period (length 1 holding the neutral value if absent). */
  readonly s1: Float64Array;
  readonly s2: Float64Array;
  /** Last raw residual (observation minus the no-AR forecast), carried by the AR(1) term. */
  resid: number;
  /** Robust running scale of the one-step errors. */
  sigma: number;
}

/** Robust fitting: errors beyond k·sigma are clipped before they update the state. */
export interface RobustOptions {
  /** Clip threshold in robust standard deviations; Infinity turns robustness off. @default 2.5 */
  readonly k: number;
  /** Weight of the newest squared error in the running scale. @default 0.02 */
  readonly lambda: number;
}
