// This week against last week for the selected metric, on a Luxon time axis in the report zone.
// Colours come from the theme's CSS variables and are re-read when the theme changes.
import { Chart, Decimation, Legend, LinearScale, LineController, LineElement, PointElement, TimeScale, Tooltip, Filler } from 'chart.js';
import 'chartjs-adapter-luxon';
import annotationPlugin, { type AnnotationOptions } from 'chartjs-plugin-annotation';
import { ownEntry, type ReportSnapshot } from '../src/messaging/protocol';
import { formatValue } from './format';
import { overlayLines, overlaySpans } from './overlays';

Chart.register(LineController, LineElement, PointElement, LinearScale, TimeScale, Tooltip, Legend, Filler, Decimation, annotationPlugin);

const OVERLAY_VAR: Record<string, [string, string]> = {
  holiday: ['--vscode-charts-orange', '#d18616'],
  event: ['--vscode-charts-green', '#89d185'],
  deploy: ['--vscode-charts-red', '#f14c4c'],
  dst: ['--vscode-charts-yellow', '#cca700'],
};

/**
 * Holidays and events as shaded spans, deploys as labelled lines, clock changes as dashed lines.
 * Overlapping holidays merge into one span ("BR, MX, JP holidays") so labels stay legible. The
 * labels come from the items' fields (overlays.ts).
 */
function overlays(s: ReportSnapshot, x0: number, x1: number, fg: string): Record<string, AnnotationOptions> {
  const out: Record<string, AnnotationOptions> = {};
  const label = (content: string, position: 'start' | 'end') => ({
    display: true,
    content,
    position,
    color: fg,
    backgroundColor: 'transparent',
    font: { size: 10 },
    padding: 2,
  });
  overlaySpans(s.context).forEach((sp, i) => {
    out[`span${i}`] = {
      type: 'box',
      xMin: Math.max(sp.start, x0),
      xMax: Math.min(sp.end, x1),
      borderWidth: 0,
      backgroundColor: withAlpha(css(...OVERLAY_VAR[sp.kind]), 0.1),
      label: { ...label(sp.label, 'start'), position: { x: 'start', y: sp.kind === 'holiday' ? 'start' : 'end' } },
    };
  });
  for (const l of overlayLines(s.context)) {
    out[`line${l.index}`] = {
      type: 'line',
      xMin: l.at,
      xMax: l.at,
      borderColor: css(...OVERLAY_VAR[l.kind]),
      borderWidth: 1.5,
      ...(l.kind === 'dst' ? { borderDash: [3, 3] } : l.label !== undefined ? { label: { ...label(l.label, 'end') } } : {}),
    };
  }
  return out;
}

const css = (name: string, fallback: string) => getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

