// The key-business-metrics table: metrics down, the last 24 hours across. A grid with one tab stop
// and arrow-key navigation (roving tabindex); every cell has a full spoken label.
import { ownEntry, type ReportSnapshot } from '../src/messaging/protocol';
import { formatDelta, formatInstant, formatValue } from './format';

const STATUS_WORDS: Record<string, string> = {
  green: 'within normal range',
  amber: 'amber: unusual',
  red: 'red: far from last week',
  na: 'no comparison',
  gap: 'data missing',
};

export function renderTable(s: ReportSnapshot, selected: string, onSelect: (metric: string) => void): HTMLTableElement {
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
    if (h.offsetChanged || h.dayHours) {
      th.classList.add('dst');
      th.title = h.dayHours ? `A ${h.dayHours}-hour day (DST change)` : 'DST changed since the same hour last week';
      th.append(el('span', 'dst-mark', 'DST'));
    }
    th.setAttribute('aria-label', `${formatInstant(h.at, s.timezone)}${h.offsetChanged ? ', DST changed since last week' : ''}`);
    head.append(th);
  });
  const body = table.createTBody();
  for (const row of s.rows) {
    const tr = body.insertRow();
    tr.dataset.metric = row.metric;
    if (row.metric === selected) tr.classList.add('selected');
    const th = el('th', 'metric');
    th.scope = 'row';
    const btn = el('button', 'metric-button', row.label);
    btn.type = 'button';
    btn.setAttribute('aria-pressed', String(row.metric === selected));
    btn.title = `Chart ${row.label}`;
    btn.dataset.key = `${row.metric}:name`;
    btn.addEventListener('click', () => onSelect(row.metric));
    th.append(btn);
    tr.append(th);
    const scores = ownEntry(s.charts, row.metric)?.forecast?.scores;
    row.cells.forEach((c, i) => {
      const score = scores?.[i] ?? null;
      const outside = score !== null && Math.abs(score) > 1;
      const td = el('td', `cell ${c.status}${outside ? ' outside-band' : ''}`);
      td.dataset.value = c.value === null ? '' : String(c.value);
      td.dataset.key = `${row.metric}:${i}`;
      td.append(el('span', 'value', formatValue(c.value, row.derived, true)), el('span', 'delta', c.status === 'gap' ? 'gap' : formatDelta(c.deltaPct)));
      const hour = s.hours[i];
      if (outside) td.append(el('span', 'band-mark', score! < 0 ? '▼ forecast' : '▲ forecast'));
      const bandWords = score === null ? '' : outside ? `, ${score < 0 ? 'below' : 'above'} the forecast's 95% band` : ', within the forecast band';
      td.setAttribute(
        'aria-label',
        `${row.label} at ${formatInstant(hour.at, s.timezone, 'ccc HH:mm')}: ${formatValue(c.value, row.derived)}, ${formatDelta(c.deltaPct)} against ${formatValue(c.lastWeek, row.derived)} last week, ${STATUS_WORDS[c.status]}${bandWords}`,
      );
      td.title = td.getAttribute('aria-label')!;
      tr.append(td);
    });
  }
  enableGridKeys(table);
  return table;
}

/** Arrow keys, Home/End move between cells; only one cell is in the tab order at a time. */
function enableGridKeys(table: HTMLTableElement): void {
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
