// Pinned evidence as the view draws it: a chart (actual line over the forecast band, as inline SVG
// built with DOM calls), a table, or text; each with "Show in report" when it has a place.
import type { EvidenceBody, FrozenSeries, ReportPlace } from '../../src/messaging/investigationProtocol';
import { chartGeometry } from './chartGeometry';
import { formatAt, formatWindow, num, oneLine } from './format';
import { el } from './dom';

const SVG = 'http://www.w3.org/2000/svg';
const W = 320;
const H = 110;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

/** A small chart of a frozen series: the forecast band, the expected line dashed, the actual line on top. */
export function seriesChart(s: FrozenSeries, zone: string, label: string): Element {
  const g = chartGeometry(s, W, H);
  const box = el('figure', 'ev-chart');
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: String(W), height: String(H), role: 'img', 'aria-label': label });
  chart.classList.add('ev-svg');
  if (g.band) chart.append(svg('path', { d: g.band, class: 'band' }));
  if (g.expected) chart.append(svg('path', { d: g.expected, class: 'expected' }));
  if (g.actual) chart.append(svg('path', { d: g.actual, class: 'actual' }));
  box.append(chart);
  const caption = el('figcaption', 'ev-axis');
  caption.append(
    el('span', 'ev-range', `${formatAt(g.xMin, zone)} – ${formatAt(g.xMax, zone)} (${zone})`),
    el('span', 'ev-scale', `${num(g.yMin)} to ${num(g.yMax)}`),
    el('span', 'ev-key', s.lower && s.upper ? 'line: actual · band: forecast 95%' : 'line: actual'),
  );
  box.append(caption);
  return box;
}

function evidenceTable(columns: readonly string[], rows: readonly (readonly (string | number | null)[])[]): Element {
  const wrap = el('div', 'ev-table-wrap');
  const table = el('table', 'ev-table');
  const head = table.createTHead().insertRow();
  for (const c of columns) head.append(el('th', '', c));
  const body = table.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    for (const c of r) tr.append(el('td', typeof c === 'number' ? 'num' : '', typeof c === 'number' ? num(c) : (c ?? '–')));
  }
  wrap.append(table);
  return wrap;
}

/** One pinned evidence. `showPlace`: reopen the report there. */
export function renderEvidence(id: string, body: EvidenceBody, zone: string, showPlace: (p: ReportPlace) => void): HTMLElement {
  const item = el('article', `evidence-item ${body.kind}`);
  item.dataset.id = id;
  item.setAttribute('aria-label', `Evidence: ${body.title}`);
  const head = el('header', 'ev-head');
  head.append(el('span', 'ev-kind', body.kind === 'context' ? body.contextKind : body.kind), el('strong', 'ev-title', body.title));
  const place = body.place;
  if (place) {
    head.append(el('span', 'ev-where', `${place.metric}${sliceWords(place.slice)} · ${formatWindow(place.start, place.end, zone)}`));
    const show = el('button', 'link-button', 'Show in report');
    show.type = 'button';
    show.setAttribute('aria-label', `Show ${body.title} in the report`);
    show.addEventListener('click', () => showPlace(place));
    head.append(show);
  }
  item.append(head);
  switch (body.kind) {
    case 'chart':
      item.append(seriesChart(body.series, body.zone, `${body.title}: actual against the forecast band`));
      break;
    case 'table':
      item.append(evidenceTable(body.columns, body.rows));
      break;
    case 'explanation': {
      item.append(el('p', 'ev-confidence', `Confidence ${Math.round(body.confidence * 100)}%`));
      const ul = el('ul', 'ev-lines');
      for (const line of body.evidence) ul.append(el('li', '', oneLine(line, 500)));
      item.append(ul);
      break;
    }
    case 'context':
      item.append(el('p', 'ev-when', body.end !== undefined ? formatWindow(body.start, body.end, zone) : formatAt(body.start, zone)));
      if (body.detail) item.append(el('p', 'ev-detail', body.detail));
      break;
  }
  return item;
}

export function sliceWords(slice: Readonly<Record<string, string>>): string {
  const parts = Object.entries(slice).map(([k, v]) => `${k}=${v}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}
