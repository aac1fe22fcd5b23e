// The geometry of a pinned chart: the actual line, the forecast's expected line and its 95% band, as
// SVG path data in a width × height box. Pure: unit-tested in Node; evidence.ts draws it.
import type { FrozenSeries } from '../../src/messaging/investigationProtocol';

export interface ChartGeometry {
  readonly actual: string;
  readonly expected: string;
  /** The band as one closed path: upper left to right, lower back. Empty where the band has a gap. */
  readonly band: string;
  readonly yMin: number;
  readonly yMax: number;
  readonly xMin: number;
  readonly xMax: number;
}

const ok = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** `pad`: room inside the box for the lines' width. A series with no finite values gives empty paths. */
export function chartGeometry(s: FrozenSeries, width: number, height: number, pad = 4): ChartGeometry {
  const n = s.x.length;
  const values = [...s.actual, ...(s.expected ?? []), ...(s.lower ?? []), ...(s.upper ?? [])].filter(ok);
  let yMin = values.length ? Math.min(...values) : 0;
  let yMax = values.length ? Math.max(...values) : 1;
  if (yMin === yMax) [yMin, yMax] = [yMin - 1, yMax + 1];
  const xs = s.x.filter(ok);
  const xMin = xs.length ? Math.min(...xs) : 0;
  const xMax = xs.length ? Math.max(...xs) : 1;
  const sx = (x: number) => pad + (xMax === xMin ? 0.5 : (x - xMin) / (xMax - xMin)) * (width - 2 * pad);
  const sy = (y: number) => pad + (1 - (y - yMin) / (yMax - yMin)) * (height - 2 * pad);
  const r = (v: number) => Math.round(v * 10) / 10;

  /** A line through the finite points; a gap (null) lifts the pen. */
  const line = (ys: readonly (number | null)[] | undefined): string => {
    if (!ys) return '';
    let d = '';
    let pen = false;
    for (let i = 0; i < n; i++) {
      const x = s.x[i];
      const y = ys[i];
      if (!ok(x) || !ok(y)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${r(sx(x))},${r(sy(y))}`;
      pen = true;
    }
    return d;
  };

  // The band: one closed shape per run of hours that have both bounds.
  let band = '';
  if (s.lower && s.upper) {
    let run: number[] = [];
    const close = () => {
      if (run.length) {
        band += `M${run.map(i => `${r(sx(s.x[i]))},${r(sy(s.upper![i] as number))}`).join('L')}L${[...run]
          .reverse()
          .map(i => `${r(sx(s.x[i]))},${r(sy(s.lower![i] as number))}`)
          .join('L')}Z`;
      }
      run = [];
    };
    for (let i = 0; i < n; i++) {
      if (ok(s.x[i]) && ok(s.lower[i]) && ok(s.upper[i])) run.push(i);
      else close();
    }
    close();
  }
  return { actual: line(s.actual), expected: line(s.expected), band, yMin, yMax, xMin, xMax };
}
