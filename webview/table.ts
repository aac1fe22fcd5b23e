// The key-business-metrics table: metrics down, the last 24 hours across. Two judgements, told
// apart at a glance: the week-over-week change is the coloured delta text (the red and green that
// readers of the hourly report know); the forecast's judgement is the dominant mark, a filled cell
// with ▼/▲, on exactly the hours of the listed anomalies. A grid with one tab stop and arrow-key
// navigation (roving tabindex); Enter or a click on a cell selects its anomaly, or its hour; "i" on
// an anomaly's cell starts its investigation (or opens the open one). An anomaly under investigation
// is edged along the top of its cells.
import type { ReportSnapshot } from '../src/messaging/protocol';
import { formatDelta, formatInstant, formatValue, pendingCellText, pendingNote } from './format';
import { anomalyCells, anomalyKey, type Selection } from './selection';
import { openMarkOf } from './investigationModel';

const STATUS_WORDS: Record<string, string> = {
  green: 'close to last week',
  amber: 'changed from last week',
  red: 'far from last week',
  na: 'no comparison',
  gap: 'data missing',
};

export interface TableActions {
  /** Chart this metric. */
  readonly metric: (metric: string) => void;
  /** The reader chose a cell (click, Enter or Space). */
  readonly cell: (metric: string, hourIndex: number) => void;
  /** Investigate the anomaly of this cell ("i" on it): start its investigation, or open the open one. */
  readonly investigate?: (metric: string, hourIndex: number) => void;
}

export function renderTable(s: ReportSnapshot, chosen: string, selection: Selection | undefined, on: TableActions): HTMLTableElement {
  const table = el('table', 'report');
  table.setAttribute('role', 'grid');
  table.setAttribute('aria-label', `${s.title}: the last 24 complete hours against the same hour last week, in ${s.timezone}`);
  const head = table.createTHead().insertRow();
  const corner = el('th', 'corner', 'Metric');
  corner.scope = 'col';
  head.append(corner);
  s.hours.forEach((h, i) => {
    const th = el('th', 'hour');
    th.scope = 'col';
    th.dataset.hour = String(i);
    const newDay = i === 0 || s.hours[i - 1].date !== h.date;
    th.append(el('span', 'day', newDay ? formatInstant(h.at, s.timezone, 'ccc d') : '\u00a0'), el('span', 'label', h.label));
    // A clock change between the two weeks is said once, in the banner above the table (main.ts).
    th.setAttribute('aria-label', formatInstant(h.at, s.timezone));
    head.append(th);
  });
  const p = s.pending;
  if (p) {
    // The partial hour: its own column after the 24, no data-hour (the report hours stay countable).
    const th = el('th', 'hour pending');
    th.scope = 'col';
    const lastDate = s.hours[s.hours.length - 1]?.date;
    th.append(
      el('span', 'day', p.date !== lastDate ? formatInstant(p.at, s.timezone, 'ccc d') : '\u00a0'),
      el('span', 'label', p.label),
      el('span', 'arriving', s.freshness.stale ? 'partial?' : 'arriving'),
    );
    th.setAttribute('aria-label', pendingNote(s)!);
    th.title = pendingNote(s)!;
    head.append(th);
  }
  const inAnomaly = anomalyCells(s);
  const body = table.createTBody();
  for (const row of s.rows) {
    const tr = body.insertRow();
    tr.dataset.metric = row.metric;
    if (row.metric === chosen) tr.classList.add('selected');
    const th = el('th', 'metric');
    th.scope = 'row';
    const btn = el('button', 'metric-button', row.label);
    btn.type = 'button';
    btn.setAttribute('aria-pressed', String(row.metric === chosen));
    btn.title = `Chart ${row.label}`;
    btn.dataset.key = `${row.metric}:name`;
    btn.addEventListener('click', () => on.metric(row.metric));
    th.append(btn);
    if (row.noData) {
      // Said in its row, not only in the banner: the reader looking for this metric finds why it is empty.
      const why = el('span', 'no-data', 'no data yet');
      why.title = row.noData;
      th.append(why);
      btn.setAttribute('aria-description', row.noData);
    }
    tr.append(th);
    const analysed = s.analysis === 'done';
    row.cells.forEach((c, i) => {
      const hour = s.hours[i];
      const a = inAnomaly.get(`${row.metric}:${i}`);
      const wow = c.deltaPct === null || c.status === 'green' ? '' : c.deltaPct < 0 ? ' wow-down' : ' wow-up';
      const td = el('td', `cell ${c.status}${wow}${a ? ` in-anomaly ${a.direction}` : ''}`);
      td.dataset.value = c.value === null ? '' : String(c.value);
      td.dataset.key = `${row.metric}:${i}`;
      td.dataset.at = String(hour.at);
      if (a) td.dataset.anomaly = anomalyKey(a);
      const open = a && openMarkOf(s.investigations, a);
      if (open) {
        td.classList.add('investigating');
        td.dataset.investigation = open.name;
      }
      if (a && on.investigate) td.setAttribute('aria-keyshortcuts', 'I');
      const selected =
        selection?.kind === 'anomaly'
          ? a !== undefined && anomalyKey(a) === anomalyKey(selection)
          : selection?.metric === row.metric && selection.at === hour.at;
      if (selected) td.classList.add('chosen');
      td.setAttribute('aria-selected', String(selected));
      const deltaText = row.noData ? 'no data' : c.status === 'gap' ? 'gap' : formatDelta(c.deltaPct);
      td.append(el('span', 'value', formatValue(c.value, row.derived, true)), el('span', 'delta', deltaText));
      if (a) td.append(el('span', 'band-mark', a.direction === 'down' ? '▼' : '▲'));
      const investigating = open ? `, under investigation${open.participants.length ? ` by ${open.participants.join(', ')}` : ''}` : '';
      const forecastWords = a
        ? `, ${a.direction === 'down' ? 'below' : 'above'} the forecast: part of an anomaly${investigating}`
        : analysed
          ? ', as forecast'
          : '';
      td.setAttribute(
        'aria-label',
        row.noData
          ? `${row.label} at ${formatInstant(hour.at, s.timezone, 'ccc HH:mm')}: ${row.noData}`
          : `${row.label} at ${formatInstant(hour.at, s.timezone, 'ccc HH:mm')}: ${formatValue(c.value, row.derived)}, ${formatDelta(c.deltaPct)} against ${formatValue(c.lastWeek, row.derived)} last week, ${STATUS_WORDS[c.status]}${forecastWords}`,
      );
      td.title = td.getAttribute('aria-label')!;
      td.addEventListener('click', () => on.cell(row.metric, i));
      tr.append(td);
    });
    const pc = p?.cells[s.rows.indexOf(row)];
    if (p && pc) {
      const t = pendingCellText(pc, row.derived);
      const td = el('td', 'pending');
      td.append(el('span', 'value', t.value), el('span', 'arrived', t.arrived));
      td.setAttribute(
        'aria-label',
        `${row.label} at ${p.label}, still arriving: ${formatValue(pc.value, row.derived)} so far${pc.arrivedShare !== null ? `, ${t.arrived} of last week's ${formatValue(pc.lastWeek, row.derived)}` : ''}; not compared`,
      );
      td.title = td.getAttribute('aria-label')!;
      tr.append(td);
    }
  }
  enableGridKeys(table, on.investigate);
  return table;
}

