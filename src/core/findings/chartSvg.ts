// A pinned chart as a standalone SVG file for the post-mortem (issue 13): the actual line, the
// forecast and its 95% band where the log has them, last week as a dashed line, the impact window
// shaded, axes labelled in the report zone. A plain string, fixed colours (it is viewed outside
// VS Code's theme: GitHub, a browser), every piece of text escaped for XML. Pure: no vscode, no I/O.
import { DateTime } from 'luxon';
import type { FrozenSeries } from '../investigation';
import { escapeXml } from './text';

const W = 720;
const H = 320;
const M = { top: 44, right: 24, bottom: 60, left: 64 };
const HOUR = 3_600_000;

export interface ChartSvgInput {
  readonly title: string;
  /** "page views, platform=ios": the y axis. */
  readonly yLabel: string;
  readonly zone: string;
  readonly series: FrozenSeries;
  /** UTC ms [start, end) to shade: the impact window. */
  readonly window?: { readonly start: number; readonly end: number };
}

/** 1234567 → "1.2M": tick labels. */
export function compact(n: number): string {
  const a = Math.abs(n);
  const f = (v: number, unit: string) => `${Number(v.toPrecision(3))}${unit}`;
  if (a >= 1e9) return f(n / 1e9, 'B');
  if (a >= 1e6) return f(n / 1e6, 'M');
  if (a >= 1e3) return f(n / 1e3, 'k');
  return String(Number(n.toPrecision(3)));
}

/** Round tick steps (1, 2, 5 × 10^k) covering [lo, hi] in about five steps. */
function ticks(lo: number, hi: number): number[] {
  if (hi <= lo) hi = lo + 1;
  const raw = (hi - lo) / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map(k => k * p).find(s => s >= raw) ?? 10 * p;
  const out: number[] = [];
  // From the step at or below lo to the first step at or above hi: every value is inside the axis.
  for (let v = Math.floor(lo / step) * step; ; v += step) {
    out.push(Number(v.toPrecision(12)));
    if (v >= hi - step * 1e-9) break;
  }
  return out;
}

const fmt = (n: number) => (Math.round(n * 10) / 10).toString();

