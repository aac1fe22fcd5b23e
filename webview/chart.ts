// This week against last week for the selected metric, on a Luxon time axis in the report zone.
// Colours come from the theme's CSS variables and are re-read when the theme changes.
import { Chart, Decimation, Legend, LinearScale, LineController, LineElement, PointElement, TimeScale, Tooltip, Filler } from 'chart.js';
import 'chartjs-adapter-luxon';
import type { ReportSnapshot } from '../src/protocol';
import { formatValue } from './format';

Chart.register(LineController, LineElement, PointElement, LinearScale, TimeScale, Tooltip, Legend, Filler, Decimation);

const css = (name: string, fallback: string) => getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

export class WeekChart {
  private chart: Chart<'line'> | undefined;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  /** Draws the metric; returns the number of points drawn (both weeks). */
  show(s: ReportSnapshot, metric: string): number {
    const data = s.charts[metric];
    const row = s.rows.find(r => r.metric === metric);
    if (!data || !row) return 0;
    const fg = css('--vscode-editor-foreground', '#888');
    const grid = css('--vscode-editorWidget-border', css('--vscode-panel-border', 'rgba(128,128,128,0.3)'));
    const thisWeek = css('--vscode-charts-blue', '#3794ff');
    const lastWeek = css('--vscode-charts-foreground', fg);
    const points = (ys: readonly (number | null)[]) => data.x.map((x, i) => ({ x, y: ys[i] }));
    this.canvas.setAttribute('aria-label', `${row.label}: this week against the same hours last week, ${s.timezone}. The table above has the exact values.`);
    this.chart?.destroy();
    this.chart = new Chart(this.canvas, {
      type: 'line',
      data: {
        datasets: [
          { label: 'This week', data: points(data.thisWeek), borderColor: thisWeek, backgroundColor: thisWeek, borderWidth: 2, pointRadius: 0, spanGaps: false },
          { label: 'Same hour last week', data: points(data.lastWeek), borderColor: lastWeek, backgroundColor: lastWeek, borderWidth: 1.5, borderDash: [5, 4], pointRadius: 0, spanGaps: false },
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
          x: { type: 'time', adapters: { date: { zone: s.timezone } }, time: { unit: 'day', tooltipFormat: 'ccc d LLL HH:mm', displayFormats: { day: 'ccc d LLL' } }, ticks: { color: fg, maxRotation: 0 }, grid: { color: grid } },
          y: { ticks: { color: fg, callback: v => formatValue(Number(v), row.derived, true) }, grid: { color: grid }, beginAtZero: true },
        },
        plugins: {
          legend: { labels: { color: fg } },
          tooltip: { callbacks: { label: c => `${c.dataset.label}: ${formatValue(c.parsed.y, row.derived)}` } },
          decimation: { enabled: true, algorithm: 'lttb', samples: 500 },
        },
      },
    });
    return data.thisWeek.filter(v => v !== null).length + data.lastWeek.filter(v => v !== null).length;
  }
}