/** Arrow keys, Home/End move between cells; only one cell is in the tab order at a time. */
function enableGridKeys(table: HTMLTableElement, investigate?: TableActions['investigate']): void {
  const cells = () => [...table.querySelectorAll<HTMLElement>('tbody tr')].map(r => [...r.querySelectorAll<HTMLElement>('th .metric-button, td')]);
  const grid = cells();
  grid.flat().forEach(c => (c.tabIndex = -1));
  if (grid[0]?.[0]) grid[0][0].tabIndex = 0;
  table.addEventListener('keydown', ev => {
    const g = cells();
    const r = g.findIndex(row => row.includes(document.activeElement as HTMLElement));
    if (r < 0) return;
    const c = g[r].indexOf(document.activeElement as HTMLElement);
    const moves: Record<string, [number, number]> = {
      ArrowRight: [r, c + 1],
      ArrowLeft: [r, c - 1],
      ArrowDown: [r + 1, c],
      ArrowUp: [r - 1, c],
      Home: [r, 0],
      End: [r, g[r].length - 1],
    };
    if ((ev.key === 'Enter' || ev.key === ' ') && (document.activeElement as HTMLElement).tagName === 'TD') {
      ev.preventDefault();
      (document.activeElement as HTMLElement).click();
      return;
    }
    const cell = document.activeElement as HTMLElement;
    if (investigate && (ev.key === 'i' || ev.key === 'I') && !ev.ctrlKey && !ev.metaKey && !ev.altKey && cell.tagName === 'TD' && cell.dataset.anomaly) {
      ev.preventDefault();
      const [metric, hour] = [cell.closest('tr')?.dataset.metric, Number(cell.dataset.key?.split(':').pop())];
      if (metric !== undefined) investigate(metric, hour);
      return;
    }
    const to = moves[ev.key];
    if (!to) return;
    const target = g[Math.max(0, Math.min(g.length - 1, to[0]))]?.[Math.max(0, Math.min(g[r].length - 1, to[1]))];
    if (!target) return;
    ev.preventDefault();
    g.flat().forEach(x => (x.tabIndex = -1));
    target.tabIndex = 0;
    target.focus();
  });
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text; // text only: user and data strings are never parsed as HTML
  return e;
}
