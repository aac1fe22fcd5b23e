// This week against last week for the selected metric, on a Luxon time axis in the report zone, with
// the forecast bands, the week's context, the table's 24 hours and the metric's anomaly windows
// shaded. Zoom and pan by buttons (keyboard), Ctrl+wheel and drag. Colours come from the theme's CSS
// variables and are re-read when the theme changes.
import { Chart, Decimation, Legend, LinearScale, LineController, LineElement, PointElement, TimeScale, Tooltip, Filler } from 'chart.js';
import 'chartjs-adapter-luxon';
import annotationPlugin, { type AnnotationOptions } from 'chartjs-plugin-annotation';
import { ownEntry, type ReportSnapshot } from '../src/messaging/protocol';
import { formatValue } from './format';
import { overlayLines, overlaySpans } from './overlays';
import { fitRange, isZoomed, panRange, zoomRange, type Range } from './viewRange';
import type { Selection } from './selection';

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
function overlays(
  s: ReportSnapshot,
  metric: string,
  x0: number,
  x1: number,
  fg: string,
  hover: (text: string | undefined) => void,
  selection: Selection | undefined,
): Record<string, AnnotationOptions> {
  const out: Record<string, AnnotationOptions> = {};
  const hoverText = (text: string) => ({ enter: () => hover(text), leave: () => hover(undefined) });
  // The table's 24 hours, faintly: where the chart meets the table above it.
  const first = s.hours[0]?.at;
  const last = s.hours[s.hours.length - 1]?.at;
  if (first !== undefined && last !== undefined) {
    out.tableWindow = {
      type: 'box',
      xMin: Math.max(first, x0),
      xMax: Math.min(last + HOUR, x1),
      borderWidth: 0,
      backgroundColor: withAlpha(css('--vscode-editor-foreground', '#888'), 0.05),
      drawTime: 'beforeDatasetsDraw',
      ...hoverText("The report table's 24 hours"),
    };
  }
  // This metric's anomalies: the windows the cards and the table's marked cells name, in the
  // forecast's colour like the table's marked cells.
  const mark = css('--vscode-charts-purple', '#b180d7');
  s.anomalies
    .filter(a => a.metric === metric)
    .forEach((a, i) => {
      const selected = selection?.kind === 'anomaly' && selection.metric === a.metric && selection.start === a.start;
      out[`anomaly${i}`] = {
        type: 'box',
        xMin: Math.max(a.start, x0),
        xMax: Math.min(a.end, x1),
        borderColor: mark,
        borderWidth: selected ? 2 : 1,
        borderDash: selected ? [] : [4, 3],
        backgroundColor: withAlpha(mark, selected ? 0.16 : 0.08),
        drawTime: 'beforeDatasetsDraw',
        ...hoverText(
          `Anomaly: ${a.label} ${a.direction === 'down' ? 'below' : 'above'} the forecast (${a.vsForecastPct > 0 ? '+' : '−'}${Math.abs(a.vsForecastPct).toFixed(0)}%)`,
        ),
      };
    });
  if (selection?.kind === 'hour' && selection.metric === metric) {
    out.selectedHour = { type: 'box', xMin: selection.at, xMax: selection.at + HOUR, borderColor: fg, borderWidth: 1.5, backgroundColor: withAlpha(fg, 0.08) };
  }
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
    const titles = s.context.filter(c => c.kind === sp.kind && c.start < sp.end && c.end > sp.start).map(c => c.title);
    out[`span${i}`] = {
      ...hoverText([...new Set(titles)].join('; ') || sp.label),
      type: 'box',
      xMin: Math.max(sp.start, x0),
      xMax: Math.min(sp.end, x1),
      borderWidth: 0,
      backgroundColor: withAlpha(css(...OVERLAY_VAR[sp.kind]), 0.1),
      label: { ...label(sp.label, 'start'), position: { x: 'start', y: sp.kind === 'holiday' ? 'start' : 'end' } },
    };
  });
  for (const l of overlayLines(s.context)) {
    const item = s.context[l.index];
    out[`line${l.index}`] = {
      ...hoverText(`${item.title}: ${item.detail}`),
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

const HOUR = 3_600_000;
const highContrast = () => document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');

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

/** What the chart is drawn with, besides the snapshot and the metric. */
export interface ChartView {
  /** The visible time range; undefined: the whole week. */
  readonly range?: Range;
  readonly selection?: Selection;
  /** A slice of the metric charted instead of its total ("platform=ios"), with its own data. */
  readonly slice?: { readonly label: string; readonly chart: ReportSnapshot['charts'][string] };
}

export class WeekChart {
  private chart: Chart<'line'> | undefined;
  /** The whole week drawn: the limit of zoom and pan. */
  private full: Range | undefined;
  private dragFrom: { x: number; range: Range } | undefined;

  /**
   * `onRange`: the reader zoomed or panned (the range shown, undefined for the whole week), so a
   * redraw can keep it. `onHover`: the text of the overlay under the pointer (undefined: none).
   */
  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly onRange: (r: Range | undefined) => void = () => {},
    private readonly onHover: (text: string | undefined) => void = () => {},
  ) {
    // Ctrl/Cmd + wheel zooms around the pointer; a plain wheel keeps scrolling the page.
    canvas.addEventListener(
      'wheel',
      ev => {
        if (!(ev.ctrlKey || ev.metaKey) || !this.chart) return;
        ev.preventDefault();
        const at = this.chart.scales.x.getValueForPixel(ev.offsetX);
        this.zoomBy(ev.deltaY < 0 ? 0.8 : 1.25, at);
      },
      { passive: false },
    );
    // Drag pans when zoomed in.
    canvas.addEventListener('pointerdown', ev => {
      const r = this.range();
      if (!r || !this.full || !isZoomed(r, this.full)) return;
      this.dragFrom = { x: ev.clientX, range: r };
      canvas.setPointerCapture(ev.pointerId);
    });
    canvas.addEventListener('pointermove', ev => {
      if (!this.dragFrom || !this.chart) return;
      const width = this.chart.chartArea.right - this.chart.chartArea.left;
      const fraction = -(ev.clientX - this.dragFrom.x) / Math.max(1, width);
      this.apply(panRange(this.dragFrom.range, this.full!, fraction));
    });
    const endDrag = () => {
      if (!this.dragFrom) return;
      this.dragFrom = undefined;
      this.onRange(this.range());
    };
    canvas.addEventListener('pointerup', endDrag);
    canvas.addEventListener('pointercancel', endDrag);
  }

  /** The visible range, or undefined when the whole week shows. */
  range(): Range | undefined {
    const c = this.chart;
    if (!c || !this.full) return undefined;
    const r = { min: c.scales.x.min, max: c.scales.x.max };
    return isZoomed(r, this.full) ? r : undefined;
  }

  /** The time range drawn (zoomed or the whole week), or undefined before the first draw: what a pin of the chart holds. */
  shown(): Range | undefined {
    const c = this.chart;
    return c ? { min: c.scales.x.min, max: c.scales.x.max } : undefined;
  }

  /** Zoom by `factor` (< 1 in) around `at` (default: the centre). */
  zoomBy(factor: number, at?: number): void {
    if (!this.full) return;
    this.apply(zoomRange(this.range() ?? this.full, this.full, factor, at));
    this.onRange(this.range());
  }

  /** Pan by a fraction of the visible span (negative: earlier). */
  panBy(fraction: number): void {
    if (!this.full) return;
    this.apply(panRange(this.range() ?? this.full, this.full, fraction));
    this.onRange(this.range());
  }

  /**
   * Show only [min, max] of the time axis, clamped to the week drawn; undefined shows the whole
   * week. Returns the x range drawn, also left on the canvas as data-x-min / data-x-max (UTC ms)
   * for tests and tools. A programmatic zoom (a selection) does not call `onRange`.
   */
  zoom(min: number | undefined, max: number | undefined): { min: number; max: number } | undefined {
    if (!this.chart || !this.full) return undefined;
    this.apply(min === undefined || max === undefined ? undefined : fitRange({ min, max }, this.full));
    return { min: this.chart.scales.x.min, max: this.chart.scales.x.max };
  }

  private apply(r: Range | undefined): void {
    const c = this.chart;
    const x = c?.options.scales?.x;
    if (!c || !x) return;
    x.min = r?.min;
    x.max = r?.max;
    // Day ticks over a few hours would leave the axis bare: hours while zoomed, days for the week.
    const time = (x as { time?: { unit?: string | false; displayFormats?: Record<string, string> } }).time;
    const narrow = r !== undefined && r.max - r.min < 3 * 24 * HOUR;
    if (time) {
      time.unit = narrow ? 'hour' : 'day';
      time.displayFormats = { ...time.displayFormats, hour: 'ccc HH:mm' };
    }
    c.update('none');
    this.canvas.dataset.xMin = String(c.scales.x.min);
    this.canvas.dataset.xMax = String(c.scales.x.max);
    this.canvas.dataset.zoomed = String(r !== undefined);
  }

  /** Draws the metric; returns the number of points drawn (both weeks and the forecast). */
  show(s: ReportSnapshot, metric: string, view: ChartView = {}): number {
    const data = view.slice?.chart ?? ownEntry(s.charts, metric); // a metric "__proto__" or "constructor" has its own chart or none
    const row = s.rows.find(r => r.metric === metric);
    if (!data || !row) return 0;
    const fg = css('--vscode-editor-foreground', '#888');
    const grid = css('--vscode-editorWidget-border', css('--vscode-panel-border', 'rgba(128,128,128,0.3)'));
    const thisWeek = css('--vscode-charts-blue', '#3794ff');
    const lastWeek = css('--vscode-charts-foreground', fg);
    const points = (ys: readonly (number | null)[]) => data.x.map((x, i) => ({ x, y: ys[i] }));
    const band = css('--vscode-charts-purple', '#b180d7');
    const hc = highContrast();
    // High-contrast themes draw faint fills as nothing: there the band edges are drawn as lines too.
    const edge = hc ? { borderWidth: 1, borderColor: band, borderDash: [2, 2] } : { borderWidth: 0 };
    const fc = data.forecast;
    // Bands first, so the lines draw over them; `fill: '-1'` fills down to the previous dataset.
    const bandSets = fc
      ? [
          { label: '95% band low', data: points(fc.lower95), ...edge, pointRadius: 0, fill: false, spanGaps: false },
          {
            label: 'Forecast 95% band',
            data: points(fc.upper95),
            ...edge,
            pointRadius: 0,
            fill: '-1',
            backgroundColor: withAlpha(band, hc ? 0.3 : 0.14),
            spanGaps: false,
          },
          { label: '80% band low', data: points(fc.lower80), borderWidth: 0, pointRadius: 0, fill: false, spanGaps: false },
          {
            label: 'Forecast 80% band',
            data: points(fc.upper80),
            borderWidth: 0,
            pointRadius: 0,
            fill: '-1',
            backgroundColor: withAlpha(band, hc ? 0.45 : 0.22),
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
    // A band's tooltip line names both bounds ("1,200 – 1,450"), read from its low dataset.
    const lowOf: Record<string, number> = { 'Forecast 95% band': 0, 'Forecast 80% band': 2 };
    this.canvas.setAttribute(
      'aria-label',
      `${row.label}${view.slice ? ` for ${view.slice.label}` : ''}: this week against the same hours last week${fc ? ', with day-ahead forecast bands (80% and 95%)' : ''}, ${s.timezone}.${view.slice ? '' : ' The table above has the exact values.'}`,
    );
    this.chart?.destroy();
    const x0 = data.x[0];
    const x1 = data.x[data.x.length - 1];
    this.full = { min: x0, max: x1 };
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
        // Room above the plot for the overlay labels, so none is clipped.
        layout: { padding: { top: 14, right: 8 } },
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: {
            type: 'time',
            adapters: { date: { zone: s.timezone } },
            time: { unit: 'day', tooltipFormat: 'ccc d LLL HH:mm', displayFormats: { day: 'ccc d LLL' } },
            ticks: { color: fg, maxRotation: 0 },
            grid: { color: grid },
          },
          // A volume starts at zero; a ratio (a conversion rate of 0.4%) is fitted to its range.
          y: {
            ticks: { color: fg, callback: v => formatValue(Number(v), row.derived, true) },
            grid: { color: grid },
            beginAtZero: !row.derived,
            grace: row.derived ? '5%' : 0,
          },
        },
        plugins: {
          legend: { labels: { color: fg, filter: item => !item.text.endsWith(' low') } },
          tooltip: {
            filter: item => !String(item.dataset.label).endsWith(' low'),
            callbacks: {
              label: c => {
                const name = String(c.dataset.label);
                const low = Object.hasOwn(lowOf, name)
                  ? (c.chart.data.datasets[lowOf[name]]?.data[c.dataIndex] as { y: number | null } | undefined)?.y
                  : undefined;
                return low !== undefined && low !== null
                  ? `${name}: ${formatValue(low, row.derived)} – ${formatValue(c.parsed.y, row.derived)}`
                  : `${name}: ${formatValue(c.parsed.y, row.derived)}`;
              },
            },
          },
          decimation: { enabled: true, algorithm: 'lttb', samples: 500 },
          annotation: { clip: false, annotations: overlays(s, metric, x0, x1, fg, this.onHover, view.selection) },
        },
      },
    });
    this.canvas.dataset.zoomed = 'false';
    this.canvas.dataset.xMin = String(this.chart.scales.x.min);
    this.canvas.dataset.xMax = String(this.chart.scales.x.max);
    if (view.range) this.apply(fitRange(view.range, this.full));
    const drawn = (ys: readonly (number | null)[]) => ys.filter(v => v !== null).length;
    return drawn(data.thisWeek) + drawn(data.lastWeek) + (fc ? drawn(fc.mean) : 0);
  }
}