/** A theme colour with our transparency; the canvas normalizes any CSS colour to #rrggbb or rgba(). */
function withAlpha(color: string, alpha: number): string {
  const ctx = document.createElement('canvas').getContext('2d')!;
  ctx.fillStyle = color;
  const norm = ctx.fillStyle;
  if (/^#[0-9a-f]{6}$/i.test(norm)) {
    const n = parseInt(norm.slice(1), 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  // Some themes (Dark Modern) define chart colours with their own alpha: replace it with ours.
  const m = /^rgba\((\d+), (\d+), (\d+), [\d.]+\)$/.exec(norm);
  return m ? `rgba(${m[1]}, ${m[2]}, ${m[3]}, ${alpha})` : norm;
}

export class WeekChart {
  private chart: Chart<'line'> | undefined;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  /**
   * Show only [min, max] of the time axis (an anomaly's window with some hours around it), clamped
   * to the week drawn; undefined shows the whole week again. Returns the x range drawn, which is
   * also left on the canvas as data-x-min / data-x-max (UTC ms) for tests and tools.
   */
  zoom(min: number | undefined, max: number | undefined): { min: number; max: number } | undefined {
    const c = this.chart;
    const x = c?.options.scales?.x;
    if (!c || !x) return undefined;
    x.min = min;
    x.max = max;
    // Day ticks over a few hours would leave the axis bare: hours while zoomed, days for the week.
    const time = (x as { time?: { unit?: string | false; displayFormats?: Record<string, string> } }).time;
    if (time) {
      time.unit = min !== undefined || max !== undefined ? 'hour' : 'day';
      time.displayFormats = { ...time.displayFormats, hour: 'ccc HH:mm' };
    }
    c.update('none');
    const scale = c.scales.x;
    this.canvas.dataset.xMin = String(scale.min);
    this.canvas.dataset.xMax = String(scale.max);
    this.canvas.dataset.zoomed = String(min !== undefined || max !== undefined);
    return { min: scale.min, max: scale.max };
  }

  /** Draws the metric; returns the number of points drawn (both weeks). */
  show(s: ReportSnapshot, metric: string): number {
    const data = ownEntry(s.charts, metric); // a metric "__proto__" or "constructor" has its own chart or none
    const row = s.rows.find(r => r.metric === metric);
    if (!data || !row) return 0;
    const fg = css('--vscode-editor-foreground', '#888');
    const grid = css('--vscode-editorWidget-border', css('--vscode-panel-border', 'rgba(128,128,128,0.3)'));
    const thisWeek = css('--vscode-charts-blue', '#3794ff');
    const lastWeek = css('--vscode-charts-foreground', fg);
    const points = (ys: readonly (number | null)[]) => data.x.map((x, i) => ({ x, y: ys[i] }));
    const band = css('--vscode-charts-purple', '#b180d7');
    const fc = data.forecast;
    // Bands first, so the lines draw over them; `fill: '-1'` fills down to the previous dataset.
    const bandSets = fc
      ? [
          { label: '95% band low', data: points(fc.lower95), borderWidth: 0, pointRadius: 0, fill: false, spanGaps: false },
          {
            label: 'Forecast 95% band',
            data: points(fc.upper95),
            borderWidth: 0,
            pointRadius: 0,
            fill: '-1',
            backgroundColor: withAlpha(band, 0.14),
            spanGaps: false,
          },
          { label: '80% band low', data: points(fc.lower80), borderWidth: 0, pointRadius: 0, fill: false, spanGaps: false },
          {
            label: 'Forecast 80% band',
            data: points(fc.upper80),
            borderWidth: 0,
            pointRadius: 0,
            fill: '-1',
            backgroundColor: withAlpha(band, 0.22),
            spanGaps: false,
          },
          {
            label: 'Forecast',
            data: points(fc.mean),
            borderColor: band,
            backgroundColor: band,
            borderWidth: 1,
            borderDash: [2, 3],
            pointRadius: 0,
            spanGaps: false,
          },
        ]
      : [];
    this.canvas.setAttribute(
      'aria-label',
      `${row.label}: this week against the same hours last week${fc ? ', with day-ahead forecast bands (80% and 95%)' : ''}, ${s.timezone}. The table above has the exact values.`,
    );
    this.chart?.destroy();
    this.chart = new Chart(this.canvas, {
      type: 'line',
      data: {
        datasets: [
          ...bandSets,
          {
            label: 'This week',
            data: points(data.thisWeek),
            borderColor: thisWeek,
            backgroundColor: thisWeek,
            borderWidth: 2,
            pointRadius: 0,
            spanGaps: false,
          },
          {
            label: 'Same hour last week',
            data: points(data.lastWeek),
            borderColor: lastWeek,
            backgroundColor: lastWeek,
            borderWidth: 1.5,
            borderDash: [5, 4],
            pointRadius: 0,
            spanGaps: false,
          },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: {
            type: 'time',
            adapters: { date: { zone: s.timezone } },
            time: { unit: 'day', tooltipFormat: 'ccc d LLL HH:mm', displayFormats: { day: 'ccc d LLL' } },
            ticks: { color: fg, maxRotation: 0 },
            grid: { color: grid },
          },
          y: { ticks: { color: fg, callback: v => formatValue(Number(v), row.derived, true) }, grid: { color: grid }, beginAtZero: true },
        },
        plugins: {
          legend: { labels: { color: fg, filter: item => !item.text.endsWith(' low') } },
          tooltip: {
            filter: item => !String(item.dataset.label).endsWith(' low'),
            callbacks: { label: c => `${c.dataset.label}: ${formatValue(c.parsed.y, row.derived)}` },
          },
          decimation: { enabled: true, algorithm: 'lttb', samples: 500 },
          annotation: { annotations: overlays(s, data.x[0], data.x[data.x.length - 1], fg) },
        },
      },
    });
    this.canvas.dataset.xMin = String(this.chart.scales.x.min);
    this.canvas.dataset.xMax = String(this.chart.scales.x.max);
    this.canvas.dataset.zoomed = 'false';
    const drawn = (ys: readonly (number | null)[]) => ys.filter(v => v !== null).length;
    return drawn(data.thisWeek) + drawn(data.lastWeek) + (fc ? drawn(fc.mean) : 0);
  }
}
