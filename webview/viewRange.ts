// The chart's visible time range under zoom and pan, as plain arithmetic so it is unit-tested in
// Node. The range always stays inside the week drawn and never narrows below a few hours (a narrower
// view of hourly data shows one or two points and no shape).
export interface Range {
  readonly min: number;
  readonly max: number;
}

const HOUR = 3_600_000;
/** The narrowest view: enough hourly points to see a shape. */
export const MIN_SPAN_MS = 4 * HOUR;

/** `r` moved and shrunk as needed to lie inside `full`, at least MIN_SPAN_MS wide (or all of `full`). */
export function clampRange(r: Range, full: Range): Range {
  const fullSpan = full.max - full.min;
  const asked = r.max - r.min;
  const span = Math.min(fullSpan, Math.max(MIN_SPAN_MS, Number.isFinite(asked) ? asked : MIN_SPAN_MS));
  let min = Math.max(full.min, Math.min(r.min, full.max - span));
  if (!Number.isFinite(min)) min = full.min;
  return { min, max: min + span };
}

/**
 * `r` cut to `full` on each side (a window near the week's end is not shifted to keep its width),
 * widened only if that leaves less than MIN_SPAN_MS.
 */
export function fitRange(r: Range, full: Range): Range {
  const cut = { min: Math.max(full.min, r.min), max: Math.min(full.max, r.max) };
  return cut.max - cut.min >= MIN_SPAN_MS ? cut : clampRange(cut, full);
}

/**
 * Zoom by `factor` (< 1 narrows, > 1 widens) around the instant `at` (default: the centre), which
 * keeps its place on screen: the mouse position for the wheel, the centre for the buttons.
 */
export function zoomRange(r: Range, full: Range, factor: number, at = (r.min + r.max) / 2): Range {
  const f = Math.min(Math.max(factor, 0.05), 20);
  const left = (at - r.min) * f;
  const right = (r.max - at) * f;
  return clampRange({ min: at - left, max: at + right }, full);
}

/** Pan by `fraction` of the visible span (negative: earlier). */
export function panRange(r: Range, full: Range, fraction: number): Range {
  const d = (r.max - r.min) * fraction;
  return clampRange({ min: r.min + d, max: r.max + d }, full);
}

/** Whether `r` shows less than the whole of `full`. */
export const isZoomed = (r: Range, full: Range): boolean => r.min > full.min || r.max < full.max;
