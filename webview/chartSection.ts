// The chart's section: the metric picker, the zoom and pan buttons (the keyboard path to what
// Ctrl+wheel and drag do), the pin of the window shown, a line that names the overlay under the
// pointer, and the canvas.
import type { PinTarget, ReportSnapshot } from '../src/messaging/protocol';
import { el } from './table';
import { pinButton } from './investigationMarks';

export interface ChartControls {
  readonly metric: (metric: string) => void;
  readonly zoom: (factor: number) => void;
  readonly pan: (fraction: number) => void;
  /** Back to the whole week (and no selection on the chart). */
  readonly reset: () => void;
  /** Pin the chart's window as shown (read when pressed: zoom and pan do not redraw the section). */
  readonly pin?: { readonly target: () => PinTarget | undefined; readonly send: (t: PinTarget) => Promise<boolean> };
}

export interface ChartSection {
  readonly section: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  /** Shows the overlay under the pointer (undefined: the hint). */
  readonly hover: (text: string | undefined) => void;
}

const HINT = 'Point at a shaded span or a line for what it is. Ctrl+wheel zooms, drag pans.';

function button(cls: string, text: string, label: string, onClick: () => void): HTMLElement {
  const b = el('vscode-button', cls, text);
  b.setAttribute('secondary', '');
  b.setAttribute('aria-label', label);
  b.title = label;
  b.addEventListener('click', onClick);
  return b;
}

/** A slice charted instead of the metric's total: what it is, and the way back. */
export interface ChartedSlice {
  readonly label: string;
  readonly forecastProblem?: string;
  readonly clear: () => void;
}

export function renderChartSection(s: ReportSnapshot, metric: string, zoomed: boolean, on: ChartControls, slice?: ChartedSlice): ChartSection {
  const section = el('section', 'chart-section');
  const label = el('label', 'chart-label', 'Chart metric');
  label.id = 'metric-label';
  const picker = el('vscode-single-select', 'metric-select');
  picker.setAttribute('aria-labelledby', 'metric-label');
  for (const r of s.rows) {
    const o = el('vscode-option', undefined, r.label);
    o.setAttribute('value', r.metric);
    if (r.metric === metric) o.setAttribute('selected', '');
    picker.append(o);
  }
  picker.addEventListener('change', () => on.metric((picker as unknown as { value: string }).value));

  const tools = el('div', 'chart-tools');
  tools.setAttribute('role', 'toolbar');
  tools.setAttribute('aria-label', on.pin ? 'Chart zoom, pan and pin' : 'Chart zoom and pan');
  tools.append(
    button('zoom-in', '+', 'Zoom in', () => on.zoom(0.5)),
    button('zoom-out', '−', 'Zoom out', () => on.zoom(2)),
    button('pan-earlier', '←', 'Earlier', () => on.pan(-0.5)),
    button('pan-later', '→', 'Later', () => on.pan(0.5)),
  );
  if (on.pin) {
    const pin = pinButton("the chart's window as shown", on.pin.target, on.pin.send, 'Pin this window');
    pin.classList.add('pin-chart');
    tools.append(pin);
  }
  if (zoomed) tools.append(button('whole-week', 'Show the whole week', 'Show the whole week', on.reset));

  const sliceLine = slice ? el('p', 'chart-slice-note') : undefined;
  if (slice && sliceLine) {
    const row = s.rows.find(r => r.metric === metric);
    sliceLine.append(
      `Charting ${row?.label ?? metric} for ${slice.label} only, against its own forecast${slice.forecastProblem ? ` (no forecast: ${slice.forecastProblem})` : ''}. `,
      button('slice-clear', `Back to all of ${row?.label ?? metric}`, `Chart all of ${row?.label ?? metric} again`, slice.clear),
    );
  }
  const hoverLine = el('p', 'chart-hover', HINT);
  hoverLine.setAttribute('aria-live', 'polite');
  const box = el('div', 'chart-box');
  const canvas = el('canvas');
  canvas.id = 'week-chart';
  canvas.setAttribute('role', 'img');
  box.append(canvas);
  section.append(label, picker, tools, ...(sliceLine ? [sliceLine] : []), hoverLine, box);
  return { section, canvas, hover: text => (hoverLine.textContent = text ?? HINT) };
}