export function chartSvg(c: ChartSvgInput): string {
  const { x } = c.series;
  const lines = [c.series.actual, c.series.expected, c.series.lower, c.series.upper, c.series.lastWeek];
  const values = lines.flatMap(l => (l ?? []).filter((v): v is number => v !== null));
  const yt = ticks(Math.min(0, ...values), values.length ? Math.max(...values) : 1);
  const [y0, y1] = [yt[0]!, yt.at(-1)!];
  const x0 = x[0] ?? 0;
  const x1 = x.length > 1 ? x.at(-1)! + HOUR : x0 + HOUR;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  // Each value sits at the middle of its hour.
  const px = (t: number) => M.left + ((t + HOUR / 2 - x0) / (x1 - x0)) * pw;
  const pxEdge = (t: number) => M.left + ((t - x0) / (x1 - x0)) * pw;
  const py = (v: number) => M.top + (1 - (v - y0) / (y1 - y0 || 1)) * ph;

  /** A polyline per run of numbers: a missing hour is a gap, not a line to zero. */
  const path = (ys: readonly (number | null)[]) => {
    let d = '';
    let pen = false;
    ys.forEach((v, i) => {
      if (v === null || x[i] === undefined) return void (pen = false);
      d += `${pen ? 'L' : 'M'}${fmt(px(x[i]))},${fmt(py(v))}`;
      pen = true;
    });
    return d;
  };
  const band = () => {
    const { lower, upper } = c.series;
    if (!lower || !upper) return '';
    const ok = x.map((_, i) => lower[i] !== null && upper[i] !== null);
    const out: string[] = [];
    for (let i = 0; i < x.length;) {
      if (!ok[i]) {
        i++;
        continue;
      }
      let j = i;
      while (j < x.length && ok[j]) j++;
      const top = x.slice(i, j).map((t, k) => `${fmt(px(t))},${fmt(py(upper[i + k]!))}`);
      const bottom = x.slice(i, j).map((t, k) => `${fmt(px(t))},${fmt(py(lower[i + k]!))}`);
      out.push(`<polygon points="${[...top, ...bottom.reverse()].join(' ')}" fill="#9ecae1" fill-opacity="0.45" stroke="none"/>`);
      i = j;
    }
    return out.join('\n');
  };

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(c.title)}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(c.title)}</title>`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${M.left}" y="20" font-size="15" font-weight="bold" fill="#1f2328">${escapeXml(c.title)}</text>`,
  );
  if (c.window && c.window.end > x0 && c.window.start < x1) {
    const a = pxEdge(Math.max(c.window.start, x0));
    const b = pxEdge(Math.min(c.window.end, x1));
    out.push(`<rect x="${fmt(a)}" y="${M.top}" width="${fmt(b - a)}" height="${ph}" fill="#f4a261" fill-opacity="0.18"/>`);
  }
  for (const v of yt) {
    out.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${fmt(py(v))}" y2="${fmt(py(v))}" stroke="#d0d7de" stroke-width="1"/>`,
      `<text x="${M.left - 6}" y="${fmt(py(v) + 4)}" text-anchor="end" fill="#57606a">${escapeXml(compact(v))}</text>`,
    );
  }
  // x ticks: every 3, 6, 12 or 24 hours, whichever gives at most 9 labels; a day's first tick shows the date.
  const every = [1, 3, 6, 12, 24, 48, 168].find(h => x.length / h <= 9) ?? 168;
  let lastDay = '';
  x.forEach(t => {
    const d = DateTime.fromMillis(t, { zone: c.zone });
    if (!d.isValid || d.minute !== 0 || d.hour % Math.min(every, 24) !== 0 || (every > 24 && d.ordinal % (every / 24) !== 0)) return;
    // The hour on the first line; the day under a day's first tick.
    const day = d.toFormat('ccc d LLL');
    const tx = fmt(pxEdge(t));
    out.push(
      `<line x1="${tx}" x2="${tx}" y1="${M.top + ph}" y2="${M.top + ph + 4}" stroke="#57606a"/>`,
      `<text x="${tx}" y="${M.top + ph + 16}" text-anchor="middle" fill="#57606a">${escapeXml(d.toFormat('HH:mm'))}</text>`,
    );
    if (day !== lastDay) out.push(`<text x="${tx}" y="${M.top + ph + 30}" text-anchor="middle" fill="#57606a">${escapeXml(day)}</text>`);
    lastDay = day;
  });
  out.push(
    `<line x1="${M.left}" x2="${W - M.right}" y1="${M.top + ph}" y2="${M.top + ph}" stroke="#57606a"/>`,
    `<text x="${M.left + pw / 2}" y="${H - 6}" text-anchor="middle" fill="#1f2328">${escapeXml(`Hour (${c.zone})`)}</text>`,
    `<text transform="translate(16 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle" fill="#1f2328">${escapeXml(c.yLabel)}</text>`,
  );
  const b = band();
  if (b) out.push(b);
  const legend: [string, string][] = [];
  if (c.series.lastWeek) {
    out.push(`<path d="${path(c.series.lastWeek)}" fill="none" stroke="#8c959f" stroke-width="1.5" stroke-dasharray="5 4"/>`);
    legend.push(['#8c959f', 'last week']);
  }
  if (c.series.expected) {
    out.push(`<path d="${path(c.series.expected)}" fill="none" stroke="#0969da" stroke-width="1.5" stroke-dasharray="2 3"/>`);
    legend.push(['#0969da', b ? 'forecast (band: 95%)' : 'forecast']);
  }
  out.push(`<path d="${path(c.series.actual)}" fill="none" stroke="#cf222e" stroke-width="2"/>`);
  legend.push(['#cf222e', 'actual']);
  if (c.window) legend.push(['#f4a261', 'impact window']);
  let lx = W - M.right;
  for (const [colour, name] of legend.reverse()) {
    lx -= name.length * 6.5 + 26;
    out.push(
      `<rect x="${fmt(lx)}" y="${M.top - 16}" width="12" height="4" fill="${colour}"/>`,
      `<text x="${fmt(lx + 16)}" y="${M.top - 11}" fill="#57606a">${escapeXml(name)}</text>`,
    );
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
